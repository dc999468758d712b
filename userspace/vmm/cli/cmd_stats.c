// SPDX-License-Identifier: GPL-2.0
/*
 * hvx stats VM: one VM's statistics since it was created (VM_GET and
 * VM_STATS): counters per vCPU and in total, and its exits by reason
 * with their rates and latency estimates.
 */
#include <stdlib.h>
#include "cmd.h"
#include "ctl.h"
#include "exit_table.h"
#include "json.h"
#include "latency.h"
#include "units.h"
#include "util.h"

static void stats_usage(const struct command *cmd, FILE *f)
{
	(void)cmd;
	fprintf(f,
		"usage: hvx stats [--json] [--per-vcpu] [--tsc-mhz MHZ] VM\n"
		"\n"
		"Show the statistics of VM (an id from 'hvx ps') since it was\n"
		"created: per vCPU and in total the time spent in the guest,\n"
		"VM exits, returns to the VMM, EPT faults, interrupts and NMIs\n"
		"injected, halts; then the exits by VMX exit reason with their\n"
		"count, average rate, and median and 99th-percentile handling\n"
		"latency, estimated from hvx.ko's log2 histograms of TSC cycles\n"
		"(and in time when the TSC frequency is known).\n"
		"\n"
		"options:\n"
		"  --json          one JSON object on stdout, for scripts\n"
		"  --per-vcpu      exits by reason for each vCPU, not only summed\n"
		"  --tsc-mhz MHZ   the TSC frequency, for latencies in time\n"
		"                  (default: \"cpu MHz\" of /proc/cpuinfo; 0: cycles only)\n"
		"  -h, --help      this text\n"
		"\n"
		"exit status: 0, 1 if the VM cannot be read (no such VM, no hvx\n"
		"module, permission denied), 2 for bad usage.\n");
}

/* Seconds of @uptime_ns, never 0 (for rates). */
static double seconds(uint64_t ns)
{
	return ns ? (double)ns / 1e9 : 1e-9;
}

static const char *time_str(char *buf, uint64_t ns)
{
	if (ns >= 60ULL * 1000000000ULL)
		return units_duration(buf, ns);
	return units_ns(buf, (double)ns);
}

static void counters_row(const char *label, const struct hvx_counters *c,
			 uint64_t wall_ns)
{
	char t[UNITS_LEN], pct[16];

	if (wall_ns)
		snprintf(pct, sizeof(pct), "%.1f%%",
			 100.0 * (double)c->guest_ns / (double)wall_ns);
	else
		snprintf(pct, sizeof(pct), "-");
	printf("%-8s %10s %7s %12llu %10llu %10llu %8llu %6llu %8llu\n", label,
	       time_str(t, c->guest_ns), pct,
	       (unsigned long long)c->exits,
	       (unsigned long long)c->user_exits,
	       (unsigned long long)c->ept_faults,
	       (unsigned long long)c->irqs, (unsigned long long)c->nmis,
	       (unsigned long long)c->halts);
}

/* The exit rows of one vCPU, or of all (@vcpu < 0), with rates. */
static int collect(const struct hvx_vm_stats *s, long vcpu,
		   uint64_t uptime_ns, struct exit_rows *t)
{
	unsigned int i, j;
	int r;

	for (i = 0; i < s->nr_vcpus; i++) {
		if (vcpu >= 0 && s->vcpus[i].id != (uint32_t)vcpu)
			continue;
		for (j = 0; j < s->vcpus[i].nr_exits; j++) {
			r = exit_rows_add(t, &s->vcpus[i].exits[j]);
			if (r)
				return r;
		}
	}
	for (i = 0; i < t->n; i++)
		t->rows[i].rate = (double)t->rows[i].count /
				  seconds(uptime_ns);
	return 0;
}

static int print_text(const struct hvx_vm_info *vm,
		      const struct hvx_vm_stats *s, bool per_vcpu,
		      double tsc_mhz)
{
	char user[32], mem[UNITS_LEN], up[UNITS_LEN], mhz[32];
	struct exit_rows t = { 0 };
	unsigned int i;
	int r;

	printf("VM %u: pid %u (%s), user %s, %u vCPU%s, %s, %s, up %s\n",
	       vm->id, vm->owner_pid, vm->owner_comm,
	       ctl_user_name(vm->owner_uid, user, sizeof(user)),
	       vm->nr_vcpus, vm->nr_vcpus == 1 ? "" : "s",
	       units_bytes(mem, vm->memory), ctl_state_name(vm->state),
	       units_duration(up, vm->uptime_ns));
	printf("\n%-8s %10s %7s %12s %10s %10s %8s %6s %8s\n", "",
	       "GUEST TIME", "GUEST%", "EXITS", "TO VMM", "EPT FAULTS",
	       "IRQS", "NMIS", "HALTS");
	counters_row("total", &s->totals,
		     vm->uptime_ns * (s->nr_vcpus ? s->nr_vcpus : 1));
	for (i = 0; i < s->nr_vcpus; i++) {
		char label[16];

		snprintf(label, sizeof(label), "vCPU %u", s->vcpus[i].id);
		counters_row(label, &s->vcpus[i].counters, vm->uptime_ns);
	}

	if (tsc_mhz > 0)
		snprintf(mhz, sizeof(mhz), ", TSC at %.0f MHz", tsc_mhz);
	else
		snprintf(mhz, sizeof(mhz), "; TSC frequency unknown");
	printf("\nexits by reason%s (rates over the uptime, latencies in cycles%s):\n",
	       per_vcpu ? ", all vCPUs" : "", mhz);
	r = collect(s, -1, vm->uptime_ns, &t);
	if (r)
		return r;
	exit_table_print(stdout, &t, 2, true, tsc_mhz);
	exit_rows_free(&t);

	for (i = 0; per_vcpu && i < s->nr_vcpus; i++) {
		printf("\nexits by reason, vCPU %u:\n", s->vcpus[i].id);
		r = collect(s, s->vcpus[i].id, vm->uptime_ns, &t);
		if (r)
			return r;
		exit_table_print(stdout, &t, 2, true, tsc_mhz);
		exit_rows_free(&t);
	}
	return 0;
}

