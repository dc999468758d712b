// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU's life in the VMX backend: creation and teardown, the VMCS
 * following the vCPU thread (preempt notifiers), HVX_RUN's loop and the
 * host state saved and restored around each entry into the guest.
 */
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/fpu/api.h>
#include <asm/fpu/xcr.h>
#include <asm/hw_breakpoint.h>
#include <asm/msr.h>
#include <asm/mmu_context.h>
#include <asm/tlbflush.h>
#include <asm/nospec-branch.h>
#include "entry_checks.h"
#include "guest_context.h"
#include "vmx.h"

static_assert(offsetof(struct hvx_vcpu_arch, regs) == 0);
static_assert(offsetof(struct hvx_vcpu_arch, cr2) == 16 * 8);

static struct hvx_vcpu *preempt_to_vcpu(struct preempt_notifier *pn)
{
	return container_of(pn, struct hvx_vcpu_arch, preempt)->vcpu;
}

static void vmx_sched_in(struct preempt_notifier *pn, int cpu)
{
	vmx_vcpu_load(preempt_to_vcpu(pn), cpu);
}

static void vmx_sched_out(struct preempt_notifier *pn,
			  struct task_struct *next)
{
}

static struct preempt_ops vmx_preempt_ops = {
	.sched_in = vmx_sched_in,
	.sched_out = vmx_sched_out,
};

/* From here to vcpu_put() the VMCS is current wherever the thread runs. */
static void vcpu_load(struct hvx_vcpu *vcpu)
{
	preempt_disable();
	preempt_notifier_register(&vcpu->arch->preempt);
	vmx_vcpu_load(vcpu, smp_processor_id());
	/* The thread's own (perf, ptrace) value: a VM exit clears it. */
	vcpu->arch->host_debugctl = get_debugctlmsr();
	preempt_enable();
}

static void vcpu_put(struct hvx_vcpu *vcpu)
{
	preempt_disable();
	preempt_notifier_unregister(&vcpu->arch->preempt);
	preempt_enable();
}

static void free_arch(struct hvx_vcpu_arch *a)
{
	ept_cache_free(&a->ept_cache);
	if (a->fpu.fpstate)
		fpu_free_guest_fpstate(&a->fpu);
	kfree(a->cpuid);
	free_page((unsigned long)a->msrs);
	free_page((unsigned long)a->vmcs);
	kfree(a);
}

int hvx_arch_vcpu_create(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a;
	int err = -ENOMEM;

	a = kzalloc(sizeof(*a), GFP_KERNEL_ACCOUNT);
	if (!a)
		return -ENOMEM;
	a->vcpu = vcpu;
	a->cpu = -1;
	INIT_LIST_HEAD(&a->loaded_link);
	preempt_notifier_init(&a->preempt, &vmx_preempt_ops);
	a->vmcs = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	a->msrs = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	a->cpuid = kcalloc(HVX_MAX_CPUID_ENTRIES, sizeof(*a->cpuid),
			   GFP_KERNEL_ACCOUNT);
	if (!a->vmcs || !a->msrs || !a->cpuid)
		goto err;
	if (!fpu_alloc_guest_fpstate(&a->fpu))
		goto err;
	a->vmcs_pa = __pa(a->vmcs);
	vcpu->arch = a;
	vmx_msr_lists_init(vcpu);
	vmx_cpuid_init(vcpu);
	preempt_disable();
	err = vmx_vmcs_setup(vcpu);
	preempt_enable();
	if (err)
		goto err_clear;
	return 0;

err_clear:
	vmx_vcpu_clear(vcpu);
err:
	vcpu->arch = NULL;
	free_arch(a);
	return err;
}

void hvx_arch_vcpu_destroy(struct hvx_vcpu *vcpu)
{
	vmx_vcpu_clear(vcpu);
	free_arch(vcpu->arch);
	vcpu->arch = NULL;
}

/*
 * Finish the exit the VMM has just handled, from what it left in the run
 * page: 0, -errno, or 1 when the run page holds a new exit for the VMM (the
 * next fragment of an MMIO access).
 */
