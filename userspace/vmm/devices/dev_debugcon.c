// SPDX-License-Identifier: GPL-2.0
/*
 * The debug console at port 0xE9, as in Bochs and QEMU ("port E9 hack"):
 * OUT writes the low byte of AL/AX/EAX to stdout; IN returns 0xE9, so a
 * guest can tell the console is there.
 */
#include <stdio.h>
#include "devices.h"

static uint64_t debugcon_in(void *opaque, uint64_t offset, unsigned int size)
{
	(void)opaque;
	(void)offset;
	(void)size;
	return DEBUGCON_PORT;
}

static void debugcon_out(void *opaque, uint64_t offset, unsigned int size,
			 uint64_t value)
{
	(void)opaque;
	(void)offset;
	(void)size;
	putchar(value & 0xff);
	/* A console is for watching: no newline-less text stuck in a pipe. */
	if ((value & 0xff) == '\n')
		fflush(stdout);
}

static const struct bus_ops debugcon_ops = {
	.read = debugcon_in,
	.write = debugcon_out,
};

int debugcon_init(struct vm *vm)
{
	return bus_register(&vm->io, DEBUGCON_PORT, 1, "debugcon",
			       &debugcon_ops, vm);
}
