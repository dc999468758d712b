// SPDX-License-Identifier: GPL-2.0
/*
 * The shell tests' helpers' VM (held_vm.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "held_vm.h"

#define STACK_TOP	0x8000

static int fail(const char *prog, const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(-err));
	return err;
}

/* A VM from /dev/hvx, which is closed again. */
static int create_vm(const char *prog)
{
	int sys_fd = hvx_open(), r;

	if (sys_fd < 0)
		return fail(prog, "open " HVX_DEVICE, sys_fd);
	r = hvx_api_version(sys_fd);
	if (r != HVX_API_VERSION) {
		close(sys_fd);
		fprintf(stderr, "%s: API version %d\n", prog, r);
		return -EPROTO;
	}
	r = hvx_create_vm(sys_fd);
	close(sys_fd);
	return r < 0 ? fail(prog, "HVX_CREATE_VM", r) : r;
}

static int add_memory(struct held_vm *v, const char *prog, size_t mem_size,
		      const void *code, size_t len, uint64_t code_gpa)
{
	int r;

	v->mem = hvx_alloc_guest_memory(mem_size);
	if (!v->mem)
		return fail(prog, "guest memory", -ENOMEM);
	v->mem_size = mem_size;
	memcpy(v->mem + code_gpa, code, len);
	r = hvx_set_memory(v->vm_fd, 0, 0, 0, mem_size, v->mem);
	return r ? fail(prog, "HVX_SET_USER_MEMORY_REGION", r) : 0;
}

static int add_vcpu(struct held_vm *v, const char *prog, uint64_t entry)
{
	int r;

	v->vcpu_fd = hvx_create_vcpu(v->vm_fd, 0);
	if (v->vcpu_fd < 0)
		return fail(prog, "HVX_CREATE_VCPU", v->vcpu_fd);
	v->run = hvx_map_run(v->vcpu_fd);
	if (!v->run)
		return fail(prog, "mmap run page", -errno);
	r = hvx_setup_mode(v->vcpu_fd, HVX_MODE_REAL, entry, STACK_TOP, NULL,
			   0);
	return r ? fail(prog, "setup real mode", r) : 0;
}

int held_vm_create(struct held_vm *v, const char *prog, size_t mem_size,
		   const void *code, size_t len, uint64_t code_gpa)
{
	int r;

	memset(v, 0, sizeof(*v));
	v->vcpu_fd = -1;
	v->vm_fd = create_vm(prog);
	if (v->vm_fd < 0)
		return v->vm_fd;
	r = add_memory(v, prog, mem_size, code, len, code_gpa);
	if (!r)
		r = add_vcpu(v, prog, code_gpa);
	if (r)
		held_vm_destroy(v);
	return r;
}

void held_vm_destroy(struct held_vm *v)
{
	if (v->run)
		hvx_unmap_run(v->run);
	if (v->vcpu_fd >= 0)
		close(v->vcpu_fd);
	if (v->vm_fd >= 0)
		close(v->vm_fd);
	if (v->mem)
		hvx_free_guest_memory(v->mem, v->mem_size);
	memset(v, 0, sizeof(*v));
	v->vm_fd = v->vcpu_fd = -1;
}
