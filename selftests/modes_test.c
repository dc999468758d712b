// SPDX-License-Identifier: GPL-2.0
/*
 * Guests in each CPU mode doing real work: port I/O and HLT in real
 * mode, a checksum in flat protected mode and in long mode.
 */
#include "hvx_harness.h"

/* ------------------------------------------------------------------ */
/* Real mode: OUT of each size, IN of each size, HLT. */

HVXT_GUEST_CODE(real_io,
	".code16\n"
	"	mov $0x1234, %ax\n"
	"	out %ax, $0x80\n"
	"real_io_after_out:\n"
	"	mov $0xab, %al\n"
	"	out %al, $0x81\n"
	"	mov $0xdeadbeef, %eax\n"
	"	mov $0x3f8, %dx\n"
	"	out %eax, %dx\n"
	"	mov $0x11223344, %eax\n"
	"	in $0x82, %al\n"
	"	hlt\n"
	"real_io_after_hlt1:\n"
	"	mov $0x55667788, %eax\n"
	"	in $0x83, %ax\n"
	"	hlt\n"
	"	mov $0x3f9, %dx\n"
	"	in %dx, %eax\n"
	"	hlt\n"
	"real_io_end_hlt:\n"
	"	jmp real_io_end_hlt\n"
);
HVXT_GUEST_LABEL(real_io_after_out);
HVXT_GUEST_LABEL(real_io_after_hlt1);

TEST(real_mode_out_in_hlt)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_REAL,
						   real_io_start, real_io_end,
						   real_io_start);
	struct hvx_sregs sregs;
	struct hvx_regs regs;
	uint8_t *data;

	hvxt_get_sregs(vcpu, &sregs);
	ASSERT_EQ(0, sregs.cr0 & 1);	/* really real mode */

	hvxt_run(vcpu);
	data = HVXT_ASSERT_IO(vcpu, 0x80, 2, HVX_EXIT_IO_OUT);
	EXPECT_EQ(0x1234, *(uint16_t *)data);
	/* RIP already points past the OUT. */
	EXPECT_EQ(HVXT_CODE_ADDR(real_io_start, real_io_after_out),
		  hvxt_get_rip(vcpu));

	hvxt_run(vcpu);
	data = HVXT_ASSERT_IO(vcpu, 0x81, 1, HVX_EXIT_IO_OUT);
	EXPECT_EQ(0xab, *data);

	hvxt_run(vcpu);
	data = HVXT_ASSERT_IO(vcpu, 0x3f8, 4, HVX_EXIT_IO_OUT);
	EXPECT_EQ(0xdeadbeef, *(uint32_t *)data);

	/* IN al: only AL changes. */
	hvxt_run(vcpu);
	data = HVXT_ASSERT_IO(vcpu, 0x82, 1, HVX_EXIT_IO_IN);
	*data = 0x5a;
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_get_regs(vcpu, &regs);
	EXPECT_EQ(0x1122335aULL, regs.rax);
	/* HLT exits with RIP past the HLT. */
	EXPECT_EQ(HVXT_CODE_ADDR(real_io_start, real_io_after_hlt1), regs.rip);

	/* IN ax: only AX changes. */
	hvxt_run(vcpu);
	data = HVXT_ASSERT_IO(vcpu, 0x83, 2, HVX_EXIT_IO_IN);
	*(uint16_t *)data = 0xbeef;
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_get_regs(vcpu, &regs);
	EXPECT_EQ(0x5566beefULL, regs.rax);

	/* IN eax through DX. */
	hvxt_run(vcpu);
	data = HVXT_ASSERT_IO(vcpu, 0x3f9, 4, HVX_EXIT_IO_IN);
	*(uint32_t *)data = 0xcafef00d;
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_get_regs(vcpu, &regs);
	EXPECT_EQ(0xcafef00dULL, regs.rax);
}

/* ------------------------------------------------------------------ */
/* Checksums over a buffer the host filled */

#define CSUM_GPA	HVXT_DATA_GPA
#define CSUM_WORDS	8192	/* 64 KiB */

/* sum = rol(sum, 7) ^ word, over 64-bit words, starting from 1. */
static uint64_t csum64(const uint64_t *w, unsigned int n)
{
	uint64_t sum = 1;
	unsigned int i;

	for (i = 0; i < n; i++)
		sum = ((sum << 7) | (sum >> 57)) ^ w[i];
	return sum;
}

