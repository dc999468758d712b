// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU's VMCS: its one-time setup, the guest state at reset, making it
 * current on the CPU the vCPU thread runs on (VMCLEAR on the old CPU,
 * VMPTRLD and per-CPU host fields on the new one), and the guest control
 * registers whose VMCS value differs from what the guest sees.
 */
#include <linux/percpu.h>
#include <asm/tsc.h>
#include <linux/smp.h>
#include <asm/cpu_entry_area.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/nospec-branch.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include "vmx.h"

extern const char vmx_vmexit[];

#define VMX_DR7_RESET	0x400

static DEFINE_PER_CPU(struct list_head, loaded_vmcss);
static DEFINE_PER_CPU(struct hvx_vcpu_arch *, current_vmcs);

/* Runs on the CPU where @a is active, interrupts off. */
static void vmcs_clear_here(struct hvx_vcpu_arch *a)
{
	vmcs_clear(a->vmcs_pa);
	if (this_cpu_read(current_vmcs) == a)
		this_cpu_write(current_vmcs, NULL);
	list_del(&a->loaded_link);
	/* Others may load it once they see cpu == -1. */
	smp_wmb();
	a->launched = false;
	WRITE_ONCE(a->cpu, -1);
}

static void vmcs_clear_ipi(void *arg)
{
	struct hvx_vcpu_arch *a = arg;

	if (READ_ONCE(a->cpu) == smp_processor_id())
		vmcs_clear_here(a);
}

/* VMCLEAR a vCPU's VMCS wherever it is active. Preemptible context. */
void vmx_vcpu_clear(struct hvx_vcpu *vcpu)
{
	int cpu = READ_ONCE(vcpu->arch->cpu);

	if (cpu >= 0)
		smp_call_function_single(cpu, vmcs_clear_ipi, vcpu->arch, 1);
}

void vmx_vmcs_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		INIT_LIST_HEAD(&per_cpu(loaded_vmcss, cpu));
}

/* Before VMXOFF on this CPU (CPU offline, last VM gone, reboot). */
void vmx_clear_loaded_vmcss(void)
{
	struct hvx_vcpu_arch *a, *tmp;

	list_for_each_entry_safe(a, tmp, this_cpu_ptr(&loaded_vmcss),
				 loaded_link)
		vmcs_clear_here(a);
}

/* Host state that differs from CPU to CPU (SDM vol. 3C, 25.5). */
static void set_host_cpu_state(struct hvx_vcpu *vcpu, int cpu)
{
	struct desc_ptr gdt;
	unsigned long sysenter_esp, gs_base;

	native_store_gdt(&gdt);
	vmcs_write(HOST_GDTR_BASE, gdt.address);
	vmcs_write(HOST_TR_BASE,
		   (unsigned long)&get_cpu_entry_area(cpu)->tss.x86_tss);
	rdmsrl(MSR_IA32_SYSENTER_ESP, sysenter_esp);
	vmcs_write(HOST_IA32_SYSENTER_ESP, sysenter_esp);
	rdmsrl(MSR_GS_BASE, gs_base);
	vmcs_write(HOST_GS_BASE, gs_base);
	vmx_msr_lists_update_cpu(vcpu);
}

/* Make the vCPU's VMCS current on @cpu; preemption is off. */
void vmx_vcpu_load(struct hvx_vcpu *vcpu, int cpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	bool moved = false;

	if (a->cpu != cpu) {
		if (a->cpu >= 0)
			smp_call_function_single(a->cpu, vmcs_clear_ipi, a, 1);
		/* Pairs with vmcs_clear_here(): see the VMCLEAR done. */
		smp_rmb();
		local_irq_disable();
		list_add(&a->loaded_link, this_cpu_ptr(&loaded_vmcss));
		a->cpu = cpu;
		local_irq_enable();
		moved = true;
	}
	if (this_cpu_read(current_vmcs) != a) {
		vmcs_load(a->vmcs_pa);
		this_cpu_write(current_vmcs, a);
		/* Another guest's branch predictions must not steer this one. */
		indirect_branch_prediction_barrier();
	}
	if (moved)
		set_host_cpu_state(vcpu, cpu);
	/* Loaded for an ioctl or scheduled in: other code ran here. */
	a->l1d_flush_needed = true;
}

