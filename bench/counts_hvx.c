// SPDX-License-Identifier: GPL-2.0
/*
 * hvx's exit counts, from its control plane (libhvx's hvx_control:
 * VM_GET to find the VM, VM_STATS for its counters, per VMX exit reason
 * with their handling-time histograms).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <asm/vmx.h>
#include "counts.h"
#include "hvx_control.h"

static struct hvx_ctl *ctl;

/* The control plane's id of a VM, found once. */
struct hvx_counter {
	uint32_t vm_id;
};

static int hvx_counts_open(void)
{
	int r = hvx_ctl_open(&ctl);

	if (r)
		fprintf(stderr, "bench: hvx control plane: %s (exit counts unavailable)\n",
			strerror(-r));
	return 0;
}

static void hvx_counts_close(void)
{
	hvx_ctl_close(ctl);
	ctl = NULL;
}

/*
 * hvx.ko has no knobs: no VPID, a 2 ms preemption-timer slice, six MSRs
 * in the VMCS lists are its fixed design (docs/design.md); only what the
 * CPU offers is read.
 */
static void hvx_describe(FILE *f, struct accel *a)
{
	struct hvx_vmx_caps caps;

	fprintf(f, "hvx:");
	if (!hvx_get_vmx_caps(a->fd, &caps))
		fprintf(f, " ept=1 vpid=0 (CPU has VPID: %s) preemption-timer=2ms (shift %u) msr-lists=6 l1d-flush=per-l1tf (flush: cond, full: always)",
			caps.features & HVX_VMX_VPID ? "yes" : "no",
			caps.preemption_timer_shift);
	fprintf(f, "\n");
}

/* The newest VM this process created: the one being measured. */
static int find_vm(uint32_t *vm_id)
{
	struct hvx_vm_info *vms;
	int i, n, newest = -1;

	n = hvx_ctl_vm_list(ctl, &vms);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		if (vms[i].owner_pid == (uint32_t)getpid() &&
		    (newest < 0 || vms[i].id > vms[newest].id))
			newest = i;
	if (newest >= 0)
		*vm_id = vms[newest].id;
	free(vms);
	return newest >= 0 ? 0 : -ENXIO;
}

static int vm_id_of(struct vm_counter *vc, uint32_t *vm_id)
{
	struct hvx_counter *h = vc->priv;
	int r;

	if (h) {
		*vm_id = h->vm_id;
		return 0;
	}
	r = find_vm(vm_id);
	if (r)
		return r;
	h = malloc(sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->vm_id = *vm_id;
	vc->priv = h;
	return 0;
}

/* Each vCPU's exits by reason, added up; the last slot takes the rest. */
static void add_exits(struct exit_counts *c, const struct hvx_vcpu_stats *v)
{
	unsigned int i;
	int b;

	for (i = 0; i < v->nr_exits; i++) {
		const struct hvx_exit_stats *e = &v->exits[i];
		uint32_t reason = e->reason < BENCH_NR_REASONS ?
				  e->reason : BENCH_NR_REASONS - 1;

		c->reasons[reason] += e->count;
		for (b = 0; e->has_latency && b < HVX_LATENCY_BUCKETS; b++)
			c->latency[reason][b] += e->latency[b];
	}
}

static void fill(struct exit_counts *c, const struct hvx_vm_stats *s)
{
	const uint64_t *n = c->reasons;
	uint64_t ept_exits;
	unsigned int i;

	c->total = s->totals.exits;
	c->ept_fault = s->totals.ept_faults;
	c->user = s->totals.user_exits;
	c->guest_ns = s->totals.guest_ns;
	c->has_reasons = true;
	for (i = 0; i < s->nr_vcpus; i++)
		add_exits(c, &s->vcpus[i]);
	c->async = n[EXIT_REASON_EXTERNAL_INTERRUPT] +
		   n[EXIT_REASON_PREEMPTION_TIMER] +
		   n[EXIT_REASON_EXCEPTION_NMI];
	c->io = n[EXIT_REASON_IO_INSTRUCTION];
	ept_exits = n[EXIT_REASON_EPT_VIOLATION] + n[EXIT_REASON_EPT_MISCONFIG];
	c->mmio = ept_exits > c->ept_fault ? ept_exits - c->ept_fault : 0;
	c->hlt = n[EXIT_REASON_HLT];
	exit_counts_insn(c);
}

static int hvx_counts_read(struct vm_counter *vc, struct exit_counts *c)
{
	struct hvx_vm_stats *s;
	uint32_t vm_id;
	int r;

	if (!ctl)
		return -ENOENT;
	r = vm_id_of(vc, &vm_id);
	if (!r)
		r = hvx_ctl_vm_stats(ctl, vm_id, &s);
	if (r)
		return r;
	fill(c, s);
	hvx_vm_stats_free(s);
	return 0;
}

static void hvx_counts_release(struct vm_counter *vc)
{
	free(vc->priv);
}

const struct count_source count_source_hvx = {
	.name = "hvx",
	.open = hvx_counts_open,
	.close = hvx_counts_close,
	.describe = hvx_describe,
	.read = hvx_counts_read,
	.release = hvx_counts_release,
};
