// SPDX-License-Identifier: GPL-2.0
/*
 * mkseeds DIR: write the seed corpora DIR/insn_decode (every encoding of
 * the unit test's reference table, as mode byte + bytes) and DIR/page_walk
 * (small page-table layouts for each paging mode, in the layout described
 * in page_walk_fuzz.c). `make seeds` runs it; its output is committed.
 * The walker seeds keep every paging structure in one small page at
 * guest-physical 0, using a different index at each level, so each seed
 * is a few dozen bytes.
 * DIR/legacy_devices and DIR/virtio_blk are short scripts in the input
 * languages of device_fuzz.h: what a driver does to each device, from
 * its initialization to interrupts and requests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "insn_decode_cases.h"
#include "mc146818.h"
#include "virtio_mmio.h"
#include "device_fuzz.h"


#define PG	1
#define PAE	2
#define LMA	4
#define LA57	8
#define PSE	16
#define WP	32
#define NXE	64
#define GBP	128
#define SMEP	1
#define SMAP	2
#define AC	4
#define WRITE	(1 << 3)
#define USER	(2 << 3)
#define FETCH	(4 << 3)
#define IMPL	(8 << 3)
#define INTERFERE 128
#define PRESENT	7ULL		/* P, R/W, U/S */
#define LARGE	0x80ULL

struct walk_seed {
	const char *name;
	unsigned char f0, f1, maxphy, races;
	unsigned long long gva, cr3, pdpte0;
	unsigned int esize, nent;
	unsigned long long ent[6];
};

#define L4	(PG | PAE | LMA | WP | NXE | GBP)
#define VA4	((1ULL << 30) | (2ULL << 21) | (3ULL << 12) | 0x123)
#define VA5	((1ULL << 39) | (2ULL << 30) | (3ULL << 21) | (4ULL << 12))

static const struct walk_seed walk_seeds[] = {
	{ "long4_4k_read", L4, 0, 46, 0, VA4, 0, 0, 8, 4,
	  { PRESENT, PRESENT, PRESENT, 0x1234000 | PRESENT } },
	{ "long4_4k_user_write", L4, WRITE | USER, 46, 0, VA4, 0, 0, 8, 4,
	  { PRESENT, PRESENT, PRESENT, 0x1234000 | PRESENT } },
	{ "long4_2m_write", L4, WRITE, 46, 0, VA4, 0, 0, 8, 3,
	  { PRESENT, PRESENT, 0x40000000 | LARGE | PRESENT } },
	{ "long4_1g_fetch", L4, FETCH, 46, 0, VA4, 0, 0, 8, 2,
	  { PRESENT, 0x80000000 | LARGE | PRESENT } },
	{ "long4_smep_smap", L4, SMEP | SMAP | FETCH, 39, 0, VA4, 0, 0, 8, 4,
	  { PRESENT, PRESENT, PRESENT, 0x1234000 | PRESENT } },
	{ "long4_smap_ac_implicit", L4, SMAP | AC | IMPL, 39, 0, VA4, 0, 0, 8,
	  4, { PRESENT, PRESENT, PRESENT, 0x1234000 | PRESENT } },
	{ "long4_races", L4, WRITE, 46, 3, VA4, 0, 0, 8, 4,
	  { PRESENT, PRESENT, PRESENT, 0x1234000 | PRESENT } },
	{ "long4_interfere", L4, WRITE | INTERFERE, 46, 0, VA4, 0, 0, 8, 4,
	  { PRESENT, PRESENT, PRESENT, 0x1234000 | PRESENT } },
	{ "long4_noncanonical", L4, 0, 46, 0, 0x0000800000000000ULL, 0, 0, 8,
	  1, { PRESENT } },
	{ "long4_outside_memory", L4, 0, 46, 0, VA4, 0, 0, 8, 2,
	  { PRESENT, 0x100000 | PRESENT } },
	{ "long4_self_map", L4, WRITE, 52, 0, 0, 0, 0, 8, 1, { 3 } },
	{ "long5_4k", L4 | LA57, USER, 46, 0, VA5, 0, 0, 8, 5,
	  { PRESENT, PRESENT, PRESENT, PRESENT, 0x5000 | PRESENT } },
	{ "pae_4k", PG | PAE | WP | NXE, WRITE, 36, 0,
	  (1ULL << 21) | (2ULL << 12) | 0x10, 0, 1, 8, 3,
	  { 0, PRESENT, 0x5000 | PRESENT } },
	{ "pae_2m_xd", PG | PAE | WP | NXE, FETCH, 36, 0, 1ULL << 21, 0, 1,
	  8, 2, { 0, 0x200000 | LARGE | PRESENT | (1ULL << 63) } },
	{ "paging32_4k", PG | WP, WRITE | USER, 36, 0, (1ULL << 12) | 0x10,
	  0, 0, 4, 2, { PRESENT, 0x3000 | PRESENT } },
	{ "paging32_4m_pse36", PG | PSE | WP, 0, 40, 0, (1ULL << 22) | 0x1234,
	  0, 0, 4, 2, { 0, 0x400000 | (5 << 13) | LARGE | PRESENT } },
	{ "paging_off", 0, WRITE, 36, 0, 0x12345678, 0, 0, 8, 0, { 0 } },
};

