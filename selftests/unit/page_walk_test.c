// SPDX-License-Identifier: GPL-2.0
/*
 * The guest page-table walker (kmod/x86/page_walk.c) on page tables built
 * in a fake guest memory: translations and page sizes in every paging
 * mode, page faults with their exact error codes (SDM vol. 3A, 4.7),
 * reserved bits, WP, NX, SMEP and SMAP, and the accessed and dirty flags.
 */
#include <stdlib.h>
#include <string.h>
#include "page_walk.h"
#include "kselftest_harness.h"

#define P	0x001ULL
#define RW	0x002ULL
#define US	0x004ULL
#define A	0x020ULL
#define D	0x040ULL
#define PS	0x080ULL
#define XD	(1ULL << 63)

#define MEM_SIZE	(1U << 20)
#define TABLES		0x10000ULL	/* page tables are allocated from here */

#define R		0
#define W		HVX_WALK_WRITE
#define U		HVX_WALK_USER
#define X		HVX_WALK_FETCH
#define IMPLICIT	HVX_WALK_IMPLICIT

/* Guest memory, and what the walker did to it. */
struct fake_mem {
	u8 *bytes;
	u64 size;
	u64 next_table;
	unsigned int reads, cmpxchgs;
	unsigned int races;	/* cmpxchgs to fail as if a vCPU raced us */
	bool cmpxchg_fails;	/* cmpxchgs say "not guest memory" */
	struct hvx_walk_ctx ctx;
};

static bool in_mem(struct fake_mem *m, u64 gpa, unsigned int size)
{
	return gpa < m->size && size <= m->size - gpa && !(gpa % size);
}

static u64 peek(struct fake_mem *m, u64 gpa, unsigned int size)
{
	u64 v = 0;

	memcpy(&v, m->bytes + gpa, size);
	return v;
}

static void poke(struct fake_mem *m, u64 gpa, unsigned int size, u64 v)
{
	memcpy(m->bytes + gpa, &v, size);
}

static int mem_read(void *opaque, u64 gpa, unsigned int size, u64 *val)
{
	struct fake_mem *m = opaque;

	if ((size != 4 && size != 8) || !in_mem(m, gpa, size))
		return -1;
	m->reads++;
	*val = peek(m, gpa, size);
	return 0;
}

static int mem_cmpxchg(void *opaque, u64 gpa, unsigned int size, u64 old,
		       u64 val)
{
	struct fake_mem *m = opaque;

	if ((size != 4 && size != 8) || !in_mem(m, gpa, size) ||
	    m->cmpxchg_fails)
		return -1;
	m->cmpxchgs++;
	if (m->races) {
		m->races--;
		return HVX_CMPXCHG_CHANGED;
	}
	if (peek(m, gpa, size) != old)
		return HVX_CMPXCHG_CHANGED;
	poke(m, gpa, size, val);
	return HVX_CMPXCHG_DONE;
}

static struct fake_mem *mem_new(void)
{
	struct fake_mem *m = calloc(1, sizeof(*m));

	m->bytes = calloc(1, MEM_SIZE);
	m->size = MEM_SIZE;
	m->next_table = TABLES;
	m->ctx = (struct hvx_walk_ctx) {
		.maxphyaddr = 46, .gbpages = true, .opaque = m,
		.read_gpa = mem_read, .cmpxchg_gpa = mem_cmpxchg,
	};
	return m;
}

static void mem_free(struct fake_mem *m)
{
	free(m->bytes);
	free(m);
}

static u64 new_table(struct fake_mem *m)
{
	u64 t = m->next_table;

	m->next_table += 0x1000;
	return t;
}

/* Long mode with CR0.WP and EFER.NXE, 4 or 5 levels. */
static struct fake_mem *long_mode(bool la57)
{
	struct fake_mem *m = mem_new();

	m->ctx.cr0 = HVX_CR0_PE | HVX_CR0_PG | HVX_CR0_WP;
	m->ctx.cr4 = HVX_CR4_PAE | (la57 ? HVX_CR4_LA57 : 0);
	m->ctx.efer = HVX_EFER_LME | HVX_EFER_LMA | HVX_EFER_NXE;
	m->ctx.cr3 = new_table(m);
	return m;
}

static struct fake_mem *paging32(u64 cr4)
{
	struct fake_mem *m = mem_new();

	m->ctx.cr0 = HVX_CR0_PE | HVX_CR0_PG | HVX_CR0_WP;
	m->ctx.cr4 = cr4;
	m->ctx.cr3 = new_table(m);
	return m;
}

/* PAE: the four PDPTEs point at four page directories. */
static struct fake_mem *pae_mode(void)
{
	struct fake_mem *m = mem_new();
	int i;

	m->ctx.cr0 = HVX_CR0_PE | HVX_CR0_PG | HVX_CR0_WP;
	m->ctx.cr4 = HVX_CR4_PAE;
	m->ctx.efer = HVX_EFER_NXE;
	for (i = 0; i < 4; i++)
		m->ctx.pdpte[i] = new_table(m) | P;
	return m;
}

