// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO exits with instruction decoding. The guest loads from and stores
 * to a page no memory slot backs, with every MOV form hvx decodes, in
 * 64-bit, 32-bit and real mode. The test plays a device: a register file
 * of one page that loads read and stores write. Each exit is checked
 * exactly (address, length, direction, data), the guest reports what its
 * loads gave (so zero and sign extension, high-byte registers and
 * partial-register writes are checked as the guest sees them), and the
 * final registers are compared whole. Also: writes to a read-only slot,
 * and instructions hvx refuses to emulate.
 */
#include "hvx_harness.h"
#include "hvx_devices.h"

#define MMIO_GPA	0x60000000	/* no slot here */
#define MMIO_RM_GPA	0xe0000		/* real mode: slot 0 is cut below it */
#define FS_OFF		0x800		/* FS.base = MMIO_GPA + FS_OFF */
#define GS_OFF		0x900		/* GS.base = MMIO_GPA + GS_OFF */
#define RO_GPA		0x300000	/* a read-only slot */
#define RO_SLOT		1

/* ------------------------------------------------------------------ */
/* The device: a register file */

static uint8_t regfile[0x3000];
static uint8_t regfile_init[0x3000];

/* The initial contents, before any test computes what it expects. */
static void __attribute__((constructor)) regfile_setup(void)
{
	static const uint64_t q[][2] = {
		{ 0x00, 0xfedcba9876543210ULL },
		{ 0x08, 0x0123456789abcdefULL },
		{ 0x10, 0xc0ffee00deadbe81ULL },
		{ 0x18, 0x11223344a5b6c7d8ULL },
		{ FS_OFF, 0x0badf00d12345678ULL },
		{ FS_OFF + 8, 0xa0a1a2a3a4a5a6a7ULL },
		{ GS_OFF, 0x8899aabbccddeeffULL },
		{ GS_OFF + 8, 0x5566778899aabbccULL },
	};
	unsigned int i;

	for (i = 0; i < sizeof(regfile_init); i++)
		regfile_init[i] = (uint8_t)(i * 7 + 3);
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		memcpy(regfile_init + q[i][0], &q[i][1], 8);
}

static void regfile_reset(void)
{
	memcpy(regfile, regfile_init, sizeof(regfile));
}

/* @len bytes of the initial register file at @off, little-endian. */
static uint64_t rf(unsigned int off, unsigned int len)
{
	uint64_t v = 0;

	memcpy(&v, regfile_init + off, len);
	return v;
}

static uint64_t sext(uint64_t v, unsigned int len)
{
	unsigned int bits = len * 8;

	if (bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~0ULL << bits;
	return v;
}

/* One expected MMIO exit: offset from the MMIO base, length, data. */
struct mmio_op {
	unsigned int off;
	unsigned int len;
	bool write;
	uint64_t data;		/* a write's data */
};

#define R(o, l)		{ .off = (o), .len = (l) }
#define W(o, l, d)	{ .off = (o), .len = (l), .write = true, .data = (d) }

/*
 * Run the guest to GUEST_DONE, playing the register file at @base: each
 * MMIO exit must be the next of @ops, exactly. Reports are recorded.
 */
static void run_mmio_script(struct __test_metadata *_metadata,
			    struct hvxt_vcpu *vcpu, uint64_t base,
			    const struct mmio_op *ops, size_t n)
{
	size_t i;

	for (i = 0;; i++) {
		struct hvx_run *run = HVXT_RUN_TO_EXIT(vcpu);
		const struct mmio_op *op = &ops[i];
		uint64_t data = 0;

		if (hvxt_exit_is_done(run))
			break;
		if (i >= n)
			TH_LOG("exit %zu: more MMIO exits than the %zu expected",
			       i, n);
		ASSERT_LT(i, n);
		HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_MMIO);
		memcpy(&data, run->mmio.data, 8);
		if (run->mmio.phys_addr != base + op->off ||
		    run->mmio.len != op->len || run->mmio.is_write != op->write ||
		    (op->write && data != op->data) || (!op->write && data))
			TH_LOG("exit %zu: got %s gpa %#llx len %u data %#llx; expected %s gpa %#llx len %u data %#llx",
			       i, run->mmio.is_write ? "write" : "read",
			       (unsigned long long)run->mmio.phys_addr,
			       run->mmio.len, (unsigned long long)data,
			       op->write ? "write" : "read",
			       (unsigned long long)(base + op->off), op->len,
			       (unsigned long long)(op->write ? op->data : 0));
		ASSERT_EQ(base + op->off, run->mmio.phys_addr);
		ASSERT_EQ(op->len, run->mmio.len);
		ASSERT_EQ(op->write, run->mmio.is_write);
		ASSERT_EQ(0, run->mmio.pad[0] | run->mmio.pad[1] |
			     run->mmio.pad[2]);
		if (op->write) {
			/* The bytes past the length are zero. */
			ASSERT_EQ(op->data, data);
			memcpy(regfile + op->off, run->mmio.data, op->len);
		} else {
			/* A read's data field comes zeroed. */
			ASSERT_EQ(0, data);
			memcpy(run->mmio.data, regfile + op->off, op->len);
		}
	}
	ASSERT_EQ(n, i);
}

static void check_reports(struct __test_metadata *_metadata,
			  struct hvxt_vcpu *vcpu, const uint64_t *want,
			  size_t n, uint64_t mask)
{
	size_t i;

	ASSERT_EQ(n, vcpu->nr_reports);
	for (i = 0; i < n; i++) {
		if ((vcpu->reports[i] & mask) != (want[i] & mask))
			TH_LOG("report %zu: got %#llx, expected %#llx", i,
			       (unsigned long long)(vcpu->reports[i] & mask),
			       (unsigned long long)(want[i] & mask));
		EXPECT_EQ(want[i] & mask, vcpu->reports[i] & mask);
	}
}

static void set_fs_gs_base(struct hvxt_vcpu *vcpu, uint64_t fs, uint64_t gs)
{
	struct hvx_sregs s;

	hvxt_get_sregs(vcpu, &s);
	s.fs.base = fs;
	s.gs.base = gs;
	hvxt_set_sregs(vcpu, &s);
}

#define ALL64	(~0ULL)
#define ALL32	0xffffffffULL

/* ------------------------------------------------------------------ */
/* 64-bit loads */

#define REP	GUEST_REPORT
#define REPQ(reg) "	mov " reg ", %rax\n" GUEST_REPORT

