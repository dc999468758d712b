/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One virtual machine as hvx run builds it: its accelerator (hvx.ko or
 * KVM, accel.h), RAM as a single slot from guest-physical 0, its vCPUs
 * (vcpu.h), the buses its devices sit on, and the interrupt controller
 * they raise lines on (irqchip.h).
 *
 * Threads: one per vCPU runs the guest and handles its exits; the event
 * loop thread (evloop.h) serves the console, timers and eventfds; the
 * thread that called vm_run() waits for the end and takes signals.
 * Device state is shared between them and guarded by one lock,
 * vm->lock, which every device callback is called with: device code
 * never takes it itself.
 */
#ifndef HVX_VM_H
#define HVX_VM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "accel.h"
#include "bus.h"
#include "irqchip.h"

struct evloop;
struct vcpu;

/* Why the VM stopped (vm_request_stop()); VM_RUNNING until then. */
enum vm_stop {
	VM_RUNNING,
	VM_STOP_EXIT_PORT,	/* the debug-exit port; stop_status */
	VM_STOP_POWEROFF,	/* the guest powered off */
	VM_STOP_RESET,		/* the guest asked for a reset */
	VM_STOP_QUIT,		/* the user quit from the console */
	VM_STOP_SIGNAL,		/* SIGINT or SIGTERM; stop_status: which */
	VM_STOP_VCPU,		/* a vCPU's run ended; stop_status: its id */
};

#define VM_MAX_CLEANUPS	16

struct vm_cleanup {
	void (*fn)(void *opaque);
	void *opaque;
};

struct vm {
	struct accel accel;		/* the hypervisor's device */
	struct accel_vm avm;		/* this VM in it */
	uint8_t *ram;
	uint64_t ram_size;
	struct bus io;
	struct bus mmio;
	bool verbose;

	pthread_mutex_t lock;		/* device state; see above */
	struct irqchip irqchip;		/* none for a flat binary */
	struct evloop *evloop;		/* the event loop, if started */
	unsigned int nr_vcpus;
	struct vcpu *vcpus;		/* vcpus[i] has id i */

	/* Set once, by whatever ends the run; the waiter wakes on stop_fd. */
	enum vm_stop stop;
	int stop_status;
	int stop_fd;

	/* What vm_destroy() undoes for the devices, newest first. */
	struct vm_cleanup cleanups[VM_MAX_CLEANUPS];
	int nr_cleanups;
};

/*
 * Open @accel, create the VM with @ram_size bytes of RAM from 0 and
 * @nr_vcpus vCPUs. Prints why on failure and returns -errno, with
 * nothing left to destroy.
 */
int vm_create(struct vm *vm, const struct accel_ops *accel,
	      uint64_t ram_size, unsigned int nr_vcpus, bool verbose);
void vm_destroy(struct vm *vm);

/*
 * Run the guest: a thread per vCPU, until something stops the VM (a
 * device, a vCPU's own end, or SIGINT or SIGTERM, which vm_create()
 * keeps for this thread). Returns why, as vm->stop.
 */
enum vm_stop vm_run(struct vm *vm);

/*
 * Have vm_destroy() call @fn(@opaque), after the event loop has stopped
 * and before the VM goes. For device state that outlives its init call.
 * Returns 0 or -ENOSPC.
 */
int vm_add_cleanup(struct vm *vm, void (*fn)(void *opaque), void *opaque);

/*
 * End the run once the current exits are done; the first request wins.
 * Called with vm->lock held, from any thread: every vCPU is kicked.
 */
void vm_request_stop(struct vm *vm, enum vm_stop why, int status);

/*
 * Guest RAM at @gpa for @len bytes, or NULL if any of it lies outside
 * RAM. For devices that read and write guest memory (DMA).
 */
void *vm_guest_ptr(struct vm *vm, uint64_t gpa, uint64_t len);

/*
 * Have the accelerator signal eventfd @fd when the guest writes @len
 * bytes at @addr (accel_vm_ioeventfd()), with no exit. 0 or -errno.
 */
int vm_ioeventfd(struct vm *vm, int fd, uint64_t addr, uint32_t len,
		 uint32_t flags);

#endif /* HVX_VM_H */
