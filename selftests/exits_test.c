// SPDX-License-Identifier: GPL-2.0
/*
 * Exits that end in the VMM: HLT, hypercalls (VMCALL), a triple fault
 * (SHUTDOWN with the exception chain), invalid guest state (FAIL_ENTRY
 * with the check that failed named), and the exit data of each.
 */
#include <fcntl.h>
#include "hvx_harness.h"

/* ------------------------------------------------------------------ */
/* HLT */

HVXT_GUEST_CODE(hlt_guest,
	".code64\n"
	"	mov $0x1111, %rbx\n"
	"	hlt\n"
	"hlt_guest_after1:\n"
	"	mov $0x2222, %rbx\n"
	"	hlt\n"
	"hlt_guest_after2:\n"
	GUEST_DONE
);
HVXT_GUEST_LABEL(hlt_guest_after1);
HVXT_GUEST_LABEL(hlt_guest_after2);

TEST(hlt_exit_advances_rip)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   hlt_guest_start,
						   hlt_guest_end,
						   hlt_guest_start);
	struct hvx_regs regs;

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_get_regs(vcpu, &regs);
	EXPECT_EQ(HVXT_CODE_ADDR(hlt_guest_start, hlt_guest_after1), regs.rip);
	EXPECT_EQ(0x1111, regs.rbx);

	/* Running again resumes after the HLT, not at it. */
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_get_regs(vcpu, &regs);
	EXPECT_EQ(HVXT_CODE_ADDR(hlt_guest_start, hlt_guest_after2), regs.rip);
	EXPECT_EQ(0x2222, regs.rbx);

	HVXT_RUN_UNTIL_DONE(vcpu);
}

/* ------------------------------------------------------------------ */
/* Hypercalls */

HVXT_GUEST_CODE(hcall_guest,
	".code64\n"
	"	mov $0x1001, %rax\n"
	"	mov $0x1111111111111111, %rbx\n"
	"	mov $0x2222222222222222, %rcx\n"
	"	mov $0x3333333333333333, %rdx\n"
	"	mov $0x4444444444444444, %rsi\n"
	"	mov $0x5555555555555555, %rdi\n"
	"	vmcall\n"
	"hcall_after:\n"
	/* RAX now holds what the VMM returned; report it. */
	GUEST_REPORT
	/* The argument registers are untouched. */
	"	mov %rbx, %rax\n"
	GUEST_REPORT
	"	mov %rdi, %rax\n"
	GUEST_REPORT
	/* A second call: the return lands in RAX again. */
	"	mov $0x1002, %eax\n"
	"	xor %ebx, %ebx\n"
	"	vmcall\n"
	GUEST_REPORT
	GUEST_DONE
);
HVXT_GUEST_LABEL(hcall_after);

TEST(hypercall_round_trip)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   hcall_guest_start,
						   hcall_guest_end,
						   hcall_guest_start);
	struct hvx_run *run = vcpu->run;

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HYPERCALL);
	EXPECT_EQ(0x1001, run->hypercall.nr);
	EXPECT_EQ(0x1111111111111111ULL, run->hypercall.args[0]);
	EXPECT_EQ(0x2222222222222222ULL, run->hypercall.args[1]);
	EXPECT_EQ(0x3333333333333333ULL, run->hypercall.args[2]);
	EXPECT_EQ(0x4444444444444444ULL, run->hypercall.args[3]);
	EXPECT_EQ(0x5555555555555555ULL, run->hypercall.args[4]);
	/* RIP is past the VMCALL already. */
	EXPECT_EQ(HVXT_CODE_ADDR(hcall_guest_start, hcall_after),
		  hvxt_get_rip(vcpu));
	run->hypercall.ret = 0xfedcba9876543210ULL;

	EXPECT_EQ(0xfedcba9876543210ULL, HVXT_RUN_UNTIL_REPORT(vcpu));
	EXPECT_EQ(0x1111111111111111ULL, HVXT_RUN_UNTIL_REPORT(vcpu));
	EXPECT_EQ(0x5555555555555555ULL, HVXT_RUN_UNTIL_REPORT(vcpu));

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HYPERCALL);
	EXPECT_EQ(0x1002, run->hypercall.nr);
	EXPECT_EQ(0, run->hypercall.args[0]);
	run->hypercall.ret = (uint64_t)-38;
	EXPECT_EQ((uint64_t)-38, HVXT_RUN_UNTIL_REPORT(vcpu));
	HVXT_RUN_UNTIL_DONE(vcpu);
}