static void json_counters(struct json *w, const struct hvx_counters *c)
{
	json_uint(w, "guest_ns", c->guest_ns);
	json_uint(w, "exits", c->exits);
	json_uint(w, "user_exits", c->user_exits);
	json_uint(w, "ept_faults", c->ept_faults);
	json_uint(w, "irqs", c->irqs);
	json_uint(w, "nmis", c->nmis);
	json_uint(w, "halts", c->halts);
}

static int print_json(const struct hvx_vm_info *vm,
		      const struct hvx_vm_stats *s, double tsc_mhz)
{
	struct exit_rows t = { 0 };
	struct json w;
	unsigned int i;
	int r;

	json_init(&w, stdout, true);
	json_object(&w, NULL);
	ctl_json_vm(&w, "vm", vm);
	if (tsc_mhz > 0)
		json_double(&w, "tsc_mhz", tsc_mhz, 3);
	else
		json_null(&w, "tsc_mhz");
	json_object(&w, "totals");
	json_counters(&w, &s->totals);
	json_end_object(&w);
	r = collect(s, -1, vm->uptime_ns, &t);
	if (r)
		return r;
	exit_table_json(&w, "exit_reasons", &t, tsc_mhz);
	exit_rows_free(&t);
	json_array(&w, "vcpus");
	for (i = 0; i < s->nr_vcpus; i++) {
		json_object(&w, NULL);
		json_uint(&w, "id", s->vcpus[i].id);
		json_counters(&w, &s->vcpus[i].counters);
		r = collect(s, s->vcpus[i].id, vm->uptime_ns, &t);
		if (r)
			return r;
		exit_table_json(&w, "exit_reasons", &t, tsc_mhz);
		exit_rows_free(&t);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	return 0;
}

struct stats_args {
	bool json, per_vcpu;
	double tsc_mhz;			/* < 0: from /proc/cpuinfo */
};

static int stats_option(void *ctx, int c, const char *arg)
{
	struct stats_args *a = ctx;

	if (c == 'j')
		a->json = true;
	else if (c == 'p')
		a->per_vcpu = true;
	else
		return ctl_parse_mhz("stats", arg, &a->tsc_mhz);
	return 0;
}

static int run_stats(const struct command *cmd, int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "per-vcpu", no_argument, NULL, 'p' },
		{ "tsc-mhz", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cmd_syntax syntax = {
		.options = options, .option = stats_option,
		.min_operands = 1, .max_operands = 1, .operands = "the VM id",
	};
	struct stats_args a = { .tsc_mhz = -1 };
	struct hvx_vm_stats *s = NULL;
	struct hvx_vm_info vm;
	struct hvx_ctl *ctl;
	uint32_t id;
	int r;

	r = cmd_parse(cmd, &syntax, argc, argv, &a);
	if (r != CMD_GO)
		return r;
	if (ctl_parse_vm_id("stats", argv[optind], &id))
		return CTL_EXIT_USAGE;
	if (a.tsc_mhz < 0)
		a.tsc_mhz = latency_tsc_mhz();

	if (ctl_connect(&ctl))
		return CTL_EXIT_ERROR;
	r = hvx_ctl_vm_get(ctl, id, &vm);
	if (!r)
		r = hvx_ctl_vm_stats(ctl, id, &s);
	if (r) {
		ctl_report(ctl, "stats", id, r);
		hvx_ctl_close(ctl);
		return CTL_EXIT_ERROR;
	}
	hvx_ctl_close(ctl);
	r = a.json ? print_json(&vm, s, a.tsc_mhz) :
		     print_text(&vm, s, a.per_vcpu, a.tsc_mhz);
	hvx_vm_stats_free(s);
	if (r) {
		error("stats: out of memory");
		return CTL_EXIT_ERROR;
	}
	return CTL_EXIT_OK;
}

const struct command stats_command = {
	.name = "stats",
	.summary = "show a VM's statistics",
	.run = run_stats,
	.usage = stats_usage,
	.usage_status = CTL_EXIT_USAGE,
};
