// SPDX-License-Identifier: GPL-2.0
/*
 * EPT: 4-level tables filled lazily on EPT violations from the memory
 * slots. A host page is looked up with get_user_pages and its reference
 * dropped once mapped: the MMU notifier zaps the mapping before the host
 * frees, moves or remaps the page, so nothing stays pinned.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include "vmx.h"

#define EPT_READ		(1ULL << 0)
#define EPT_WRITE		(1ULL << 1)
#define EPT_EXEC		(1ULL << 2)
#define EPT_MT_WB		(6ULL << 3)
#define EPT_IGNORE_PAT		(1ULL << 6)
#define EPT_LARGE		(1ULL << 7)
#define EPT_DIRTY		(1ULL << 9)
#define EPT_ADDR_MASK		0x000ffffffffff000ULL
#define EPT_TABLE_FLAGS		(EPT_READ | EPT_WRITE | EPT_EXEC)

#define HUGE_2M			(1ULL << 21)

/* EPTP: write-back tables, 4-level walk (SDM vol. 3C, 25.6.11). */
#define EPTP_WB			6ULL
#define EPTP_PWL4		(3ULL << 3)
#define EPTP_AD			(1ULL << 6)

static inline int ept_index(u64 gpa, int level)
{
	return (gpa >> (12 + 9 * (level - 1))) & 511;
}

/* Tables a fault may need are allocated before mmu_lock is taken. */
static int cache_fill(struct ept_page_cache *c)
{
	while (c->nr < EPT_LEVELS - 1) {
		u64 *p = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);

		if (!p)
			return -ENOMEM;
		c->pages[c->nr++] = p;
	}
	return 0;
}

void ept_cache_free(struct ept_page_cache *c)
{
	while (c->nr)
		free_page((unsigned long)c->pages[--c->nr]);
}

/* EPT tables show in /proc/meminfo as SecPageTables, as KVM's do. */
static void account_table(u64 *table, int n)
{
	mod_lruvec_page_state(virt_to_page(table), NR_SECONDARY_PAGETABLE, n);
}

static bool present(u64 e)
{
	return e & EPT_TABLE_FLAGS;
}

/*
 * The entry for @gpa at @level (1: 4 KiB, 2: 2 MiB), creating tables from
 * @c. A 2 MiB leaf in the way of a 4 KiB mapping is split up by dropping
 * it; a table in the way of a 2 MiB mapping makes this return NULL, and
 * the fault is mapped with 4 KiB pages. Under mmu_lock.
 */
static u64 *walk_create(struct hvx_vm *vm, u64 gpa, int level,
			struct ept_page_cache *c)
{
	u64 *table = vm->arch->ept_root;
	int l;

	for (l = EPT_LEVELS; l > level; l--) {
		u64 *e = &table[ept_index(gpa, l)];

		if (present(*e) && (*e & EPT_LARGE))
			*e = 0;
		if (!present(*e)) {
			u64 *next = c->pages[--c->nr];

			account_table(next, 1);
			*e = __pa(next) | EPT_TABLE_FLAGS;
		}
		table = __va(*e & EPT_ADDR_MASK);
	}
	table = &table[ept_index(gpa, level)];
	if (level > 1 && present(*table) && !(*table & EPT_LARGE))
		return NULL;
	return table;
}

typedef void (*leaf_fn)(struct hvx_vm *vm, u64 *leaf, u64 gpa);

/* Call @fn on each present leaf of [gpa, end) below @table at @level. */
static void walk_leaves(struct hvx_vm *vm, u64 *table, int level, u64 base,
			  u64 gpa, u64 end, leaf_fn fn)
{
	u64 span = 1ULL << (12 + 9 * (level - 1));
	int i;

	for (i = ept_index(gpa, level); i < 512; i++) {
		u64 lo = base + i * span;

		if (lo >= end)
			break;
		if (!present(table[i]))
			continue;
		if (level == 1 || (table[i] & EPT_LARGE))
			fn(vm, &table[i], lo);
		else
			walk_leaves(vm, __va(table[i] & EPT_ADDR_MASK),
				      level - 1, lo, max(gpa, lo), end, fn);
	}
}

/* A write the hardware recorded in the D bit must not die with the leaf. */
static void zap_leaf(struct hvx_vm *vm, u64 *leaf, u64 gpa)
{
	if (*leaf & EPT_DIRTY)
		hvx_mark_dirty(vm, gpa);
	*leaf = 0;
}

