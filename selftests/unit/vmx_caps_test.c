// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding of the VMX capability MSRs (kmod/x86/vmx_caps.c) against MSR
 * values with known meanings.
 */
#include "vmx_caps.h"
#include <linux/hvx.h>
#include "kselftest_harness.h"

/* A control MSR allowing @allowed1 bits and forcing @allowed0 bits. */
static uint64_t ctl(uint32_t allowed0, uint32_t allowed1)
{
	return (uint64_t)allowed1 << 32 | allowed0;
}

/* A CPU with everything hvx needs, and nothing optional. */
static struct vmx_cap_msrs minimal_cpu(void)
{
	return (struct vmx_cap_msrs) {
		.basic = VMX_BASIC_TRUE_CTLS | (4096ULL << 32) | 0x12,
		.pinbased = ctl(0x16, 0x16 | PIN_EXT_INTR_EXITING |
				PIN_NMI_EXITING),
		.procbased = ctl(0x0401e172, 0xffffffff & ~CPU_TPR_SHADOW),
		.procbased2 = ctl(0, CPU2_EPT | CPU2_UNRESTRICTED_GUEST),
		.exit = ctl(0x36dff, 0x36dff | EXIT_LOAD_EFER |
			    EXIT_SAVE_EFER | EXIT_LOAD_PAT | EXIT_SAVE_PAT),
		.entry = ctl(0x11ff, 0x11ff | ENTRY_LOAD_EFER |
			     ENTRY_LOAD_PAT),
		.ept_vpid_cap = EPT_CAP_PWL4 | EPT_CAP_WB | EPT_CAP_INVEPT |
				EPT_CAP_INVEPT_ALL,
	};
}

TEST(minimal_cpu_is_enough)
{
	struct vmx_cap_msrs m = minimal_cpu();
	uint64_t f = vmx_caps_features(&m);

	ASSERT_EQ(NULL, vmx_caps_missing(f));
	ASSERT_TRUE(f & HVX_VMX_EPT);
	ASSERT_TRUE(f & HVX_VMX_UNRESTRICTED);
	ASSERT_TRUE(f & HVX_VMX_TRUE_CTLS);
	ASSERT_FALSE(f & HVX_VMX_VPID);
	ASSERT_FALSE(f & HVX_VMX_EPT_2M);
	ASSERT_FALSE(f & HVX_VMX_TPR_SHADOW);
	ASSERT_FALSE(f & HVX_VMX_POSTED_INTR);
}

TEST(missing_ept_is_named)
{
	struct vmx_cap_msrs m = minimal_cpu();

	m.procbased2 = ctl(0, CPU2_UNRESTRICTED_GUEST);
	ASSERT_STREQ("EPT", vmx_caps_missing(vmx_caps_features(&m)));
}

TEST(missing_unrestricted_guest_is_named)
{
	struct vmx_cap_msrs m = minimal_cpu();

	m.procbased2 = ctl(0, CPU2_EPT);
	ASSERT_STREQ("unrestricted guest",
		     vmx_caps_missing(vmx_caps_features(&m)));
}

TEST(secondary_controls_gate_their_features)
{
	struct vmx_cap_msrs m = minimal_cpu();
	uint64_t f;

	/* Without the "activate secondary controls" bit none of them count. */
	m.procbased = ctl(0, 0x7fffffff);
	m.procbased2 = ctl(0, 0xffffffff);
	f = vmx_caps_features(&m);
	ASSERT_FALSE(f & HVX_VMX_EPT);
	ASSERT_FALSE(f & HVX_VMX_EPT_WB);
	ASSERT_FALSE(f & HVX_VMX_PML);
	ASSERT_STREQ("secondary processor-based controls", vmx_caps_missing(f));
}

TEST(ept_capabilities_decode)
{
	struct vmx_cap_msrs m = minimal_cpu();
	uint64_t f;

	m.procbased2 = ctl(0, CPU2_EPT | CPU2_UNRESTRICTED_GUEST | CPU2_VPID |
			   CPU2_PML);
	m.ept_vpid_cap |= EPT_CAP_2M | EPT_CAP_1G | EPT_CAP_AD |
			  EPT_CAP_EXEC_ONLY | VPID_CAP_INVVPID;
	f = vmx_caps_features(&m);
	ASSERT_TRUE(f & HVX_VMX_EPT_2M);
	ASSERT_TRUE(f & HVX_VMX_EPT_1G);
	ASSERT_TRUE(f & HVX_VMX_EPT_AD);
	ASSERT_TRUE(f & HVX_VMX_EPT_EXEC_ONLY);
	ASSERT_TRUE(f & HVX_VMX_VPID);
	ASSERT_TRUE(f & HVX_VMX_INVVPID);
	ASSERT_TRUE(f & HVX_VMX_PML);
}

TEST(efer_needs_load_and_save)
{
	struct vmx_cap_msrs m = minimal_cpu();

	m.exit &= ~((uint64_t)EXIT_SAVE_EFER << 32);
	ASSERT_FALSE(vmx_caps_features(&m) & HVX_VMX_LOAD_EFER);
	ASSERT_STREQ("EFER load/save on entry and exit",
		     vmx_caps_missing(vmx_caps_features(&m)));
}

TEST(ctl_adjust_forces_allowed0_and_filters_optional)
{
	uint32_t out = 0;

	ASSERT_EQ(0, vmx_ctl_adjust(ctl(0x16, 0x7f), 0x1, 0x80 | 0x40, &out));
	ASSERT_EQ(0x16 | 0x1 | 0x40, out);
}

TEST(ctl_adjust_fails_on_missing_required_bit)
{
	uint32_t out = 0xdead;

	ASSERT_EQ(-1, vmx_ctl_adjust(ctl(0, 0x0f), 0x10, 0, &out));
	ASSERT_EQ(0xdead, out);
}

TEST(basic_fields)
{
	uint64_t b = (1ULL << 55) | (1024ULL << 32) | 0x8000004;

	ASSERT_EQ(4, VMX_BASIC_REVISION(b & ~(1ULL << 31)) & 0xff);
	ASSERT_EQ(1024, VMX_BASIC_VMCS_SIZE(b));
}

TEST_HARNESS_MAIN
