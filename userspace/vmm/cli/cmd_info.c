// SPDX-License-Identifier: GPL-2.0
/*
 * hvx info: the API version, the VMCS, the VMX features of this CPU that
 * hvx uses or may use (decoded by hvx.ko, HVX_GET_VMX_CAPS), and the
 * answers of HVX_CHECK_EXTENSION. As aligned text, or as JSON.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include "accel.h"
#include "cmd.h"
#include "json.h"
#include "util.h"

#define NAME_WIDTH	34

/* A VMX feature; sub-features (depth 1) are indented under their parent. */
struct feature {
	uint64_t bit;
	int depth;
	const char *name;
	const char *key;		/* in JSON */
};

static const struct feature features[] = {
	{ HVX_VMX_EPT,			0, "EPT",			"ept" },
	{ HVX_VMX_EPT_4LEVEL,		1, "4-level walk, 4K pages",	"ept_4level" },
	{ HVX_VMX_EPT_2M,		1, "2M pages",			"ept_2m_pages" },
	{ HVX_VMX_EPT_1G,		1, "1G pages",			"ept_1g_pages" },
	{ HVX_VMX_EPT_WB,		1, "write-back paging structures", "ept_wb" },
	{ HVX_VMX_EPT_AD,		1, "accessed and dirty bits",	"ept_ad_bits" },
	{ HVX_VMX_EPT_EXEC_ONLY,	1, "execute-only pages",	"ept_execute_only" },
	{ HVX_VMX_INVEPT,		1, "INVEPT",			"invept" },
	{ HVX_VMX_VPID,			0, "VPID",			"vpid" },
	{ HVX_VMX_INVVPID,		1, "INVVPID",			"invvpid" },
	{ HVX_VMX_UNRESTRICTED,		0, "unrestricted guest",	"unrestricted_guest" },
	{ HVX_VMX_PREEMPTION_TIMER,	0, "VMX preemption timer",	"preemption_timer" },
	{ HVX_VMX_TPR_SHADOW,		0, "TPR shadow",		"tpr_shadow" },
	{ HVX_VMX_APIC_ACCESS,		0, "APIC-access virtualization", "apic_access" },
	{ HVX_VMX_X2APIC_MODE,		0, "x2APIC virtualization",	"x2apic_virtualization" },
	{ HVX_VMX_APIC_REG_VIRT,	0, "APIC-register virtualization", "apic_register_virtualization" },
	{ HVX_VMX_VIRT_INTR_DELIVERY,	0, "virtual-interrupt delivery", "virtual_interrupt_delivery" },
	{ HVX_VMX_POSTED_INTR,		0, "posted interrupts",		"posted_interrupts" },
	{ HVX_VMX_VIRTUAL_NMI,		0, "virtual NMIs",		"virtual_nmis" },
	{ HVX_VMX_PML,			0, "page-modification logging",	"pml" },
	{ HVX_VMX_TSC_OFFSETTING,	0, "TSC offsetting",		"tsc_offsetting" },
	{ HVX_VMX_TSC_SCALING,		0, "TSC scaling",		"tsc_scaling" },
	{ HVX_VMX_SHADOW_VMCS,		0, "shadow VMCS",		"shadow_vmcs" },
	{ HVX_VMX_PAUSE_LOOP_EXITING,	0, "PAUSE-loop exiting",	"pause_loop_exiting" },
	{ HVX_VMX_MSR_BITMAPS,		0, "MSR bitmaps",		"msr_bitmaps" },
	{ HVX_VMX_SECONDARY_CTLS,	0, "secondary controls",	"secondary_controls" },
	{ HVX_VMX_TRUE_CTLS,		0, "TRUE control MSRs",		"true_controls" },
	{ HVX_VMX_LOAD_EFER,		0, "load EFER on entry/exit",	"load_efer" },
	{ HVX_VMX_LOAD_PAT,		0, "load PAT on entry/exit",	"load_pat" },
	{ HVX_VMX_INS_OUTS_INFO,	0, "INS/OUTS exit information",	"ins_outs_info" },
};

#define NR_FEATURES	(sizeof(features) / sizeof(features[0]))

/* An HVX_CHECK_EXTENSION answer, and how to show it. */
enum ext_kind {
	EXT_BOOL,		/* yes / no */
	EXT_COUNT,		/* a number */
	EXT_BYTES,		/* a number of bytes */
	EXT_DIRTY_LOG,		/* 0 no, 1 write protection, 2 EPT A/D bits */
};

struct extension {
	long cap;
	enum ext_kind kind;
	const char *name;
	const char *key;
};