static unsigned int esize(struct fake_mem *m)
{
	return hvx_paging_mode(&m->ctx) == HVX_PAGING_32 ? 4 : 8;
}

static unsigned int top_level(struct fake_mem *m)
{
	switch (hvx_paging_mode(&m->ctx)) {
	case HVX_PAGING_5LEVEL:
		return 5;
	case HVX_PAGING_4LEVEL:
		return 4;
	default:
		return 2;
	}
}

static unsigned int shift(struct fake_mem *m, unsigned int level)
{
	return 12 + (level - 1) * (esize(m) == 4 ? 10 : 9);
}

/*
 * The address of @gva's entry at @level, making the tables above it
 * (present, writable, user) where they are missing.
 */
static u64 entry_at(struct fake_mem *m, u64 gva, unsigned int level)
{
	unsigned int l = top_level(m), es = esize(m);
	u64 mask = es == 4 ? 0x3ff : 0x1ff, table, e, gpa;

	if (hvx_paging_mode(&m->ctx) == HVX_PAGING_PAE)
		table = m->ctx.pdpte[(gva >> 30) & 3] & ~0xfffULL;
	else
		table = m->ctx.cr3 & ~0xfffULL;
	for (;; l--) {
		gpa = table + ((gva >> shift(m, l)) & mask) * es;
		if (l == level)
			return gpa;
		e = peek(m, gpa, es);
		if (!(e & P)) {
			e = new_table(m) | P | RW | US;
			poke(m, gpa, es, e);
		}
		table = e & (es == 4 ? 0xfffff000ULL : 0x000ffffffffff000ULL);
	}
}

static u64 get(struct fake_mem *m, u64 gva, unsigned int level)
{
	return peek(m, entry_at(m, gva, level), esize(m));
}

static void set(struct fake_mem *m, u64 gva, unsigned int level, u64 e)
{
	poke(m, entry_at(m, gva, level), esize(m), e);
}

/* Clear @bits in the entries above @level for @gva, ORing in @or. */
static void upper(struct fake_mem *m, u64 gva, unsigned int level,
		  u64 clear, u64 or)
{
	set(m, gva, level, (get(m, gva, level) & ~clear) | or);
}

static int walk(struct fake_mem *m, u64 gva, u32 access,
		struct hvx_walk_result *r)
{
	return hvx_page_walk(&m->ctx, gva, access, r);
}

/* The error code of a walk expected to fault, or -1 if it didn't. */
static long pf(struct fake_mem *m, u64 gva, u32 access)
{
	struct hvx_walk_result r;

	if (walk(m, gva, access, &r) != HVX_WALK_FAULT)
		return -1;
	return r.error_code;
}

static bool ok(struct fake_mem *m, u64 gva, u32 access)
{
	struct hvx_walk_result r;

	return walk(m, gva, access, &r) == HVX_WALK_OK;
}

#define VA	0x00007f1234567abcULL

TEST(paging_modes)
{
	struct hvx_walk_ctx c = { 0 };

	ASSERT_EQ(HVX_PAGING_OFF, hvx_paging_mode(&c));
	c.cr4 = HVX_CR4_PAE | HVX_CR4_LA57;
	c.efer = HVX_EFER_LMA;
	ASSERT_EQ(HVX_PAGING_OFF, hvx_paging_mode(&c));
	c.cr0 = HVX_CR0_PG;
	c.cr4 = HVX_CR4_PSE | HVX_CR4_LA57;
	c.efer = 0;
	ASSERT_EQ(HVX_PAGING_32, hvx_paging_mode(&c));
	c.cr4 = HVX_CR4_PAE | HVX_CR4_LA57;
	ASSERT_EQ(HVX_PAGING_PAE, hvx_paging_mode(&c));
	c.efer = HVX_EFER_LMA;
	ASSERT_EQ(HVX_PAGING_5LEVEL, hvx_paging_mode(&c));
	c.cr4 = HVX_CR4_PAE;
	ASSERT_EQ(HVX_PAGING_4LEVEL, hvx_paging_mode(&c));
}

/* Paging off: the linear address is the physical one, wrapping at 4 GiB. */
TEST(paging_off)
{
	struct fake_mem *m = mem_new();
	struct hvx_walk_result r;

	m->ctx.cr0 = HVX_CR0_PE;
	ASSERT_EQ(HVX_WALK_OK, walk(m, 0x123456789ULL, W | U | X, &r));
	ASSERT_EQ(0x23456789ULL, r.gpa);
	ASSERT_EQ(4096ULL, r.page_size);
	ASSERT_EQ(0, m->reads);
	m->ctx.cr0 = 0;
	ASSERT_EQ(HVX_WALK_OK, walk(m, 0xb8000, R, &r));
	ASSERT_EQ(0xb8000ULL, r.gpa);
	mem_free(m);
}

