// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty page logging: a slot created with HVX_MEM_LOG_DIRTY keeps one bit
 * per page, set when the guest writes the page. HVX_GET_DIRTY_LOG hands
 * the bits to the VMM and clears them in one step under mmu_lock, with
 * the guest's write access revoked before the lock is dropped, so that a
 * write racing with the call is either in this log or in the next one.
 */
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "hvx.h"

static unsigned long slot_pages(const struct hvx_memslot *s)
{
	return s->size >> PAGE_SHIFT;
}

/* The bitmap's size in bytes, a whole number of 64-bit words. */
static size_t bitmap_bytes(const struct hvx_memslot *s)
{
	return BITS_TO_LONGS(slot_pages(s)) * sizeof(long);
}

unsigned long *hvx_dirty_bitmap_alloc(u64 size)
{
	return kvzalloc(BITS_TO_LONGS(size >> PAGE_SHIFT) * sizeof(long),
			GFP_KERNEL_ACCOUNT);
}

/* Under mmu_lock: the guest wrote the page at @gpa. */
void hvx_mark_dirty(struct hvx_vm *vm, u64 gpa)
{
	const struct hvx_memslot *s = hvx_slot_for_gpa(vm, gpa);

	if (s && s->dirty_bitmap)
		__set_bit((gpa - s->gpa) >> PAGE_SHIFT, s->dirty_bitmap);
}

static int check_dirty_log(struct hvx_vm *vm, const struct hvx_dirty_log *l)
{
	const struct hvx_memslot *s;

	if (l->flags || l->reserved[0] || l->reserved[1])
		return -EINVAL;
	if (l->slot >= HVX_NR_MEMSLOTS)
		return -EINVAL;
	s = &vm->slots[l->slot];
	if (!s->size)
		return -ENXIO;
	if (!s->dirty_bitmap || !IS_ALIGNED(l->bitmap, sizeof(u64)) ||
	    l->bitmap_size < bitmap_bytes(s))
		return -EINVAL;
	return 0;
}

int hvx_get_dirty_log(struct hvx_vm *vm, struct hvx_dirty_log __user *u)
{
	struct hvx_dirty_log l;
	struct hvx_memslot *s;
	unsigned long *snap;
	size_t bytes;
	int err;

	if (copy_from_user(&l, u, sizeof(l)))
		return -EFAULT;
	mutex_lock(&vm->lock);
	err = check_dirty_log(vm, &l);
	if (err)
		goto out;
	s = &vm->slots[l.slot];
	bytes = bitmap_bytes(s);
	snap = kvmalloc(bytes, GFP_KERNEL_ACCOUNT);
	if (!snap) {
		err = -ENOMEM;
		goto out;
	}
	spin_lock(&vm->mmu_lock);
	hvx_arch_harvest_dirty(vm, s);
	memcpy(snap, s->dirty_bitmap, bytes);
	bitmap_zero(s->dirty_bitmap, slot_pages(s));
	spin_unlock(&vm->mmu_lock);
	if (copy_to_user((void __user *)(unsigned long)l.bitmap, snap, bytes)) {
		/* Not delivered: the bits stay for the next call. */
		spin_lock(&vm->mmu_lock);
		bitmap_or(s->dirty_bitmap, s->dirty_bitmap, snap,
			  slot_pages(s));
		spin_unlock(&vm->mmu_lock);
		err = -EFAULT;
	}
	kvfree(snap);
out:
	mutex_unlock(&vm->lock);
	return err;
}