HVXT_GUEST_CODE(ld64,
	".code64\n"
	"	mov $" HVXT_XSTR(MMIO_GPA) ", %edi\n"
	/* 8-bit: AL, AH, CH, DH, BH, then REX byte registers */
	"	mov $-1, %rax\n"
	"	mov (%rdi), %al\n"
	REP
	"	mov $-1, %rax\n"
	"	mov 8(%rdi), %ah\n"
	REP
	"	mov $-1, %rcx\n"
	"	mov 1(%rdi), %ch\n"
	REPQ("%rcx")
	"	mov $-1, %rdx\n"
	"	mov 2(%rdi), %dh\n"
	REPQ("%rdx")
	"	mov $-1, %rbx\n"
	"	mov 3(%rdi), %bh\n"
	REPQ("%rbx")
	"	mov $-1, %rsi\n"
	"	mov 4(%rdi), %sil\n"
	REPQ("%rsi")
	"	mov $-1, %rbp\n"
	"	mov 5(%rdi), %bpl\n"
	REPQ("%rbp")
	"	mov $-1, %r8\n"
	"	mov 6(%rdi), %r8b\n"
	REPQ("%r8")
	"	mov $-1, %r15\n"
	"	mov 7(%rdi), %r15b\n"
	REPQ("%r15")
	/* 16-bit (66) */
	"	mov $-1, %rax\n"
	"	mov (%rdi), %ax\n"
	REP
	"	mov $-1, %r9\n"
	"	mov 8(%rdi), %r9w\n"
	REPQ("%r9")
	/* 32-bit: zero-extended to 64 */
	"	mov $-1, %rax\n"
	"	mov (%rdi), %eax\n"
	REP
	"	mov $-1, %r10\n"
	"	mov 8(%rdi), %r10d\n"
	REPQ("%r10")
	/* 64-bit */
	"	mov 8(%rdi), %rax\n"
	REP
	"	mov (%rdi), %r11\n"
	REPQ("%r11")
	/* MOVZX */
	"	mov $-1, %rax\n"
	"	movzbl 8(%rdi), %eax\n"
	REP
	"	mov $-1, %rax\n"
	"	movzwq 8(%rdi), %rax\n"
	REP
	"	mov $-1, %rax\n"
	"	movzbw 8(%rdi), %ax\n"
	REP
	"	mov $-1, %r12\n"
	"	movzbl 9(%rdi), %r12d\n"
	REPQ("%r12")
	/* MOVSX */
	"	xor %eax, %eax\n"
	"	movsbq 8(%rdi), %rax\n"
	REP
	"	mov $-1, %rax\n"
	"	movswl 8(%rdi), %eax\n"
	REP
	"	xor %eax, %eax\n"
	"	movsbw 8(%rdi), %ax\n"
	REP
	"	mov $-1, %rax\n"
	"	movsbl (%rdi), %eax\n"
	REP
	"	movswq 8(%rdi), %r13\n"
	REPQ("%r13")
	/* MOVSXD */
	"	movslq 8(%rdi), %rax\n"
	REP
	"	mov $-1, %r14\n"
	"	movslq (%rdi), %r14\n"
	REPQ("%r14")
	/* moffs: A0, 66 A1, A1, REX.W A1 (64-bit offsets), 67 A1 (32-bit) */
	"	mov $-1, %rax\n"
	"	movabs " HVXT_XSTR(MMIO_GPA) " + 0x10, %al\n"
	REP
	"	mov $-1, %rax\n"
	"	movabs " HVXT_XSTR(MMIO_GPA) " + 0x10, %ax\n"
	REP
	"	mov $-1, %rax\n"
	"	movabs " HVXT_XSTR(MMIO_GPA) " + 0x10, %eax\n"
	REP
	"	movabs " HVXT_XSTR(MMIO_GPA) " + 0x10, %rax\n"
	REP
	"	mov $-1, %rax\n"
	"	.byte 0x67, 0xa1\n"
	"	.long " HVXT_XSTR(MMIO_GPA) " + 0x18\n"
	REP
	/* address size 32 (67): the upper half of R8 is not used */
	"	movabs $0xdead000000000000 + " HVXT_XSTR(MMIO_GPA) ", %r8\n"
	"	mov $-1, %rax\n"
	"	mov 0x18(%r8d), %eax\n"
	REP
	/* segment prefixes: FS and GS bases apply, CS and SS are ignored */
	"	mov $-1, %rax\n"
	"	mov %fs:0, %eax\n"
	REP
	"	mov %gs:8, %rax\n"
	REP
	"	mov $-1, %rax\n"
	"	mov %cs:(%rdi), %eax\n"
	REP
	"	mov %ss:8(%rdi), %rax\n"
	REP
	/* RBP base (SS), SIB with index, RIP-relative */
	"	mov %rdi, %rbp\n"
	"	mov $-1, %rcx\n"
	"	mov 0x10(%rbp), %ecx\n"
	REPQ("%rcx")
	"	mov $2, %esi\n"
	"	mov 0x8(%rdi,%rsi,4), %eax\n"
	REP
	/* mov disp32(%rip), %eax, with the displacement spelled out */
	"	.byte 0x8b, 0x05\n"
	"	.long " HVXT_XSTR(MMIO_GPA) " + 0x18 - (1f - ld64_start + "
		HVXT_CODE_GPA_TEXT ")\n"
	"1:\n"
	REP
	/* RSP as the destination */
	"	mov %rsp, %r15\n"
	"	mov 8(%rdi), %rsp\n"
	"	mov %rsp, %rax\n"
	"	mov %r15, %rsp\n"
	REP
	/* The final registers, checked by the host */
	"	mov $-1, %rbx\n"
	"	mov (%rdi), %bl\n"
	"	mov $-1, %rcx\n"
	"	mov 8(%rdi), %cx\n"
	"	mov $-1, %rdx\n"
	"	mov 8(%rdi), %edx\n"
	"	mov (%rdi), %r8\n"
	"	movsbq 8(%rdi), %r9\n"
	"	movzwl (%rdi), %r10d\n"
	"	movslq 8(%rdi), %r11\n"
	"	mov $-1, %r12\n"
	"	mov 1(%rdi), %r12b\n"
	"	mov $-1, %r13\n"
	"	mov 2(%rdi), %r13w\n"
	"	mov $-1, %r14\n"
	"	mov 4(%rdi), %r14d\n"
	"	mov 0x10(%rdi), %r15\n"
	"	mov $-1, %rsi\n"
	"	movzbl 0x10(%rdi), %esi\n"
	"	mov %rdi, %rbp\n"
	"	mov $-1, %rax\n"
	"	mov 9(%rdi), %ah\n"
	"ld64_done:\n"
	GUEST_DONE
);
HVXT_GUEST_LABEL(ld64_done);

