// SPDX-License-Identifier: GPL-2.0
/*
 * libhvx's accelerator layer (userspace/lib/accel.h) on both of its
 * backends, hvx.ko and KVM, with the same guest code and the same
 * checks: the run page in hvx's format either way (port I/O out and in
 * with their data, MMIO writes and reads where no slot is, HLT with the
 * interrupt flags, a kick's EINTR), an interrupt injected, registers in
 * hvx's layouts, long mode set up by the layer, and choosing a backend
 * by name.
 *
 * The KVM variant needs Debian's kvm modules (the testbed's --kvm) and
 * root: each of its tests loads them if they are not loaded and unloads
 * what it loaded; without them it skips.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include "accel.h"
#include "hvx_harness.h"

#define KVM_DIR		"/lib/modules/kvm"
#define MMIO_GPA	0xd0000000ULL	/* no slot there */

HVXT_GUEST_CODE(io_guest,
	".code32\n"
	"	mov $0x12345678, %eax\n"
	"	out %eax, $0x80\n"
	"	in $0x81, %ax\n"
	"	mov %eax, %ebx\n"
	"	hlt\n"
);

HVXT_GUEST_CODE(mmio_guest,
	".code32\n"
	"	movl $0xcafef00d, 0xd0000000\n"
	"	mov 0xd0000008, %ecx\n"
	"	hlt\n"
);

/* Real mode: vector 0x20's handler in the IVT, then wait for it. */
HVXT_GUEST_LABEL(irq_guest_handler);
HVXT_GUEST_CODE(irq_guest,
	".code16\n"
	"	movw $" GUEST_ADDR(irq_guest, irq_guest_handler) ", 0x80\n"
	"	movw $0, 0x82\n"
	"	sti\n"
	"	hlt\n"
	"	jmp .\n"
	"irq_guest_handler:\n"
	"	mov $0x55, %al\n"
	"	out %al, $0x83\n"
	"	hlt\n"
);

HVXT_GUEST_CODE(long_guest,
	".code64\n"
	"	mov $0x1122334455667788, %rax\n"
	"	out %eax, $0x80\n"
	"	hlt\n"
);

FIXTURE(accel) {
	struct accel accel;
	struct accel_vm vm;
	struct accel_vcpu vcpu;
	uint8_t *mem;
	bool loaded_kvm;
	const char *absent;	/* why the backend is not there, or NULL */
};

FIXTURE_VARIANT(accel) {
	const char *name;
};

FIXTURE_VARIANT_ADD(accel, hvx) {
	.name = "hvx",
};

FIXTURE_VARIANT_ADD(accel, kvm) {
	.name = "kvm",
};

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/*
 * KVM, loaded here if it is not: true if this call loaded it. NULL in
 * *@absent, or why there is no KVM to test.
 */
static bool load_kvm(struct __test_metadata *_metadata, const char **absent)
{
	*absent = NULL;
	if (exists("/dev/kvm"))
		return false;
	if (!exists(KVM_DIR "/kvm-intel.ko") || getuid()) {
		*absent = "no kvm modules in " KVM_DIR " (testbed --kvm) or not root";
		return false;
	}
	EXPECT_EQ(0, system("insmod " KVM_DIR "/irqbypass.ko && "
			    "insmod " KVM_DIR "/kvm.ko && "
			    "insmod " KVM_DIR "/kvm-intel.ko"));
	return true;
}

/* The backend opened, a VM with HVXT_MEM_SIZE bytes at 0, vCPU 0. */
FIXTURE_SETUP(accel)
{
	const struct accel_ops *ops = accel_find(variant->name);

	memset(self, 0, sizeof(*self));
	self->vm.fd = self->vcpu.fd = -1;
	ASSERT_NE(NULL, ops);
	if (!strcmp(variant->name, "kvm")) {
		self->loaded_kvm = load_kvm(_metadata, &self->absent);
		if (self->absent)
			return;
	}
	ASSERT_EQ(0, accel_open(&self->accel, ops))
		TH_LOG("%s", self->accel.error);
	ASSERT_STREQ(variant->name, accel_name(&self->accel));
	ASSERT_EQ(0, accel_vm_create(&self->accel, &self->vm))
		TH_LOG("%s", self->accel.error);
	self->mem = hvx_alloc_guest_memory(HVXT_MEM_SIZE);
	ASSERT_NE(NULL, self->mem);
	ASSERT_EQ(0, accel_vm_set_memory(&self->vm, 0, 0, HVXT_MEM_SIZE,
					 self->mem))
		TH_LOG("%s", self->accel.error);
	ASSERT_EQ(0, accel_vcpu_create(&self->vm, &self->vcpu, 0))
		TH_LOG("%s", self->accel.error);
	ASSERT_NE(NULL, self->vcpu.run);
}

