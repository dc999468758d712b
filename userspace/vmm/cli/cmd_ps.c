// SPDX-License-Identifier: GPL-2.0
/*
 * hvx ps: every VM on the host, whoever runs it (the control family's
 * VM_GET dump), as a table or as JSON.
 */
#include <getopt.h>
#include <stdlib.h>
#include "ctl.h"
#include "ctl_cmds.h"
#include "json.h"
#include "units.h"
#include "util.h"

void cmd_ps_usage(FILE *f)
{
	fprintf(f,
		"usage: hvx ps [--json]\n"
		"\n"
		"List every VM on the host, whoever created it: its id, the\n"
		"process and user that created it, vCPUs, guest memory, state\n"
		"(running, paused, destroyed) and uptime. Needs access to\n"
		"/dev/hvx, like running a VM.\n"
		"\n"
		"options:\n"
		"  --json        {\"vms\": [...]} on stdout, for scripts\n"
		"  -h, --help    this text\n"
		"\n"
		"exit status: 0, 1 if the VMs cannot be read (no hvx module,\n"
		"permission denied), 2 for bad usage.\n");
}

static void print_table(const struct hvx_vm_info *vms, int n)
{
	int i;

	printf("%4s %7s %-16s %-10s %5s %9s %-9s %7s\n", "ID", "PID",
	       "COMMAND", "USER", "VCPUS", "MEMORY", "STATE", "UPTIME");
	for (i = 0; i < n; i++) {
		const struct hvx_vm_info *v = &vms[i];
		char user[32], mem[UNITS_LEN], up[UNITS_LEN];

		printf("%4u %7u %-16s %-10s %5u %9s %-9s %7s\n", v->id,
		       v->owner_pid, v->owner_comm,
		       ctl_user_name(v->owner_uid, user, sizeof(user)),
		       v->nr_vcpus, units_bytes(mem, v->memory),
		       ctl_state_name(v->state), units_duration(up, v->uptime_ns));
	}
}

static void print_json(const struct hvx_vm_info *vms, int n)
{
	struct json w;
	int i;

	json_init(&w, stdout, true);
	json_object(&w, NULL);
	json_array(&w, "vms");
	for (i = 0; i < n; i++)
		ctl_json_vm(&w, NULL, &vms[i]);
	json_end_array(&w);
	json_end_object(&w);
}

int cmd_ps(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct hvx_vm_info *vms;
	struct hvx_ctl *ctl;
	bool json = false;
	int c, n;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			cmd_ps_usage(stdout);
			return CTL_EXIT_OK;
		default:
			return ctl_bad_option("ps", c, optopt, argv, optind);
		}
	}
	if (ctl_operands("ps", argc, argv, optind, 0, NULL))
		return CTL_EXIT_USAGE;

	if (ctl_connect(&ctl))
		return CTL_EXIT_ERROR;
	n = hvx_ctl_vm_list(ctl, &vms);
	if (n < 0) {
		ctl_report(ctl, "ps", -1, n);
		hvx_ctl_close(ctl);
		return CTL_EXIT_ERROR;
	}
	hvx_ctl_close(ctl);
	if (json)
		print_json(vms, n);
	else
		print_table(vms, n);
	free(vms);
	return CTL_EXIT_OK;
}