TEST(long_mode_loads)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, ld64_start,
						   ld64_end, ld64_start);
	const uint64_t m1 = ~0ULL;
	const struct mmio_op ops[] = {
		R(0, 1), R(8, 1), R(1, 1), R(2, 1), R(3, 1), R(4, 1), R(5, 1),
		R(6, 1), R(7, 1),
		R(0, 2), R(8, 2),
		R(0, 4), R(8, 4),
		R(8, 8), R(0, 8),
		R(8, 1), R(8, 2), R(8, 1), R(9, 1),
		R(8, 1), R(8, 2), R(8, 1), R(0, 1), R(8, 2),
		R(8, 4), R(0, 4),
		R(0x10, 1), R(0x10, 2), R(0x10, 4), R(0x10, 8), R(0x18, 4),
		R(0x18, 4),
		R(FS_OFF, 4), R(GS_OFF + 8, 8), R(0, 4), R(8, 8),
		R(0x10, 4), R(0x10, 4), R(0x18, 4),
		R(8, 8),
		/* final registers */
		R(0, 1), R(8, 2), R(8, 4), R(0, 8), R(8, 1), R(0, 2), R(8, 4),
		R(1, 1), R(2, 2), R(4, 4), R(0x10, 8), R(0x10, 1), R(9, 1),
	};
	const uint64_t want[] = {
		(m1 << 8) | rf(0, 1),
		(m1 & ~0xff00ULL) | rf(8, 1) << 8,
		(m1 & ~0xff00ULL) | rf(1, 1) << 8,
		(m1 & ~0xff00ULL) | rf(2, 1) << 8,
		(m1 & ~0xff00ULL) | rf(3, 1) << 8,
		(m1 << 8) | rf(4, 1),
		(m1 << 8) | rf(5, 1),
		(m1 << 8) | rf(6, 1),
		(m1 << 8) | rf(7, 1),
		(m1 << 16) | rf(0, 2),
		(m1 << 16) | rf(8, 2),
		rf(0, 4),
		rf(8, 4),
		rf(8, 8),
		rf(0, 8),
		rf(8, 1),
		rf(8, 2),
		(m1 << 16) | rf(8, 1),
		rf(9, 1),
		sext(rf(8, 1), 1),
		sext(rf(8, 2), 2) & ALL32,
		sext(rf(8, 1), 1) & 0xffff,
		sext(rf(0, 1), 1) & ALL32,
		sext(rf(8, 2), 2),
		sext(rf(8, 4), 4),
		sext(rf(0, 4), 4),
		(m1 << 8) | rf(0x10, 1),
		(m1 << 16) | rf(0x10, 2),
		rf(0x10, 4),
		rf(0x10, 8),
		rf(0x18, 4),
		rf(0x18, 4),
		rf(FS_OFF, 4),
		rf(GS_OFF + 8, 8),
		rf(0, 4),
		rf(8, 8),
		rf(0x10, 4),
		rf(0x10, 4),
		rf(0x18, 4),
		rf(8, 8),
	};
	struct hvx_regs r;

	/* The values are what the guest code's comments say. */
	ASSERT_EQ(0xefULL, rf(8, 1));
	ASSERT_EQ(0x10ULL, rf(0, 1));
	regfile_reset();
	set_fs_gs_base(vcpu, MMIO_GPA + FS_OFF, MMIO_GPA + GS_OFF);
	run_mmio_script(_metadata, vcpu, MMIO_GPA, ops,
			sizeof(ops) / sizeof(ops[0]));
	check_reports(_metadata, vcpu, want, sizeof(want) / sizeof(want[0]),
		      ALL64);

	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ((m1 & ~0xff00ULL) | rf(9, 1) << 8, r.rax);
	EXPECT_EQ((m1 << 8) | rf(0, 1), r.rbx);
	EXPECT_EQ((m1 << 16) | rf(8, 2), r.rcx);
	EXPECT_EQ(rf(8, 4), r.rdx);
	EXPECT_EQ(rf(0x10, 1), r.rsi);
	EXPECT_EQ((uint64_t)MMIO_GPA, r.rdi);
	EXPECT_EQ(hvxt_stack_top(HVX_MODE_LONG, 0), r.rsp);
	EXPECT_EQ((uint64_t)MMIO_GPA, r.rbp);
	EXPECT_EQ(rf(0, 8), r.r8);
	EXPECT_EQ(sext(rf(8, 1), 1), r.r9);
	EXPECT_EQ(rf(0, 2), r.r10);
	EXPECT_EQ(sext(rf(8, 4), 4), r.r11);
	EXPECT_EQ((m1 << 8) | rf(1, 1), r.r12);
	EXPECT_EQ((m1 << 16) | rf(2, 2), r.r13);
	EXPECT_EQ(rf(4, 4), r.r14);
	EXPECT_EQ(rf(0x10, 8), r.r15);
	/* GUEST_DONE's OUT is 2 bytes. */
	EXPECT_EQ(HVXT_CODE_ADDR(ld64_start, ld64_done) + 2, r.rip);
}

/* ------------------------------------------------------------------ */
/* 64-bit stores */

HVXT_GUEST_CODE(st64,
	".code64\n"
	"	mov $" HVXT_XSTR(MMIO_GPA) ", %edi\n"
	"	movabs $0x1122334455667788, %rax\n"
	"	movabs $0x0102030405060708, %rbx\n"
	"	mov $0xa1b2, %ecx\n"
	"	mov $0xc3d4, %edx\n"
	"	movabs $0x99aabbccddeeff42, %rsi\n"
	"	movabs $0xfedcba9876543213, %r12\n"
	"	movabs $0x2122232425262728, %r13\n"
	"	movabs $0x3132333435363738, %r14\n"
	"	movabs $0x4142434445464748, %r15\n"
	"	movabs $0xbeef000000000000 + " HVXT_XSTR(MMIO_GPA) ", %r8\n"
	/* 8-bit registers */
	"	mov %al, 0x100(%rdi)\n"
	"	mov %ah, 0x101(%rdi)\n"
	"	mov %bh, 0x102(%rdi)\n"
	"	mov %ch, 0x103(%rdi)\n"
	"	mov %dh, 0x104(%rdi)\n"
	"	mov %sil, 0x105(%rdi)\n"
	"	mov %dil, 0x106(%rdi)\n"
	"	mov %r12b, 0x107(%rdi)\n"
	/* 16, 32, 64 */
	"	mov %ax, 0x108(%rdi)\n"
	"	mov %r13w, 0x10a(%rdi)\n"
	"	mov %eax, 0x10c(%rdi)\n"
	"	mov %r14d, 0x110(%rdi)\n"
	"	mov %rax, 0x118(%rdi)\n"
	"	mov %r15, 0x120(%rdi)\n"
	"	mov %rsp, 0x128(%rdi)\n"
	/* immediates: C6, 66 C7, C7, REX.W C7 (imm32 sign-extended) */
	"	movb $0xab, 0x130(%rdi)\n"
	"	movw $0xabcd, 0x132(%rdi)\n"
	"	movl $0xdeadbeef, 0x134(%rdi)\n"
	"	movq $-2, 0x138(%rdi)\n"
	"	movq $0x7fffffff, 0x140(%rdi)\n"
	"	movq $-0x80000000, 0x148(%rdi)\n"
	"	movb $0x7f, 1(%rdi)\n"
	/* moffs: A2, 66 A3, A3, REX.W A3, 67 A3 */
	"	movabs %al, " HVXT_XSTR(MMIO_GPA) " + 0x150\n"
	"	movabs %ax, " HVXT_XSTR(MMIO_GPA) " + 0x152\n"
	"	movabs %eax, " HVXT_XSTR(MMIO_GPA) " + 0x154\n"
	"	movabs %rax, " HVXT_XSTR(MMIO_GPA) " + 0x158\n"
	"	.byte 0x67, 0xa3\n"
	"	.long " HVXT_XSTR(MMIO_GPA) " + 0x160\n"
	/* address size 32, segment prefixes */
	"	mov %eax, 0x164(%r8d)\n"
	"	mov %ebx, %fs:0x10\n"
	"	movl $5, %fs:0x14\n"
	"	mov %r13, %gs:0x18\n"
	"	mov %ax, %es:0x168(%rdi)\n"
	/* a store read back through the device */
	"	movl $0x13572468, 0x170(%rdi)\n"
	"	mov $-1, %rbx\n"
	"	mov 0x170(%rdi), %ebx\n"
	REPQ("%rbx")
	"	movabs $0x1122334455667788, %rax\n"
	"	movabs $0x0102030405060708, %rbx\n"
	"st64_done:\n"
	GUEST_DONE
);
HVXT_GUEST_LABEL(st64_done);