/* Host state that is the same on every CPU. */
static void set_host_constant_state(void)
{
	struct desc_ptr idt;
	u64 v;

	vmcs_write(HOST_CR0, read_cr0());
	vmcs_write(HOST_CS_SELECTOR, __KERNEL_CS);
	vmcs_write(HOST_SS_SELECTOR, __KERNEL_DS);
	vmcs_write(HOST_DS_SELECTOR, 0);
	vmcs_write(HOST_ES_SELECTOR, 0);
	vmcs_write(HOST_FS_SELECTOR, 0);
	vmcs_write(HOST_GS_SELECTOR, 0);
	vmcs_write(HOST_TR_SELECTOR, GDT_ENTRY_TSS * 8);
	store_idt(&idt);
	vmcs_write(HOST_IDTR_BASE, idt.address);
	vmcs_write(HOST_RIP, (unsigned long)vmx_vmexit);
	rdmsrl(MSR_IA32_SYSENTER_CS, v);
	vmcs_write(HOST_IA32_SYSENTER_CS, v);
	rdmsrl(MSR_IA32_SYSENTER_EIP, v);
	vmcs_write(HOST_IA32_SYSENTER_EIP, v);
	rdmsrl(MSR_EFER, v);
	vmcs_write(HOST_IA32_EFER, v);
	rdmsrl(MSR_IA32_CR_PAT, v);
	vmcs_write(HOST_IA32_PAT, v);
}

/*
 * The VMX preemption timer bounds every stay in the guest (SDM vol. 3C,
 * 26.5.1): the host gets its CPU back even if an external interrupt
 * cannot end the stay, as seen with emulated CPUs and guests spinning
 * with interrupts off. The field is not saved on exit, so each entry
 * starts a fresh slice.
 */
#define GUEST_SLICE_MS	2

static u32 vmx_preemption_slice(void)
{
	u64 ticks = ((u64)tsc_khz * GUEST_SLICE_MS) >>
		    vmx_caps.preemption_timer_shift;

	return ticks ? min_t(u64, ticks, U32_MAX) : 1;
}

static void set_controls(struct hvx_vcpu *vcpu)
{
	struct vmx_msr_lists *l = vcpu->arch->msrs;

	vmcs_write(PIN_BASED_VM_EXEC_CONTROL, vmx_pin_ctls);
	vcpu->arch->proc_ctls = vmx_proc_ctls;
	vmcs_write(CPU_BASED_VM_EXEC_CONTROL, vmx_proc_ctls);
	vmcs_write(SECONDARY_VM_EXEC_CONTROL, vmx_proc2_ctls);
	vmcs_write(VM_EXIT_CONTROLS, vmx_exit_ctls);
	vmcs_write(VM_ENTRY_CONTROLS, vmx_entry_ctls);
	/* Intercepted to report the road to a triple fault (exits.c). */
	vmcs_write(EXCEPTION_BITMAP, VMX_INTERCEPTED_EXCEPTIONS);
	vmcs_write(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write(CR3_TARGET_COUNT, 0);
	vmcs_write(CR0_GUEST_HOST_MASK, CR0_HOST_OWNED);
	vmcs_write(CR4_GUEST_HOST_MASK, CR4_HOST_OWNED);
	vmcs_write(MSR_BITMAP, __pa(vmx_msr_bitmap));
	vmcs_write(EPT_POINTER, vcpu->vm->arch->eptp);
	vmcs_write(VMCS_LINK_POINTER, ~0UL);
	vmcs_write(VM_EXIT_MSR_STORE_ADDR, __pa(l->guest));
	vmcs_write(VM_ENTRY_MSR_LOAD_ADDR, __pa(l->guest));
	vmcs_write(VM_EXIT_MSR_LOAD_ADDR, __pa(l->host));
	vmcs_write(VM_EXIT_MSR_STORE_COUNT, NR_SWITCHED_MSRS);
	vmcs_write(VM_ENTRY_MSR_LOAD_COUNT, NR_SWITCHED_MSRS);
	vmcs_write(VM_EXIT_MSR_LOAD_COUNT, NR_SWITCHED_MSRS);
	vmcs_write(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmcs_write(TSC_OFFSET, -rdtsc());
	if (vmx_pin_ctls & PIN_PREEMPTION_TIMER)
		vmcs_write(VMX_PREEMPTION_TIMER_VALUE, vmx_preemption_slice());
}

void vmx_set_cr0(struct hvx_vcpu *vcpu, u64 cr0)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	u64 hw = (cr0 & ~(X86_CR0_CD | X86_CR0_NW)) | X86_CR0_NE;

	/* Unrestricted guests may run unpaged and in real mode. */
	hw |= vmx_cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG);
	a->cr0 = cr0;
	vmcs_write(CR0_READ_SHADOW, cr0);
	vmcs_write(GUEST_CR0, hw);
	vmx_set_efer(vcpu, a->efer);
}

void vmx_set_cr4(struct hvx_vcpu *vcpu, u64 cr4)
{
	vcpu->arch->cr4 = cr4;
	vmcs_write(CR4_READ_SHADOW, cr4);
	vmcs_write(GUEST_CR4, cr4 | vmx_cr4_fixed0);
}

