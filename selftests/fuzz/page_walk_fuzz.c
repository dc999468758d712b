// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the guest page-table walker. The input is a 64-byte
 * header (control registers, access, address; layout below) followed by
 * guest memory at guest-physical 0. Memory is a heap copy of exactly that
 * size, reached only through callbacks that check bounds and alignment, so
 * AddressSanitizer sees any stray access. Beyond "no crash", it checks:
 *   - every status and error code is well-formed for the access;
 *   - a translation lands in the frame its final entry names, at the
 *     linear address's offset, with a legal page size for the mode;
 *   - the final entry allows the access as far as one entry can tell;
 *   - memory changes only by setting A/D bits (4.8), and not at all when
 *     the walk fails;
 *   - a second identical walk gives the same answer and writes nothing.
 * With the "interfere" flag the cmpxchg callback flips bits in memory as a
 * racing vCPU would; then only crash-freedom and well-formedness count.
 */
#include <stdlib.h>
#include <string.h>
#include "page_walk.h"

#define CHECK(cond)	do { if (!(cond)) abort(); } while (0)

/*
 * Header layout:
 *  0: CR0.PG, CR4.PAE, EFER.LMA, CR4.LA57, CR4.PSE, CR0.WP, EFER.NXE,
 *     gbpages (bits 0-7)
 *  1: CR4.SMEP, CR4.SMAP, RFLAGS.AC, write, user, fetch, implicit,
 *     interfere (bits 0-7)
 *  2: MAXPHYADDR (any value: the walker clamps it)
 *  3: cmpxchgs to fail as "changed" (modulo 32)
 *  4-11: linear address, 12-19: CR3, 20-51: PDPTEs 0-3 (little-endian)
 */
#define HEADER		64
#define MEM_MAX		(64 * 1024)

struct fuzz_mem {
	u8 *bytes;
	u64 size;
	unsigned int races;
	bool interfere;
	u32 seed;
	unsigned int esize;
};

