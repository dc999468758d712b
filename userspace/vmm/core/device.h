/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device models on the VM's buses. A model describes itself once, in a
 * struct device_desc: the size of its state, how to set that up and
 * what to release, and the ranges it claims. device_create() does the
 * rest for every device alike: the zeroed state, its release when the
 * VM goes, the ranges on the port or MMIO bus. A board (devices/pc.c)
 * is a list of the devices it has.
 */
#ifndef HVX_DEVICE_H
#define HVX_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bus.h"
#include "util.h"

struct vm;

/* A range the device claims; its bus ops get the device's state. */
struct device_range {
	uint64_t offset;		/* from the device's base */
	uint64_t len;
	const char *name;
	const struct bus_ops *ops;
};

/* What device_create() was given, for the device's init. */
struct device_ctx {
	struct vm *vm;
	uint64_t base;
	const void *arg;
};

struct device_desc {
	const char *name;		/* for messages */
	size_t size;			/* of its state */
	bool mmio;			/* on the MMIO bus, else on ports */
	/*
	 * Set up the zeroed state @dev; may be NULL. On failure it says
	 * why and returns -errno; release still follows.
	 */
	int (*init)(void *dev, const struct device_ctx *ctx);
	/* Free what init acquired (fds...); may be NULL. */
	void (*release)(void *dev);
	const struct device_range *ranges;
	unsigned int nr_ranges;
};

/* In a struct device_desc: the ranges of array @r. */
#define DEVICE_RANGES(r)	.ranges = (r), .nr_ranges = ARRAY_SIZE(r)

/*
 * A @desc device at @base (fixed-port devices: 0, their ranges hold
 * the ports), set up with @arg. Returns 0 with its state in *@dev if
 * @dev is not NULL; on failure says why and returns -errno.
 * vm_destroy() releases the device either way.
 */
int device_create(struct vm *vm, const struct device_desc *desc,
		  uint64_t base, const void *arg, void **dev);

#endif /* HVX_DEVICE_H */
