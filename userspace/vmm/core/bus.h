/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An address bus: devices claim ranges, and a guest access goes to the
 * device whose range holds the address. hvx run has two, one for port
 * I/O and one for MMIO (guest-physical addresses outside RAM).
 *
 * Nobody there: reads return all ones, writes are dropped (logged when
 * the bus is verbose), as on a PC with nothing at that address.
 */
#ifndef HVX_BUS_H
#define HVX_BUS_H

#include <stdbool.h>
#include <stdint.h>

#define BUS_MAX_RANGES	32

struct bus_ops {
	/*
	 * @offset is from the start of the range; @size is 1, 2 or 4 (and
	 * 8 on the MMIO bus). Either may be NULL: then as if unclaimed.
	 * Called with the VM's device lock held (vm.h).
	 */
	uint64_t (*read)(void *opaque, uint64_t offset, unsigned int size);
	void (*write)(void *opaque, uint64_t offset, unsigned int size,
		      uint64_t value);
};

struct bus_range {
	uint64_t base;
	uint64_t len;
	const char *name;
	const struct bus_ops *ops;
	void *opaque;
};

struct bus {
	const char *kind;		/* "port" or "MMIO", for messages */
	struct bus_range ranges[BUS_MAX_RANGES];
	int nr_ranges;
	bool log_unhandled;
};

void bus_init(struct bus *bus, const char *kind, bool log_unhandled);
/* Returns 0, -EINVAL (empty or wrapping), -EEXIST (overlap) or -ENOSPC. */
int bus_register(struct bus *bus, uint64_t base, uint64_t len,
		 const char *name, const struct bus_ops *ops, void *opaque);
/* Undo bus_register() of the range at @base; nothing if there is none. */
void bus_unregister(struct bus *bus, uint64_t base);
uint64_t bus_read(struct bus *bus, uint64_t addr, unsigned int size);
void bus_write(struct bus *bus, uint64_t addr, unsigned int size,
	       uint64_t value);

#endif /* HVX_BUS_H */
