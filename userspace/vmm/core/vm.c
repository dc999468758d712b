// SPDX-License-Identifier: GPL-2.0
/*
 * Creating, running and destroying the VM.
 *
 * Signals: vm_create() blocks SIGINT, SIGTERM and the vCPU kick signal
 * in the calling thread before any other thread exists, so every thread
 * inherits that; the vCPU threads take their kick signal back, and
 * vm_run() reads SIGINT and SIGTERM from a signalfd, stopping the VM.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include "evloop.h"
#include "util.h"
#include "vcpu.h"
#include "vm.h"

/* The signals vm_run() takes, blocked everywhere else. */
static void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
}

/*
 * A handler of our own: an inherited SIG_IGN would discard them before
 * the signalfd could read them.
 */
static void on_stop_signal(int sig)
{
	(void)sig;
}

static int block_signals(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGTERM, &sa, NULL) < 0)
		return -errno;
	stop_signals(&set);
	sigaddset(&set, VCPU_KICK_SIGNAL);
	return -pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static int vm_init(struct vm *vm, bool verbose)
{
	memset(vm, 0, sizeof(*vm));
	vm->accel.fd = vm->avm.fd = -1;
	vm->verbose = verbose;
	bus_init(&vm->io, "port", verbose);
	bus_init(&vm->mmio, "MMIO", verbose);
	pthread_mutex_init(&vm->lock, NULL);
	vm->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (vm->stop_fd < 0)
		return -errno;
	return block_signals();
}

static int create_ram(struct vm *vm, uint64_t ram_size)
{
	int r;

	vm->ram = hvx_alloc_guest_memory(ram_size);
	if (!vm->ram) {
		error("cannot allocate %s of guest RAM", size_str(ram_size));
		return -ENOMEM;
	}
	vm->ram_size = ram_size;
	r = accel_vm_set_memory(&vm->avm, 0, 0, ram_size, vm->ram);
	if (r)
		error("guest RAM: %s", vm->accel.error);
	return r;
}

static int create_vcpus(struct vm *vm, unsigned int nr_vcpus)
{
	unsigned int i;
	int r;

	vm->vcpus = calloc(nr_vcpus, sizeof(*vm->vcpus));
	if (!vm->vcpus)
		return -ENOMEM;
	for (i = 0; i < nr_vcpus; i++) {
		r = vcpu_create(&vm->vcpus[i], vm, i);
		vm->nr_vcpus = i + 1;
		if (r)
			return r;
	}
	return 0;
}

int vm_create(struct vm *vm, const struct accel_ops *accel,
	      uint64_t ram_size, unsigned int nr_vcpus, bool verbose)
{
	int r;

	r = vm_init(vm, verbose);
	if (r) {
		error("cannot set the VM up: %s", strerror(-r));
		goto fail;
	}
	r = accel_open(&vm->accel, accel);
	if (!r)
		r = accel_vm_create(&vm->accel, &vm->avm);
	if (r) {
		error("%s", vm->accel.error);
		goto fail;
	}
	r = create_ram(vm, ram_size);
	if (!r)
		r = create_vcpus(vm, nr_vcpus);
	if (!r)
		return 0;
fail:
	vm_destroy(vm);
	return r;
}

void vm_destroy(struct vm *vm)
{
	unsigned int i;
	sigset_t set;

	evloop_stop(vm);
	while (vm->nr_cleanups) {
		struct vm_cleanup *c = &vm->cleanups[--vm->nr_cleanups];

		c->fn(c->opaque);
	}
	for (i = 0; i < vm->nr_vcpus; i++)
		vcpu_destroy(&vm->vcpus[i]);
	free(vm->vcpus);
	accel_vm_destroy(&vm->avm);
	if (vm->ram)
		hvx_free_guest_memory(vm->ram, vm->ram_size);
	accel_close(&vm->accel);
	if (vm->stop_fd >= 0)
		close(vm->stop_fd);
	pthread_mutex_destroy(&vm->lock);
	memset(vm, 0, sizeof(*vm));
	vm->accel.fd = vm->avm.fd = vm->stop_fd = -1;
	stop_signals(&set);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* SIGINT or SIGTERM came: stop the VM with it. */
static void take_signal(struct vm *vm, int sfd)
{
	struct signalfd_siginfo si;

	if (read(sfd, &si, sizeof(si)) != sizeof(si))
		return;
	pthread_mutex_lock(&vm->lock);
	vm_request_stop(vm, VM_STOP_SIGNAL, si.ssi_signo);
	pthread_mutex_unlock(&vm->lock);
}

/* Sleep until the VM is stopped, taking the signals that stop it. */
static void wait_for_stop(struct vm *vm, int sfd)
{
	struct pollfd p[2] = {
		{ .fd = vm->stop_fd, .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
	};
	uint64_t n;
	bool stopped;

	for (;;) {
		pthread_mutex_lock(&vm->lock);
		stopped = vm->stop != VM_RUNNING;
		pthread_mutex_unlock(&vm->lock);
		if (stopped)
			return;
		if (poll(p, 2, -1) < 0 && errno != EINTR) {
			error("waiting for the VM: %s", strerror(errno));
			return;
		}
		if (p[0].revents && read(vm->stop_fd, &n, sizeof(n)) < 0 &&
		    errno != EAGAIN)
			error("waiting for the VM: %s", strerror(errno));
		if (p[1].revents)
			take_signal(vm, sfd);
	}
}

enum vm_stop vm_run(struct vm *vm)
{
	unsigned int i;
	sigset_t set;
	int sfd;

	stop_signals(&set);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		error("cannot take SIGINT and SIGTERM: %s", strerror(errno));
	for (i = 0; i < vm->nr_vcpus; i++) {
		if (vcpu_start(&vm->vcpus[i])) {
			pthread_mutex_lock(&vm->lock);
			vm_request_stop(vm, VM_STOP_VCPU, i);
			vm->vcpus[i].end = RUN_ERROR;
			vm->vcpus[i].end_value = EAGAIN;
			pthread_mutex_unlock(&vm->lock);
			break;
		}
	}
	wait_for_stop(vm, sfd);
	for (i = 0; i < vm->nr_vcpus; i++)
		vcpu_join(&vm->vcpus[i]);
	if (sfd >= 0)
		close(sfd);
	return vm->stop;
}

int vm_add_cleanup(struct vm *vm, void (*fn)(void *opaque), void *opaque)
{
	if (vm->nr_cleanups == VM_MAX_CLEANUPS)
		return -ENOSPC;
	vm->cleanups[vm->nr_cleanups++] = (struct vm_cleanup) {
		.fn = fn, .opaque = opaque,
	};
	return 0;
}

void vm_request_stop(struct vm *vm, enum vm_stop why, int status)
{
	static const uint64_t one = 1;
	unsigned int i;

	if (vm->stop != VM_RUNNING)
		return;
	vm->stop = why;
	vm->stop_status = status;
	if (write(vm->stop_fd, &one, sizeof(one)) != sizeof(one))
		error("cannot stop the VM: %s", strerror(errno));
	for (i = 0; i < vm->nr_vcpus; i++)
		vcpu_kick(&vm->vcpus[i]);
}

void *vm_guest_ptr(struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa > vm->ram_size || len > vm->ram_size - gpa)
		return NULL;
	return vm->ram + gpa;
}

int vm_ioeventfd(struct vm *vm, int fd, uint64_t addr, uint32_t len,
		 uint32_t flags)
{
	return accel_vm_ioeventfd(&vm->avm, fd, addr, len, flags, 0);
}
