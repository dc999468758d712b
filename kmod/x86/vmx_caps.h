/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMX capability MSRs: their numbers, the control bits hvx uses, and the
 * pure decoding of what a CPU offers (Intel SDM vol. 3D, appendix A).
 */
#ifndef HVX_VMX_CAPS_H
#define HVX_VMX_CAPS_H

#include "../hvx_types.h"

#define MSR_FEATURE_CONTROL		0x0000003a
#define FEATURE_CONTROL_LOCKED		(1ULL << 0)
#define FEATURE_CONTROL_VMX_OUTSIDE_SMX	(1ULL << 2)

#define MSR_VMX_BASIC			0x00000480
#define MSR_VMX_PINBASED_CTLS		0x00000481
#define MSR_VMX_PROCBASED_CTLS		0x00000482
#define MSR_VMX_EXIT_CTLS		0x00000483
#define MSR_VMX_ENTRY_CTLS		0x00000484
#define MSR_VMX_MISC			0x00000485
#define MSR_VMX_CR0_FIXED0		0x00000486
#define MSR_VMX_CR0_FIXED1		0x00000487
#define MSR_VMX_CR4_FIXED0		0x00000488
#define MSR_VMX_CR4_FIXED1		0x00000489
#define MSR_VMX_PROCBASED_CTLS2		0x0000048b
#define MSR_VMX_EPT_VPID_CAP		0x0000048c
#define MSR_VMX_TRUE_PINBASED_CTLS	0x0000048d
#define MSR_VMX_TRUE_PROCBASED_CTLS	0x0000048e
#define MSR_VMX_TRUE_EXIT_CTLS		0x0000048f
#define MSR_VMX_TRUE_ENTRY_CTLS		0x00000490

#define VMX_BASIC_REVISION(b)		((u32)((b) & 0x7fffffff))
#define VMX_BASIC_VMCS_SIZE(b)		((u32)(((b) >> 32) & 0x1fff))
#define VMX_BASIC_INS_OUTS_INFO		(1ULL << 54)
#define VMX_BASIC_TRUE_CTLS		(1ULL << 55)

/* Pin-based VM-execution controls */
#define PIN_EXT_INTR_EXITING		(1U << 0)
#define PIN_NMI_EXITING			(1U << 3)
#define PIN_VIRTUAL_NMIS		(1U << 5)
#define PIN_PREEMPTION_TIMER		(1U << 6)
#define PIN_POSTED_INTR			(1U << 7)

/* Primary processor-based VM-execution controls */
#define CPU_INTR_WINDOW_EXITING		(1U << 2)
#define CPU_TSC_OFFSETTING		(1U << 3)
#define CPU_HLT_EXITING			(1U << 7)
#define CPU_INVLPG_EXITING		(1U << 9)
#define CPU_MWAIT_EXITING		(1U << 10)
#define CPU_RDPMC_EXITING		(1U << 11)
#define CPU_RDTSC_EXITING		(1U << 12)
#define CPU_CR3_LOAD_EXITING		(1U << 15)
#define CPU_CR3_STORE_EXITING		(1U << 16)
#define CPU_CR8_LOAD_EXITING		(1U << 19)
#define CPU_CR8_STORE_EXITING		(1U << 20)
#define CPU_TPR_SHADOW			(1U << 21)
#define CPU_NMI_WINDOW_EXITING		(1U << 22)
#define CPU_MOV_DR_EXITING		(1U << 23)
#define CPU_UNCOND_IO_EXITING		(1U << 24)
#define CPU_USE_IO_BITMAPS		(1U << 25)
#define CPU_MONITOR_TRAP_FLAG		(1U << 27)
#define CPU_USE_MSR_BITMAPS		(1U << 28)
#define CPU_MONITOR_EXITING		(1U << 29)
#define CPU_PAUSE_EXITING		(1U << 30)
#define CPU_SECONDARY_CTLS		(1U << 31)

