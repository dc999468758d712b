// SPDX-License-Identifier: GPL-2.0
/*
 * hvx ps: every VM on the host, whoever runs it (the control family's
 * VM_GET dump), as a table or as JSON.
 */
#include <stdlib.h>
#include "cmd.h"
#include "ctl.h"
#include "json.h"
#include "units.h"
#include "util.h"

static void ps_usage(const struct command *cmd, FILE *f)
{
	(void)cmd;
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

static int ps_option(void *ctx, int c, const char *arg)
{
	bool *json = ctx;

	(void)c;
	(void)arg;
	*json = true;
	return 0;
}

static int run_ps(const struct command *cmd, int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cmd_syntax syntax = {
		.options = options, .option = ps_option,
	};
	struct hvx_vm_info *vms;
	struct hvx_ctl *ctl;
	bool json = false;
	int n;

	n = cmd_parse(cmd, &syntax, argc, argv, &json);
	if (n != CMD_GO)
		return n;
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

const struct command ps_command = {
	.name = "ps",
	.summary = "list every VM on the host",
	.run = run_ps,
	.usage = ps_usage,
	.usage_status = CTL_EXIT_USAGE,
};
