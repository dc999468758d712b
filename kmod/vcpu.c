// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU fd: creation, the mmap()ed run page, and the ioctl entry that
 * serialises a vCPU's users and hands the work to the VMX backend.
 */
#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include "hvx.h"

/* Bring a vCPU thread out of the guest (or out of a wait) promptly. */
void hvx_vcpu_kick(struct hvx_vcpu *vcpu)
{
	struct task_struct *task;

	rcu_read_lock();
	task = READ_ONCE(vcpu->task);
	if (task)
		kick_process(task);
	rcu_read_unlock();
}

/*
 * What stops a vCPU from entering the guest: kernel work for its thread
 * (signals and task work: the exit to user mode does those), requests
 * from other threads, and a VM that is not running.
 */
bool hvx_vcpu_must_leave(struct hvx_vcpu *vcpu)
{
	return signal_pending(current) || task_work_pending(current) ||
	       READ_ONCE(vcpu->requests) ||
	       READ_ONCE(vcpu->vm->state) != HVX_VM_STATE_RUNNING;
}

/*
 * Before each entry: wait while the VM is paused, stop for good once it is
 * destroyed, take requests. Returns 1 to go on, 0 to return to the VMM
 * with the run page filled, or -EINTR.
 */
int hvx_vcpu_check_requests(struct hvx_vcpu *vcpu)
{
	struct hvx_vm *vm = vcpu->vm;
	int state;

	for (;;) {
		if (signal_pending(current) || task_work_pending(current)) {
			vcpu->run->exit_reason = HVX_EXIT_INTR;
			return -EINTR;
		}
		state = READ_ONCE(vm->state);
		if (state == HVX_VM_STATE_DESTROYED) {
			memset(&vcpu->run->padding, 0, sizeof(vcpu->run->padding));
			vcpu->run->exit_reason = HVX_EXIT_DESTROYED;
			return 0;
		}
		if (state == HVX_VM_STATE_RUNNING)
			break;
		if (wait_event_interruptible(vm->state_wq, READ_ONCE(vm->state) !=
					     HVX_VM_STATE_PAUSED)) {
			vcpu->run->exit_reason = HVX_EXIT_INTR;
			return -EINTR;
		}
	}
	if (test_and_clear_bit(HVX_REQ_NMI, &vcpu->requests))
		hvx_arch_request_nmi(vcpu);
	return 1;
}

/* bucket n: [2^n, 2^(n+1)) cycles. */
void hvx_vcpu_count_exit(struct hvx_vcpu *vcpu, u32 reason, u64 cycles)
{
	struct hvx_vcpu_stats *st = vcpu->stats;
	int bucket = cycles > 1 ? ilog2(cycles) : 0;

	if (reason >= HVX_STAT_EXIT_REASONS)
		reason = HVX_STAT_EXIT_REASONS - 1;
	if (bucket >= HVX_LATENCY_BUCKETS)
		bucket = HVX_LATENCY_BUCKETS - 1;
	st->exits[reason]++;
	st->latency[reason][bucket]++;
}

static vm_fault_t hvx_run_page_fault(struct vm_fault *vmf)
{
	struct hvx_vcpu *vcpu = vmf->vma->vm_file->private_data;
	struct page *page;

	if (vmf->pgoff != 0)
		return VM_FAULT_SIGBUS;
	page = virt_to_page(vcpu->run);
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct hvx_run_vm_ops = {
	.fault = hvx_run_page_fault,
};

static int hvx_vcpu_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff != 0 || vma_pages(vma) != 1)
		return -EINVAL;
	vma->vm_flags |= VM_DONTEXPAND;
	vma->vm_ops = &hvx_run_vm_ops;
	return 0;
}

static long hvx_vcpu_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct hvx_vcpu *vcpu = file->private_data;
	long ret;

	if (vcpu->vm->mm != current->mm)
		return -EIO;
	if (cmd == HVX_RUN) {
		if (arg)
			return -EINVAL;
		if (!mutex_trylock(&vcpu->run_lock))
			return -EBUSY;
	} else if (mutex_lock_killable(&vcpu->run_lock)) {
		return -EINTR;
	}
	if (cmd == HVX_RUN)
		WRITE_ONCE(vcpu->task, current);
	ret = hvx_arch_vcpu_ioctl(vcpu, cmd, (void __user *)arg);
	if (cmd == HVX_RUN)
		WRITE_ONCE(vcpu->task, NULL);
	mutex_unlock(&vcpu->run_lock);
	return ret;
}

static int hvx_vcpu_release(struct inode *inode, struct file *file)
{
	struct hvx_vcpu *vcpu = file->private_data;
	struct hvx_vm *vm = vcpu->vm;
	struct file *vm_file = vcpu->vm_file;
	int i;

	mutex_lock(&vm->lock);
	for (i = 0; i < HVX_MAX_VCPUS; i++)
		if (vm->vcpus[i] == vcpu)
			vm->vcpus[i] = NULL;
	vm->nr_vcpus--;
	mutex_unlock(&vm->lock);
	hvx_arch_vcpu_destroy(vcpu);
	free_page((unsigned long)vcpu->run);
	kvfree(vcpu->stats);
	kfree(vcpu);
	fput(vm_file);
	return 0;
}

static const struct file_operations hvx_vcpu_fops = {
	.owner		= THIS_MODULE,
	.release	= hvx_vcpu_release,
	.unlocked_ioctl	= hvx_vcpu_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= hvx_vcpu_mmap,
	.llseek		= noop_llseek,
};

static bool vcpu_id_taken(struct hvx_vm *vm, u32 id)
{
	int i;

	for (i = 0; i < HVX_MAX_VCPUS; i++)
		if (vm->vcpus[i] && vm->vcpus[i]->id == id)
			return true;
	return false;
}

static int free_vcpu_index(struct hvx_vm *vm)
{
	int i;

	for (i = 0; i < HVX_MAX_VCPUS; i++)
		if (!vm->vcpus[i])
			return i;
	return -1;
}

int hvx_vcpu_create(struct hvx_vm *vm, struct file *vm_file, unsigned long id)
{
	struct hvx_vcpu *vcpu;
	int err, fd, index;

	if (id >= HVX_MAX_VCPU_ID)
		return -EINVAL;
	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return -ENOMEM;
	vcpu->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	vcpu->stats = kvzalloc(sizeof(*vcpu->stats), GFP_KERNEL_ACCOUNT);
	if (!vcpu->run || !vcpu->stats) {
		err = -ENOMEM;
		goto err_free;
	}
	vcpu->vm = vm;
	vcpu->id = id;
	mutex_init(&vcpu->run_lock);

	mutex_lock(&vm->lock);
	index = free_vcpu_index(vm);
	if (vcpu_id_taken(vm, id)) {
		err = -EEXIST;
		goto err_unlock;
	}
	if (index < 0) {
		err = -ENOSPC;
		goto err_unlock;
	}
	err = hvx_arch_vcpu_create(vcpu);
	if (err)
		goto err_unlock;
	get_file(vm_file);
	vcpu->vm_file = vm_file;
	fd = anon_inode_getfd("hvx-vcpu", &hvx_vcpu_fops, vcpu,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = fd;
		fput(vm_file);
		hvx_arch_vcpu_destroy(vcpu);
		goto err_unlock;
	}
	vm->vcpus[index] = vcpu;
	vm->nr_vcpus++;
	mutex_unlock(&vm->lock);
	return fd;

err_unlock:
	mutex_unlock(&vm->lock);
err_free:
	kvfree(vcpu->stats);
	free_page((unsigned long)vcpu->run);
	kfree(vcpu);
	return err;
}
