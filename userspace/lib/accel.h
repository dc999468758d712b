/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The accelerator layer: one interface over the hypervisors a VMM runs
 * its guests on, hvx.ko (/dev/hvx) and KVM (/dev/kvm), equal backends
 * chosen by name. Three objects, as both kernels have them: the open
 * device (struct accel), a VM (struct accel_vm: memory slots,
 * ioeventfds) and a vCPU (struct accel_vcpu: its run page, registers,
 * interrupt injection, immediate exit). A vCPU is used by one thread at
 * a time; vCPUs are independent of each other, so each can run on a
 * thread of its own.
 *
 * Above this layer everything is hvx's ABI: the run page is a struct
 * hvx_run whatever the backend (KVM's own is translated after each run,
 * and the VMM's answers carried back before the next), registers are
 * struct hvx_regs and struct hvx_sregs, ioeventfd flags HVX_IOEVENTFD_*.
 * Both give the guest the same machine: no local APIC (no in-kernel
 * irqchip on KVM, so HLT comes to the VMM on both) and no paravirtual
 * CPUID leaves.
 *
 * Like the rest of libhvx it never prints or exits: calls return 0 (or
 * a value) or -errno. accel_open(), accel_vm_create(),
 * accel_vm_set_memory() and accel_vcpu_create() also leave a message for
 * the user in accel->error (e.g. "/dev/kvm not found: is the kvm module
 * loaded? (modprobe kvm-intel)").
 */
#ifndef HVX_ACCEL_H
#define HVX_ACCEL_H

#include <stdbool.h>
#include <stdint.h>
#include "libhvx.h"

struct accel_ops;

/* An open hypervisor device. */
struct accel {
	const struct accel_ops *ops;
	int fd;
	void *priv;			/* the backend's own */
	char error[160];		/* why the last open or create failed */
};

struct accel_vm {
	struct accel *accel;
	int fd;
};

struct accel_vcpu {
	struct accel_vm *vm;
	unsigned int id;
	int fd;
	/* hvx's run page, whatever the backend: exit data in, answers out */
	struct hvx_run *run;
	/* The backend's own flag that makes a run return -EINTR at once. */
	volatile uint8_t *immediate_exit;
	void *priv;			/* the backend's own */
};

/* The backend named @name, "hvx" or "kvm"; NULL for any other name. */
const struct accel_ops *accel_find(const char *name);

/* Open @ops's device and check that it speaks our API. */
int accel_open(struct accel *a, const struct accel_ops *ops);
void accel_close(struct accel *a);
/* "hvx", "kvm" */
const char *accel_name(const struct accel *a);
/* Who runs the guest, for messages: "hvx.ko", "KVM" */
const char *accel_kernel(const struct accel *a);
/* Can a vCPU start in real mode and in unpaged protected mode? */
bool accel_unrestricted(const struct accel *a);

int accel_vm_create(struct accel *a, struct accel_vm *vm);
void accel_vm_destroy(struct accel_vm *vm);
/* Guest memory: slot @slot maps @size bytes at @hva to @gpa; 0 deletes. */
int accel_vm_set_memory(struct accel_vm *vm, uint32_t slot, uint64_t gpa,
			uint64_t size, void *hva);
/*
 * Signal eventfd @fd when the guest writes @len bytes at @addr, a port
 * (HVX_IOEVENTFD_PIO) or a guest-physical address, with no exit; with
 * HVX_IOEVENTFD_DATAMATCH only for @datamatch; HVX_IOEVENTFD_DEASSIGN
 * undoes it.
 */
int accel_vm_ioeventfd(struct accel_vm *vm, int fd, uint64_t addr,
		       uint32_t len, uint32_t flags, uint64_t datamatch);

/* vCPU @id of @vm, its run page mapped. */
int accel_vcpu_create(struct accel_vm *vm, struct accel_vcpu *vcpu,
		      unsigned int id);
void accel_vcpu_destroy(struct accel_vcpu *vcpu);
/*
 * Run the guest to its next exit: 0 with the run page filled, -EINTR
 * when a signal or a kick came first (exit_reason HVX_EXIT_INTR), or
 * another -errno.
 */
int accel_vcpu_run(struct accel_vcpu *vcpu);

/*
 * Make the vCPU's current or next run return -EINTR at once. Safe from
 * any thread and from a signal handler; a thread kicking another one
 * also sends it a signal, to interrupt a run already in the guest.
 */
static inline void accel_vcpu_kick(struct accel_vcpu *vcpu)
{
	*vcpu->immediate_exit = 1;
}

/* Before looking for work: a kick from here on is for the next run. */
static inline void accel_vcpu_clear_kick(struct accel_vcpu *vcpu)
{
	*vcpu->immediate_exit = 0;
}

/* Queue external interrupt @vector; the run page said the vCPU is ready. */
int accel_vcpu_interrupt(struct accel_vcpu *vcpu, uint32_t vector);
int accel_vcpu_get_regs(struct accel_vcpu *vcpu, struct hvx_regs *regs);
int accel_vcpu_set_regs(struct accel_vcpu *vcpu, const struct hvx_regs *regs);
int accel_vcpu_get_sregs(struct accel_vcpu *vcpu, struct hvx_sregs *sregs);
int accel_vcpu_set_sregs(struct accel_vcpu *vcpu,
			 const struct hvx_sregs *sregs);
/*
 * hvx_setup_mode() on either backend: @mode with libhvx's GDT (and page
 * tables) at @tables_gpa, which @tables_hva maps, RIP @entry, RSP @stack.
 */
int accel_vcpu_setup_mode(struct accel_vcpu *vcpu, enum hvx_guest_mode mode,
			  uint64_t entry, uint64_t stack, void *tables_hva,
			  uint64_t tables_gpa);

#endif /* HVX_ACCEL_H */
