// SPDX-License-Identifier: GPL-2.0
/*
 * The system ioctls of /dev/hvx: API version, extensions, VMX
 * capabilities, and ENOTTY for ioctls an fd type does not have.
 */
#include <cpuid.h>
#include "hvx_harness.h"

TEST(api_version)
{
	int sys_fd = hvxt_open_sys();

	ASSERT_EQ(HVX_API_VERSION, hvx_api_version(sys_fd));
	ASSERT_EQ(1, HVX_API_VERSION);
	/* The argument must be 0. */
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl_arg(sys_fd, HVX_GET_API_VERSION, 1));
	ASSERT_EQ(HVX_API_VERSION, hvx_api_version(sys_fd));
}

TEST(vcpu_mmap_size)
{
	int sys_fd = hvxt_open_sys();

	ASSERT_EQ(HVX_RUN_SIZE,
		  hvxt_raw_ioctl_arg(sys_fd, HVX_GET_VCPU_MMAP_SIZE, 0));
	ASSERT_ERRNO(EINVAL,
		     hvxt_raw_ioctl_arg(sys_fd, HVX_GET_VCPU_MMAP_SIZE, 1));
}

TEST(check_extension_known)
{
	int sys_fd = hvxt_open_sys();

	EXPECT_EQ(1, hvx_check_extension(sys_fd, HVX_CAP_VMX_CAPS));
	EXPECT_EQ(16, hvx_check_extension(sys_fd, HVX_CAP_NR_VCPUS));
	EXPECT_EQ(256, hvx_check_extension(sys_fd, HVX_CAP_MAX_VCPU_ID));
	EXPECT_EQ(32, hvx_check_extension(sys_fd, HVX_CAP_NR_MEMSLOTS));
	EXPECT_EQ(1, hvx_check_extension(sys_fd, HVX_CAP_READONLY_MEM));
	EXPECT_EQ(1, hvx_check_extension(sys_fd, HVX_CAP_IMMEDIATE_EXIT));
	EXPECT_EQ(1, hvx_check_extension(sys_fd, HVX_CAP_UNRESTRICTED));
	EXPECT_EQ(sizeof(struct hvx_xsave),
		  hvx_check_extension(sys_fd, HVX_CAP_XSAVE));
	EXPECT_EQ(1, hvx_check_extension(sys_fd, HVX_CAP_VMCS_DUMP));
	/* Later capabilities: present, with a sane answer. */
	EXPECT_EQ(1, hvx_check_extension(sys_fd, HVX_CAP_INTERRUPTS));
	EXPECT_EQ(1, hvx_check_extension(sys_fd, HVX_CAP_TRANSLATE));
	EXPECT_EQ(1, hvx_check_extension(sys_fd, HVX_CAP_MMIO));
	EXPECT_LT(0, hvx_check_extension(sys_fd, HVX_CAP_IOEVENTFD));
	EXPECT_LE(1, hvx_check_extension(sys_fd, HVX_CAP_DIRTY_LOG));
	EXPECT_GE(2, hvx_check_extension(sys_fd, HVX_CAP_DIRTY_LOG));
}

TEST(check_extension_unknown)
{
	static const long unknown[] = {
		0, 100, 1000, 0x7fffffff, -1, -2, 0x100000001L,
	};
	int sys_fd = hvxt_open_sys();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		long r = hvx_check_extension(sys_fd, unknown[i]);

		EXPECT_EQ(0, r) TH_LOG("capability %ld", unknown[i]);
	}
}

static void check_required_features(struct __test_metadata *_metadata,
				    const struct hvx_vmx_caps *caps)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} required[] = {
		{ HVX_VMX_EPT, "EPT" },
		{ HVX_VMX_EPT_4LEVEL, "EPT_4LEVEL" },
		{ HVX_VMX_EPT_WB, "EPT_WB" },
		{ HVX_VMX_UNRESTRICTED, "UNRESTRICTED" },
		{ HVX_VMX_SECONDARY_CTLS, "SECONDARY_CTLS" },
		{ HVX_VMX_MSR_BITMAPS, "MSR_BITMAPS" },
		{ HVX_VMX_INVEPT, "INVEPT" },
		{ HVX_VMX_LOAD_EFER, "LOAD_EFER" },
		{ HVX_VMX_LOAD_PAT, "LOAD_PAT" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(required); i++) {
		if (!(caps->features & required[i].bit))
			hvxt_log("feature %s missing (features %#llx)",
				 required[i].name,
				 (unsigned long long)caps->features);
		EXPECT_NE(0, caps->features & required[i].bit);
	}
}

TEST(vmx_caps)
{
	struct hvx_vmx_caps caps;
	int sys_fd = hvxt_open_sys();
	unsigned int i;

	memset(&caps, 0xa5, sizeof(caps));
	ASSERT_EQ(0, hvx_get_vmx_caps(sys_fd, &caps));
	EXPECT_NE(0, caps.vmcs_revision);
	/* Bits 30:0 of IA32_VMX_BASIC, size in bits 44:32 (SDM A.1). */
	EXPECT_EQ(caps.msr_basic & 0x7fffffff, caps.vmcs_revision);
	EXPECT_EQ((caps.msr_basic >> 32) & 0x1fff, caps.vmcs_size);
	EXPECT_GT(caps.vmcs_size, 0);
	EXPECT_LE(caps.vmcs_size, 4096);
	EXPECT_EQ(caps.msr_misc & 0x1f, caps.preemption_timer_shift);
	EXPECT_EQ(0, caps.flags);
	for (i = 0; i < ARRAY_SIZE(caps.reserved); i++)
		EXPECT_EQ(0, caps.reserved[i]);
	/* No bit beyond the last defined one. */
	EXPECT_EQ(0, caps.features & ~((HVX_VMX_INS_OUTS_INFO << 1) - 1));
	check_required_features(_metadata, &caps);
}

