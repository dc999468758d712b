/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands of hvx, one cmd_*.c each. A command takes its own argv
 * (argv[0] is its name) and returns hvx's exit status; only this layer
 * decides how hvx exits. cmd_parse() reads every command's options and
 * operands the same way.
 */
#ifndef HVX_CMD_H
#define HVX_CMD_H

#include <getopt.h>
#include <stdio.h>

struct command {
	const char *name;
	const char *summary;		/* for hvx --help */
	int (*run)(const struct command *cmd, int argc, char **argv);
	void (*usage)(const struct command *cmd, FILE *f);
	/* The exit status of bad usage: STATUS_VMM_ERROR, or CTL_EXIT_USAGE */
	int usage_status;
	const void *priv;		/* the command's own, for run and usage */
};

/* hvx info, run: what hvx.ko and the CPU offer, and a guest run. */
extern const struct command info_command;
extern const struct command run_command;
/*
 * The control commands, over the "hvx" generic netlink family: the
 * host-wide view of every VM (docs/control.md). Their exit statuses are
 * those of ctl.h: 0 ok, 1 failed, 2 bad usage.
 */
extern const struct command ps_command;
extern const struct command stats_command;
extern const struct command top_command;
extern const struct command events_command;
extern const struct command pause_command;
extern const struct command resume_command;
extern const struct command nmi_command;
extern const struct command destroy_command;

/* How a command is written: its options and operands. */
struct cmd_syntax {
	const struct option *options;	/* long options, --help aside */
	const char *shortopts;		/* short ones, -h aside; may be NULL */
	/*
	 * Takes every other option: 0, or -errno after its own message;
	 * NULL when there is none.
	 */
	int (*option)(void *ctx, int c, const char *arg);
	int min_operands, max_operands;
	const char *operands;		/* what is missing, for messages */
};

/* cmd_parse()'s answer when the command goes on. */
#define CMD_GO		(-1)

/*
 * Read @argv as @syntax says, with getopt_long(): -h and --help print
 * the usage on stdout, a bad option, a missing value or the wrong
 * number of operands print one message. Returns CMD_GO, optind being
 * the first operand, or the status to exit with now (0 after help, the
 * command's usage_status after a mistake).
 */
int cmd_parse(const struct command *cmd, const struct cmd_syntax *syntax,
	      int argc, char **argv, void *ctx);

#endif /* HVX_CMD_H */