TEST(long_mode_stores)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, st64_start,
						   st64_end, st64_start);
	const uint64_t rax = 0x1122334455667788ULL;
	const uint64_t stack = hvxt_stack_top(HVX_MODE_LONG, 0);
	const struct mmio_op ops[] = {
		W(0x100, 1, 0x88), W(0x101, 1, 0x77), W(0x102, 1, 0x07),
		W(0x103, 1, 0xa1), W(0x104, 1, 0xc3), W(0x105, 1, 0x42),
		W(0x106, 1, MMIO_GPA & 0xff), W(0x107, 1, 0x13),
		W(0x108, 2, 0x7788), W(0x10a, 2, 0x2728),
		W(0x10c, 4, 0x55667788), W(0x110, 4, 0x35363738),
		W(0x118, 8, rax), W(0x120, 8, 0x4142434445464748ULL),
		W(0x128, 8, stack),
		W(0x130, 1, 0xab), W(0x132, 2, 0xabcd), W(0x134, 4, 0xdeadbeef),
		W(0x138, 8, 0xfffffffffffffffeULL), W(0x140, 8, 0x7fffffff),
		W(0x148, 8, 0xffffffff80000000ULL), W(1, 1, 0x7f),
		W(0x150, 1, 0x88), W(0x152, 2, 0x7788),
		W(0x154, 4, 0x55667788), W(0x158, 8, rax),
		W(0x160, 4, 0x55667788),
		W(0x164, 4, 0x55667788), W(FS_OFF + 0x10, 4, 0x05060708),
		W(FS_OFF + 0x14, 4, 5), W(GS_OFF + 0x18, 8, 0x2122232425262728ULL),
		W(0x168, 2, 0x7788),
		W(0x170, 4, 0x13572468), R(0x170, 4),
	};
	const uint64_t want[] = { 0x13572468 };
	unsigned int i;
	struct hvx_regs r;

	regfile_reset();
	set_fs_gs_base(vcpu, MMIO_GPA + FS_OFF, MMIO_GPA + GS_OFF);
	run_mmio_script(_metadata, vcpu, MMIO_GPA, ops,
			sizeof(ops) / sizeof(ops[0]));
	check_reports(_metadata, vcpu, want, 1, ALL64);

	/* The register file holds exactly what was written. */
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		uint64_t v = 0;

		if (!ops[i].write)
			continue;
		memcpy(&v, regfile + ops[i].off, ops[i].len);
		EXPECT_EQ(ops[i].data, v) TH_LOG("offset %#x", ops[i].off);
	}

	/* Stores change no register. */
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(rax, r.rax);
	EXPECT_EQ(0x0102030405060708ULL, r.rbx);
	EXPECT_EQ(0xa1b2, r.rcx);
	EXPECT_EQ(0xc3d4, r.rdx);
	EXPECT_EQ(0x99aabbccddeeff42ULL, r.rsi);
	EXPECT_EQ((uint64_t)MMIO_GPA, r.rdi);
	EXPECT_EQ(stack, r.rsp);
	EXPECT_EQ(0xbeef000000000000ULL + MMIO_GPA, r.r8);
	EXPECT_EQ(0xfedcba9876543213ULL, r.r12);
	EXPECT_EQ(0x2122232425262728ULL, r.r13);
	EXPECT_EQ(0x3132333435363738ULL, r.r14);
	EXPECT_EQ(0x4142434445464748ULL, r.r15);
	EXPECT_EQ(HVXT_CODE_ADDR(st64_start, st64_done) + 2, r.rip);
}

/* ------------------------------------------------------------------ */
/* The exit itself: RIP is past the load, the register not yet written */

HVXT_GUEST_CODE(ldx,
	".code64\n"
	"	mov $" HVXT_XSTR(MMIO_GPA) ", %edi\n"
	"	mov $-1, %rax\n"
	"	mov 0x20(%rdi), %eax\n"
	"ldx_after:\n"
	REP
	GUEST_DONE
);
HVXT_GUEST_LABEL(ldx_after);

TEST(load_completes_on_next_run)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, ldx_start,
						   ldx_end, ldx_start);
	struct hvx_run *run = vcpu->run;
	struct hvx_regs r;

	ASSERT_EQ(1, hvx_check_extension(vcpu->vm->sys_fd, HVX_CAP_MMIO));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_MMIO);
	EXPECT_EQ(MMIO_GPA + 0x20, run->mmio.phys_addr);
	EXPECT_EQ(4, run->mmio.len);
	EXPECT_EQ(0, run->mmio.is_write);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(HVXT_CODE_ADDR(ldx_start, ldx_after), r.rip);
	EXPECT_EQ(~0ULL, r.rax);
	/* Bytes past mmio.len are ignored. */
	memcpy(run->mmio.data, "\x44\x33\x22\x11\x99\x99\x99\x99", 8);
	EXPECT_EQ(0x11223344ULL, HVXT_RUN_UNTIL_REPORT(vcpu));
	HVXT_RUN_UNTIL_DONE(vcpu);
}

/* ------------------------------------------------------------------ */
/* 32-bit protected mode */

HVXT_GUEST_CODE(pm32,
	".code32\n"
	"	mov $" HVXT_XSTR(MMIO_GPA) ", %edi\n"
	"	mov $-1, %eax\n"
	"	mov (%edi), %al\n"
	REP
	"	mov $-1, %eax\n"
	"	mov 8(%edi), %ah\n"
	REP
	"	mov $-1, %eax\n"
	"	mov (%edi), %ax\n"
	REP
	"	mov 8(%edi), %eax\n"
	REP
	"	mov $-1, %ecx\n"
	"	mov 3(%edi), %ch\n"
	"	mov %ecx, %eax\n"
	REP
	"	movzbl 8(%edi), %eax\n"
	REP
	"	movzwl 8(%edi), %eax\n"
	REP
	"	movswl 8(%edi), %eax\n"
	REP
	"	xor %eax, %eax\n"
	"	movsbw 8(%edi), %ax\n"
	REP
	/* moffs32: A0, 66 A1, A1 */
	"	mov $-1, %eax\n"
	"	mov " HVXT_XSTR(MMIO_GPA) " + 0x10, %al\n"
	REP
	"	mov $-1, %eax\n"
	"	mov " HVXT_XSTR(MMIO_GPA) " + 0x10, %ax\n"
	REP
	"	mov " HVXT_XSTR(MMIO_GPA) " + 0x10, %eax\n"
	REP
	/* segment prefixes; 67: 16-bit addressing, 16-bit moffs */
	"	mov %fs:4, %eax\n"
	REP
	"	mov $8, %ebx\n"
	"	mov %fs:(%bx), %eax\n"
	REP
	"	mov $-1, %eax\n"
	"	.byte 0x65, 0x67, 0xa1\n"
	"	.word 8\n"
	REP
	/* EBP base: SS */
	"	mov %edi, %ebp\n"
	"	mov 0x18(%ebp), %eax\n"
	REP
	/* stores */
	"	mov $0x11223344, %eax\n"
	"	mov %al, 0x100(%edi)\n"
	"	mov %ah, 0x101(%edi)\n"
	"	mov %ax, 0x102(%edi)\n"
	"	mov %eax, 0x104(%edi)\n"
	"	movb $0x9c, 0x108(%edi)\n"
	"	movw $0x8001, 0x10a(%edi)\n"
	"	movl $0xfeedface, 0x10c(%edi)\n"
	"	mov %eax, " HVXT_XSTR(MMIO_GPA) " + 0x110\n"
	"	mov %ax, " HVXT_XSTR(MMIO_GPA) " + 0x114\n"
	"	mov %al, " HVXT_XSTR(MMIO_GPA) " + 0x116\n"
	"	mov %eax, %gs:0x20\n"
	"	movl $0x31415926, %fs:(%bx)\n"
	"pm32_done:\n"
	GUEST_DONE
);
HVXT_GUEST_LABEL(pm32_done);

