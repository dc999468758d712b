// SPDX-License-Identifier: GPL-2.0
/*
 * The JSON writer with arrays.
 */
#include <inttypes.h>
#include <math.h>
#include "jsonw.h"

void jsonw_init(struct jsonw *w, FILE *f, bool pretty)
{
	w->f = f;
	w->pretty = pretty;
	w->depth = 0;
	w->first[0] = true;
	w->flat[0] = !pretty;
}

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		switch (c) {
		case '"':
		case '\\':
			fprintf(f, "\\%c", c);
			break;
		case '\n':
			fputs("\\n", f);
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
	fputc('"', f);
}

/* Separator, indentation and key before a value. */
static void member(struct jsonw *w, const char *key)
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

static void open_container(struct jsonw *w, const char *key, char c,
			   bool flat)
{
	member(w, key);
	fputc(c, w->f);
	if (w->depth + 1 < JSONW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
	w->flat[w->depth] = flat || !w->pretty;
}

static void close_container(struct jsonw *w, char c)
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

void jsonw_object(struct jsonw *w, const char *key)
{
	open_container(w, key, '{', false);
}

void jsonw_array(struct jsonw *w, const char *key)
{
	open_container(w, key, '[', false);
}

void jsonw_flat_array(struct jsonw *w, const char *key)
{
	open_container(w, key, '[', true);
}

void jsonw_end_object(struct jsonw *w)
{
	close_container(w, '}');
}

void jsonw_end_array(struct jsonw *w)
{
	close_container(w, ']');
}

void jsonw_uint(struct jsonw *w, const char *key, uint64_t v)
{
	member(w, key);
	fprintf(w->f, "%" PRIu64, v);
}

void jsonw_double(struct jsonw *w, const char *key, double v, int decimals)
{
	member(w, key);
	if (isfinite(v))
		fprintf(w->f, "%.*f", decimals, v);
	else
		fputs("null", w->f);
}

void jsonw_bool(struct jsonw *w, const char *key, bool v)
{
	member(w, key);
	fputs(v ? "true" : "false", w->f);
}

void jsonw_string(struct jsonw *w, const char *key, const char *s)
{
	member(w, key);
	put_string(w->f, s);
}

void jsonw_null(struct jsonw *w, const char *key)
{
	member(w, key);
	fputs("null", w->f);
}