static void write_file(const char *dir, const char *name, const void *buf,
		       size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void put_le(unsigned char *p, unsigned int n, unsigned long long v)
{
	unsigned int i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = v;
}

static void walk_seed(const char *dir, const struct walk_seed *s)
{
	unsigned char buf[64 + 6 * 8] = { 0 };
	unsigned int i;

	buf[0] = s->f0;
	buf[1] = s->f1;
	buf[2] = s->maxphy;
	buf[3] = s->races;
	put_le(buf + 4, 8, s->gva);
	put_le(buf + 12, 8, s->cr3);
	put_le(buf + 20, 8, s->pdpte0);
	for (i = 0; i < s->nent; i++)
		put_le(buf + 64 + i * s->esize, s->esize, s->ent[i]);
	write_file(dir, s->name, buf, 64 + s->nent * s->esize);
}

/* A seed being written, in either fuzzer's language */
struct script {
	unsigned char buf[512];
	unsigned int n;
};

static void emit(struct script *s, unsigned int bytes, unsigned long long v)
{
	if (s->n + bytes > sizeof(s->buf)) {
		fprintf(stderr, "mkseeds: script too long\n");
		exit(1);
	}
	put_le(s->buf + s->n, bytes, v);
	s->n += bytes;
}

/* legacy_devices: a port access of @size bytes, a read if !@write */
static void ld_out(struct script *s, unsigned int target, unsigned int size,
		   unsigned long long v)
{
	emit(s, 1, LD_OP(target, size == 4 ? 2 : size - 1, 1));
	emit(s, size, v);
}

static void ld_in(struct script *s, unsigned int target, unsigned int size)
{
	emit(s, 1, LD_OP(target, size == 4 ? 2 : size - 1, 0));
}

static void ld_time(struct script *s, unsigned long long ns)
{
	emit(s, 1, LD_OP(LD_TIME, 0, 0));
	emit(s, 4, ns);
}

static void ld_line(struct script *s, unsigned int irq, int level)
{
	emit(s, 1, LD_OP(LD_LINE, 0, 0));
	emit(s, 1, irq | (level ? 0x80 : 0));
}

static void ld_action(struct script *s, unsigned int target)
{
	emit(s, 1, LD_OP(target, 0, 0));
}

static void ld_acpi(struct script *s, unsigned int off, unsigned int size,
		    int write, unsigned long long v)
{
	emit(s, 1, LD_OP(LD_ACPI, size == 4 ? 2 : size - 1, write));
	emit(s, 1, off);
	if (write)
		emit(s, size, v);
}

/* Both PICs as Linux programs them, all lines unmasked */
static void ld_pic_init(struct script *s, unsigned char icw4)
{
	ld_out(s, LD_PIC_M0, 1, 0x11);
	ld_out(s, LD_PIC_M1, 1, 0x30);
	ld_out(s, LD_PIC_M1, 1, 0x04);
	ld_out(s, LD_PIC_M1, 1, icw4);
	ld_out(s, LD_PIC_S0, 1, 0x11);
	ld_out(s, LD_PIC_S1, 1, 0x38);
	ld_out(s, LD_PIC_S1, 1, 0x02);
	ld_out(s, LD_PIC_S1, 1, icw4);
	ld_out(s, LD_PIC_M1, 1, 0x00);
	ld_out(s, LD_PIC_S1, 1, 0x00);
}

static void ld_seeds(const char *dir)
{
	struct script s;
	unsigned int i;

	/* Edge and level interrupts on both chips, EOIs, ISR, poll */
	s.n = 0;
	ld_pic_init(&s, 0x01);
	ld_out(&s, LD_ELCR1, 1, 0x0c);
	ld_line(&s, 3, 1);
	ld_action(&s, LD_INTA);
	ld_out(&s, LD_PIC_M0, 1, 0x0b);
	ld_in(&s, LD_PIC_M0, 1);
	ld_out(&s, LD_PIC_M0, 1, 0x20);
	ld_line(&s, 11, 1);
	ld_action(&s, LD_INTA);
	ld_out(&s, LD_PIC_S0, 1, 0x63);
	ld_out(&s, LD_PIC_M0, 1, 0x62);
	ld_line(&s, 11, 0);
	ld_action(&s, LD_INTA);
	ld_line(&s, 5, 1);
	ld_out(&s, LD_PIC_M0, 1, 0x0c);
	ld_in(&s, LD_PIC_M0, 1);
	ld_in(&s, LD_PIC_M0, 2);
	ld_in(&s, LD_ELCR0, 2);
	write_file(dir, "pic_edge_level", s.buf, s.n);

	/* Auto-EOI with rotation, special mask mode, masked lines */
	s.n = 0;
	ld_pic_init(&s, 0x03);
	ld_out(&s, LD_PIC_M0, 1, 0x80);
	ld_out(&s, LD_PIC_M0, 1, 0x68);
	ld_out(&s, LD_PIC_M1, 1, 0xf0);
	for (i = 0; i < 8; i++)
		ld_line(&s, i, 1);
	for (i = 0; i < 4; i++)
		ld_action(&s, LD_INTA);
	ld_out(&s, LD_PIC_M0, 1, 0xc4);
	ld_action(&s, LD_INTA);
	write_file(dir, "pic_aeoi_rotate", s.buf, s.n);

	/* The PIT as Linux uses it: channel 0 periodic into IRQ 0 */
	s.n = 0;
	ld_pic_init(&s, 0x01);
	ld_out(&s, LD_PIT_CTRL, 1, 0x34);
	ld_out(&s, LD_PIT0, 1, 0x9c);
	ld_out(&s, LD_PIT0, 1, 0x2e);
	for (i = 0; i < 3; i++) {
		ld_time(&s, 10000000);
		ld_action(&s, LD_INTA);
		ld_out(&s, LD_PIC_M0, 1, 0x20);
	}
	ld_out(&s, LD_PIT_CTRL, 1, 0x00);
	ld_in(&s, LD_PIT0, 1);
	ld_in(&s, LD_PIT0, 1);
	ld_out(&s, LD_PIT_CTRL, 1, 0xe2);
	ld_in(&s, LD_PIT0, 1);
	ld_out(&s, LD_PIT_CTRL, 1, 0x30);
	ld_out(&s, LD_PIT0, 2, 0xffff);
	ld_time(&s, 60000000);
	ld_in(&s, LD_PIT0, 2);
	write_file(dir, "pit_periodic", s.buf, s.n);

	/* Channel 2 through port 0x61 in each mode, BCD too */
	s.n = 0;
	for (i = 0; i < 6; i++) {
		ld_out(&s, LD_PORT61, 1, 0);
		ld_out(&s, LD_PIT_CTRL, 1, 0xb0 | i << 1 | (i == 3));
		ld_out(&s, LD_PIT2, 1, 0x10);
		ld_out(&s, LD_PIT2, 1, 0x01);
		ld_out(&s, LD_PORT61, 1, 1);
		ld_time(&s, 100000);
		ld_in(&s, LD_PORT61, 1);
		ld_out(&s, LD_PIT_CTRL, 1, 0xd8);
		ld_in(&s, LD_PIT2, 1);
		ld_in(&s, LD_PIT2, 2);
	}
	write_file(dir, "pit_channel2", s.buf, s.n);

	/* The RTC: the time read, set in binary 12-hour mode, read back */
	s.n = 0;
	for (i = 0; i < 10; i++) {
		ld_out(&s, LD_RTC_INDEX, 1, i);
		ld_in(&s, LD_RTC_DATA, 1);
	}
	ld_out(&s, LD_RTC_INDEX, 1, RTC_REG_B);
	ld_out(&s, LD_RTC_DATA, 1, 0x84);
	ld_out(&s, LD_RTC_INDEX, 1, RTC_HOURS);
	ld_out(&s, LD_RTC_DATA, 1, 0x8b);
	ld_out(&s, LD_RTC_INDEX, 1, RTC_YEAR);
	ld_out(&s, LD_RTC_DATA, 1, 99);
	ld_out(&s, LD_RTC_INDEX, 1, RTC_REG_B);
	ld_out(&s, LD_RTC_DATA, 1, 0x04);
	ld_time(&s, 999900000);
	for (i = RTC_REG_A; i <= RTC_REG_D; i++) {
		ld_out(&s, LD_RTC_INDEX, 1, 0x80 | i);
		ld_in(&s, LD_RTC_DATA, 1);
	}
	ld_out(&s, LD_RTC_INDEX, 1, RTC_CENTURY);
	ld_out(&s, LD_RTC_DATA, 1, 0x21);
	ld_out(&s, LD_RTC_INDEX, 2, 0x0004);
	ld_in(&s, LD_RTC_INDEX, 2);
	write_file(dir, "rtc_set_time", s.buf, s.n);

	/* A 16550A as Linux starts it, input, interrupts, loopback */
	s.n = 0;
	ld_pic_init(&s, 0x01);
	ld_out(&s, LD_UART + 3, 1, 0x80);
	ld_out(&s, LD_UART + 0, 2, 0x0001);
	ld_out(&s, LD_UART + 3, 1, 0x03);
	ld_out(&s, LD_UART + 2, 1, 0xc7);
	ld_out(&s, LD_UART + 4, 1, 0x0b);
	ld_out(&s, LD_UART + 1, 1, 0x0f);
	for (i = 0; i < 20; i++) {
		emit(&s, 1, LD_OP(LD_RX, 0, 0));
		emit(&s, 1, 'a' + i);
	}
	ld_action(&s, LD_INTA);
	ld_in(&s, LD_UART + 2, 1);
	ld_in(&s, LD_UART + 5, 1);
	ld_in(&s, LD_UART + 0, 4);
	ld_in(&s, LD_UART + 6, 1);
	ld_out(&s, LD_UART + 0, 1, 'x');
	ld_out(&s, LD_UART + 4, 1, 0x1f);
	ld_out(&s, LD_UART + 0, 4, 0x64636261);
	ld_out(&s, LD_UART + 2, 1, 0x01);
	ld_in(&s, LD_UART + 0, 2);
	ld_out(&s, LD_UART + 4, 1, 0x00);
	ld_in(&s, LD_UART + 6, 2);
	write_file(dir, "uart_linux", s.buf, s.n);

	/* The keyboard controller: self-test, command byte, probes, reset */
	s.n = 0;
	ld_pic_init(&s, 0x01);
	ld_out(&s, LD_KBC_CMD, 1, 0xaa);
	ld_in(&s, LD_KBC_CMD, 1);
	ld_in(&s, LD_KBC_DATA, 1);
	ld_out(&s, LD_KBC_CMD, 1, 0x20);
	ld_in(&s, LD_KBC_DATA, 1);
	ld_out(&s, LD_KBC_CMD, 1, 0x60);
	ld_out(&s, LD_KBC_DATA, 1, 0x47);
	ld_out(&s, LD_KBC_CMD, 1, 0xa8);
	ld_out(&s, LD_KBC_CMD, 1, 0xd3);
	ld_out(&s, LD_KBC_DATA, 1, 0x5a);
	ld_action(&s, LD_INTA);
	ld_out(&s, LD_KBC_CMD, 1, 0xd4);
	ld_out(&s, LD_KBC_DATA, 1, 0xf2);
	ld_out(&s, LD_KBC_DATA, 1, 0xff);
	for (i = 0; i < 10; i++)
		ld_out(&s, LD_KBC_CMD, 1, 0xd2 + (i & 1));
	ld_in(&s, LD_KBC_DATA, 4);
	ld_out(&s, LD_KBC_CMD, 1, 0xd1);
	ld_out(&s, LD_KBC_DATA, 1, 0x03);
	ld_out(&s, LD_KBC_CMD, 1, 0xfe);
	write_file(dir, "kbc_probe_reset", s.buf, s.n);

	/* The PM1a block at every width, then ACPICA's S5 */
	s.n = 0;
	for (i = 0; i < 8; i++)
		ld_acpi(&s, i, 1 << (i % 3), 0, 0);
	ld_acpi(&s, 2, 2, 1, 0x0121);
	ld_acpi(&s, 0, 4, 1, 0xffffffff);
	ld_acpi(&s, 0, 4, 0, 0);
	ld_acpi(&s, 4, 2, 1, 0x0c00);
	ld_acpi(&s, 4, 2, 1, 0x3400);
	write_file(dir, "acpi_s5", s.buf, s.n);
}

/* virtio_blk: a driver's initialization of queue 0 */
static void vb_init(struct script *s, unsigned int drop, unsigned int log2)
{
	emit(s, 1, VB_INIT);
	emit(s, 1, drop);
	emit(s, 1, log2);
	emit(s, 2, 0x1000);
	emit(s, 2, 0x2000);
	emit(s, 2, 0x3000);
}

static void vb_request(struct script *s, unsigned int type,
		       unsigned int sector, unsigned int len,
		       unsigned int layout)
{
	emit(s, 1, VB_REQUEST);
	emit(s, 1, type);
	emit(s, 1, sector);
	emit(s, 1, len / 16);
	emit(s, 1, layout);
}

static void vb_desc(struct script *s, unsigned int idx, unsigned int addr,
		    unsigned int len, unsigned int flags, unsigned int next)
{
	emit(s, 1, VB_DESC);
	emit(s, 1, idx);
	emit(s, 2, addr);
	emit(s, 2, len);
	emit(s, 1, flags);
	emit(s, 1, next);
}

static void vb_op(struct script *s, unsigned int op, unsigned int bytes,
		  unsigned long long v)
{
	emit(s, 1, op);
	emit(s, bytes, v);
}

static void vb_seeds(const char *dir)
{
	struct script s;
	unsigned int i;

	/* Requests of every type and layout on the writable disk */
	s.n = 0;
	emit(&s, 1, 0);
	vb_init(&s, 0, 4);
	vb_request(&s, 1, 2, 1024, VB_REQ_SPLIT);
	vb_request(&s, 0, 2, 512, VB_REQ_SPLIT);
	vb_request(&s, 0, 15, 512, 0);
	vb_request(&s, 1, 3, 512, 0);
	vb_request(&s, 4, 0, 0, 0);
	vb_request(&s, 8, 0, 32, VB_REQ_SPLIT);
	vb_request(&s, 0x42, 0, 16, 0);
	emit(&s, 1, VB_ACK);
	write_file(dir, "requests", s.buf, s.n);

	/* Through indirect tables, with EVENT_IDX and interrupts off */
	s.n = 0;
	emit(&s, 1, 0);
	vb_init(&s, 0, 3);
	vb_op(&s, VB_EVENT, 4, 0x00010001);
	for (i = 0; i < 4; i++)
		vb_request(&s, i & 1, i, 512, VB_REQ_INDIRECT |
		   (i & 2 ? VB_REQ_SPLIT : 0));
	vb_op(&s, VB_EVENT, 4, 0);
	vb_request(&s, 0, 1, 512, VB_REQ_INDIRECT);
	emit(&s, 1, VB_ACK);
	write_file(dir, "indirect_event_idx", s.buf, s.n);

	/* Without EVENT_IDX or indirect: NO_INTERRUPT, then an indirect table */
	s.n = 0;
	emit(&s, 1, 0);
	vb_init(&s, VB_DROP_EVENT_IDX | VB_DROP_INDIRECT, 2);
	vb_op(&s, VB_EVENT, 4, 1);
	vb_request(&s, 0, 0, 512, VB_REQ_SPLIT);
	vb_op(&s, VB_EVENT, 4, 0);
	vb_request(&s, 0, 0, 512, VB_REQ_INDIRECT);
	vb_op(&s, VB_REG_READ, 1, VIRTIO_MMIO_STATUS / 4);
	emit(&s, 1, VB_ACK);
	write_file(dir, "no_event_idx", s.buf, s.n);

	/* The read-only disk: writes refused, reads past its end */
	s.n = 0;
	emit(&s, 1, VB_FLAG_RO);
	vb_init(&s, 0, 8);
	vb_request(&s, 1, 0, 512, VB_REQ_SPLIT);
	vb_request(&s, 0, 3, 1024, VB_REQ_SPLIT);
	vb_request(&s, 0, 255, 512, 0);
	vb_request(&s, 0, 0, 48, 0);
	write_file(dir, "read_only", s.buf, s.n);

	/*
	 * Chains made by hand: a loop, a readable buffer after a writable
	 * one, a head out of range, then avail->idx too far ahead
	 */
	s.n = 0;
	emit(&s, 1, 0);
	vb_init(&s, 0, 2);
	vb_desc(&s, 0, 0xc000, 16, VIRTQ_DESC_F_NEXT, 1);
	vb_desc(&s, 1, 0xc010, 1, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 0);
	vb_op(&s, VB_AVAIL, 2, 0);
	vb_op(&s, VB_NOTIFY, 1, 0);
	vb_init(&s, 0, 2);
	vb_desc(&s, 0, 0xc010, 1, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
	vb_desc(&s, 1, 0xc000, 16, 0, 0);
	vb_op(&s, VB_AVAIL, 2, 0);
	vb_op(&s, VB_NOTIFY, 1, 0);
	vb_init(&s, 0, 2);
	vb_op(&s, VB_AVAIL, 2, 9);
	vb_op(&s, VB_NOTIFY, 1, 0);
	vb_init(&s, 0, 2);
	vb_op(&s, VB_MEM, 2, 0x2002);
	emit(&s, 1, 2);
	emit(&s, 2, 9);
	vb_op(&s, VB_NOTIFY, 1, 0);
	write_file(dir, "bad_chains", s.buf, s.n);

	/* Every register and config byte read at every width */
	s.n = 0;
	emit(&s, 1, 0);
	for (i = 0; i < 0x100; i += 4)
		vb_op(&s, VB_REG_READ, 1, i / 4);
	for (i = 0; i < 40; i += 4) {
		emit(&s, 1, VB_RAW_READ);
		emit(&s, 2, 0x100 + i);
		emit(&s, 1, i / 4 % 4);
	}
	write_file(dir, "registers", s.buf, s.n);

	/* Initializations that go wrong */
	s.n = 0;
	emit(&s, 1, 0);
	vb_init(&s, VB_EXTRA_FEATURE, 4);
	vb_init(&s, VB_DROP_VERSION_1, 4);
	vb_init(&s, VB_SKIP_FEATURES_OK, 4);
	vb_init(&s, 0, 9);
	vb_op(&s, VB_REG_WRITE, 5, 0x12345678ULL << 8 |
	      VIRTIO_MMIO_QUEUE_NUM / 4);
	vb_op(&s, VB_REG_WRITE, 5, 0x00ffff00ULL << 8 |
	      VIRTIO_MMIO_QUEUE_DESC_LOW / 4);
	vb_op(&s, VB_REG_WRITE, 5, 1ULL << 8 | VIRTIO_MMIO_QUEUE_READY / 4);
	vb_init(&s, VB_SKIP_DRIVER_OK, 4);
	vb_request(&s, 0, 0, 512, 0);
	vb_op(&s, VB_REG_WRITE, 5, 0xfULL << 8 | VIRTIO_MMIO_STATUS / 4);
	write_file(dir, "bad_init", s.buf, s.n);

	/* Guest memory filled with the input itself */
	s.n = 0;
	emit(&s, 1, VB_FLAG_FILL);
	vb_op(&s, VB_INIT, 1, 0);
	emit(&s, 1, 4);
	emit(&s, 2, 0x0100);
	emit(&s, 2, 0x0200);
	emit(&s, 2, 0x0300);
	for (i = 0; i < 8; i++)
		vb_op(&s, VB_NOTIFY, 1, 0);
	write_file(dir, "filled_memory", s.buf, s.n);
}

int main(int argc, char **argv)
{
	char dir[400];
	unsigned char buf[1 + 16];
	unsigned int i;

	if (argc != 2) {
		fprintf(stderr, "usage: mkseeds DIR\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/insn_decode", argv[1]);
	for (i = 0; i < nr_insn_cases; i++) {
		char name[24];

		buf[0] = insn_cases[i].mode;
		memcpy(buf + 1, insn_cases[i].bytes, insn_cases[i].n);
		snprintf(name, sizeof(name), "table-%03u", i);
		write_file(dir, name, buf, 1 + insn_cases[i].n);
	}
	snprintf(dir, sizeof(dir), "%s/page_walk", argv[1]);
	for (i = 0; i < ARRAY_SIZE(walk_seeds); i++)
		walk_seed(dir, &walk_seeds[i]);
	snprintf(dir, sizeof(dir), "%s/legacy_devices", argv[1]);
	ld_seeds(dir);
	snprintf(dir, sizeof(dir), "%s/virtio_blk", argv[1]);
	vb_seeds(dir);
	return 0;
}
