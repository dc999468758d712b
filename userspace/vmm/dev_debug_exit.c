// SPDX-License-Identifier: GPL-2.0
/*
 * The debug-exit port at 0xF4: a write of any size ends the VM, and hvx
 * exits with the value written, which a test guest uses to report its
 * result. Statuses above STATUS_GUEST_MAX belong to hvx, so larger
 * values become STATUS_GUEST_MAX, with a warning. Reads return all ones.
 */
#include "devices.h"
#include "util.h"

static void debug_exit_out(void *opaque, uint16_t port, unsigned int size,
			   uint32_t value)
{
	struct vm *vm = opaque;

	(void)port;
	(void)size;
	if (value > STATUS_GUEST_MAX) {
		error("guest wrote %u to the debug-exit port: statuses above %d are hvx's own; exiting with %d",
		      value, STATUS_GUEST_MAX, STATUS_GUEST_MAX);
		value = STATUS_GUEST_MAX;
	}
	vm_request_stop(vm, (int)value);
}

static const struct ioport_ops debug_exit_ops = {
	.out = debug_exit_out,
};

int debug_exit_init(struct vm *vm)
{
	return ioport_register(&vm->io, DEBUG_EXIT_PORT, 1, "debug-exit",
			       &debug_exit_ops, vm);
}
