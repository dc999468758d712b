/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMX backend's private state: per-VM EPT, per-vCPU VMCS, guest
 * registers and the state hvx keeps outside the VMCS.
 */
#ifndef HVX_VMX_H
#define HVX_VMX_H

#include <linux/list.h>
#include <linux/preempt.h>
#include <asm/fpu/api.h>
#include <asm/fpu/types.h>
#include <asm/fpu/xstate.h>
#include "../hvx.h"
#include "insn_decode.h"
#include "vmx_caps.h"
#include "vmx_ops.h"

/* Guest GPRs, indexed by the x86 register number; RSP lives in the VMCS. */
enum vmx_reg {
	VCPU_RAX, VCPU_RCX, VCPU_RDX, VCPU_RBX, VCPU_RSP, VCPU_RBP,
	VCPU_RSI, VCPU_RDI, VCPU_R8, VCPU_R9, VCPU_R10, VCPU_R11,
	VCPU_R12, VCPU_R13, VCPU_R14, VCPU_R15, VCPU_NR_REGS
};

/* MSRs switched by the VM-entry/VM-exit MSR lists (SDM vol. 3C, 25.7.2). */
enum vmx_switched_msr {
	SWITCHED_STAR, SWITCHED_LSTAR, SWITCHED_CSTAR, SWITCHED_SFMASK,
	SWITCHED_KERNEL_GS_BASE, SWITCHED_TSC_AUX, NR_SWITCHED_MSRS
};

struct vmx_msr_entry {
	u32 index;
	u32 reserved;
	u64 value;
};

/* The one page holding both MSR lists; 16-byte aligned as required. */
struct vmx_msr_lists {
	struct vmx_msr_entry guest[NR_SWITCHED_MSRS];
	struct vmx_msr_entry host[NR_SWITCHED_MSRS];
};

/* A guest event hvx.ko must inject on the next entry. */
struct vmx_pending_event {
	bool valid;
	bool has_error;
	u8 vector;
	u8 type;		/* INTR_TYPE_* */
	u32 error;
	u32 insn_len;		/* software interrupts and exceptions */
};

/* EPT tables a fault may need, allocated before mmu_lock is taken. */
#define EPT_LEVELS	4

struct ept_page_cache {
	int nr;
	u64 *pages[EPT_LEVELS - 1];
};

/* What the next HVX_RUN finishes from the VMM's answer in the run page. */
enum vmx_completion {
	VMX_COMPLETE_NONE,
	VMX_COMPLETE_IN,		/* IN: the data goes to AL/AX/EAX */
	VMX_COMPLETE_STRING_IN,		/* INS: the batch goes to memory */
	VMX_COMPLETE_HYPERCALL,		/* VMCALL: ret goes to RAX */
	VMX_COMPLETE_MMIO,		/* an MMIO load: data to its register */
};

/*
 * An MMIO load or store being worked through. Its @size bytes may cross a
 * page boundary (@split bytes before it), each part RAM or MMIO: hvx
 * reads or writes the RAM parts itself and hands the VMM the MMIO bytes
 * one fragment (1, 2, 4 or 8 bytes) per exit.
 */
struct vmx_mmio {
	u8 data[8];		/* the access's bytes, in memory order */
	u64 gpa[2];		/* of the first byte of each part */
	u8 size;
	u8 split;		/* bytes in the first part; @size if one part */
	u8 ram;			/* bit i: part i is RAM, already done */
	u8 pos;			/* the fragment the VMM has, or the next one */
	u8 len;			/* that fragment's length */
	bool write;
};

/* A string I/O instruction being worked through, one batch per exit. */
struct vmx_string_io {
	u64 base;		/* of the segment, as the linear address had it */
	u64 index;		/* rSI/rDI of the batch's first element, masked */
	u64 mask;		/* the address size's bits of rSI/rDI/rCX */
	u64 linear_mask;	/* 32 bits of linear address outside 64-bit mode */
	u32 count;		/* elements in this batch */
	u32 insn_len;
	u16 port;
	u8 size;		/* bytes per element */
	u8 seg;			/* the segment register (2 is SS) */
	bool in, rep, down;	/* INS; REP; RFLAGS.DF */
};

struct hvx_vcpu_arch {
	unsigned long regs[VCPU_NR_REGS];	/* used by vmenter.S */
	unsigned long cr2;			/* used by vmenter.S */

	struct hvx_vcpu *vcpu;

	void *vmcs;
	u64 vmcs_pa;
	int cpu;			/* where the VMCS is active, or -1 */
	bool launched;
	bool dump_vmcs;			/* HVX_RUN_FLAG_DUMP_VMCS */
	bool l1d_flush_needed;		/* host code ran since the last entry */
	u32 proc_ctls;			/* CPU_BASED_VM_EXEC_CONTROL as written */
	struct list_head loaded_link;	/* on the per-CPU list of its cpu */
	struct preempt_notifier preempt;

