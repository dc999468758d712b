/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an accelerator backend implements (accel_hvx.c, accel_kvm.c) for
 * accel.c, which holds what they share: opening the device, messages,
 * the checks and the guest mode set-up. Private to libhvx.
 */
#ifndef HVX_ACCEL_BACKEND_H
#define HVX_ACCEL_BACKEND_H

#include "accel.h"

struct accel_ops {
	const char *name;		/* "hvx", "kvm" */
	const char *kernel;		/* for messages: "hvx.ko", "KVM" */
	const char *device;		/* "/dev/hvx" */
	const char *load_hint;		/* how to get the device */
	/* What EBUSY from creating a VM means here: who holds VMX. */
	const char *busy_hint;
	/* With the device open: check its API version, cache what it says. */
	int (*open)(struct accel *a);
	/* Its part of accel_close(), before the device is closed. */
	void (*close)(struct accel *a);
	bool (*unrestricted)(const struct accel *a);

	/* The VM's fd into vm->fd. */
	int (*vm_create)(struct accel *a, struct accel_vm *vm);
	int (*set_memory)(struct accel_vm *vm, uint32_t slot, uint64_t gpa,
			  uint64_t size, void *hva);
	int (*ioeventfd)(struct accel_vm *vm, int fd, uint64_t addr,
			 uint32_t len, uint32_t flags, uint64_t datamatch);

	/* vCPU vcpu->id: its fd, run page, immediate_exit and set-up. */
	int (*vcpu_create)(struct accel_vcpu *vcpu);
	/* Its part of accel_vcpu_destroy(), before the fd is closed. */
	void (*vcpu_release)(struct accel_vcpu *vcpu);
	int (*run)(struct accel_vcpu *vcpu);
	int (*interrupt)(struct accel_vcpu *vcpu, uint32_t vector);
	int (*get_regs)(struct accel_vcpu *vcpu, struct hvx_regs *regs);
	int (*set_regs)(struct accel_vcpu *vcpu, const struct hvx_regs *regs);
	int (*get_sregs)(struct accel_vcpu *vcpu, struct hvx_sregs *sregs);
	int (*set_sregs)(struct accel_vcpu *vcpu,
			 const struct hvx_sregs *sregs);
};

extern const struct accel_ops accel_hvx_ops;
extern const struct accel_ops accel_kvm_ops;

/* ioctl() returning -errno instead of -1. */
int accel_ioctl(int fd, unsigned long cmd, unsigned long arg);

/* Leave the message for the user in a->error; returns @err. */
int accel_fail(struct accel *a, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* HVX_ACCEL_BACKEND_H */