/* The VMM may leave ret alone: RAX then keeps the hypercall number. */
HVXT_GUEST_CODE(hcall_noret,
	".code64\n"
	"	mov $0x77, %eax\n"
	"	vmcall\n"
	GUEST_REPORT
	GUEST_DONE
);

TEST(hypercall_ret_defaults_to_nr)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   hcall_noret_start,
						   hcall_noret_end,
						   hcall_noret_start);

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HYPERCALL);
	EXPECT_EQ(0x77, vcpu->run->hypercall.ret);
	EXPECT_EQ(0x77, HVXT_RUN_UNTIL_REPORT(vcpu));
}

/* A 32-bit guest's hypercall: the registers come through as they are. */
HVXT_GUEST_CODE(hcall32,
	".code32\n"
	"	mov $0x20, %eax\n"
	"	mov $0xaabbccdd, %ebx\n"
	"	vmcall\n"
	GUEST_REPORT
	GUEST_DONE
);

TEST(hypercall_protected_mode)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_PROTECTED,
						   hcall32_start, hcall32_end,
						   hcall32_start);

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HYPERCALL);
	EXPECT_EQ(0x20, vcpu->run->hypercall.nr);
	EXPECT_EQ(0xaabbccdd, vcpu->run->hypercall.args[0]);
	vcpu->run->hypercall.ret = 0x12345678;
	EXPECT_EQ(0x12345678, HVXT_RUN_UNTIL_REPORT(vcpu));
}

/* ------------------------------------------------------------------ */
/* Triple fault */

static void log_exit(struct hvxt_vcpu *vcpu)
{
	char buf[256];

	hvxt_log("%s", hvxt_describe_exit(vcpu->run, buf, sizeof(buf)));
}

HVXT_GUEST_CODE(tf_guest,
	".code64\n"
	"	nop\n"
	"tf_ud2:\n"
	"	ud2\n"
);
HVXT_GUEST_LABEL(tf_ud2);

/*
 * No IDT (limit 0): #UD cannot be delivered and becomes #GP, #GP on
 * #GP is a double fault (#DF), #DF on top of that shuts down. hvx sees
 * #GP then #DF, and the VMM gets SHUTDOWN.
 */
TEST(triple_fault_shutdown)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   tf_guest_start, tf_guest_end,
						   tf_guest_start);
	struct hvx_run *run = vcpu->run;
	struct hvx_sregs sregs;

	hvxt_get_sregs(vcpu, &sregs);
	ASSERT_EQ(0, sregs.idt.limit);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_SHUTDOWN);
	log_exit(vcpu);
	ASSERT_EQ(2, run->shutdown.nr_chain);
	EXPECT_EQ(13, run->shutdown.chain[0]);
	EXPECT_EQ(8, run->shutdown.chain[1]);
	EXPECT_EQ(HVXT_CODE_ADDR(tf_guest_start, tf_ud2), run->shutdown.rip);
}

/* A chain does not leak into the next shutdown after a reset of state. */
TEST(triple_fault_twice)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   tf_guest_start, tf_guest_end,
						   tf_guest_start);
	struct hvx_run *run = vcpu->run;
	struct hvx_sregs sregs;
	struct hvx_regs regs;

	hvxt_get_sregs(vcpu, &sregs);
	hvxt_get_regs(vcpu, &regs);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_SHUTDOWN);
	log_exit(vcpu);
	ASSERT_EQ(2, run->shutdown.nr_chain);

	/* The VMM "resets" the vCPU to where it was and runs it again. */
	hvxt_set_sregs(vcpu, &sregs);
	hvxt_set_regs(vcpu, &regs);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_SHUTDOWN);
	log_exit(vcpu);
	ASSERT_EQ(2, run->shutdown.nr_chain);
	EXPECT_EQ(13, run->shutdown.chain[0]);
	EXPECT_EQ(8, run->shutdown.chain[1]);
}

/* ------------------------------------------------------------------ */
/* Invalid guest state */

HVXT_GUEST_CODE(fe_guest,
	".code64\n"
	"	mov $0x5a5a, %eax\n"
	GUEST_REPORT
	GUEST_DONE
);

#define EXIT_REASON_INVALID_STATE_FAILED	0x80000021ULL

