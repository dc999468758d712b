/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translating a guest-virtual (linear) address to guest-physical as the
 * guest's MMU would (Intel SDM vol. 3A, chapter 4): 32-bit, PAE, 4-level
 * and 5-level paging, the access-rights checks of 4.6, the page-fault error
 * code of 4.7 and the accessed and dirty flags of 4.8. Guest memory is
 * reached only through the caller's callbacks.
 * No kernel headers: shared with the host unit tests and fuzzers.
 */
#ifndef HVX_PAGE_WALK_H
#define HVX_PAGE_WALK_H

#include "../hvx_types.h"

/*
 * The control-register, EFER and RFLAGS bits that select a paging mode
 * and the checks of a walk (SDM vol. 3A, 2.2.1, 2.5 and 4.1), for the
 * walker and for whoever builds its context (unit tests, fuzzers).
 */
#define HVX_CR0_PE		(1ULL << 0)
#define HVX_CR0_WP		(1ULL << 16)
#define HVX_CR0_PG		(1ULL << 31)
#define HVX_CR4_PSE		(1ULL << 4)
#define HVX_CR4_PAE		(1ULL << 5)
#define HVX_CR4_LA57		(1ULL << 12)
#define HVX_CR4_SMEP		(1ULL << 20)
#define HVX_CR4_SMAP		(1ULL << 21)
#define HVX_EFER_LME		(1ULL << 8)
#define HVX_EFER_LMA		(1ULL << 10)
#define HVX_EFER_NXE		(1ULL << 11)
#define HVX_RFLAGS_AC		(1ULL << 18)

/* Page-fault error code bits (SDM vol. 3A, 4.7). */
#define HVX_PF_P		(1U << 0)	/* 0: not present */
#define HVX_PF_W		(1U << 1)	/* a write */
#define HVX_PF_U		(1U << 2)	/* a user-mode access */
#define HVX_PF_RSVD		(1U << 3)	/* a reserved bit was set */
#define HVX_PF_ID		(1U << 4)	/* an instruction fetch */

/* The access being translated, ORed together. */
#define HVX_WALK_WRITE		(1U << 0)
#define HVX_WALK_USER		(1U << 1)	/* CPL 3, and not implicit */
#define HVX_WALK_FETCH		(1U << 2)
#define HVX_WALK_IMPLICIT	(1U << 3)	/* GDT, IDT, TSS...: supervisor */

/* What cmpxchg_gpa returns besides a negative "not guest memory". */
#define HVX_CMPXCHG_DONE	0
#define HVX_CMPXCHG_CHANGED	1	/* memory did not hold @old */

enum hvx_paging_mode {
	HVX_PAGING_OFF,		/* CR0.PG=0: linear is physical, 32 bits */
	HVX_PAGING_32,		/* CR4.PAE=0: 2 levels of 4-byte entries */
	HVX_PAGING_PAE,		/* EFER.LMA=0: PDPTEs, then 2 levels */
	HVX_PAGING_4LEVEL,	/* EFER.LMA=1, CR4.LA57=0 */
	HVX_PAGING_5LEVEL,	/* EFER.LMA=1, CR4.LA57=1 */
};

struct hvx_walk_ctx {
	u64 cr0, cr3, cr4, efer;
	u64 rflags;		/* AC matters, for SMAP */
	u64 pdpte[4];		/* PAE paging: the PDPTE registers */
	u8 maxphyaddr;		/* the CPU's physical-address width, 32-52 */
	bool gbpages;		/* CPUID.80000001H:EDX[26]: 1-GByte pages */
	void *opaque;		/* passed to the callbacks */
	/*
	 * Read the @size-byte (4 or 8) little-endian, naturally aligned
	 * paging-structure entry at @gpa. Nonzero: @gpa is not guest memory.
	 */
	int (*read_gpa)(void *opaque, u64 gpa, unsigned int size, u64 *val);
	/*
	 * Atomically replace the @size-byte entry at @gpa with @val if it
	 * still holds @old: HVX_CMPXCHG_DONE if it did, HVX_CMPXCHG_CHANGED
	 * if not, negative if @gpa is not guest memory.
	 */
	int (*cmpxchg_gpa)(void *opaque, u64 gpa, unsigned int size, u64 old,
			   u64 val);
};

enum hvx_walk_status {
	HVX_WALK_OK,
	HVX_WALK_FAULT,		/* #PF with error_code, CR2 = the address */
	HVX_WALK_NONCANONICAL,	/* #GP (#SS for stack accesses) instead */
	HVX_WALK_BAD_GPA,	/* a paging structure is not in guest memory */
	HVX_WALK_AGAIN,		/* entries kept changing under the A/D update */
};

struct hvx_walk_result {
	u64 gpa;		/* OK: the guest-physical address */
	u64 page_size;		/* OK: 4 KiB, 2 or 4 MiB, or 1 GiB */
	u64 entry;		/* the last entry used, as it is in memory */
	u32 error_code;		/* FAULT: HVX_PF_* bits */
	u8 level;		/* of @entry: 1 is a PTE, 2 a PDE, ... */
};

/* The paging mode CR0, CR4 and EFER select (SDM vol. 3A, table 4-1). */
enum hvx_paging_mode hvx_paging_mode(const struct hvx_walk_ctx *ctx);

/*
 * Translate @gva for an @access of HVX_WALK_* bits. On success sets the
 * accessed flags of the entries used and, for a write, the dirty flag of
 * the last; a failed walk changes nothing. Returns an enum hvx_walk_status.
 */
int hvx_page_walk(const struct hvx_walk_ctx *ctx, u64 gva, u32 access,
		  struct hvx_walk_result *res);

#endif /* HVX_PAGE_WALK_H */