TEST(long_mode_4k)
{
	struct fake_mem *m = long_mode(false);
	struct hvx_walk_result r;
	unsigned int l;

	set(m, VA, 1, 0xabcde000ULL | P | RW);
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, R, &r));
	ASSERT_EQ(0xabcdeabcULL, r.gpa);
	ASSERT_EQ(4096ULL, r.page_size);
	ASSERT_EQ(1, r.level);
	ASSERT_EQ(0xabcde000ULL | P | RW | A, r.entry);
	ASSERT_EQ(4, m->reads);
	/* A on every level, D nowhere after a read. */
	for (l = 1; l <= 4; l++) {
		ASSERT_TRUE(get(m, VA, l) & A);
		ASSERT_FALSE(get(m, VA, l) & D);
	}
	/* A write sets D in the PTE only; A was already there. */
	m->cmpxchgs = 0;
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, W, &r));
	ASSERT_EQ(1, m->cmpxchgs);
	ASSERT_TRUE(get(m, VA, 1) & D);
	for (l = 2; l <= 4; l++)
		ASSERT_FALSE(get(m, VA, l) & D);
	/* Nothing left to set: no more writes to guest memory. */
	m->cmpxchgs = 0;
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, W, &r));
	ASSERT_EQ(0, m->cmpxchgs);
	mem_free(m);
}

TEST(long_mode_large_pages)
{
	struct fake_mem *m = long_mode(false);
	struct hvx_walk_result r;

	/* 2 MiB: bits 20:0 of the address are the offset. */
	set(m, VA, 2, 0x40000000ULL | PS | P | RW);
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, W, &r));
	ASSERT_EQ(0x40000000ULL | (VA & 0x1fffff), r.gpa);
	ASSERT_EQ(2ULL << 20, r.page_size);
	ASSERT_EQ(2, r.level);
	ASSERT_EQ(0x40000000ULL | PS | P | RW | A | D, get(m, VA, 2));
	ASSERT_FALSE(get(m, VA, 3) & D);
	/* The PAT bit (12) of a large page is no address bit. */
	set(m, VA, 2, 0x40000000ULL | (1 << 12) | PS | P);
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, R, &r));
	ASSERT_EQ(0x40000000ULL | (VA & 0x1fffff), r.gpa);
	/* 1 GiB. */
	set(m, VA, 3, 0x3c0000000ULL | PS | P | RW);
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, R, &r));
	ASSERT_EQ(0x3c0000000ULL | (VA & 0x3fffffff), r.gpa);
	ASSERT_EQ(1ULL << 30, r.page_size);
	ASSERT_EQ(3, r.level);
	ASSERT_EQ(0x3c0000000ULL | PS | P | RW | A, get(m, VA, 3));
	/* Without 1-GByte pages, PS in a PDPTE is reserved. */
	m->ctx.gbpages = false;
	ASSERT_EQ(HVX_PF_P | HVX_PF_RSVD, pf(m, VA, R));
	ASSERT_EQ(HVX_PF_P | HVX_PF_RSVD | HVX_PF_W | HVX_PF_U,
		  pf(m, VA, W | U));
	mem_free(m);
}

TEST(five_level)
{
	struct fake_mem *m = long_mode(true);
	struct hvx_walk_result r;
	u64 va = 0x00ff801234567000ULL;
	unsigned int l;

	set(m, va, 1, 0x5000ULL | P);
	ASSERT_EQ(HVX_WALK_OK, walk(m, va, R, &r));
	ASSERT_EQ(0x5000ULL, r.gpa);
	ASSERT_EQ(5, m->reads);
	for (l = 1; l <= 5; l++)
		ASSERT_TRUE(get(m, va, l) & A);
	/* 57-bit canonical: bit 56 copies into 63:57. */
	ASSERT_EQ(HVX_WALK_NONCANONICAL, walk(m, 0x0100000000000000ULL, R, &r));
	ASSERT_EQ(HVX_WALK_FAULT, walk(m, 0xff00000000000000ULL, R, &r));
	/* PS in a PML5E is reserved. */
	upper(m, va, 5, 0, PS);
	ASSERT_EQ(HVX_PF_P | HVX_PF_RSVD, pf(m, va, R));
	mem_free(m);
}

TEST(canonical_addresses)
{
	struct fake_mem *m = long_mode(false);
	struct hvx_walk_result r;

	ASSERT_EQ(HVX_WALK_NONCANONICAL, walk(m, 0x0000800000000000ULL, R, &r));
	ASSERT_EQ(HVX_WALK_NONCANONICAL, walk(m, 0xfff0000000000000ULL, R, &r));
	ASSERT_EQ(0, m->reads);
	set(m, 0xffff800000001000ULL, 1, 0x7000ULL | P);
	ASSERT_EQ(HVX_WALK_OK, walk(m, 0xffff800000001008ULL, R, &r));
	ASSERT_EQ(0x7008ULL, r.gpa);
	/* The top of the lower half is canonical (and not mapped). */
	ASSERT_EQ(HVX_WALK_FAULT, walk(m, 0x00007fffffffffffULL, R, &r));
	mem_free(m);
}