static int complete_pending_exit(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	enum vmx_completion c = a->completion;
	u32 data;

	a->completion = VMX_COMPLETE_NONE;
	switch (c) {
	case VMX_COMPLETE_IN:
		data = READ_ONCE(*(u32 *)((u8 *)vcpu->run +
					  HVX_RUN_IO_DATA_OFFSET));
		if (a->pending_io_size == 4)
			a->regs[VCPU_RAX] = data;
		else if (a->pending_io_size == 2)
			a->regs[VCPU_RAX] = (a->regs[VCPU_RAX] & ~0xffffUL) |
					    (data & 0xffff);
		else
			a->regs[VCPU_RAX] = (a->regs[VCPU_RAX] & ~0xffUL) |
					    (data & 0xff);
		return 0;
	case VMX_COMPLETE_STRING_IN:
		return vmx_complete_string_in(vcpu);
	case VMX_COMPLETE_HYPERCALL:
		a->regs[VCPU_RAX] = READ_ONCE(vcpu->run->hypercall.ret);
		return 0;
	case VMX_COMPLETE_MMIO:
		return !vmx_complete_mmio(vcpu);
	default:
		return 0;
	}
}

static void set_host_per_entry_state(struct hvx_vcpu_arch *a)
{
	unsigned long cr3 = __get_current_cr3_fast();
	unsigned long cr4 = cr4_read_shadow();

	if (cr3 != a->host_cr3) {
		vmcs_write(HOST_CR3, cr3);
		a->host_cr3 = cr3;
	}
	if (cr4 != a->host_cr4) {
		vmcs_write(HOST_CR4, cr4);
		a->host_cr4 = cr4;
	}
}

/* On the entry path: the VMCS's CR4 holds the guest's OSXSAVE bit. */
static bool guest_xcr0_loaded(struct hvx_vcpu_arch *a)
{
	return a->xcr0 != host_xcr0 &&
	       (vmcs_read(GUEST_CR4) & X86_CR4_OSXSAVE);
}

/*
 * One trip into the guest. Returns 0 after a VM exit with *reason set,
 * 1 on VMfail, -EAGAIN when the thread has work to do first.
 */
static int enter_guest(struct hvx_vcpu *vcpu, u32 *reason, u64 *entered,
		       u64 *exited)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	int fail;

	preempt_disable();
	local_irq_disable();
	/* Checked with interrupts off: a kick after this forces an exit. */
	if (need_resched() || hvx_vcpu_must_leave(vcpu)) {
		local_irq_enable();
		preempt_enable();
		return -EAGAIN;
	}
	if (test_thread_flag(TIF_NEED_FPU_LOAD))
		switch_fpu_return();
	set_host_per_entry_state(a);
	vmx_inject_events(vcpu);
	if (guest_xcr0_loaded(a))
		xsetbv(XCR_XFEATURE_ENABLED_MASK, a->xcr0);
	vmx_l1d_flush(a);

	hvx_guest_enter_irqoff();
	*entered = rdtsc();
	fail = vmx_enter(a, a->launched);
	*exited = rdtsc();
	hvx_guest_exit_irqoff();

	/* A VM exit clears DEBUGCTL and DR7 and cuts the TSS limit. */
	if (a->host_debugctl)
		update_debugctlmsr(a->host_debugctl);
	if (hw_breakpoint_active())
		set_debugreg(__this_cpu_read(cpu_dr7), 7);
	invalidate_tss_limit();
	if (guest_xcr0_loaded(a))
		xsetbv(XCR_XFEATURE_ENABLED_MASK, host_xcr0);

	if (!fail) {
		*reason = vmcs_read32(VM_EXIT_REASON);
		if (!(*reason & EXIT_REASON_FAILED_ENTRY))
			a->launched = true;
		/* An NMI that hit the guest belongs to the host. */
		if (EXIT_REASON_BASIC(*reason) == EXIT_REASON_EXCEPTION_NMI &&
		    INTR_INFO_TYPE(vmcs_read32(VM_EXIT_INTR_INFO)) ==
		    INTR_TYPE_NMI)
			vmx_do_nmi_irqoff();
	}
	local_irq_enable();
	preempt_enable();
	return fail;
}

static int report_vmfail(struct hvx_vcpu *vcpu)
{
	struct hvx_run *run = vcpu->run;
	u32 err = vmcs_read32(VM_INSTRUCTION_ERROR);

	/* The event did not go in; the VMM may set new state and retry. */
	vmcs_write(VM_ENTRY_INTR_INFO_FIELD, 0);
	run->exit_reason = HVX_EXIT_FAIL_ENTRY;
	run->fail_entry.hardware_entry_failure_reason = err;
	run->fail_entry.qualification = 0;
	run->fail_entry.cpu = smp_processor_id();
	strscpy(run->fail_entry.explanation, vmx_insn_error_text(err),
		sizeof(run->fail_entry.explanation));
	return 0;
}

