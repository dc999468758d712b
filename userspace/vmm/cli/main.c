// SPDX-License-Identifier: GPL-2.0
/*
 * hvx: the command-line VMM of the hvx hypervisor.
 *
 *   hvx info [--json]          what hvx.ko and the CPU offer
 *   hvx run --raw FILE [...]   run a guest (a flat binary or Linux)
 *   hvx ps, stats, top, events, pause, resume, nmi, destroy
 *                              every VM on the host (docs/control.md)
 *
 * This file only dispatches: hvx [--help] COMMAND [ARGS...].
 */
#include <string.h>
#include "cmd.h"
#include "util.h"

static const struct command help_command;

static const struct command *const commands[] = {
	&info_command,
	&run_command,
	&ps_command,
	&stats_command,
	&top_command,
	&events_command,
	&pause_command,
	&resume_command,
	&nmi_command,
	&destroy_command,
	&help_command,
};

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: hvx [--help] COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i]->name,
			commands[i]->summary);
	fprintf(f,
		"\n'hvx help COMMAND' or 'hvx COMMAND --help' describes a command.\n"
		"hvx exits with 0 on success and %d when it fails itself;\n"
		"'hvx help run' lists the statuses of a guest run.\n"
		"ps, stats, top, events, pause, resume, nmi and destroy exit\n"
		"with 1 when they fail and 2 on bad usage.\n",
		STATUS_VMM_ERROR);
}

static void help_usage(const struct command *cmd, FILE *f)
{
	(void)cmd;
	fprintf(f, "usage: hvx help [COMMAND]\n\n"
		"Show the help of COMMAND, or the list of commands.\n");
}

static int run_help(const struct command *self, int argc, char **argv)
{
	static const struct cmd_syntax syntax = { .max_operands = 1 };
	const struct command *cmd;
	int status = cmd_parse(self, &syntax, argc, argv, NULL);

	if (status != CMD_GO)
		return status;
	if (optind == argc) {
		usage(stdout);
		return STATUS_OK;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		error("help: unknown command '%s' (see 'hvx --help')",
		      argv[optind]);
		return STATUS_VMM_ERROR;
	}
	cmd->usage(cmd, stdout);
	return STATUS_OK;
}

static const struct command help_command = {
	.name = "help",
	.summary = "show the help of a command",
	.run = run_help,
	.usage = help_usage,
	.usage_status = STATUS_VMM_ERROR,
};

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
	status = cmd->run(cmd, argc - 1, argv + 1);
	if (fflush(stdout) == EOF && status == STATUS_OK) {
		error("writing to stdout failed");
		status = STATUS_VMM_ERROR;
	}
	return status;
}