void hvx_arch_zap_gpa_range(struct hvx_vm *vm, u64 gpa, u64 size)
{
	lockdep_assert_held(&vm->mmu_lock);
	walk_leaves(vm, vm->arch->ept_root, EPT_LEVELS, 0, gpa, gpa + size,
		      zap_leaf);
}

/*
 * Collect the writes since the last harvest: with EPT A/D bits, from the
 * D bits, cleared; without, the write faults set the bits already, and
 * write access is revoked so that the next write faults again.
 */
static void harvest_leaf(struct hvx_vm *vm, u64 *leaf, u64 gpa)
{
	if (vm->arch->eptp & EPTP_AD) {
		if (*leaf & EPT_DIRTY)
			hvx_mark_dirty(vm, gpa);
		*leaf &= ~EPT_DIRTY;
	} else {
		*leaf &= ~EPT_WRITE;
	}
}

void hvx_arch_harvest_dirty(struct hvx_vm *vm, const struct hvx_memslot *s)
{
	lockdep_assert_held(&vm->mmu_lock);
	walk_leaves(vm, vm->arch->ept_root, EPT_LEVELS, 0, s->gpa,
		      s->gpa + s->size, harvest_leaf);
	/* No CPU may keep a translation with the old D or W bit. */
	hvx_arch_flush_tlbs(vm);
}

static void free_level(u64 *table, int level)
{
	int i;

	if (level > 1)
		for (i = 0; i < 512; i++)
			if (present(table[i]) && !(table[i] & EPT_LARGE))
				free_level(__va(table[i] & EPT_ADDR_MASK),
					   level - 1);
	account_table(table, -1);
	free_page((unsigned long)table);
}

static void invept_ipi(void *arg)
{
	u64 eptp = *(u64 *)arg;

	if (!vmx_cpu_is_on())
		return;
	if (vmx_caps.msr_ept_vpid_cap & EPT_CAP_INVEPT_SINGLE)
		vmx_invept(INVEPT_SINGLE_CONTEXT, eptp);
	else
		vmx_invept(INVEPT_ALL_CONTEXT, 0);
}

/*
 * Every CPU may cache this VM's translations: flush them all. A CPU in
 * the guest takes the IPI as an exit and flushes in root mode.
 */
void hvx_arch_flush_tlbs(struct hvx_vm *vm)
{
	on_each_cpu(invept_ipi, &vm->arch->eptp, 1);
}

struct ept_fault {
	u64 gpa;
	unsigned long hva;
	bool write;
	bool writable;
	bool may_be_large;	/* the slot covers the whole 2 MiB frame */
	bool log_dirty;		/* the slot logs writes: 4 KiB pages only */
	unsigned long seq;
};

/* Look the slot up; returns -ENOENT for MMIO (no slot or a read-only write). */
static int fault_slot(struct hvx_vm *vm, struct ept_fault *f)
{
	const struct hvx_memslot *s;
	int err = 0;

	spin_lock(&vm->mmu_lock);
	s = hvx_slot_for_gpa(vm, f->gpa);
	if (!s || (f->write && (s->flags & HVX_MEM_READONLY))) {
		err = -ENOENT;
	} else {
		u64 frame = f->gpa & ~(HUGE_2M - 1);

		f->hva = s->hva + (f->gpa - s->gpa);
		f->writable = !(s->flags & HVX_MEM_READONLY);
		f->log_dirty = s->dirty_bitmap;
		f->may_be_large = !f->log_dirty && frame >= s->gpa &&
				  frame + HUGE_2M <= s->gpa + s->size &&
				  !((s->hva - s->gpa) & (HUGE_2M - 1));
		f->seq = vm->mmu_seq;
	}
	spin_unlock(&vm->mmu_lock);
	return err;
}

static int fault_host_page(struct ept_fault *f, struct page **page)
{
	long n;

	/* Order against the mmu_seq read in fault_slot(). */
	smp_rmb();
	if (f->writable) {
		n = get_user_pages_unlocked(f->hva, 1, page, FOLL_WRITE);
		if (n == 1)
			return 0;
		if (f->write)
			return -EFAULT;
		/* A read-only host mapping of a writable slot. */
		f->writable = false;
	}
	n = get_user_pages_unlocked(f->hva, 1, page, 0);
	return n == 1 ? 0 : -EFAULT;
}

