// SPDX-License-Identifier: GPL-2.0
/*
 * What both backends share: guest mode set-up through libhvx's layout,
 * and exit-count arithmetic.
 */
#include <string.h>
#include "backend.h"

int bench_setup_mode(const struct backend *be, struct bvm *vm,
		     enum hvx_guest_mode mode, uint64_t entry, uint64_t stack,
		     void *tables_hva, uint64_t tables_gpa)
{
	struct hvx_regs regs = { .rip = entry, .rsp = stack, .rflags = 2 };
	struct hvx_sregs s;
	int r;

	r = be->get_sregs(vm, &s);
	if (r)
		return r;
	r = hvx_mode_sregs(&s, mode, tables_hva, tables_gpa);
	if (r)
		return r;
	r = be->set_sregs(vm, &s);
	if (r)
		return r;
	return be->set_regs(vm, &regs);
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
		for (j = 0; j < 32; j++)
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
