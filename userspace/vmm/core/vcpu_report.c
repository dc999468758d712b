// SPDX-License-Identifier: GPL-2.0
/*
 * Reports of a vCPU's failed run, decoded from its run page.
 */
#include <stdio.h>
#include <string.h>
#include <asm/vmx.h>
#include "util.h"
#include "vcpu.h"
#include "vcpu_report.h"
#include "vm.h"

#define HEX(x)	((unsigned long long)(x))

/* The VMX exit reason's name, for a message. */
static const char *vmx_exit_name(uint64_t reason)
{
	const char *name = hvx_vmx_exit_name(reason);

	return name ? name : "unknown";
}

void vcpu_report_shutdown(struct vcpu *vcpu)
{
	const struct hvx_run *run = vcpu->accel.run;
	uint32_t i, n = run->shutdown.nr_chain;
	char chain[64] = "";
	size_t len = 0;

	if (n > HVX_SHUTDOWN_MAX_CHAIN)
		n = HVX_SHUTDOWN_MAX_CHAIN;
	for (i = 0; i < n; i++)
		len += snprintf(chain + len, sizeof(chain) - len, "%s%s",
				i ? " -> " : " after ",
				hvx_vector_name(run->shutdown.chain[i]));
	error("guest triple fault at rip 0x%llx%s", HEX(run->shutdown.rip),
	      chain);
}

void vcpu_report_fail_entry(struct vcpu *vcpu)
{
	const struct hvx_run *run = vcpu->accel.run;
	uint64_t reason = run->fail_entry.hardware_entry_failure_reason;
	char explanation[sizeof(run->fail_entry.explanation) + 1];

	memcpy(explanation, run->fail_entry.explanation,
	       sizeof(run->fail_entry.explanation));
	explanation[sizeof(explanation) - 1] = '\0';
	error("VM entry failed: %s",
	      explanation[0] ? explanation : "(no explanation)");
	if (reason & VMX_EXIT_REASONS_FAILED_VMENTRY)
		error("  hardware: exit reason 0x%llx (%s), qualification 0x%llx, on cpu %u",
		      HEX(reason), vmx_exit_name(reason),
		      HEX(run->fail_entry.qualification), run->fail_entry.cpu);
	else
		error("  hardware: VM-instruction error %llu, on cpu %u",
		      HEX(reason), run->fail_entry.cpu);
	error("  (--dump-vmcs puts the VMCS in the kernel log)");
}

static const char *suberror_name(uint32_t suberror)
{
	switch (suberror) {
	case HVX_INTERNAL_UNHANDLED_EXIT:
		return "unhandled VM exit";
	case HVX_INTERNAL_DELIVERY_EV:
		return "VM exit while delivering an event";
	case HVX_INTERNAL_EMULATION:
		return "cannot emulate";
	default:
		return "unknown";
	}
}

/* hvx.ko's data[]: exit reason, qualification, info, gpa, rip. */
static void explain_hvx_data(const struct vcpu *vcpu, const __u64 *d,
			     uint32_t n)
{
	const struct hvx_run *run = vcpu->accel.run;
	uint64_t ram_size = vcpu->vm->ram_size;

	if (n >= 5)
		error("  VM exit %llu (%s), qualification 0x%llx, gpa 0x%llx, at rip 0x%llx",
		      HEX(d[0]), vmx_exit_name(d[0]), HEX(d[1]),
		      HEX(d[3]), HEX(d[4]));
	if (n >= 4 && d[0] == EXIT_REASON_EPT_VIOLATION && d[3] >= ram_size)
		error("  the guest touched 0x%llx, outside its RAM (0x0-0x%llx)",
		      HEX(d[3]), HEX(ram_size - 1));
	if (n >= 1 && d[0] == EXIT_REASON_IO_INSTRUCTION &&
	    run->internal.suberror == HVX_INTERNAL_EMULATION)
		error("  this hvx.ko cannot do string port I/O (INS/OUTS)");
	if (n >= 3 && d[0] == EXIT_REASON_EXCEPTION_NMI && (d[2] & (1U << 31)))
		error("  exception %s", hvx_vector_name(d[2] & 0xff));
}

