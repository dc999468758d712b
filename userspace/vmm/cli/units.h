/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Numbers as a person reads them, for the control commands' tables:
 * "1.5 GiB", "12.3 k/s", "850 ns", "1h02m". Each writes into the
 * caller's buffer (UNITS_LEN bytes are enough) and returns it.
 */
#ifndef HVX_UNITS_H
#define HVX_UNITS_H

#include <stddef.h>
#include <stdint.h>

#define UNITS_LEN	24

/* Bytes in powers of 1024: "512 B", "64 MiB", "1.5 GiB". */
const char *units_bytes(char *buf, uint64_t bytes);

/* A rate per second: "0/s", "2.5/s", "850/s", "12.3 k/s", "1.2 M/s". */
const char *units_rate(char *buf, double per_second);

/* A short time: "850 ns", "12.3 us", "4.56 ms", "1.20 s". */
const char *units_ns(char *buf, double ns);

/* A plain quantity with an SI suffix: "850", "1.5k", "12.3M". */
const char *units_si(char *buf, double v);

/* A long duration, like uptime: "45s", "12m05s", "1h02m", "3d04h". */
const char *units_duration(char *buf, uint64_t ns);

#endif /* HVX_UNITS_H */
