// SPDX-License-Identifier: GPL-2.0
/*
 * hvx-bench: hvx against KVM, same guest code, same host loop.
 *
 *   hvx-bench run --backend hvx|kvm [...]   measure (in the testbed)
 *   hvx-bench report [--json FILE] LOG...   compare and print the table
 *
 * docs/performance.md explains every benchmark and the latest numbers.
 */
#include <stdio.h>
#include <string.h>
#include "bench.h"

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return measure_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "report"))
		return report_main(argc - 1, argv + 1);
	fprintf(argc >= 2 && strcmp(argv[1], "--help") ? stderr : stdout,
		"usage: hvx-bench run --backend hvx|kvm [--only LIST] [--scale X] [--vms N]\n"
		"       hvx-bench report [--title TEXT] [--json FILE] LOG...\n");
	return argc >= 2 && !strcmp(argv[1], "--help") ? 0 : 2;
}
