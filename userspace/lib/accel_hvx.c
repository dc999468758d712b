// SPDX-License-Identifier: GPL-2.0
/*
 * hvx.ko as an accelerator backend: libhvx's ioctl wrappers, and the run
 * page hvx.ko maps, which is already in the layer's format.
 */
#include <errno.h>
#include <string.h>
#include "accel_backend.h"

static int hvx_open_check(struct accel *a)
{
	int version = hvx_api_version(a->fd);

	if (version < 0)
		return accel_fail(a, version, "%s: HVX_GET_API_VERSION: %s",
				  HVX_DEVICE, strerror(-version));
	if (version != HVX_API_VERSION)
		return accel_fail(a, -EPROTO, "%s speaks API version %d, libhvx %d",
				  HVX_DEVICE, version, HVX_API_VERSION);
	return 0;
}

static bool hvx_unrestricted(const struct accel *a)
{
	return hvx_check_extension(a->fd, HVX_CAP_UNRESTRICTED) > 0;
}

static int hvx_vm_create(struct accel *a, struct accel_vm *vm)
{
	int fd = hvx_create_vm(a->fd);

	if (fd < 0)
		return fd;
	vm->fd = fd;
	return 0;
}

static int hvx_set_memory_slot(struct accel_vm *vm, uint32_t slot,
			       uint64_t gpa, uint64_t size, void *hva)
{
	return hvx_set_memory(vm->fd, slot, 0, gpa, size, hva);
}

static int hvx_vm_ioeventfd(struct accel_vm *vm, int fd, uint64_t addr,
			    uint32_t len, uint32_t flags, uint64_t datamatch)
{
	return hvx_ioeventfd(vm->fd, fd, addr, len, flags, datamatch);
}

static int hvx_vcpu_create(struct accel_vcpu *vcpu)
{
	struct accel *a = vcpu->vm->accel;
	int r = hvx_create_vcpu(vcpu->vm->fd, vcpu->id);

	if (r < 0)
		return accel_fail(a, r, "HVX_CREATE_VCPU %u: %s", vcpu->id,
				  strerror(-r));
	vcpu->fd = r;
	vcpu->run = hvx_map_run(vcpu->fd);
	if (!vcpu->run)
		return accel_fail(a, -errno, "cannot map the run page of vCPU %u: %s",
				  vcpu->id, strerror(errno));
	vcpu->immediate_exit = &vcpu->run->immediate_exit;
	return 0;
}

static void hvx_vcpu_release(struct accel_vcpu *vcpu)
{
	if (vcpu->run)
		hvx_unmap_run(vcpu->run);
}

static int hvx_vcpu_run(struct accel_vcpu *vcpu)
{
	return hvx_run(vcpu->fd);
}

static int hvx_vcpu_interrupt(struct accel_vcpu *vcpu, uint32_t vector)
{
	return hvx_interrupt(vcpu->fd, vector);
}

static int hvx_vcpu_get_regs(struct accel_vcpu *vcpu, struct hvx_regs *regs)
{
	return hvx_get_regs(vcpu->fd, regs);
}

static int hvx_vcpu_set_regs(struct accel_vcpu *vcpu,
			     const struct hvx_regs *regs)
{
	return hvx_set_regs(vcpu->fd, regs);
}

static int hvx_vcpu_get_sregs(struct accel_vcpu *vcpu,
			      struct hvx_sregs *sregs)
{
	return hvx_get_sregs(vcpu->fd, sregs);
}

static int hvx_vcpu_set_sregs(struct accel_vcpu *vcpu,
			      const struct hvx_sregs *sregs)
{
	return hvx_set_sregs(vcpu->fd, sregs);
}

const struct accel_ops accel_hvx_ops = {
	.name = "hvx",
	.kernel = "hvx.ko",
	.device = HVX_DEVICE,
	.load_hint = "insmod hvx.ko",
	.busy_hint = "another hypervisor holds VMX: are KVM VMs running?",
	.open = hvx_open_check,
	.unrestricted = hvx_unrestricted,
	.vm_create = hvx_vm_create,
	.set_memory = hvx_set_memory_slot,
	.ioeventfd = hvx_vm_ioeventfd,
	.vcpu_create = hvx_vcpu_create,
	.vcpu_release = hvx_vcpu_release,
	.run = hvx_vcpu_run,
	.interrupt = hvx_vcpu_interrupt,
	.get_regs = hvx_vcpu_get_regs,
	.set_regs = hvx_vcpu_set_regs,
	.get_sregs = hvx_vcpu_get_sregs,
	.set_sregs = hvx_vcpu_set_sregs,
};
