// SPDX-License-Identifier: GPL-2.0
/*
 * VM exits: one handler per exit reason. A handler returns 1 to re-enter
 * the guest, 0 to return to the VMM with the run page filled, or -errno.
 * A reason without a handler reaches the VMM as HVX_EXIT_INTERNAL_ERROR
 * with its raw codes; no exit can crash the host.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <asm/debugreg.h>
#include <asm/fpu/xcr.h>
#include <asm/fpu/xstate.h>
#include "entry_checks.h"
#include "vmx.h"

#define VECTOR_UD	6
#define VECTOR_DF	8
#define VECTOR_GP	13
#define VECTOR_PF	14

/* Start a return to the VMM: the exit data union is cleared first. */
struct hvx_run *vmx_exit_to_user(struct hvx_vcpu *vcpu, u32 reason)
{
	struct hvx_run *run = vcpu->run;

	memset(&run->padding, 0, sizeof(run->padding));
	run->exit_reason = reason;
	return run;
}

static int inject_ud(struct hvx_vcpu *vcpu)
{
	vmx_queue_exception(vcpu, VECTOR_UD, false, 0);
	return 1;
}

static int inject_gp(struct hvx_vcpu *vcpu)
{
	vmx_queue_exception(vcpu, VECTOR_GP, true, 0);
	return 1;
}

/* For exits without an instruction length (EPT violations). */
void vmx_advance_rip(struct hvx_vcpu *vcpu, u32 len)
{
	u32 intr = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);

	vmcs_write(GUEST_RIP, vmcs_read(GUEST_RIP) + len);
	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		vmcs_write(GUEST_INTERRUPTIBILITY_INFO,
			   intr & ~(GUEST_INTR_STATE_STI |
				    GUEST_INTR_STATE_MOV_SS));
}

/* Step over the exiting instruction, ending any STI or MOV SS shadow. */
void vmx_skip_instruction(struct hvx_vcpu *vcpu)
{
	vmx_advance_rip(vcpu, vmcs_read32(VM_EXIT_INSTRUCTION_LEN));
}

static int skip(struct hvx_vcpu *vcpu)
{
	vmx_skip_instruction(vcpu);
	return 1;
}

int vmx_internal_error(struct hvx_vcpu *vcpu, u32 suberror, u32 reason)
{
	struct hvx_run *run = vmx_exit_to_user(vcpu, HVX_EXIT_INTERNAL_ERROR);

	run->internal.suberror = suberror;
	run->internal.ndata = 5;
	run->internal.data[0] = reason;
	run->internal.data[1] = vmcs_read(EXIT_QUALIFICATION);
	run->internal.data[2] = vmcs_read32(VM_EXIT_INTR_INFO);
	run->internal.data[3] = vmcs_read(GUEST_PHYSICAL_ADDRESS);
	run->internal.data[4] = vmcs_read(GUEST_RIP);
	hvx_control_vcpu_event(vcpu, HVX_EVENT_VCPU_INTERNAL_ERROR, suberror);
	return 0;
}

static void chain_add(struct hvx_vcpu_arch *a, u8 vector)
{
	if (a->nr_fault_chain == HVX_SHUTDOWN_MAX_CHAIN) {
		memmove(a->fault_chain, a->fault_chain + 1,
			HVX_SHUTDOWN_MAX_CHAIN - 1);
		a->nr_fault_chain--;
	}
	a->fault_chain[a->nr_fault_chain++] = vector;
}

static bool contributory(u8 vector)
{
	return vector < 32 && (VMX_CONTRIBUTORY_EXCEPTIONS & BIT(vector));
}

/* An exception whose delivery another exception can turn into #DF or worse. */
static bool doubles(const struct vmx_pending_event *ev)
{
	return ev->valid && ev->type == INTR_TYPE_HW_EXCEPTION &&
	       (contributory(ev->vector) || ev->vector == VECTOR_PF ||
		ev->vector == VECTOR_DF);
}

static int handle_triple_fault(struct hvx_vcpu *vcpu);

/*
 * A contributory exception or a #DF, intercepted only to record the
 * exceptions that lead to a triple fault: a #DF the hardware raises and
 * that exits is the exit's own event, not one "during event delivery"
 * (SDM vol. 3C, 28.2.4), so its cause would be lost. These exceptions
 * are rare in a working guest. hvx reflects each into the guest, and since
 * the hardware hands it the second of two nested exceptions before
 * combining them, hvx combines them itself (vol. 3A, table 6-5): a
 * contributory exception during the delivery of another, or during a
 * #PF's, becomes #DF; one during a #DF's is a triple fault. An event
 * whose delivery raised a benign exception, an interrupt or an NMI, is
 * dropped: the exception is delivered instead, as on hardware.
 */