TEST(protected_mode_loads_and_stores)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_PROTECTED,
						   pm32_start, pm32_end,
						   pm32_start);
	const uint64_t m1 = ALL32;
	const struct mmio_op ops[] = {
		R(0, 1), R(8, 1), R(0, 2), R(8, 4), R(3, 1),
		R(8, 1), R(8, 2), R(8, 2), R(8, 1),
		R(0x10, 1), R(0x10, 2), R(0x10, 4),
		R(FS_OFF + 4, 4), R(FS_OFF + 8, 4), R(GS_OFF + 8, 4),
		R(0x18, 4),
		W(0x100, 1, 0x44), W(0x101, 1, 0x33), W(0x102, 2, 0x3344),
		W(0x104, 4, 0x11223344), W(0x108, 1, 0x9c), W(0x10a, 2, 0x8001),
		W(0x10c, 4, 0xfeedface), W(0x110, 4, 0x11223344),
		W(0x114, 2, 0x3344), W(0x116, 1, 0x44),
		W(GS_OFF + 0x20, 4, 0x11223344), W(FS_OFF + 8, 4, 0x31415926),
	};
	const uint64_t want[] = {
		((m1 << 8) | rf(0, 1)) & m1,
		(m1 & ~0xff00ULL) | rf(8, 1) << 8,
		((m1 << 16) | rf(0, 2)) & m1,
		rf(8, 4),
		(m1 & ~0xff00ULL) | rf(3, 1) << 8,
		rf(8, 1),
		rf(8, 2),
		sext(rf(8, 2), 2) & m1,
		sext(rf(8, 1), 1) & 0xffff,
		((m1 << 8) | rf(0x10, 1)) & m1,
		((m1 << 16) | rf(0x10, 2)) & m1,
		rf(0x10, 4),
		rf(FS_OFF + 4, 4),
		rf(FS_OFF + 8, 4),
		rf(GS_OFF + 8, 4),
		rf(0x18, 4),
	};
	struct hvx_regs r;

	regfile_reset();
	set_fs_gs_base(vcpu, MMIO_GPA + FS_OFF, MMIO_GPA + GS_OFF);
	run_mmio_script(_metadata, vcpu, MMIO_GPA, ops,
			sizeof(ops) / sizeof(ops[0]));
	check_reports(_metadata, vcpu, want, sizeof(want) / sizeof(want[0]),
		      ALL32);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(0x11223344, r.rax & ALL32);
	EXPECT_EQ(8, r.rbx & ALL32);
	EXPECT_EQ((uint64_t)MMIO_GPA, r.rdi & ALL32);
	EXPECT_EQ((uint64_t)MMIO_GPA, r.rbp & ALL32);
	EXPECT_EQ(hvxt_stack_top(HVX_MODE_PROTECTED, 0), r.rsp & ALL32);
	EXPECT_EQ(HVXT_CODE_ADDR(pm32_start, pm32_done) + 2, r.rip);
}

/* ------------------------------------------------------------------ */
/* Real mode */

HVXT_GUEST_CODE(rm16,
	".code16\n"
	"	mov $" HVXT_XSTR(MMIO_RM_GPA) " >> 4, %ax\n"
	"	mov %ax, %es\n"
	"	xor %bx, %bx\n"
	"	mov $-1, %eax\n"
	"	mov %es:(%bx), %al\n"
	REP
	"	mov $-1, %eax\n"
	"	mov %es:8(%bx), %ah\n"
	REP
	"	mov $-1, %eax\n"
	"	mov %es:(%bx), %ax\n"
	REP
	"	mov %es:8(%bx), %eax\n"
	REP
	/* moffs16 with a segment prefix */
	"	mov $-1, %eax\n"
	"	mov %es:0x10, %al\n"
	REP
	"	mov $-1, %eax\n"
	"	mov %es:0x10, %ax\n"
	REP
	"	mov %es:0x10, %eax\n"
	REP
	"	mov $-1, %eax\n"
	"	movzbl %es:8(%bx), %eax\n"
	REP
	"	xor %eax, %eax\n"
	"	movsbw %es:8(%bx), %ax\n"
	REP
	"	movswl %es:8(%bx), %eax\n"
	REP
	"	mov $-1, %edx\n"
	"	mov %es:1(%bx), %dh\n"
	"	mov %edx, %eax\n"
	REP
	/* 67: 32-bit addressing in real mode */
	"	mov $0x18, %edi\n"
	"	mov %es:(%edi), %eax\n"
	REP
	/* DS, the default segment */
	"	mov %es, %cx\n"
	"	mov %cx, %ds\n"
	"	xor %eax, %eax\n"
	"	mov 0x18, %ax\n"
	"	xor %cx, %cx\n"
	"	mov %cx, %ds\n"
	REP
	/* stores */
	"	mov $0x89abcdef, %eax\n"
	"	movb $0x5a, %es:0x100\n"
	"	movw $0x1234, %es:0x102(%bx)\n"
	"	movl $0x76543210, %es:0x104\n"
	"	mov %eax, %es:0x108\n"
	"	mov %ax, %es:0x10c\n"
	"	mov %al, %es:0x10e\n"
	"	mov $0x7788, %dx\n"
	"	mov %dh, %es:0x10f(%bx)\n"
	"	mov %eax, %es:0x110(%edi)\n"
	"rm16_done:\n"
	GUEST_DONE
);
HVXT_GUEST_LABEL(rm16_done);

TEST(real_mode_loads_and_stores)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_REAL, rm16_start,
						   rm16_end, rm16_start);
	const uint64_t m1 = ALL32;
	const struct mmio_op ops[] = {
		R(0, 1), R(8, 1), R(0, 2), R(8, 4),
		R(0x10, 1), R(0x10, 2), R(0x10, 4),
		R(8, 1), R(8, 1), R(8, 2), R(1, 1), R(0x18, 4), R(0x18, 2),
		W(0x100, 1, 0x5a), W(0x102, 2, 0x1234), W(0x104, 4, 0x76543210),
		W(0x108, 4, 0x89abcdef), W(0x10c, 2, 0xcdef), W(0x10e, 1, 0xef),
		W(0x10f, 1, 0x77), W(0x128, 4, 0x89abcdef),
	};
	const uint64_t want[] = {
		((m1 << 8) | rf(0, 1)) & m1,
		(m1 & ~0xff00ULL) | rf(8, 1) << 8,
		((m1 << 16) | rf(0, 2)) & m1,
		rf(8, 4),
		((m1 << 8) | rf(0x10, 1)) & m1,
		((m1 << 16) | rf(0x10, 2)) & m1,
		rf(0x10, 4),
		rf(8, 1),
		sext(rf(8, 1), 1) & 0xffff,
		sext(rf(8, 2), 2) & m1,
		(m1 & ~0xff00ULL) | rf(1, 1) << 8,
		rf(0x18, 4),
		rf(0x18, 2),
	};
	struct hvx_sregs s;
	struct hvx_regs r;

	/* Cut slot 0 below MMIO_RM_GPA: real mode reaches only 1 MiB. */
	hvxt_set_memory(vcpu->vm, HVXT_MEM_SLOT, 0, 0, MMIO_RM_GPA,
			vcpu->vm->mem);
	regfile_reset();
	run_mmio_script(_metadata, vcpu, MMIO_RM_GPA, ops,
			sizeof(ops) / sizeof(ops[0]));
	check_reports(_metadata, vcpu, want, sizeof(want) / sizeof(want[0]),
		      ALL32);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(0x89abcdef, r.rax & ALL32);
	EXPECT_EQ(0, r.rbx & 0xffff);
	EXPECT_EQ(0x7788, r.rdx & 0xffff);
	EXPECT_EQ(0x18, r.rdi & ALL32);
	EXPECT_EQ(HVXT_CODE_ADDR(rm16_start, rm16_done) + 2, r.rip);
	hvxt_get_sregs(vcpu, &s);
	EXPECT_EQ(MMIO_RM_GPA >> 4, s.es.selector);
	EXPECT_EQ(0, s.ds.selector);
}

