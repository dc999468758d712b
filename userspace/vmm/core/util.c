// SPDX-License-Identifier: GPL-2.0
/*
 * Messages, number and size parsing.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "util.h"

static void vmessage(const char *fmt, va_list ap)
{
	/* Keep the guest's output and ours in the order they happened. */
	fflush(stdout);
	fputs("hvx: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	exit(STATUS_VMM_ERROR);
}

/* Digits in @base from *@p on; advances *@p past them. */
static int parse_digits(const char **p, unsigned int base, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int n = 0;

	for (;; s++, n++) {
		unsigned int d;

		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (!n)
		return -EINVAL;
	*p = s;
	*out = v;
	return 0;
}

/* A number at the start of @s; *@end points past it. */
static int parse_number(const char *s, const char **end, uint64_t *out)
{
	unsigned int base = 10;
	int r;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	r = parse_digits(&s, base, out);
	if (r)
		return r;
	*end = s;
	return 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	const char *end;
	int r = parse_number(s, &end, out);

	if (r)
		return r;
	return *end ? -EINVAL : 0;
}

int parse_size(const char *s, uint64_t *out)
{
	const char *end;
	unsigned int shift = 0;
	uint64_t v;
	int r;

	r = parse_number(s, &end, &v);
	if (r)
		return r;
	switch (toupper((unsigned char)*end)) {
	case '\0':
		break;
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	case 'T':
		shift = 40;
		break;
	default:
		return -EINVAL;
	}
	if (shift) {
		end++;
		if (*end == 'i')
			end++;
		if (*end == 'B' || *end == 'b')
			end++;
	}
	if (*end)
		return -EINVAL;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

const char *size_str(uint64_t size)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	static char buf[32];
	int i;

	for (i = 3; i >= 0; i--) {
		uint64_t unit = 1ULL << (10 * (i + 1));

		if (size >= unit && size % unit == 0) {
			snprintf(buf, sizeof(buf), "%llu %s",
				 (unsigned long long)(size / unit), units[i]);
			return buf;
		}
	}
	snprintf(buf, sizeof(buf), "%llu bytes", (unsigned long long)size);
	return buf;
}