static int handle_exception_nmi(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	struct vmx_pending_event *prev = &a->event;
	u32 info = vmcs_read32(VM_EXIT_INTR_INFO);
	u8 vector = INTR_INFO_VECTOR(info);
	bool has_error = info & INTR_INFO_ERROR_CODE;
	u32 error = has_error ? vmcs_read32(VM_EXIT_INTR_ERROR_CODE) : 0;

	if (INTR_INFO_TYPE(info) == INTR_TYPE_NMI)
		return 1;
	if (INTR_INFO_TYPE(info) != INTR_TYPE_HW_EXCEPTION ||
	    !(VMX_INTERCEPTED_EXCEPTIONS & BIT(vector)))
		return vmx_internal_error(vcpu, HVX_INTERNAL_UNHANDLED_EXIT,
					  EXIT_REASON_EXCEPTION_NMI);
	/* An IRET that faulted leaves NMIs blocked (SDM vol. 3C, 28.2.3). */
	if ((info & INTR_INFO_NMI_UNBLOCK_IRET) && !prev->valid &&
	    (vmx_pin_ctls & PIN_VIRTUAL_NMIS))
		vmcs_set_bits(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI);
	/* An NMI whose delivery had begun keeps NMIs blocked. */
	if (prev->valid && prev->type == INTR_TYPE_NMI)
		vmcs_set_bits(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI);
	if (doubles(prev)) {
		if (prev->vector == VECTOR_DF)
			return handle_triple_fault(vcpu);
		/* The chain so far ends with @prev, unless hvx missed it. */
		if (!a->nr_fault_chain ||
		    a->fault_chain[a->nr_fault_chain - 1] != prev->vector) {
			a->nr_fault_chain = 0;
			chain_add(a, prev->vector);
		}
		vector = VECTOR_DF;
		has_error = true;
		error = 0;
	} else if (vector != VECTOR_DF) {
		/* A fault of its own starts a new chain; a #DF never does. */
		a->nr_fault_chain = 0;
	}
	chain_add(a, vector);
	vmx_queue_exception(vcpu, vector, has_error, error);
	return 1;
}

/*
 * An external interrupt was serviced by the host as soon as interrupts
 * were enabled; a preemption-timer exit only hands the CPU back. Either
 * way the run loop checks for work before entering again.
 */
static int handle_external_interrupt(struct hvx_vcpu *vcpu)
{
	return 1;
}

static int handle_triple_fault(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	struct hvx_run *run = vmx_exit_to_user(vcpu, HVX_EXIT_SHUTDOWN);

	run->shutdown.nr_chain = a->nr_fault_chain;
	memcpy(run->shutdown.chain, a->fault_chain, a->nr_fault_chain);
	run->shutdown.rip = vmcs_read(GUEST_RIP);
	a->nr_fault_chain = 0;
	a->event.valid = false;
	hvx_control_vcpu_event(vcpu, HVX_EVENT_VCPU_SHUTDOWN, 0);
	return 0;
}

static int handle_cpuid(struct hvx_vcpu *vcpu)
{
	unsigned long *r = vcpu->arch->regs;
	u32 out[4];

	vmx_cpuid(vcpu, r[VCPU_RAX], r[VCPU_RCX], out);
	r[VCPU_RAX] = out[0];
	r[VCPU_RBX] = out[1];
	r[VCPU_RCX] = out[2];
	r[VCPU_RDX] = out[3];
	return skip(vcpu);
}

static int handle_hlt(struct hvx_vcpu *vcpu)
{
	vcpu->stats->halts++;
	vmx_skip_instruction(vcpu);
	vmx_exit_to_user(vcpu, HVX_EXIT_HLT);
	return 0;
}

static int handle_vmcall(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	struct hvx_run *run;

	/* Only the guest kernel may talk to the VMM. */
	if (vmx_guest_cpl())
		return inject_ud(vcpu);
	vmx_skip_instruction(vcpu);
	run = vmx_exit_to_user(vcpu, HVX_EXIT_HYPERCALL);
	run->hypercall.nr = a->regs[VCPU_RAX];
	run->hypercall.args[0] = a->regs[VCPU_RBX];
	run->hypercall.args[1] = a->regs[VCPU_RCX];
	run->hypercall.args[2] = a->regs[VCPU_RDX];
	run->hypercall.args[3] = a->regs[VCPU_RSI];
	run->hypercall.args[4] = a->regs[VCPU_RDI];
	run->hypercall.ret = a->regs[VCPU_RAX];
	a->completion = VMX_COMPLETE_HYPERCALL;
	return 0;
}

