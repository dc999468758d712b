// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a command's options and operands (cmd.h).
 */
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "util.h"

#define MAX_LONG_OPTIONS	32

/* getopt_long()'s '?' or ':' answer, in words. */
static void bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		error("%s: option '%s' needs a value (see 'hvx %s --help')",
		      cmd, arg, cmd);
	else if (optopt && arg[0] == '-' && arg[1] != '-')
		error("%s: unknown option '-%c' (see 'hvx %s --help')", cmd,
		      optopt, cmd);
	else
		error("%s: unknown option '%s' (see 'hvx %s --help')", cmd,
		      arg, cmd);
}

static int check_operands(const char *cmd, const struct cmd_syntax *syntax,
			  int argc, char **argv)
{
	int have = argc - optind;

	if (have < syntax->min_operands) {
		error("%s: missing %s (see 'hvx %s --help')", cmd,
		      syntax->operands, cmd);
		return -1;
	}
	if (have > syntax->max_operands) {
		error("%s: unexpected argument '%s' (see 'hvx %s --help')",
		      cmd, argv[optind + syntax->max_operands], cmd);
		return -1;
	}
	return 0;
}

/* The command's options with --help, and the short ones with -h. */
static int with_help(const struct cmd_syntax *syntax, struct option *longs,
		     char *shorts, size_t shorts_size)
{
	static const struct option help = { "help", no_argument, NULL, 'h' };
	int n = 0;

	while (syntax->options && syntax->options[n].name) {
		if (n == MAX_LONG_OPTIONS - 2)
			return -1;
		longs[n] = syntax->options[n];
		n++;
	}
	longs[n++] = help;
	memset(&longs[n], 0, sizeof(longs[n]));
	/* ':' first: a missing value is ':', not '?'. */
	snprintf(shorts, shorts_size, ":h%s",
		 syntax->shortopts ? syntax->shortopts : "");
	return 0;
}

int cmd_parse(const struct command *cmd, const struct cmd_syntax *syntax,
	      int argc, char **argv, void *ctx)
{
	struct option longs[MAX_LONG_OPTIONS];
	char shorts[32];
	int c;

	if (with_help(syntax, longs, shorts, sizeof(shorts)))
		abort();	/* a command with too many options: our bug */
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == 'h') {
			cmd->usage(cmd, stdout);
			return STATUS_OK;
		}
		if (c == '?' || c == ':') {
			bad_option(cmd->name, c, argv);
			return cmd->usage_status;
		}
		if (!syntax->option || syntax->option(ctx, c, optarg))
			return cmd->usage_status;
	}
	if (check_operands(cmd->name, syntax, argc, argv))
		return cmd->usage_status;
	return CMD_GO;
}