static int run_loop(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_stats *st = vcpu->stats;
	u64 entered, exited;
	u32 reason;
	int r;

	for (;;) {
		r = hvx_vcpu_check_requests(vcpu);
		if (r <= 0)
			return r;
		cond_resched();
		r = enter_guest(vcpu, &reason, &entered, &exited);
		if (r == -EAGAIN)
			continue;
		if (r)
			return report_vmfail(vcpu);
		st->guest_cycles += exited - entered;
		/* A failed entry delivered nothing: its vectoring field is stale. */
		if (!(reason & EXIT_REASON_FAILED_ENTRY))
			vmx_save_vectoring_event(vcpu->arch);
		r = vmx_handle_exit(vcpu, reason);
		hvx_vcpu_count_exit(vcpu, EXIT_REASON_BASIC(reason),
				    rdtsc() - exited);
		if (r <= 0) {
			st->user_exits++;
			return r;
		}
	}
}

void hvx_arch_request_nmi(struct hvx_vcpu *vcpu)
{
	vcpu->arch->nmi_pending = true;
}

static void save_host_segments(struct hvx_vcpu_arch *a)
{
	savesegment(ds, a->host_ds);
	savesegment(es, a->host_es);
	savesegment(fs, a->host_fs);
	savesegment(gs, a->host_gs);
	rdmsrl(MSR_FS_BASE, a->host_fs_base);
	rdmsrl(MSR_KERNEL_GS_BASE, a->host_kernel_gs_base);
	vmcs_write(HOST_FS_BASE, a->host_fs_base);
	a->msrs->host[SWITCHED_KERNEL_GS_BASE].value = a->host_kernel_gs_base;
}

/* VM exits load null DS, ES, FS and GS selectors; user mode wants its own. */
static void restore_host_segments(struct hvx_vcpu_arch *a)
{
	preempt_disable();
	if (a->host_ds)
		loadsegment(ds, a->host_ds);
	if (a->host_es)
		loadsegment(es, a->host_es);
	if (a->host_fs) {
		loadsegment(fs, a->host_fs);
		wrmsrl(MSR_FS_BASE, a->host_fs_base);
	}
	if (a->host_gs) {
		local_irq_disable();
		load_gs_index(a->host_gs);
		wrmsrl(MSR_KERNEL_GS_BASE, a->host_kernel_gs_base);
		local_irq_enable();
	}
	preempt_enable();
}

static int vcpu_run(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	struct hvx_run *run = vcpu->run;
	u8 immediate_exit = READ_ONCE(run->immediate_exit);
	u32 flags = READ_ONCE(run->flags_in);
	int r;

	if (flags & ~HVX_RUN_FLAG_DUMP_VMCS)
		return -EINVAL;
	a->dump_vmcs = flags & HVX_RUN_FLAG_DUMP_VMCS;
	a->request_irq_window = READ_ONCE(run->request_interrupt_window);
	r = complete_pending_exit(vcpu);
	if (r)
		return r < 0 ? r : 0;
	run->exit_reason = HVX_EXIT_NONE;
	if (immediate_exit) {
		run->exit_reason = HVX_EXIT_INTR;
		return -EINTR;
	}
	preempt_disable();
	save_host_segments(a);
	preempt_enable();
	fpu_swap_kvm_fpstate(&a->fpu, true);
	r = run_loop(vcpu);
	fpu_swap_kvm_fpstate(&a->fpu, false);
	restore_host_segments(a);
	return r;
}

long hvx_arch_vcpu_ioctl(struct hvx_vcpu *vcpu, unsigned int cmd,
			 void __user *argp)
{
	long r;

	vcpu_load(vcpu);
	switch (cmd) {
	case HVX_RUN:
		r = vcpu_run(vcpu);
		vcpu->run->if_flag = !!(vmcs_read(GUEST_RFLAGS) & X86_EFLAGS_IF);
		vcpu->run->ready_for_interrupt_injection =
			vmx_ready_for_interrupt(vcpu);
		break;
	case HVX_INTERRUPT:
	case HVX_NMI:
	case HVX_GET_VCPU_EVENTS:
	case HVX_SET_VCPU_EVENTS:
		r = vmx_events_ioctl(vcpu, cmd, argp);
		break;
	case HVX_TRANSLATE:
		r = vmx_translate_ioctl(vcpu, argp);
		break;
	default:
		r = vmx_state_ioctl(vcpu, cmd, argp);
	}
	vcpu_put(vcpu);
	return r;
}