#define EFER_VALID (EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)

/*
 * EFER.LMA follows LME and CR0.PG, and the "IA-32e mode guest" entry
 * control follows LMA (SDM vol. 3C, 26.2.4).
 */
int vmx_set_efer(struct hvx_vcpu *vcpu, u64 efer)
{
	struct hvx_vcpu_arch *a = vcpu->arch;

	if (efer & ~EFER_VALID)
		return -EINVAL;
	efer &= ~EFER_LMA;
	if ((efer & EFER_LME) && (a->cr0 & X86_CR0_PG))
		efer |= EFER_LMA;
	a->efer = efer;
	vmcs_write(GUEST_IA32_EFER, efer);
	if (efer & EFER_LMA)
		vmcs_set_bits(VM_ENTRY_CONTROLS, ENTRY_IA32E_MODE);
	else
		vmcs_clear_bits(VM_ENTRY_CONTROLS, ENTRY_IA32E_MODE);
	return 0;
}

static void set_real_segment(unsigned long sel_field, u16 sel, u32 ar)
{
	/* Selector, base, limit and rights fields are laid out in step. */
	unsigned long idx = (sel_field - GUEST_ES_SELECTOR) / 2;

	vmcs_write(sel_field, sel);
	vmcs_write(GUEST_ES_BASE + idx * 2, (u64)sel << 4);
	vmcs_write(GUEST_ES_LIMIT + idx * 2, 0xffff);
	vmcs_write(GUEST_ES_AR_BYTES + idx * 2, ar);
}

/* The architectural state after RESET (SDM vol. 3A, 10.1.1). */
void vmx_reset_guest_state(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;

	memset(a->regs, 0, sizeof(a->regs));
	a->cr2 = 0;
	set_real_segment(GUEST_ES_SELECTOR, 0, 0x93);
	set_real_segment(GUEST_CS_SELECTOR, 0xf000, 0x9b);
	vmcs_write(GUEST_CS_BASE, 0xffff0000);
	set_real_segment(GUEST_SS_SELECTOR, 0, 0x93);
	set_real_segment(GUEST_DS_SELECTOR, 0, 0x93);
	set_real_segment(GUEST_FS_SELECTOR, 0, 0x93);
	set_real_segment(GUEST_GS_SELECTOR, 0, 0x93);
	set_real_segment(GUEST_LDTR_SELECTOR, 0, 0x82);
	set_real_segment(GUEST_TR_SELECTOR, 0, 0x8b);
	vmcs_write(GUEST_GDTR_BASE, 0);
	vmcs_write(GUEST_GDTR_LIMIT, 0xffff);
	vmcs_write(GUEST_IDTR_BASE, 0);
	vmcs_write(GUEST_IDTR_LIMIT, 0xffff);
	vmcs_write(GUEST_RIP, 0xfff0);
	vmcs_write(GUEST_RSP, 0);
	vmcs_write(GUEST_RFLAGS, X86_EFLAGS_FIXED);
	vmcs_write(GUEST_DR7, VMX_DR7_RESET);
	vmcs_write(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(GUEST_IA32_PAT, 0x0007040600070406ULL);
	vmcs_write(GUEST_SYSENTER_CS, 0);
	vmcs_write(GUEST_SYSENTER_ESP, 0);
	vmcs_write(GUEST_SYSENTER_EIP, 0);
	vmcs_write(GUEST_CR3, 0);
	vmcs_write(GUEST_ACTIVITY_STATE, 0);
	vmcs_write(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	a->efer = 0;
	vmx_set_cr0(vcpu, X86_CR0_ET | X86_CR0_CD | X86_CR0_NW);
	vmx_set_cr4(vcpu, 0);
	a->cr8 = 0;
	a->dr7 = VMX_DR7_RESET;
	a->dr6 = DR6_RESERVED;
	a->apic_base = 0xfee00000 | (vcpu->id ? 0 : MSR_IA32_APICBASE_BSP) |
		       MSR_IA32_APICBASE_ENABLE;
	a->misc_enable = MSR_IA32_MISC_ENABLE_FAST_STRING;
	a->xcr0 = XFEATURE_MASK_FP;
	memset(&a->event, 0, sizeof(a->event));
	a->pending_irq = -1;
	a->nmi_pending = false;
	a->completion = VMX_COMPLETE_NONE;
}

/* First VMPTRLD of a new VMCS: fill it. Preemption is off. */
int vmx_vmcs_setup(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;

	*(u32 *)a->vmcs = vmx_caps.vmcs_revision;
	vmcs_clear(a->vmcs_pa);
	vmx_vcpu_load(vcpu, smp_processor_id());
	set_controls(vcpu);
	set_host_constant_state();
	vmx_reset_guest_state(vcpu);
	return 0;
}
