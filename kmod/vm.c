// SPDX-License-Identifier: GPL-2.0
/*
 * The VM fd: creation and teardown, guest memory slots, and keeping the
 * guest's view of memory coherent with the host mm (MMU notifier).
 */
#include <linux/anon_inodes.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "hvx.h"

DEFINE_MUTEX(hvx_vm_list_lock);
LIST_HEAD(hvx_vm_list);
static DEFINE_IDA(hvx_vm_ida);

/* Caller holds hvx_vm_list_lock. */
struct hvx_vm *hvx_vm_find(u32 id)
{
	struct hvx_vm *vm;

	list_for_each_entry(vm, &hvx_vm_list, list_link)
		if (vm->id == id)
			return vm;
	return NULL;
}

u64 hvx_vm_memory(struct hvx_vm *vm)
{
	u64 bytes = 0;
	int i;

	spin_lock(&vm->mmu_lock);
	for (i = 0; i < HVX_NR_MEMSLOTS; i++)
		bytes += vm->slots[i].size;
	spin_unlock(&vm->mmu_lock);
	return bytes;
}

static void zap_hva_range(struct hvx_vm *vm, unsigned long start,
			  unsigned long end);

static void kick_all(struct hvx_vm *vm)
{
	int i;

	for (i = 0; i < HVX_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			hvx_vcpu_kick(vm->vcpus[i]);
}

/*
 * Pause, resume or destroy from outside the VMM. A destroyed VM never
 * runs again; its guest memory mappings go at once, the rest when its
 * VMM closes it. Returns -EINVAL for a change from a destroyed VM.
 */
int hvx_vm_set_state(struct hvx_vm *vm, int state)
{
	static const u32 events[] = {
		[HVX_VM_STATE_RUNNING] = HVX_EVENT_VM_RESUMED,
		[HVX_VM_STATE_PAUSED] = HVX_EVENT_VM_PAUSED,
		[HVX_VM_STATE_DESTROYED] = HVX_EVENT_VM_DESTROYED,
	};
	int old;

	mutex_lock(&vm->lock);
	old = vm->state;
	if (old != HVX_VM_STATE_DESTROYED)
		WRITE_ONCE(vm->state, state);
	if (old != state && old != HVX_VM_STATE_DESTROYED)
		kick_all(vm);
	mutex_unlock(&vm->lock);
	if (old == HVX_VM_STATE_DESTROYED)
		return -EINVAL;
	if (old == state)
		return 0;
	wake_up_all(&vm->state_wq);
	if (state == HVX_VM_STATE_DESTROYED) {
		spin_lock(&vm->mmu_lock);
		zap_hva_range(vm, 0, ULONG_MAX);
		vm->mmu_seq++;
		spin_unlock(&vm->mmu_lock);
	}
	hvx_control_vm_event(vm, events[state]);
	return 0;
}

int hvx_vm_request_nmi(struct hvx_vm *vm, u32 vcpu_id)
{
	int i, err = -ENXIO;

	mutex_lock(&vm->lock);
	for (i = 0; i < HVX_MAX_VCPUS; i++) {
		struct hvx_vcpu *vcpu = vm->vcpus[i];

		if (vcpu && vcpu->id == vcpu_id) {
			set_bit(HVX_REQ_NMI, &vcpu->requests);
			hvx_vcpu_kick(vcpu);
			err = 0;
		}
	}
	mutex_unlock(&vm->lock);
	return err;
}

static void set_owner(struct hvx_vm *vm)
{
	vm->owner_pid = task_tgid_vnr(current);
	vm->owner_uid = current_euid();
	get_task_comm(vm->owner_comm, current->group_leader);
	vm->created_ns = ktime_get_boottime_ns();
	vm->state = HVX_VM_STATE_RUNNING;
}

/* Publish the VM to the control plane, under an id of its own. */
static int register_vm(struct hvx_vm *vm)
{
	int id = ida_alloc_min(&hvx_vm_ida, 1, GFP_KERNEL);
	struct hvx_vm *pos;

	if (id < 0)
		return id;
	vm->id = id;
	mutex_lock(&hvx_vm_list_lock);
	/* Ids are reused: keep the list in id order for resumable dumps. */
	list_for_each_entry(pos, &hvx_vm_list, list_link)
		if (pos->id > vm->id)
			break;
	list_add_tail(&vm->list_link, &pos->list_link);
	mutex_unlock(&hvx_vm_list_lock);
	hvx_control_vm_event(vm, HVX_EVENT_VM_CREATED);
	return 0;
}

static void unregister_vm(struct hvx_vm *vm)
{
	mutex_lock(&hvx_vm_list_lock);
	list_del(&vm->list_link);
	mutex_unlock(&hvx_vm_list_lock);
	ida_free(&hvx_vm_ida, vm->id);
}

/* Caller holds mmu_lock. */
const struct hvx_memslot *hvx_slot_for_gpa(struct hvx_vm *vm, u64 gpa)
{
	int i;

	for (i = 0; i < HVX_NR_MEMSLOTS; i++) {
		const struct hvx_memslot *s = &vm->slots[i];

		if (s->size && gpa >= s->gpa && gpa - s->gpa < s->size)
			return s;
	}
	return NULL;
}

/* Drop the EPT mappings of every slot part backed by [start, end). */
static void zap_hva_range(struct hvx_vm *vm, unsigned long start,
			  unsigned long end)
{
	bool zapped = false;
	int i;

	for (i = 0; i < HVX_NR_MEMSLOTS; i++) {
		const struct hvx_memslot *s = &vm->slots[i];
		u64 lo, hi;

		if (!s->size)
			continue;
		lo = max_t(u64, start, s->hva);
		hi = min_t(u64, end, s->hva + s->size);
		if (lo >= hi)
			continue;
		hvx_arch_zap_gpa_range(vm, s->gpa + (lo - s->hva), hi - lo);
		zapped = true;
	}
	if (zapped)
		hvx_arch_flush_tlbs(vm);
}

static int hvx_mn_invalidate_start(struct mmu_notifier *mn,
				   const struct mmu_notifier_range *range)
{
	struct hvx_vm *vm = container_of(mn, struct hvx_vm, mn);

	spin_lock(&vm->mmu_lock);
	vm->mmu_invalidating++;
	zap_hva_range(vm, range->start, range->end);
	spin_unlock(&vm->mmu_lock);
	return 0;
}

static void hvx_mn_invalidate_end(struct mmu_notifier *mn,
				  const struct mmu_notifier_range *range)
{
	struct hvx_vm *vm = container_of(mn, struct hvx_vm, mn);

	spin_lock(&vm->mmu_lock);
	vm->mmu_seq++;
	vm->mmu_invalidating--;
	spin_unlock(&vm->mmu_lock);
}

/* The mm is going away (process exit): no guest page may stay mapped. */
static void hvx_mn_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct hvx_vm *vm = container_of(mn, struct hvx_vm, mn);

	spin_lock(&vm->mmu_lock);
	zap_hva_range(vm, 0, ULONG_MAX);
	vm->mmu_seq++;
	spin_unlock(&vm->mmu_lock);
}

