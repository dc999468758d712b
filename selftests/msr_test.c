// SPDX-License-Identifier: GPL-2.0
/*
 * Guest MSRs: values the host sets are what the guest's RDMSR reads and
 * the other way round; GET/SET_MSRS stop at the first MSR they cannot
 * do and return the count done; an unknown MSR (or a bad value) is #GP
 * for the guest.
 */
#include "hvx_harness.h"

#define MSR_IA32_TSC		0x10
#define MSR_IA32_APICBASE	0x1b
#define MSR_IA32_SYSENTER_CS	0x174
#define MSR_IA32_SYSENTER_ESP	0x175
#define MSR_IA32_SYSENTER_EIP	0x176
#define MSR_IA32_CR_PAT		0x277
#define MSR_EFER		0xc0000080
#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_CSTAR		0xc0000083
#define MSR_SYSCALL_MASK	0xc0000084
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102
#define MSR_TSC_AUX		0xc0000103
#define MSR_UNKNOWN		0x40000123	/* nothing hvx emulates */

#define LIST_GPA	HVXT_DATA_GPA
#define IDT_GPA		0x30000UL

struct msr_item {
	uint32_t index;
	uint32_t pad;
	uint64_t value;
};

/* RSI = list, R8 = count: RDMSR each, report EDX:EAX. */
HVXT_GUEST_CODE(msr_read,
	".code64\n"
	"1:	test %r8d, %r8d\n"
	"	jz 2f\n"
	"	mov (%rsi), %ecx\n"
	"	rdmsr\n"
	"	shl $32, %rdx\n"
	"	mov %eax, %eax\n"
	"	or %rdx, %rax\n"
	GUEST_REPORT
	"	add $16, %rsi\n"
	"	dec %r8d\n"
	"	jmp 1b\n"
	"2:\n"
	GUEST_DONE
);

/* RSI = list, R8 = count: WRMSR each value. */
HVXT_GUEST_CODE(msr_write,
	".code64\n"
	"1:	test %r8d, %r8d\n"
	"	jz 2f\n"
	"	mov (%rsi), %ecx\n"
	"	mov 8(%rsi), %eax\n"
	"	mov 12(%rsi), %edx\n"
	"	wrmsr\n"
	"	add $16, %rsi\n"
	"	dec %r8d\n"
	"	jmp 1b\n"
	"2:\n"
	GUEST_DONE
);

static struct hvxt_vcpu *list_vcpu(const unsigned char *start,
				   const unsigned char *end,
				   const struct msr_item *items, unsigned int n)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, start, end,
						   start);
	struct hvx_regs r;

	memcpy(hvxt_gpa_ptr(vcpu->vm, LIST_GPA, n * sizeof(*items)), items,
	       n * sizeof(*items));
	hvxt_get_regs(vcpu, &r);
	r.rsi = LIST_GPA;
	r.r8 = n;
	hvxt_set_regs(vcpu, &r);
	return vcpu;
}

static const struct msr_item values[] = {
	{ MSR_STAR, 0, 0x0023001000000000ULL },
	{ MSR_LSTAR, 0, 0xffffffff81000000ULL },
	{ MSR_CSTAR, 0, 0xffffffff81000100ULL },
	{ MSR_SYSCALL_MASK, 0, 0x47700 },
	{ MSR_KERNEL_GS_BASE, 0, 0xffff888012345000ULL },
	{ MSR_TSC_AUX, 0, 0x1234 },
	{ MSR_IA32_SYSENTER_CS, 0, 0x10 },
	{ MSR_IA32_SYSENTER_ESP, 0, 0xffffc90000001000ULL },
	{ MSR_IA32_SYSENTER_EIP, 0, 0xffffffff81000200ULL },
	{ MSR_FS_BASE, 0, 0x00007f0011112222ULL },
	{ MSR_GS_BASE, 0, 0xffff888033334444ULL },
	{ MSR_IA32_CR_PAT, 0, 0x0007010600070106ULL },
};

TEST(host_sets_guest_reads)
{
	struct hvxt_vcpu *vcpu = list_vcpu(msr_read_start, msr_read_end,
					   values, ARRAY_SIZE(values));
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(values); i++)
		hvxt_set_msr(vcpu, values[i].index, values[i].value);
	for (i = 0; i < ARRAY_SIZE(values); i++)
		EXPECT_EQ(values[i].value, hvxt_get_msr(vcpu, values[i].index));
	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(ARRAY_SIZE(values), vcpu->nr_reports);
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		if (values[i].value != vcpu->reports[i])
			hvxt_log("MSR %#x", values[i].index);
		EXPECT_EQ(values[i].value, vcpu->reports[i]);
	}
}

TEST(guest_sets_host_reads)
{
	struct hvxt_vcpu *vcpu = list_vcpu(msr_write_start, msr_write_end,
					   values, ARRAY_SIZE(values));
	struct hvx_sregs s;
	unsigned int i;

	HVXT_RUN_UNTIL_DONE(vcpu);
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		uint64_t v = hvxt_get_msr(vcpu, values[i].index);

		if (values[i].value != v)
			hvxt_log("MSR %#x", values[i].index);
		EXPECT_EQ(values[i].value, v);
	}
	/* FS and GS bases are the segment registers' bases. */
	hvxt_get_sregs(vcpu, &s);
	EXPECT_EQ(0x00007f0011112222ULL, s.fs.base);
	EXPECT_EQ(0xffff888033334444ULL, s.gs.base);
}

