// SPDX-License-Identifier: GPL-2.0
/*
 * hvx pause, resume, nmi, destroy: change a VM from outside its VMM,
 * through the control family. Root, or the user who created the VM.
 * Silent on success, like kill(1).
 */
#include <getopt.h>
#include "ctl.h"
#include "ctl_cmds.h"
#include "util.h"

struct change {
	const char *name;
	const char *text;	/* what it does, for the help */
	int (*call)(struct hvx_ctl *ctl, uint32_t vm_id);
};

static const struct change pause_change = {
	"pause",
	"Pause VM: its vCPUs stop entering the guest, whatever its VMM does\n"
	"(a vCPU's HVX_RUN waits in hvx.ko until the VM is resumed, or a\n"
	"signal comes). The guest's time does not stop.\n",
	hvx_ctl_vm_pause,
};

static const struct change resume_change = {
	"resume",
	"Resume VM after hvx pause: its vCPUs enter the guest again.\n",
	hvx_ctl_vm_resume,
};

static const struct change destroy_change = {
	"destroy",
	"Destroy VM: its vCPUs leave the guest for good, and every HVX_RUN\n"
	"of its VMM returns the exit HVX_EXIT_DESTROYED from now on. hvx.ko\n"
	"frees the VM when its VMM closes it (it stays in 'hvx ps' as\n"
	"destroyed until then).\n",
	hvx_ctl_vm_destroy,
};

static void change_usage(FILE *f, const struct change *ch)
{
	fprintf(f,
		"usage: hvx %s VM\n"
		"\n"
		"%s"
		"VM is an id from 'hvx ps'. Only root and the user who created\n"
		"the VM may do this.\n"
		"\n"
		"options:\n"
		"  -h, --help    this text\n"
		"\n"
		"exit status: 0, 1 if it failed (no such VM, no hvx module,\n"
		"permission denied), 2 for bad usage.\n",
		ch->name, ch->text);
}

static int run_change(const struct change *ch, int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct hvx_ctl *ctl;
	uint32_t id;
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		if (c == 'h') {
			change_usage(stdout, ch);
			return CTL_EXIT_OK;
		}
		return ctl_bad_option(ch->name, c, optopt, argv, optind);
	}
	if (ctl_operands(ch->name, argc, argv, optind, 1, "the VM id") ||
	    ctl_parse_vm_id(ch->name, argv[optind], &id))
		return CTL_EXIT_USAGE;
	if (ctl_connect(&ctl))
		return CTL_EXIT_ERROR;
	r = ch->call(ctl, id);
	if (r)
		ctl_report(ctl, ch->name, id, r);
	hvx_ctl_close(ctl);
	return r ? CTL_EXIT_ERROR : CTL_EXIT_OK;
}

void cmd_pause_usage(FILE *f)
{
	change_usage(f, &pause_change);
}

int cmd_pause(int argc, char **argv)
{
	return run_change(&pause_change, argc, argv);
}

void cmd_resume_usage(FILE *f)
{
	change_usage(f, &resume_change);
}

int cmd_resume(int argc, char **argv)
{
	return run_change(&resume_change, argc, argv);
}

void cmd_destroy_usage(FILE *f)
{
	change_usage(f, &destroy_change);
}

int cmd_destroy(int argc, char **argv)
{
	return run_change(&destroy_change, argc, argv);
}

void cmd_nmi_usage(FILE *f)
{
	fprintf(f,
		"usage: hvx nmi [--vcpu N] VM\n"
		"\n"
		"Send a non-maskable interrupt to a vCPU of VM (vCPU 0 unless\n"
		"--vcpu says otherwise). It is queued, and the guest takes it\n"
		"once its NMIs are unblocked. VM is an id from 'hvx ps'. Only\n"
		"root and the user who created the VM may do this.\n"
		"\n"
		"options:\n"
		"  --vcpu N      the vCPU id (default 0)\n"
		"  -h, --help    this text\n"
		"\n"
		"exit status: 0, 1 if it failed (no such VM or vCPU, no hvx\n"
		"module, permission denied), 2 for bad usage.\n");
}

int cmd_nmi(int argc, char **argv)
{
	static const struct option options[] = {
		{ "vcpu", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct hvx_ctl *ctl;
	long vcpu = -1;
	uint64_t v;
	uint32_t id;
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'v':
			if (parse_u64(optarg, &v) || v > UINT32_MAX) {
				error("nmi: --vcpu wants a vCPU id, not '%s'",
				      optarg);
				return CTL_EXIT_USAGE;
			}
			vcpu = (long)v;
			break;
		case 'h':
			cmd_nmi_usage(stdout);
			return CTL_EXIT_OK;
		default:
			return ctl_bad_option("nmi", c, optopt, argv, optind);
		}
	}
	if (ctl_operands("nmi", argc, argv, optind, 1, "the VM id") ||
	    ctl_parse_vm_id("nmi", argv[optind], &id))
		return CTL_EXIT_USAGE;
	if (ctl_connect(&ctl))
		return CTL_EXIT_ERROR;
	r = hvx_ctl_vm_nmi(ctl, id, vcpu);
	if (r)
		ctl_report(ctl, "nmi", id, r);
	hvx_ctl_close(ctl);
	return r ? CTL_EXIT_ERROR : CTL_EXIT_OK;
}