static int handle_rdpmc(struct hvx_vcpu *vcpu)
{
	/* hvx offers guests no performance counters. */
	return inject_gp(vcpu);
}

static int handle_io(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	u64 qual = vmcs_read(EXIT_QUALIFICATION);
	struct hvx_run *run;
	u32 data;

	if (qual & IO_QUAL_STRING)
		return vmx_handle_string_io(vcpu, qual);
	vmx_skip_instruction(vcpu);
	data = a->regs[VCPU_RAX] & GENMASK(IO_QUAL_SIZE(qual) * 8 - 1, 0);
	if (!(qual & IO_QUAL_IN) &&
	    hvx_ioeventfd_write(vcpu->vm, true, IO_QUAL_PORT(qual),
				IO_QUAL_SIZE(qual), data))
		return 1;
	run = vmx_exit_to_user(vcpu, HVX_EXIT_IO);
	run->io.size = IO_QUAL_SIZE(qual);
	run->io.port = IO_QUAL_PORT(qual);
	run->io.count = 1;
	run->io.data_offset = HVX_RUN_IO_DATA_OFFSET;
	if (qual & IO_QUAL_IN) {
		run->io.direction = HVX_EXIT_IO_IN;
		data = 0;
		a->completion = VMX_COMPLETE_IN;
		a->pending_io_size = run->io.size;
	} else {
		run->io.direction = HVX_EXIT_IO_OUT;
	}
	memcpy((u8 *)run + HVX_RUN_IO_DATA_OFFSET, &data, sizeof(data));
	return 0;
}

static bool load_pdptrs_if_pae(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;

	if (!(a->cr0 & X86_CR0_PG) || !(vmx_read_cr4(vcpu) & X86_CR4_PAE) ||
	    (a->efer & EFER_LMA))
		return true;
	return vmx_load_pdptrs(vcpu, vmcs_read(GUEST_CR3)) == 0;
}

/* MOV to CR0 or LMSW changing a bit hvx owns (SDM vol. 3A, 2.5). */
static int set_guest_cr0(struct hvx_vcpu *vcpu, unsigned long val)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	u64 old = vmx_read_cr0(vcpu);

	if (val >> 32)
		return inject_gp(vcpu);
	if ((val & X86_CR0_PG) && !(val & X86_CR0_PE))
		return inject_gp(vcpu);
	if ((val & X86_CR0_NW) && !(val & X86_CR0_CD))
		return inject_gp(vcpu);
	if ((val & X86_CR0_PG) && !(old & X86_CR0_PG) &&
	    (a->efer & EFER_LME) && !(vmx_read_cr4(vcpu) & X86_CR4_PAE))
		return inject_gp(vcpu);
	vmx_set_cr0(vcpu, val);
	if (!load_pdptrs_if_pae(vcpu)) {
		vmx_set_cr0(vcpu, old);
		return inject_gp(vcpu);
	}
	return skip(vcpu);
}

static int handle_cr(struct hvx_vcpu *vcpu)
{
	u64 qual = vmcs_read(EXIT_QUALIFICATION);
	int reg = CR_QUAL_REG(qual);
	unsigned long val;

	switch (CR_QUAL_TYPE(qual)) {
	case CR_TYPE_MOV_TO:
		val = vmx_get_reg(vcpu, reg);
		switch (CR_QUAL_NUM(qual)) {
		case 0:
			return set_guest_cr0(vcpu, val);
		case 4:
			/* Only setting a bit hvx forbids exits here. */
			return inject_gp(vcpu);
		case 8:
			if (val & ~0xfUL)
				return inject_gp(vcpu);
			vcpu->arch->cr8 = val;
			return skip(vcpu);
		}
		break;
	case CR_TYPE_MOV_FROM:
		if (CR_QUAL_NUM(qual) == 8) {
			vmx_set_reg(vcpu, reg, vcpu->arch->cr8);
			return skip(vcpu);
		}
		break;
	case CR_TYPE_LMSW:
		/* LMSW sets PE but never clears it. */
		val = (vmx_read_cr0(vcpu) & ~0xeUL) |
		      (CR_QUAL_LMSW_SRC(qual) & 0xf);
		return set_guest_cr0(vcpu, val);
	}
	return vmx_internal_error(vcpu, HVX_INTERNAL_UNHANDLED_EXIT,
				  EXIT_REASON_CR_ACCESS);
}