/* ------------------------------------------------------------------ */
/* Read-only slots */

HVXT_GUEST_CODE(ro,
	".code64\n"
	"	mov " HVXT_XSTR(RO_GPA) " + 0x10, %eax\n"
	REP
	"	movl $0x12345678, " HVXT_XSTR(RO_GPA) " + 0x10\n"
	"	mov " HVXT_XSTR(RO_GPA) " + 0x10, %eax\n"
	REP
	"	mov $" HVXT_XSTR(RO_GPA) " + 0x1ff8, %edi\n"
	"	movq $-1, (%rdi)\n"
	"	mov %ebx, 0x10(%rdi)\n"
	"	mov (%rdi), %rax\n"
	REP
	GUEST_DONE
);

TEST(readonly_slot_write_is_mmio)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, ro_start,
						   ro_end, ro_start);
	uint8_t *mem = hvxt_alloc(0x3000);
	uint8_t copy[0x3000];
	const struct mmio_op ops[] = {
		W(0x10, 4, 0x12345678),
		W(0x1ff8, 8, ~0ULL),
		W(0x2008, 4, 0xabcd),
	};
	uint64_t v0, v1;
	unsigned int i;

	for (i = 0; i < sizeof(copy); i++)
		mem[i] = (uint8_t)(i ^ 0x5a);
	memcpy(copy, mem, sizeof(copy));
	memcpy(&v0, mem + 0x10, 8);
	memcpy(&v1, mem + 0x1ff8, 8);
	hvxt_set_memory(vcpu->vm, RO_SLOT, HVX_MEM_READONLY, RO_GPA, 0x3000,
			mem);
	HVXT_SET_REG(vcpu, rbx, 0xabcd);
	memset(regfile, 0, sizeof(regfile));
	run_mmio_script(_metadata, vcpu, RO_GPA, ops, 3);
	ASSERT_EQ(3, vcpu->nr_reports);
	EXPECT_EQ(v0 & ALL32, vcpu->reports[0]);
	EXPECT_EQ(v0 & ALL32, vcpu->reports[1]);
	EXPECT_EQ(v1, vcpu->reports[2]);
	EXPECT_EQ(0, memcmp(copy, mem, sizeof(copy)));
}

/* ------------------------------------------------------------------ */
/* What hvx does not emulate: an internal error with the bytes */

HVXT_GUEST_CODE(bad,
	".code64\n"
	"	mov $" HVXT_XSTR(MMIO_GPA) ", %edi\n"
	"	mov $1, %eax\n"
	"bad_lock:\n"
	"	lock add %eax, 0x40(%rdi)\n"
	"bad_add:\n"
	"	add %eax, (%rdi)\n"
	"bad_movs:\n"
	"	movsb\n"
	"bad_after:\n"
	GUEST_DONE
);
HVXT_GUEST_LABEL(bad_lock);
HVXT_GUEST_LABEL(bad_add);
HVXT_GUEST_LABEL(bad_movs);
HVXT_GUEST_LABEL(bad_after);

/* Status codes of docs/decoder.md (struct hvx_insn refusals). */
#define INSN_LOCK		3
#define INSN_UNSUPPORTED	5

static void check_emulation_failure(struct __test_metadata *_metadata,
				    struct hvxt_vcpu *vcpu, uint64_t rip,
				    uint64_t gpa, uint64_t reason)
{
	struct hvx_run *run = vcpu->run;
	const uint8_t *code = hvxt_gpa_ptr(vcpu->vm, rip, 15);
	uint8_t bytes[16];

	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_INTERNAL_ERROR);
	EXPECT_EQ(HVX_INTERNAL_EMULATION, run->internal.suberror);
	ASSERT_GE(run->internal.ndata, 9);
	EXPECT_EQ(48, run->internal.data[0]);		/* EPT violation */
	EXPECT_EQ(gpa, run->internal.data[3]);
	EXPECT_EQ(rip, run->internal.data[4]);
	/* All 15 bytes at RIP are in slot 0, so all were fetched. */
	EXPECT_EQ(15, run->internal.data[7]);
	memcpy(bytes, &run->internal.data[5], 16);
	EXPECT_EQ(0, memcmp(code, bytes, 15));
	EXPECT_EQ(0, bytes[15]);
	EXPECT_EQ(reason, run->internal.data[8]);
	/* RIP stays on the instruction. */
	EXPECT_EQ(rip, hvxt_get_rip(vcpu));
}

TEST(undecodable_is_internal_error)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, bad_start,
						   bad_end, bad_start);
	uint64_t lock = HVXT_CODE_ADDR(bad_start, bad_lock);
	uint64_t add = HVXT_CODE_ADDR(bad_start, bad_add);
	uint64_t movs = HVXT_CODE_ADDR(bad_start, bad_movs);

	/* lock add %eax, 0x40(%rdi): F0 01 47 40 */
	ASSERT_EQ(0xf0, bad_lock[0]);
	hvxt_run(vcpu);
	check_emulation_failure(_metadata, vcpu, lock, MMIO_GPA + 0x40,
				INSN_LOCK);

	/* add %eax, (%rdi): 01 07, an ALU op on MMIO */
	hvxt_set_rip(vcpu, add);
	hvxt_run(vcpu);
	check_emulation_failure(_metadata, vcpu, add, MMIO_GPA, INSN_UNSUPPORTED);

	/* movsb from MMIO to MMIO: decoded, but not an MMIO move hvx does */
	HVXT_SET_REG(vcpu, rsi, MMIO_GPA + 0x80);
	hvxt_set_rip(vcpu, movs);
	hvxt_run(vcpu);
	check_emulation_failure(_metadata, vcpu, movs, MMIO_GPA + 0x80,
				INSN_UNSUPPORTED);

	/* The VMM may step over it and go on. */
	hvxt_set_rip(vcpu, HVXT_CODE_ADDR(bad_start, bad_after));
	HVXT_RUN_UNTIL_DONE(vcpu);
}

/* ------------------------------------------------------------------ */
/* Accesses hvx must not turn into a wrong MMIO exit */

#define SPLIT_GPA	0x200000	/* slot 0 (RAM) ends here */
#define MMIO_PT_GPA	0x70000000	/* a guest page table where no slot is */
#define MMIO_PT_VA	0xa00000