/* The same over 32-bit words with rol 5, for the 32-bit guest. */
static uint32_t csum32(const uint32_t *w, unsigned int n)
{
	uint32_t sum = 1;
	unsigned int i;

	for (i = 0; i < n; i++)
		sum = ((sum << 5) | (sum >> 27)) ^ w[i];
	return sum;
}

static void fill_random(void *buf, size_t len, uint64_t seed)
{
	uint64_t *w = buf;
	size_t i;

	for (i = 0; i < len / 8; i++) {
		/* xorshift64 */
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		w[i] = seed;
	}
}

HVXT_GUEST_CODE(csum_long,
	".code64\n"
	"	mov $" HVXT_XSTR(CSUM_GPA) ", %rsi\n"
	"	mov $" HVXT_XSTR(CSUM_WORDS) ", %ecx\n"
	"	mov $1, %eax\n"
	"1:	rol $7, %rax\n"
	"	xor (%rsi), %rax\n"
	"	add $8, %rsi\n"
	"	dec %ecx\n"
	"	jnz 1b\n"
	GUEST_REPORT
	/* Prove this is 64-bit code: a 64-bit register holds 64 bits. */
	"	mov $0x123456789abcdef0, %rax\n"
	GUEST_REPORT
	GUEST_DONE
);

TEST(long_mode_checksum)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   csum_long_start,
						   csum_long_end,
						   csum_long_start);
	void *buf = hvxt_gpa_ptr(vcpu->vm, CSUM_GPA, CSUM_WORDS * 8);
	struct hvx_sregs sregs;

	fill_random(buf, CSUM_WORDS * 8, 0x9e3779b97f4a7c15ULL);
	hvxt_get_sregs(vcpu, &sregs);
	ASSERT_EQ(1, sregs.cs.l);
	ASSERT_NE(0, sregs.efer & (1 << 10));	/* EFER.LMA */

	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(2, vcpu->nr_reports);
	EXPECT_EQ(csum64(buf, CSUM_WORDS), vcpu->reports[0]);
	EXPECT_EQ(0x123456789abcdef0ULL, vcpu->reports[1]);
}

HVXT_GUEST_CODE(csum_prot,
	".code32\n"
	"	mov $" HVXT_XSTR(CSUM_GPA) ", %esi\n"
	"	mov $" HVXT_XSTR(CSUM_WORDS) " * 2, %ecx\n"
	"	mov $1, %eax\n"
	"1:	rol $5, %eax\n"
	"	xor (%esi), %eax\n"
	"	add $4, %esi\n"
	"	dec %ecx\n"
	"	jnz 1b\n"
	GUEST_REPORT
	/* CR0.PE is set and CR0.PG clear. */
	"	mov %cr0, %eax\n"
	GUEST_REPORT
	GUEST_DONE
);

TEST(protected_mode_checksum)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_PROTECTED,
						   csum_prot_start,
						   csum_prot_end,
						   csum_prot_start);
	void *buf = hvxt_gpa_ptr(vcpu->vm, CSUM_GPA, CSUM_WORDS * 8);

	fill_random(buf, CSUM_WORDS * 8, 0x0123456789abcdefULL);
	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(2, vcpu->nr_reports);
	EXPECT_EQ(csum32(buf, CSUM_WORDS * 2), vcpu->reports[0]);
	EXPECT_EQ(1, vcpu->reports[1] & 1);
	EXPECT_EQ(0, vcpu->reports[1] & 0x80000000);
}

/* A 16-bit guest summing bytes at 0x2000:0, through a segment register. */
HVXT_GUEST_CODE(csum_real,
	".code16\n"
	"	mov $0x2000, %ax\n"
	"	mov %ax, %ds\n"
	"	xor %si, %si\n"
	"	mov $4096, %cx\n"
	"	xor %ebx, %ebx\n"
	"	xor %eax, %eax\n"
	"1:	lodsb\n"
	"	add %eax, %ebx\n"
	"	loop 1b\n"
	"	mov %ebx, %eax\n"
	GUEST_REPORT
	GUEST_DONE
);

TEST(real_mode_segmented_sum)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_REAL,
						   csum_real_start,
						   csum_real_end,
						   csum_real_start);
	uint8_t *buf = hvxt_gpa_ptr(vcpu->vm, 0x20000, 4096);
	uint32_t sum = 0;
	int i;

	fill_random(buf, 4096, 42);
	for (i = 0; i < 4096; i++)
		sum += buf[i];
	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(1, vcpu->nr_reports);
	EXPECT_EQ(sum, vcpu->reports[0]);
}