static const struct mmu_notifier_ops hvx_mn_ops = {
	.invalidate_range_start	= hvx_mn_invalidate_start,
	.invalidate_range_end	= hvx_mn_invalidate_end,
	.release		= hvx_mn_release,
};

static bool slots_overlap(const struct hvx_memslot *a, u64 gpa, u64 size)
{
	return a->size && gpa < a->gpa + a->size && a->gpa < gpa + size;
}

static int check_region(struct hvx_vm *vm, const struct hvx_memory_region *r)
{
	u64 end;
	int i;

	if (r->flags & ~(HVX_MEM_READONLY | HVX_MEM_LOG_DIRTY))
		return -EINVAL;
	if (r->reserved[0] || r->reserved[1])
		return -EINVAL;
	if (r->slot >= HVX_NR_MEMSLOTS)
		return -EINVAL;
	if (!r->memory_size)
		return 0;
	if (!PAGE_ALIGNED(r->guest_phys_addr) || !PAGE_ALIGNED(r->memory_size) ||
	    !PAGE_ALIGNED(r->userspace_addr))
		return -EINVAL;
	/* Guest-physical addresses must fit 4-level EPT (48 bits). */
	if (check_add_overflow(r->guest_phys_addr, r->memory_size, &end) ||
	    end > (1ULL << 48))
		return -EINVAL;
	if (check_add_overflow(r->userspace_addr, r->memory_size, &end) ||
	    end > TASK_SIZE_MAX)
		return -EFAULT;
	if (!access_ok((void __user *)(unsigned long)r->userspace_addr,
		       r->memory_size))
		return -EFAULT;
	for (i = 0; i < HVX_NR_MEMSLOTS; i++)
		if (i != r->slot &&
		    slots_overlap(&vm->slots[i], r->guest_phys_addr,
				  r->memory_size))
			return -EEXIST;
	return 0;
}

/*
 * Create, move, resize or delete a slot. The old mappings are zapped and
 * flushed before the new slot is visible, and mmu_seq makes any fault that
 * raced with the change retry.
 */
