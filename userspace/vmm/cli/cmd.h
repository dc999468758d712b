/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands of hvx. Each takes its own argv (argv[0] is its name) and
 * returns hvx's exit status; only this layer decides how hvx exits.
 */
#ifndef HVX_CMD_H
#define HVX_CMD_H

#include <stdio.h>

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
	void (*usage)(FILE *f);
};

int cmd_info(int argc, char **argv);
void cmd_info_usage(FILE *f);
int cmd_run(int argc, char **argv);
void cmd_run_usage(FILE *f);

/*
 * Common handling of getopt_long()'s '?' and ':' answers: prints what was
 * wrong and returns STATUS_VMM_ERROR.
 */
int cmd_bad_option(const char *cmd, int c, int optopt_c, char **argv,
		   int optind_now);

#endif /* HVX_CMD_H */
