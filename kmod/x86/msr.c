// SPDX-License-Identifier: GPL-2.0
/*
 * Guest MSRs: which ones the guest touches directly (MSR bitmap), which
 * ones the VM-entry/VM-exit MSR lists switch, and the emulation of the
 * rest. An MSR hvx does not know raises #GP in the guest and fails the
 * host-initiated access.
 */
#include <asm/msr.h>
#include <asm/msr-index.h>
#include "vmx.h"

static const u32 switched_msr_index[NR_SWITCHED_MSRS] = {
	[SWITCHED_STAR]			= MSR_STAR,
	[SWITCHED_LSTAR]		= MSR_LSTAR,
	[SWITCHED_CSTAR]		= MSR_CSTAR,
	[SWITCHED_SFMASK]		= MSR_SYSCALL_MASK,
	[SWITCHED_KERNEL_GS_BASE]	= MSR_KERNEL_GS_BASE,
	[SWITCHED_TSC_AUX]		= MSR_TSC_AUX,
};

/* SDM vol. 3C, 25.6.9: read-low, read-high, write-low, write-high. */
static void bitmap_allow(unsigned long *bitmap, u32 msr, bool write)
{
	u32 base = write ? 2048 : 0;

	if (msr >= 0xc0000000) {
		base += 1024;
		msr -= 0xc0000000;
	}
	__clear_bit(msr, (unsigned long *)((u8 *)bitmap + base));
}

/*
 * Everything exits but MSRs whose guest value lives in the VMCS or in the
 * switched lists, so direct access cannot reach the host's value.
 */
void vmx_msr_bitmap_init(unsigned long *bitmap)
{
	static const u32 direct[] = {
		MSR_FS_BASE, MSR_GS_BASE, MSR_IA32_SYSENTER_CS,
		MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
		MSR_IA32_CR_PAT,
	};
	int i;

	memset(bitmap, 0xff, PAGE_SIZE);
	for (i = 0; i < ARRAY_SIZE(direct); i++) {
		bitmap_allow(bitmap, direct[i], false);
		bitmap_allow(bitmap, direct[i], true);
	}
	for (i = 0; i < NR_SWITCHED_MSRS; i++) {
		bitmap_allow(bitmap, switched_msr_index[i], false);
		bitmap_allow(bitmap, switched_msr_index[i], true);
	}
	bitmap_allow(bitmap, MSR_IA32_TSC, false);
}

void vmx_msr_lists_init(struct hvx_vcpu *vcpu)
{
	struct vmx_msr_lists *l = vcpu->arch->msrs;
	int i;

	for (i = 0; i < NR_SWITCHED_MSRS; i++) {
		l->guest[i].index = switched_msr_index[i];
		l->guest[i].value = 0;
		l->host[i].index = switched_msr_index[i];
		rdmsrl(switched_msr_index[i], l->host[i].value);
	}
}

/* TSC_AUX holds the CPU number for RDTSCP and RDPID: per CPU. */
void vmx_msr_lists_update_cpu(struct hvx_vcpu *vcpu)
{
	struct vmx_msr_lists *l = vcpu->arch->msrs;

	rdmsrl(MSR_TSC_AUX, l->host[SWITCHED_TSC_AUX].value);
}

static int switched_slot(u32 index)
{
	int i;

	for (i = 0; i < NR_SWITCHED_MSRS; i++)
		if (switched_msr_index[i] == index)
			return i;
	return -1;
}

static bool is_canonical(u64 v)
{
	return (u64)(((s64)v << 16) >> 16) == v;
}