static int set_memory_region(struct hvx_vm *vm,
			     const struct hvx_memory_region *r)
{
	unsigned long *bitmap = NULL, *old_bitmap;
	struct hvx_memslot *s;
	int err;

	mutex_lock(&vm->lock);
	err = check_region(vm, r);
	if (err)
		goto out;
	s = &vm->slots[r->slot];
	if (!r->memory_size && !s->size) {
		err = -EINVAL;
		goto out;
	}
	if (r->memory_size && (r->flags & HVX_MEM_LOG_DIRTY)) {
		bitmap = hvx_dirty_bitmap_alloc(r->memory_size);
		if (!bitmap) {
			err = -ENOMEM;
			goto out;
		}
	}
	old_bitmap = s->dirty_bitmap;
	spin_lock(&vm->mmu_lock);
	if (s->size) {
		hvx_arch_zap_gpa_range(vm, s->gpa, s->size);
		hvx_arch_flush_tlbs(vm);
	}
	s->gpa = r->guest_phys_addr;
	s->size = r->memory_size;
	s->hva = r->userspace_addr;
	s->flags = r->flags;
	s->dirty_bitmap = bitmap;
	vm->mmu_seq++;
	spin_unlock(&vm->mmu_lock);
	kvfree(old_bitmap);
out:
	mutex_unlock(&vm->lock);
	return err;
}

static long hvx_vm_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct hvx_vm *vm = file->private_data;

	if (vm->mm != current->mm)
		return -EIO;
	switch (cmd) {
	case HVX_CREATE_VCPU:
		return hvx_vcpu_create(vm, file, arg);
	case HVX_SET_USER_MEMORY_REGION: {
		struct hvx_memory_region r;

		if (copy_from_user(&r, (void __user *)arg, sizeof(r)))
			return -EFAULT;
		return set_memory_region(vm, &r);
	}
	case HVX_IOEVENTFD:
		return hvx_ioeventfd_ioctl(vm, (void __user *)arg);
	case HVX_GET_DIRTY_LOG:
		return hvx_get_dirty_log(vm, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static void hvx_vm_free(struct hvx_vm *vm)
{
	int i;

	hvx_ioeventfd_free_all(vm);
	hvx_arch_vm_destroy(vm);
	for (i = 0; i < HVX_NR_MEMSLOTS; i++)
		kvfree(vm->slots[i].dirty_bitmap);
	mmdrop(vm->mm);
	kfree(vm);
	hvx_arch_disable();
}

static int hvx_vm_release(struct inode *inode, struct file *file)
{
	struct hvx_vm *vm = file->private_data;

	/* vCPUs hold the VM file, so none is left here. */
	unregister_vm(vm);
	if (vm->state != HVX_VM_STATE_DESTROYED)
		hvx_control_vm_event(vm, HVX_EVENT_VM_DESTROYED);
	mmu_notifier_unregister(&vm->mn, vm->mm);
	hvx_vm_free(vm);
	return 0;
}

static const struct file_operations hvx_vm_fops = {
	.owner		= THIS_MODULE,
	.release	= hvx_vm_release,
	.unlocked_ioctl	= hvx_vm_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

int hvx_vm_create(unsigned long flags)
{
	struct hvx_vm *vm;
	int err, fd;

	if (flags)
		return -EINVAL;
	err = hvx_arch_enable();
	if (err)
		return err;
	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm) {
		hvx_arch_disable();
		return -ENOMEM;
	}
	mutex_init(&vm->lock);
	init_waitqueue_head(&vm->state_wq);
	set_owner(vm);
	spin_lock_init(&vm->mmu_lock);
	spin_lock_init(&vm->ioeventfd_lock);
	INIT_LIST_HEAD(&vm->ioeventfds);
	vm->mm = current->mm;
	mmgrab(vm->mm);
	err = hvx_arch_vm_init(vm);
	if (err) {
		mmdrop(vm->mm);
		kfree(vm);
		hvx_arch_disable();
		return err;
	}
	vm->mn.ops = &hvx_mn_ops;
	err = mmu_notifier_register(&vm->mn, vm->mm);
	if (err)
		goto err_free;
	err = register_vm(vm);
	if (err) {
		mmu_notifier_unregister(&vm->mn, vm->mm);
		goto err_free;
	}
	fd = anon_inode_getfd("hvx-vm", &hvx_vm_fops, vm, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = fd;
		unregister_vm(vm);
		mmu_notifier_unregister(&vm->mn, vm->mm);
		goto err_free;
	}
	return fd;

err_free:
	hvx_vm_free(vm);
	return err;
}
