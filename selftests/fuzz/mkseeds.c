// SPDX-License-Identifier: GPL-2.0
/*
 * mkseeds DIR: write the seed corpora DIR/insn_decode (every encoding of
 * the unit test's reference table, as mode byte + bytes) and DIR/page_walk
 * (small page-table layouts for each paging mode, in the layout described
 * in page_walk_fuzz.c). `make seeds` runs it; its output is committed.
 * The walker seeds keep every paging structure in one small page at
 * guest-physical 0, using a different index at each level, so each seed
 * is a few dozen bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "insn_decode.h"

#define INSN_DECODE_TABLE_ONLY
#include "insn_decode_test.c"

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
	for (i = 0; i < ARRAY_SIZE(insn_cases); i++) {
		char name[16];

		buf[0] = insn_cases[i].mode;
		memcpy(buf + 1, insn_cases[i].bytes, insn_cases[i].n);
		snprintf(name, sizeof(name), "table-%03u", i);
		write_file(dir, name, buf, 1 + insn_cases[i].n);
	}
	snprintf(dir, sizeof(dir), "%s/page_walk", argv[1]);
	for (i = 0; i < ARRAY_SIZE(walk_seeds); i++)
		walk_seed(dir, &walk_seeds[i]);
	return 0;
}
