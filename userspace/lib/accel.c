// SPDX-License-Identifier: GPL-2.0
/*
 * The accelerator layer (accel.h): choosing a backend by name, opening
 * its device with messages that say what to do, the object lifetimes,
 * and guest mode set-up in hvx's register layout on either backend.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "accel_backend.h"

static const struct accel_ops *const backends[] = {
	&accel_hvx_ops,
	&accel_kvm_ops,
};

const struct accel_ops *accel_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (!strcmp(name, backends[i]->name))
			return backends[i];
	return NULL;
}

int accel_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	int r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno : r;
}

int accel_fail(struct accel *a, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->error, sizeof(a->error), fmt, ap);
	va_end(ap);
	return err;
}

static int open_failed(struct accel *a, int err)
{
	const struct accel_ops *ops = a->ops;

	if (err == -ENOENT)
		return accel_fail(a, err, "%s not found: is the %s module loaded? (%s)",
				  ops->device, ops->name, ops->load_hint);
	if (err == -EACCES || err == -EPERM)
		return accel_fail(a, err, "%s: permission denied: run as root, or get read-write access to it",
				  ops->device);
	return accel_fail(a, err, "cannot open %s: %s", ops->device,
			  strerror(-err));
}

int accel_open(struct accel *a, const struct accel_ops *ops)
{
	int r;

	memset(a, 0, sizeof(*a));
	a->ops = ops;
	a->fd = open(ops->device, O_RDWR | O_CLOEXEC);
	if (a->fd < 0)
		return open_failed(a, -errno);
	r = ops->open(a);
	if (r) {
		close(a->fd);
		a->fd = -1;
	}
	return r;
}

void accel_close(struct accel *a)
{
	if (a->fd < 0)
		return;
	if (a->ops->close)
		a->ops->close(a);
	close(a->fd);
	a->fd = -1;
}

const char *accel_name(const struct accel *a)
{
	return a->ops->name;
}

const char *accel_kernel(const struct accel *a)
{
	return a->ops->kernel;
}

bool accel_unrestricted(const struct accel *a)
{
	return a->ops->unrestricted(a);
}

int accel_vm_create(struct accel *a, struct accel_vm *vm)
{
	int r;

	vm->accel = a;
	vm->fd = -1;
	r = a->ops->vm_create(a, vm);
	if (r)
		accel_vm_destroy(vm);
	if (r == -EBUSY)
		return accel_fail(a, r, "%s cannot create a VM: %s (%s)",
				  a->ops->kernel, strerror(-r),
				  a->ops->busy_hint);
	if (r)
		return accel_fail(a, r, "%s cannot create a VM: %s",
				  a->ops->kernel, strerror(-r));
	return 0;
}

void accel_vm_destroy(struct accel_vm *vm)
{
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
}

int accel_vm_set_memory(struct accel_vm *vm, uint32_t slot, uint64_t gpa,
			uint64_t size, void *hva)
{
	int r = vm->accel->ops->set_memory(vm, slot, gpa, size, hva);

	if (r)
		return accel_fail(vm->accel, r, "%s: memory slot %u (%llu bytes at 0x%llx): %s",
				  vm->accel->ops->kernel, slot,
				  (unsigned long long)size,
				  (unsigned long long)gpa, strerror(-r));
	return 0;
}

int accel_vm_ioeventfd(struct accel_vm *vm, int fd, uint64_t addr,
		       uint32_t len, uint32_t flags, uint64_t datamatch)
{
	return vm->accel->ops->ioeventfd(vm, fd, addr, len, flags, datamatch);
}

int accel_vcpu_create(struct accel_vm *vm, struct accel_vcpu *vcpu,
		      unsigned int id)
{
	int r;

	memset(vcpu, 0, sizeof(*vcpu));
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->fd = -1;
	r = vm->accel->ops->vcpu_create(vcpu);
	if (r)
		accel_vcpu_destroy(vcpu);
	return r;
}

void accel_vcpu_destroy(struct accel_vcpu *vcpu)
{
	if (!vcpu->vm)
		return;
	if (vcpu->vm->accel->ops->vcpu_release)
		vcpu->vm->accel->ops->vcpu_release(vcpu);
	if (vcpu->fd >= 0)
		close(vcpu->fd);
	vcpu->fd = -1;
	vcpu->run = NULL;
	vcpu->immediate_exit = NULL;
}

static const struct accel_ops *ops_of(const struct accel_vcpu *vcpu)
{
	return vcpu->vm->accel->ops;
}

int accel_vcpu_run(struct accel_vcpu *vcpu)
{
	return ops_of(vcpu)->run(vcpu);
}

int accel_vcpu_interrupt(struct accel_vcpu *vcpu, uint32_t vector)
{
	return ops_of(vcpu)->interrupt(vcpu, vector);
}

int accel_vcpu_get_regs(struct accel_vcpu *vcpu, struct hvx_regs *regs)
{
	return ops_of(vcpu)->get_regs(vcpu, regs);
}

int accel_vcpu_set_regs(struct accel_vcpu *vcpu, const struct hvx_regs *regs)
{
	return ops_of(vcpu)->set_regs(vcpu, regs);
}

int accel_vcpu_get_sregs(struct accel_vcpu *vcpu, struct hvx_sregs *sregs)
{
	return ops_of(vcpu)->get_sregs(vcpu, sregs);
}

int accel_vcpu_set_sregs(struct accel_vcpu *vcpu,
			 const struct hvx_sregs *sregs)
{
	return ops_of(vcpu)->set_sregs(vcpu, sregs);
}

int accel_vcpu_setup_mode(struct accel_vcpu *vcpu, enum hvx_guest_mode mode,
			  uint64_t entry, uint64_t stack, void *tables_hva,
			  uint64_t tables_gpa)
{
	struct hvx_regs regs = { .rip = entry, .rsp = stack, .rflags = 2 };
	struct hvx_sregs s;
	int r;

	r = accel_vcpu_get_sregs(vcpu, &s);
	if (!r)
		r = hvx_mode_sregs(&s, mode, tables_hva, tables_gpa);
	if (!r)
		r = accel_vcpu_set_sregs(vcpu, &s);
	if (!r)
		r = accel_vcpu_set_regs(vcpu, &regs);
	return r;
}