/* Not present at each level: P=0 in the error code, and the level. */
TEST(not_present)
{
	struct fake_mem *m = long_mode(false);
	struct hvx_walk_result r;
	u64 gpa[5];
	unsigned int l;

	set(m, VA, 1, 0x9000ULL | RW | US);	/* P clear */
	for (l = 1; l <= 4; l++)
		gpa[l] = entry_at(m, VA, l);
	for (l = 1; l <= 4; l++) {
		poke(m, gpa[l], 8, peek(m, gpa[l], 8) & ~P);
		ASSERT_EQ(HVX_WALK_FAULT, walk(m, VA, R, &r));
		ASSERT_EQ(0, r.error_code);
		ASSERT_EQ(l, r.level);
		ASSERT_EQ(peek(m, gpa[l], 8), r.entry);
		ASSERT_EQ(0ULL, r.gpa);
		ASSERT_EQ(HVX_PF_W, pf(m, VA, W));
		ASSERT_EQ(HVX_PF_W | HVX_PF_U, pf(m, VA, W | U));
		ASSERT_EQ(HVX_PF_U | HVX_PF_ID, pf(m, VA, U | X));
		/* Reserved bits in a not-present entry don't count. */
		poke(m, gpa[l], 8, peek(m, gpa[l], 8) | (1ULL << 50) | PS);
		ASSERT_EQ(0, pf(m, VA, R));
	}
	/* A faulting walk sets no accessed flags. */
	for (l = 1; l <= 4; l++)
		ASSERT_FALSE(peek(m, gpa[l], 8) & A);
	ASSERT_EQ(0, m->cmpxchgs);
	mem_free(m);
}

TEST(reserved_bits_long_mode)
{
	struct fake_mem *m = long_mode(false);
	const long rsvd = HVX_PF_P | HVX_PF_RSVD;
	struct hvx_walk_result r;

	/* Physical-address bits at and above MAXPHYADDR (46). */
	set(m, VA, 1, (1ULL << 46) | 0x1000 | P);
	ASSERT_EQ(HVX_WALK_FAULT, walk(m, VA, R, &r));
	ASSERT_EQ(rsvd, r.error_code);
	ASSERT_EQ(1, r.level);
	m->ctx.maxphyaddr = 52;
	ASSERT_TRUE(ok(m, VA, R));
	m->ctx.maxphyaddr = 46;
	set(m, VA, 1, (1ULL << 45) | 0x1000 | P);
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, R, &r));
	ASSERT_EQ((1ULL << 45) | 0x1abc, r.gpa);
	/* Bits 62:52 are ignored, not reserved. */
	set(m, VA, 1, (0x7ffULL << 52) | 0x1000 | P);
	ASSERT_TRUE(ok(m, VA, R));
	/* XD is reserved without EFER.NXE: RSVD, with I/D off. */
	set(m, VA, 1, XD | 0x1000 | P);
	ASSERT_EQ(HVX_PF_P | HVX_PF_ID, pf(m, VA, X));
	m->ctx.efer &= ~HVX_EFER_NXE;
	ASSERT_EQ(rsvd, pf(m, VA, R));
	ASSERT_EQ(rsvd, pf(m, VA, X));
	m->ctx.efer |= HVX_EFER_NXE;
	set(m, VA, 1, 0x1000 | P);
	/* Reserved bits in an upper level, and PS in a PML4E. */
	upper(m, VA, 3, 0, 1ULL << 47);
	ASSERT_EQ(HVX_WALK_FAULT, walk(m, VA, R, &r));
	ASSERT_EQ(rsvd, r.error_code);
	ASSERT_EQ(3, r.level);
	upper(m, VA, 3, 1ULL << 47, 0);
	upper(m, VA, 4, 0, PS);
	ASSERT_EQ(rsvd | HVX_PF_W | HVX_PF_U, pf(m, VA, W | U));
	upper(m, VA, 4, PS, 0);
	/* Large pages: bits between the PAT bit and the frame. */
	set(m, VA, 2, 0x200000ULL | (1ULL << 13) | PS | P);
	ASSERT_EQ(rsvd, pf(m, VA, R));
	set(m, VA, 2, 0x200000ULL | (1ULL << 20) | PS | P);
	ASSERT_EQ(rsvd, pf(m, VA, R));
	set(m, VA, 2, 0x200000ULL | (1ULL << 21) | PS | P);
	ASSERT_TRUE(ok(m, VA, R));
	set(m, VA, 3, 0x40000000ULL | (1ULL << 29) | PS | P);
	ASSERT_EQ(rsvd, pf(m, VA, R));
	set(m, VA, 3, 0x40000000ULL | (1ULL << 13) | PS | P);
	ASSERT_EQ(rsvd, pf(m, VA, R));
	set(m, VA, 3, 0xc0000000ULL | PS | P);
	ASSERT_TRUE(ok(m, VA, R));
	mem_free(m);
}