	struct vmx_msr_lists *msrs;
	struct fpu_guest fpu;
	u64 xcr0;

	/* Guest-visible values the VMCS holds differently or not at all. */
	u64 cr0, cr4, cr8, efer;
	u64 apic_base, misc_enable;
	u64 dr[4], dr6, dr7;

	struct hvx_cpuid_entry *cpuid;
	u32 cpuid_nent;

	struct vmx_pending_event event;
	int pending_irq;		/* HVX_INTERRUPT vector, or -1 */
	bool nmi_pending;		/* HVX_NMI */
	bool request_irq_window;	/* from the run page */
	struct ept_page_cache ept_cache;

	/* The exit being completed by the VMM on the next HVX_RUN. */
	enum vmx_completion completion;
	u8 pending_io_size;
	struct hvx_insn mmio_insn;
	struct vmx_mmio mmio;
	struct vmx_string_io string_io;

	/* Exceptions seen on the way to a triple fault. */
	u8 fault_chain[HVX_SHUTDOWN_MAX_CHAIN];
	u32 nr_fault_chain;

	/* Host state saved around the world switch. */
	unsigned long host_cr3, host_cr4;
	unsigned long host_debugctl;
	u16 host_ds, host_es, host_fs, host_gs;
	unsigned long host_fs_base, host_kernel_gs_base;
};

struct hvx_vm_arch {
	u64 *ept_root;
	u64 eptp;
};

/*
 * Guest CR0 bits hvx keeps to itself (SDM vol. 3C, 25.6.6): PE/PG to track
 * long mode and PAE PDPTEs, NE because VMX forces it on, CD/NW so that a
 * guest at reset state does not run with caches off.
 */
#define CR0_HOST_OWNED (X86_CR0_PE | X86_CR0_PG | X86_CR0_NE | \
			X86_CR0_CD | X86_CR0_NW)
/* CR4 bits a guest may not set: hvx offers no VMX, SMX, PKU or CET. */
#define CR4_HOST_OWNED (X86_CR4_VMXE | X86_CR4_SMXE | X86_CR4_PKE | \
			X86_CR4_CET)

/*
 * The exceptions the exception bitmap intercepts, to see the road to a
 * triple fault (exits.c): the contributory ones, #DE, #TS, #NP, #SS and
 * #GP (SDM vol. 3A, table 6-4), and #DF.
 */
#define VMX_CONTRIBUTORY_EXCEPTIONS (BIT(0) | BIT(10) | BIT(11) | BIT(12) | \
				     BIT(13))
#define VMX_INTERCEPTED_EXCEPTIONS (VMX_CONTRIBUTORY_EXCEPTIONS | BIT(8))

/* The XSAVE features a guest may enable in XCR0. */
#define VMX_GUEST_XFEATURES (XFEATURE_MASK_FP | XFEATURE_MASK_SSE | \
			     XFEATURE_MASK_YMM)

/* vmx.c */
extern struct hvx_vmx_caps vmx_caps;
extern u32 vmx_pin_ctls, vmx_proc_ctls, vmx_proc2_ctls;
extern u32 vmx_exit_ctls, vmx_entry_ctls;
extern u64 vmx_cr0_fixed0, vmx_cr0_fixed1, vmx_cr4_fixed0, vmx_cr4_fixed1;
extern u64 host_xcr0;
extern unsigned long *vmx_msr_bitmap;
bool vmx_cpu_is_on(void);

/* l1d_flush.c */
int vmx_l1d_flush_init(void);
void vmx_l1d_flush_exit(void);
void vmx_l1d_flush(struct hvx_vcpu_arch *a);

/* vmcs.c */
void vmx_vmcs_init(void);
int vmx_vmcs_setup(struct hvx_vcpu *vcpu);
void vmx_vcpu_load(struct hvx_vcpu *vcpu, int cpu);
void vmx_vcpu_clear(struct hvx_vcpu *vcpu);
void vmx_clear_loaded_vmcss(void);
void vmx_set_cr0(struct hvx_vcpu *vcpu, u64 cr0);
void vmx_set_cr4(struct hvx_vcpu *vcpu, u64 cr4);
int vmx_set_efer(struct hvx_vcpu *vcpu, u64 efer);
void vmx_reset_guest_state(struct hvx_vcpu *vcpu);

/* vmenter.S */
int vmx_enter(struct hvx_vcpu_arch *arch, bool launched);
void vmx_do_nmi_irqoff(void);

/*
 * The guest's CR0 and CR4 as it sees them: the bits hvx owns from its own
 * copy, the others from the VMCS, where guest writes change them without
 * an exit.
 */
static inline u64 vmx_read_cr0(struct hvx_vcpu *vcpu)
{
	return (vcpu->arch->cr0 & CR0_HOST_OWNED) |
	       (vmcs_read(GUEST_CR0) & ~(u64)CR0_HOST_OWNED);
}

