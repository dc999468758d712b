// SPDX-License-Identifier: GPL-2.0
/*
 * hvx_hold: a helper for the shell tests, not a test itself.
 *
 *   hvx_hold dev     open /dev/hvx, say "ready", wait to be killed
 *   hvx_hold vm      the same with a VM, a vCPU and guest memory held
 *   hvx_hold check   run a tiny real-mode guest to its HLT; exit 0 if
 *                    all went well
 *
 * "ready" goes to stdout once the objects exist, so a script can wait
 * for it before it acts (e.g. tries rmmod).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "held_vm.h"

#define MEM_SIZE	0x10000
#define CODE_GPA	0x1000

/* mov $0x42, %al; out %al, $0x80; hlt */
static const unsigned char tiny_guest[] = { 0xb0, 0x42, 0xe6, 0x80, 0xf4 };

/* One run: 0 if it came back with the exit @want. */
static int run_to(struct held_vm *v, const char *which, uint32_t want)
{
	int r = hvx_run(v->vcpu_fd);

	if (!r && v->run->exit_reason == want)
		return 0;
	fprintf(stderr, "hvx_hold: %s run: %d, exit %s\n", which, r,
		hvx_exit_name(v->run->exit_reason));
	return 1;
}

static int check(void)
{
	struct held_vm v;

	if (held_vm_create(&v, "hvx_hold", MEM_SIZE, tiny_guest,
			   sizeof(tiny_guest), CODE_GPA))
		return 1;
	if (run_to(&v, "first", HVX_EXIT_IO))
		return 1;
	if (v.run->io.port != 0x80 ||
	    *(unsigned char *)hvx_io_data(v.run) != 0x42) {
		fprintf(stderr, "hvx_hold: OUT 0x%x to port 0x%x\n",
			*(unsigned char *)hvx_io_data(v.run), v.run->io.port);
		return 1;
	}
	if (run_to(&v, "second", HVX_EXIT_HLT))
		return 1;
	held_vm_destroy(&v);
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
	struct held_vm v;
	int sys_fd;

	if (argc != 2) {
		fprintf(stderr, "usage: hvx_hold dev|vm|check\n");
		return 2;
	}
	if (!strcmp(argv[1], "check"))
		return check();
	if (!strcmp(argv[1], "dev")) {
		sys_fd = hvx_open();
		if (sys_fd < 0) {
			fprintf(stderr, "hvx_hold: open %s: %s\n", HVX_DEVICE,
				strerror(-sys_fd));
			return 1;
		}
		wait_for_kill();
	}
	if (!strcmp(argv[1], "vm")) {
		if (held_vm_create(&v, "hvx_hold", MEM_SIZE, tiny_guest,
				   sizeof(tiny_guest), CODE_GPA))
			return 1;
		wait_for_kill();
	}
	fprintf(stderr, "hvx_hold: unknown mode %s\n", argv[1]);
	return 2;
}