/* ------------------------------------------------------------------ */
/* A guest that takes itself from real mode to long mode */

#define RL_TABLES	0x30000

HVXT_GUEST_CODE(rl,
	".code16\n"
	"	cli\n"
	"	lgdtl " GUEST_ADDR(rl, rl_gdtr) "\n"
	"	mov %cr0, %eax\n"
	"	or $1, %eax\n"
	"	mov %eax, %cr0\n"
	"	ljmpl $0x18, $" GUEST_ADDR(rl, rl_pm) "\n"
	".code32\n"
	"rl_pm:\n"
	"	mov $0x10, %ax\n"
	"	mov %ax, %ds\n"
	"	mov %ax, %es\n"
	"	mov %ax, %ss\n"
	"	mov %cr0, %eax\n"
	GUEST_REPORT
	/* Page tables: 1 GiB identity-mapped with 2 MiB pages. */
	"	mov $" HVXT_XSTR(RL_TABLES) ", %edi\n"
	"	xor %eax, %eax\n"
	"	mov $3 * 1024, %ecx\n"
	"	rep stosl\n"
	"	movl $" HVXT_XSTR(RL_TABLES) " + 0x1003, " HVXT_XSTR(RL_TABLES) "\n"
	"	movl $" HVXT_XSTR(RL_TABLES) " + 0x2003, " HVXT_XSTR(RL_TABLES) " + 0x1000\n"
	"	mov $" HVXT_XSTR(RL_TABLES) " + 0x2000, %edi\n"
	"	mov $0x83, %eax\n"
	"	mov $512, %ecx\n"
	"1:	mov %eax, (%edi)\n"
	"	add $0x200000, %eax\n"
	"	add $8, %edi\n"
	"	loop 1b\n"
	"	mov %cr4, %eax\n"
	"	or $0x20, %eax\n"			/* PAE */
	"	mov %eax, %cr4\n"
	"	mov $" HVXT_XSTR(RL_TABLES) ", %eax\n"
	"	mov %eax, %cr3\n"
	"	mov $0xc0000080, %ecx\n"
	"	rdmsr\n"
	"	or $0x100, %eax\n"			/* EFER.LME */
	"	wrmsr\n"
	"	mov %cr0, %eax\n"
	"	or $0x80000000, %eax\n"			/* PG */
	"	mov %eax, %cr0\n"
	"	ljmp $0x08, $" GUEST_ADDR(rl, rl_lm) "\n"
	".code64\n"
	"rl_lm:\n"
	"	mov $0xc0000080, %ecx\n"
	"	rdmsr\n"
	GUEST_REPORT
	"	mov $0x1122334455667788, %rax\n"
	GUEST_REPORT
	GUEST_DONE
	".balign 8\n"
	"rl_gdt:\n"
	"	.quad 0\n"
	"	.quad 0x00af9b000000ffff\n"	/* 0x08: 64-bit code */
	"	.quad 0x00cf93000000ffff\n"	/* 0x10: data */
	"	.quad 0x00cf9b000000ffff\n"	/* 0x18: 32-bit code */
	"rl_gdtr:\n"
	"	.word 31\n"
	"	.long " GUEST_ADDR(rl, rl_gdt) "\n"
);

TEST(guest_switches_real_to_long_mode)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_REAL, rl_start,
						   rl_end, rl_start);
	struct hvx_sregs s;

	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(3, vcpu->nr_reports);
	EXPECT_EQ(0x11, vcpu->reports[0] & 0x80000011);	/* PE, ET; no PG */
	EXPECT_EQ(0x500, vcpu->reports[1]);		/* LME, LMA */
	EXPECT_EQ(0x1122334455667788ULL, vcpu->reports[2]);

	hvxt_get_sregs(vcpu, &s);
	EXPECT_EQ(0x500, s.efer);
	EXPECT_EQ(0x80000011, s.cr0 & 0x80000011);
	EXPECT_EQ(RL_TABLES, s.cr3);
	EXPECT_NE(0, s.cr4 & 0x20);
	EXPECT_EQ(0x08, s.cs.selector);
	EXPECT_EQ(1, s.cs.l);
}

TEST_HARNESS_MAIN
