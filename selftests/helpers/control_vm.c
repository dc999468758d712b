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
#include "held_vm.h"

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

int main(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct held_vm v;
	int r;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	if (held_vm_create(&v, "control_vm", MEM_SIZE, guest, sizeof(guest),
			   CODE_GPA))
		return 1;
	printf("ready %d\n", getpid());
	fflush(stdout);
	while (!stop) {
		r = hvx_run(v.vcpu_fd);
		if (r == -EINTR)
			continue;
		if (r) {
			fprintf(stderr, "control_vm: HVX_RUN: %s\n",
				strerror(-r));
			return 1;
		}
		if (v.run->exit_reason == HVX_EXIT_DESTROYED) {
			held_vm_destroy(&v);
			printf("destroyed\n");
			return 3;
		}
		if (v.run->exit_reason != HVX_EXIT_IO) {
			fprintf(stderr, "control_vm: unexpected exit %s\n",
				hvx_exit_name(v.run->exit_reason));
			return 1;
		}
	}
	return 0;
}
