// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU's thread and its run loop.
 *
 * Kicks: a kick sets the accelerator's immediate_exit flag of the vCPU
 * and sends its thread VCPU_KICK_SIGNAL, whose handler sets the flag
 * again, so the run returns -EINTR whether the kick comes while the
 * guest runs (the kernel sees the signal pending) or just before the
 * ioctl (it sees immediate_exit). The loop then looks at the VM again.
 * Only vCPU threads take that signal; SIGINT and SIGTERM go to the
 * thread in vm_run(), which stops the VM.
 *
 * Locking: the loop holds vm->lock except while the guest runs and
 * while it sleeps in a halt, so exits are handled, and interrupts taken
 * from the irqchip, with the devices' state stable.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "util.h"
#include "vcpu.h"
#include "vm.h"

/* The vCPU this thread runs, for the kick signal's handler. */
static __thread struct vcpu *this_vcpu;

static void on_kick_signal(int sig)
{
	(void)sig;
	if (this_vcpu)
		accel_vcpu_kick(&this_vcpu->accel);
}

int vcpu_create(struct vcpu *vcpu, struct vm *vm, unsigned int id)
{
	struct sigaction sa;
	int r;

	memset(vcpu, 0, sizeof(*vcpu));
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->wake_fd = eventfd(0, EFD_CLOEXEC);
	if (vcpu->wake_fd < 0) {
		r = -errno;
		error("cannot create an eventfd: %s", strerror(errno));
		return r;
	}
	r = accel_vcpu_create(&vm->avm, &vcpu->accel, id);
	if (r) {
		error("%s", vm->accel.error);
		return r;
	}
	/* No SA_RESTART: the run ioctl must come back with -EINTR. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_kick_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(VCPU_KICK_SIGNAL, &sa, NULL) < 0)
		return -errno;
	return 0;
}

void vcpu_destroy(struct vcpu *vcpu)
{
	if (!vcpu->vm)
		return;
	accel_vcpu_destroy(&vcpu->accel);
	if (vcpu->wake_fd >= 0)
		close(vcpu->wake_fd);
	vcpu->wake_fd = -1;
	vcpu->vm = NULL;
}

void vcpu_kick(struct vcpu *vcpu)
{
	static const uint64_t one = 1;

	if (vcpu->halted) {
		if (write(vcpu->wake_fd, &one, sizeof(one)) != sizeof(one))
			error("cannot wake vCPU %u: %s", vcpu->id,
			      strerror(errno));
		return;
	}
	/* The vCPU thread itself looks again before it enters. */
	if (!vcpu->running || pthread_equal(pthread_self(), vcpu->thread))
		return;
	accel_vcpu_kick(&vcpu->accel);
	pthread_kill(vcpu->thread, VCPU_KICK_SIGNAL);
}

/* Port I/O; the hypervisor has already stepped RIP past the instruction. */
static int handle_io(struct vcpu *vcpu)
{
	struct hvx_run *run = vcpu->accel.run;
	struct bus *io = &vcpu->vm->io;
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
			bus_write(io, run->io.port, size, v);
		} else {
			v = bus_read(io, run->io.port, size);
			memcpy(data, &v, size);
		}
	}
	return 0;
}

/* A guest-physical access outside RAM: the MMIO bus's devices. */
static int handle_mmio(struct vcpu *vcpu)
{
	struct hvx_run *run = vcpu->accel.run;
	struct bus *mmio = &vcpu->vm->mmio;
	uint32_t len = run->mmio.len;
	uint64_t v = 0;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return -EPROTO;
	if (run->mmio.is_write) {
		memcpy(&v, run->mmio.data, len);
		bus_write(mmio, run->mmio.phys_addr, len, v);
	} else {
		v = bus_read(mmio, run->mmio.phys_addr, len);
		memcpy(run->mmio.data, &v, len);
	}
	return 0;
}

/* No hypercalls are defined for hvx run's guests: -ENOSYS, as KVM does. */
static void handle_hypercall(struct vcpu *vcpu)
{
	struct hvx_run *run = vcpu->accel.run;

	if (vcpu->vm->verbose)
		error("unknown hypercall %llu: returning -ENOSYS",
		      (unsigned long long)run->hypercall.nr);
	run->hypercall.ret = (uint64_t)-ENOSYS;
}

/*
 * Hand the vCPU what the irqchip presents if it can take it now, else
 * ask for an exit as soon as it can. Returns 0 or -errno.
 */
