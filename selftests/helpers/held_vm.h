/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A VM for the shell tests' helpers (hvx_hold, control_vm) to hold:
 * guest memory at 0 with a real-mode guest in it, one vCPU at its first
 * instruction, the run page mapped. Only the VM's and the vCPU's fds
 * stay open, so nothing but the VM keeps hvx.ko in use.
 */
#ifndef HVX_HELD_VM_H
#define HVX_HELD_VM_H

#include <stddef.h>
#include <stdint.h>
#include "libhvx.h"

struct held_vm {
	int vm_fd;
	int vcpu_fd;
	struct hvx_run *run;
	uint8_t *mem;
	size_t mem_size;
};

/*
 * @mem_size bytes of memory, @code (@len bytes) at @code_gpa, where the
 * vCPU starts with SP 0x8000. On failure prints "@prog: what: why" on
 * stderr and returns -errno.
 */
int held_vm_create(struct held_vm *v, const char *prog, size_t mem_size,
		   const void *code, size_t len, uint64_t code_gpa);
void held_vm_destroy(struct held_vm *v);

#endif /* HVX_HELD_VM_H */