/* User/supervisor and read/write, with CR0.WP (SDM 4.6.1). */
TEST(user_supervisor_write_protect)
{
	struct fake_mem *m = long_mode(false);

	set(m, VA, 1, 0x1000 | P | RW | US);
	ASSERT_TRUE(ok(m, VA, R | U));
	ASSERT_TRUE(ok(m, VA, W | U));
	/* U/S=0 at any one level makes a supervisor page. */
	upper(m, VA, 3, US, 0);
	ASSERT_EQ(HVX_PF_P | HVX_PF_U, pf(m, VA, R | U));
	ASSERT_EQ(HVX_PF_P | HVX_PF_W | HVX_PF_U, pf(m, VA, W | U));
	ASSERT_TRUE(ok(m, VA, R));
	ASSERT_TRUE(ok(m, VA, W));
	/* Implicit accesses are supervisor ones, even at CPL 3. */
	ASSERT_TRUE(ok(m, VA, W | U | IMPLICIT));
	upper(m, VA, 3, 0, US);
	/* R/W=0 at any one level: user writes fault, so do supervisor
	 * writes with WP=1, but not with WP=0.
	 */
	upper(m, VA, 2, RW, 0);
	ASSERT_TRUE(ok(m, VA, R | U));
	ASSERT_EQ(HVX_PF_P | HVX_PF_W | HVX_PF_U, pf(m, VA, W | U));
	ASSERT_EQ(HVX_PF_P | HVX_PF_W, pf(m, VA, W));
	m->ctx.cr0 &= ~HVX_CR0_WP;
	ASSERT_TRUE(ok(m, VA, W));
	ASSERT_EQ(HVX_PF_P | HVX_PF_W | HVX_PF_U, pf(m, VA, W | U));
	/* Supervisor page, read-only, WP=0: still writable by the kernel. */
	upper(m, VA, 4, US, 0);
	ASSERT_TRUE(ok(m, VA, W));
	m->ctx.cr0 |= HVX_CR0_WP;
	ASSERT_EQ(HVX_PF_P | HVX_PF_W, pf(m, VA, W));
	mem_free(m);
}

TEST(execute_disable)
{
	struct fake_mem *m = long_mode(false);

	set(m, VA, 1, 0x1000 | P | RW | US);
	ASSERT_TRUE(ok(m, VA, X));
	ASSERT_TRUE(ok(m, VA, X | U));
	/* XD at any level bars fetches, and only fetches. */
	upper(m, VA, 4, 0, XD);
	ASSERT_EQ(HVX_PF_P | HVX_PF_ID, pf(m, VA, X));
	ASSERT_EQ(HVX_PF_P | HVX_PF_ID | HVX_PF_U, pf(m, VA, X | U));
	ASSERT_TRUE(ok(m, VA, R | U));
	ASSERT_TRUE(ok(m, VA, W));
	upper(m, VA, 4, XD, 0);
	set(m, VA, 1, 0x1000 | P | RW | US | XD);
	ASSERT_EQ(HVX_PF_P | HVX_PF_ID, pf(m, VA, X));
	/* User fetches from supervisor pages fault whatever XD says. */
	set(m, VA, 1, 0x1000 | P | RW);
	ASSERT_EQ(HVX_PF_P | HVX_PF_ID | HVX_PF_U, pf(m, VA, X | U));
	/* No CPU writes and fetches at once; if asked, both rules apply. */
	set(m, VA, 1, 0x1000 | P);
	ASSERT_EQ(HVX_PF_P | HVX_PF_W | HVX_PF_ID, pf(m, VA, W | X));
	m->ctx.cr0 &= ~HVX_CR0_WP;
	ASSERT_TRUE(ok(m, VA, W | X));
	m->ctx.cr4 |= HVX_CR4_SMAP;
	set(m, VA, 1, 0x1000 | P | US);
	ASSERT_EQ(HVX_PF_P | HVX_PF_W | HVX_PF_ID, pf(m, VA, W | X));
	mem_free(m);
}

