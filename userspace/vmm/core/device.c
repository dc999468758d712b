// SPDX-License-Identifier: GPL-2.0
/*
 * Creating a device from its description (device.h): all of it, or, on
 * failure, nothing left behind.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "device.h"
#include "util.h"
#include "vm.h"

/* The state of a device, after what releasing it needs. */
struct device {
	const struct device_desc *desc;
	max_align_t state[];
};

static void device_release(void *opaque)
{
	struct device *d = opaque;

	if (d->desc->release)
		d->desc->release(d->state);
	free(d);
}

static struct bus *bus_of(struct vm *vm, const struct device_desc *desc)
{
	return desc->mmio ? &vm->mmio : &vm->io;
}

static void unclaim(struct vm *vm, const struct device_desc *desc,
		    uint64_t base, unsigned int n)
{
	while (n--)
		bus_unregister(bus_of(vm, desc), base + desc->ranges[n].offset);
}

static int claim_ranges(struct vm *vm, const struct device_desc *desc,
			uint64_t base, void *state)
{
	struct bus *bus = bus_of(vm, desc);
	unsigned int i;
	int r;

	for (i = 0; i < desc->nr_ranges; i++) {
		const struct device_range *range = &desc->ranges[i];
		uint64_t start = base + range->offset;

		r = bus_register(bus, start, range->len, range->name,
				 range->ops, state);
		if (r) {
			error("%s: cannot claim %s 0x%llx-0x%llx: %s",
			      desc->name, bus->kind, (unsigned long long)start,
			      (unsigned long long)(start + range->len - 1),
			      strerror(-r));
			unclaim(vm, desc, base, i);
			return r;
		}
	}
	return 0;
}

int device_create(struct vm *vm, const struct device_desc *desc,
		  uint64_t base, const void *arg, void **dev)
{
	struct device *d;
	int r = 0;

	/* Checked first: once it is set up, the device must find a place. */
	if (vm->nr_cleanups == VM_MAX_CLEANUPS) {
		error("%s: too many devices", desc->name);
		return -ENOSPC;
	}
	d = calloc(1, sizeof(*d) + desc->size);
	if (!d) {
		error("%s: %s", desc->name, strerror(ENOMEM));
		return -ENOMEM;
	}
	d->desc = desc;
	if (desc->init) {
		const struct device_ctx ctx = {
			.vm = vm, .base = base, .arg = arg,
		};

		r = desc->init(d->state, &ctx);
	}
	if (!r)
		r = claim_ranges(vm, desc, base, d->state);
	if (!r) {
		r = vm_add_cleanup(vm, device_release, d);
		if (r)
			unclaim(vm, desc, base, desc->nr_ranges);
	}
	if (r) {
		device_release(d);
		return r;
	}
	if (dev)
		*dev = d->state;
	return 0;
}