HVXT_GUEST_CODE(odd,
	".code64\n"
	/* a load half in RAM, half in MMIO */
	"odd_split_load:\n"
	"	mov $-1, %rax\n"
	"	mov " HVXT_XSTR(SPLIT_GPA) " - 2, %eax\n"
	GUEST_REPORT
	GUEST_DONE
	/* the store */
	"odd_split_store:\n"
	"	mov $0x44332211, %eax\n"
	"	mov %eax, " HVXT_XSTR(SPLIT_GPA) " - 2\n"
	GUEST_DONE
	/* an interrupt delivered onto a stack in MMIO */
	"odd_stack:\n"
	"	mov $" HVXT_XSTR(MMIO_GPA) " + 0x100, %esp\n"
	"	mov $" HVXT_XSTR(MMIO_GPA) " + 0x800, %edi\n"
	"	sti\n"
	"	hlt\n"
	"odd_stack_after:\n"
	"	mov %eax, (%rdi)\n"
	GUEST_DONE
	/* a load whose page walk reads a page table in MMIO */
	"odd_walk:\n"
	"	mov $" HVXT_XSTR(MMIO_PT_VA) " + 0x10, %ebx\n"
	"odd_walk_insn:\n"
	"	mov (%rbx), %eax\n"
	GUEST_DONE
	/* code in MMIO */
	"odd_fetch:\n"
	"	mov $" HVXT_XSTR(MMIO_GPA) " + 0x40, %eax\n"
	"	jmp *%rax\n"
	".balign 16\n"
	"odd_isr:\n"
	"	iretq\n"
);
HVXT_GUEST_LABEL(odd_split_load);
HVXT_GUEST_LABEL(odd_split_store);
HVXT_GUEST_LABEL(odd_stack);
HVXT_GUEST_LABEL(odd_stack_after);
HVXT_GUEST_LABEL(odd_walk);
HVXT_GUEST_LABEL(odd_walk_insn);
HVXT_GUEST_LABEL(odd_fetch);
HVXT_GUEST_LABEL(odd_isr);

#define ODD(label)	HVXT_CODE_ADDR(odd_start, label)

static struct hvxt_vcpu *odd_vm(const void *entry)
{
	return hvxt_vm_with_code(HVX_MODE_LONG, odd_start, odd_end, entry);
}

/* An internal error, or an MMIO exit for exactly the MMIO part. */
static bool split_exit_ok(struct hvx_run *run, bool write)
{
	if (run->exit_reason == HVX_EXIT_INTERNAL_ERROR)
		return true;
	return run->exit_reason == HVX_EXIT_MMIO &&
	       run->mmio.phys_addr == SPLIT_GPA && run->mmio.len == 2 &&
	       run->mmio.is_write == write;
}

/*
 * 4 bytes at 0x1ffffe: two in RAM, two in MMIO. The hardware reads
 * both halves; hvx may emulate that exactly (an MMIO exit for the two
 * MMIO bytes) or refuse (an internal error), but an MMIO exit for four
 * bytes at the page boundary is a wrong result.
 */
TEST(load_across_ram_and_mmio)
{
	struct hvxt_vcpu *vcpu = odd_vm(odd_split_load);
	uint8_t *ram = hvxt_gpa_ptr(vcpu->vm, SPLIT_GPA - 2, 2);
	struct hvx_run *run = vcpu->run;
	char buf[256];

	ram[0] = 0x11;
	ram[1] = 0x22;
	hvxt_run(vcpu);
	if (!split_exit_ok(run, false))
		TH_LOG("got %s", hvxt_describe_exit(run, buf, sizeof(buf)));
	ASSERT_TRUE(split_exit_ok(run, false));
	if (run->exit_reason == HVX_EXIT_MMIO) {
		memcpy(run->mmio.data, "\x33\x44", 2);
		EXPECT_EQ(0x44332211, HVXT_RUN_UNTIL_REPORT(vcpu));
	}
}

TEST(store_across_ram_and_mmio)
{
	struct hvxt_vcpu *vcpu = odd_vm(odd_split_store);
	uint8_t *ram = hvxt_gpa_ptr(vcpu->vm, SPLIT_GPA - 2, 2);
	struct hvx_run *run = vcpu->run;
	char buf[256];

	hvxt_run(vcpu);
	if (!split_exit_ok(run, true))
		TH_LOG("got %s", hvxt_describe_exit(run, buf, sizeof(buf)));
	ASSERT_TRUE(split_exit_ok(run, true));
	if (run->exit_reason == HVX_EXIT_MMIO) {
		EXPECT_EQ(0x33, run->mmio.data[0]);
		EXPECT_EQ(0x44, run->mmio.data[1]);
		EXPECT_EQ(0x11, ram[0]);
		EXPECT_EQ(0x22, ram[1]);
	}
}

/*
 * Splits whose MMIO part is not 1, 2, 4 or 8 bytes come in naturally
 * aligned fragments, one exit each: a load with one byte in RAM and three
 * in MMIO, and a store from MMIO into the RAM of a second slot.
 */
#define SPLIT_SLOT	2
#define SPLIT_RAM2	(SPLIT_GPA + 0x2000)

HVXT_GUEST_CODE(frag,
	".code64\n"
	"	mov $-1, %rax\n"
	"	mov " HVXT_XSTR(SPLIT_GPA) " - 1, %eax\n"
	GUEST_REPORT
	"	movabs $0x8877665544332211, %rax\n"
	"	mov $" HVXT_XSTR(SPLIT_RAM2) " - 3, %edi\n"
	"	mov %rax, (%rdi)\n"
	GUEST_DONE
);

TEST(split_in_fragments)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, frag_start,
						   frag_end, frag_start);
	uint8_t *ram = hvxt_gpa_ptr(vcpu->vm, SPLIT_GPA - 1, 1);
	uint8_t *ram2 = hvxt_alloc(0x1000);
	const struct mmio_op ops[] = {
		R(0, 2), R(2, 1),
		W(0x1ffd, 1, 0x11), W(0x1ffe, 2, 0x3322),
	};
	const uint64_t want[] = { 0xaa | rf(0, 3) << 8 };

	hvxt_set_memory(vcpu->vm, SPLIT_SLOT, 0, SPLIT_RAM2, 0x1000, ram2);
	*ram = 0xaa;
	regfile_reset();
	run_mmio_script(_metadata, vcpu, SPLIT_GPA, ops,
			sizeof(ops) / sizeof(ops[0]));
	check_reports(_metadata, vcpu, want, 1, ALL32);
	EXPECT_EQ(0, memcmp(ram2, "\x44\x55\x66\x77\x88", 5));
}

/*
 * Delivering an interrupt pushes its frame onto a stack in MMIO: the
 * exit comes while an event is being delivered, and the instruction at
 * RIP has nothing to do with it. hvx must not "emulate" that instruction
 * (here a decodable MMIO store): HVX_INTERNAL_DELIVERY_EV says what
 * happened.
 */
TEST(event_delivery_onto_mmio_stack)
{
	struct hvxt_vcpu *vcpu = odd_vm(odd_stack);
	struct hvx_interrupt irq = { .vector = 0x40 };
	struct hvx_run *run = vcpu->run;
	char buf[256];

	hvxt_idt64_install(vcpu, 0x30000, ODD(odd_isr), 0, 256);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	ASSERT_EQ(0, hvxt_raw_ioctl(vcpu->fd, HVX_INTERRUPT, &irq));
	hvxt_run(vcpu);
	if (run->exit_reason != HVX_EXIT_INTERNAL_ERROR ||
	    run->internal.suberror != HVX_INTERNAL_DELIVERY_EV)
		TH_LOG("got %s", hvxt_describe_exit(run, buf, sizeof(buf)));
	ASSERT_EQ(HVX_EXIT_INTERNAL_ERROR, run->exit_reason);
	EXPECT_EQ(HVX_INTERNAL_DELIVERY_EV, run->internal.suberror);
	/* The instruction after the HLT did not run. */
	EXPECT_EQ(ODD(odd_stack_after), hvxt_get_rip(vcpu));
}

