// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU run loop.
 *
 * Signals: the handler records the signal and sets immediate_exit in the
 * run page, so HVX_RUN returns -EINTR whether the signal comes while the
 * guest runs (the kernel sees it pending) or just before the ioctl (the
 * kernel sees immediate_exit). The loop then ends the run.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include "accel.h"
#include "util.h"
#include "vcpu.h"

static volatile sig_atomic_t stop_signal;
static struct hvx_run *volatile signal_run;

static void on_stop_signal(int sig)
{
	struct hvx_run *run = signal_run;

	stop_signal = sig;
	if (run)
		run->immediate_exit = 1;
}

int vcpu_catch_signals(struct vm *vm)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: HVX_RUN must come back with -EINTR. */
	signal_run = vm->run;
	if (sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGTERM, &sa, NULL) < 0)
		return -errno;
	return 0;
}

/* Port I/O; the module has already stepped RIP past the instruction. */
static int handle_io(struct vm *vm)
{
	struct hvx_run *run = vm->run;
	unsigned int size = run->io.size;
	uint8_t *data;
	uint32_t i;

	if ((size != 1 && size != 2 && size != 4) ||
	    run->io.data_offset > HVX_RUN_SIZE ||
	    (uint64_t)run->io.count * size > HVX_RUN_SIZE - run->io.data_offset)
		return -EPROTO;
	data = hvx_io_data(run);
	for (i = 0; i < run->io.count; i++, data += size) {
		uint32_t v = 0;

		if (run->io.direction == HVX_EXIT_IO_OUT) {
			memcpy(&v, data, size);
			ioport_out(&vm->io, run->io.port, size, v);
		} else {
			v = ioport_in(&vm->io, run->io.port, size);
			memcpy(data, &v, size);
		}
	}
	return 0;
}

/*
 * Guest-physical addresses outside RAM: no MMIO devices yet, so like an
 * unclaimed port, reads see all ones and writes are dropped.
 */
static int handle_mmio(struct vm *vm)
{
	struct hvx_run *run = vm->run;
	uint32_t len = run->mmio.len;

	if (!len || len > sizeof(run->mmio.data))
		return -EPROTO;
	if (vm->verbose)
		error("unhandled %u-byte MMIO %s at 0x%llx", len,
		      run->mmio.is_write ? "write" : "read",
		      (unsigned long long)run->mmio.phys_addr);
	if (!run->mmio.is_write)
		memset(run->mmio.data, 0xff, len);
	return 0;
}

/* No hypercalls are defined for raw guests: answer -ENOSYS, as KVM does. */
static void handle_hypercall(struct vm *vm)
{
	struct hvx_run *run = vm->run;

	if (vm->verbose)
		error("unknown hypercall %llu: returning -ENOSYS",
		      (unsigned long long)run->hypercall.nr);
	run->hypercall.ret = (uint64_t)-ENOSYS;
}

enum run_end vcpu_run(struct vm *vm, int *value)
{
	struct hvx_run *run = vm->run;
	int r;

	*value = 0;
	for (;;) {
		if (stop_signal) {
			*value = stop_signal;
			return RUN_SIGNAL;
		}
		r = accel_run(vm);
		if (r == -EINTR)
			continue;	/* the check above tells why */
		if (r < 0) {
			*value = -r;
			return RUN_ERROR;
		}
		switch (run->exit_reason) {
		case HVX_EXIT_IO:
			if (handle_io(vm) < 0) {
				*value = run->exit_reason;
				return RUN_UNEXPECTED;
			}
			break;
		case HVX_EXIT_MMIO:
			if (handle_mmio(vm) < 0) {
				*value = run->exit_reason;
				return RUN_UNEXPECTED;
			}
			break;
		case HVX_EXIT_HYPERCALL:
			handle_hypercall(vm);
			break;
		case HVX_EXIT_HLT:
			/* No interrupt sources yet: a halted vCPU stays so. */
			return RUN_HALTED;
		case HVX_EXIT_SHUTDOWN:
			return RUN_SHUTDOWN;
		case HVX_EXIT_FAIL_ENTRY:
			return RUN_FAIL_ENTRY;
		case HVX_EXIT_INTERNAL_ERROR:
			return RUN_INTERNAL_ERROR;
		default:
			*value = run->exit_reason;
			return RUN_UNEXPECTED;
		}
		if (vm->stop) {
			*value = vm->stop_status;
			return RUN_STOPPED;
		}
	}
}
