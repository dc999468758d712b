/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The input languages of the device-model fuzzers, shared by the fuzzers
 * and by mkseeds.c, which writes their seed corpora in them.
 *
 * legacy_devices_fuzz: a sequence of steps, each an op byte and its
 * operands. The op byte is LD_OP(target, size code, write):
 *   bits 0-4  the target (enum ld_target): a port, or a non-port action
 *   bits 5-6  the access size: 1, 2, 4 bytes (code 3 is 1 byte again)
 *   bit  7    write (the value follows, little-endian, size bytes);
 *             a read has no operand
 * LD_ACPI takes one more byte first, the port offset from 0x600 (0-7).
 * LD_TIME moves the clock forward by a 4-byte delta shifted left by
 * 8 * size code nanoseconds; LD_LINE takes a byte: line in bits 0-3,
 * level in bit 7; LD_RX takes the byte the host line delivers.
 * Missing operand bytes at the end of the input read as zero.
 *
 * virtio_blk_fuzz: a flags byte (VB_FLAG_*), then ops, each an op byte
 * (enum vb_op in bits 0-3) and its operands, all little-endian:
 *   VB_REG_WRITE   offset / 4 (1), value (4): a 32-bit register write
 *   VB_REG_READ    offset / 4 (1)
 *   VB_RAW_WRITE   offset (2, modulo 0x200), size code (1), value (8):
 *                  any width at any offset, config space included
 *   VB_RAW_READ    offset (2), size code (1)
 *   VB_MEM         gpa (2), n (1), n bytes: guest memory written
 *   VB_INIT        feature drops (1, VB_DROP_*), log2 queue size (1),
 *                  descriptor table, avail ring, used ring gpas (2 each):
 *                  a driver's whole initialization, up to DRIVER_OK
 *   VB_DESC        index (1), addr (2), len (2), flags (1), next (1):
 *                  a descriptor of the table VB_INIT set up
 *   VB_AVAIL       head (2): made available, avail->idx bumped
 *   VB_NOTIFY      value (1): written to QueueNotify
 *   VB_REQUEST     type (1), sector (1), data bytes / 16 (1), layout (1):
 *                  a well-formed request at VB_REQ_AREA, made available
 *                  and notified; layout bit 0: through an indirect
 *                  table, bit 1: one buffer each for header, data and
 *                  status, else the data shares the buffer of its
 *                  neighbour of the same direction
 *   VB_EVENT       avail flags (2), used_event (2)
 *   VB_ACK         the driver's interrupt handler: status read, acked
 */
#ifndef HVX_DEVICE_FUZZ_H
#define HVX_DEVICE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#define LD_OP(target, size_code, write) \
	((target) | (size_code) << 5 | ((write) ? 0x80 : 0))

enum ld_target {
	LD_PIC_M0, LD_PIC_M1, LD_PIC_S0, LD_PIC_S1,	/* 0x20, 0xa0 */
	LD_ELCR0, LD_ELCR1,				/* 0x4d0 */
	LD_PIT0, LD_PIT1, LD_PIT2, LD_PIT_CTRL,		/* 0x40 */
	LD_PORT61,
	LD_RTC_INDEX, LD_RTC_DATA,			/* 0x70 */
	LD_UART,					/* 8 registers */
	LD_KBC_DATA = LD_UART + 8, LD_KBC_CMD,		/* 0x60, 0x64 */
	LD_ACPI,					/* 0x600-0x607 */
	LD_TIME,
	LD_LINE,
	LD_INTA,
	LD_RX,
	LD_NR_TARGETS
};

#define VB_FLAG_RO	0x01	/* the read-only disk rather than the other */
#define VB_FLAG_FILL	0x02	/* guest memory starts as the input, repeated */

enum vb_op {
	VB_REG_WRITE, VB_REG_READ, VB_RAW_WRITE, VB_RAW_READ, VB_MEM,
	VB_INIT, VB_DESC, VB_AVAIL, VB_NOTIFY, VB_REQUEST, VB_EVENT, VB_ACK,
};

#define VB_DROP_EVENT_IDX	0x01
#define VB_DROP_INDIRECT	0x02
#define VB_DROP_VERSION_1	0x04
#define VB_EXTRA_FEATURE	0x08	/* accept one not offered */
#define VB_SKIP_FEATURES_OK	0x10
#define VB_SKIP_DRIVER_OK	0x20

#define VB_REQ_INDIRECT		0x01
#define VB_REQ_SPLIT		0x02

#define VB_MEM_SIZE		0x10000
#define VB_REQ_AREA		0xc000	/* VB_REQUEST's buffers, to the end */

/* The fuzz input, read a byte at a time; past its end, zeros. */
struct input {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t next(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint64_t next_le(struct input *in, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)next(in) << (8 * i);
	return v;
}

#endif /* HVX_DEVICE_FUZZ_H */
