/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One virtual machine as hvx run builds it: the /dev/hvx and VM fds, one
 * vCPU with its run page, RAM as a single slot from guest-physical 0, and
 * the buses its devices sit on.
 *
 * Threads: the vCPU thread runs the guest and handles its exits; the
 * event loop thread (evloop.h) serves the console, timers and eventfds.
 * Device state is shared between them and guarded by one lock, vm->lock,
 * which every device callback is called with: device code never takes
 * it itself.
 */
#ifndef HVX_VM_H
#define HVX_VM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "bus.h"
#include "libhvx.h"

struct accel_ops;
struct pic;
struct evloop;

/* Why a device ended the run (vm_request_stop() and friends). */
enum vm_stop {
	VM_RUNNING,
	VM_STOP_EXIT_PORT,	/* the debug-exit port; stop_status */
	VM_STOP_POWEROFF,	/* the guest powered off */
	VM_STOP_RESET,		/* the guest asked for a reset */
	VM_STOP_QUIT,		/* the user quit from the console */
};

#define VM_MAX_CLEANUPS	16

struct vm_cleanup {
	void (*fn)(void *opaque);
	void *opaque;
};

struct vm {
	int sys_fd;
	int vm_fd;
	int vcpu_fd;
	struct hvx_run *run;
	/* The flag that makes the next run return at once: the accelerator's. */
	volatile uint8_t *immediate_exit;
	uint8_t *ram;
	uint64_t ram_size;
	struct bus io;
	struct bus mmio;
	bool verbose;

	pthread_mutex_t lock;		/* device state; see above */
	pthread_t vcpu_thread;		/* the thread vcpu_kick() signals */
	bool vcpu_started;		/* vcpu_thread is valid */
	bool vcpu_halted;		/* waiting on wake_fd, in the VMM */
	int wake_fd;			/* eventfd a halted vCPU waits on */
	struct pic *pic;		/* the interrupt controller, if any */
	struct evloop *evloop;		/* the event loop, if started */

	/* Set by a device to end the run; read by the vCPU thread. */
	enum vm_stop stop;
	int stop_status;

	/* What vm_destroy() undoes for the devices, newest first. */
	struct vm_cleanup cleanups[VM_MAX_CLEANUPS];
	int nr_cleanups;

	/* The hypervisor underneath (accel.h); NULL means hvx. */
	const struct accel_ops *accel;
	void *accel_data;
};

/* Open /dev/hvx. Prints why on failure and returns -errno; the fd on success. */
int vm_open_device(void);
/* 0 if hvx.ko speaks our API version; prints why not and returns -errno. */
int vm_check_api(int sys_fd);

/*
 * An empty VM: no fds but its wakeup eventfd, no RAM, empty buses, the
 * lock ready. Returns 0 or -errno (vm_destroy() cleans up either way).
 */
int vm_init(struct vm *vm, bool verbose);
/* Everything but the devices. Prints why on failure and returns -errno. */
int vm_create(struct vm *vm, uint64_t ram_size, bool verbose);
void vm_destroy(struct vm *vm);

/*
 * Have vm_destroy() call @fn(@opaque), after the event loop has stopped
 * and before the VM goes. For device state that outlives its init call.
 * Returns 0 or -ENOSPC.
 */
int vm_add_cleanup(struct vm *vm, void (*fn)(void *opaque), void *opaque);

/*
 * End the run once the current exit is done; the first request wins.
 * Called with vm->lock held, from any thread: the vCPU is kicked.
 */
void vm_request_stop(struct vm *vm, enum vm_stop why, int status);

/*
 * Guest RAM at @gpa for @len bytes, or NULL if any of it lies outside
 * RAM. For devices that read and write guest memory (DMA).
 */
void *vm_guest_ptr(struct vm *vm, uint64_t gpa, uint64_t len);

#endif /* HVX_VM_H */
