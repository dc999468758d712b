// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI must not drift: every struct's size and every field's offset in
 * uapi/linux/hvx.h is pinned here. A change that moves one is an ABI break
 * and must be a new struct or a new capability instead.
 */
#include <stddef.h>
#include <linux/hvx.h>
#include "kselftest_harness.h"

#define OFF(type, field, off) ASSERT_EQ(off, offsetof(struct type, field))

TEST(struct_sizes)
{
	ASSERT_EQ(152, sizeof(struct hvx_vmx_caps));
	ASSERT_EQ(48, sizeof(struct hvx_memory_region));
	ASSERT_EQ(144, sizeof(struct hvx_regs));
	ASSERT_EQ(24, sizeof(struct hvx_segment));
	ASSERT_EQ(16, sizeof(struct hvx_dtable));
	ASSERT_EQ(312, sizeof(struct hvx_sregs));
	ASSERT_EQ(16, sizeof(struct hvx_msr_entry));
	ASSERT_EQ(8, sizeof(struct hvx_msrs));
	ASSERT_EQ(32, sizeof(struct hvx_cpuid_entry));
	ASSERT_EQ(8, sizeof(struct hvx_cpuid));
	ASSERT_EQ(4096, sizeof(struct hvx_xsave));
	ASSERT_EQ(312, sizeof(struct hvx_run));
}

TEST(vmx_caps_offsets)
{
	OFF(hvx_vmx_caps, vmcs_revision, 0);
	OFF(hvx_vmx_caps, features, 8);
	OFF(hvx_vmx_caps, preemption_timer_shift, 16);
	OFF(hvx_vmx_caps, msr_basic, 24);
	OFF(hvx_vmx_caps, msr_ept_vpid_cap, 80);
	OFF(hvx_vmx_caps, reserved, 88);
}

TEST(memory_region_offsets)
{
	OFF(hvx_memory_region, slot, 0);
	OFF(hvx_memory_region, flags, 4);
	OFF(hvx_memory_region, guest_phys_addr, 8);
	OFF(hvx_memory_region, memory_size, 16);
	OFF(hvx_memory_region, userspace_addr, 24);
	OFF(hvx_memory_region, reserved, 32);
}

TEST(regs_offsets)
{
	OFF(hvx_regs, rax, 0);
	OFF(hvx_regs, r8, 64);
	OFF(hvx_regs, rip, 128);
	OFF(hvx_regs, rflags, 136);
}

TEST(sregs_offsets)
{
	OFF(hvx_segment, base, 0);
	OFF(hvx_segment, limit, 8);
	OFF(hvx_segment, selector, 12);
	OFF(hvx_segment, type, 14);
	OFF(hvx_segment, unusable, 22);
	OFF(hvx_sregs, cs, 0);
	OFF(hvx_sregs, ldt, 168);
	OFF(hvx_sregs, gdt, 192);
	OFF(hvx_sregs, idt, 208);
	OFF(hvx_sregs, cr0, 224);
	OFF(hvx_sregs, cr8, 256);
	OFF(hvx_sregs, efer, 264);
	OFF(hvx_sregs, apic_base, 272);
	OFF(hvx_sregs, reserved, 280);
}

TEST(table_offsets)
{
	OFF(hvx_msrs, entries, 8);
	OFF(hvx_msr_entry, data, 8);
	OFF(hvx_cpuid, entries, 8);
	OFF(hvx_cpuid_entry, eax, 12);
	OFF(hvx_cpuid_entry, reserved, 28);
}

TEST(run_page_offsets)
{
	OFF(hvx_run, immediate_exit, 0);
	OFF(hvx_run, flags_in, 4);
	OFF(hvx_run, exit_reason, 8);
	OFF(hvx_run, io, 56);
	OFF(hvx_run, io.data_offset, 64);
	OFF(hvx_run, hypercall.ret, 104);
	OFF(hvx_run, fail_entry.explanation, 80);
	OFF(hvx_run, shutdown.chain, 60);
	OFF(hvx_run, shutdown.rip, 64);
	OFF(hvx_run, internal.data, 64);
	OFF(hvx_run, mmio.data, 64);
	OFF(hvx_run, mmio.is_write, 76);
	ASSERT_LE(sizeof(struct hvx_run), HVX_RUN_IO_DATA_OFFSET);
}

TEST(ioctl_numbers)
{
	/* Stable numbers: VMMs compiled against older headers keep working. */
	ASSERT_EQ(0xaf00, HVX_GET_API_VERSION);
	ASSERT_EQ(0xaf01, HVX_CREATE_VM);
	ASSERT_EQ(0xaf40, HVX_CREATE_VCPU);
	ASSERT_EQ(0xaf80, HVX_RUN);
	ASSERT_EQ(0x4030af41, HVX_SET_USER_MEMORY_REGION);
	ASSERT_EQ(0x8090af81, HVX_GET_REGS);
	ASSERT_EQ(0x8098af04, HVX_GET_VMX_CAPS);
}

TEST_HARNESS_MAIN