static inline u64 vmx_read_cr4(struct hvx_vcpu *vcpu)
{
	return (vcpu->arch->cr4 & CR4_HOST_OWNED) |
	       (vmcs_read(GUEST_CR4) & ~(u64)(CR4_HOST_OWNED | X86_CR4_VMXE));
}

static inline unsigned int vmx_guest_cpl(void)
{
	return (vmcs_read32(GUEST_SS_AR_BYTES) >> 5) & 3;
}

static inline unsigned long vmx_get_reg(struct hvx_vcpu *vcpu, int reg)
{
	return reg == VCPU_RSP ? vmcs_read(GUEST_RSP) : vcpu->arch->regs[reg];
}

static inline void vmx_set_reg(struct hvx_vcpu *vcpu, int reg,
			       unsigned long val)
{
	if (reg == VCPU_RSP)
		vmcs_write(GUEST_RSP, val);
	else
		vcpu->arch->regs[reg] = val;
}

/* exits.c */
int vmx_handle_exit(struct hvx_vcpu *vcpu, u32 reason);
void vmx_advance_rip(struct hvx_vcpu *vcpu, u32 len);
struct hvx_run *vmx_exit_to_user(struct hvx_vcpu *vcpu, u32 reason);
void vmx_skip_instruction(struct hvx_vcpu *vcpu);
int vmx_internal_error(struct hvx_vcpu *vcpu, u32 suberror, u32 reason);

/* events.c */
void vmx_queue_exception(struct hvx_vcpu *vcpu, u8 vector, bool has_error,
			 u32 error);
void vmx_inject_events(struct hvx_vcpu *vcpu);
void vmx_save_vectoring_event(struct hvx_vcpu_arch *a);
bool vmx_ready_for_interrupt(struct hvx_vcpu *vcpu);
int vmx_handle_interrupt_window(struct hvx_vcpu *vcpu);
int vmx_handle_nmi_window(struct hvx_vcpu *vcpu);
long vmx_events_ioctl(struct hvx_vcpu *vcpu, unsigned int cmd,
		      void __user *argp);

/* msr.c */
int vmx_get_msr(struct hvx_vcpu *vcpu, u32 index, u64 *data, bool host);
int vmx_set_msr(struct hvx_vcpu *vcpu, u32 index, u64 data, bool host);
void vmx_msr_bitmap_init(unsigned long *bitmap);
void vmx_msr_lists_init(struct hvx_vcpu *vcpu);
void vmx_msr_lists_update_cpu(struct hvx_vcpu *vcpu);

/* ept.c */
int ept_vm_init(struct hvx_vm *vm);
void ept_vm_destroy(struct hvx_vm *vm);
int ept_handle_violation(struct hvx_vcpu *vcpu, u64 gpa, u64 qual);
void ept_cache_free(struct ept_page_cache *c);

/* state.c */
long vmx_state_ioctl(struct hvx_vcpu *vcpu, unsigned int cmd,
		     void __user *argp);
int vmx_load_pdptrs(struct hvx_vcpu *vcpu, u64 cr3);

/* dump.c */
struct vmx_guest_state;
void vmx_read_guest_state(struct vmx_guest_state *gs);
void vmx_dump_vmcs(struct hvx_vcpu *vcpu);

/* string_io.c */
int vmx_handle_string_io(struct hvx_vcpu *vcpu, u64 qual);
int vmx_complete_string_in(struct hvx_vcpu *vcpu);

/* mmio.c */
int vmx_handle_mmio(struct hvx_vcpu *vcpu, u64 gpa);
int vmx_complete_mmio(struct hvx_vcpu *vcpu);

/* guest_mem.c */
struct hvx_walk_result;
int vmx_read_guest(struct hvx_vcpu *vcpu, u64 gpa, void *buf, size_t len);
int vmx_write_guest(struct hvx_vcpu *vcpu, u64 gpa, const void *buf,
		    size_t len);
bool vmx_guest_writable(struct hvx_vcpu *vcpu, u64 gpa, size_t len);
bool vmx_guest_is_ram(struct hvx_vcpu *vcpu, u64 gpa, size_t len, bool write);
int vmx_translate(struct hvx_vcpu *vcpu, u64 gva, u32 access,
		  struct hvx_walk_result *res);
int vmx_read_guest_virt(struct hvx_vcpu *vcpu, u64 gva, void *buf,
			size_t len, u32 access, struct hvx_walk_result *res);
int vmx_translate_ioctl(struct hvx_vcpu *vcpu,
			struct hvx_translation __user *u);

/* cpuid.c */
void vmx_cpuid_init(struct hvx_vcpu *vcpu);
void vmx_cpuid(struct hvx_vcpu *vcpu, u32 function, u32 index, u32 out[4]);
int vmx_set_cpuid(struct hvx_vcpu *vcpu, struct hvx_cpuid __user *ucpuid);

#endif /* HVX_VMX_H */
