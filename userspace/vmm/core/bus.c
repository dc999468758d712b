// SPDX-License-Identifier: GPL-2.0
/*
 * The address bus: a short list of claimed ranges, searched in order.
 */
#include <errno.h>
#include <stddef.h>
#include "bus.h"
#include "util.h"

void bus_init(struct bus *bus, const char *kind, bool log_unhandled)
{
	bus->kind = kind;
	bus->nr_ranges = 0;
	bus->log_unhandled = log_unhandled;
}

int bus_register(struct bus *bus, uint64_t base, uint64_t len,
		 const char *name, const struct bus_ops *ops, void *opaque)
{
	int i;

	if (!len || base + len - 1 < base)
		return -EINVAL;
	for (i = 0; i < bus->nr_ranges; i++) {
		const struct bus_range *r = &bus->ranges[i];

		if (base <= r->base + (r->len - 1) &&
		    r->base <= base + (len - 1))
			return -EEXIST;
	}
	if (bus->nr_ranges == BUS_MAX_RANGES)
		return -ENOSPC;
	bus->ranges[bus->nr_ranges++] = (struct bus_range) {
		.base = base, .len = len, .name = name, .ops = ops,
		.opaque = opaque,
	};
	return 0;
}

void bus_unregister(struct bus *bus, uint64_t base)
{
	int i;

	for (i = 0; i < bus->nr_ranges; i++) {
		if (bus->ranges[i].base != base)
			continue;
		bus->ranges[i] = bus->ranges[--bus->nr_ranges];
		return;
	}
}

static const struct bus_range *find(const struct bus *bus, uint64_t addr)
{
	int i;

	for (i = 0; i < bus->nr_ranges; i++) {
		const struct bus_range *r = &bus->ranges[i];

		if (addr >= r->base && addr - r->base < r->len)
			return r;
	}
	return NULL;
}

static uint64_t all_ones(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

uint64_t bus_read(struct bus *bus, uint64_t addr, unsigned int size)
{
	const struct bus_range *r = find(bus, addr);

	if (r && r->ops->read)
		return r->ops->read(r->opaque, addr - r->base, size) &
		       all_ones(size);
	if (bus->log_unhandled)
		error("unhandled %u-byte %s read at 0x%llx", size, bus->kind,
		      (unsigned long long)addr);
	return all_ones(size);
}

void bus_write(struct bus *bus, uint64_t addr, unsigned int size,
	       uint64_t value)
{
	const struct bus_range *r = find(bus, addr);

	value &= all_ones(size);
	if (r && r->ops->write) {
		r->ops->write(r->opaque, addr - r->base, size, value);
		return;
	}
	if (bus->log_unhandled)
		error("unhandled %u-byte %s write at 0x%llx: 0x%0*llx", size,
		      bus->kind, (unsigned long long)addr, (int)(2 * size),
		      (unsigned long long)value);
}
