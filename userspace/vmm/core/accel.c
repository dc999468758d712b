// SPDX-License-Identifier: GPL-2.0
/*
 * Choosing the accelerator, and hvx's own: libhvx on the fds vm_create()
 * opened. A struct vm without an accelerator is an hvx one.
 */
#include <string.h>
#include "accel.h"
#include "vm.h"

static int hvx_accel_create(struct vm *vm, uint64_t ram_size)
{
	return vm_create(vm, ram_size, vm->verbose);
}

static int hvx_accel_run(struct vm *vm)
{
	return hvx_run(vm->vcpu_fd);
}

static int hvx_accel_interrupt(struct vm *vm, uint32_t vector)
{
	return hvx_interrupt(vm->vcpu_fd, vector);
}

static int hvx_accel_get_regs(struct vm *vm, struct hvx_regs *regs)
{
	return hvx_get_regs(vm->vcpu_fd, regs);
}

static int hvx_accel_get_sregs(struct vm *vm, struct hvx_sregs *sregs)
{
	return hvx_get_sregs(vm->vcpu_fd, sregs);
}

static int hvx_accel_set_regs(struct vm *vm, const struct hvx_regs *regs)
{
	return hvx_set_regs(vm->vcpu_fd, regs);
}

static int hvx_accel_set_sregs(struct vm *vm, const struct hvx_sregs *sregs)
{
	return hvx_set_sregs(vm->vcpu_fd, sregs);
}

static bool hvx_accel_unrestricted(struct vm *vm)
{
	return hvx_check_extension(vm->sys_fd, HVX_CAP_UNRESTRICTED) > 0;
}

const struct accel_ops accel_hvx = {
	.name = "hvx",
	.kernel = "hvx.ko",
	.create = hvx_accel_create,
	.run = hvx_accel_run,
	.interrupt = hvx_accel_interrupt,
	.get_regs = hvx_accel_get_regs,
	.get_sregs = hvx_accel_get_sregs,
	.set_regs = hvx_accel_set_regs,
	.set_sregs = hvx_accel_set_sregs,
	.unrestricted = hvx_accel_unrestricted,
};

const struct accel_ops *accel_find(const char *name)
{
	if (!strcmp(name, accel_hvx.name))
		return &accel_hvx;
	if (!strcmp(name, accel_kvm.name))
		return &accel_kvm;
	return NULL;
}

static const struct accel_ops *ops(const struct vm *vm)
{
	return vm->accel ? vm->accel : &accel_hvx;
}

int accel_vm_create(struct vm *vm, const struct accel_ops *accel,
		    uint64_t ram_size, bool verbose)
{
	int r;

	if (!accel || accel == &accel_hvx) {
		r = vm_create(vm, ram_size, verbose);
		if (!r)
			vm->accel = &accel_hvx;
		return r;
	}
	r = vm_init(vm, verbose);
	if (r) {
		vm_destroy(vm);
		return r;
	}
	vm->accel = accel;
	r = accel->create(vm, ram_size);
	if (r)
		vm_destroy(vm);
	return r;
}

int accel_run(struct vm *vm)
{
	return ops(vm)->run(vm);
}

int accel_interrupt(struct vm *vm, uint32_t vector)
{
	return ops(vm)->interrupt(vm, vector);
}

int accel_get_regs(struct vm *vm, struct hvx_regs *regs)
{
	return ops(vm)->get_regs(vm, regs);
}

int accel_get_sregs(struct vm *vm, struct hvx_sregs *sregs)
{
	return ops(vm)->get_sregs(vm, sregs);
}

int accel_set_regs(struct vm *vm, const struct hvx_regs *regs)
{
	return ops(vm)->set_regs(vm, regs);
}

int accel_set_sregs(struct vm *vm, const struct hvx_sregs *sregs)
{
	return ops(vm)->set_sregs(vm, sregs);
}

int accel_setup_mode(struct vm *vm, enum hvx_guest_mode mode, uint64_t entry,
		     uint64_t stack, void *tables_hva, uint64_t tables_gpa)
{
	struct hvx_regs regs = { .rip = entry, .rsp = stack, .rflags = 2 };
	struct hvx_sregs s;
	int r;

	r = accel_get_sregs(vm, &s);
	if (!r)
		r = hvx_mode_sregs(&s, mode, tables_hva, tables_gpa);
	if (!r)
		r = accel_set_sregs(vm, &s);
	if (!r)
		r = accel_set_regs(vm, &regs);
	return r;
}

bool accel_unrestricted(struct vm *vm)
{
	return ops(vm)->unrestricted(vm);
}

const char *accel_kernel(const struct vm *vm)
{
	return ops(vm)->kernel;
}
