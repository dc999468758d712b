/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Accelerators: the hypervisor under a VM. hvx (the default) or KVM,
 * chosen with hvx run --accel. Everything above this interface keeps
 * hvx's view: the run page in struct vm is a struct hvx_run, registers
 * are struct hvx_regs and struct hvx_sregs. An accelerator that is not
 * hvx translates its own exits into that page and back.
 */
#ifndef HVX_ACCEL_H
#define HVX_ACCEL_H

#include <stdbool.h>
#include <stdint.h>
#include "libhvx.h"

struct vm;

struct accel_ops {
	const char *name;
	const char *kernel;		/* for messages: "hvx.ko", "KVM" */
	/*
	 * Open the device; create the VM with @ram_size bytes of RAM from
	 * guest-physical 0 (vm->ram), vCPU 0 and vm->run. Prints why on
	 * failure and returns -errno; vm_destroy() cleans up either way.
	 */
	int (*create)(struct vm *vm, uint64_t ram_size);
	/* Its own part of vm_destroy(); NULL if it has none. */
	void (*destroy)(struct vm *vm);
	/* Run the vCPU to its next exit: 0 with vm->run filled, or -errno. */
	int (*run)(struct vm *vm);
	/* Queue external interrupt @vector (the run page said it is ready). */
	int (*interrupt)(struct vm *vm, uint32_t vector);
	int (*get_regs)(struct vm *vm, struct hvx_regs *regs);
	int (*get_sregs)(struct vm *vm, struct hvx_sregs *sregs);
	int (*set_regs)(struct vm *vm, const struct hvx_regs *regs);
	int (*set_sregs)(struct vm *vm, const struct hvx_sregs *sregs);
	/* Can the vCPU run in real mode and unpaged protected mode? */
	bool (*unrestricted)(struct vm *vm);
};

extern const struct accel_ops accel_hvx;
extern const struct accel_ops accel_kvm;

/* "hvx" or "kvm"; NULL for anything else. */
const struct accel_ops *accel_find(const char *name);

/* vm_create() on @accel (hvx: vm_create() itself). */
int accel_vm_create(struct vm *vm, const struct accel_ops *accel,
		    uint64_t ram_size, bool verbose);

/* The VM's accelerator: hvx for a VM made by vm_create(). */
int accel_run(struct vm *vm);
int accel_interrupt(struct vm *vm, uint32_t vector);
int accel_get_regs(struct vm *vm, struct hvx_regs *regs);
int accel_get_sregs(struct vm *vm, struct hvx_sregs *sregs);
int accel_set_regs(struct vm *vm, const struct hvx_regs *regs);
int accel_set_sregs(struct vm *vm, const struct hvx_sregs *sregs);
/* hvx_setup_mode(), on the VM's accelerator */
int accel_setup_mode(struct vm *vm, enum hvx_guest_mode mode, uint64_t entry,
		     uint64_t stack, void *tables_hva, uint64_t tables_gpa);
bool accel_unrestricted(struct vm *vm);
/* Who ran the guest, for messages: "hvx.ko" or "KVM". */
const char *accel_kernel(const struct vm *vm);

#endif /* HVX_ACCEL_H */