/* SMEP bars supervisor fetches from user pages; I/D is then set. */
TEST(smep)
{
	struct fake_mem *m = long_mode(false);

	set(m, VA, 1, 0x1000 | P | US);
	ASSERT_TRUE(ok(m, VA, X));
	m->ctx.cr4 |= HVX_CR4_SMEP;
	ASSERT_EQ(HVX_PF_P | HVX_PF_ID, pf(m, VA, X));
	ASSERT_TRUE(ok(m, VA, X | U));
	ASSERT_TRUE(ok(m, VA, R));
	/* Supervisor pages are unaffected. */
	upper(m, VA, 2, US, 0);
	ASSERT_TRUE(ok(m, VA, X));
	/* Without NXE, I/D is set on fetch faults only because of SMEP. */
	m->ctx.efer &= ~HVX_EFER_NXE;
	set(m, VA, 1, 0x1000);
	ASSERT_EQ(HVX_PF_ID, pf(m, VA, X));
	m->ctx.cr4 &= ~HVX_CR4_SMEP;
	ASSERT_EQ(0, pf(m, VA, X));
	mem_free(m);
}

/* SMAP: supervisor data accesses to user pages, RFLAGS.AC, implicit. */
TEST(smap)
{
	struct fake_mem *m = long_mode(false);

	set(m, VA, 1, 0x1000 | P | RW | US);
	m->ctx.cr4 |= HVX_CR4_SMAP;
	ASSERT_EQ(HVX_PF_P, pf(m, VA, R));
	ASSERT_EQ(HVX_PF_P | HVX_PF_W, pf(m, VA, W));
	ASSERT_TRUE(ok(m, VA, R | U));
	ASSERT_TRUE(ok(m, VA, W | U));
	/* Fetches are SMEP's business, not SMAP's. */
	ASSERT_TRUE(ok(m, VA, X));
	m->ctx.rflags = HVX_RFLAGS_AC;
	ASSERT_TRUE(ok(m, VA, R));
	ASSERT_TRUE(ok(m, VA, W));
	/* AC does not open user pages to implicit accesses. */
	ASSERT_EQ(HVX_PF_P, pf(m, VA, R | IMPLICIT));
	ASSERT_EQ(HVX_PF_P | HVX_PF_W, pf(m, VA, W | U | IMPLICIT));
	/* With AC=1, a read-only user page obeys WP as without SMAP. */
	upper(m, VA, 3, RW, 0);
	ASSERT_EQ(HVX_PF_P | HVX_PF_W, pf(m, VA, W));
	m->ctx.cr0 &= ~HVX_CR0_WP;
	ASSERT_TRUE(ok(m, VA, W));
	m->ctx.rflags = 0;
	ASSERT_EQ(HVX_PF_P | HVX_PF_W, pf(m, VA, W));
	/* Supervisor pages are unaffected. */
	upper(m, VA, 1, US, 0);
	ASSERT_TRUE(ok(m, VA, R | IMPLICIT));
	mem_free(m);
}

TEST(paging32_4k)
{
	struct fake_mem *m = paging32(0);
	struct hvx_walk_result r;
	u64 va = 0xc0123456ULL, pte;

	set(m, va, 1, 0xfedcb000ULL | P | RW | US);
	/* The neighbouring 4-byte entry must not be touched. */
	poke(m, entry_at(m, va, 1) + 4, 4, 0x11111111);
	ASSERT_EQ(HVX_WALK_OK, walk(m, va, W | U, &r));
	ASSERT_EQ(0xfedcb456ULL, r.gpa);
	ASSERT_EQ(4096ULL, r.page_size);
	ASSERT_EQ(2, m->reads);
	pte = get(m, va, 1);
	ASSERT_EQ(0xfedcb000ULL | P | RW | US | A | D, pte);
	ASSERT_EQ(0x11111111ULL, peek(m, entry_at(m, va, 1) + 4, 4));
	ASSERT_EQ(P | RW | US | A, get(m, va, 2) & 0xfff);
	/* Linear addresses are 32 bits: the upper half wraps away. */
	ASSERT_EQ(HVX_WALK_OK, walk(m, va | (5ULL << 32), R, &r));
	ASSERT_EQ(0xfedcb456ULL, r.gpa);
	/* No XD in 32-bit paging: bit 31 is an address bit, and fetch
	 * faults carry no I/D without SMEP.
	 */
	m->ctx.efer = HVX_EFER_NXE;
	ASSERT_TRUE(ok(m, va, X | U));
	set(m, va, 1, 0xfedcb000ULL | P);
	ASSERT_EQ(HVX_PF_P | HVX_PF_U, pf(m, va, X | U));
	m->ctx.cr4 |= HVX_CR4_SMEP;
	ASSERT_EQ(HVX_PF_P | HVX_PF_U | HVX_PF_ID, pf(m, va, X | U));
	set(m, va, 1, 0);
	ASSERT_EQ(HVX_PF_ID, pf(m, va, X));
	mem_free(m);
}