static u64 get_le(const u8 *p, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void put_le(u8 *p, unsigned int n, u64 v)
{
	unsigned int i;

	for (i = 0; i < n; i++, v >>= 8)
		p[i] = v;
}

static bool in_bounds(struct fuzz_mem *m, u64 gpa, unsigned int size)
{
	/* Entries are always naturally aligned and of the mode's size. */
	CHECK(size == m->esize);
	CHECK(!(gpa % size));
	return gpa < m->size && size <= m->size - gpa;
}

static int fuzz_read(void *opaque, u64 gpa, unsigned int size, u64 *val)
{
	struct fuzz_mem *m = opaque;

	if (!in_bounds(m, gpa, size))
		return -1;
	*val = get_le(m->bytes + gpa, size);
	return 0;
}

static int fuzz_cmpxchg(void *opaque, u64 gpa, unsigned int size, u64 old,
			u64 val)
{
	struct fuzz_mem *m = opaque;

	if (!in_bounds(m, gpa, size))
		return -1;
	/* Only A and D are ever set, on the value the walker read. */
	CHECK(!((old ^ val) & ~0x60ULL) && !(old & ~val));
	if (m->interfere) {
		m->seed = m->seed * 1103515245 + 12345;
		m->bytes[m->seed % m->size] ^= 1 << ((m->seed >> 16) & 7);
	}
	if (m->races) {
		m->races--;
		return HVX_CMPXCHG_CHANGED;
	}
	if (get_le(m->bytes + gpa, size) != old)
		return HVX_CMPXCHG_CHANGED;
	put_le(m->bytes + gpa, size, val);
	return HVX_CMPXCHG_DONE;
}

static void parse_header(const u8 *h, struct hvx_walk_ctx *ctx, u32 *access,
			 u64 *gva)
{
	u8 f0 = h[0], f1 = h[1];
	int i;

	ctx->cr0 = 1 | (f0 & 1 ? HVX_CR0_PG : 0) | (f0 & 32 ? HVX_CR0_WP : 0);
	ctx->cr4 = (f0 & 2 ? HVX_CR4_PAE : 0) | (f0 & 8 ? HVX_CR4_LA57 : 0) |
		   (f0 & 16 ? HVX_CR4_PSE : 0) | (f1 & 1 ? HVX_CR4_SMEP : 0) |
		   (f1 & 2 ? HVX_CR4_SMAP : 0);
	ctx->efer = (f0 & 4 ? HVX_EFER_LMA : 0) | (f0 & 64 ? HVX_EFER_NXE : 0);
	ctx->gbpages = f0 & 128;
	ctx->rflags = 2 | (f1 & 4 ? HVX_RFLAGS_AC : 0);
	ctx->maxphyaddr = h[2];
	*access = (f1 >> 3) & 15;
	*gva = get_le(h + 4, 8);
	ctx->cr3 = get_le(h + 12, 8);
	for (i = 0; i < 4; i++)
		ctx->pdpte[i] = get_le(h + 20 + 8 * i, 8);
}

static unsigned int clamp_maxphy(const struct hvx_walk_ctx *ctx)
{
	if (ctx->maxphyaddr < 32)
		return 32;
	return ctx->maxphyaddr > 52 ? 52 : ctx->maxphyaddr;
}

/* The frame a leaf entry names, computed here independently. */
static u64 frame_of(const struct hvx_walk_ctx *ctx,
		    const struct hvx_walk_result *r)
{
	u64 e = r->entry;

	if (hvx_paging_mode(ctx) == HVX_PAGING_32) {
		if (r->page_size == 4096)
			return e & 0xfffff000ULL;
		return (e & 0xffc00000ULL) | ((e >> 13) & 0xff) << 32;
	}
	return e & 0x000ffffffffff000ULL & ~(r->page_size - 1);
}

static u64 bits(unsigned int hi, unsigned int lo)
{
	u64 v = 0;

	while (lo <= hi)
		v |= 1ULL << lo++;
	return v;
}

/*
 * The reserved bits of a leaf entry, from the SDM's entry formats again,
 * written apart from the walker's own version.
 */
static u64 leaf_reserved(const struct hvx_walk_ctx *ctx, unsigned int level,
			 u64 e)
{
	enum hvx_paging_mode mode = hvx_paging_mode(ctx);
	unsigned int m = clamp_maxphy(ctx);
	u64 r;

	if (mode == HVX_PAGING_32) {
		if (level == 1)
			return 0;
		return bits(21, (m < 40 ? m : 40) - 19) & e;
	}
	r = bits(mode == HVX_PAGING_PAE ? 62 : 51, m);
	if (!(ctx->efer & HVX_EFER_NXE))
		r |= 1ULL << 63;
	if (level == 2)
		r |= bits(20, 13);
	if (level == 3)
		r |= bits(29, 13);
	return r & e;
}

static void check_ok(const struct hvx_walk_ctx *ctx, u32 access, u64 gva,
		     const struct hvx_walk_result *r)
{
	enum hvx_paging_mode mode = hvx_paging_mode(ctx);
	bool user = (access & HVX_WALK_USER) && !(access & HVX_WALK_IMPLICIT);
	u64 e = r->entry, la = gva;

	if (mode != HVX_PAGING_4LEVEL && mode != HVX_PAGING_5LEVEL)
		la &= 0xffffffffULL;
	if (mode == HVX_PAGING_OFF) {
		CHECK(r->gpa == la && r->page_size == 4096);
		return;
	}
	switch (r->level) {
	case 1:
		CHECK(r->page_size == 4096);
		break;
	case 2:
		CHECK(r->page_size == (mode == HVX_PAGING_32 ? 4ULL << 20 :
						2ULL << 20));
		break;
	case 3:
		CHECK(mode >= HVX_PAGING_4LEVEL && ctx->gbpages &&
		      r->page_size == 1ULL << 30);
		break;
	default:
		CHECK(0);
	}
	CHECK((r->gpa & ~(r->page_size - 1)) == frame_of(ctx, r));
	CHECK((r->gpa & (r->page_size - 1)) == (la & (r->page_size - 1)));
	CHECK(r->gpa >> clamp_maxphy(ctx) == 0);
	CHECK((e & 1) && (e & 0x20));
	CHECK(!leaf_reserved(ctx, r->level, e));
	CHECK(!(access & HVX_WALK_WRITE) || (e & 0x40));
	CHECK(!user || (e & 4));
	CHECK(!(access & HVX_WALK_WRITE) || (e & 2) ||
	      (!user && !(ctx->cr0 & HVX_CR0_WP)));
	if (mode != HVX_PAGING_32 && (access & HVX_WALK_FETCH))
		CHECK(!(e >> 63));
}

static void check_fault(const struct hvx_walk_ctx *ctx, u32 access,
			const struct hvx_walk_result *r)
{
	bool user = (access & HVX_WALK_USER) && !(access & HVX_WALK_IMPLICIT);
	bool fetch = access & HVX_WALK_FETCH;
	bool id = fetch && ((ctx->cr4 & HVX_CR4_SMEP) ||
			    ((ctx->cr4 & HVX_CR4_PAE) && (ctx->efer & HVX_EFER_NXE)));
	u32 ec = r->error_code;

	CHECK(hvx_paging_mode(ctx) != HVX_PAGING_OFF);
	CHECK(!(ec & ~0x1fU));
	CHECK(!!(ec & 2) == !!(access & HVX_WALK_WRITE));
	CHECK(!!(ec & 4) == user);
	CHECK(!!(ec & 16) == id);
	CHECK(!(ec & 8) || (ec & 1));
	/* Not present: the entry named has P=0; else it is present. */
	CHECK(!!(ec & 1) == !!(r->entry & 1));
	/* A leaf at the last level is reserved-bit faulty iff RSVD says so. */
	if ((ec & 1) && r->level == 1)
		CHECK(!!(ec & 8) == !!leaf_reserved(ctx, 1, r->entry));
	CHECK(r->level >= 1 && r->level <= 5);
	CHECK(r->gpa == 0 && r->page_size == 0);
}

/* Memory after a walk differs from @before only by A/D bits set. */
static void check_only_ad_set(const u8 *before, const struct fuzz_mem *m)
{
	u64 i;

	for (i = 0; i < m->size; i++) {
		u8 diff = before[i] ^ m->bytes[i];

		if (!diff)
			continue;
		CHECK(i % m->esize == 0);
		CHECK(!(diff & ~0x60) && !(before[i] & diff));
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 header[HEADER] = { 0 };
	struct fuzz_mem m = { 0 };
	struct hvx_walk_ctx ctx = { 0 };
	struct hvx_walk_result r, r2;
	u8 *before, *after;
	u32 access;
	u64 gva;
	int st, st2;

	memcpy(header, data, size < HEADER ? size : HEADER);
	m.size = size > HEADER ? size - HEADER : 0;
	if (m.size > MEM_MAX)
		m.size = MEM_MAX;
	/* Exactly-sized heap copies: ASan flags any access past the end. */
	m.bytes = malloc(m.size ? m.size : 1);
	before = malloc(m.size ? m.size : 1);
	after = malloc(m.size ? m.size : 1);
	memcpy(m.bytes, data + HEADER, m.size);
	memcpy(before, m.bytes, m.size);
	m.races = header[3] % 32;
	m.interfere = header[1] & 128;
	m.seed = header[3];
	parse_header(header, &ctx, &access, &gva);
	m.esize = hvx_paging_mode(&ctx) == HVX_PAGING_32 ? 4 : 8;
	ctx.opaque = &m;
	ctx.read_gpa = fuzz_read;
	ctx.cmpxchg_gpa = fuzz_cmpxchg;

	st = hvx_page_walk(&ctx, gva, access, &r);
	CHECK(st >= HVX_WALK_OK && st <= HVX_WALK_AGAIN);
	if (st == HVX_WALK_NONCANONICAL)
		CHECK(hvx_paging_mode(&ctx) >= HVX_PAGING_4LEVEL);
	if (st == HVX_WALK_BAD_GPA && !m.interfere)
		CHECK(r.gpa + m.esize > m.size);
	/*
	 * Without interference each retry but the injected ones sets a new
	 * A/D bit (at most 6), so giving up after 16 tries needs 10 races.
	 */
	if (st == HVX_WALK_AGAIN)
		CHECK(m.interfere || header[3] % 32 >= 10);
	if (st == HVX_WALK_FAULT)
		check_fault(&ctx, access, &r);
	if (m.interfere)
		goto out;
	if (st == HVX_WALK_OK)
		check_ok(&ctx, access, gva, &r);
	if (st == HVX_WALK_OK || st == HVX_WALK_AGAIN)
		check_only_ad_set(before, &m);
	else
		CHECK(!memcmp(before, m.bytes, m.size));

	/* Once more: same answer, and nothing left to write. */
	memcpy(after, m.bytes, m.size);
	m.races = 0;
	st2 = hvx_page_walk(&ctx, gva, access, &r2);
	if (st != HVX_WALK_AGAIN) {
		CHECK(st2 == st);
		CHECK(r2.gpa == r.gpa && r2.page_size == r.page_size &&
		      r2.error_code == r.error_code && r2.level == r.level &&
		      r2.entry == r.entry);
	}
	if (st2 == HVX_WALK_OK && st != HVX_WALK_AGAIN)
		CHECK(!memcmp(after, m.bytes, m.size));
out:
	free(m.bytes);
	free(before);
	free(after);
	return 0;
}
