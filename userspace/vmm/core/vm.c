// SPDX-License-Identifier: GPL-2.0
/*
 * Creating and destroying the VM.
 */
#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "accel.h"
#include "evloop.h"
#include "irqchip.h"
#include "util.h"
#include "vm.h"

int vm_open_device(void)
{
	int fd = hvx_open();

	if (fd == -ENOENT) {
		error("%s not found: is the hvx module loaded? (insmod hvx.ko)",
		      HVX_DEVICE);
		return fd;
	}
	if (fd == -EACCES || fd == -EPERM) {
		error("%s: permission denied: run as root, or get read-write access to it",
		      HVX_DEVICE);
		return fd;
	}
	if (fd < 0) {
		error("cannot open %s: %s", HVX_DEVICE, strerror(-fd));
		return fd;
	}
	return fd;
}

int vm_check_api(int sys_fd)
{
	int version = hvx_api_version(sys_fd);

	if (version < 0) {
		error("%s: HVX_GET_API_VERSION: %s", HVX_DEVICE,
		      strerror(-version));
		return version;
	}
	if (version != HVX_API_VERSION) {
		error("%s speaks API version %d, this hvx speaks %d",
		      HVX_DEVICE, version, HVX_API_VERSION);
		return -EPROTO;
	}
	return 0;
}

int vm_init(struct vm *vm, bool verbose)
{
	memset(vm, 0, sizeof(*vm));
	vm->sys_fd = vm->vm_fd = vm->vcpu_fd = -1;
	vm->verbose = verbose;
	bus_init(&vm->io, "port", verbose);
	bus_init(&vm->mmio, "MMIO", verbose);
	pthread_mutex_init(&vm->lock, NULL);
	vm->wake_fd = eventfd(0, EFD_CLOEXEC);
	if (vm->wake_fd < 0)
		return -errno;
	return 0;
}

int vm_create(struct vm *vm, uint64_t ram_size, bool verbose)
{
	int r;

	r = vm_init(vm, verbose);
	if (r < 0) {
		error("cannot create an eventfd: %s", strerror(-r));
		goto fail;
	}
	r = vm_open_device();
	if (r < 0)
		goto fail;
	vm->sys_fd = r;
	r = vm_check_api(vm->sys_fd);
	if (r < 0)
		goto fail;

	r = hvx_create_vm(vm->sys_fd);
	if (r < 0) {
		error("HVX_CREATE_VM: %s", strerror(-r));
		goto fail;
	}
	vm->vm_fd = r;

	vm->ram = hvx_alloc_guest_memory(ram_size);
	if (!vm->ram) {
		r = -ENOMEM;
		error("cannot allocate %s of guest RAM", size_str(ram_size));
		goto fail;
	}
	vm->ram_size = ram_size;
	r = hvx_set_memory(vm->vm_fd, 0, 0, 0, ram_size, vm->ram);
	if (r < 0) {
		error("HVX_SET_USER_MEMORY_REGION (%s at 0x0): %s",
		      size_str(ram_size), strerror(-r));
		goto fail;
	}

	r = hvx_create_vcpu(vm->vm_fd, 0);
	if (r < 0) {
		error("HVX_CREATE_VCPU: %s", strerror(-r));
		goto fail;
	}
	vm->vcpu_fd = r;
	vm->run = hvx_map_run(vm->vcpu_fd);
	if (!vm->run) {
		r = -errno;
		error("cannot map the vCPU run page: %s", strerror(errno));
		goto fail;
	}
	vm->immediate_exit = &vm->run->immediate_exit;
	return 0;

fail:
	vm_destroy(vm);
	return r;
}

void vm_destroy(struct vm *vm)
{
	evloop_stop(vm);
	while (vm->nr_cleanups) {
		struct vm_cleanup *c = &vm->cleanups[--vm->nr_cleanups];

		c->fn(c->opaque);
	}
	if (vm->accel && vm->accel->destroy)
		vm->accel->destroy(vm);
	if (vm->run)
		hvx_unmap_run(vm->run);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->ram)
		hvx_free_guest_memory(vm->ram, vm->ram_size);
	if (vm->sys_fd >= 0)
		close(vm->sys_fd);
	if (vm->wake_fd >= 0)
		close(vm->wake_fd);
	pthread_mutex_destroy(&vm->lock);
	memset(vm, 0, sizeof(*vm));
	vm->sys_fd = vm->vm_fd = vm->vcpu_fd = vm->wake_fd = -1;
}

int vm_add_cleanup(struct vm *vm, void (*fn)(void *opaque), void *opaque)
{
	if (vm->nr_cleanups == VM_MAX_CLEANUPS)
		return -ENOSPC;
	vm->cleanups[vm->nr_cleanups++] = (struct vm_cleanup) {
		.fn = fn, .opaque = opaque,
	};
	return 0;
}

void vm_request_stop(struct vm *vm, enum vm_stop why, int status)
{
	if (vm->stop != VM_RUNNING)
		return;
	vm->stop = why;
	vm->stop_status = status;
	vcpu_kick(vm);
}

void *vm_guest_ptr(struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa > vm->ram_size || len > vm->ram_size - gpa)
		return NULL;
	return vm->ram + gpa;
}
