// SPDX-License-Identifier: GPL-2.0
/*
 * What both count sources share: choosing one, the counter's life, and
 * exit-count arithmetic.
 */
#include <string.h>
#include "counts.h"

const struct count_source *count_source_find(const char *name)
{
	if (!strcmp(name, count_source_hvx.name))
		return &count_source_hvx;
	if (!strcmp(name, count_source_kvm.name))
		return &count_source_kvm;
	return NULL;
}

void vm_counter_init(struct vm_counter *vc, const struct count_source *src,
		     struct accel_vcpu *vcpu)
{
	memset(vc, 0, sizeof(*vc));
	vc->src = src;
	vc->vcpu = vcpu;
}

int vm_counter_read(struct vm_counter *vc, struct exit_counts *c)
{
	memset(c, 0, sizeof(*c));
	return vc->src->read(vc, c);
}

void vm_counter_release(struct vm_counter *vc)
{
	if (vc->src && vc->src->release)
		vc->src->release(vc);
	vc->priv = NULL;
}

void exit_counts_insn(struct exit_counts *c)
{
	c->insn = c->total - c->async - c->io - c->mmio - c->hlt -
		  c->ept_fault;
}

void exit_counts_delta(const struct exit_counts *after,
		       const struct exit_counts *before,
		       struct exit_counts *d)
{
	int i, j;

	memset(d, 0, sizeof(*d));
	d->total = after->total - before->total;
	d->async = after->async - before->async;
	d->insn = after->insn - before->insn;
	d->io = after->io - before->io;
	d->mmio = after->mmio - before->mmio;
	d->hlt = after->hlt - before->hlt;
	d->ept_fault = after->ept_fault - before->ept_fault;
	d->user = after->user - before->user;
	d->guest_ns = after->guest_ns - before->guest_ns;
	d->has_reasons = after->has_reasons;
	for (i = 0; i < BENCH_NR_REASONS; i++) {
		d->reasons[i] = after->reasons[i] - before->reasons[i];
		for (j = 0; j < HVX_LATENCY_BUCKETS; j++)
			d->latency[i][j] = after->latency[i][j] -
					   before->latency[i][j];
	}
	/* Named counters: matched by name, the order is the same. */
	for (i = 0; i < after->nr_named; i++) {
		uint64_t old = 0;

		for (j = 0; j < before->nr_named; j++)
			if (!strcmp(before->named[j].name,
				    after->named[i].name))
				old = before->named[j].value;
		memcpy(d->named[i].name, after->named[i].name,
		       sizeof(d->named[i].name));
		d->named[i].value = after->named[i].value - old;
	}
	d->nr_named = after->nr_named;
}