/* The guest's values are its own: a second vCPU starts clean. */
TEST(msrs_are_per_vcpu)
{
	struct hvxt_vcpu *a = list_vcpu(msr_read_start, msr_read_end,
					values, 2);
	struct hvxt_vcpu *b = hvxt_vcpu_add(a->vm, 1, HVXT_CODE_GPA);

	hvxt_set_msr(a, MSR_LSTAR, 0xffffffff80001234ULL);
	EXPECT_EQ(0, hvxt_get_msr(b, MSR_LSTAR));
	EXPECT_EQ(0xffffffff80001234ULL, hvxt_get_msr(a, MSR_LSTAR));
}

TEST(efer_in_long_mode)
{
	static const struct msr_item efer[] = { { MSR_EFER, 0, 0 } };
	struct hvxt_vcpu *vcpu = list_vcpu(msr_read_start, msr_read_end,
					   efer, 1);

	/* LME and LMA, as hvx_setup_mode() set them. */
	EXPECT_EQ(0x500, hvxt_get_msr(vcpu, MSR_EFER));
	HVXT_RUN_UNTIL_DONE(vcpu);
	EXPECT_EQ(0x500, vcpu->reports[0]);
}

TEST(tsc_set_by_host)
{
	static const struct msr_item tsc[] = { { MSR_IA32_TSC, 0, 0 } };
	struct hvxt_vcpu *vcpu = list_vcpu(msr_read_start, msr_read_end,
					   tsc, 1);
	uint64_t base = 1ULL << 40;

	hvxt_set_msr(vcpu, MSR_IA32_TSC, base);
	HVXT_RUN_UNTIL_DONE(vcpu);
	EXPECT_GE(vcpu->reports[0], base);
	/* A minute at 100 GHz is far more than this takes. */
	EXPECT_LT(vcpu->reports[0], base + 6000000000000ULL);
}

/* GET_MSRS and SET_MSRS stop at the first failure. */
TEST(msrs_ioctl_partial)
{
	struct hvxt_vcpu *vcpu = list_vcpu(msr_read_start, msr_read_end,
					   values, 1);
	struct {
		struct hvx_msrs hdr;
		struct hvx_msr_entry e[3];
	} m;

	hvxt_set_msr(vcpu, MSR_STAR, 0x1111);
	hvxt_set_msr(vcpu, MSR_LSTAR, 0x2222);

	memset(&m, 0, sizeof(m));
	m.hdr.nmsrs = 3;
	m.e[0].index = MSR_STAR;
	m.e[1].index = MSR_UNKNOWN;
	m.e[1].data = 0xabcd;
	m.e[2].index = MSR_LSTAR;
	m.e[2].data = 0xabcd;
	ASSERT_EQ(1, hvxt_raw_ioctl(vcpu->fd, HVX_GET_MSRS, &m));
	EXPECT_EQ(0x1111, m.e[0].data);
	EXPECT_EQ(0xabcd, m.e[1].data);
	EXPECT_EQ(0xabcd, m.e[2].data);

	/* An unknown MSR first: nothing is done. */
	m.e[0].index = MSR_UNKNOWN;
	m.e[1].index = MSR_STAR;
	ASSERT_EQ(0, hvxt_raw_ioctl(vcpu->fd, HVX_GET_MSRS, &m));

	m.e[0] = (struct hvx_msr_entry) { .index = MSR_STAR, .data = 0x3333 };
	m.e[1] = (struct hvx_msr_entry) { .index = MSR_UNKNOWN, .data = 1 };
	m.e[2] = (struct hvx_msr_entry) { .index = MSR_LSTAR, .data = 0x4444 };
	ASSERT_EQ(1, hvxt_raw_ioctl(vcpu->fd, HVX_SET_MSRS, &m));
	EXPECT_EQ(0x3333, hvxt_get_msr(vcpu, MSR_STAR));
	EXPECT_EQ(0x2222, hvxt_get_msr(vcpu, MSR_LSTAR));

	/* A bad value stops it too: LSTAR must be canonical. */
	m.e[0] = (struct hvx_msr_entry) { .index = MSR_LSTAR,
					  .data = 0x8000000000000000ULL };
	ASSERT_EQ(0, hvxt_raw_ioctl(vcpu->fd, HVX_SET_MSRS, &m));
	EXPECT_EQ(0x2222, hvxt_get_msr(vcpu, MSR_LSTAR));

	/* No MSRs at all is fine. */
	m.hdr.nmsrs = 0;
	ASSERT_EQ(0, hvxt_raw_ioctl(vcpu->fd, HVX_GET_MSRS, &m));
	ASSERT_EQ(0, hvxt_raw_ioctl(vcpu->fd, HVX_SET_MSRS, &m));
}

