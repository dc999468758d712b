/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A vCPU and its thread: the accelerator's vCPU (fd, run page,
 * immediate exit), and the loop that runs it until something ends the
 * run, handing port I/O and MMIO to the buses and taking interrupts
 * from the VM's irqchip.
 */
#ifndef HVX_VCPU_H
#define HVX_VCPU_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include "accel.h"

struct vm;

/* The signal vcpu_kick() sends a vCPU's thread. */
#define VCPU_KICK_SIGNAL	SIGUSR1

/* Why a vCPU's run ended; end_value says more where noted. */
enum run_end {
	RUN_STOPPED,		/* the VM was stopped: vm->stop says why */
	RUN_HALTED,		/* HLT, and nothing could wake the vCPU */
	RUN_SHUTDOWN,		/* triple fault; details in the run page */
	RUN_FAIL_ENTRY,		/* VM entry failed; details in the run page */
	RUN_INTERNAL_ERROR,	/* the hypervisor gave up; see the run page */
	RUN_UNEXPECTED,		/* an exit hvx run cannot handle: reason */
	RUN_ERROR,		/* the run ioctl failed: errno */
};

struct vcpu {
	struct vm *vm;
	unsigned int id;
	struct accel_vcpu accel;
	pthread_t thread;
	bool started;			/* thread is valid, to be joined */
	bool running;			/* in its loop: kicks reach it */
	bool halted;			/* waiting on wake_fd, in the VMM */
	int wake_fd;			/* eventfd a halted vCPU waits on */
	enum run_end end;		/* why its run ended */
	int end_value;
};

/* vCPU @id of @vm. Prints why on failure and returns -errno. */
int vcpu_create(struct vcpu *vcpu, struct vm *vm, unsigned int id);
void vcpu_destroy(struct vcpu *vcpu);

/*
 * The thread that runs the vCPU. When its run ends on its own it stops
 * the VM (VM_STOP_VCPU); stopped, it returns.
 */
int vcpu_start(struct vcpu *vcpu);
void vcpu_join(struct vcpu *vcpu);

/*
 * Make the vCPU come back from the guest (or wake from a halt) and look
 * at the VM again. Called with vm->lock held; cheap when it is not in
 * the guest.
 */
void vcpu_kick(struct vcpu *vcpu);

#endif /* HVX_VCPU_H */