/* Secondary processor-based VM-execution controls */
#define CPU2_VIRT_APIC_ACCESSES		(1U << 0)
#define CPU2_EPT			(1U << 1)
#define CPU2_DESC_TABLE_EXITING		(1U << 2)
#define CPU2_RDTSCP			(1U << 3)
#define CPU2_VIRT_X2APIC_MODE		(1U << 4)
#define CPU2_VPID			(1U << 5)
#define CPU2_WBINVD_EXITING		(1U << 6)
#define CPU2_UNRESTRICTED_GUEST		(1U << 7)
#define CPU2_APIC_REG_VIRT		(1U << 8)
#define CPU2_VIRT_INTR_DELIVERY		(1U << 9)
#define CPU2_PAUSE_LOOP_EXITING		(1U << 10)
#define CPU2_INVPCID			(1U << 12)
#define CPU2_SHADOW_VMCS		(1U << 14)
#define CPU2_PML			(1U << 17)
#define CPU2_XSAVES			(1U << 20)
#define CPU2_TSC_SCALING		(1U << 25)

/* VM-exit controls */
#define EXIT_SAVE_DEBUG_CTLS		(1U << 2)
#define EXIT_HOST_ADDR_SPACE_SIZE	(1U << 9)
#define EXIT_LOAD_PERF_GLOBAL_CTRL	(1U << 12)
#define EXIT_ACK_INTR_ON_EXIT		(1U << 15)
#define EXIT_SAVE_PAT			(1U << 18)
#define EXIT_LOAD_PAT			(1U << 19)
#define EXIT_SAVE_EFER			(1U << 20)
#define EXIT_LOAD_EFER			(1U << 21)

/* VM-entry controls */
#define ENTRY_LOAD_DEBUG_CTLS		(1U << 2)
#define ENTRY_IA32E_MODE		(1U << 9)
#define ENTRY_LOAD_PAT			(1U << 14)
#define ENTRY_LOAD_EFER			(1U << 15)

/* IA32_VMX_MISC */
#define VMX_MISC_PREEMPTION_SHIFT(m)	((u32)((m) & 0x1f))

/* IA32_VMX_EPT_VPID_CAP */
#define EPT_CAP_EXEC_ONLY		(1ULL << 0)
#define EPT_CAP_PWL4			(1ULL << 6)
#define EPT_CAP_WB			(1ULL << 14)
#define EPT_CAP_2M			(1ULL << 16)
#define EPT_CAP_1G			(1ULL << 17)
#define EPT_CAP_INVEPT			(1ULL << 20)
#define EPT_CAP_AD			(1ULL << 21)
#define EPT_CAP_INVEPT_SINGLE		(1ULL << 25)
#define EPT_CAP_INVEPT_ALL		(1ULL << 26)
#define VPID_CAP_INVVPID		(1ULL << 32)
#define VPID_CAP_INVVPID_SINGLE		(1ULL << 41)
#define VPID_CAP_INVVPID_ALL		(1ULL << 42)

/* The raw capability MSRs, TRUE_* variants already chosen. */
struct vmx_cap_msrs {
	u64 basic;
	u64 pinbased;
	u64 procbased;
	u64 procbased2;
	u64 exit;
	u64 entry;
	u64 misc;
	u64 ept_vpid_cap;
};

/* A control MSR's allowed settings: bit set in allowed0 must be 1. */
static inline u32 vmx_ctl_allowed0(u64 msr)
{
	return (u32)msr;
}

static inline u32 vmx_ctl_allowed1(u64 msr)
{
	return (u32)(msr >> 32);
}

u64 vmx_caps_features(const struct vmx_cap_msrs *m);
int vmx_ctl_adjust(u64 msr, u32 required, u32 optional, u32 *result);
const char *vmx_caps_missing(u64 features);

#endif /* HVX_VMX_CAPS_H */
