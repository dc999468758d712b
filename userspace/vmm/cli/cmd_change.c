// SPDX-License-Identifier: GPL-2.0
/*
 * hvx pause, resume, nmi, destroy: change a VM from outside its VMM,
 * through the control family. Root, or the user who created the VM.
 * Silent on success, like kill(1).
 */
#include <errno.h>
#include "cmd.h"
#include "ctl.h"
#include "util.h"

struct change {
	const char *text;	/* what it does, for the help */
	/* The request; @vcpu_id < 0: the kernel's choice (nmi only). */
	int (*call)(struct hvx_ctl *ctl, uint32_t vm_id, long vcpu_id);
	const struct cmd_syntax *syntax;
};

static int pause_vm(struct hvx_ctl *ctl, uint32_t vm_id, long vcpu_id)
{
	(void)vcpu_id;
	return hvx_ctl_vm_pause(ctl, vm_id);
}

static int resume_vm(struct hvx_ctl *ctl, uint32_t vm_id, long vcpu_id)
{
	(void)vcpu_id;
	return hvx_ctl_vm_resume(ctl, vm_id);
}

static int destroy_vm(struct hvx_ctl *ctl, uint32_t vm_id, long vcpu_id)
{
	(void)vcpu_id;
	return hvx_ctl_vm_destroy(ctl, vm_id);
}

/* --vcpu N, the only option there is (nmi's). */
static int vcpu_option(void *ctx, int c, const char *arg)
{
	long *vcpu_id = ctx;
	uint64_t v;

	(void)c;
	if (parse_u64(arg, &v) || v > UINT32_MAX) {
		error("nmi: --vcpu wants a vCPU id, not '%s'", arg);
		return -EINVAL;
	}
	*vcpu_id = (long)v;
	return 0;
}

static const struct cmd_syntax vm_only = {
	.min_operands = 1, .max_operands = 1, .operands = "the VM id",
};

static const struct option nmi_options[] = {
	{ "vcpu", required_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 },
};

static const struct cmd_syntax vm_and_vcpu = {
	.options = nmi_options, .option = vcpu_option,
	.min_operands = 1, .max_operands = 1, .operands = "the VM id",
};

static int run_change(const struct command *cmd, int argc, char **argv)
{
	const struct change *ch = cmd->priv;
	struct hvx_ctl *ctl;
	long vcpu_id = -1;
	uint32_t id;
	int r;

	r = cmd_parse(cmd, ch->syntax, argc, argv, &vcpu_id);
	if (r != CMD_GO)
		return r;
	if (ctl_parse_vm_id(cmd->name, argv[optind], &id))
		return CTL_EXIT_USAGE;
	if (ctl_connect(&ctl))
		return CTL_EXIT_ERROR;
	r = ch->call(ctl, id, vcpu_id);
	if (r)
		ctl_report(ctl, cmd->name, id, r);
	hvx_ctl_close(ctl);
	return r ? CTL_EXIT_ERROR : CTL_EXIT_OK;
}

static void change_usage(const struct command *cmd, FILE *f)
{
	const struct change *ch = cmd->priv;

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
		cmd->name, ch->text);
}

static void nmi_usage(const struct command *cmd, FILE *f)
{
	(void)cmd;
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

static const struct change pause_change = {
	"Pause VM: its vCPUs stop entering the guest, whatever its VMM does\n"
	"(a vCPU's HVX_RUN waits in hvx.ko until the VM is resumed, or a\n"
	"signal comes). The guest's time does not stop.\n",
	pause_vm, &vm_only,
};

static const struct change resume_change = {
	"Resume VM after hvx pause: its vCPUs enter the guest again.\n",
	resume_vm, &vm_only,
};

static const struct change destroy_change = {
	"Destroy VM: its vCPUs leave the guest for good, and every HVX_RUN\n"
	"of its VMM returns the exit HVX_EXIT_DESTROYED from now on. hvx.ko\n"
	"frees the VM when its VMM closes it (it stays in 'hvx ps' as\n"
	"destroyed until then).\n",
	destroy_vm, &vm_only,
};

static const struct change nmi_change = {
	NULL, hvx_ctl_vm_nmi, &vm_and_vcpu,
};

const struct command pause_command = {
	.name = "pause",
	.summary = "pause a VM",
	.run = run_change,
	.usage = change_usage,
	.usage_status = CTL_EXIT_USAGE,
	.priv = &pause_change,
};

const struct command resume_command = {
	.name = "resume",
	.summary = "resume a paused VM",
	.run = run_change,
	.usage = change_usage,
	.usage_status = CTL_EXIT_USAGE,
	.priv = &resume_change,
};

const struct command nmi_command = {
	.name = "nmi",
	.summary = "send an NMI to a vCPU of a VM",
	.run = run_change,
	.usage = nmi_usage,
	.usage_status = CTL_EXIT_USAGE,
	.priv = &nmi_change,
};

const struct command destroy_command = {
	.name = "destroy",
	.summary = "destroy a VM",
	.run = run_change,
	.usage = change_usage,
	.usage_status = CTL_EXIT_USAGE,
	.priv = &destroy_change,
};
