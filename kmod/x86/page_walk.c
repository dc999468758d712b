// SPDX-License-Identifier: GPL-2.0
/*
 * The guest page-table walker: what the guest's MMU does for a linear
 * address, in software, for the accesses hvx emulates (the far side of a
 * string instruction, an instruction fetch). Section numbers are those of
 * the Intel SDM vol. 3A, chapter 4 ("Paging").
 * No kernel headers: this file is also built into the host unit tests.
 */
#include "page_walk.h"

#define PTE_P		(1ULL << 0)
#define PTE_RW		(1ULL << 1)
#define PTE_US		(1ULL << 2)
#define PTE_A		(1ULL << 5)
#define PTE_D		(1ULL << 6)
#define PTE_PS		(1ULL << 7)
#define PTE_XD		(1ULL << 63)

/* Bits @hi down to @lo, none if @hi < @lo; 0 <= lo, hi <= 63. */
#define BITS(hi, lo)	((~0ULL >> (63 - (hi))) & ~((1ULL << (lo)) - 1))

#define MAX_LEVELS	5
#define MAX_TRIES	16

struct walker {
	const struct hvx_walk_ctx *ctx;
	enum hvx_paging_mode mode;
	u64 la;			/* the linear address */
	u32 access;
	unsigned int esize;	/* bytes per entry */
	unsigned int maxphy;	/* MAXPHYADDR, within 32..52 */
	/* The entries used so far, top level first, for A/D updates. */
	u64 gpa[MAX_LEVELS];
	u64 val[MAX_LEVELS];
	unsigned int n;
	/* Access rights gathered over the levels (4.6.1). */
	bool user_page;		/* U/S=1 at every level */
	bool writable;		/* R/W=1 at every level */
	bool no_exec;		/* XD=1 at some level, with EFER.NXE=1 */
};

enum hvx_paging_mode hvx_paging_mode(const struct hvx_walk_ctx *ctx)
{
	if (!(ctx->cr0 & HVX_CR0_PG))
		return HVX_PAGING_OFF;
	if (!(ctx->cr4 & HVX_CR4_PAE))
		return HVX_PAGING_32;
	if (!(ctx->efer & HVX_EFER_LMA))
		return HVX_PAGING_PAE;
	return (ctx->cr4 & HVX_CR4_LA57) ? HVX_PAGING_5LEVEL : HVX_PAGING_4LEVEL;
}

/* Bits 63:48 (4-level) or 63:57 (5-level) copy the top bit used (4.5). */
static bool canonical(u64 la, enum hvx_paging_mode mode)
{
	unsigned int shift = mode == HVX_PAGING_5LEVEL ? 56 : 47;
	u64 top = la >> shift;

	return top == 0 || top == (~0ULL >> shift);
}

static bool user_access(u32 access)
{
	return (access & HVX_WALK_USER) && !(access & HVX_WALK_IMPLICIT);
}

/*
 * The error code (4.7): P, W/R and U/S describe the access, not the page;
 * I/D is set for fetches only with SMEP, or with PAE and NXE both on.
 */
static int fault(const struct walker *w, u32 bits,
		 struct hvx_walk_result *res)
{
	const struct hvx_walk_ctx *ctx = w->ctx;
	u32 ec = bits;

	if (w->access & HVX_WALK_WRITE)
		ec |= HVX_PF_W;
	if (user_access(w->access))
		ec |= HVX_PF_U;
	if ((w->access & HVX_WALK_FETCH) &&
	    ((ctx->cr4 & HVX_CR4_SMEP) ||
	     ((ctx->cr4 & HVX_CR4_PAE) && (ctx->efer & HVX_EFER_NXE))))
		ec |= HVX_PF_ID;
	res->error_code = ec;
	res->gpa = 0;
	res->page_size = 0;
	return HVX_WALK_FAULT;
}

/*
 * The reserved bits of a present entry at @level (the entry formats of
 * 4.3, 4.4.2 and 4.5). 32-bit paging has only the 4-MByte PDE's: with PSE-36,
 * bits (M-20):13 hold physical-address bits (M-1):32, M = min(MAXPHYADDR,
 * 40), and bits 21:(M-19) are reserved. Elsewhere, physical-address bits
 * from MAXPHYADDR up (to 51, or 62 with PAE), XD without EFER.NXE, PS in
 * PML5Es and PML4Es (and PDPTEs without 1-GByte pages), and large pages'
 * bits between the PAT bit and the frame.
 */