TEST(paging32_4m_and_pse36)
{
	struct fake_mem *m = paging32(HVX_CR4_PSE);
	struct hvx_walk_result r;
	u64 va = 0x80654321ULL;

	set(m, va, 2, 0x12c00000ULL | PS | P | RW);
	ASSERT_EQ(HVX_WALK_OK, walk(m, va, W, &r));
	ASSERT_EQ(0x12c00000ULL | (va & 0x3fffff), r.gpa);
	ASSERT_EQ(4ULL << 20, r.page_size);
	ASSERT_EQ(2, r.level);
	ASSERT_EQ(0x12c00000ULL | PS | P | RW | A | D, get(m, va, 2));
	ASSERT_EQ(1, m->reads);
	/* PSE-36: bits 20:13 are physical-address bits 39:32. */
	m->ctx.maxphyaddr = 40;
	set(m, va, 2, 0x12c00000ULL | (0xabULL << 13) | PS | P);
	ASSERT_EQ(HVX_WALK_OK, walk(m, va, R, &r));
	ASSERT_EQ(0xab12c00000ULL | (va & 0x3fffff), r.gpa);
	/* Bit 21 is always reserved; with MAXPHYADDR 36, so are 20:17. */
	set(m, va, 2, 0x12c00000ULL | (1ULL << 21) | PS | P);
	ASSERT_EQ(HVX_PF_P | HVX_PF_RSVD, pf(m, va, R));
	m->ctx.maxphyaddr = 36;
	set(m, va, 2, 0x12c00000ULL | (0x0fULL << 13) | PS | P);
	ASSERT_EQ(HVX_WALK_OK, walk(m, va, R, &r));
	ASSERT_EQ(0xf12c00000ULL | (va & 0x3fffff), r.gpa);
	set(m, va, 2, 0x12c00000ULL | (0x10ULL << 13) | PS | P);
	ASSERT_EQ(HVX_PF_P | HVX_PF_RSVD, pf(m, va, R));
	/* Without CR4.PSE, PS is ignored: the PDE names a page table. */
	m->ctx.cr4 = 0;
	set(m, va, 2, 0x8000ULL | PS | P | RW);
	poke(m, 0x8000 + ((va >> 12) & 0x3ff) * 4, 4, 0x77000000 | P);
	ASSERT_EQ(HVX_WALK_OK, walk(m, va, R, &r));
	ASSERT_EQ(0x77000000ULL | (va & 0xfff), r.gpa);
	ASSERT_EQ(4096ULL, r.page_size);
	mem_free(m);
}

TEST(pae)
{
	struct fake_mem *m = pae_mode();
	struct hvx_walk_result r;
	u64 va = 0xc0312345ULL;

	set(m, va, 1, 0x7654321000ULL | P | RW);
	ASSERT_EQ(HVX_WALK_OK, walk(m, va, W, &r));
	ASSERT_EQ(0x7654321345ULL, r.gpa);
	ASSERT_EQ(4096ULL, r.page_size);
	/* Two levels in memory; the PDPTE comes from the registers. */
	ASSERT_EQ(2, m->reads);
	ASSERT_EQ(0x7654321000ULL | P | RW | A | D, get(m, va, 1));
	ASSERT_TRUE(get(m, va, 2) & A);
	/* 2 MiB pages, whatever CR4.PSE says. */
	set(m, va, 2, 0x40000000ULL | PS | P | RW);
	ASSERT_EQ(HVX_WALK_OK, walk(m, va, R, &r));
	ASSERT_EQ(0x40000000ULL | (va & 0x1fffff), r.gpa);
	ASSERT_EQ(2ULL << 20, r.page_size);
	/* Unlike 4-level paging, PAE reserves bits 62:MAXPHYADDR. */
	set(m, va, 2, 0x40000000ULL | (1ULL << 60) | PS | P);
	ASSERT_EQ(HVX_PF_P | HVX_PF_RSVD, pf(m, va, R));
	set(m, va, 2, 0x40000000ULL | XD | PS | P);
	ASSERT_EQ(HVX_PF_P | HVX_PF_ID, pf(m, va, X));
	ASSERT_TRUE(ok(m, va, R));
	/* PDPTE: not present, reserved bits (R/W, U/S and XD too). */
	m->ctx.pdpte[3] &= ~P;
	ASSERT_EQ(HVX_WALK_FAULT, walk(m, va, W, &r));
	ASSERT_EQ(HVX_PF_W, r.error_code);
	ASSERT_EQ(3, r.level);
	m->ctx.pdpte[3] |= P | RW;
	ASSERT_EQ(HVX_PF_P | HVX_PF_RSVD, pf(m, va, R));
	m->ctx.pdpte[3] &= ~RW;
	m->ctx.pdpte[3] |= XD;
	ASSERT_EQ(HVX_PF_P | HVX_PF_RSVD, pf(m, va, R));
	m->ctx.pdpte[3] &= ~XD;
	ASSERT_TRUE(ok(m, va, R));
	/* Each quarter of the address space has its own PDPTE. */
	ASSERT_EQ(HVX_WALK_FAULT, walk(m, 0x00312345ULL, R, &r));
	ASSERT_EQ(2, r.level);
	mem_free(m);
}