static const struct extension extensions[] = {
	{ HVX_CAP_VMX_CAPS,	  EXT_BOOL,	 "VMX capability query",	"vmx_caps" },
	{ HVX_CAP_NR_VCPUS,	  EXT_COUNT,	 "vCPUs per VM",		"max_vcpus" },
	{ HVX_CAP_MAX_VCPU_ID,	  EXT_COUNT,	 "vCPU ids",			"max_vcpu_id" },
	{ HVX_CAP_NR_MEMSLOTS,	  EXT_COUNT,	 "memory slots per VM",		"memslots" },
	{ HVX_CAP_READONLY_MEM,	  EXT_BOOL,	 "read-only memory",		"readonly_mem" },
	{ HVX_CAP_IMMEDIATE_EXIT, EXT_BOOL,	 "immediate exit",		"immediate_exit" },
	{ HVX_CAP_UNRESTRICTED,	  EXT_BOOL,	 "real-mode guests",		"unrestricted" },
	{ HVX_CAP_XSAVE,	  EXT_BYTES,	 "XSAVE state size",		"xsave_size" },
	{ HVX_CAP_VMCS_DUMP,	  EXT_BOOL,	 "VMCS dump on entry failure",	"vmcs_dump" },
	{ HVX_CAP_INTERRUPTS,	  EXT_BOOL,	 "interrupt and NMI injection",	"interrupts" },
	{ HVX_CAP_TRANSLATE,	  EXT_BOOL,	 "address translation",		"translate" },
	{ HVX_CAP_MMIO,		  EXT_BOOL,	 "decoded MMIO exits",		"mmio" },
	{ HVX_CAP_IOEVENTFD,	  EXT_COUNT,	 "ioeventfds per VM",		"ioeventfds" },
	{ HVX_CAP_DIRTY_LOG,	  EXT_DIRTY_LOG, "dirty page logging",		"dirty_log" },
};

#define NR_EXTENSIONS	(sizeof(extensions) / sizeof(extensions[0]))

struct info {
	int api_version;
	bool have_caps;
	struct hvx_vmx_caps caps;
	int ext[NR_EXTENSIONS];		/* answer, or -errno */
};

static void info_usage(const struct command *cmd, FILE *f)
{
	(void)cmd;
	fprintf(f,
		"usage: hvx info [--json] [--msrs]\n"
		"\n"
		"Show the hvx API version, the VMCS revision and size, the VMX\n"
		"features of this CPU (EPT, VPID, unrestricted guest, APIC\n"
		"virtualization...) as hvx.ko decoded them, and what hvx.ko\n"
		"supports (HVX_CHECK_EXTENSION).\n"
		"\n"
		"options:\n"
		"  --json        one JSON object on stdout, for scripts; raw MSRs\n"
		"                are strings (\"0x...\"), the rest numbers/booleans\n"
		"  --msrs        also print the raw VMX capability MSRs\n"
		"  -h, --help    this text\n"
		"\n"
		"exit status: 0, or %d if /dev/hvx cannot be used.\n",
		STATUS_VMM_ERROR);
}

