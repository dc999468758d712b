// SPDX-License-Identifier: GPL-2.0
/*
 * hvx top: live VM exit rates and latencies. Every interval it reads
 * every VM's statistics (or one VM's) and shows what changed since the
 * last reading: per VM (or per vCPU) the share of time in the guest and
 * the rates of exits, returns to the VMM, EPT faults, interrupts and
 * halts; then the exits by reason with their rates and the latencies of
 * the exits handled in that interval.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cmd.h"
#include "ctl.h"
#include "exit_table.h"
#include "latency.h"
#include "units.h"
#include "util.h"

static void top_usage(const struct command *cmd, FILE *f)
{
	(void)cmd;
	fprintf(f,
		"usage: hvx top [-d SECONDS] [-n N | --once] [--tsc-mhz MHZ] [VM]\n"
		"\n"
		"Show live VM exit rates and latencies, refreshed every interval\n"
		"like top: per VM (or, given a VM id, per vCPU of that VM) the\n"
		"time in the guest and the rates of exits, returns to the VMM,\n"
		"EPT faults, interrupts and halts; then the exits by VMX reason\n"
		"with their rates and the median and 99th-percentile latency of\n"
		"those handled in the interval. On a terminal each refresh\n"
		"redraws the screen; otherwise the readings follow each other.\n"
		"Stop it with Ctrl-C, or give -n.\n"
		"\n"
		"options:\n"
		"  -d, --delay SECONDS  the interval (default 1, at least 0.1)\n"
		"  -n, --iterations N   stop after N refreshes\n"
		"  --once               one refresh (-n 1), for scripts\n"
		"  --tsc-mhz MHZ        the TSC frequency, for latencies in time\n"
		"                       (default: \"cpu MHz\" of /proc/cpuinfo; 0: cycles only)\n"
		"  -h, --help           this text\n"
		"\n"
		"exit status: 0, 1 if the VMs cannot be read (no such VM, no hvx\n"
		"module, permission denied), 2 for bad usage.\n");
}

struct vm_sample {
	struct hvx_vm_info info;
	struct hvx_vm_stats *stats;
};

struct sample {
	struct vm_sample *vms;
	int n;
	uint64_t when_ns;		/* CLOCK_MONOTONIC */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void sample_free(struct sample *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		hvx_vm_stats_free(s->vms[i].stats);
	free(s->vms);
	memset(s, 0, sizeof(*s));
}

/* Read every VM (@vm_id < 0) or one. 0 or -errno (-ENXIO: VM gone). */
static int take_sample(struct hvx_ctl *ctl, long vm_id, struct sample *s)
{
	struct hvx_vm_info *infos = NULL;
	int i, n, r;

	memset(s, 0, sizeof(*s));
	if (vm_id >= 0) {
		infos = malloc(sizeof(*infos));
		if (!infos)
			return -ENOMEM;
		r = hvx_ctl_vm_get(ctl, (uint32_t)vm_id, infos);
		if (r) {
			free(infos);
			return r;
		}
		n = 1;
	} else {
		n = hvx_ctl_vm_list(ctl, &infos);
		if (n < 0)
			return n;
	}
	s->vms = calloc(n ? n : 1, sizeof(*s->vms));
	if (!s->vms) {
		free(infos);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		struct vm_sample *v = &s->vms[s->n];

		v->info = infos[i];
		r = hvx_ctl_vm_stats(ctl, infos[i].id, &v->stats);
		if (r == -ENXIO && vm_id < 0)
			continue;	/* gone since the list: leave it out */
		if (r) {
			free(infos);
			sample_free(s);
			return r;
		}
		s->n++;
	}
	free(infos);
	s->when_ns = now_ns();
	return 0;
}

static const struct vm_sample *find_vm(const struct sample *s, uint32_t id)
{
	int i;

	for (i = 0; s && i < s->n; i++)
		if (s->vms[i].info.id == id)
			return &s->vms[i];
	return NULL;
}

static const struct hvx_vcpu_stats *find_vcpu(const struct vm_sample *v,
					      uint32_t id)
{
	unsigned int i;

	for (i = 0; v && i < v->stats->nr_vcpus; i++)
		if (v->stats->vcpus[i].id == id)
			return &v->stats->vcpus[i];
	return NULL;
}

static const struct hvx_exit_stats *find_exit(const struct hvx_vcpu_stats *c,
					      uint32_t reason)
{
	unsigned int i;

	for (i = 0; c && i < c->nr_exits; i++)
		if (c->exits[i].reason == reason)
			return &c->exits[i];
	return NULL;
}

static uint64_t delta(uint64_t now, uint64_t before)
{
	return now > before ? now - before : 0;
}

