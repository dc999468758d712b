// SPDX-License-Identifier: GPL-2.0
/*
 * libhvx's JSON writer (userspace/lib/json.c): the exact text of pretty
 * documents and compact records, and strings that stay valid JSON in
 * valid UTF-8 whatever they hold: quotes, backslashes and control
 * characters escaped, well-formed UTF-8 kept, and each ill-formed
 * sequence (stray continuation bytes, overlong forms, surrogates, code
 * points past U+10FFFF, truncated sequences) one U+FFFD.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "kselftest_harness.h"

/* A writer into memory, and what it wrote once closed. */
struct out {
	struct json w;
	FILE *f;
	char *buf;
	size_t len;
};

static void out_open(struct out *o, bool pretty)
{
	o->f = open_memstream(&o->buf, &o->len);
	if (!o->f)
		abort();
	json_init(&o->w, o->f, pretty);
}

static char *out_close(struct out *o)
{
	fclose(o->f);
	return o->buf;
}

/* What the writer made of @s as a compact document's one string. */
static char *encoded(const char *s)
{
	struct out o;

	out_open(&o, false);
	json_array(&o.w, NULL);
	json_string(&o.w, NULL, s);
	json_end_array(&o.w);
	return out_close(&o);
}

#define ASSERT_ENCODES(in, out) do {				\
	char *got = encoded(in);				\
								\
	EXPECT_STREQ("[\"" out "\"]\n", got);			\
	free(got);						\
} while (0)

TEST(pretty_document)
{
	struct out o;
	char *got;

	out_open(&o, true);
	json_object(&o.w, NULL);
	json_uint(&o.w, "n", 18446744073709551615ULL);
	json_double(&o.w, "x", 1.25, 2);
	json_double(&o.w, "nan", NAN, 1);
	json_bool(&o.w, "yes", true);
	json_null(&o.w, "none");
	json_object(&o.w, "empty");
	json_end_object(&o.w);
	json_array(&o.w, "list");
	json_string(&o.w, NULL, "a");
	json_uint(&o.w, NULL, 2);
	json_end_array(&o.w);
	json_flat_array(&o.w, "flat");
	json_uint(&o.w, NULL, 1);
	json_uint(&o.w, NULL, 2);
	json_end_array(&o.w);
	json_end_object(&o.w);
	got = out_close(&o);
	EXPECT_STREQ("{\n"
		     "  \"n\": 18446744073709551615,\n"
		     "  \"x\": 1.25,\n"
		     "  \"nan\": null,\n"
		     "  \"yes\": true,\n"
		     "  \"none\": null,\n"
		     "  \"empty\": {},\n"
		     "  \"list\": [\n"
		     "    \"a\",\n"
		     "    2\n"
		     "  ],\n"
		     "  \"flat\": [1, 2]\n"
		     "}\n", got);
	free(got);
}

TEST(compact_record)
{
	struct out o;
	char *got;

	out_open(&o, false);
	json_object(&o.w, NULL);
	json_uint(&o.w, "vm_id", 7);
	json_array(&o.w, "a");
	json_bool(&o.w, NULL, false);
	json_end_array(&o.w);
	json_end_object(&o.w);
	got = out_close(&o);
	EXPECT_STREQ("{\"vm_id\": 7, \"a\": [false]}\n", got);
	free(got);
}

TEST(keys_are_escaped)
{
	struct out o;
	char *got;

	out_open(&o, false);
	json_object(&o.w, NULL);
	json_uint(&o.w, "a\"b\xff", 1);
	json_end_object(&o.w);
	got = out_close(&o);
	EXPECT_STREQ("{\"a\\\"b\\ufffd\": 1}\n", got);
	free(got);
}

TEST(quotes_and_backslashes)
{
	ASSERT_ENCODES("say \"hi\" \\o/", "say \\\"hi\\\" \\\\o/");
	ASSERT_ENCODES("", "");
}

TEST(control_characters)
{
	ASSERT_ENCODES("\b\f\n\r\t", "\\b\\f\\n\\r\\t");
	ASSERT_ENCODES("\x01\x1f\x7f", "\\u0001\\u001f\\u007f");
	ASSERT_ENCODES("a\x1b[0mb", "a\\u001b[0mb");
}

TEST(valid_utf8_kept)
{
	/* U+00E9, U+20AC, U+1F600, and the ends of each length's range */
	ASSERT_ENCODES("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		       "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	ASSERT_ENCODES("\xc2\x80\xdf\xbf", "\xc2\x80\xdf\xbf");
	ASSERT_ENCODES("\xe0\xa0\x80\xef\xbf\xbf", "\xe0\xa0\x80\xef\xbf\xbf");
	ASSERT_ENCODES("\xed\x9f\xbf\xee\x80\x80", "\xed\x9f\xbf\xee\x80\x80");
	ASSERT_ENCODES("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf",
		       "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf");
}

TEST(stray_bytes_replaced)
{
	/* Continuation bytes alone, and lead bytes that never are */
	ASSERT_ENCODES("a\x80z", "a\\ufffdz");
	ASSERT_ENCODES("\xbf\xbf", "\\ufffd\\ufffd");
	ASSERT_ENCODES("\xc0\xc1\xf5\xff", "\\ufffd\\ufffd\\ufffd\\ufffd");
}

TEST(overlong_forms_replaced)
{
	/* '/' as two bytes, U+07FF as three, U+FFFF as four */
	ASSERT_ENCODES("\xc0\xaf", "\\ufffd\\ufffd");
	ASSERT_ENCODES("\xe0\x9f\xbf", "\\ufffd\\ufffd\\ufffd");
	ASSERT_ENCODES("\xf0\x8f\xbf\xbf", "\\ufffd\\ufffd\\ufffd\\ufffd");
}

TEST(surrogates_and_beyond_replaced)
{
	/* U+D800 and U+DFFF; U+110000 */
	ASSERT_ENCODES("\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd");
	ASSERT_ENCODES("\xed\xbf\xbf", "\\ufffd\\ufffd\\ufffd");
	ASSERT_ENCODES("\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd");
}

TEST(truncated_sequences_replaced_once)
{
	/* The longest well-formed start is one U+FFFD, then what follows */
	ASSERT_ENCODES("\xe2\x82", "\\ufffd");
	ASSERT_ENCODES("\xe2\x82" "A", "\\ufffdA");
	ASSERT_ENCODES("\xf0\x9f\x98" "\"", "\\ufffd\\\"");
	ASSERT_ENCODES("\xf0\x9f\xe2\x82\xac", "\\ufffd\xe2\x82\xac");
	ASSERT_ENCODES("\xc3\n", "\\ufffd\\n");
}

TEST_HARNESS_MAIN
