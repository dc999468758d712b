/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One virtual machine as hvx run builds it: the /dev/hvx and VM fds, one
 * vCPU with its run page, RAM as a single slot from guest-physical 0, and
 * the port I/O bus its devices sit on.
 */
#ifndef HVX_VM_H
#define HVX_VM_H

#include <stdbool.h>
#include <stdint.h>
#include "ioport.h"
#include "libhvx.h"

struct accel_ops;

struct vm {
	int sys_fd;
	int vm_fd;
	int vcpu_fd;
	struct hvx_run *run;
	uint8_t *ram;
	uint64_t ram_size;
	struct ioport_bus io;
	bool verbose;

	/* Set by a device to end the run, e.g. the debug-exit port. */
	bool stop;
	int stop_status;

	/* The hypervisor underneath (accel.h); NULL means hvx. */
	const struct accel_ops *accel;
	void *accel_data;
};

/* Open /dev/hvx. Prints why on failure and returns -errno; the fd on success. */
int vm_open_device(void);
/* 0 if hvx.ko speaks our API version; prints why not and returns -errno. */
int vm_check_api(int sys_fd);

/* Everything but the devices. Prints why on failure and returns -errno. */
int vm_create(struct vm *vm, uint64_t ram_size, bool verbose);
void vm_destroy(struct vm *vm);

/* Ask the run loop to end with @status once the current exit is done. */
void vm_request_stop(struct vm *vm, int status);

#endif /* HVX_VM_H */
