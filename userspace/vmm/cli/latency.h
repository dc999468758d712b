/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit latencies: hvx.ko counts exits in log2 buckets of TSC cycles
 * (HVX_A_EXIT_LATENCY, bucket n = [2^n, 2^(n+1)) cycles). These turn a
 * histogram into quantiles, and cycles into nanoseconds when the TSC
 * frequency is known.
 */
#ifndef HVX_LATENCY_H
#define HVX_LATENCY_H

#include <stdint.h>
#include <linux/hvx_genl.h>

/* Sum of the buckets. */
uint64_t latency_total(const uint64_t b[HVX_LATENCY_BUCKETS]);

/*
 * The @q quantile (0 < q <= 1; 0.5 is the median) in cycles, estimated
 * by interpolating linearly inside the bucket where it falls. -1 when
 * the histogram is empty.
 */
double latency_quantile(const uint64_t b[HVX_LATENCY_BUCKETS], double q);

/* @out = @now - @before, bucket by bucket (0 where a bucket went down). */
void latency_delta(uint64_t out[HVX_LATENCY_BUCKETS],
		   const uint64_t now[HVX_LATENCY_BUCKETS],
		   const uint64_t before[HVX_LATENCY_BUCKETS]);

/*
 * The TSC frequency in MHz, as the first "cpu MHz" line of /proc/cpuinfo
 * gives it; 0 when it cannot be read (latencies stay in cycles).
 */
double latency_tsc_mhz(void);

#endif /* HVX_LATENCY_H */
