// SPDX-License-Identifier: GPL-2.0
/*
 * Exits by reason, as a table or as JSON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "exit_table.h"
#include "latency.h"
#include "units.h"

int exit_rows_add(struct exit_rows *t, const struct hvx_exit_stats *e)
{
	unsigned int i;
	int b;

	for (i = 0; i < t->n && t->rows[i].reason < e->reason; i++)
		;
	if (i == t->n || t->rows[i].reason != e->reason) {
		if (t->n == t->cap) {
			unsigned int cap = t->cap ? 2 * t->cap : 16;
			struct exit_row *r = realloc(t->rows,
						     cap * sizeof(*r));

			if (!r)
				return -ENOMEM;
			t->rows = r;
			t->cap = cap;
		}
		memmove(&t->rows[i + 1], &t->rows[i],
			(t->n - i) * sizeof(*t->rows));
		memset(&t->rows[i], 0, sizeof(t->rows[i]));
		t->rows[i].reason = e->reason;
		t->n++;
	}
	if (!t->rows[i].name[0])
		memcpy(t->rows[i].name, e->name, sizeof(e->name));
	t->rows[i].count += e->count;
	for (b = 0; b < HVX_LATENCY_BUCKETS; b++)
		t->rows[i].latency[b] += e->latency[b];
	return 0;
}

const struct exit_row *exit_rows_find(const struct exit_rows *t,
				      uint32_t reason)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (t->rows[i].reason == reason)
			return &t->rows[i];
	return NULL;
}

void exit_rows_free(struct exit_rows *t)
{
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

/* A latency quantile as cycles and ns text, or "-" when unknown. */
static void quantile_cells(const struct exit_row *r, double q,
			   double tsc_mhz, char *cyc, char *ns)
{
	double c = latency_quantile(r->latency, q);

	if (c < 0) {
		strcpy(cyc, "-");
		strcpy(ns, "-");
		return;
	}
	units_si(cyc, c);
	if (tsc_mhz > 0)
		units_ns(ns, c * 1000.0 / tsc_mhz);
	else
		strcpy(ns, "-");
}

void exit_table_print(FILE *f, const struct exit_rows *t, int indent,
		      bool show_count, double tsc_mhz)
{
	bool ns = tsc_mhz > 0, any = false;
	unsigned int i;

	for (i = 0; i < t->n; i++)
		any |= t->rows[i].count > 0;
	if (!any) {
		fprintf(f, "%*sno exits\n", indent, "");
		return;
	}
	fprintf(f, "%*s%-26s", indent, "", "EXIT REASON");
	if (show_count)
		fprintf(f, " %12s", "COUNT");
	fprintf(f, " %10s %8s %8s", "RATE", "MED CYC", "P99 CYC");
	if (ns)
		fprintf(f, " %9s %9s", "MED TIME", "P99 TIME");
	fputc('\n', f);

	for (i = 0; i < t->n; i++) {
		const struct exit_row *r = &t->rows[i];
		char label[40], rate[UNITS_LEN];
		char mc[UNITS_LEN], mn[UNITS_LEN], pc[UNITS_LEN], pn[UNITS_LEN];

		if (!r->count)
			continue;
		snprintf(label, sizeof(label), "%3u %s", r->reason,
			 r->name[0] ? r->name : "?");
		quantile_cells(r, 0.5, tsc_mhz, mc, mn);
		quantile_cells(r, 0.99, tsc_mhz, pc, pn);
		fprintf(f, "%*s%-26s", indent, "", label);
		if (show_count)
			fprintf(f, " %12llu", (unsigned long long)r->count);
		fprintf(f, " %10s %8s %8s", units_rate(rate, r->rate), mc,
			pc);
		if (ns)
			fprintf(f, " %9s %9s", mn, pn);
		fputc('\n', f);
	}
}

void exit_table_json(struct json *w, const char *key,
		     const struct exit_rows *t, double tsc_mhz)
{
	unsigned int i;
	int b;

	json_array(w, key);
	for (i = 0; i < t->n; i++) {
		const struct exit_row *r = &t->rows[i];
		double med = latency_quantile(r->latency, 0.5);
		double p99 = latency_quantile(r->latency, 0.99);

		json_object(w, NULL);
		json_uint(w, "reason", r->reason);
		json_string(w, "name", r->name);
		json_uint(w, "count", r->count);
		json_double(w, "rate", r->rate, 3);
		if (med >= 0) {
			json_double(w, "median_cycles", med, 0);
			json_double(w, "p99_cycles", p99, 0);
			if (tsc_mhz > 0) {
				json_double(w, "median_ns",
					     med * 1000.0 / tsc_mhz, 0);
				json_double(w, "p99_ns",
					     p99 * 1000.0 / tsc_mhz, 0);
			}
		}
		json_flat_array(w, "latency_buckets");
		for (b = 0; b < HVX_LATENCY_BUCKETS; b++)
			json_uint(w, NULL, r->latency[b]);
		json_end_array(w);
		json_end_object(w);
	}
	json_end_array(w);
}
