/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmarks' view of a hypervisor: one small interface, two
 * implementations (backend_hvx.c over /dev/hvx, backend_kvm.c over
 * /dev/kvm), so the same guest code and the same host loop run on both.
 *
 * Registers travel in hvx's layout (struct hvx_regs, struct hvx_sregs),
 * which is field for field KVM's; the KVM backend converts. Exits are
 * decoded into struct bench_exit, and exit counts into struct
 * exit_counts, a common form both sides can fill.
 */
#ifndef BENCH_BACKEND_H
#define BENCH_BACKEND_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "libhvx.h"

enum bench_exit_kind {
	BX_IO,			/* port I/O to the VMM */
	BX_MMIO,		/* a guest-physical address with no slot */
	BX_HLT,
	BX_SHUTDOWN,
	BX_FAIL_ENTRY,
	BX_INTERNAL_ERROR,
	BX_OTHER,		/* raw: the backend's own exit reason */
};

/* One exit to the VMM, decoded. */
struct bench_exit {
	enum bench_exit_kind kind;
	uint16_t port;		/* BX_IO */
	uint8_t size;		/* BX_IO, BX_MMIO */
	uint8_t write;		/* BX_IO (OUT), BX_MMIO */
	uint32_t raw;		/* the backend's exit reason */
	uint64_t addr;		/* BX_MMIO */
	uint64_t data;		/* BX_IO OUT, BX_MMIO write */
};

/*
 * Exits by kind, in a form both hypervisors can report. KVM counts no
 * exit reason for CPUID or RDMSR, so what the guest executes that the
 * kernel handles ends up in @insn: all exits, less the async ones, less
 * the kinds counted below. hvx also has every VMX reason (@reasons).
 */
#define BENCH_NR_REASONS	66

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
	uint64_t latency[BENCH_NR_REASONS][32];
	uint64_t guest_ns;	/* hvx: time spent in the guest */
	/* KVM: the stats fd's counters, by name (only the first few dozen). */
	int nr_named;
	struct {
		char name[48];
		uint64_t value;
	} named[64];
};

struct bvm;

struct backend {
	const char *name;		/* "hvx", "kvm" */
	/* Open the device; prints why on failure and returns -errno. */
	int (*open)(void);
	void (*close)(void);
	/* The hypervisor's settings worth printing next to the numbers. */
	void (*describe)(FILE *f);
	struct bvm *(*create_vm)(void);
	int (*set_slot)(struct bvm *vm, uint32_t slot, uint64_t gpa,
			uint64_t size, void *hva);
	int (*create_vcpu)(struct bvm *vm);
	int (*get_sregs)(struct bvm *vm, struct hvx_sregs *s);
	int (*set_sregs)(struct bvm *vm, const struct hvx_sregs *s);
	int (*get_regs)(struct bvm *vm, struct hvx_regs *r);
	int (*set_regs)(struct bvm *vm, const struct hvx_regs *r);
	/* One trip into the guest: 0 with @e filled, or -errno (-EINTR). */
	int (*run)(struct bvm *vm, struct bench_exit *e);
	/* RUN with immediate_exit set: into the ioctl and out, no guest. */
	int (*run_immediate)(struct bvm *vm);
	/* Cumulative counts of the VM's vCPU, since it was created. */
	int (*counts)(struct bvm *vm, struct exit_counts *c);
	void (*destroy_vm)(struct bvm *vm);
};

extern const struct backend backend_hvx;
extern const struct backend backend_kvm;

/*
 * Put the vCPU in @mode (libhvx's layout: the GDT and page tables at
 * @tables_gpa, which @tables_hva maps) and start it at @entry.
 */
int bench_setup_mode(const struct backend *be, struct bvm *vm,
		     enum hvx_guest_mode mode, uint64_t entry, uint64_t stack,
		     void *tables_hva, uint64_t tables_gpa);

/* @after - @before, field by field. */
void exit_counts_delta(const struct exit_counts *after,
		       const struct exit_counts *before,
		       struct exit_counts *delta);

#endif /* BENCH_BACKEND_H */
