// SPDX-License-Identifier: GPL-2.0
/*
 * Exit-latency histograms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "latency.h"

uint64_t latency_total(const uint64_t b[HVX_LATENCY_BUCKETS])
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < HVX_LATENCY_BUCKETS; i++)
		n += b[i];
	return n;
}

double latency_quantile(const uint64_t b[HVX_LATENCY_BUCKETS], double q)
{
	uint64_t total = latency_total(b), seen = 0;
	double rank;
	int i;

	if (!total)
		return -1;
	/* The rank of the sample we want, 1-based, as nearest-rank does. */
	rank = q * (double)total;
	if (rank < 1)
		rank = 1;
	for (i = 0; i < HVX_LATENCY_BUCKETS; i++) {
		double lo, hi, frac;

		if (!b[i] || (double)(seen + b[i]) < rank) {
			seen += b[i];
			continue;
		}
		/* Bucket 0 holds 0 and 1 as well: [0, 2). */
		lo = i ? (double)(1ULL << i) : 0;
		hi = (double)(1ULL << (i + 1));
		/* The samples sit evenly in the bucket, at their middles. */
		frac = (rank - (double)seen - 0.5) / (double)b[i];
		return lo + (hi - lo) * (frac > 0 ? frac : 0);
	}
	return (double)(1ULL << HVX_LATENCY_BUCKETS);
}

void latency_delta(uint64_t out[HVX_LATENCY_BUCKETS],
		   const uint64_t now[HVX_LATENCY_BUCKETS],
		   const uint64_t before[HVX_LATENCY_BUCKETS])
{
	int i;

	for (i = 0; i < HVX_LATENCY_BUCKETS; i++)
		out[i] = now[i] > before[i] ? now[i] - before[i] : 0;
}

double latency_tsc_mhz(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[256];
	double mhz = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *colon;

		if (strncmp(line, "cpu MHz", 7))
			continue;
		colon = strchr(line, ':');
		if (colon)
			mhz = strtod(colon + 1, NULL);
		break;
	}
	fclose(f);
	return mhz > 0 ? mhz : 0;
}
