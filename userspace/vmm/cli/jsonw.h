/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A JSON writer with arrays, for the control commands (hvx ps, stats,
 * events --json): pretty (indented two spaces) for whole documents, or
 * compact on one line for streams of records (JSON Lines). Numbers go
 * out as they are: counters stay below 2^53 in practice.
 */
#ifndef HVX_JSONW_H
#define HVX_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH	16

struct jsonw {
	FILE *f;
	bool pretty;
	int depth;
	bool first[JSONW_MAX_DEPTH];	/* nothing written yet at this depth */
	bool flat[JSONW_MAX_DEPTH];	/* members on one line at this depth */
};

void jsonw_init(struct jsonw *w, FILE *f, bool pretty);

/*
 * Containers: @key names the member inside an object, and is NULL at
 * the top level and inside arrays. The outermost end writes a newline.
 */
void jsonw_object(struct jsonw *w, const char *key);
void jsonw_array(struct jsonw *w, const char *key);
/* An array of scalars kept on one line even when pretty. */
void jsonw_flat_array(struct jsonw *w, const char *key);
void jsonw_end_object(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);

void jsonw_uint(struct jsonw *w, const char *key, uint64_t v);
/* A number with @decimals digits after the point. */
void jsonw_double(struct jsonw *w, const char *key, double v, int decimals);
void jsonw_bool(struct jsonw *w, const char *key, bool v);
void jsonw_string(struct jsonw *w, const char *key, const char *s);
void jsonw_null(struct jsonw *w, const char *key);

#endif /* HVX_JSONW_H */