static void line(int depth, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void line(int depth, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("  %*s%-*s ", 2 * depth, "", NAME_WIDTH - 2 * depth, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

static void print_text(const struct info *in, bool msrs)
{
	const struct hvx_vmx_caps *c = &in->caps;
	size_t i;

	/* accel_open() refused any other version. */
	printf("%-*s %d\n", NAME_WIDTH + 2, "API version", in->api_version);
	if (in->have_caps) {
		printf("%-*s 0x%08x\n", NAME_WIDTH + 2, "VMCS revision",
		       c->vmcs_revision);
		printf("%-*s %u bytes\n", NAME_WIDTH + 2, "VMCS size",
		       c->vmcs_size);
		printf("\nVMX features of this CPU\n");
		for (i = 0; i < NR_FEATURES; i++) {
			const struct feature *f = &features[i];
			bool has = c->features & f->bit;

			if (f->bit == HVX_VMX_PREEMPTION_TIMER && has)
				line(f->depth, f->name, "yes (rate: TSC >> %u)",
				     c->preemption_timer_shift);
			else
				line(f->depth, f->name, "%s", yes_no(has));
		}
	} else {
		printf("\nVMX features: this hvx.ko cannot report them (no HVX_CAP_VMX_CAPS)\n");
	}

	printf("\nhvx.ko extensions\n");
	for (i = 0; i < NR_EXTENSIONS; i++) {
		const struct extension *e = &extensions[i];
		int v = in->ext[i];

		if (v < 0)
			line(0, e->name, "error: %s", strerror(-v));
		else if (e->kind == EXT_BOOL)
			line(0, e->name, "%s", yes_no(v));
		else if (e->kind == EXT_BYTES)
			line(0, e->name, "%d bytes", v);
		else if (e->kind == EXT_DIRTY_LOG)
			line(0, e->name, "%s", v == 0 ? "no" :
			     v == 1 ? "yes (write protection)" :
			     v == 2 ? "yes (EPT A/D bits)" : "yes");
		else
			line(0, e->name, "%d", v);
	}

	if (msrs && in->have_caps) {
		printf("\nVMX capability MSRs\n");
		line(0, "IA32_VMX_BASIC", "0x%016llx", (unsigned long long)c->msr_basic);
		line(0, "pin-based controls", "0x%016llx", (unsigned long long)c->msr_pinbased);
		line(0, "primary processor-based controls", "0x%016llx", (unsigned long long)c->msr_procbased);
		line(0, "secondary processor-based controls", "0x%016llx", (unsigned long long)c->msr_procbased2);
		line(0, "VM-exit controls", "0x%016llx", (unsigned long long)c->msr_exit);
		line(0, "VM-entry controls", "0x%016llx", (unsigned long long)c->msr_entry);
		line(0, "IA32_VMX_MISC", "0x%016llx", (unsigned long long)c->msr_misc);
		line(0, "IA32_VMX_EPT_VPID_CAP", "0x%016llx", (unsigned long long)c->msr_ept_vpid_cap);
	}
}

static void json_hex(struct json *j, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)v);
	json_string(j, key, buf);
}

static void print_json(const struct info *in)
{
	const struct hvx_vmx_caps *c = &in->caps;
	struct json j;
	size_t i;

	json_init(&j, stdout, true);
	json_object(&j, NULL);
	json_uint(&j, "api_version", in->api_version);
	if (in->have_caps) {
		json_object(&j, "vmcs");
		json_uint(&j, "revision", c->vmcs_revision);
		json_uint(&j, "size", c->vmcs_size);
		json_end_object(&j);

		json_object(&j, "features");
		for (i = 0; i < NR_FEATURES; i++)
			json_bool(&j, features[i].key,
				  c->features & features[i].bit);
		json_end_object(&j);
		json_uint(&j, "preemption_timer_shift",
			  c->preemption_timer_shift);

		json_object(&j, "msrs");
		json_hex(&j, "basic", c->msr_basic);
		json_hex(&j, "pinbased_ctls", c->msr_pinbased);
		json_hex(&j, "procbased_ctls", c->msr_procbased);
		json_hex(&j, "procbased_ctls2", c->msr_procbased2);
		json_hex(&j, "exit_ctls", c->msr_exit);
		json_hex(&j, "entry_ctls", c->msr_entry);
		json_hex(&j, "misc", c->msr_misc);
		json_hex(&j, "ept_vpid_cap", c->msr_ept_vpid_cap);
		json_end_object(&j);
	}
	json_object(&j, "extensions");
	for (i = 0; i < NR_EXTENSIONS; i++) {
		const struct extension *e = &extensions[i];

		if (in->ext[i] < 0)
			continue;	/* absent from JSON rather than wrong */
		if (e->kind == EXT_BOOL)
			json_bool(&j, e->key, in->ext[i]);
		else
			json_uint(&j, e->key, in->ext[i]);
	}
	json_end_object(&j);
	json_end_object(&j);
}

static int query(int fd, struct info *in)
{
	size_t i;
	int r;

	memset(in, 0, sizeof(*in));
	in->api_version = hvx_api_version(fd);
	if (in->api_version < 0) {
		error("HVX_GET_API_VERSION: %s", strerror(-in->api_version));
		return in->api_version;
	}
	for (i = 0; i < NR_EXTENSIONS; i++)
		in->ext[i] = hvx_check_extension(fd, extensions[i].cap);
	if (in->ext[0] > 0) {
		r = hvx_get_vmx_caps(fd, &in->caps);
		if (r < 0) {
			error("HVX_GET_VMX_CAPS: %s", strerror(-r));
			return r;
		}
		in->have_caps = true;
	}
	return 0;
}

struct info_args {
	bool json, msrs;
};

static int info_option(void *ctx, int c, const char *arg)
{
	struct info_args *a = ctx;

	(void)arg;
	if (c == 'j')
		a->json = true;
	else
		a->msrs = true;
	return 0;
}

static int run_info(const struct command *cmd, int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "msrs", no_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cmd_syntax syntax = {
		.options = options, .option = info_option,
	};
	struct info_args a = { 0 };
	struct accel hvx;
	struct info in;
	int r;

	r = cmd_parse(cmd, &syntax, argc, argv, &a);
	if (r != CMD_GO)
		return r;
	r = accel_open(&hvx, accel_find("hvx"));
	if (r) {
		error("%s", hvx.error);
		return STATUS_VMM_ERROR;
	}
	r = query(hvx.fd, &in);
	accel_close(&hvx);
	if (r < 0)
		return STATUS_VMM_ERROR;
	if (a.json)
		print_json(&in);
	else
		print_text(&in, a.msrs);
	return STATUS_OK;
}

const struct command info_command = {
	.name = "info",
	.summary = "show what hvx.ko and the CPU offer",
	.run = run_info,
	.usage = info_usage,
	.usage_status = STATUS_VMM_ERROR,
};
