// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU fd: creation, the mmap()ed run page, and the ioctl entry that
 * serialises a vCPU's users and hands the work to the VMX backend.
 */
#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include "hvx.h"

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
	ret = hvx_arch_vcpu_ioctl(vcpu, cmd, (void __user *)arg);
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
	if (!vcpu->run) {
		err = -ENOMEM;
		goto err_vcpu;
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
	free_page((unsigned long)vcpu->run);
err_vcpu:
	kfree(vcpu);
	return err;
}
