/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny JSON writer: nested objects of numbers, booleans and strings,
 * indented two spaces, for `hvx info --json`. Numbers are written as
 * they are; values above 2^53 should go out as strings ("0x...").
 */
#ifndef HVX_JSON_H
#define HVX_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	8

struct json {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* nothing written yet at this depth */
};

void json_init(struct json *j, FILE *f);
/* @key is NULL for the top-level object. */
void json_begin(struct json *j, const char *key);
void json_end(struct json *j);
void json_uint(struct json *j, const char *key, uint64_t v);
void json_bool(struct json *j, const char *key, bool v);
void json_string(struct json *j, const char *key, const char *s);

#endif /* HVX_JSON_H */
