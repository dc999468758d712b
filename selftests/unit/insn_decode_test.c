// SPDX-License-Identifier: GPL-2.0
/*
 * The MMIO instruction decoder (kmod/x86/insn_decode.c) against a reference
 * table of encodings. Expected values come from the Intel SDM (vol. 2A,
 * chapter 2, and the MOV, MOVZX, MOVSX/MOVSXD, MOVS, STOS and LODS pages);
 * each entry's text is GNU objdump's disassembly of its bytes, against
 * which the lengths were cross-checked when the table was written.
 *
 * The fuzzer (selftests/fuzz/insn_decode_fuzz.c) includes this file with
 * INSN_DECODE_TABLE_ONLY defined to check its results against the table.
 */
#include "insn_decode.h"

#define M16	HVX_MODE_16
#define M32	HVX_MODE_32
#define M64	HVX_MODE_64

enum {
	RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
	R8, R9, R10, R11, R12, R13, R14, R15
};

struct insn_case {
	const char *text;	/* objdump's disassembly, or why it's refused */
	enum hvx_insn_mode mode;
	unsigned int n;		/* bytes given to the decoder */
	u8 bytes[16];
	int status;
	struct hvx_insn want;
};

/* The bytes as a string of \x escapes; their count is the string's size. */
#define B(s)		.bytes = s, .n = sizeof(s) - 1
#define OK(l)		.status = HVX_INSN_OK, .want.len = (l)
#define ERR(e)		.status = HVX_INSN_##e
#define LD(sz, r, rsz, x) .want.kind = HVX_INSN_LOAD, .want.size = (sz), \
			.want.reg = (r), .want.reg_size = (rsz), \
			.want.ext = HVX_EXT_##x
#define ST(sz, r)	.want.kind = HVX_INSN_STORE, .want.size = (sz), \
			.want.reg = (r), .want.reg_size = (sz)
#define STI(sz, v)	.want.kind = HVX_INSN_STORE, .want.size = (sz), \
			.want.has_imm = true, .want.imm = (v)
#define STR(k, sz, rsz, r) .want.kind = HVX_INSN_##k, .want.size = (sz), \
			.want.reg_size = (rsz), .want.rep = (r)
#define SEG(s, a)	.want.seg = HVX_SEG_##s, .want.addr_size = (a)
#define HI		.want.high_byte = true