/*
 * The guest's page walk reads a page table where no slot is. The MOV's
 * own operand is not MMIO; an MMIO exit for it would be a wrong result.
 */
TEST(page_walk_through_mmio)
{
	struct hvxt_vcpu *vcpu = odd_vm(odd_walk);
	struct hvx_run *run = vcpu->run;
	char buf[256];

	*hvxt_identity_pde(vcpu->vm, MMIO_PT_VA) =
		MMIO_PT_GPA | HVXT_PTE_P | HVXT_PTE_RW;
	hvxt_run(vcpu);
	if (run->exit_reason != HVX_EXIT_INTERNAL_ERROR)
		TH_LOG("got %s", hvxt_describe_exit(run, buf, sizeof(buf)));
	ASSERT_EQ(HVX_EXIT_INTERNAL_ERROR, run->exit_reason);
	EXPECT_EQ(MMIO_PT_GPA, run->internal.data[3] & ~0xfffULL);
	EXPECT_EQ(ODD(odd_walk_insn), hvxt_get_rip(vcpu));
}

/* Code in MMIO: nothing to fetch, so nothing decoded. */
TEST(fetch_from_mmio)
{
	struct hvxt_vcpu *vcpu = odd_vm(odd_fetch);
	struct hvx_run *run = vcpu->run;

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_INTERNAL_ERROR);
	EXPECT_EQ(HVX_INTERNAL_EMULATION, run->internal.suberror);
	EXPECT_EQ(MMIO_GPA + 0x40, run->internal.data[3]);
	EXPECT_EQ(MMIO_GPA + 0x40, run->internal.data[4]);
	EXPECT_EQ(0, run->internal.data[7]);
	EXPECT_EQ(MMIO_GPA + 0x40, hvxt_get_rip(vcpu));
}

/*
 * The instruction itself across two guest pages, which map to scattered
 * physical pages; and one that ends right before a page that is not
 * present (hvx fetches what translates, and that is enough).
 */
#define X_VA		0x400000
#define X_PT		0x38000
#define X_PHYS0		0x40000
#define X_PHYS1		0x43000

HVXT_GUEST_CODE(xp,
	".code64\n"
	GUEST_DONE
);

TEST(insn_across_pages)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, xp_start,
						   xp_end, xp_start);
	struct hvxt_vm *vm = vcpu->vm;
	uint64_t *pt = hvxt_gpa_ptr(vm, X_PT, 4096);
	uint8_t *p0 = hvxt_gpa_ptr(vm, X_PHYS0, 4096);
	uint8_t *p1 = hvxt_gpa_ptr(vm, X_PHYS1, 4096);
	/* movabs 0x60000010, %eax: A1 and an 8-byte address */
	static const uint8_t movabs[9] = {
		0xa1, 0x10, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00,
	};
	/* out %eax, $0xe9; out %al, $0xea; hlt */
	static const uint8_t tail[5] = { 0xe7, 0xe9, 0xe6, 0xea, 0xf4 };
	struct hvx_run *run = vcpu->run;
	struct hvx_regs r;

	*hvxt_identity_pde(vm, X_VA) = X_PT | HVXT_PTE_P | HVXT_PTE_RW;
	memset(pt, 0, 4096);
	pt[0] = X_PHYS0 | HVXT_PTE_P | HVXT_PTE_RW;
	pt[1] = X_PHYS1 | HVXT_PTE_P | HVXT_PTE_RW;
	memcpy(p0 + 0xffb, movabs, 5);
	memcpy(p1, movabs + 5, 4);
	memcpy(p1 + 4, tail, sizeof(tail));

	hvxt_get_regs(vcpu, &r);
	r.rip = X_VA + 0xffb;
	r.rax = ~0ULL;
	hvxt_set_regs(vcpu, &r);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_MMIO);
	EXPECT_EQ(MMIO_GPA + 0x10, run->mmio.phys_addr);
	EXPECT_EQ(4, run->mmio.len);
	EXPECT_EQ(0, run->mmio.is_write);
	EXPECT_EQ(X_VA + 0x1004, hvxt_get_rip(vcpu));
	memcpy(run->mmio.data, "\x0d\xf0\xad\x0b", 4);
	EXPECT_EQ(0x0badf00dULL, HVXT_RUN_UNTIL_REPORT(vcpu));
	HVXT_RUN_UNTIL_DONE(vcpu);

	/* mov (%rdi), %eax in the last two bytes before a hole */
	p1[0xffe] = 0x8b;
	p1[0xfff] = 0x07;
	hvxt_get_regs(vcpu, &r);
	r.rip = X_VA + 0x1ffe;
	r.rdi = MMIO_GPA + 0x20;
	r.rax = ~0ULL;
	hvxt_set_regs(vcpu, &r);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_MMIO);
	EXPECT_EQ(MMIO_GPA + 0x20, run->mmio.phys_addr);
	EXPECT_EQ(4, run->mmio.len);
	EXPECT_EQ(X_VA + 0x2000, hvxt_get_rip(vcpu));
	/* Completed by the next HVX_RUN, even one that enters no guest */
	memcpy(run->mmio.data, "\x44\x33\x22\x11", 4);
	run->immediate_exit = 1;
	ASSERT_ERRNO(EINTR, hvxt_run_raw(vcpu));
	run->immediate_exit = 0;
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(0x11223344ULL, r.rax);
}

/* Compatibility mode: a 32-bit code segment under long mode. */
HVXT_GUEST_CODE(cm32,
	".code32\n"
	"	mov $" HVXT_XSTR(MMIO_GPA) ", %edi\n"
	"	mov $-1, %eax\n"
	"	mov (%edi), %ax\n"
	GUEST_REPORT
	"	movsbl 8(%edi), %eax\n"
	GUEST_REPORT
	"	mov " HVXT_XSTR(MMIO_GPA) " + 0x10, %eax\n"
	GUEST_REPORT
	"	mov $0x11223344, %ebx\n"
	"	mov %bh, 0x100(%edi)\n"
	"	movl $0xcafef00d, 0x104(%edi)\n"
	GUEST_DONE
);

TEST(compatibility_mode)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, cm32_start,
						   cm32_end, cm32_start);
	const struct mmio_op ops[] = {
		R(0, 2), R(8, 1), R(0x10, 4),
		W(0x100, 1, 0x33), W(0x104, 4, 0xcafef00d),
	};
	const uint64_t want[] = {
		0xffff0000ULL | rf(0, 2),
		sext(rf(8, 1), 1) & ALL32,
		rf(0x10, 4),
	};
	struct hvx_sregs s;

	hvxt_get_sregs(vcpu, &s);
	s.cs.selector = HVX_SEL_CODE32;
	s.cs.l = 0;
	s.cs.db = 1;
	hvxt_set_sregs(vcpu, &s);
	regfile_reset();
	run_mmio_script(_metadata, vcpu, MMIO_GPA, ops,
			sizeof(ops) / sizeof(ops[0]));
	check_reports(_metadata, vcpu, want, sizeof(want) / sizeof(want[0]),
		      ALL32);
}

TEST_HARNESS_MAIN
