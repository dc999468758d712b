/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vCPU run loop: HVX_RUN until something ends the run, handing port
 * I/O and MMIO to the buses and interrupts from the PIC to the guest.
 */
#ifndef HVX_VCPU_H
#define HVX_VCPU_H

#include <signal.h>
#include "vm.h"

/* The signal vcpu_kick() sends the vCPU thread. */
#define VCPU_KICK_SIGNAL	SIGUSR1

/* Why the run ended; *value says more where noted. */
enum run_end {
	RUN_STOPPED,		/* a device asked; value: enum vm_stop */
	RUN_HALTED,		/* HLT, and nothing could wake the vCPU */
	RUN_SHUTDOWN,		/* triple fault; details in the run page */
	RUN_FAIL_ENTRY,		/* VM entry failed; details in the run page */
	RUN_INTERNAL_ERROR,	/* hvx.ko gave up; details in the run page */
	RUN_SIGNAL,		/* SIGINT or SIGTERM; value: the signal */
	RUN_UNEXPECTED,		/* an exit hvx run cannot handle; value: reason */
	RUN_ERROR,		/* HVX_RUN failed; value: errno */
};

/*
 * Make SIGINT and SIGTERM stop the vCPU at its next exit, and make the
 * calling thread the vCPU thread that vcpu_kick() reaches.
 */
int vcpu_catch_signals(struct vm *vm);

enum run_end vcpu_run(struct vm *vm, int *value);

#endif /* HVX_VCPU_H */