FIXTURE_TEARDOWN(accel)
{
	accel_vcpu_destroy(&self->vcpu);
	accel_vm_destroy(&self->vm);
	if (self->mem)
		hvx_free_guest_memory(self->mem, HVXT_MEM_SIZE);
	if (!self->absent)
		accel_close(&self->accel);
	if (self->loaded_kvm)
		EXPECT_EQ(0, system("rmmod kvm_intel && rmmod kvm && "
				    "rmmod irqbypass"));
}

/* A test of the backend: skipped when it is not there. */
#define REQUIRE_BACKEND()	HVXT_REQUIRE(!self->absent, "%s", self->absent)

/* @code at HVXT_CODE_GPA, the vCPU at it in @mode. */
static int start(FIXTURE_DATA(accel) *self, enum hvx_guest_mode mode,
		 const unsigned char *code, const unsigned char *end)
{
	memcpy(self->mem + HVXT_CODE_GPA, code, end - code);
	return accel_vcpu_setup_mode(&self->vcpu, mode, HVXT_CODE_GPA,
				     hvxt_stack_top(mode, 0),
				     self->mem + HVXT_TABLES_GPA,
				     HVXT_TABLES_GPA);
}

/* One run, which must stop at an exit of @reason. */
static struct hvx_run *run_to(struct __test_metadata *_metadata,
			      struct accel_vcpu *vcpu, uint32_t reason)
{
	struct hvx_run *run = vcpu->run;

	EXPECT_EQ(0, accel_vcpu_run(vcpu));
	EXPECT_EQ(reason, run->exit_reason)
		TH_LOG("exit %s", hvx_exit_name(run->exit_reason));
	return run;
}

TEST_F(accel, port_io_out_and_in)
{
	struct hvx_regs regs;
	struct hvx_run *run;
	uint16_t answer = 0xbeef;
	uint32_t out;

	REQUIRE_BACKEND();
	ASSERT_EQ(0, start(self, HVX_MODE_PROTECTED, io_guest_start,
			   io_guest_end));
	run = run_to(_metadata, &self->vcpu, HVX_EXIT_IO);
	EXPECT_EQ(HVX_EXIT_IO_OUT, run->io.direction);
	EXPECT_EQ(4, run->io.size);
	EXPECT_EQ(0x80, run->io.port);
	EXPECT_EQ(1, run->io.count);
	memcpy(&out, hvx_io_data(run), 4);
	EXPECT_EQ(0x12345678, out);

	run = run_to(_metadata, &self->vcpu, HVX_EXIT_IO);
	EXPECT_EQ(HVX_EXIT_IO_IN, run->io.direction);
	EXPECT_EQ(2, run->io.size);
	EXPECT_EQ(0x81, run->io.port);
	memcpy(hvx_io_data(run), &answer, 2);

	run_to(_metadata, &self->vcpu, HVX_EXIT_HLT);
	ASSERT_EQ(0, accel_vcpu_get_regs(&self->vcpu, &regs));
	EXPECT_EQ(0x1234beef, regs.rbx);
}

TEST_F(accel, mmio_write_and_read)
{
	uint32_t written, answer = 0x11223344;
	struct hvx_regs regs;
	struct hvx_run *run;

	REQUIRE_BACKEND();
	if (!strcmp(variant->name, "hvx"))
		HVXT_REQUIRE_CAP(self->accel.fd, HVX_CAP_MMIO);
	ASSERT_EQ(0, start(self, HVX_MODE_PROTECTED, mmio_guest_start,
			   mmio_guest_end));
	run = run_to(_metadata, &self->vcpu, HVX_EXIT_MMIO);
	EXPECT_EQ(MMIO_GPA, run->mmio.phys_addr);
	EXPECT_EQ(4, run->mmio.len);
	EXPECT_EQ(1, run->mmio.is_write);
	memcpy(&written, run->mmio.data, 4);
	EXPECT_EQ(0xcafef00d, written);

	run = run_to(_metadata, &self->vcpu, HVX_EXIT_MMIO);
	EXPECT_EQ(MMIO_GPA + 8, run->mmio.phys_addr);
	EXPECT_EQ(4, run->mmio.len);
	EXPECT_EQ(0, run->mmio.is_write);
	memcpy(run->mmio.data, &answer, 4);

	run_to(_metadata, &self->vcpu, HVX_EXIT_HLT);
	ASSERT_EQ(0, accel_vcpu_get_regs(&self->vcpu, &regs));
	EXPECT_EQ(0x11223344, regs.rcx);
}