/*
 * Whether the host maps @hva with a huge page (a PMD or PUD leaf). Under
 * mmu_lock with no invalidation running, the host mapping cannot change:
 * any change first waits for mmu_lock in the MMU notifier. Interrupts
 * are off so that the page-table pages cannot be freed meanwhile.
 */
static bool host_maps_huge(struct mm_struct *mm, unsigned long hva)
{
	unsigned long flags;
	bool huge = false;
	pgd_t pgd;
	p4d_t p4d;
	pud_t pud;
	pmd_t pmd;

	local_irq_save(flags);
	pgd = READ_ONCE(*pgd_offset(mm, hva));
	if (!pgd_present(pgd))
		goto out;
	p4d = READ_ONCE(*p4d_offset(&pgd, hva));
	if (!p4d_present(p4d))
		goto out;
	pud = READ_ONCE(*pud_offset(&p4d, hva));
	if (!pud_present(pud))
		goto out;
	if (pud_large(pud)) {
		huge = true;
		goto out;
	}
	pmd = READ_ONCE(*pmd_offset(&pud, hva));
	huge = pmd_present(pmd) && pmd_large(pmd);
out:
	local_irq_restore(flags);
	return huge;
}

/* Install the mapping; a host huge page becomes a 2 MiB EPT page. */
static void install(struct hvx_vm *vm, struct ept_fault *f, struct page *page,
		    struct ept_page_cache *c)
{
	u64 flags = EPT_READ | EPT_EXEC | EPT_MT_WB | EPT_IGNORE_PAT;
	u64 *e = NULL;

	/* Without A/D bits, logged pages stay read-only until written. */
	if (f->writable && (!f->log_dirty || f->write ||
			    (vm->arch->eptp & EPTP_AD)))
		flags |= EPT_WRITE;
	if (f->log_dirty && f->write)
		hvx_mark_dirty(vm, f->gpa);

	if (f->may_be_large && host_maps_huge(vm->mm, f->hva))
		e = walk_create(vm, f->gpa, 2, c);
	if (e) {
		*e = (page_to_phys(page) - (f->hva & (HUGE_2M - 1) & PAGE_MASK)) |
		     flags | EPT_LARGE;
		return;
	}
	e = walk_create(vm, f->gpa, 1, c);
	*e = page_to_phys(page) | flags;
}

/*
 * Map the page behind a faulting guest-physical address. Returns 0 when
 * mapped, -ENOENT when the access is MMIO, or -errno.
 */
int ept_handle_violation(struct hvx_vcpu *vcpu, u64 gpa, u64 qual)
{
	struct hvx_vm *vm = vcpu->vm;
	struct ept_page_cache *cache = &vcpu->arch->ept_cache;
	struct ept_fault f = {
		.gpa = gpa & PAGE_MASK,
		.write = qual & EPT_QUAL_WRITE,
	};
	struct page *page;
	int err;

	err = cache_fill(cache);
	if (err)
		goto out;
	for (;;) {
		err = fault_slot(vm, &f);
		if (err)
			goto out;
		err = fault_host_page(&f, &page);
		if (err)
			goto out;
		spin_lock(&vm->mmu_lock);
		if (!vm->mmu_invalidating && vm->mmu_seq == f.seq)
			break;
		/* The host changed the mapping meanwhile: look again. */
		spin_unlock(&vm->mmu_lock);
		put_page(page);
		cond_resched();
	}
	install(vm, &f, page, cache);
	spin_unlock(&vm->mmu_lock);
	put_page(page);
out:
	return err;
}

int hvx_arch_vm_init(struct hvx_vm *vm)
{
	struct hvx_vm_arch *arch;

	arch = kzalloc(sizeof(*arch), GFP_KERNEL_ACCOUNT);
	if (!arch)
		return -ENOMEM;
	arch->ept_root = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!arch->ept_root) {
		kfree(arch);
		return -ENOMEM;
	}
	account_table(arch->ept_root, 1);
	arch->eptp = __pa(arch->ept_root) | EPTP_WB | EPTP_PWL4;
	if (vmx_caps.features & HVX_VMX_EPT_AD)
		arch->eptp |= EPTP_AD;
	vm->arch = arch;
	return 0;
}

void hvx_arch_vm_destroy(struct hvx_vm *vm)
{
	/* No CPU may keep translations through tables about to be reused. */
	hvx_arch_flush_tlbs(vm);
	free_level(vm->arch->ept_root, EPT_LEVELS);
	kfree(vm->arch);
}
