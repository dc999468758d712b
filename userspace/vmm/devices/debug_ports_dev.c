// SPDX-License-Identifier: GPL-2.0
/*
 * The two test ports of a flat binary:
 *
 * The debug console at port 0xE9, as in Bochs and QEMU ("port E9 hack"):
 * OUT writes the low byte of AL/AX/EAX to stdout; IN returns 0xE9, so a
 * guest can tell the console is there.
 *
 * The debug-exit port at 0xF4: a write of any size ends the VM, and hvx
 * exits with the value written, which a test guest uses to report its
 * result. Statuses above STATUS_GUEST_MAX belong to hvx, so larger
 * values become STATUS_GUEST_MAX, with a warning. Reads return all ones.
 */
#include <stdio.h>
#include "pc.h"
#include "util.h"

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

static const struct device_range debugcon_ranges[] = {
	{ DEBUGCON_PORT, 1, "debugcon", &debugcon_ops },
};

const struct device_desc debugcon_device = {
	.name = "debugcon",
	DEVICE_RANGES(debugcon_ranges),
};

struct debug_exit {
	struct vm *vm;
};

static void debug_exit_out(void *opaque, uint64_t offset, unsigned int size,
			   uint64_t value)
{
	struct debug_exit *d = opaque;

	(void)offset;
	(void)size;
	if (value > STATUS_GUEST_MAX) {
		error("guest wrote %llu to the debug-exit port: statuses above %d are hvx's own; exiting with %d",
		      (unsigned long long)value, STATUS_GUEST_MAX,
		      STATUS_GUEST_MAX);
		value = STATUS_GUEST_MAX;
	}
	vm_request_stop(d->vm, VM_STOP_EXIT_PORT, (int)value);
}

static const struct bus_ops debug_exit_ops = {
	.write = debug_exit_out,
};

static int debug_exit_init(void *dev, const struct device_ctx *ctx)
{
	struct debug_exit *d = dev;

	d->vm = ctx->vm;
	return 0;
}

static const struct device_range debug_exit_ranges[] = {
	{ DEBUG_EXIT_PORT, 1, "debug-exit", &debug_exit_ops },
};

const struct device_desc debug_exit_device = {
	.name = "debug-exit",
	.size = sizeof(struct debug_exit),
	.init = debug_exit_init,
	DEVICE_RANGES(debug_exit_ranges),
};