TEST_F(accel, interrupt_wakes_a_halt)
{
	struct hvx_run *run;

	REQUIRE_BACKEND();
	ASSERT_EQ(0, start(self, HVX_MODE_REAL, irq_guest_start,
			   irq_guest_end));
	run = run_to(_metadata, &self->vcpu, HVX_EXIT_HLT);
	EXPECT_EQ(1, run->if_flag);
	/* Not ready yet (an STI shadow, say): ask for the window. */
	if (!run->ready_for_interrupt_injection) {
		run->request_interrupt_window = 1;
		run = run_to(_metadata, &self->vcpu, HVX_EXIT_IRQ_WINDOW_OPEN);
		run->request_interrupt_window = 0;
	}
	ASSERT_EQ(1, run->ready_for_interrupt_injection);
	ASSERT_EQ(0, accel_vcpu_interrupt(&self->vcpu, 0x20));
	run = run_to(_metadata, &self->vcpu, HVX_EXIT_IO);
	EXPECT_EQ(0x83, run->io.port);
	EXPECT_EQ(0x55, *(uint8_t *)hvx_io_data(run));
}

TEST_F(accel, kick_returns_eintr)
{
	struct hvx_run *run = self->vcpu.run;

	REQUIRE_BACKEND();
	ASSERT_EQ(0, start(self, HVX_MODE_PROTECTED, io_guest_start,
			   io_guest_end));
	accel_vcpu_kick(&self->vcpu);
	EXPECT_EQ(-EINTR, accel_vcpu_run(&self->vcpu));
	EXPECT_EQ(HVX_EXIT_INTR, run->exit_reason);
	/* Cleared, the run goes into the guest as far as its first exit. */
	accel_vcpu_clear_kick(&self->vcpu);
	run_to(_metadata, &self->vcpu, HVX_EXIT_IO);
	EXPECT_EQ(0x80, run->io.port);
}

TEST_F(accel, long_mode_set_up)
{
	struct hvx_sregs s;
	struct hvx_regs regs;
	struct hvx_run *run;
	uint32_t out;

	REQUIRE_BACKEND();
	ASSERT_EQ(0, start(self, HVX_MODE_LONG, long_guest_start,
			   long_guest_end));
	ASSERT_EQ(0, accel_vcpu_get_sregs(&self->vcpu, &s));
	EXPECT_EQ(0x500, s.efer & 0x500);	/* LME and LMA */
	EXPECT_EQ(0x80000001, s.cr0 & 0x80000001);	/* PG and PE */
	EXPECT_EQ(HVXT_TABLES_GPA + 0x1000, s.cr3);
	EXPECT_EQ(HVX_SEL_CODE64, s.cs.selector);
	EXPECT_EQ(1, s.cs.l);
	run = run_to(_metadata, &self->vcpu, HVX_EXIT_IO);
	memcpy(&out, hvx_io_data(run), 4);
	EXPECT_EQ(0x55667788, out);
	run_to(_metadata, &self->vcpu, HVX_EXIT_HLT);
	ASSERT_EQ(0, accel_vcpu_get_regs(&self->vcpu, &regs));
	EXPECT_EQ(0x1122334455667788ULL, regs.rax);
}

TEST_F(accel, regs_round_trip)
{
	struct hvx_regs set, got;
	uint64_t *v = (uint64_t *)&set;
	unsigned int i;

	REQUIRE_BACKEND();
	ASSERT_EQ(0, start(self, HVX_MODE_LONG, long_guest_start,
			   long_guest_end));
	ASSERT_EQ(0, accel_vcpu_get_regs(&self->vcpu, &set));
	/* Every GPR its own value; RIP and RFLAGS stay sane. */
	for (i = 0; i < 16; i++)
		v[i] = 0x0101010101010101ULL * (i + 1);
	ASSERT_EQ(0, accel_vcpu_set_regs(&self->vcpu, &set));
	ASSERT_EQ(0, accel_vcpu_get_regs(&self->vcpu, &got));
	EXPECT_EQ(0, memcmp(&set, &got, sizeof(set)));
}

TEST(backends_by_name)
{
	ASSERT_NE(NULL, accel_find("hvx"));
	ASSERT_NE(NULL, accel_find("kvm"));
	EXPECT_NE(accel_find("hvx"), accel_find("kvm"));
	EXPECT_EQ(NULL, accel_find("xen"));
	EXPECT_EQ(NULL, accel_find(""));
	EXPECT_EQ(NULL, accel_find("HVX"));
}

TEST_HARNESS_MAIN