static u64 reserved_bits(const struct walker *w, unsigned int level, u64 e)
{
	const struct hvx_walk_ctx *ctx = w->ctx;
	unsigned int m;
	u64 rsvd;

	if (w->mode == HVX_PAGING_32) {
		if (level != 2 || !(e & PTE_PS) || !(ctx->cr4 & HVX_CR4_PSE))
			return 0;
		m = w->maxphy < 40 ? w->maxphy : 40;
		return BITS(21, m - 19);
	}
	rsvd = BITS(w->mode == HVX_PAGING_PAE ? 62 : 51, w->maxphy);
	if (!(ctx->efer & HVX_EFER_NXE))
		rsvd |= PTE_XD;
	if (level >= 4)
		rsvd |= PTE_PS;
	else if (level == 3 && (e & PTE_PS))
		rsvd |= ctx->gbpages ? BITS(29, 13) : PTE_PS;
	else if (level == 2 && (e & PTE_PS))
		rsvd |= BITS(20, 13);
	return rsvd;
}

/* Does @e, at @level and present, map the page rather than a table? */
static bool is_leaf(const struct walker *w, unsigned int level, u64 e)
{
	if (level == 1)
		return true;
	if (!(e & PTE_PS))
		return false;
	/* 32-bit paging honours PS only with CR4.PSE (4.3). */
	return w->mode != HVX_PAGING_32 || (w->ctx->cr4 & HVX_CR4_PSE);
}

static u64 table_address(const struct walker *w, u64 e)
{
	return e & (w->esize == 4 ? BITS(31, 12) : BITS(51, 12));
}

static unsigned int level_shift(const struct walker *w, unsigned int level)
{
	return 12 + (level - 1) * (w->esize == 4 ? 10 : 9);
}

/* The page a leaf at @level maps: its size and physical base. */
static void leaf_page(const struct walker *w, unsigned int level, u64 e,
		      struct hvx_walk_result *res)
{
	u64 size = 1ULL << level_shift(w, level);
	u64 frame;

	if (w->esize == 4 && level == 2)
		frame = (e & BITS(31, 22)) | ((e >> 13) & 0xff) << 32;
	else
		frame = table_address(w, e) & ~(size - 1);
	res->page_size = size;
	res->gpa = frame | (w->la & (size - 1));
}

/*
 * Access rights (4.6.1), from the rights gathered over all levels: user
 * accesses need a user page; supervisor fetches from user pages are
 * barred by SMEP, supervisor data accesses to them by SMAP unless explicit
 * with RFLAGS.AC=1; supervisor writes need R/W=1 only with CR0.WP=1.
 * A write that is also a fetch (no CPU does that) must pass both.
 */
static bool access_allowed(const struct walker *w)
{
	const struct hvx_walk_ctx *ctx = w->ctx;
	bool write = w->access & HVX_WALK_WRITE;
	bool fetch = w->access & HVX_WALK_FETCH;
	bool smap_ok;

	if (user_access(w->access))
		return w->user_page && !(write && !w->writable) &&
		       !(fetch && w->no_exec);
	if (fetch && (w->no_exec || (w->user_page && (ctx->cr4 & HVX_CR4_SMEP))))
		return false;
	if (fetch && !write)
		return true;
	smap_ok = !(ctx->cr4 & HVX_CR4_SMAP) ||
		  ((ctx->rflags & HVX_RFLAGS_AC) &&
		   !(w->access & HVX_WALK_IMPLICIT));
	if (w->user_page && !smap_ok)
		return false;
	return !(write && (ctx->cr0 & HVX_CR0_WP) && !w->writable);
}

/*
 * PAE paging starts from the PDPTE registers (4.4.1), which hold no
 * access rights and have reserved bits 63:MAXPHYADDR, 8:5 and 2:1.
 * Loading a bad one faults at MOV to CR3, so a caller's copy should never
 * have them; treated as a reserved-bit fault all the same.
 */
static int pae_pdpte(struct walker *w, u64 *table,
		     struct hvx_walk_result *res)
{
	u64 e = w->ctx->pdpte[(w->la >> 30) & 3];

	res->entry = e;
	res->level = 3;
	if (!(e & PTE_P))
		return fault(w, 0, res);
	if (e & (BITS(63, w->maxphy) | BITS(8, 5) | BITS(2, 1)))
		return fault(w, HVX_PF_P | HVX_PF_RSVD, res);
	*table = table_address(w, e);
	return HVX_WALK_OK;
}

static int read_entry(struct walker *w, u64 table, unsigned int level,
		      struct hvx_walk_result *res)
{
	unsigned int bits = w->esize == 4 ? 10 : 9;
	u64 index = (w->la >> level_shift(w, level)) & ((1ULL << bits) - 1);
	u64 gpa = table + index * w->esize, e = 0;

