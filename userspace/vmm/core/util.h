/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers of the hvx CLI: messages on stderr, number and size
 * parsing, and the exit statuses every command shares.
 */
#ifndef HVX_UTIL_H
#define HVX_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Exit statuses of hvx (docs/cli.md). 0..STATUS_GUEST_MAX belong to the
 * guest (a halt or a power-off is 0, the debug-exit port gives any
 * other); the rest are
 * hvx's own, kept below 124 so they never look like a shell's or the
 * testbed's codes.
 */
#define STATUS_OK		0
#define STATUS_GUEST_MAX	118
#define STATUS_REBOOT		119	/* the guest asked for a reset */
#define STATUS_VMM_ERROR	120	/* hvx itself failed: usage, file, ioctl */
#define STATUS_TRIPLE_FAULT	121	/* the guest shut down (triple fault) */
#define STATUS_ENTRY_FAILED	122	/* VM entry failed */
#define STATUS_INTERNAL_ERROR	123	/* hvx.ko could not handle an exit */
#define STATUS_SIGNAL_BASE	128	/* + signal number, as shells do */

/* "hvx: <message>" on stderr, after flushing what the guest printed. */
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* error(), then exit(STATUS_VMM_ERROR). Only the command layer calls it. */
void die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/*
 * A number: decimal, or hexadecimal with 0x. Returns 0, or -EINVAL when
 * @s is not a number, -ERANGE when it does not fit 64 bits.
 */
int parse_u64(const char *s, uint64_t *out);

/*
 * A size: a number with an optional K, M, G or T suffix (powers of 1024,
 * either case, optionally followed by "B" or "iB"): 65536, 0x10000, 64K,
 * 512M, 1G. Same errors as parse_u64().
 */
int parse_size(const char *s, uint64_t *out);

/* "64 MiB", "4 KiB", "12345 bytes": for messages. Static buffer. */
const char *size_str(uint64_t size);

#endif /* HVX_UTIL_H */