/* Returns 0, or 1 when the access must #GP (or fail for the host). */
int vmx_get_msr(struct hvx_vcpu *vcpu, u32 index, u64 *data, bool host)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	int slot = switched_slot(index);

	if (slot >= 0) {
		*data = a->msrs->guest[slot].value;
		return 0;
	}
	switch (index) {
	case MSR_EFER:
		*data = a->efer;
		break;
	case MSR_IA32_TSC:
		*data = rdtsc() + vmcs_read(TSC_OFFSET);
		break;
	case MSR_FS_BASE:
		*data = vmcs_read(GUEST_FS_BASE);
		break;
	case MSR_GS_BASE:
		*data = vmcs_read(GUEST_GS_BASE);
		break;
	case MSR_IA32_SYSENTER_CS:
		*data = vmcs_read(GUEST_SYSENTER_CS);
		break;
	case MSR_IA32_SYSENTER_ESP:
		*data = vmcs_read(GUEST_SYSENTER_ESP);
		break;
	case MSR_IA32_SYSENTER_EIP:
		*data = vmcs_read(GUEST_SYSENTER_EIP);
		break;
	case MSR_IA32_CR_PAT:
		*data = vmcs_read(GUEST_IA32_PAT);
		break;
	case MSR_IA32_DEBUGCTLMSR:
		*data = vmcs_read(GUEST_IA32_DEBUGCTL);
		break;
	case MSR_IA32_APICBASE:
		*data = a->apic_base;
		break;
	case MSR_IA32_MISC_ENABLE:
		*data = a->misc_enable;
		break;
	case MSR_IA32_UCODE_REV:
	case MSR_IA32_PLATFORM_ID:
		*data = 0;
		break;
	case MSR_IA32_FEAT_CTL:
		*data = FEAT_CTL_LOCKED;
		break;
	default:
		return 1;
	}
	return 0;
}

static bool valid_pat(u64 pat)
{
	int i;

	/* Memory types 2 and 3 are reserved, as are values above 7. */
	for (i = 0; i < 8; i++) {
		u8 t = (pat >> (i * 8)) & 0xff;

		if (t > 7 || t == 2 || t == 3)
			return false;
	}
	return true;
}

static int set_vmcs_msr(u32 index, u64 data)
{
	switch (index) {
	case MSR_FS_BASE:
		if (!is_canonical(data))
			return 1;
		vmcs_write(GUEST_FS_BASE, data);
		return 0;
	case MSR_GS_BASE:
		if (!is_canonical(data))
			return 1;
		vmcs_write(GUEST_GS_BASE, data);
		return 0;
	case MSR_IA32_SYSENTER_CS:
		vmcs_write(GUEST_SYSENTER_CS, data & 0xffff);
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		if (!is_canonical(data))
			return 1;
		vmcs_write(GUEST_SYSENTER_ESP, data);
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		if (!is_canonical(data))
			return 1;
		vmcs_write(GUEST_SYSENTER_EIP, data);
		return 0;
	case MSR_IA32_CR_PAT:
		if (!valid_pat(data))
			return 1;
		vmcs_write(GUEST_IA32_PAT, data);
		return 0;
	default:
		return -1;
	}
}

static bool valid_switched(u32 index, u64 data)
{
	switch (index) {
	case MSR_LSTAR:
	case MSR_CSTAR:
	case MSR_KERNEL_GS_BASE:
		return is_canonical(data);
	case MSR_SYSCALL_MASK:
	case MSR_TSC_AUX:
		return !(data >> 32);
	default:
		return true;
	}
}

int vmx_set_msr(struct hvx_vcpu *vcpu, u32 index, u64 data, bool host)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	int slot = switched_slot(index);
	int r;

	if (slot >= 0) {
		if (!valid_switched(index, data))
			return 1;
		a->msrs->guest[slot].value = data;
		return 0;
	}
	r = set_vmcs_msr(index, data);
	if (r >= 0)
		return r;
	switch (index) {
	case MSR_EFER:
		/* LME may not change while paging is on (SDM vol. 3A, 10.8.5). */
		if (!host && (a->cr0 & X86_CR0_PG) &&
		    ((data ^ a->efer) & EFER_LME))
			return 1;
		return vmx_set_efer(vcpu, data) ? 1 : 0;
	case MSR_IA32_TSC:
		vmcs_write(TSC_OFFSET, data - rdtsc());
		return 0;
	case MSR_IA32_DEBUGCTLMSR:
		/* No LBR or BTS for guests: only 0 is accepted. */
		return data ? 1 : 0;
	case MSR_IA32_APICBASE:
		a->apic_base = data;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		a->misc_enable = data;
		return 0;
	case MSR_IA32_UCODE_REV:
	case MSR_IA32_UCODE_WRITE:
		return 0;
	default:
		return 1;
	}
}