/* The counters' changes; @before may be NULL (a new VM or vCPU). */
static void counters_delta(struct hvx_counters *d,
			   const struct hvx_counters *now,
			   const struct hvx_counters *before)
{
	static const struct hvx_counters zero;

	if (!before)
		before = &zero;
	d->guest_ns = delta(now->guest_ns, before->guest_ns);
	d->exits = delta(now->exits, before->exits);
	d->user_exits = delta(now->user_exits, before->user_exits);
	d->ept_faults = delta(now->ept_faults, before->ept_faults);
	d->irqs = delta(now->irqs, before->irqs);
	d->nmis = delta(now->nmis, before->nmis);
	d->halts = delta(now->halts, before->halts);
}

/* Add one vCPU's exits since @before to @t. */
static int add_vcpu_exits(struct exit_rows *t,
			  const struct hvx_vcpu_stats *now,
			  const struct hvx_vcpu_stats *before)
{
	unsigned int i;
	int r;

	for (i = 0; i < now->nr_exits; i++) {
		const struct hvx_exit_stats *e = &now->exits[i];
		const struct hvx_exit_stats *b = find_exit(before, e->reason);
		struct hvx_exit_stats d = *e;

		if (b) {
			d.count = delta(e->count, b->count);
			latency_delta(d.latency, e->latency, b->latency);
		}
		r = exit_rows_add(t, &d);
		if (r)
			return r;
	}
	return 0;
}

#define RATE_HEADER "%6s %10s %10s %9s %9s %9s %9s\n"
#define RATE_ROW    "%6s %10s %10s %9s %9s %9s %9s\n"

static void rate_header(const char *lead)
{
	printf("%s" RATE_HEADER, lead, "GUEST%", "EXITS", "TO VMM",
	       "EPT", "IRQS", "NMIS", "HALTS");
}

static void rate_row(const struct hvx_counters *d, double secs,
		     unsigned int nr_vcpus)
{
	char pct[16], e[UNITS_LEN], u[UNITS_LEN], f[UNITS_LEN], i[UNITS_LEN];
	char n[UNITS_LEN], h[UNITS_LEN];

	snprintf(pct, sizeof(pct), "%.1f%%",
		 100.0 * (double)d->guest_ns /
		 (secs * 1e9 * (nr_vcpus ? nr_vcpus : 1)));
	printf(RATE_ROW, pct, units_rate(e, d->exits / secs),
	       units_rate(u, d->user_exits / secs),
	       units_rate(f, d->ept_faults / secs),
	       units_rate(i, d->irqs / secs), units_rate(n, d->nmis / secs),
	       units_rate(h, d->halts / secs));
}

static int show(const struct sample *prev, const struct sample *cur,
		long vm_id, double tsc_mhz)
{
	double secs = (double)delta(cur->when_ns, prev->when_ns) / 1e9;
	struct exit_rows t = { 0 };
	char clock[16], mhz[32], buf[UNITS_LEN], up[UNITS_LEN];
	time_t wall = time(NULL);
	unsigned int i, j;
	int k, r = 0;

	if (secs <= 0)
		secs = 1e-9;
	strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&wall));
	if (tsc_mhz > 0)
		snprintf(mhz, sizeof(mhz), ", TSC %.0f MHz", tsc_mhz);
	else
		mhz[0] = '\0';

	if (vm_id < 0) {
		printf("hvx top - %s, %d VM%s, every %.1f s%s\n\n", clock,
		       cur->n, cur->n == 1 ? "" : "s", secs, mhz);
		rate_header("  ID     PID COMMAND          STATE     VCPUS ");
		for (k = 0; k < cur->n; k++) {
			const struct vm_sample *v = &cur->vms[k];
			const struct vm_sample *p = find_vm(prev, v->info.id);
			struct hvx_counters d;

			counters_delta(&d, &v->stats->totals,
				       p ? &p->stats->totals : NULL);
			printf("%4u %7u %-16s %-9s %5u ", v->info.id,
			       v->info.owner_pid, v->info.owner_comm,
			       ctl_state_name(v->info.state),
			       v->stats->nr_vcpus);
			rate_row(&d, secs, v->stats->nr_vcpus);
		}
	} else {
		const struct vm_sample *v = &cur->vms[0];

		printf("hvx top - %s, VM %u: pid %u (%s), %s, %s, up %s, every %.1f s%s\n\n",
		       clock, v->info.id, v->info.owner_pid,
		       v->info.owner_comm, ctl_state_name(v->info.state),
		       units_bytes(buf, v->info.memory),
		       units_duration(up, v->info.uptime_ns), secs, mhz);
		rate_header("VCPU ");
		for (i = 0; i < v->stats->nr_vcpus; i++) {
			const struct hvx_vcpu_stats *c = &v->stats->vcpus[i];
			struct hvx_counters d;
			const struct hvx_vcpu_stats *b;

			b = find_vcpu(find_vm(prev, v->info.id), c->id);
			counters_delta(&d, &c->counters,
				       b ? &b->counters : NULL);
			printf("%4u ", c->id);
			rate_row(&d, secs, 1);
		}
	}

	for (k = 0; k < cur->n && !r; k++) {
		const struct vm_sample *v = &cur->vms[k];
		const struct vm_sample *p = find_vm(prev, v->info.id);

		for (j = 0; j < v->stats->nr_vcpus && !r; j++)
			r = add_vcpu_exits(&t, &v->stats->vcpus[j],
					   find_vcpu(p, v->stats->vcpus[j].id));
	}
	if (r)
		return r;
	for (i = 0; i < t.n; i++)
		t.rows[i].rate = (double)t.rows[i].count / secs;
	printf("\nexits by reason in the last %.1f s, %s:\n", secs,
	       vm_id < 0 ? "all VMs" : "all vCPUs");
	exit_table_print(stdout, &t, 2, false, tsc_mhz);
	exit_rows_free(&t);
	return 0;
}