/*
 * Debug registers are the guest's to read and write, but never reach the
 * hardware: the host's breakpoints stay the host's.
 */
static int handle_dr(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	u64 qual = vmcs_read(EXIT_QUALIFICATION);
	int dr = qual & 7, reg = (qual >> 8) & 15;
	bool from = qual & (1 << 4);
	unsigned long val;

	if (dr == 4 || dr == 5)
		dr += 2;
	if (from) {
		val = dr < 4 ? a->dr[dr] : dr == 6 ? a->dr6 : a->dr7;
		vmx_set_reg(vcpu, reg, val);
		return skip(vcpu);
	}
	val = vmx_get_reg(vcpu, reg);
	if (dr >= 6 && (val >> 32))
		return inject_gp(vcpu);
	if (dr < 4)
		a->dr[dr] = val;
	else if (dr == 6)
		a->dr6 = val | DR6_RESERVED;
	else
		a->dr7 = (val & ~0xd800UL) | 0x400;
	return skip(vcpu);
}

static int handle_rdmsr(struct hvx_vcpu *vcpu)
{
	unsigned long *r = vcpu->arch->regs;
	u64 data;

	if (vmx_get_msr(vcpu, r[VCPU_RCX], &data, false))
		return inject_gp(vcpu);
	r[VCPU_RAX] = (u32)data;
	r[VCPU_RDX] = data >> 32;
	return skip(vcpu);
}

static int handle_wrmsr(struct hvx_vcpu *vcpu)
{
	unsigned long *r = vcpu->arch->regs;
	u64 data = (u32)r[VCPU_RAX] | ((u64)(u32)r[VCPU_RDX] << 32);

	if (vmx_set_msr(vcpu, r[VCPU_RCX], data, false))
		return inject_gp(vcpu);
	return skip(vcpu);
}

static int handle_ept_violation(struct hvx_vcpu *vcpu)
{
	u64 qual = vmcs_read(EXIT_QUALIFICATION);
	u64 gpa = vmcs_read(GUEST_PHYSICAL_ADDRESS);
	int r;

	/* An IRET that faulted must leave NMIs blocked (SDM vol. 3C, 28.2.3). */
	if ((qual & EPT_QUAL_NMI_UNBLOCK) && !vcpu->arch->event.valid &&
	    (vmx_pin_ctls & PIN_VIRTUAL_NMIS))
		vmcs_set_bits(GUEST_INTERRUPTIBILITY_INFO, GUEST_INTR_STATE_NMI);
	r = ept_handle_violation(vcpu, gpa, qual);
	if (r == 0) {
		vcpu->stats->ept_faults++;
		return 1;
	}
	if (r != -ENOENT)
		return r;
	/*
	 * Only an access of the instruction at RIP can be emulated: not one
	 * made while delivering an event (its stack frame, say), nor a read
	 * or A/D update of the guest's own paging structures (bit 8 clear,
	 * SDM vol. 3C, 28.2.1), which hvx does not walk through MMIO.
	 */
	if (vcpu->arch->event.valid)
		return vmx_internal_error(vcpu, HVX_INTERNAL_DELIVERY_EV,
					  EXIT_REASON_EPT_VIOLATION);
	if (!(qual & EPT_QUAL_GLA_VALID) || !(qual & EPT_QUAL_GLA_FINAL))
		return vmx_internal_error(vcpu, HVX_INTERNAL_UNHANDLED_EXIT,
					  EXIT_REASON_EPT_VIOLATION);
	return vmx_handle_mmio(vcpu, gpa);
}

static int handle_xsetbv(struct hvx_vcpu *vcpu)
{
	unsigned long *r = vcpu->arch->regs;
	u64 supported = host_xcr0 & VMX_GUEST_XFEATURES;
	u64 val = (u32)r[VCPU_RAX] | ((u64)(u32)r[VCPU_RDX] << 32);

	if ((u32)r[VCPU_RCX] != 0 || vmx_guest_cpl() || (val & ~supported) ||
	    !(val & XFEATURE_MASK_FP) ||
	    ((val & XFEATURE_MASK_YMM) && !(val & XFEATURE_MASK_SSE)))
		return inject_gp(vcpu);
	vcpu->arch->xcr0 = val;
	return skip(vcpu);
}

