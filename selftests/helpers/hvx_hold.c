// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_hold: a helper for the shell tests, not a test itself.
 *
 *   hvx_hold dev     open /dev/hvx, say "ready", wait to be killed
 *   hvx_hold vm      the same with a VM, a vCPU and guest memory held
 *   hvx_hold check   open /dev/hvx, check the API version, run a tiny
 *                    real-mode guest to its HLT; exit 0 if all went well
 *
 * "ready" goes to stdout once the objects exist, so a script can wait
 * for it before it acts (e.g. tries rmmod).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libhvx.h"

static int fail(const char *what, int err)
{
	fprintf(stderr, "hvx_hold: %s: %s\n", what, strerror(err));
	return 1;
}

/* mov $0x42, %al; out %al, $0x80; hlt */
static const unsigned char tiny_guest[] = { 0xb0, 0x42, 0xe6, 0x80, 0xf4 };

static int check(void)
{
	int sys_fd, vm_fd, vcpu_fd, r;
	struct hvx_run *run;
	unsigned char *mem;

	sys_fd = hvx_open();
	if (sys_fd < 0)
		return fail("open " HVX_DEVICE, -sys_fd);
	r = hvx_api_version(sys_fd);
	if (r != HVX_API_VERSION) {
		fprintf(stderr, "hvx_hold: API version %d\n", r);
		return 1;
	}
	vm_fd = hvx_create_vm(sys_fd);
	if (vm_fd < 0)
		return fail("HVX_CREATE_VM", -vm_fd);
	mem = hvx_alloc_guest_memory(0x10000);
	if (!mem)
		return fail("guest memory", ENOMEM);
	memcpy(mem + 0x1000, tiny_guest, sizeof(tiny_guest));
	r = hvx_set_memory(vm_fd, 0, 0, 0, 0x10000, mem);
	if (r)
		return fail("HVX_SET_USER_MEMORY_REGION", -r);
	vcpu_fd = hvx_create_vcpu(vm_fd, 0);
	if (vcpu_fd < 0)
		return fail("HVX_CREATE_VCPU", -vcpu_fd);
	run = hvx_map_run(vcpu_fd);
	if (!run)
		return fail("mmap run page", errno);
	r = hvx_setup_mode(vcpu_fd, HVX_MODE_REAL, 0x1000, 0x8000, NULL, 0);
	if (r)
		return fail("setup real mode", -r);
	r = hvx_run(vcpu_fd);
	if (r || run->exit_reason != HVX_EXIT_IO || run->io.port != 0x80 ||
	    *(unsigned char *)hvx_io_data(run) != 0x42) {
		fprintf(stderr, "hvx_hold: first run: %d, exit %s\n", r,
			hvx_exit_name(run->exit_reason));
		return 1;
	}
	r = hvx_run(vcpu_fd);
	if (r || run->exit_reason != HVX_EXIT_HLT) {
		fprintf(stderr, "hvx_hold: second run: %d, exit %s\n", r,
			hvx_exit_name(run->exit_reason));
		return 1;
	}
	hvx_unmap_run(run);
	close(vcpu_fd);
	close(vm_fd);
	close(sys_fd);
	hvx_free_guest_memory(mem, 0x10000);
	return 0;
}

static void wait_for_kill(void)
{
	sigset_t none;

	printf("ready\n");
	fflush(stdout);
	sigemptyset(&none);
	for (;;)
		sigsuspend(&none);
}

int main(int argc, char **argv)
{
	int sys_fd, vm_fd, vcpu_fd, r;
	void *mem;

	if (argc != 2) {
		fprintf(stderr, "usage: hvx_hold dev|vm|check\n");
		return 2;
	}
	if (!strcmp(argv[1], "check"))
		return check();
	sys_fd = hvx_open();
	if (sys_fd < 0)
		return fail("open " HVX_DEVICE, -sys_fd);
	if (!strcmp(argv[1], "dev")) {
		wait_for_kill();
	} else if (!strcmp(argv[1], "vm")) {
		vm_fd = hvx_create_vm(sys_fd);
		if (vm_fd < 0)
			return fail("HVX_CREATE_VM", -vm_fd);
		/* Only the VM fd: nothing else may keep the module. */
		close(sys_fd);
		mem = hvx_alloc_guest_memory(0x10000);
		if (!mem)
			return fail("guest memory", ENOMEM);
		r = hvx_set_memory(vm_fd, 0, 0, 0, 0x10000, mem);
		if (r)
			return fail("HVX_SET_USER_MEMORY_REGION", -r);
		vcpu_fd = hvx_create_vcpu(vm_fd, 0);
		if (vcpu_fd < 0)
			return fail("HVX_CREATE_VCPU", -vcpu_fd);
		wait_for_kill();
	}
	fprintf(stderr, "hvx_hold: unknown mode %s\n", argv[1]);
	return 2;
}
