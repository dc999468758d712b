// SPDX-License-Identifier: GPL-2.0
/*
 * The debug-exit port at 0xF4: a write of any size ends the VM, and hvx
 * exits with the value written, which a test guest uses to report its
 * result. Statuses above STATUS_GUEST_MAX belong to hvx, so larger
 * values become STATUS_GUEST_MAX, with a warning. Reads return all ones.
 */
#include "devices.h"
#include "util.h"

static void debug_exit_out(void *opaque, uint64_t offset, unsigned int size,
			   uint64_t value)
{
	struct vm *vm = opaque;

	(void)offset;
	(void)size;
	if (value > STATUS_GUEST_MAX) {
		error("guest wrote %llu to the debug-exit port: statuses above %d are hvx's own; exiting with %d",
		      (unsigned long long)value, STATUS_GUEST_MAX,
		      STATUS_GUEST_MAX);
		value = STATUS_GUEST_MAX;
	}
	vm_request_stop(vm, VM_STOP_EXIT_PORT, (int)value);
}

static const struct bus_ops debug_exit_ops = {
	.write = debug_exit_out,
};

int debug_exit_init(struct vm *vm)
{
	return bus_register(&vm->io, DEBUG_EXIT_PORT, 1, "debug-exit",
			       &debug_exit_ops, vm);
}
