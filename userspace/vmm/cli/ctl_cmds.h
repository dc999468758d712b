/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control commands of hvx, over the "hvx" generic netlink family:
 * the host-wide view of every VM (docs/control.md). Same conventions as
 * cmd.h, but their exit statuses are those of ctl.h: 0 ok, 1 failed,
 * 2 bad usage.
 */
#ifndef HVX_CTL_CMDS_H
#define HVX_CTL_CMDS_H

#include <stdio.h>

int cmd_ps(int argc, char **argv);
void cmd_ps_usage(FILE *f);
int cmd_stats(int argc, char **argv);
void cmd_stats_usage(FILE *f);
int cmd_top(int argc, char **argv);
void cmd_top_usage(FILE *f);
int cmd_events(int argc, char **argv);
void cmd_events_usage(FILE *f);
int cmd_pause(int argc, char **argv);
void cmd_pause_usage(FILE *f);
int cmd_resume(int argc, char **argv);
void cmd_resume_usage(FILE *f);
int cmd_nmi(int argc, char **argv);
void cmd_nmi_usage(FILE *f);
int cmd_destroy(int argc, char **argv);
void cmd_destroy_usage(FILE *f);

#endif /* HVX_CTL_CMDS_H */
