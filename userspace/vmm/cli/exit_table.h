/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of VM exits by reason that hvx stats and hvx top print: per
 * VMX exit reason its count, its rate, and the median and 99th
 * percentile of its handling latency, in TSC cycles and, when the TSC
 * frequency is known, in nanoseconds.
 */
#ifndef HVX_EXIT_TABLE_H
#define HVX_EXIT_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "hvx_control.h"
#include "json.h"

struct exit_row {
	uint32_t reason;
	char name[HVX_CTL_EXIT_NAME_LEN];
	uint64_t count;
	double rate;			/* per second */
	uint64_t latency[HVX_LATENCY_BUCKETS];
};

struct exit_rows {
	struct exit_row *rows;		/* ordered by reason */
	unsigned int n, cap;
};

/* Add @e (one vCPU's exits of one reason) to the row of its reason. */
int exit_rows_add(struct exit_rows *t, const struct hvx_exit_stats *e);
/* The row of @reason, or NULL. */
const struct exit_row *exit_rows_find(const struct exit_rows *t,
				      uint32_t reason);
void exit_rows_free(struct exit_rows *t);

/*
 * Print the table, rows indented by @indent spaces. @show_count: a
 * COUNT column (hvx stats) besides the rate. Rows with no exits are left
 * out; an empty table prints "no exits".
 */
void exit_table_print(FILE *f, const struct exit_rows *t, int indent,
		      bool show_count, double tsc_mhz);

/* The same rows as a JSON array named @key. */
void exit_table_json(struct json *w, const char *key,
		     const struct exit_rows *t, double tsc_mhz);

#endif /* HVX_EXIT_TABLE_H */