static int parse_count(const char *arg, unsigned long *n)
{
	uint64_t v;

	if (parse_u64(arg, &v) || v == 0 || v > 1000000000) {
		error("top: -n wants a positive number of refreshes, not '%s'",
		      arg);
		return -EINVAL;
	}
	*n = v;
	return 0;
}

static int parse_delay(const char *arg, double *secs)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v >= 0.1 && v <= 86400)) {
		error("top: -d wants seconds between 0.1 and 86400, not '%s'",
		      arg);
		return -EINVAL;
	}
	*secs = v;
	return 0;
}

static void sleep_seconds(double secs)
{
	struct timespec ts = {
		.tv_sec = (time_t)secs,
		.tv_nsec = (long)((secs - (double)(time_t)secs) * 1e9),
	};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

struct top_args {
	double delay;
	unsigned long iterations;	/* 0: until stopped */
	double tsc_mhz;			/* < 0: from /proc/cpuinfo */
};

static int top_option(void *ctx, int c, const char *arg)
{
	struct top_args *a = ctx;

	switch (c) {
	case 'd':
		return parse_delay(arg, &a->delay);
	case 'n':
		return parse_count(arg, &a->iterations);
	case 'o':
		a->iterations = 1;
		return 0;
	default:
		return ctl_parse_mhz("top", arg, &a->tsc_mhz);
	}
}

/* Refresh until done or a reading fails: 0 or -errno. */
static int refresh(struct hvx_ctl *ctl, long vm_id, const struct top_args *a)
{
	bool redraw = isatty(STDOUT_FILENO);
	struct sample prev, cur;
	unsigned long i;
	int r;

	r = take_sample(ctl, vm_id, &prev);
	for (i = 0; !r && (!a->iterations || i < a->iterations); i++) {
		sleep_seconds(a->delay);
		r = take_sample(ctl, vm_id, &cur);
		if (r)
			break;
		if (redraw)
			fputs("\033[H\033[2J", stdout);
		else if (i)
			putchar('\n');
		r = show(&prev, &cur, vm_id, a->tsc_mhz);
		fflush(stdout);
		sample_free(&prev);
		prev = cur;
	}
	sample_free(&prev);
	return r;
}

static int run_top(const struct command *cmd, int argc, char **argv)
{
	static const struct option options[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "once", no_argument, NULL, 'o' },
		{ "tsc-mhz", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct cmd_syntax syntax = {
		.options = options, .shortopts = "d:n:", .option = top_option,
		.max_operands = 1,
	};
	struct top_args a = { .delay = 1, .tsc_mhz = -1 };
	struct hvx_ctl *ctl;
	long vm_id = -1;
	uint32_t id;
	int r;

	r = cmd_parse(cmd, &syntax, argc, argv, &a);
	if (r != CMD_GO)
		return r;
	if (optind < argc) {
		if (ctl_parse_vm_id("top", argv[optind], &id))
			return CTL_EXIT_USAGE;
		vm_id = id;
	}
	if (a.tsc_mhz < 0)
		a.tsc_mhz = latency_tsc_mhz();

	if (ctl_connect(&ctl))
		return CTL_EXIT_ERROR;
	r = refresh(ctl, vm_id, &a);
	if (r)
		ctl_report(ctl, "top", vm_id, r);
	hvx_ctl_close(ctl);
	return r ? CTL_EXIT_ERROR : CTL_EXIT_OK;
}

const struct command top_command = {
	.name = "top",
	.summary = "show live exit rates and latencies",
	.run = run_top,
	.usage = top_usage,
	.usage_status = CTL_EXIT_USAGE,
};
