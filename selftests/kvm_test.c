// SPDX-License-Identifier: GPL-2.0
/*
 * hvx beside KVM: only one hypervisor can hold VMX on a CPU. While KVM
 * has a VM, HVX_CREATE_VM fails with EBUSY; while hvx has one, KVM
 * cannot create its own; once the holder's VMs are gone the other works.
 *
 * Needs Debian's kvm modules at /lib/modules/kvm/ (the testbed's --kvm)
 * and root; skips without them. The first test loads them, the last
 * unloads them, so the tests after this program see no KVM.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include "hvx_harness.h"

#define KVM_DIR		"/lib/modules/kvm"
#define KVMIO		0xAE
#define KVM_GET_API_VERSION	_IO(KVMIO, 0x00)
#define KVM_CREATE_VM		_IO(KVMIO, 0x01)

static bool kvm_modules_present(void)
{
	struct stat st;

	return stat(KVM_DIR "/kvm-intel.ko", &st) == 0 && getuid() == 0;
}

static bool kvm_loaded(void)
{
	struct stat st;

	return stat("/dev/kvm", &st) == 0;
}

static int kvm_create_vm(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	long r;

	if (kvm < 0)
		return -errno;
	r = hvxt_raw_ioctl_arg(kvm, KVM_CREATE_VM, 0);
	close(kvm);
	return r;
}

TEST(load_kvm)
{
	HVXT_REQUIRE(kvm_modules_present(),
		     "no kvm modules in " KVM_DIR " (testbed --kvm) or not root");
	if (!kvm_loaded()) {
		ASSERT_EQ(0, system("insmod " KVM_DIR "/irqbypass.ko && "
				    "insmod " KVM_DIR "/kvm.ko && "
				    "insmod " KVM_DIR "/kvm-intel.ko"));
	}
	ASSERT_TRUE(kvm_loaded());
}

TEST(hvx_busy_while_kvm_has_a_vm)
{
	int sys_fd, kvm_vm, vm_fd;

	HVXT_REQUIRE(kvm_loaded(), "kvm is not loaded");
	sys_fd = hvxt_open_sys();
	kvm_vm = kvm_create_vm();
	ASSERT_LE(0, kvm_vm) TH_LOG("KVM_CREATE_VM: %s",
				    hvxt_errno_name(-kvm_vm));
	ASSERT_ERRNO(EBUSY, hvx_create_vm(sys_fd));
	ASSERT_ERRNO(EBUSY, hvx_create_vm(sys_fd));
	/* The system ioctls do not need VMX. */
	EXPECT_EQ(HVX_API_VERSION, hvx_api_version(sys_fd));
	close(kvm_vm);
	vm_fd = hvx_create_vm(sys_fd);
	ASSERT_LE(0, vm_fd);
	close(vm_fd);
}

HVXT_GUEST_CODE(kvm_guest,
	".code64\n"
	"	mov $0x4b564d, %eax\n"
	GUEST_REPORT
	GUEST_DONE
);

TEST(kvm_refused_while_hvx_has_a_vm)
{
	struct hvxt_vcpu *vcpu;
	int kvm_vm;

	HVXT_REQUIRE(kvm_loaded(), "kvm is not loaded");
	vcpu = hvxt_vm_with_code(HVX_MODE_LONG, kvm_guest_start,
				 kvm_guest_end, kvm_guest_start);
	kvm_vm = kvm_create_vm();
	if (kvm_vm >= 0)
		close(kvm_vm);
	ASSERT_ERRNO(EBUSY, kvm_vm);
	/* hvx's guest is not disturbed. */
	EXPECT_EQ(0x4b564d, HVXT_RUN_UNTIL_REPORT(vcpu));
	hvxt_vm_destroy(vcpu->vm);
	/* hvx let go of VMX with its last VM. */
	kvm_vm = kvm_create_vm();
	ASSERT_LE(0, kvm_vm) TH_LOG("KVM_CREATE_VM: %s",
				    hvxt_errno_name(-kvm_vm));
	close(kvm_vm);
}

TEST(unload_kvm)
{
	HVXT_REQUIRE(kvm_loaded(), "kvm is not loaded");
	ASSERT_EQ(0, system("rmmod kvm_intel && rmmod kvm && rmmod irqbypass"));
	ASSERT_FALSE(kvm_loaded());
}

TEST_HARNESS_MAIN