/* Broadwell ULT: family 6, model 0x3d, what the testbed's Bochs models. */
static bool cpu_is_broadwell_ult(void)
{
	unsigned int eax, ebx, ecx, edx, family, model;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
		return false;
	family = (eax >> 8) & 0xf;
	model = ((eax >> 4) & 0xf) | (((eax >> 16) & 0xf) << 4);
	return family == 6 && model == 0x3d;
}

TEST(vmx_caps_broadwell_ult)
{
	struct hvx_vmx_caps caps;
	int sys_fd = hvxt_open_sys();

	HVXT_REQUIRE(cpu_is_broadwell_ult(),
		     "not the testbed's CPU model (broadwell_ult)");
	ASSERT_EQ(0, hvx_get_vmx_caps(sys_fd, &caps));
	EXPECT_NE(0, caps.features & HVX_VMX_VPID);
	EXPECT_NE(0, caps.features & HVX_VMX_INVVPID);
	EXPECT_NE(0, caps.features & HVX_VMX_EPT_AD);
	EXPECT_NE(0, caps.features & HVX_VMX_EPT_2M);
	EXPECT_NE(0, caps.features & HVX_VMX_EPT_1G);
	EXPECT_NE(0, caps.features & HVX_VMX_PREEMPTION_TIMER);
	EXPECT_NE(0, caps.features & HVX_VMX_TRUE_CTLS);
	EXPECT_EQ(0, caps.features & HVX_VMX_POSTED_INTR);
	EXPECT_EQ(0, caps.features & HVX_VMX_PML);
	check_required_features(_metadata, &caps);
}

/* Ioctl numbers no fd type knows. */
static const unsigned long bogus_ioctls[] = {
	_IO(HVXIO, 0x3f), _IO(HVXIO, 0x7f), _IO(HVXIO, 0xbf), _IO(HVXIO, 0xff),
	_IO('X', 1), _IOR(HVXIO, 0x00, int), 0,
};

TEST(enotty_system_fd)
{
	int sys_fd = hvxt_open_sys();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bogus_ioctls); i++)
		ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(sys_fd, bogus_ioctls[i], 0));
	/* VM and vCPU ioctls are not system ioctls. */
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(sys_fd, HVX_CREATE_VCPU, 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(sys_fd, HVX_SET_USER_MEMORY_REGION, 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(sys_fd, HVX_RUN, 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(sys_fd, HVX_GET_REGS, 0));
	/* The fd still works. */
	ASSERT_EQ(HVX_API_VERSION, hvx_api_version(sys_fd));
}

TEST(enotty_vm_fd)
{
	int sys_fd = hvxt_open_sys();
	int vm_fd = hvx_create_vm(sys_fd);
	unsigned int i;

	ASSERT_LE(0, vm_fd);
	for (i = 0; i < ARRAY_SIZE(bogus_ioctls); i++)
		ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vm_fd, bogus_ioctls[i], 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vm_fd, HVX_GET_API_VERSION, 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vm_fd, HVX_CREATE_VM, 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vm_fd, HVX_CHECK_EXTENSION, 1));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vm_fd, HVX_RUN, 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vm_fd, HVX_GET_REGS, 0));
	/* The fd still works. */
	ASSERT_LE(0, hvx_create_vcpu(vm_fd, 0));
}

TEST(enotty_vcpu_fd)
{
	int sys_fd = hvxt_open_sys();
	int vm_fd = hvx_create_vm(sys_fd);
	struct hvx_regs regs;
	int vcpu_fd;
	unsigned int i;

	ASSERT_LE(0, vm_fd);
	vcpu_fd = hvx_create_vcpu(vm_fd, 0);
	ASSERT_LE(0, vcpu_fd);
	for (i = 0; i < ARRAY_SIZE(bogus_ioctls); i++)
		ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vcpu_fd, bogus_ioctls[i], 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vcpu_fd, HVX_GET_API_VERSION, 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vcpu_fd, HVX_CREATE_VM, 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vcpu_fd, HVX_CREATE_VCPU, 1));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vcpu_fd, HVX_SET_USER_MEMORY_REGION, 0));
	ASSERT_ERRNO(ENOTTY, hvxt_raw_ioctl_arg(vcpu_fd, HVX_GET_VMX_CAPS, 0));
	/* The fd still works. */
	ASSERT_EQ(0, hvx_get_regs(vcpu_fd, &regs));
}

TEST(create_vm_arg_must_be_zero)
{
	int sys_fd = hvxt_open_sys();
	int vm_fd;

	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl_arg(sys_fd, HVX_CREATE_VM, 1));
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl_arg(sys_fd, HVX_CREATE_VM, ~0UL));
	vm_fd = hvx_create_vm(sys_fd);
	ASSERT_LE(0, vm_fd);
	ASSERT_LE(0, hvx_create_vcpu(vm_fd, 0));
}

TEST(many_vms_at_once)
{
	int sys_fd = hvxt_open_sys();
	int fds[8];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fds); i++) {
		fds[i] = hvx_create_vm(sys_fd);
		ASSERT_LE(0, fds[i]) TH_LOG("VM %u: %s", i,
					    hvxt_errno_name(-fds[i]));
		ASSERT_LE(0, hvx_create_vcpu(fds[i], 0));
	}
	for (i = 0; i < ARRAY_SIZE(fds); i++)
		ASSERT_EQ(0, close(fds[i]));
}

TEST_HARNESS_MAIN