TEST(fail_entry_bad_cs_type)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   fe_guest_start, fe_guest_end,
						   fe_guest_start);
	struct hvx_run *run = vcpu->run;
	struct hvx_sregs good, bad;

	hvxt_get_sregs(vcpu, &good);
	bad = good;
	bad.cs.type = 1;	/* a data segment, read-only, accessed */
	hvxt_set_sregs(vcpu, &bad);

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_FAIL_ENTRY);
	EXPECT_EQ(EXIT_REASON_INVALID_STATE_FAILED,
		  run->fail_entry.hardware_entry_failure_reason);
	EXPECT_STREQ("CS type 1 is not an accessed code segment (9, 11, 13 or 15)",
		     run->fail_entry.explanation);
	/* Nothing ran. */
	EXPECT_EQ(HVXT_CODE_GPA, hvxt_get_rip(vcpu));

	/* Put CS right and the same vCPU runs. */
	hvxt_set_sregs(vcpu, &good);
	EXPECT_EQ(0x5a5a, HVXT_RUN_UNTIL_REPORT(vcpu));
	HVXT_RUN_UNTIL_DONE(vcpu);
}

TEST(fail_entry_bad_tr_type)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   fe_guest_start, fe_guest_end,
						   fe_guest_start);
	struct hvx_run *run = vcpu->run;
	struct hvx_sregs good, bad;

	hvxt_get_sregs(vcpu, &good);
	bad = good;
	bad.tr.type = 3;	/* a busy 16-bit TSS: not in 64-bit mode */
	hvxt_set_sregs(vcpu, &bad);

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_FAIL_ENTRY);
	EXPECT_EQ(EXIT_REASON_INVALID_STATE_FAILED,
		  run->fail_entry.hardware_entry_failure_reason);
	EXPECT_STREQ("TR type 3 is not a busy TSS (11, or 3 outside 64-bit mode)",
		     run->fail_entry.explanation);

	hvxt_set_sregs(vcpu, &good);
	EXPECT_EQ(0x5a5a, HVXT_RUN_UNTIL_REPORT(vcpu));
}

TEST(fail_entry_cs_long_and_db)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   fe_guest_start, fe_guest_end,
						   fe_guest_start);
	struct hvx_run *run = vcpu->run;
	struct hvx_sregs good, bad;

	hvxt_get_sregs(vcpu, &good);
	bad = good;
	bad.cs.db = 1;		/* with L: reserved in 64-bit mode */
	hvxt_set_sregs(vcpu, &bad);

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_FAIL_ENTRY);
	EXPECT_EQ(EXIT_REASON_INVALID_STATE_FAILED,
		  run->fail_entry.hardware_entry_failure_reason);
	EXPECT_STREQ("CS has both L and D/B set", run->fail_entry.explanation);

	hvxt_set_sregs(vcpu, &good);
	EXPECT_EQ(0x5a5a, HVXT_RUN_UNTIL_REPORT(vcpu));
}

/* With HVX_RUN_FLAG_DUMP_VMCS a failed entry also dumps the VMCS. */
static int kmsg_open_at_end(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Does a kernel log record written since kmsg_open_at_end() hold @s? */
static bool kmsg_has(int fd, const char *s)
{
	char rec[1024];
	ssize_t n;

	while ((n = read(fd, rec, sizeof(rec) - 1)) != 0) {
		if (n < 0) {
			if (errno == EPIPE)	/* overwritten: go on */
				continue;
			break;			/* EAGAIN: no more */
		}
		rec[n] = 0;
		if (strstr(rec, s))
			return true;
	}
	return false;
}

TEST(fail_entry_dump_vmcs)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   fe_guest_start, fe_guest_end,
						   fe_guest_start);
	struct hvx_sregs good, bad;
	int kmsg;

	HVXT_REQUIRE_CAP(vcpu->vm->sys_fd, HVX_CAP_VMCS_DUMP);
	kmsg = kmsg_open_at_end();
	HVXT_REQUIRE(kmsg >= 0, "cannot read /dev/kmsg");
	hvxt_get_sregs(vcpu, &good);
	bad = good;
	bad.cs.type = 1;
	hvxt_set_sregs(vcpu, &bad);

	/* Without the flag: no dump. */
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_FAIL_ENTRY);
	EXPECT_FALSE(kmsg_has(kmsg, "VMCS dump"));

	vcpu->run->flags_in = HVX_RUN_FLAG_DUMP_VMCS;
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_FAIL_ENTRY);
	EXPECT_TRUE(kmsg_has(kmsg, "hvx: VMCS dump of vCPU 0"));

	/* A run that enters fine dumps nothing, flag or not. */
	hvxt_set_sregs(vcpu, &good);
	EXPECT_EQ(0x5a5a, HVXT_RUN_UNTIL_REPORT(vcpu));
	EXPECT_FALSE(kmsg_has(kmsg, "VMCS dump"));
	close(kmsg);
}

TEST_HARNESS_MAIN
