/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for the pure-logic files (decoders, tables, checks),
 * which build both into hvx.ko and into host unit tests and fuzzers.
 */
#ifndef HVX_TYPES_H
#define HVX_TYPES_H

#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#endif /* HVX_TYPES_H */
