/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The JSON writer of libhvx and its tools (hvx info, ps, stats, events
 * --json; hvx-bench report --json): objects, arrays, numbers, booleans,
 * strings and null, pretty (indented two spaces) for whole documents or
 * compact on one line for streams of records (JSON Lines).
 *
 * Strings are always valid JSON in valid UTF-8, whatever they hold:
 * quotes, backslashes and control characters are escaped, and each
 * invalid UTF-8 sequence becomes one U+FFFD (written "\ufffd"). Numbers
 * go out as they are: counters stay below 2^53 in practice, and raw
 * 64-bit values belong in strings ("0x...").
 */
#ifndef HVX_JSON_H
#define HVX_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json {
	FILE *f;
	bool pretty;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* nothing written yet at this depth */
	bool flat[JSON_MAX_DEPTH];	/* members on one line at this depth */
};

void json_init(struct json *w, FILE *f, bool pretty);

/*
 * Containers: @key names the member inside an object, and is NULL at
 * the top level and inside arrays. The outermost end writes a newline.
 */
void json_object(struct json *w, const char *key);
void json_array(struct json *w, const char *key);
/* An array of scalars kept on one line even when pretty. */
void json_flat_array(struct json *w, const char *key);
void json_end_object(struct json *w);
void json_end_array(struct json *w);

void json_uint(struct json *w, const char *key, uint64_t v);
/* A number with @decimals digits after the point; null if not finite. */
void json_double(struct json *w, const char *key, double v, int decimals);
void json_bool(struct json *w, const char *key, bool v);
void json_string(struct json *w, const char *key, const char *s);
void json_null(struct json *w, const char *key);

#endif /* HVX_JSON_H */
