// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU run loop.
 *
 * Signals: the handlers record a stop signal and set the accelerator's
 * immediate_exit flag (vm->immediate_exit), so HVX_RUN returns -EINTR whether the signal comes while
 * the guest runs (the kernel sees it pending) or just before the ioctl
 * (the kernel sees immediate_exit). The loop then ends the run. The kick
 * signal (irqchip.c) does the same without ending anything: the loop just
 * looks at the devices again.
 *
 * Locking: the loop holds vm->lock except while the guest runs and while
 * it sleeps in a halt, so exits are handled, and interrupts taken from
 * the PIC, with the devices' state stable.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "accel.h"
#include "i8259_dev.h"
#include "util.h"
#include "vcpu.h"

static volatile sig_atomic_t stop_signal;
static volatile uint8_t *volatile signal_immediate_exit;

static void on_stop_signal(int sig)
{
	volatile uint8_t *flag = signal_immediate_exit;

	stop_signal = sig;
	if (flag)
		*flag = 1;
}

static void on_kick_signal(int sig)
{
	volatile uint8_t *flag = signal_immediate_exit;

	(void)sig;
	if (flag)
		*flag = 1;
}

int vcpu_catch_signals(struct vm *vm)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: HVX_RUN must come back with -EINTR. */
	signal_immediate_exit = vm->immediate_exit;
	if (sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGTERM, &sa, NULL) < 0)
		return -errno;
	sa.sa_handler = on_kick_signal;
	if (sigaction(VCPU_KICK_SIGNAL, &sa, NULL) < 0)
		return -errno;
	vm->vcpu_thread = pthread_self();
	vm->vcpu_started = true;
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
		uint64_t v = 0;

		if (run->io.direction == HVX_EXIT_IO_OUT) {
			memcpy(&v, data, size);
			bus_write(&vm->io, run->io.port, size, v);
		} else {
			v = bus_read(&vm->io, run->io.port, size);
			memcpy(data, &v, size);
		}
	}
	return 0;
}

/* A guest-physical access outside RAM: the MMIO bus's devices. */
static int handle_mmio(struct vm *vm)
{
	struct hvx_run *run = vm->run;
	uint32_t len = run->mmio.len;
	uint64_t v = 0;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return -EPROTO;
	if (run->mmio.is_write) {
		memcpy(&v, run->mmio.data, len);
		bus_write(&vm->mmio, run->mmio.phys_addr, len, v);
	} else {
		v = bus_read(&vm->mmio, run->mmio.phys_addr, len);
		memcpy(run->mmio.data, &v, len);
	}
	return 0;
}

/* No hypercalls are defined for hvx run's guests: -ENOSYS, as KVM does. */
static void handle_hypercall(struct vm *vm)
{
	struct hvx_run *run = vm->run;

	if (vm->verbose)
		error("unknown hypercall %llu: returning -ENOSYS",
		      (unsigned long long)run->hypercall.nr);
	run->hypercall.ret = (uint64_t)-ENOSYS;
}

/*
 * Hand the guest what the PIC presents if it can take it now, else ask
 * for an exit as soon as it can. Returns 0 or -errno from the injection.
 */
static int deliver_interrupt(struct vm *vm)
{
	struct hvx_run *run = vm->run;
	int vector, r;

	run->request_interrupt_window = 0;
	if (!vm->pic || !pic_has_interrupt(vm->pic))
		return 0;
	if (!run->ready_for_interrupt_injection) {
		run->request_interrupt_window = 1;
		return 0;
	}
	vector = pic_intack(vm->pic);
	r = accel_interrupt(vm, vector);
	/* Not again before the guest has run: the flag is the last exit's. */
	run->ready_for_interrupt_injection = 0;
	if (r == -EINVAL) {
		/* A vector below 16: the guest has not programmed the PIC. */
		if (vm->verbose)
			error("dropped interrupt vector %d: not a valid external interrupt vector",
			      vector);
		return 0;
	}
	return r;
}

/*
 * HLT with interrupts enabled: sleep until a device raises one, the VM
 * is stopped, or a signal comes. Called and returns with vm->lock held.
 */
static void wait_for_interrupt(struct vm *vm)
{
	struct pollfd p = { .fd = vm->wake_fd, .events = POLLIN };
	uint64_t n;

	while (!stop_signal && vm->stop == VM_RUNNING &&
	       !pic_has_interrupt(vm->pic)) {
		vm->vcpu_halted = true;
		pthread_mutex_unlock(&vm->lock);
		if (poll(&p, 1, -1) > 0 && read(vm->wake_fd, &n, sizeof(n)) < 0)
			error("vCPU wakeup: %s", strerror(errno));
		pthread_mutex_lock(&vm->lock);
		vm->vcpu_halted = false;
	}
}

/* One exit: RUN_* to end the run, or -1 to go on. */
static int handle_exit(struct vm *vm, int *value)
{
	struct hvx_run *run = vm->run;

	switch (run->exit_reason) {
	case HVX_EXIT_IO:
		if (handle_io(vm) < 0)
			break;
		return -1;
	case HVX_EXIT_MMIO:
		if (handle_mmio(vm) < 0)
			break;
		return -1;
	case HVX_EXIT_HYPERCALL:
		handle_hypercall(vm);
		return -1;
	case HVX_EXIT_IRQ_WINDOW_OPEN:
		return -1;	/* deliver_interrupt() takes it from here */
	case HVX_EXIT_HLT:
		/* Nothing can wake it: no PIC, or interrupts are off. */
		if (!vm->pic || !run->if_flag)
			return RUN_HALTED;
		wait_for_interrupt(vm);
		return -1;
	case HVX_EXIT_SHUTDOWN:
		return RUN_SHUTDOWN;
	case HVX_EXIT_FAIL_ENTRY:
		return RUN_FAIL_ENTRY;
	case HVX_EXIT_INTERNAL_ERROR:
		return RUN_INTERNAL_ERROR;
	}
	*value = run->exit_reason;
	return RUN_UNEXPECTED;
}

/* Why the loop must not enter the guest again, or -1 if it may. */
static int must_stop(struct vm *vm, int *value)
{
	if (stop_signal) {
		*value = stop_signal;
		return RUN_SIGNAL;
	}
	if (vm->stop != VM_RUNNING) {
		*value = vm->stop;
		return RUN_STOPPED;
	}
	return -1;
}

enum run_end vcpu_run(struct vm *vm, int *value)
{
	int r, end;

	*value = 0;
	pthread_mutex_lock(&vm->lock);
	for (;;) {
		/* Before looking: a kick from here on makes HVX_RUN return. */
		*vm->immediate_exit = 0;
		end = must_stop(vm, value);
		if (end >= 0)
			break;
		r = deliver_interrupt(vm);
		if (r < 0) {
			*value = -r;
			end = RUN_ERROR;
			break;
		}
		pthread_mutex_unlock(&vm->lock);
		r = accel_run(vm);
		pthread_mutex_lock(&vm->lock);
		if (r == -EINTR)
			continue;	/* a kick or a stop: looked at above */
		if (r < 0) {
			*value = -r;
			end = RUN_ERROR;
			break;
		}
		end = handle_exit(vm, value);
		if (end >= 0)
			break;
	}
	pthread_mutex_unlock(&vm->lock);
	return end;
}
