/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What hvx-bench reads from a hypervisor beyond libhvx's accelerator
 * layer, which runs the guests on both: its settings, to print beside
 * the numbers, and a VM's exit counts, in a form both can fill. hvx's
 * come from its control plane (counts_hvx.c), KVM's from the vCPU's
 * binary statistics (counts_kvm.c).
 */
#ifndef BENCH_COUNTS_H
#define BENCH_COUNTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/hvx_genl.h>
#include "accel.h"

/*
 * Exits by kind, in a form both hypervisors can report. KVM counts no
 * exit reason for CPUID or RDMSR, so what the guest executes that the
 * kernel handles ends up in @insn: all exits, less the async ones, less
 * the kinds counted below. hvx also has every VMX reason (@reasons).
 */
#define BENCH_NR_REASONS	66
#define BENCH_NR_NAMED		64

struct exit_counts {
	uint64_t total;		/* every VM exit */
	uint64_t async;		/* host interrupts, preemption timer, NMIs */
	uint64_t insn;		/* instructions handled in the kernel */
	uint64_t io;		/* port I/O exits to the VMM */
	uint64_t mmio;		/* MMIO exits to the VMM */
	uint64_t hlt;
	uint64_t ept_fault;	/* EPT faults that mapped guest memory */
	uint64_t user;		/* returns to the VMM */
	bool has_reasons;
	uint64_t reasons[BENCH_NR_REASONS];	/* VMX basic exit reasons */
	/* hvx: handling time per reason, bucket n = [2^n, 2^(n+1)) cycles */
	uint64_t latency[BENCH_NR_REASONS][HVX_LATENCY_BUCKETS];
	uint64_t guest_ns;	/* hvx: time spent in the guest */
	/* KVM: the stats fd's counters, by name (only the first few dozen). */
	int nr_named;
	struct {
		char name[48];
		uint64_t value;
	} named[BENCH_NR_NAMED];
};

/* The counting of one guest's VM. */
struct vm_counter {
	const struct count_source *src;
	struct accel_vcpu *vcpu;	/* its one vCPU */
	uint64_t user_exits;		/* returns from its runs, counted here */
	void *priv;			/* the source's own */
};

/* One hypervisor's side, for the accelerator of the same name. */
struct count_source {
	const char *name;		/* "hvx", "kvm" */
	/* Once per run of the benchmarks; may be NULL. */
	int (*open)(void);
	void (*close)(void);
	/* The hypervisor's settings worth printing next to the numbers. */
	void (*describe)(FILE *f, struct accel *a);
	/* Cumulative counts of the VM, since it was created. */
	int (*read)(struct vm_counter *vc, struct exit_counts *c);
	/* Its part of vm_counter_release(); may be NULL. */
	void (*release)(struct vm_counter *vc);
};

/* The source for accelerator @name, or NULL. */
const struct count_source *count_source_find(const char *name);

void vm_counter_init(struct vm_counter *vc, const struct count_source *src,
		     struct accel_vcpu *vcpu);
int vm_counter_read(struct vm_counter *vc, struct exit_counts *c);
void vm_counter_release(struct vm_counter *vc);

/* @after - @before, field by field. */
void exit_counts_delta(const struct exit_counts *after,
		       const struct exit_counts *before,
		       struct exit_counts *delta);

/* c->insn: all exits less those of the kinds counted apart. */
void exit_counts_insn(struct exit_counts *c);

extern const struct count_source count_source_hvx;
extern const struct count_source count_source_kvm;

#endif /* BENCH_COUNTS_H */
