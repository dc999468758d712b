// SPDX-License-Identifier: GPL-2.0
/*
 * hvx: the command-line VMM of the hvx hypervisor.
 *
 *   hvx info [--json]          what hvx.ko and the CPU offer
 *   hvx run --raw FILE [...]   run a flat binary on one vCPU
 *   hvx ps, stats, top, events, pause, resume, nmi, destroy
 *                              every VM on the host (ctl_cmds.h)
 *
 * This file only dispatches: hvx [--help] COMMAND [ARGS...].
 */
#include <string.h>
#include "cmd.h"
#include "ctl_cmds.h"
#include "util.h"

static int cmd_help(int argc, char **argv);
static void cmd_help_usage(FILE *f);

static const struct command commands[] = {
	{ "info", "show what hvx.ko and the CPU offer", cmd_info,
	  cmd_info_usage },
	{ "run", "run a guest on one vCPU", cmd_run, cmd_run_usage },
	{ "ps", "list every VM on the host", cmd_ps, cmd_ps_usage },
	{ "stats", "show a VM's statistics", cmd_stats, cmd_stats_usage },
	{ "top", "show live exit rates and latencies", cmd_top,
	  cmd_top_usage },
	{ "events", "follow VM events", cmd_events, cmd_events_usage },
	{ "pause", "pause a VM", cmd_pause, cmd_pause_usage },
	{ "resume", "resume a paused VM", cmd_resume, cmd_resume_usage },
	{ "nmi", "send an NMI to a vCPU of a VM", cmd_nmi, cmd_nmi_usage },
	{ "destroy", "destroy a VM", cmd_destroy, cmd_destroy_usage },
	{ "help", "show the help of a command", cmd_help, cmd_help_usage },
};

#define NR_COMMANDS	(sizeof(commands) / sizeof(commands[0]))

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: hvx [--help] COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f,
		"\n'hvx help COMMAND' or 'hvx COMMAND --help' describes a command.\n"
		"hvx exits with 0 on success and %d when it fails itself;\n"
		"'hvx help run' lists the statuses of a guest run.\n"
		"ps, stats, top, events, pause, resume, nmi and destroy exit\n"
		"with 1 when they fail and 2 on bad usage.\n",
		STATUS_VMM_ERROR);
}

static void cmd_help_usage(FILE *f)
{
	fprintf(f, "usage: hvx help [COMMAND]\n\n"
		"Show the help of COMMAND, or the list of commands.\n");
}

static int cmd_help(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		usage(stdout);
		return STATUS_OK;
	}
	if (argc > 2) {
		error("help: too many arguments (see 'hvx help help')");
		return STATUS_VMM_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		cmd_help_usage(stdout);
		return STATUS_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		error("help: unknown command '%s' (see 'hvx --help')", argv[1]);
		return STATUS_VMM_ERROR;
	}
	cmd->usage(stdout);
	return STATUS_OK;
}

int cmd_bad_option(const char *cmd, int c, int optopt_c, char **argv,
		   int optind_now)
{
	const char *arg = argv[optind_now - 1];

	if (c == ':')
		error("%s: option '%s' needs a value (see 'hvx %s --help')",
		      cmd, arg, cmd);
	else if (optopt_c && arg[0] == '-' && arg[1] != '-')
		error("%s: unknown option '-%c' (see 'hvx %s --help')", cmd,
		      optopt_c, cmd);
	else
		error("%s: unknown option '%s' (see 'hvx %s --help')", cmd,
		      arg, cmd);
	return STATUS_VMM_ERROR;
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	int status;

	if (argc < 2) {
		usage(stderr);
		return STATUS_VMM_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return STATUS_OK;
	}
	if (argv[1][0] == '-') {
		error("unknown option '%s' (see 'hvx --help')", argv[1]);
		return STATUS_VMM_ERROR;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		error("unknown command '%s' (see 'hvx --help')", argv[1]);
		return STATUS_VMM_ERROR;
	}
	status = cmd->run(argc - 1, argv + 1);
	if (fflush(stdout) == EOF && status == STATUS_OK) {
		error("writing to stdout failed");
		status = STATUS_VMM_ERROR;
	}
	return status;
}
