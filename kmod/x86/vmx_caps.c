// SPDX-License-Identifier: GPL-2.0
/*
 * Pure decoding of the VMX capability MSRs: the feature bits hvx reports
 * through HVX_GET_VMX_CAPS, the features hvx cannot run without, and the
 * adjustment of VM-execution control words to what the CPU allows.
 * No kernel headers: this file is also built into the host unit tests.
 */
#include "vmx_caps.h"
#include <linux/hvx.h>

struct feature_bit {
	u64 feature;
	u32 bit;
};

static u64 ctl_features(u64 msr, const struct feature_bit *map, size_t n)
{
	u32 allowed1 = vmx_ctl_allowed1(msr);
	u64 features = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (allowed1 & map[i].bit)
			features |= map[i].feature;
	return features;
}

static const struct feature_bit pin_map[] = {
	{ HVX_VMX_VIRTUAL_NMI, PIN_VIRTUAL_NMIS },
	{ HVX_VMX_PREEMPTION_TIMER, PIN_PREEMPTION_TIMER },
	{ HVX_VMX_POSTED_INTR, PIN_POSTED_INTR },
};

static const struct feature_bit proc_map[] = {
	{ HVX_VMX_TSC_OFFSETTING, CPU_TSC_OFFSETTING },
	{ HVX_VMX_TPR_SHADOW, CPU_TPR_SHADOW },
	{ HVX_VMX_MSR_BITMAPS, CPU_USE_MSR_BITMAPS },
	{ HVX_VMX_SECONDARY_CTLS, CPU_SECONDARY_CTLS },
};

static const struct feature_bit proc2_map[] = {
	{ HVX_VMX_APIC_ACCESS, CPU2_VIRT_APIC_ACCESSES },
	{ HVX_VMX_EPT, CPU2_EPT },
	{ HVX_VMX_X2APIC_MODE, CPU2_VIRT_X2APIC_MODE },
	{ HVX_VMX_VPID, CPU2_VPID },
	{ HVX_VMX_UNRESTRICTED, CPU2_UNRESTRICTED_GUEST },
	{ HVX_VMX_APIC_REG_VIRT, CPU2_APIC_REG_VIRT },
	{ HVX_VMX_VIRT_INTR_DELIVERY, CPU2_VIRT_INTR_DELIVERY },
	{ HVX_VMX_PAUSE_LOOP_EXITING, CPU2_PAUSE_LOOP_EXITING },
	{ HVX_VMX_SHADOW_VMCS, CPU2_SHADOW_VMCS },
	{ HVX_VMX_PML, CPU2_PML },
	{ HVX_VMX_TSC_SCALING, CPU2_TSC_SCALING },
};

static const struct feature_bit ept_map[] = {
	{ HVX_VMX_EPT_EXEC_ONLY, EPT_CAP_EXEC_ONLY },
	{ HVX_VMX_EPT_4LEVEL, EPT_CAP_PWL4 },
	{ HVX_VMX_EPT_WB, EPT_CAP_WB },
	{ HVX_VMX_EPT_2M, EPT_CAP_2M },
	{ HVX_VMX_EPT_1G, EPT_CAP_1G },
	{ HVX_VMX_INVEPT, EPT_CAP_INVEPT },
	{ HVX_VMX_EPT_AD, EPT_CAP_AD },
};

static u64 ept_vpid_features(u64 cap)
{
	u64 features = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ept_map); i++)
		if (cap & ept_map[i].bit)
			features |= ept_map[i].feature;
	if (cap & VPID_CAP_INVVPID)
		features |= HVX_VMX_INVVPID;
	return features;
}

/*
 * Secondary controls, EPT and VPID capabilities only count when the
 * control that enables them can be set (SDM vol. 3D, A.3.3 and A.10).
 */
u64 vmx_caps_features(const struct vmx_cap_msrs *m)
{
	u64 f = 0;

	f |= ctl_features(m->pinbased, pin_map, ARRAY_SIZE(pin_map));
	f |= ctl_features(m->procbased, proc_map, ARRAY_SIZE(proc_map));
	if (f & HVX_VMX_SECONDARY_CTLS)
		f |= ctl_features(m->procbased2, proc2_map,
				  ARRAY_SIZE(proc2_map));
	if (f & (HVX_VMX_EPT | HVX_VMX_VPID))
		f |= ept_vpid_features(m->ept_vpid_cap);
	if (!(f & HVX_VMX_EPT))
		f &= ~(HVX_VMX_EPT_EXEC_ONLY | HVX_VMX_EPT_4LEVEL |
		       HVX_VMX_EPT_WB | HVX_VMX_EPT_2M | HVX_VMX_EPT_1G |
		       HVX_VMX_INVEPT | HVX_VMX_EPT_AD);
	if (!(f & HVX_VMX_VPID))
		f &= ~HVX_VMX_INVVPID;
	if ((vmx_ctl_allowed1(m->entry) & ENTRY_LOAD_EFER) &&
	    (vmx_ctl_allowed1(m->exit) & (EXIT_LOAD_EFER | EXIT_SAVE_EFER)) ==
	    (EXIT_LOAD_EFER | EXIT_SAVE_EFER))
		f |= HVX_VMX_LOAD_EFER;
	if ((vmx_ctl_allowed1(m->entry) & ENTRY_LOAD_PAT) &&
	    (vmx_ctl_allowed1(m->exit) & (EXIT_LOAD_PAT | EXIT_SAVE_PAT)) ==
	    (EXIT_LOAD_PAT | EXIT_SAVE_PAT))
		f |= HVX_VMX_LOAD_PAT;
	if (m->basic & VMX_BASIC_TRUE_CTLS)
		f |= HVX_VMX_TRUE_CTLS;
	if (m->basic & VMX_BASIC_INS_OUTS_INFO)
		f |= HVX_VMX_INS_OUTS_INFO;
	return f;
}

/* What hvx cannot run guests without, in the order it is reported. */
static const struct {
	u64 feature;
	const char *name;
} required[] = {
	{ HVX_VMX_SECONDARY_CTLS, "secondary processor-based controls" },
	{ HVX_VMX_MSR_BITMAPS, "MSR bitmaps" },
	{ HVX_VMX_EPT, "EPT" },
	{ HVX_VMX_EPT_4LEVEL, "4-level EPT" },
	{ HVX_VMX_EPT_WB, "write-back EPT paging structures" },
	{ HVX_VMX_INVEPT, "INVEPT" },
	{ HVX_VMX_UNRESTRICTED, "unrestricted guest" },
	{ HVX_VMX_LOAD_EFER, "EFER load/save on entry and exit" },
	{ HVX_VMX_LOAD_PAT, "PAT load/save on entry and exit" },
};

/* Returns the name of the first required feature absent, or NULL. */
const char *vmx_caps_missing(u64 features)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(required); i++)
		if (!(features & required[i].feature))
			return required[i].name;
	return NULL;
}

/*
 * Fold a control word into what the CPU allows: the bits it forces to 1,
 * the required bits (failing if one cannot be set), and the optional bits
 * it supports.
 */
int vmx_ctl_adjust(u64 msr, u32 required_bits, u32 optional, u32 *result)
{
	u32 allowed0 = vmx_ctl_allowed0(msr);
	u32 allowed1 = vmx_ctl_allowed1(msr);

	if (required_bits & ~allowed1)
		return -1;
	*result = allowed0 | required_bits | (optional & allowed1);
	return 0;
}
