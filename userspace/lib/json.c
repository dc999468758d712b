// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON writer (json.h).
 */
#include <inttypes.h>
#include <math.h>
#include "json.h"

void json_init(struct json *w, FILE *f, bool pretty)
{
	w->f = f;
	w->pretty = pretty;
	w->depth = 0;
	w->first[0] = true;
	w->flat[0] = !pretty;
}

/*
 * The length of the UTF-8 sequence at @s if it is a well-formed one
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF),
 * else minus the length of its longest well-formed start, which one
 * U+FFFD replaces (the Unicode standard's "maximal subpart" practice).
 * The terminating NUL is never a continuation byte, so this never reads
 * past it.
 */
static int utf8_sequence(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* shorter forms are overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* U+D800-U+DFFF are surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else {
		return -1;
	}
	for (i = 1; i < len; i++) {
		if (s[i] < lo || s[i] > hi)
			return -i;
		lo = 0x80;
		hi = 0xbf;
	}
	return len;
}

/* One ASCII character, escaped if JSON or a reader's terminal needs it. */
static void put_ascii(FILE *f, unsigned char c)
{
	switch (c) {
	case '"':
	case '\\':
		fprintf(f, "\\%c", c);
		break;
	case '\b':
		fputs("\\b", f);
		break;
	case '\f':
		fputs("\\f", f);
		break;
	case '\n':
		fputs("\\n", f);
		break;
	case '\r':
		fputs("\\r", f);
		break;
	case '\t':
		fputs("\\t", f);
		break;
	default:
		if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

static void put_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	int len;

	fputc('"', f);
	while (*s) {
		len = utf8_sequence(s);
		if (len == 1) {
			put_ascii(f, *s);
		} else if (len > 1) {
			fwrite(s, 1, len, f);
		} else {
			fputs("\\ufffd", f);
			len = -len;
		}
		s += len;
	}
	fputc('"', f);
}

/* Separator, indentation and key before a value. */
static void member(struct json *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->first[w->depth])
			fputc(',', w->f);
		if (!w->flat[w->depth])
			fprintf(w->f, "\n%*s", 2 * w->depth, "");
		else if (!w->first[w->depth])
			fputc(' ', w->f);
	}
	w->first[w->depth] = false;
	if (key) {
		put_string(w->f, key);
		fputs(": ", w->f);
	}
}

static void open_container(struct json *w, const char *key, char c,
			   bool flat)
{
	member(w, key);
	fputc(c, w->f);
	if (w->depth + 1 < JSON_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
	w->flat[w->depth] = flat || !w->pretty;
}

static void close_container(struct json *w, char c)
{
	bool empty = w->first[w->depth], flat = w->flat[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty && !flat)
		fprintf(w->f, "\n%*s", 2 * w->depth, "");
	fputc(c, w->f);
	if (w->depth == 0)
		fputc('\n', w->f);
}

void json_object(struct json *w, const char *key)
{
	open_container(w, key, '{', false);
}

void json_array(struct json *w, const char *key)
{
	open_container(w, key, '[', false);
}

void json_flat_array(struct json *w, const char *key)
{
	open_container(w, key, '[', true);
}

void json_end_object(struct json *w)
{
	close_container(w, '}');
}

void json_end_array(struct json *w)
{
	close_container(w, ']');
}

void json_uint(struct json *w, const char *key, uint64_t v)
{
	member(w, key);
	fprintf(w->f, "%" PRIu64, v);
}

void json_double(struct json *w, const char *key, double v, int decimals)
{
	member(w, key);
	if (isfinite(v))
		fprintf(w->f, "%.*f", decimals, v);
	else
		fputs("null", w->f);
}

void json_bool(struct json *w, const char *key, bool v)
{
	member(w, key);
	fputs(v ? "true" : "false", w->f);
}

void json_string(struct json *w, const char *key, const char *s)
{
	member(w, key);
	put_string(w->f, s);
}

void json_null(struct json *w, const char *key)
{
	member(w, key);
	fputs("null", w->f);
}