static int handle_failed_entry(struct hvx_vcpu *vcpu, u32 reason)
{
	struct hvx_run *run = vmx_exit_to_user(vcpu, HVX_EXIT_FAIL_ENTRY);
	u64 qual = vmcs_read(EXIT_QUALIFICATION);
	struct vmx_guest_state gs;

	run->fail_entry.hardware_entry_failure_reason = reason;
	run->fail_entry.qualification = qual;
	run->fail_entry.cpu = raw_smp_processor_id();
	vmx_read_guest_state(&gs);
	vmx_entry_failure_text(run->fail_entry.explanation,
			       sizeof(run->fail_entry.explanation), reason, qual,
			       &gs);
	if (vcpu->arch->dump_vmcs)
		vmx_dump_vmcs(vcpu);
	hvx_control_vcpu_event(vcpu, HVX_EVENT_VCPU_FAIL_ENTRY, reason);
	return 0;
}

typedef int (*exit_handler_t)(struct hvx_vcpu *vcpu);

static const exit_handler_t exit_handlers[EXIT_REASON_MAX + 1] = {
	[EXIT_REASON_EXCEPTION_NMI]		= handle_exception_nmi,
	[EXIT_REASON_EXTERNAL_INTERRUPT]	= handle_external_interrupt,
	[EXIT_REASON_TRIPLE_FAULT]		= handle_triple_fault,
	[EXIT_REASON_INTERRUPT_WINDOW]		= vmx_handle_interrupt_window,
	[EXIT_REASON_NMI_WINDOW]		= vmx_handle_nmi_window,
	[EXIT_REASON_CPUID]			= handle_cpuid,
	[EXIT_REASON_GETSEC]			= inject_ud,
	[EXIT_REASON_HLT]			= handle_hlt,
	[EXIT_REASON_INVD]			= skip,
	[EXIT_REASON_RDPMC]			= handle_rdpmc,
	[EXIT_REASON_VMCALL]			= handle_vmcall,
	[EXIT_REASON_VMCLEAR]			= inject_ud,
	[EXIT_REASON_VMLAUNCH]			= inject_ud,
	[EXIT_REASON_VMPTRLD]			= inject_ud,
	[EXIT_REASON_VMPTRST]			= inject_ud,
	[EXIT_REASON_VMREAD]			= inject_ud,
	[EXIT_REASON_VMRESUME]			= inject_ud,
	[EXIT_REASON_VMWRITE]			= inject_ud,
	[EXIT_REASON_VMXOFF]			= inject_ud,
	[EXIT_REASON_VMXON]			= inject_ud,
	[EXIT_REASON_CR_ACCESS]			= handle_cr,
	[EXIT_REASON_DR_ACCESS]			= handle_dr,
	[EXIT_REASON_IO_INSTRUCTION]		= handle_io,
	[EXIT_REASON_MSR_READ]			= handle_rdmsr,
	[EXIT_REASON_MSR_WRITE]			= handle_wrmsr,
	[EXIT_REASON_MWAIT_INSTRUCTION]		= inject_ud,
	[EXIT_REASON_MONITOR_INSTRUCTION]	= inject_ud,
	[EXIT_REASON_EPT_VIOLATION]		= handle_ept_violation,
	[EXIT_REASON_INVEPT]			= inject_ud,
	[EXIT_REASON_INVVPID]			= inject_ud,
	[EXIT_REASON_WBINVD]			= skip,
	[EXIT_REASON_XSETBV]			= handle_xsetbv,
	[EXIT_REASON_PREEMPTION_TIMER]		= handle_external_interrupt,
	[EXIT_REASON_VMFUNC]			= inject_ud,
};

int vmx_handle_exit(struct hvx_vcpu *vcpu, u32 reason)
{
	u32 basic = EXIT_REASON_BASIC(reason);
	struct hvx_vcpu_arch *a = vcpu->arch;

	if (reason & EXIT_REASON_FAILED_ENTRY)
		return handle_failed_entry(vcpu, reason);
	/* The fault chain only links exits that interrupted a delivery. */
	if (!a->event.valid && basic != EXIT_REASON_EXCEPTION_NMI &&
	    basic != EXIT_REASON_TRIPLE_FAULT)
		a->nr_fault_chain = 0;
	if (basic <= EXIT_REASON_MAX && exit_handlers[basic])
		return exit_handlers[basic](vcpu);
	return vmx_internal_error(vcpu, HVX_INTERNAL_UNHANDLED_EXIT, reason);
}
