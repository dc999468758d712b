/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The port I/O bus: devices claim ranges of ports, and a guest IN or OUT
 * goes to the device whose range holds the port. Nobody there: reads
 * return all ones, writes are dropped (logged when the bus is verbose),
 * as on a PC with nothing at that address.
 */
#ifndef HVX_IOPORT_H
#define HVX_IOPORT_H

#include <stdbool.h>
#include <stdint.h>

#define IOPORT_MAX_RANGES	16

struct ioport_ops {
	/* @size is 1, 2 or 4; either may be NULL (then: as if unclaimed). */
	uint32_t (*in)(void *opaque, uint16_t port, unsigned int size);
	void (*out)(void *opaque, uint16_t port, unsigned int size,
		    uint32_t value);
};

struct ioport_range {
	uint16_t base;
	uint16_t count;
	const char *name;
	const struct ioport_ops *ops;
	void *opaque;
};

struct ioport_bus {
	struct ioport_range ranges[IOPORT_MAX_RANGES];
	int nr_ranges;
	bool log_unhandled;
};

void ioport_bus_init(struct ioport_bus *bus, bool log_unhandled);
/* Returns 0, -EINVAL (empty or past 0xffff), -EEXIST or -ENOSPC. */
int ioport_register(struct ioport_bus *bus, uint16_t base, uint16_t count,
		    const char *name, const struct ioport_ops *ops,
		    void *opaque);
uint32_t ioport_in(struct ioport_bus *bus, uint16_t port, unsigned int size);
void ioport_out(struct ioport_bus *bus, uint16_t port, unsigned int size,
		uint32_t value);

#endif /* HVX_IOPORT_H */