static int deliver_interrupt(struct vcpu *vcpu)
{
	struct hvx_run *run = vcpu->accel.run;
	int vector, r;

	run->request_interrupt_window = 0;
	if (!irqchip_pending(vcpu))
		return 0;
	if (!run->ready_for_interrupt_injection) {
		run->request_interrupt_window = 1;
		return 0;
	}
	vector = irqchip_ack(vcpu);
	r = accel_vcpu_interrupt(&vcpu->accel, vector);
	/* Not again before the guest has run: the flag is the last exit's. */
	run->ready_for_interrupt_injection = 0;
	if (r == -EINVAL) {
		/* A vector below 16: the guest has not programmed the chip. */
		if (vcpu->vm->verbose)
			error("dropped interrupt vector %d: not a valid external interrupt vector",
			      vector);
		return 0;
	}
	return r;
}

/*
 * HLT with interrupts enabled: sleep until a device raises one or the VM
 * is stopped. Called and returns with vm->lock held.
 */
static void wait_for_interrupt(struct vcpu *vcpu)
{
	struct pollfd p = { .fd = vcpu->wake_fd, .events = POLLIN };
	struct vm *vm = vcpu->vm;
	uint64_t n;

	while (vm->stop == VM_RUNNING && !irqchip_pending(vcpu)) {
		vcpu->halted = true;
		pthread_mutex_unlock(&vm->lock);
		if (poll(&p, 1, -1) > 0 &&
		    read(vcpu->wake_fd, &n, sizeof(n)) < 0)
			error("vCPU %u wakeup: %s", vcpu->id, strerror(errno));
		pthread_mutex_lock(&vm->lock);
		vcpu->halted = false;
	}
}

/* One exit: RUN_* to end the run, or -1 to go on. */
static int handle_exit(struct vcpu *vcpu, int *value)
{
	struct hvx_run *run = vcpu->accel.run;

	switch (run->exit_reason) {
	case HVX_EXIT_IO:
		if (handle_io(vcpu) < 0)
			break;
		return -1;
	case HVX_EXIT_MMIO:
		if (handle_mmio(vcpu) < 0)
			break;
		return -1;
	case HVX_EXIT_HYPERCALL:
		handle_hypercall(vcpu);
		return -1;
	case HVX_EXIT_IRQ_WINDOW_OPEN:
		return -1;	/* deliver_interrupt() takes it from here */
	case HVX_EXIT_HLT:
		/* Nothing can wake it: no irqchip, or interrupts are off. */
		if (!irqchip_present(vcpu->vm) || !run->if_flag)
			return RUN_HALTED;
		wait_for_interrupt(vcpu);
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

/* Run until the VM stops or the guest ends the run. vm->lock held. */
static enum run_end vcpu_loop(struct vcpu *vcpu, int *value)
{
	struct vm *vm = vcpu->vm;
	int r, end;

	for (;;) {
		/* Before looking: a kick from here on makes the run return. */
		accel_vcpu_clear_kick(&vcpu->accel);
		if (vm->stop != VM_RUNNING)
			return RUN_STOPPED;
		r = deliver_interrupt(vcpu);
		if (r < 0) {
			*value = -r;
			return RUN_ERROR;
		}
		pthread_mutex_unlock(&vm->lock);
		r = accel_vcpu_run(&vcpu->accel);
		pthread_mutex_lock(&vm->lock);
		if (r == -EINTR)
			continue;	/* a kick or a stop: looked at above */
		if (r < 0) {
			*value = -r;
			return RUN_ERROR;
		}
		end = handle_exit(vcpu, value);
		if (end >= 0)
			return end;
	}
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;
	struct vm *vm = vcpu->vm;
	sigset_t kick;

	this_vcpu = vcpu;
	sigemptyset(&kick);
	sigaddset(&kick, VCPU_KICK_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &kick, NULL);
	pthread_mutex_lock(&vm->lock);
	vcpu->end_value = 0;
	vcpu->end = vcpu_loop(vcpu, &vcpu->end_value);
	/* Ended on its own: the VM ends with it. */
	if (vcpu->end != RUN_STOPPED)
		vm_request_stop(vm, VM_STOP_VCPU, vcpu->id);
	vcpu->running = false;
	pthread_mutex_unlock(&vm->lock);
	return NULL;
}

int vcpu_start(struct vcpu *vcpu)
{
	struct vm *vm = vcpu->vm;
	int r;

	/* Devices may kick it as soon as it is marked started. */
	pthread_mutex_lock(&vm->lock);
	r = -pthread_create(&vcpu->thread, NULL, vcpu_thread, vcpu);
	vcpu->started = vcpu->running = !r;
	pthread_mutex_unlock(&vm->lock);
	if (r)
		error("cannot start the thread of vCPU %u: %s", vcpu->id,
		      strerror(-r));
	return r;
}

void vcpu_join(struct vcpu *vcpu)
{
	if (vcpu->started)
		pthread_join(vcpu->thread, NULL);
	vcpu->started = false;
}
