// SPDX-License-Identifier: GPL-2.0
/*
 * control_vm: a helper for control_cli.sh, not a test itself. It makes
 * a VM with one vCPU and 1 MiB of memory whose real-mode guest writes to
 * port 0x80 in a loop, says "ready" on stdout and runs it, so that the
 * control commands see a live VM with moving counters:
 *
 *   control_vm           run until killed (SIGTERM, SIGINT: exit 0)
 *
 * If the VM is destroyed from outside (hvx destroy), HVX_RUN returns
 * HVX_EXIT_DESTROYED: it closes everything and exits 3. Paused, it just
 * waits inside HVX_RUN.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "libhvx.h"

#define MEM_SIZE	0x100000
#define CODE_GPA	0x1000

/* 1: out %al, $0x80; jmp 1b */
static const unsigned char guest[] = { 0xe6, 0x80, 0xeb, 0xfc };

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "control_vm: %s: %s\n", what, strerror(err));
	return 1;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	int sys_fd, vm_fd, vcpu_fd, r;
	struct hvx_run *run;
	unsigned char *mem;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	sys_fd = hvx_open();
	if (sys_fd < 0)
		return fail("open " HVX_DEVICE, -sys_fd);
	vm_fd = hvx_create_vm(sys_fd);
	if (vm_fd < 0)
		return fail("HVX_CREATE_VM", -vm_fd);
	mem = hvx_alloc_guest_memory(MEM_SIZE);
	if (!mem)
		return fail("guest memory", ENOMEM);
	memcpy(mem + CODE_GPA, guest, sizeof(guest));
	r = hvx_set_memory(vm_fd, 0, 0, 0, MEM_SIZE, mem);
	if (r)
		return fail("HVX_SET_USER_MEMORY_REGION", -r);
	vcpu_fd = hvx_create_vcpu(vm_fd, 0);
	if (vcpu_fd < 0)
		return fail("HVX_CREATE_VCPU", -vcpu_fd);
	run = hvx_map_run(vcpu_fd);
	if (!run)
		return fail("mmap run page", errno);
	r = hvx_setup_mode(vcpu_fd, HVX_MODE_REAL, CODE_GPA, 0x8000, NULL, 0);
	if (r)
		return fail("setup real mode", -r);

	printf("ready %d\n", getpid());
	fflush(stdout);
	while (!stop) {
		r = hvx_run(vcpu_fd);
		if (r == -EINTR)
			continue;
		if (r)
			return fail("HVX_RUN", -r);
		if (run->exit_reason == HVX_EXIT_DESTROYED) {
			hvx_unmap_run(run);
			close(vcpu_fd);
			close(vm_fd);
			close(sys_fd);
			printf("destroyed\n");
			return 3;
		}
		if (run->exit_reason != HVX_EXIT_IO) {
			fprintf(stderr, "control_vm: unexpected exit %s\n",
				hvx_exit_name(run->exit_reason));
			return 1;
		}
	}
	return 0;
}