TEST(msrs_ioctl_bad_input)
{
	struct hvxt_vcpu *vcpu = list_vcpu(msr_read_start, msr_read_end,
					   values, 1);
	struct {
		struct hvx_msrs hdr;
		struct hvx_msr_entry e[2];
	} m;

	hvxt_set_msr(vcpu, MSR_STAR, 0x1111);
	memset(&m, 0, sizeof(m));
	m.hdr.nmsrs = 2;
	m.e[0] = (struct hvx_msr_entry) { .index = MSR_STAR, .data = 0x5555 };
	m.e[1] = (struct hvx_msr_entry) { .index = MSR_LSTAR,
					  .reserved = 1 };
	/* Checked whole first: STAR is not written either. */
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_MSRS, &m));
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_GET_MSRS, &m));
	EXPECT_EQ(0x1111, hvxt_get_msr(vcpu, MSR_STAR));
	m.e[1].reserved = 0;
	m.hdr.pad = 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_MSRS, &m));
	m.hdr.pad = 0;
	m.hdr.nmsrs = HVX_MAX_MSR_ENTRIES + 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_MSRS, &m));
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_GET_MSRS, &m));
	ASSERT_ERRNO(EFAULT, hvxt_raw_ioctl(vcpu->fd, HVX_GET_MSRS, NULL));
	EXPECT_EQ(0x1111, hvxt_get_msr(vcpu, MSR_STAR));
}

/* ------------------------------------------------------------------ */
/* #GP for the guest */

HVXT_GUEST_CODE(msr_gp,
	".code64\n"
	"	mov $" HVXT_XSTR(MSR_UNKNOWN) ", %ecx\n"
	"msr_gp_rdmsr:\n"
	"	rdmsr\n"
	"	mov $0x1111, %eax\n"
	GUEST_REPORT
	"	mov $" HVXT_XSTR(MSR_UNKNOWN) ", %ecx\n"
	"	xor %eax, %eax\n"
	"	xor %edx, %edx\n"
	"msr_gp_wrmsr1:\n"
	"	wrmsr\n"
	"	mov $0x2222, %eax\n"
	GUEST_REPORT
	/* A known MSR, a value it cannot take: non-canonical LSTAR. */
	"	mov $" HVXT_XSTR(MSR_LSTAR) ", %ecx\n"
	"	xor %eax, %eax\n"
	"	mov $0x80000000, %edx\n"
	"msr_gp_wrmsr2:\n"
	"	wrmsr\n"
	"	mov $0x3333, %eax\n"
	GUEST_REPORT
	GUEST_DONE
	/* #GP: report the error code and RIP, skip the 2-byte insn. */
	"msr_gp_handler:\n"
	"	pop %rax\n"
	GUEST_REPORT
	"	mov (%rsp), %rax\n"
	GUEST_REPORT
	"	addq $2, (%rsp)\n"
	"	iretq\n"
);
HVXT_GUEST_LABEL(msr_gp_rdmsr);
HVXT_GUEST_LABEL(msr_gp_wrmsr1);
HVXT_GUEST_LABEL(msr_gp_wrmsr2);
HVXT_GUEST_LABEL(msr_gp_handler);

TEST(unknown_msr_gp_in_guest)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   msr_gp_start, msr_gp_end,
						   msr_gp_start);
	void *idt = hvxt_gpa_ptr(vcpu->vm, IDT_GPA, 4096);
	struct hvx_sregs s;
	uint64_t v;

#define GP_ADDR(l) HVXT_CODE_ADDR(msr_gp_start, l)
	memset(idt, 0, 4096);
	hvxt_idt_gate64(idt, 13, GP_ADDR(msr_gp_handler), HVX_SEL_CODE64, 0);
	hvxt_get_sregs(vcpu, &s);
	s.idt.base = IDT_GPA;
	s.idt.limit = 4095;
	hvxt_set_sregs(vcpu, &s);
	hvxt_set_msr(vcpu, MSR_LSTAR, 0x1234);

	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(9, vcpu->nr_reports);
	EXPECT_EQ(0, vcpu->reports[0]);
	EXPECT_EQ(GP_ADDR(msr_gp_rdmsr), vcpu->reports[1]);
	EXPECT_EQ(0x1111, vcpu->reports[2]);
	EXPECT_EQ(0, vcpu->reports[3]);
	EXPECT_EQ(GP_ADDR(msr_gp_wrmsr1), vcpu->reports[4]);
	EXPECT_EQ(0x2222, vcpu->reports[5]);
	EXPECT_EQ(0, vcpu->reports[6]);
	EXPECT_EQ(GP_ADDR(msr_gp_wrmsr2), vcpu->reports[7]);
	EXPECT_EQ(0x3333, vcpu->reports[8]);
	/* The refused write changed nothing. */
	EXPECT_EQ(0x1234, hvxt_get_msr(vcpu, MSR_LSTAR));
	/* The host cannot read the unknown MSR either. */
	EXPECT_EQ(-EINVAL, hvx_get_msr(vcpu->fd, MSR_UNKNOWN, &v));
#undef GP_ADDR
}

TEST_HARNESS_MAIN