static const struct insn_case insn_cases[] = {
	/* 64-bit mode: MOV 88/89/8A/8B, every register width */
	{ "mov (%rdi),%eax", M64, B("\x8b\x07"), OK(2), LD(4, RAX, 4, NONE),
	  SEG(DS, 8) },
	{ "mov %eax,(%rdi)", M64, B("\x89\x07"), OK(2), ST(4, RAX), SEG(DS, 8) },
	{ "mov %al,(%rdi)", M64, B("\x88\x07"), OK(2), ST(1, RAX), SEG(DS, 8) },
	{ "mov (%rdi),%al", M64, B("\x8a\x07"), OK(2), LD(1, RAX, 1, NONE),
	  SEG(DS, 8) },
	{ "mov %ah,(%rdi)", M64, B("\x88\x27"), OK(2), ST(1, RAX), HI,
	  SEG(DS, 8) },
	{ "mov (%rsi),%bh", M64, B("\x8a\x3e"), OK(2), LD(1, RBX, 1, NONE), HI,
	  SEG(DS, 8) },
	{ "mov %spl,(%rdi)", M64, B("\x40\x88\x27"), OK(3), ST(1, RSP),
	  SEG(DS, 8) },
	{ "mov (%rdi),%dil", M64, B("\x40\x8a\x3f"), OK(3), LD(1, RDI, 1, NONE),
	  SEG(DS, 8) },
	{ "mov %r8b,(%rdi)", M64, B("\x44\x88\x07"), OK(3), ST(1, R8),
	  SEG(DS, 8) },
	{ "mov (%rdi),%r15b", M64, B("\x44\x8a\x3f"), OK(3),
	  LD(1, R15, 1, NONE), SEG(DS, 8) },
	{ "mov %ax,(%rdi)", M64, B("\x66\x89\x07"), OK(3), ST(2, RAX),
	  SEG(DS, 8) },
	{ "mov (%rdi),%dx", M64, B("\x66\x8b\x17"), OK(3), LD(2, RDX, 2, NONE),
	  SEG(DS, 8) },
	{ "mov (%rdi),%rax", M64, B("\x48\x8b\x07"), OK(3), LD(8, RAX, 8, NONE),
	  SEG(DS, 8) },
	{ "mov %rcx,(%rdi)", M64, B("\x48\x89\x0f"), OK(3), ST(8, RCX),
	  SEG(DS, 8) },
	{ "mov (%rdi),%r9", M64, B("\x4c\x8b\x0f"), OK(3), LD(8, R9, 8, NONE),
	  SEG(DS, 8) },
	{ "mov %r10d,(%r11)", M64, B("\x45\x89\x13"), OK(3), ST(4, R10),
	  SEG(DS, 8) },
	{ "data16 mov (%rdi),%rax", M64, B("\x66\x48\x8b\x07"), OK(4),
	  LD(8, RAX, 8, NONE), SEG(DS, 8) },
	{ "rex.W mov (%rdi),%ax", M64, B("\x48\x66\x8b\x07"), OK(4),
	  LD(2, RAX, 2, NONE), SEG(DS, 8) },
	{ "rex mov (%rdi),%eax", M64, B("\x40\x8b\x07"), OK(3),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "rex data16 mov %ah,(%rdi)", M64, B("\x40\x66\x88\x27"), OK(4), ST(1, RAX),
	  HI, SEG(DS, 8) },
	{ "rex.B mov (%rdi),%rax", M64, B("\x41\x48\x8b\x07"), OK(4),
	  LD(8, RAX, 8, NONE), SEG(DS, 8) },

	/* 64-bit mode: every ModRM/SIB/displacement shape */
	{ "mov (%rsp),%eax", M64, B("\x8b\x04\x24"), OK(3), LD(4, RAX, 4, NONE),
	  SEG(SS, 8) },
	{ "mov 0x0(%rbp),%eax", M64, B("\x8b\x45\x00"), OK(3),
	  LD(4, RAX, 4, NONE), SEG(SS, 8) },
	{ "mov 0x0(%r13),%eax", M64, B("\x41\x8b\x45\x00"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "mov (%r12),%eax", M64, B("\x41\x8b\x04\x24"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "mov 0x12345678(%rip),%eax", M64, B("\x8b\x05\x78\x56\x34\x12"),
	  OK(6), LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "mov 0x12345678,%eax", M64, B("\x8b\x04\x25\x78\x56\x34\x12"), OK(7),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "mov 0x1000(,%rcx,4),%eax", M64, B("\x8b\x04\x8d\x00\x10\x00\x00"),
	  OK(7), LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "mov 0x12345678(,%rbp,1),%eax", M64,
	  B("\x8b\x04\x2d\x78\x56\x34\x12"), OK(7), LD(4, RAX, 4, NONE),
	  SEG(DS, 8) },
	{ "mov 0x8(%rbx,%rcx,4),%eax", M64, B("\x8b\x44\x8b\x08"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "mov 0x100(%rbx,%rcx,4),%eax", M64,
	  B("\x8b\x84\x8b\x00\x01\x00\x00"), OK(7), LD(4, RAX, 4, NONE),
	  SEG(DS, 8) },
	{ "mov 0x8(%rbp,%rbx,2),%eax", M64, B("\x8b\x44\x5d\x08"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(SS, 8) },
	{ "mov (%rsp,%rbp,1),%eax", M64, B("\x8b\x04\x2c"), OK(3),
	  LD(4, RAX, 4, NONE), SEG(SS, 8) },
	{ "mov (%rbx,%r12,1),%eax", M64, B("\x42\x8b\x04\x23"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "mov 0x100(%rdi),%eax", M64, B("\x8b\x87\x00\x01\x00\x00"), OK(6),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "mov -0x8(%rdi),%eax", M64, B("\x8b\x47\xf8"), OK(3),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "mov %eax,0x12345678(%rbx,%rsi,8)", M64,
	  B("\x89\x84\xf3\x78\x56\x34\x12"), OK(7), ST(4, RAX), SEG(DS, 8) },
	{ "mov 0x12345678(,%rax,1),%eax", M64,
	  B("\x41\x8b\x04\x05\x78\x56\x34\x12"), OK(8), LD(4, RAX, 4, NONE),
	  SEG(DS, 8) },
	{ "mov 0x12345678(%rip),%eax (REX.B)", M64,
	  B("\x41\x8b\x05\x78\x56\x34\x12"), OK(7), LD(4, RAX, 4, NONE),
	  SEG(DS, 8) },
	{ "mov (%edi),%eax", M64, B("\x67\x8b\x07"), OK(3), LD(4, RAX, 4, NONE),
	  SEG(DS, 4) },
	{ "mov 0x10(%eip),%eax", M64, B("\x67\x8b\x05\x10\x00\x00\x00"), OK(7),
	  LD(4, RAX, 4, NONE), SEG(DS, 4) },
	{ "mov (%esp),%eax", M64, B("\x67\x8b\x04\x24"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(SS, 4) },

	/* 64-bit mode: C6/C7 immediates, imm32 sign-extended with REX.W */
	{ "movb $0x12,(%rdi)", M64, B("\xc6\x07\x12"), OK(3), STI(1, 0x12),
	  SEG(DS, 8) },
	{ "movw $0x1234,(%rdi)", M64, B("\x66\xc7\x07\x34\x12"), OK(5),
	  STI(2, 0x1234), SEG(DS, 8) },
	{ "movl $0x12345678,(%rdi)", M64, B("\xc7\x07\x78\x56\x34\x12"), OK(6),
	  STI(4, 0x12345678), SEG(DS, 8) },
	{ "movl $0xffffffff,(%rdi)", M64, B("\xc7\x07\xff\xff\xff\xff"), OK(6),
	  STI(4, 0xffffffff), SEG(DS, 8) },
	{ "movq $0xffffffffffffffff,(%rdi)", M64,
	  B("\x48\xc7\x07\xff\xff\xff\xff"), OK(7), STI(8, ~0ULL),
	  SEG(DS, 8) },
	{ "movq $0xffffffff80000000,(%rdi)", M64,
	  B("\x48\xc7\x07\x00\x00\x00\x80"), OK(7),
	  STI(8, 0xffffffff80000000ULL), SEG(DS, 8) },
	{ "movq $0x7fffffff,(%rdi)", M64, B("\x48\xc7\x07\xff\xff\xff\x7f"),
	  OK(7), STI(8, 0x7fffffff), SEG(DS, 8) },
	{ "movl $0x1,0x12345678(%rip)", M64,
	  B("\xc7\x05\x78\x56\x34\x12\x01\x00\x00\x00"), OK(10), STI(4, 1),
	  SEG(DS, 8) },
	{ "movq $0x1,0x100(%rbx,%rcx,4)", M64,
	  B("\x48\xc7\x84\x8b\x00\x01\x00\x00\x01\x00\x00\x00"), OK(12),
	  STI(8, 1), SEG(DS, 8) },
	{ "movb $0xff,0x8(%rsp)", M64, B("\xc6\x44\x24\x08\xff"), OK(5),
	  STI(1, 0xff), SEG(SS, 8) },
	{ "movw $0xffff,%gs:(%rax)", M64, B("\x65\x66\xc7\x00\xff\xff"), OK(6),
	  STI(2, 0xffff), SEG(GS, 8) },
	{ "3 x ds, movq $0x1,0x100(%rbx,%rcx,4)", M64,
	  B("\x3e\x3e\x3e\x48\xc7\x84\x8b\x00\x01\x00\x00\x01\x00\x00\x00"),
	  OK(15), STI(8, 1), SEG(DS, 8) },

	/* 64-bit mode: A0-A3 with 8-byte moffs, 4-byte with 67 */
	{ "movabs 0x1122334455667788,%al", M64,
	  B("\xa0\x88\x77\x66\x55\x44\x33\x22\x11"), OK(9),
	  LD(1, RAX, 1, NONE), SEG(DS, 8) },
	{ "movabs 0x1122334455667788,%eax", M64,
	  B("\xa1\x88\x77\x66\x55\x44\x33\x22\x11"), OK(9),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "movabs 0x1122334455667788,%rax", M64,
	  B("\x48\xa1\x88\x77\x66\x55\x44\x33\x22\x11"), OK(10),
	  LD(8, RAX, 8, NONE), SEG(DS, 8) },
	{ "movabs %al,0x1122334455667788", M64,
	  B("\xa2\x88\x77\x66\x55\x44\x33\x22\x11"), OK(9), ST(1, RAX),
	  SEG(DS, 8) },
	{ "movabs %eax,0x1122334455667788", M64,
	  B("\xa3\x88\x77\x66\x55\x44\x33\x22\x11"), OK(9), ST(4, RAX),
	  SEG(DS, 8) },
	{ "movabs %rax,0x1122334455667788", M64,
	  B("\x48\xa3\x88\x77\x66\x55\x44\x33\x22\x11"), OK(10), ST(8, RAX),
	  SEG(DS, 8) },
	{ "movabs %ax,0x1122334455667788", M64,
	  B("\x66\xa3\x88\x77\x66\x55\x44\x33\x22\x11"), OK(10), ST(2, RAX),
	  SEG(DS, 8) },
	{ "movabs %fs:0x1122334455667788,%eax", M64,
	  B("\x64\xa1\x88\x77\x66\x55\x44\x33\x22\x11"), OK(10),
	  LD(4, RAX, 4, NONE), SEG(FS, 8) },
	{ "rex.B movabs 0x1122334455667788,%eax", M64,
	  B("\x41\xa1\x88\x77\x66\x55\x44\x33\x22\x11"), OK(10),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "addr32 mov 0x12345678,%eax", M64, B("\x67\xa1\x78\x56\x34\x12"),
	  OK(6), LD(4, RAX, 4, NONE), SEG(DS, 4) },

	/* 64-bit mode: MOVZX, MOVSX, MOVSXD */
	{ "movzbl (%rdi),%eax", M64, B("\x0f\xb6\x07"), OK(3),
	  LD(1, RAX, 4, ZERO), SEG(DS, 8) },
	{ "movzwl (%rdi),%eax", M64, B("\x0f\xb7\x07"), OK(3),
	  LD(2, RAX, 4, ZERO), SEG(DS, 8) },
	{ "movzbq (%rdi),%rax", M64, B("\x48\x0f\xb6\x07"), OK(4),
	  LD(1, RAX, 8, ZERO), SEG(DS, 8) },
	{ "movzwq (%rdi),%rax", M64, B("\x48\x0f\xb7\x07"), OK(4),
	  LD(2, RAX, 8, ZERO), SEG(DS, 8) },
	{ "movzbw (%rdi),%ax", M64, B("\x66\x0f\xb6\x07"), OK(4),
	  LD(1, RAX, 2, ZERO), SEG(DS, 8) },
	{ "movzww (%rdi),%ax", M64, B("\x66\x0f\xb7\x07"), OK(4),
	  LD(2, RAX, 2, ZERO), SEG(DS, 8) },
	{ "movsbl (%rdi),%eax", M64, B("\x0f\xbe\x07"), OK(3),
	  LD(1, RAX, 4, SIGN), SEG(DS, 8) },
	{ "movswl (%rdi),%eax", M64, B("\x0f\xbf\x07"), OK(3),
	  LD(2, RAX, 4, SIGN), SEG(DS, 8) },
	{ "movsbq (%rdi),%rax", M64, B("\x48\x0f\xbe\x07"), OK(4),
	  LD(1, RAX, 8, SIGN), SEG(DS, 8) },
	{ "movswq (%rdi),%rax", M64, B("\x48\x0f\xbf\x07"), OK(4),
	  LD(2, RAX, 8, SIGN), SEG(DS, 8) },
	{ "movsbw (%rdi),%ax", M64, B("\x66\x0f\xbe\x07"), OK(4),
	  LD(1, RAX, 2, SIGN), SEG(DS, 8) },
	{ "movzbl (%rdi),%r8d", M64, B("\x44\x0f\xb6\x07"), OK(4),
	  LD(1, R8, 4, ZERO), SEG(DS, 8) },
	{ "movzbl (%rdi),%esp", M64, B("\x0f\xb6\x27"), OK(3),
	  LD(1, RSP, 4, ZERO), SEG(DS, 8) },
	{ "movzwl 0x10(%rsp),%ecx", M64, B("\x0f\xb7\x4c\x24\x10"), OK(5),
	  LD(2, RCX, 4, ZERO), SEG(SS, 8) },
	{ "movslq (%rdi),%rax", M64, B("\x48\x63\x07"), OK(3),
	  LD(4, RAX, 8, SIGN), SEG(DS, 8) },
	{ "movslq 0x8(%rdi),%r8", M64, B("\x4c\x63\x47\x08"), OK(4),
	  LD(4, R8, 8, SIGN), SEG(DS, 8) },
	{ "movsxd (%rdi),%eax", M64, B("\x63\x07"), OK(2),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },

	/* 64-bit mode: segment overrides, only FS and GS count */
	{ "mov %gs:(%rdi),%eax", M64, B("\x65\x8b\x07"), OK(3),
	  LD(4, RAX, 4, NONE), SEG(GS, 8) },
	{ "mov %eax,%fs:0x10(%rax)", M64, B("\x64\x89\x40\x10"), OK(4),
	  ST(4, RAX), SEG(FS, 8) },
	{ "cs mov (%rdi),%eax", M64, B("\x2e\x8b\x07"), OK(3),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "ss mov (%rdi),%eax", M64, B("\x36\x8b\x07"), OK(3),
	  LD(4, RAX, 4, NONE), SEG(DS, 8) },
	{ "es mov (%rsp),%eax", M64, B("\x26\x8b\x04\x24"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(SS, 8) },
	{ "ds mov 0x0(%rbp),%eax", M64, B("\x3e\x8b\x45\x00"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(SS, 8) },

	/* 64-bit mode: string instructions */
	{ "movsb %ds:(%rsi),%es:(%rdi)", M64, B("\xa4"), OK(1),
	  STR(MOVS, 1, 0, false), SEG(DS, 8) },
	{ "movsl %ds:(%rsi),%es:(%rdi)", M64, B("\xa5"), OK(1),
	  STR(MOVS, 4, 0, false), SEG(DS, 8) },
	{ "movsw %ds:(%rsi),%es:(%rdi)", M64, B("\x66\xa5"), OK(2),
	  STR(MOVS, 2, 0, false), SEG(DS, 8) },
	{ "movsq %ds:(%rsi),%es:(%rdi)", M64, B("\x48\xa5"), OK(2),
	  STR(MOVS, 8, 0, false), SEG(DS, 8) },
	{ "rep movsb %ds:(%rsi),%es:(%rdi)", M64, B("\xf3\xa4"), OK(2),
	  STR(MOVS, 1, 0, true), SEG(DS, 8) },
	{ "rep movsq %ds:(%rsi),%es:(%rdi)", M64, B("\xf3\x48\xa5"), OK(3),
	  STR(MOVS, 8, 0, true), SEG(DS, 8) },
	{ "movsb %gs:(%rsi),%es:(%rdi)", M64, B("\x65\xa4"), OK(2),
	  STR(MOVS, 1, 0, false), SEG(GS, 8) },
	{ "movsb %ds:(%esi),%es:(%edi)", M64, B("\x67\xa4"), OK(2),
	  STR(MOVS, 1, 0, false), SEG(DS, 4) },
	{ "rep movsl %ds:(%esi),%es:(%edi)", M64, B("\x67\xf3\xa5"), OK(3),
	  STR(MOVS, 4, 0, true), SEG(DS, 4) },
	{ "stos %al,%es:(%rdi)", M64, B("\xaa"), OK(1), STR(STOS, 1, 1, false),
	  SEG(ES, 8) },
	{ "stos %ax,%es:(%rdi)", M64, B("\x66\xab"), OK(2),
	  STR(STOS, 2, 2, false), SEG(ES, 8) },
	{ "rep stos %eax,%es:(%rdi)", M64, B("\xf3\xab"), OK(2),
	  STR(STOS, 4, 4, true), SEG(ES, 8) },
	{ "rep stos %rax,%es:(%rdi)", M64, B("\xf3\x48\xab"), OK(3),
	  STR(STOS, 8, 8, true), SEG(ES, 8) },
	{ "fs stos %al,%es:(%rdi)", M64, B("\x64\xaa"), OK(2),
	  STR(STOS, 1, 1, false), SEG(ES, 8) },
	{ "lods %ds:(%rsi),%al", M64, B("\xac"), OK(1), STR(LODS, 1, 1, false),
	  SEG(DS, 8) },
	{ "lods %ds:(%rsi),%eax", M64, B("\xad"), OK(1),
	  STR(LODS, 4, 4, false), SEG(DS, 8) },
	{ "lods %ds:(%rsi),%rax", M64, B("\x48\xad"), OK(2),
	  STR(LODS, 8, 8, false), SEG(DS, 8) },
	{ "rep lods %ds:(%rsi),%al", M64, B("\xf3\xac"), OK(2),
	  STR(LODS, 1, 1, true), SEG(DS, 8) },

	/* 64-bit mode: refused */
	{ "mov %eax,%eax", M64, B("\x89\xc0"), ERR(REG_FORM) },
	{ "mov %ecx,%eax", M64, B("\x8b\xc1"), ERR(REG_FORM) },
	{ "mov $0x1,%al", M64, B("\xc6\xc0\x01"), ERR(REG_FORM) },
	{ "mov $0x1,%eax", M64, B("\xc7\xc0\x01\x00\x00\x00"), ERR(REG_FORM) },
	{ "movzbl %al,%eax", M64, B("\x0f\xb6\xc0"), ERR(REG_FORM) },
	{ "movslq %eax,%rax", M64, B("\x48\x63\xc0"), ERR(REG_FORM) },
	{ "xbegin", M64, B("\xc7\xf8\x00\x00\x00\x00"), ERR(UNSUPPORTED) },
	{ "xabort $0x1", M64, B("\xc6\xf8\x01"), ERR(UNSUPPORTED) },
	{ "C6 /1: undefined", M64, B("\xc6\x0f\x01"), ERR(UNSUPPORTED) },
	{ "lock mov %eax,(%rdi)", M64, B("\xf0\x89\x07"), ERR(LOCK) },
	{ "lock after 66", M64, B("\x66\xf0\x89\x07"), ERR(LOCK) },
	{ "lock add %eax,(%rdi)", M64, B("\xf0\x01\x07"), ERR(LOCK) },
	{ "repz mov %eax,(%rdi)", M64, B("\xf3\x89\x07"), ERR(UNSUPPORTED) },
	{ "xrelease movl $0x1,(%rdi)", M64,
	  B("\xf3\xc7\x07\x01\x00\x00\x00"), ERR(UNSUPPORTED) },
	{ "repnz movsb", M64, B("\xf2\xa4"), ERR(UNSUPPORTED) },
	{ "repnz and repz", M64, B("\xf2\xf3\xa4"), ERR(UNSUPPORTED) },
	{ "fs and gs", M64, B("\x64\x65\x8b\x07"), ERR(UNSUPPORTED) },
	{ "add %eax,(%rdi)", M64, B("\x01\x07"), ERR(UNSUPPORTED) },
	{ "lea (%rdi),%eax", M64, B("\x8d\x07"), ERR(UNSUPPORTED) },
	{ "incl (%rdi)", M64, B("\xff\x07"), ERR(UNSUPPORTED) },
	{ "ud2", M64, B("\x0f\x0b"), ERR(UNSUPPORTED) },
	{ "popcnt (%rdi),%eax", M64, B("\xf3\x0f\xb8\x07"), ERR(UNSUPPORTED) },
	{ "movnti %eax,(%rdi)", M64, B("\x0f\xc3\x07"), ERR(UNSUPPORTED) },
	{ "movsxd with 66", M64, B("\x66\x63\x07"), ERR(UNSUPPORTED) },
	{ "vmovdqu (%rdi),%ymm0", M64, B("\xc5\xfe\x6f\x07"), ERR(UNSUPPORTED) },
	{ "cmpsb", M64, B("\xa6"), ERR(UNSUPPORTED) },
	{ "scas %es:(%rdi),%al", M64, B("\xae"), ERR(UNSUPPORTED) },
	{ "xchg %eax,(%rdi)", M64, B("\x87\x07"), ERR(UNSUPPORTED) },

	/* 64-bit mode: truncated, and longer than 15 bytes */
	{ "nothing", M64, .n = 0, ERR(TRUNCATED) },
	{ "8b: no ModRM", M64, B("\x8b"), ERR(TRUNCATED) },
	{ "8b 04: no SIB", M64, B("\x8b\x04"), ERR(TRUNCATED) },
	{ "8b 44 24: no disp8", M64, B("\x8b\x44\x24"), ERR(TRUNCATED) },
	{ "8b 05: short disp32", M64, B("\x8b\x05\x78\x56\x34"),
	  ERR(TRUNCATED) },
	{ "c7 07: short imm32", M64, B("\xc7\x07\x78\x56\x34"), ERR(TRUNCATED) },
	{ "a1: short moffs64", M64, B("\xa1\x88\x77\x66\x55\x44\x33\x22"),
	  ERR(TRUNCATED) },
	{ "REX alone", M64, B("\x48"), ERR(TRUNCATED) },
	{ "prefixes alone", M64, B("\x66\x67"), ERR(TRUNCATED) },
	{ "0f alone", M64, B("\x0f"), ERR(TRUNCATED) },
	{ "0f b6: no ModRM", M64, B("\x0f\xb6"), ERR(TRUNCATED) },
	{ "11 of 12 bytes", M64,
	  B("\x48\xc7\x84\x8b\x00\x01\x00\x00\x01\x00\x00"), ERR(TRUNCATED) },
	{ "10 x 66, 8b: could still fit", M64,
	  B("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x8b"), ERR(TRUNCATED) },
	{ "15 prefixes", M64,
	  B("\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e\x3e"),
	  ERR(TOO_LONG) },
	{ "14 prefixes, 8b: ModRM is byte 16", M64,
	  B("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x3e\x8b"),
	  ERR(TOO_LONG) },
	{ "16 bytes given: 14 x 66, 8b 07", M64,
	  B("\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x66\x8b\x07"),
	  ERR(TOO_LONG) },
	{ "4 prefixes + 12 bytes: imm crosses byte 15", M64,
	  B("\x66\x66\x66\x66\x48\xc7\x84\x8b\x00\x01\x00\x00\x01\x00\x00"),
	  ERR(TOO_LONG) },

	/* 16-bit mode (real mode, CS.D=0): 16-bit ModRM */
	{ "mov (%bx),%ax", M16, B("\x8b\x07"), OK(2), LD(2, RAX, 2, NONE),
	  SEG(DS, 2) },
	{ "mov (%bx,%si),%ax", M16, B("\x8b\x00"), OK(2), LD(2, RAX, 2, NONE),
	  SEG(DS, 2) },
	{ "mov (%bp,%si),%ax", M16, B("\x8b\x02"), OK(2), LD(2, RAX, 2, NONE),
	  SEG(SS, 2) },
	{ "mov (%bp,%di),%cx", M16, B("\x8b\x0b"), OK(2), LD(2, RCX, 2, NONE),
	  SEG(SS, 2) },
	{ "mov (%si),%ax", M16, B("\x8b\x04"), OK(2), LD(2, RAX, 2, NONE),
	  SEG(DS, 2) },
	{ "mov 0x1234,%ax", M16, B("\x8b\x06\x34\x12"), OK(4),
	  LD(2, RAX, 2, NONE), SEG(DS, 2) },
	{ "mov 0x2(%bp),%ax", M16, B("\x8b\x46\x02"), OK(3),
	  LD(2, RAX, 2, NONE), SEG(SS, 2) },
	{ "mov 0x1234(%bp),%ax", M16, B("\x8b\x86\x34\x12"), OK(4),
	  LD(2, RAX, 2, NONE), SEG(SS, 2) },
	{ "mov -0x2(%bx,%di),%dx", M16, B("\x8b\x51\xfe"), OK(3),
	  LD(2, RDX, 2, NONE), SEG(DS, 2) },
	{ "mov 0x1234(%bx),%ax", M16, B("\x8b\x87\x34\x12"), OK(4),
	  LD(2, RAX, 2, NONE), SEG(DS, 2) },
	{ "mov (%bx),%eax", M16, B("\x66\x8b\x07"), OK(3), LD(4, RAX, 4, NONE),
	  SEG(DS, 2) },
	{ "mov (%edi),%ax", M16, B("\x67\x8b\x07"), OK(3), LD(2, RAX, 2, NONE),
	  SEG(DS, 4) },
	{ "mov (%esp),%ax", M16, B("\x67\x8b\x04\x24"), OK(4),
	  LD(2, RAX, 2, NONE), SEG(SS, 4) },
	{ "addr32 mov 0x12345678,%ax", M16, B("\x67\x8b\x05\x78\x56\x34\x12"), OK(7),
	  LD(2, RAX, 2, NONE), SEG(DS, 4) },
	{ "mov %ah,(%bx)", M16, B("\x88\x27"), OK(2), ST(1, RAX), HI,
	  SEG(DS, 2) },
	{ "movb $0x12,(%bx)", M16, B("\xc6\x07\x12"), OK(3), STI(1, 0x12),
	  SEG(DS, 2) },
	{ "movw $0x1234,(%bx)", M16, B("\xc7\x07\x34\x12"), OK(4),
	  STI(2, 0x1234), SEG(DS, 2) },
	{ "movl $0x12345678,(%bx)", M16, B("\x66\xc7\x07\x78\x56\x34\x12"),
	  OK(7), STI(4, 0x12345678), SEG(DS, 2) },
	{ "movw $0x1234,0x5678", M16, B("\xc7\x06\x78\x56\x34\x12"), OK(6),
	  STI(2, 0x1234), SEG(DS, 2) },
	{ "mov 0x1234,%ax", M16, B("\xa1\x34\x12"), OK(3), LD(2, RAX, 2, NONE),
	  SEG(DS, 2) },
	{ "addr32 mov 0x12345678,%ax", M16, B("\x67\xa1\x78\x56\x34\x12"),
	  OK(6), LD(2, RAX, 2, NONE), SEG(DS, 4) },
	{ "mov %eax,0x1234", M16, B("\x66\xa3\x34\x12"), OK(4), ST(4, RAX),
	  SEG(DS, 2) },
	{ "mov %al,%es:0x1234", M16, B("\x26\xa2\x34\x12"), OK(4), ST(1, RAX),
	  SEG(ES, 2) },
	{ "movsb %ds:(%si),%es:(%di)", M16, B("\xa4"), OK(1),
	  STR(MOVS, 1, 0, false), SEG(DS, 2) },
	{ "rep movsw %ds:(%si),%es:(%di)", M16, B("\xf3\xa5"), OK(2),
	  STR(MOVS, 2, 0, true), SEG(DS, 2) },
	{ "rep movsl %ds:(%si),%es:(%di)", M16, B("\x66\xf3\xa5"), OK(3),
	  STR(MOVS, 4, 0, true), SEG(DS, 2) },
	{ "rep movsb %ds:(%esi),%es:(%edi)", M16, B("\x67\xf3\xa4"), OK(3),
	  STR(MOVS, 1, 0, true), SEG(DS, 4) },
	{ "rep stos %ax,%es:(%di)", M16, B("\xf3\xab"), OK(2),
	  STR(STOS, 2, 2, true), SEG(ES, 2) },
	{ "movzbw (%bx),%ax", M16, B("\x0f\xb6\x07"), OK(3),
	  LD(1, RAX, 2, ZERO), SEG(DS, 2) },
	{ "movzbl (%bx),%eax", M16, B("\x66\x0f\xb6\x07"), OK(4),
	  LD(1, RAX, 4, ZERO), SEG(DS, 2) },
	{ "mov %es:(%bx),%ax", M16, B("\x26\x8b\x07"), OK(3),
	  LD(2, RAX, 2, NONE), SEG(ES, 2) },
	{ "mov %cs:(%bp,%si),%ax", M16, B("\x2e\x8b\x02"), OK(3),
	  LD(2, RAX, 2, NONE), SEG(CS, 2) },
	{ "arpl %ax,(%bx)", M16, B("\x63\x07"), ERR(UNSUPPORTED) },
	{ "dec %ax: no REX here", M16, B("\x48\x8b\x07"), ERR(UNSUPPORTED) },
	{ "mov %ax,%bx", M16, B("\x89\xc3"), ERR(REG_FORM) },
	{ "8b 06: short disp16", M16, B("\x8b\x06\x34"), ERR(TRUNCATED) },
	{ "lock mov %ax,(%bx)", M16, B("\xf0\x89\x07"), ERR(LOCK) },

	/* 32-bit mode (protected, CS.D=1) */
	{ "mov (%edi),%eax", M32, B("\x8b\x07"), OK(2), LD(4, RAX, 4, NONE),
	  SEG(DS, 4) },
	{ "mov 0x12345678,%eax", M32, B("\x8b\x05\x78\x56\x34\x12"), OK(6),
	  LD(4, RAX, 4, NONE), SEG(DS, 4) },
	{ "mov (%esp),%eax", M32, B("\x8b\x04\x24"), OK(3),
	  LD(4, RAX, 4, NONE), SEG(SS, 4) },
	{ "mov 0x4(%esp),%eax", M32, B("\x8b\x44\x24\x04"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(SS, 4) },
	{ "mov 0x100(%esp),%eax", M32, B("\x8b\x84\x24\x00\x01\x00\x00"),
	  OK(7), LD(4, RAX, 4, NONE), SEG(SS, 4) },
	{ "mov 0x8(%ebp),%eax", M32, B("\x8b\x45\x08"), OK(3),
	  LD(4, RAX, 4, NONE), SEG(SS, 4) },
	{ "mov 0x10(%eax,%ebx,2),%ecx", M32, B("\x8b\x4c\x58\x10"), OK(4),
	  LD(4, RCX, 4, NONE), SEG(DS, 4) },
	{ "mov (%edi),%ax", M32, B("\x66\x8b\x07"), OK(3), LD(2, RAX, 2, NONE),
	  SEG(DS, 4) },
	{ "mov (%bx),%eax", M32, B("\x67\x8b\x07"), OK(3), LD(4, RAX, 4, NONE),
	  SEG(DS, 2) },
	{ "mov 0x2(%bp),%eax", M32, B("\x67\x8b\x46\x02"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(SS, 2) },
	{ "mov 0x1234,%eax", M32, B("\x67\x8b\x06\x34\x12"), OK(5),
	  LD(4, RAX, 4, NONE), SEG(DS, 2) },
	{ "mov 0x12345678,%eax", M32, B("\xa1\x78\x56\x34\x12"), OK(5),
	  LD(4, RAX, 4, NONE), SEG(DS, 4) },
	{ "addr16 mov 0x1234,%eax", M32, B("\x67\xa1\x34\x12"), OK(4),
	  LD(4, RAX, 4, NONE), SEG(DS, 2) },
	{ "mov %ax,0x12345678", M32, B("\x66\xa3\x78\x56\x34\x12"), OK(6),
	  ST(2, RAX), SEG(DS, 4) },
	{ "movl $0x1,0x12345678", M32,
	  B("\xc7\x05\x78\x56\x34\x12\x01\x00\x00\x00"), OK(10), STI(4, 1),
	  SEG(DS, 4) },
	{ "movw $0x1,0x12345678", M32,
	  B("\x66\xc7\x05\x78\x56\x34\x12\x01\x00"), OK(9), STI(2, 1),
	  SEG(DS, 4) },
	{ "movb $0x80,0x4(%esp)", M32, B("\xc6\x44\x24\x04\x80"), OK(5),
	  STI(1, 0x80), SEG(SS, 4) },
	{ "movzwl (%edi),%eax", M32, B("\x0f\xb7\x07"), OK(3),
	  LD(2, RAX, 4, ZERO), SEG(DS, 4) },
	{ "movswl (%edi),%eax", M32, B("\x0f\xbf\x07"), OK(3),
	  LD(2, RAX, 4, SIGN), SEG(DS, 4) },
	{ "movsbw (%edi),%ax", M32, B("\x66\x0f\xbe\x07"), OK(4),
	  LD(1, RAX, 2, SIGN), SEG(DS, 4) },
	{ "mov %bh,(%edi)", M32, B("\x88\x3f"), OK(2), ST(1, RBX), HI,
	  SEG(DS, 4) },
	{ "mov %eax,%ss:(%edi)", M32, B("\x36\x89\x07"), OK(3), ST(4, RAX),
	  SEG(SS, 4) },
	{ "mov %ds:(%eax),%eax", M32, B("\x3e\x8b\x00"), OK(3),
	  LD(4, RAX, 4, NONE), SEG(DS, 4) },
	{ "rep movsl %ds:(%esi),%es:(%edi)", M32, B("\xf3\xa5"), OK(2),
	  STR(MOVS, 4, 0, true), SEG(DS, 4) },
	{ "rep stos %eax,%es:(%edi)", M32, B("\xf3\xab"), OK(2),
	  STR(STOS, 4, 4, true), SEG(ES, 4) },
	{ "movsl %fs:(%esi),%es:(%edi)", M32, B("\x64\xa5"), OK(2),
	  STR(MOVS, 4, 0, false), SEG(FS, 4) },
	{ "lods %es:(%esi),%al", M32, B("\x26\xac"), OK(2),
	  STR(LODS, 1, 1, false), SEG(ES, 4) },
	{ "rep movsw %ds:(%si),%es:(%di)", M32, B("\x66\x67\xf3\xa5"), OK(4),
	  STR(MOVS, 2, 0, true), SEG(DS, 2) },
	{ "dec %eax: no REX here", M32, B("\x48\x8b\x07"), ERR(UNSUPPORTED) },
	{ "arpl %ax,(%edi)", M32, B("\x63\x07"), ERR(UNSUPPORTED) },
	{ "mov %eax,%ebx", M32, B("\x89\xc3"), ERR(REG_FORM) },
	{ "lock xchg", M32, B("\xf0\x87\x07"), ERR(LOCK) },
};

#ifndef INSN_DECODE_TABLE_ONLY
#include <stdio.h>
#include <string.h>
#include "kselftest_harness.h"

static void hex(const u8 *b, unsigned int n, char *out)
{
	unsigned int i;

	out[0] = 0;
	for (i = 0; i < n && i < 16; i++)
		sprintf(out + 3 * i, "%02x ", b[i]);
}

static bool same_insn(const struct hvx_insn *a, const struct hvx_insn *b)
{
	return a->kind == b->kind && a->len == b->len && a->size == b->size &&
	       a->reg == b->reg && a->reg_size == b->reg_size &&
	       a->ext == b->ext && a->seg == b->seg &&
	       a->addr_size == b->addr_size && a->high_byte == b->high_byte &&
	       a->has_imm == b->has_imm && a->rep == b->rep &&
	       a->imm == b->imm;
}

static void print_insn(const char *what, const struct hvx_insn *in)
{
	printf("#   %s: kind %u len %u size %u reg %u/%u ext %u seg %u",
	       what, in->kind, in->len, in->size, in->reg, in->reg_size,
	       in->ext, in->seg);
	printf(" addr %u high %d imm %d %#llx rep %d\n", in->addr_size,
	       in->high_byte, in->has_imm, (unsigned long long)in->imm,
	       in->rep);
	fflush(stdout);
}

/* Decode @c's bytes, @n of them, and say whether the result is @c's. */
static bool check_case(const struct insn_case *c, unsigned int n)
{
	struct hvx_insn got;
	char buf[64];
	int st = hvx_insn_decode(c->bytes, n, c->mode, &got);

	if (st == c->status && (st != HVX_INSN_OK || same_insn(&got, &c->want)))
		return true;
	hex(c->bytes, n, buf);
	printf("# %s (mode %d, %s): status %d, want %d\n", c->text, c->mode,
	       buf, st, c->status);
	if (st == HVX_INSN_OK)
		print_insn("got ", &got);
	if (c->status == HVX_INSN_OK)
		print_insn("want", &c->want);
	fflush(stdout);
	return false;
}

TEST(reference_table)
{
	unsigned int i, ok = 0, refused = 0, bad = 0;

	for (i = 0; i < ARRAY_SIZE(insn_cases); i++) {
		if (!check_case(&insn_cases[i], insn_cases[i].n))
			bad++;
		else if (insn_cases[i].status == HVX_INSN_OK)
			ok++;
		else
			refused++;
	}
	printf("# %u encodings decoded, %u refused as expected\n", ok,
	       refused);
	fflush(stdout);
	ASSERT_EQ(0, bad);
	ASSERT_GE(ok + refused, 80);
}

/* Every proper prefix of a good encoding is truncated, none is decoded. */
TEST(prefixes_are_truncated)
{
	struct hvx_insn got;
	unsigned int i, k;

	for (i = 0; i < ARRAY_SIZE(insn_cases); i++) {
		const struct insn_case *c = &insn_cases[i];

		if (c->status != HVX_INSN_OK)
			continue;
		for (k = 0; k < c->want.len; k++) {
			int st = hvx_insn_decode(c->bytes, k, c->mode, &got);

			if (st != HVX_INSN_TRUNCATED) {
				printf("# %s: %u bytes give %d\n", c->text, k,
				       st);
				fflush(stdout);
			}
			ASSERT_EQ(HVX_INSN_TRUNCATED, st);
			ASSERT_EQ(0, got.len);
		}
	}
}

/* Bytes after the instruction change nothing: the length is exact. */
TEST(trailing_bytes_ignored)
{
	static const u8 fill[] = { 0x00, 0x90, 0xff, 0x66, 0xf0, 0x0f };
	unsigned int i, f;

	for (i = 0; i < ARRAY_SIZE(insn_cases); i++) {
		struct insn_case c = insn_cases[i];

		if (c.status != HVX_INSN_OK)
			continue;
		for (f = 0; f < ARRAY_SIZE(fill); f++) {
			memset(c.bytes + c.n, fill[f], sizeof(c.bytes) - c.n);
			ASSERT_TRUE(check_case(&c, sizeof(c.bytes)));
		}
	}
}

/* A refused instruction leaves nothing behind that looks decoded. */
TEST(refusal_zeroes_result)
{
	struct hvx_insn got;

	memset(&got, 0xa5, sizeof(got));
	ASSERT_EQ(HVX_INSN_LOCK, hvx_insn_decode((const u8 *)"\xf0\x89\x07",
						 3, M64, &got));
	ASSERT_EQ(0, got.kind);
	ASSERT_EQ(0, got.len);
	ASSERT_EQ(HVX_INSN_UNSUPPORTED,
		  hvx_insn_decode((const u8 *)"\x8b\x07", 2, 7, &got));
}

TEST(mode_of)
{
	ASSERT_EQ(M16, hvx_insn_mode_of(false, false, false, false, false));
	ASSERT_EQ(M16, hvx_insn_mode_of(false, false, false, false, true));
	ASSERT_EQ(M16, hvx_insn_mode_of(true, true, false, false, true));
	ASSERT_EQ(M16, hvx_insn_mode_of(true, false, false, false, false));
	ASSERT_EQ(M32, hvx_insn_mode_of(true, false, false, false, true));
	ASSERT_EQ(M64, hvx_insn_mode_of(true, false, true, true, false));
	/* Compatibility mode follows CS.D. */
	ASSERT_EQ(M32, hvx_insn_mode_of(true, false, true, false, true));
	ASSERT_EQ(M16, hvx_insn_mode_of(true, false, true, false, false));
}

static struct hvx_insn decoded(const char *bytes, enum hvx_insn_mode mode)
{
	struct hvx_insn in;

	if (hvx_insn_decode((const u8 *)bytes, strlen(bytes), mode, &in))
		memset(&in, 0, sizeof(in));
	return in;
}

#define OLD	0x1122334455667788ULL

TEST(load_result)
{
	struct hvx_insn in;

	in = decoded("\x8b\x07", M64);		/* mov (%rdi),%eax */
	ASSERT_EQ(0xdeadbeefULL, hvx_insn_load_result(&in, OLD, 0xdeadbeef));
	in = decoded("\x48\x8b\x07", M64);	/* mov (%rdi),%rax */
	ASSERT_EQ(0xfedcba9876543210ULL,
		  hvx_insn_load_result(&in, OLD, 0xfedcba9876543210ULL));
	in = decoded("\x66\x8b\x07", M64);	/* mov (%rdi),%ax */
	ASSERT_EQ(0x112233445566beefULL,
		  hvx_insn_load_result(&in, OLD, 0xdeadbeef));
	in = decoded("\x8a\x07", M64);		/* mov (%rdi),%al */
	ASSERT_EQ(0x11223344556677efULL,
		  hvx_insn_load_result(&in, OLD, 0xdeadbeef));
	in = decoded("\x8a\x27", M64);		/* mov (%rdi),%ah */
	ASSERT_EQ(0x112233445566ef88ULL,
		  hvx_insn_load_result(&in, OLD, 0xdeadbeef));
	in = decoded("\x0f\xb6\x07", M64);	/* movzbl */
	ASSERT_EQ(0xf0ULL, hvx_insn_load_result(&in, OLD, 0x12f0));
	in = decoded("\x0f\xbe\x07", M64);	/* movsbl */
	ASSERT_EQ(0xfffffff0ULL, hvx_insn_load_result(&in, OLD, 0x12f0));
	ASSERT_EQ(0x70ULL, hvx_insn_load_result(&in, OLD, 0x1270));
	in = decoded("\x48\x0f\xbe\x07", M64);	/* movsbq */
	ASSERT_EQ(~0xfULL, hvx_insn_load_result(&in, OLD, 0xf0));
	in = decoded("\x66\x0f\xbe\x07", M64);	/* movsbw */
	ASSERT_EQ(0x112233445566fff0ULL, hvx_insn_load_result(&in, OLD, 0xf0));
	in = decoded("\x48\x0f\xb7\x07", M64);	/* movzwq */
	ASSERT_EQ(0x8000ULL, hvx_insn_load_result(&in, OLD, 0x8000));
	in = decoded("\x0f\xbf\x07", M64);	/* movswl */
	ASSERT_EQ(0xffff8000ULL, hvx_insn_load_result(&in, OLD, 0x8000));
	in = decoded("\x48\x63\x07", M64);	/* movslq */
	ASSERT_EQ(0xffffffff80000000ULL,
		  hvx_insn_load_result(&in, OLD, 0x80000000));
	ASSERT_EQ(0x7fffffffULL, hvx_insn_load_result(&in, OLD, 0x7fffffff));
	in = decoded("\x63\x07", M64);		/* movsxd r32: a plain mov */
	ASSERT_EQ(0x80000000ULL, hvx_insn_load_result(&in, OLD, 0x80000000));
	in = decoded("\x48\xad", M64);		/* lods %ds:(%rsi),%rax */
	ASSERT_EQ(0x0123456789abcdefULL,
		  hvx_insn_load_result(&in, OLD, 0x0123456789abcdefULL));
	in = decoded("\xac", M64);		/* lods %ds:(%rsi),%al */
	ASSERT_EQ(0x1122334455667799ULL, hvx_insn_load_result(&in, OLD, 0x99));
	in = decoded("\x8b\x07", M16);		/* mov (%bx),%ax */
	ASSERT_EQ(0x1122334455661234ULL,
		  hvx_insn_load_result(&in, OLD, 0xabcd1234));
	in = decoded("\x89\x07", M64);		/* a store: unchanged */
	ASSERT_EQ(OLD, hvx_insn_load_result(&in, OLD, 0));
}

TEST(store_data)
{
	struct hvx_insn in;

	in = decoded("\x89\x07", M64);		/* mov %eax,(%rdi) */
	ASSERT_EQ(0x55667788ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\x48\x89\x07", M64);	/* mov %rax,(%rdi) */
	ASSERT_EQ(OLD, hvx_insn_store_data(&in, OLD));
	in = decoded("\x66\x89\x07", M64);	/* mov %ax,(%rdi) */
	ASSERT_EQ(0x7788ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\x88\x07", M64);		/* mov %al,(%rdi) */
	ASSERT_EQ(0x88ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\x88\x27", M64);		/* mov %ah,(%rdi) */
	ASSERT_EQ(0x77ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\x40\x88\x27", M64);	/* mov %spl,(%rdi) */
	ASSERT_EQ(RSP, in.reg);
	ASSERT_EQ(0x88ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\x48\xc7\x07\xfe\xff\xff\xff", M64); /* movq $-2 */
	ASSERT_EQ(~1ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\xc6\x07\x80", M64);	/* movb $0x80 */
	ASSERT_EQ(0x80ULL, hvx_insn_store_data(&in, OLD));
	in = decoded("\xf3\x48\xab", M64);	/* rep stos %rax */
	ASSERT_EQ(OLD, hvx_insn_store_data(&in, OLD));
	in = decoded("\xaa", M64);		/* stos %al */
	ASSERT_EQ(0x88ULL, hvx_insn_store_data(&in, OLD));
}

TEST(string_index_registers)
{
	struct hvx_insn in;

	in = decoded("\xf3\xa4", M64);		/* 64-bit addresses */
	ASSERT_EQ(~0ULL, hvx_insn_addr_mask(&in));
	ASSERT_EQ(0x100000000ULL, hvx_insn_index_add(&in, 0xffffffffULL, 1));
	ASSERT_EQ(0xfffULL, hvx_insn_index_add(&in, 0x1000, -1ULL));
	in = decoded("\x67\xf3\xa4", M64);	/* ESI, EDI, ECX */
	ASSERT_EQ(0xffffffffULL, hvx_insn_addr_mask(&in));
	ASSERT_EQ(0ULL, hvx_insn_index_add(&in, 0x12ffffffffULL, 1));
	ASSERT_EQ(0x11ULL, hvx_insn_index_add(&in, 0xab00000010ULL, 1));
	in = decoded("\xf3\xa5", M16);		/* SI, DI, CX */
	ASSERT_EQ(0xffffULL, hvx_insn_addr_mask(&in));
	ASSERT_EQ(0x12340000ULL, hvx_insn_index_add(&in, 0x1234fffeULL, 2));
	ASSERT_EQ(0xabcdfffeULL, hvx_insn_index_add(&in, 0xabcd0000ULL, -2ULL));
}

TEST(status_text)
{
	int a, b;

	for (a = HVX_INSN_OK; a <= HVX_INSN_UNSUPPORTED; a++)
		for (b = HVX_INSN_OK; b < a; b++)
			ASSERT_STRNE(hvx_insn_status_text(a),
				     hvx_insn_status_text(b));
	ASSERT_STREQ("LOCK prefix", hvx_insn_status_text(HVX_INSN_LOCK));
	ASSERT_STREQ("unknown status", hvx_insn_status_text(-1));
}

TEST_HARNESS_MAIN
#endif /* INSN_DECODE_TABLE_ONLY */
