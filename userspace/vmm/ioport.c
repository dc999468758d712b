// SPDX-License-Identifier: GPL-2.0
/*
 * The port I/O bus: a short list of claimed ranges, searched in order.
 */
#include <errno.h>
#include <stdio.h>
#include "ioport.h"
#include "util.h"

void ioport_bus_init(struct ioport_bus *bus, bool log_unhandled)
{
	bus->nr_ranges = 0;
	bus->log_unhandled = log_unhandled;
}

int ioport_register(struct ioport_bus *bus, uint16_t base, uint16_t count,
		    const char *name, const struct ioport_ops *ops,
		    void *opaque)
{
	unsigned int end = (unsigned int)base + count;
	int i;

	if (!count || end > 0x10000)
		return -EINVAL;
	for (i = 0; i < bus->nr_ranges; i++) {
		const struct ioport_range *r = &bus->ranges[i];

		if (base < r->base + r->count && r->base < end)
			return -EEXIST;
	}
	if (bus->nr_ranges == IOPORT_MAX_RANGES)
		return -ENOSPC;
	bus->ranges[bus->nr_ranges++] = (struct ioport_range) {
		.base = base, .count = count, .name = name, .ops = ops,
		.opaque = opaque,
	};
	return 0;
}

static const struct ioport_range *find(const struct ioport_bus *bus,
				       uint16_t port)
{
	int i;

	for (i = 0; i < bus->nr_ranges; i++) {
		const struct ioport_range *r = &bus->ranges[i];

		if (port >= r->base && port - r->base < r->count)
			return r;
	}
	return NULL;
}

/* The instruction suffix of an access: inb, inw, inl. */
static char suffix(unsigned int size)
{
	return size == 1 ? 'b' : size == 2 ? 'w' : 'l';
}

static uint32_t all_ones(unsigned int size)
{
	return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

uint32_t ioport_in(struct ioport_bus *bus, uint16_t port, unsigned int size)
{
	const struct ioport_range *r = find(bus, port);

	if (r && r->ops->in)
		return r->ops->in(r->opaque, port, size) & all_ones(size);
	if (bus->log_unhandled)
		error("unhandled in%c from port 0x%04x", suffix(size), port);
	return all_ones(size);
}

void ioport_out(struct ioport_bus *bus, uint16_t port, unsigned int size,
		uint32_t value)
{
	const struct ioport_range *r = find(bus, port);

	value &= all_ones(size);
	if (r && r->ops->out) {
		r->ops->out(r->opaque, port, size, value);
		return;
	}
	if (bus->log_unhandled)
		error("unhandled out%c to port 0x%04x: 0x%0*x", suffix(size),
		      port, (int)(2 * size), value);
}