/* Paging structures outside guest memory are no page fault. */
TEST(tables_outside_memory)
{
	struct fake_mem *m = long_mode(false);
	struct hvx_walk_result r;

	set(m, VA, 1, 0x1000 | P);
	upper(m, VA, 3, 0xfffff000ULL, 0x40000000ULL);
	ASSERT_EQ(HVX_WALK_BAD_GPA, walk(m, VA, R, &r));
	ASSERT_EQ(2, r.level);
	ASSERT_EQ(0x40000000ULL + ((VA >> 21) & 0x1ff) * 8, r.gpa);
	m->ctx.cr3 = 0x7ff000000ULL;
	ASSERT_EQ(HVX_WALK_BAD_GPA, walk(m, VA, R, &r));
	ASSERT_EQ(4, r.level);
	mem_free(m);
}

/* The final page may well be outside memory: that is the MMIO case. */
TEST(final_page_outside_memory)
{
	struct fake_mem *m = long_mode(false);
	struct hvx_walk_result r;

	set(m, VA, 1, 0xfee00000ULL | P | RW);
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, W, &r));
	ASSERT_EQ(0xfee00abcULL, r.gpa);
	mem_free(m);
}

/* A vCPU changing an entry under the A/D update: the walk starts over. */
TEST(accessed_dirty_races)
{
	struct fake_mem *m = long_mode(false);
	struct hvx_walk_result r;

	set(m, VA, 1, 0x1000 | P | RW);
	m->races = 1;
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, W, &r));
	ASSERT_EQ(8, m->reads);
	ASSERT_EQ(P | RW | A | D, get(m, VA, 1) & 0xfff);
	/* One that never stops winning gets "again", not a livelock. */
	set(m, VA, 1, 0x1000 | P | RW);
	m->races = 1000;
	ASSERT_EQ(HVX_WALK_AGAIN, walk(m, VA, W, &r));
	ASSERT_LT(m->races, 1000);
	ASSERT_GT(m->races, 900);
	/* A cmpxchg that finds no memory. */
	m->races = 0;
	m->cmpxchg_fails = true;
	ASSERT_EQ(HVX_WALK_BAD_GPA, walk(m, VA, W, &r));
	mem_free(m);
}

/* A real race: the guest clears P between our read and our cmpxchg. */
static int racing_cmpxchg(void *opaque, u64 gpa, unsigned int size, u64 old,
			  u64 val)
{
	struct fake_mem *m = opaque;

	if (m->races) {
		m->races--;
		poke(m, gpa, size, peek(m, gpa, size) & ~P);
	}
	return mem_cmpxchg(opaque, gpa, size, old, val);
}

TEST(race_to_not_present)
{
	struct fake_mem *m = long_mode(false);
	struct hvx_walk_result r;

	set(m, VA, 1, 0x1000 | P | RW);
	m->ctx.cmpxchg_gpa = racing_cmpxchg;
	m->races = 1;
	ASSERT_EQ(HVX_WALK_FAULT, walk(m, VA, R, &r));
	ASSERT_EQ(0, r.error_code);
	ASSERT_EQ(4, r.level);
	mem_free(m);
}

/* A PML4 that maps itself (a "recursive" slot) converges. */
TEST(self_referencing_tables)
{
	struct fake_mem *m = long_mode(false);
	struct hvx_walk_result r;
	u64 self = 0xffffff8000000000ULL;	/* PML4 slot 511 */
	u64 va = self | (511ULL << 30) | (511ULL << 21) | (511ULL << 12);

	poke(m, m->ctx.cr3 + 511 * 8, 8, m->ctx.cr3 | P | RW);
	ASSERT_EQ(HVX_WALK_OK, walk(m, va | 0x10, W, &r));
	ASSERT_EQ(m->ctx.cr3 | 0x10, r.gpa);
	ASSERT_EQ(m->ctx.cr3 | P | RW | A | D, peek(m, m->ctx.cr3 + 511 * 8, 8));
	mem_free(m);
}

/* MAXPHYADDR limits where CR3 points, and out-of-range values clamp. */
TEST(cr3_and_maxphyaddr)
{
	struct fake_mem *m = long_mode(false);
	struct hvx_walk_result r;

	set(m, VA, 1, 0x1000 | P);
	/* PCID and the bits above MAXPHYADDR in CR3 are no address bits. */
	m->ctx.cr3 |= 0xabc | (1ULL << 62) | (1ULL << 50);
	m->ctx.cr4 |= 1ULL << 17;
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, R, &r));
	ASSERT_EQ(0x1abcULL, r.gpa);
	/* Out-of-range widths are clamped to 32..52. */
	m->ctx.cr3 &= ~(1ULL << 50);
	m->ctx.maxphyaddr = 200;
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, R, &r));
	m->ctx.maxphyaddr = 0;
	ASSERT_EQ(HVX_WALK_OK, walk(m, VA, R, &r));
	mem_free(m);
}

TEST_HARNESS_MAIN
