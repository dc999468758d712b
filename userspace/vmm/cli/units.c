// SPDX-License-Identifier: GPL-2.0
/*
 * Human-readable numbers.
 */
#include <stdio.h>
#include <string.h>
#include "units.h"

/* @v with one decimal below 100 (no ".0" when it is whole), else none. */
static void put_scaled(char *buf, double v, const char *unit)
{
	if (v < 99.95 && (v - (double)(uint64_t)v) >= 0.05 &&
	    (v - (double)(uint64_t)v) < 0.95)
		snprintf(buf, UNITS_LEN, "%.1f%s", v, unit);
	else
		snprintf(buf, UNITS_LEN, "%.0f%s", v, unit);
}

const char *units_bytes(char *buf, uint64_t bytes)
{
	static const char *const names[] = {
		" KiB", " MiB", " GiB", " TiB", " PiB", " EiB"
	};
	double v = (double)bytes;
	int i = -1;

	while (v >= 1024 && i < 5) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, UNITS_LEN, "%llu B", (unsigned long long)bytes);
	else
		put_scaled(buf, v, names[i]);
	return buf;
}

const char *units_rate(char *buf, double r)
{
	if (r < 0.05)
		snprintf(buf, UNITS_LEN, "0/s");
	else if (r < 10)
		snprintf(buf, UNITS_LEN, "%.1f/s", r);
	else if (r < 999.5)
		snprintf(buf, UNITS_LEN, "%.0f/s", r);
	else if (r < 999.5e3)
		put_scaled(buf, r / 1e3, " k/s");
	else if (r < 999.5e6)
		put_scaled(buf, r / 1e6, " M/s");
	else
		put_scaled(buf, r / 1e9, " G/s");
	return buf;
}

const char *units_ns(char *buf, double ns)
{
	if (ns < 999.5)
		snprintf(buf, UNITS_LEN, "%.0f ns", ns);
	else if (ns < 999.5e3)
		put_scaled(buf, ns / 1e3, " us");
	else if (ns < 999.5e6)
		put_scaled(buf, ns / 1e6, " ms");
	else
		snprintf(buf, UNITS_LEN, "%.2f s", ns / 1e9);
	return buf;
}

const char *units_si(char *buf, double v)
{
	if (v < 999.5)
		snprintf(buf, UNITS_LEN, "%.0f", v);
	else if (v < 999.5e3)
		put_scaled(buf, v / 1e3, "k");
	else if (v < 999.5e6)
		put_scaled(buf, v / 1e6, "M");
	else
		put_scaled(buf, v / 1e9, "G");
	return buf;
}

const char *units_duration(char *buf, uint64_t ns)
{
	uint64_t s = ns / 1000000000ULL;
	unsigned long long d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60;

	if (d)
		snprintf(buf, UNITS_LEN, "%llud%02lluh", d, h);
	else if (h)
		snprintf(buf, UNITS_LEN, "%lluh%02llum", h, m);
	else if (m)
		snprintf(buf, UNITS_LEN, "%llum%02llus", m,
			 (unsigned long long)(s % 60));
	else
		snprintf(buf, UNITS_LEN, "%llus", (unsigned long long)s);
	return buf;
}