void vcpu_report_internal_error(struct vcpu *vcpu)
{
	const struct hvx_run *run = vcpu->accel.run;
	const struct accel *accel = &vcpu->vm->accel;
	const __u64 *d = run->internal.data;
	uint32_t i, n = run->internal.ndata;
	char raw[16 * 20] = "";
	size_t len = 0;

	if (n > 16)
		n = 16;
	error("internal error in %s: %s (suberror %u)", accel_kernel(accel),
	      suberror_name(run->internal.suberror), run->internal.suberror);
	/* Another backend's data is its own: only shown raw. */
	if (!strcmp(accel_name(accel), "hvx"))
		explain_hvx_data(vcpu, d, n);
	for (i = 0; i < n; i++)
		len += snprintf(raw + len, sizeof(raw) - len, " 0x%llx",
				HEX(d[i]));
	error("  data[%u]:%s", n, raw);
}

void vcpu_report_unexpected_exit(struct vcpu *vcpu, uint32_t exit_reason)
{
	const struct hvx_run *run = vcpu->accel.run;

	if (exit_reason == HVX_EXIT_IO)
		error("malformed I/O exit: port 0x%x, size %u, count %u, data at %llu",
		      run->io.port, run->io.size, run->io.count,
		      HEX(run->io.data_offset));
	else if (exit_reason == HVX_EXIT_MMIO)
		error("malformed MMIO exit: %u bytes at 0x%llx",
		      run->mmio.len, HEX(run->mmio.phys_addr));
	else
		error("unexpected exit %u (%s) from %s", exit_reason,
		      hvx_exit_name(exit_reason),
		      accel_kernel(&vcpu->vm->accel));
}

static void print_segment(const char *name, const struct hvx_segment *s)
{
	fprintf(stderr,
		"  %-3s 0x%04x base 0x%llx limit 0x%x type %u%s%s%s%s%s\n",
		name, s->selector, HEX(s->base), s->limit, s->type,
		s->s ? " s" : "", s->present ? " p" : "", s->l ? " l" : "",
		s->db ? " db" : "", s->unusable ? " unusable" : "");
}

void vcpu_report_state(struct vcpu *vcpu)
{
	static const char *const names[16] = {
		"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp",
		"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
	};
	struct hvx_regs regs;
	struct hvx_sregs s;
	int i, r;

	r = accel_vcpu_get_regs(&vcpu->accel, &regs);
	if (!r)
		r = accel_vcpu_get_sregs(&vcpu->accel, &s);
	if (r) {
		error("cannot read the registers of vCPU %u: %s", vcpu->id,
		      strerror(-r));
		return;
	}
	const uint64_t gpr[16] = {
		regs.rax, regs.rbx, regs.rcx, regs.rdx,
		regs.rsi, regs.rdi, regs.rsp, regs.rbp,
		regs.r8, regs.r9, regs.r10, regs.r11,
		regs.r12, regs.r13, regs.r14, regs.r15,
	};

	fflush(stdout);
	fprintf(stderr, "hvx: vCPU %u:\n", vcpu->id);
	fprintf(stderr, "  rip 0x%016llx  rflags 0x%08llx\n", HEX(regs.rip),
		HEX(regs.rflags));
	for (i = 0; i < 16; i++)
		fprintf(stderr, "  %-3s 0x%016llx%s", names[i], HEX(gpr[i]),
			i % 4 == 3 ? "\n" : "");
	fprintf(stderr, "  cr0 0x%llx  cr2 0x%llx  cr3 0x%llx  cr4 0x%llx  efer 0x%llx\n",
		HEX(s.cr0), HEX(s.cr2), HEX(s.cr3), HEX(s.cr4), HEX(s.efer));
	print_segment("cs", &s.cs);
	print_segment("ss", &s.ss);
	print_segment("ds", &s.ds);
	print_segment("tr", &s.tr);
	fprintf(stderr, "  gdt base 0x%llx limit 0x%x  idt base 0x%llx limit 0x%x\n",
		HEX(s.gdt.base), s.gdt.limit, HEX(s.idt.base), s.idt.limit);
}