	res->level = level;
	if (w->ctx->read_gpa(w->ctx->opaque, gpa, w->esize, &e)) {
		res->gpa = gpa;
		return HVX_WALK_BAD_GPA;
	}
	if (w->esize == 4)
		e &= BITS(31, 0);
	res->entry = e;
	w->gpa[w->n] = gpa;
	w->val[w->n] = e;
	w->n++;
	return HVX_WALK_OK;
}

/* One walk from the top, without touching memory; fills @res. */
static int walk_levels(struct walker *w, struct hvx_walk_result *res)
{
	const struct hvx_walk_ctx *ctx = w->ctx;
	unsigned int level;
	u64 table = 0, e;
	int err;

	w->n = 0;
	w->user_page = w->writable = true;
	w->no_exec = false;
	if (w->mode == HVX_PAGING_PAE) {
		err = pae_pdpte(w, &table, res);
		if (err)
			return err;
		level = 2;
	} else {
		table = ctx->cr3 & (w->esize == 4 ? BITS(31, 12) :
				    BITS(w->maxphy - 1, 12));
		level = w->mode == HVX_PAGING_32 ? 2 :
			w->mode == HVX_PAGING_4LEVEL ? 4 : 5;
	}
	for (;; level--) {
		err = read_entry(w, table, level, res);
		if (err)
			return err;
		e = res->entry;
		if (!(e & PTE_P))
			return fault(w, 0, res);
		if (e & reserved_bits(w, level, e))
			return fault(w, HVX_PF_P | HVX_PF_RSVD, res);
		w->user_page &= !!(e & PTE_US);
		w->writable &= !!(e & PTE_RW);
		if (w->esize == 8 && (e & PTE_XD))
			w->no_exec = true;
		if (is_leaf(w, level, e))
			break;
		table = table_address(w, e);
	}
	leaf_page(w, level, e, res);
	if (!access_allowed(w))
		return fault(w, HVX_PF_P, res);
	return HVX_WALK_OK;
}

/*
 * Set A in every entry used and, for a write, D in the last (4.8), each
 * with a compare-and-exchange so that a guest CPU changing an entry
 * meanwhile is noticed: the walk is then redone from the top.
 */
static int set_accessed_dirty(struct walker *w, struct hvx_walk_result *res)
{
	const struct hvx_walk_ctx *ctx = w->ctx;
	unsigned int i;
	u64 val;
	int ret;

	for (i = 0; i < w->n; i++) {
		val = w->val[i] | PTE_A;
		if (i == w->n - 1 && (w->access & HVX_WALK_WRITE))
			val |= PTE_D;
		if (val == w->val[i])
			continue;
		ret = ctx->cmpxchg_gpa(ctx->opaque, w->gpa[i], w->esize,
				       w->val[i], val);
		if (ret == HVX_CMPXCHG_CHANGED)
			return HVX_WALK_AGAIN;
		if (ret != HVX_CMPXCHG_DONE) {
			res->gpa = w->gpa[i];
			return HVX_WALK_BAD_GPA;
		}
		w->val[i] = val;
	}
	res->entry = w->val[w->n - 1];
	return HVX_WALK_OK;
}

int hvx_page_walk(const struct hvx_walk_ctx *ctx, u64 gva, u32 access,
		  struct hvx_walk_result *res)
{
	struct walker w = { .ctx = ctx, .access = access };
	struct hvx_walk_result r;
	int tries, ret = HVX_WALK_AGAIN;

	w.mode = hvx_paging_mode(ctx);
	w.esize = w.mode == HVX_PAGING_32 ? 4 : 8;
	w.maxphy = ctx->maxphyaddr < 32 ? 32 :
		   ctx->maxphyaddr > 52 ? 52 : ctx->maxphyaddr;
	w.la = gva & BITS(31, 0);
	*res = (struct hvx_walk_result) { 0 };
	if (w.mode == HVX_PAGING_OFF) {
		res->gpa = w.la;
		res->page_size = 1ULL << 12;
		return HVX_WALK_OK;
	}
	if (w.mode == HVX_PAGING_4LEVEL || w.mode == HVX_PAGING_5LEVEL) {
		if (!canonical(gva, w.mode))
			return HVX_WALK_NONCANONICAL;
		w.la = gva;
	}
	for (tries = 0; tries < MAX_TRIES; tries++) {
		r = (struct hvx_walk_result) { 0 };
		ret = walk_levels(&w, &r);
		if (ret == HVX_WALK_OK)
			ret = set_accessed_dirty(&w, &r);
		if (ret != HVX_WALK_AGAIN)
			break;
	}
	if (ret == HVX_WALK_OK || ret == HVX_WALK_FAULT ||
	    ret == HVX_WALK_BAD_GPA)
		*res = r;
	return ret;
}
