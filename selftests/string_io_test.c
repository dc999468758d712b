// SPDX-License-Identifier: GPL-2.0
/*
 * String port I/O: INS and OUTS with and without REP, element sizes 1, 2
 * and 4, upwards and downwards (DF), buffers across guest pages that map
 * to scattered physical pages, a large REP count done in several batches
 * (RIP stays on the instruction until rCX is zero), address sizes 16, 32
 * and 64, and page faults on the buffer reflected into the guest, whose
 * #PF handler reports CR2, the error code and the registers.
 */
#include "hvx_harness.h"
#include "hvx_devices.h"

#define PORT		0x500
#define SRC_GPA		0x20000		/* a page of pattern */
#define DST_GPA		0x22000
#define IDT_GPA		0x30000
#define PT_GPA		0x38000		/* 4 KiB pages for VA 0x400000.. */
#define VA		0x400000	/* PT[0] -> PHYS0, PT[1] -> PHYS1 */
#define PHYS0		0x40000
#define PHYS1		0x43000		/* not after PHYS0 */
#define PHYS_FIX	0x44000		/* what PT[2] maps once fixed */
#define PHYS_RO		0x45000		/* PT[3], read-only */
#define BIG_GPA		0x100000
#define BIG_LEN		100000
#define BATCH_BYTES	(HVX_RUN_SIZE - HVX_RUN_IO_DATA_OFFSET)

HVXT_GUEST_CODE(sio,
	".code64\n"
	/* ---- single elements ---- */
	"sio_single:\n"
	"	mov $" HVXT_XSTR(SRC_GPA) ", %esi\n"
	"	mov $" HVXT_XSTR(PORT) ", %edx\n"
	"	outsb\n"
	"sio_s1:\n"
	"	outsw\n"
	"sio_s2:\n"
	"	outsl\n"
	"sio_s3:\n"
	"	std\n"
	"	outsl\n"
	"sio_s4:\n"
	"	outsw\n"
	"sio_s5:\n"
	"	outsb\n"
	"sio_s6:\n"
	"	cld\n"
	"	mov $" HVXT_XSTR(DST_GPA) ", %edi\n"
	"	insb\n"
	"	insw\n"
	"	insl\n"
	"	std\n"
	"	insl\n"
	"	insw\n"
	"	insb\n"
	"	cld\n"
	GUEST_DONE
	/* ---- one instruction each, registers from the host ---- */
	"sio_outsb:	rep outsb\n"
	"sio_outsb_end:\n"
	GUEST_DONE
	"sio_outsw:	rep outsw\n"
	GUEST_DONE
	"sio_outsl:	rep outsl\n"
	GUEST_DONE
	"sio_insb:	rep insb\n"
	GUEST_DONE
	"sio_insw:	rep insw\n"
	GUEST_DONE
	"sio_insl:	rep insl\n"
	"sio_insl_end:\n"
	GUEST_DONE
	"sio_outsl1:	outsl\n"
	GUEST_DONE
	"sio_insw1:	insw\n"
	GUEST_DONE
	"sio_fs_outsb:	.byte 0x64\n"
	"	rep outsb\n"
	GUEST_DONE
	"sio_a32_outsb:	addr32 rep outsb\n"
	"sio_a32_end:\n"
	GUEST_DONE
	/* ---- page faults; the handler resumes at R15 ---- */
	"sio_pf:\n"
	"	mov $" HVXT_XSTR(PORT) ", %edx\n"
	"	lea 1f(%rip), %r15\n"
	"	mov $" HVXT_XSTR(VA) " + 0x2010, %esi\n"	/* not present */
	"	mov $4, %ecx\n"
	"sio_pf_outs:\n"
	"	rep outsb\n"
	"1:	lea 2f(%rip), %r15\n"
	"	mov $" HVXT_XSTR(VA) " + 0x4020, %edi\n"	/* not present */
	"	mov $4, %ecx\n"
	"sio_pf_ins:\n"
	"	rep insb\n"
	"2:	lea 3f(%rip), %r15\n"
	"	mov $" HVXT_XSTR(VA) " + 0x3008, %edi\n"	/* read-only */
	"	mov $2, %ecx\n"
	"sio_pf_ins_ro:\n"
	"	rep insw\n"
	"3:\n"
	GUEST_DONE
	/*
	 * A fault half-way: the handler maps the page (R14 into the PTE at
	 * R13, INVLPG R12) and returns to retry.
	 */
	"sio_mid:\n"
	"	mov $" HVXT_XSTR(PORT) ", %edx\n"
	"	mov $" HVXT_XSTR(VA) " + 0x1ff8, %esi\n"
	"	mov $16, %ecx\n"
	"	mov $" HVXT_XSTR(PT_GPA) " + 2 * 8, %r13d\n"
	"	mov $" HVXT_XSTR(PHYS_FIX) " + 3, %r14d\n"
	"	mov $" HVXT_XSTR(VA) " + 0x2000, %r12d\n"
	"sio_mid_outs:\n"
	"	rep outsb\n"
	"sio_mid_end:\n"
	GUEST_DONE
	/* the same for REP INSB */
	"sio_mid_in:\n"
	"	mov $" HVXT_XSTR(PORT) ", %edx\n"
	"	mov $" HVXT_XSTR(VA) " + 0x1ff8, %edi\n"
	"	mov $16, %ecx\n"
	"	mov $" HVXT_XSTR(PT_GPA) " + 2 * 8, %r13d\n"
	"	mov $" HVXT_XSTR(PHYS_FIX) " + 3, %r14d\n"
	"	mov $" HVXT_XSTR(VA) " + 0x2000, %r12d\n"
	"sio_mid_ins:\n"
	"	rep insb\n"
	"sio_mid_in_end:\n"
	GUEST_DONE

	/* Exception stubs, 16 bytes apart: [vector, error code, frame] */
	".balign 16\n"
	"sio_stubs:\n"
	".irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	".balign 16\n"
	".if (\\vec == 8) || ((\\vec >= 10) && (\\vec <= 14)) || (\\vec == 17) || (\\vec == 21) || (\\vec == 29) || (\\vec == 30)\n"
	"	pushq $\\vec\n"
	".else\n"
	"	pushq $0\n"
	"	pushq $\\vec\n"
	".endif\n"
	"	jmp sio_exc\n"
	".endr\n"
	/* Report vector, error, CR2, RIP, RSI, RDI, RCX. */
	"sio_exc:\n"
	"	push %rax\n"
	"	mov 8(%rsp), %rax\n"
	GUEST_REPORT
	"	mov 16(%rsp), %rax\n"
	GUEST_REPORT
	"	mov %cr2, %rax\n"
	GUEST_REPORT
	"	mov 24(%rsp), %rax\n"
	GUEST_REPORT
	"	mov %rsi, %rax\n"
	GUEST_REPORT
	"	mov %rdi, %rax\n"
	GUEST_REPORT
	"	mov %rcx, %rax\n"
	GUEST_REPORT
	"	test %r14, %r14\n"
	"	jz 1f\n"
	"	mov %r14, (%r13)\n"
	"	invlpg (%r12)\n"
	"	xor %r14d, %r14d\n"
	"	jmp 2f\n"
	"1:	mov %r15, 24(%rsp)\n"
	"2:	pop %rax\n"
	"	add $16, %rsp\n"
	"	iretq\n"
);
HVXT_GUEST_LABEL(sio_single);
HVXT_GUEST_LABEL(sio_s1);
HVXT_GUEST_LABEL(sio_s2);
HVXT_GUEST_LABEL(sio_s3);
HVXT_GUEST_LABEL(sio_s4);
HVXT_GUEST_LABEL(sio_s5);
HVXT_GUEST_LABEL(sio_s6);
HVXT_GUEST_LABEL(sio_outsb);
HVXT_GUEST_LABEL(sio_outsb_end);
HVXT_GUEST_LABEL(sio_outsw);
HVXT_GUEST_LABEL(sio_outsl);
HVXT_GUEST_LABEL(sio_insb);
HVXT_GUEST_LABEL(sio_insw);
HVXT_GUEST_LABEL(sio_insl);
HVXT_GUEST_LABEL(sio_insl_end);
HVXT_GUEST_LABEL(sio_outsl1);
HVXT_GUEST_LABEL(sio_insw1);
HVXT_GUEST_LABEL(sio_a32_outsb);
HVXT_GUEST_LABEL(sio_fs_outsb);
HVXT_GUEST_LABEL(sio_a32_end);
HVXT_GUEST_LABEL(sio_pf);
HVXT_GUEST_LABEL(sio_pf_outs);
HVXT_GUEST_LABEL(sio_pf_ins);
HVXT_GUEST_LABEL(sio_pf_ins_ro);
HVXT_GUEST_LABEL(sio_mid);
HVXT_GUEST_LABEL(sio_mid_outs);
HVXT_GUEST_LABEL(sio_mid_end);
HVXT_GUEST_LABEL(sio_mid_in);
HVXT_GUEST_LABEL(sio_mid_ins);
HVXT_GUEST_LABEL(sio_mid_in_end);
HVXT_GUEST_LABEL(sio_stubs);

#define SIO(label)	HVXT_CODE_ADDR(sio_start, label)
/* Each entry above is one instruction (2 bytes, 3 with 66), then GUEST_DONE. */
#define ONE_INSN_LEN	2

/*
 * A long-mode vCPU with the exception stubs in its IDT, a pattern in
 * SRC_GPA, and VA.. mapped with 4 KiB pages: PT[0] -> PHYS0, PT[1] ->
 * PHYS1, PT[2] and PT[4] not present, PT[3] -> PHYS_RO read-only.
 */
static struct hvxt_vcpu *sio_vm(void)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, sio_start,
						   sio_end, sio_single);
	struct hvxt_vm *vm = vcpu->vm;
	uint64_t *pt = hvxt_gpa_ptr(vm, PT_GPA, 4096);
	uint8_t *p;
	unsigned int i;

	hvxt_idt64_install(vcpu, IDT_GPA, SIO(sio_stubs), 16, 32);
	*hvxt_identity_pde(vm, VA) = PT_GPA | HVXT_PTE_P | HVXT_PTE_RW;
	memset(pt, 0, 4096);
	pt[0] = PHYS0 | HVXT_PTE_P | HVXT_PTE_RW;
	pt[1] = PHYS1 | HVXT_PTE_P | HVXT_PTE_RW;
	pt[3] = PHYS_RO | HVXT_PTE_P;
	p = hvxt_gpa_ptr(vm, SRC_GPA, 4096);
	for (i = 0; i < 4096; i++)
		p[i] = (uint8_t)(i * 13 + 1);
	p = hvxt_gpa_ptr(vm, PHYS0, 4096);
	for (i = 0; i < 4096; i++)
		p[i] = (uint8_t)(i * 3 + 0x40);
	p = hvxt_gpa_ptr(vm, PHYS1, 4096);
	for (i = 0; i < 4096; i++)
		p[i] = (uint8_t)(i * 5 + 0x80);
	p = hvxt_gpa_ptr(vm, PHYS_FIX, 4096);
	for (i = 0; i < 4096; i++)
		p[i] = (uint8_t)(i * 11 + 0x21);
	return vcpu;
}

/* Guest-physical address of guest-virtual @va in sio_vm()'s tables. */
static uint64_t sio_gpa(uint64_t va)
{
	if (va >= VA && va < VA + 0x1000)
		return PHYS0 + (va - VA);
	if (va >= VA + 0x1000 && va < VA + 0x2000)
		return PHYS1 + (va - VA - 0x1000);
	return va;
}

static uint8_t *sio_byte(struct hvxt_vcpu *vcpu, uint64_t va)
{
	return hvxt_gpa_ptr(vcpu->vm, sio_gpa(va), 1);
}

/* Fail unless the last exit is string I/O of @count @size-byte elements. */
#define ASSERT_SIO(vcpu, _dir, _size, _count) do {				\
	struct hvx_run *__run = (vcpu)->run;				\
	char __buf[256];						\
	if (__run->exit_reason != HVX_EXIT_IO ||			\
	    __run->io.direction != (_dir) || __run->io.size != (_size) ||	\
	    __run->io.count != (_count) || __run->io.port != PORT)	\
		TH_LOG("expected %s port %#x size %u count %u, got %s",	\
		       (_dir) == HVX_EXIT_IO_OUT ? "out" : "in", PORT,	\
		       (unsigned int)(_size), (unsigned int)(_count),	\
		       hvxt_describe_exit(__run, __buf, sizeof(__buf)));	\
	ASSERT_EQ(HVX_EXIT_IO, __run->exit_reason);			\
	ASSERT_EQ((_dir), __run->io.direction);				\
	ASSERT_EQ((_size), __run->io.size);				\
	ASSERT_EQ((_count), __run->io.count);				\
	ASSERT_EQ(PORT, __run->io.port);				\
	ASSERT_EQ(HVX_RUN_IO_DATA_OFFSET, __run->io.data_offset);	\
} while (0)

static void set_string_regs(struct hvxt_vcpu *vcpu, uint64_t rip,
			    uint64_t rsi, uint64_t rdi, uint64_t rcx, bool df)
{
	struct hvx_regs r;

	hvxt_get_regs(vcpu, &r);
	r.rip = rip;
	r.rsi = rsi;
	r.rdi = rdi;
	r.rcx = rcx;
	r.rdx = PORT;
	r.rflags = 2 | (df ? 0x400 : 0);
	hvxt_set_regs(vcpu, &r);
}

/* ------------------------------------------------------------------ */

TEST(single_elements)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	const uint8_t *src = hvxt_gpa_ptr(vcpu->vm, SRC_GPA, 16);
	const uint8_t *dst = hvxt_gpa_ptr(vcpu->vm, DST_GPA, 16);
	static const struct { unsigned int size, off, rsi_after; } outs[] = {
		{ 1, 0, 1 }, { 2, 1, 3 }, { 4, 3, 7 },
		{ 4, 7, 3 }, { 2, 3, 1 }, { 1, 1, 0 },	/* DF=1 */
	};
	const void *after[] = { sio_s1, sio_s2, sio_s3, sio_s4, sio_s5,
				sio_s6 };
	static const struct { unsigned int size, off; uint32_t val; } ins[] = {
		{ 1, 0, 0xa1 }, { 2, 1, 0xb2b1 }, { 4, 3, 0xc4c3c2c1 },
		{ 4, 7, 0xd4d3d2d1 }, { 2, 3, 0xe2e1 }, { 1, 1, 0xf1 },
	};
	static const uint8_t want[11] = {
		0xa1, 0xf1, 0xb2, 0xe1, 0xe2, 0xc3, 0xc4, 0xd1, 0xd2, 0xd3, 0xd4,
	};
	struct hvx_regs r;
	unsigned int i;

	for (i = 0; i < 6; i++) {
		hvxt_run(vcpu);
		ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, outs[i].size, 1);
		EXPECT_EQ(0, memcmp(hvx_io_data(vcpu->run), src + outs[i].off,
				    outs[i].size)) TH_LOG("outs %u", i);
		/* OUTS is done at the exit: RSI and RIP moved on. */
		hvxt_get_regs(vcpu, &r);
		EXPECT_EQ(SRC_GPA + outs[i].rsi_after, r.rsi) TH_LOG("outs %u", i);
		EXPECT_EQ(SIO(after[i]), r.rip) TH_LOG("outs %u", i);
	}
	for (i = 0; i < 6; i++) {
		hvxt_run(vcpu);
		ASSERT_SIO(vcpu, HVX_EXIT_IO_IN, ins[i].size, 1);
		/* The previous INS has landed and moved RDI. */
		hvxt_get_regs(vcpu, &r);
		EXPECT_EQ(DST_GPA + ins[i].off, r.rdi) TH_LOG("ins %u", i);
		memcpy(hvx_io_data(vcpu->run), &ins[i].val, ins[i].size);
	}
	HVXT_RUN_UNTIL_DONE(vcpu);
	EXPECT_EQ(0, memcmp(want, dst, sizeof(want)));
	EXPECT_EQ(0, dst[sizeof(want)]);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(DST_GPA, r.rdi);
	EXPECT_EQ(SRC_GPA, r.rsi);
	EXPECT_EQ(0, r.rflags & 0x400);
}

/* ------------------------------------------------------------------ */

TEST(rep_sizes_and_directions)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	const void *outs_entry[] = { sio_outsb, sio_outsw, NULL, sio_outsl };
	const void *ins_entry[] = { sio_insb, sio_insw, NULL, sio_insl };
	const uint8_t *src = hvxt_gpa_ptr(vcpu->vm, SRC_GPA, 4096);
	uint8_t *dst = hvxt_gpa_ptr(vcpu->vm, DST_GPA, 4096);
	const unsigned int n = 10;
	unsigned int size, df, i;
	struct hvx_regs r;

	for (size = 1; size <= 4; size *= 2) {
		for (df = 0; df <= 1; df++) {
			uint64_t start = SRC_GPA + 0x100 +
					 (df ? (n - 1) * size : 0);
			const uint8_t *data;
			uint8_t fill[40];

			/* OUTS: the elements in the order they are read */
			set_string_regs(vcpu, SIO(outs_entry[size - 1]), start,
					0, n, df);
			hvxt_run(vcpu);
			ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, size, n);
			data = hvx_io_data(vcpu->run);
			for (i = 0; i < n; i++) {
				uint64_t a = df ? start - i * size :
						  start + i * size;

				EXPECT_EQ(0, memcmp(data + i * size,
						    src + (a - SRC_GPA), size))
					TH_LOG("outs size %u df %u element %u",
					       size, df, i);
			}
			HVXT_RUN_UNTIL_DONE(vcpu);
			hvxt_get_regs(vcpu, &r);
			EXPECT_EQ(df ? start - n * size : start + n * size,
				  r.rsi) TH_LOG("outs size %u df %u", size, df);
			EXPECT_EQ(0, r.rcx);
			/* the REP OUTS (66 for words), then GUEST_DONE's OUT */
			EXPECT_EQ(SIO(outs_entry[size - 1]) + ONE_INSN_LEN +
				  (size == 2) + 2, r.rip);

			/* INS: element i of the batch goes to the i-th address */
			start = DST_GPA + 0x100 + (df ? (n - 1) * size : 0);
			memset(dst, 0, 4096);
			set_string_regs(vcpu, SIO(ins_entry[size - 1]), 0,
					start, n, df);
			hvxt_run(vcpu);
			ASSERT_SIO(vcpu, HVX_EXIT_IO_IN, size, n);
			for (i = 0; i < n * size; i++)
				fill[i] = (uint8_t)(0x30 + i + size * 16 + df);
			memcpy(hvx_io_data(vcpu->run), fill, n * size);
			HVXT_RUN_UNTIL_DONE(vcpu);
			for (i = 0; i < n; i++) {
				uint64_t a = df ? start - i * size :
						  start + i * size;

				EXPECT_EQ(0, memcmp(dst + (a - DST_GPA),
						    fill + i * size, size))
					TH_LOG("ins size %u df %u element %u",
					       size, df, i);
			}
			/* Nothing outside the buffer. */
			for (i = 0; i < 4096; i++) {
				uint64_t lo = DST_GPA + 0x100;

				if (DST_GPA + i >= lo &&
				    DST_GPA + i < lo + n * size)
					continue;
				EXPECT_EQ(0, dst[i]) TH_LOG("byte %#x", i);
				if (dst[i])
					break;
			}
			hvxt_get_regs(vcpu, &r);
			EXPECT_EQ(df ? start - n * size : start + n * size,
				  r.rdi) TH_LOG("ins size %u df %u", size, df);
			EXPECT_EQ(0, r.rcx);
		}
	}
}

/* A zero count does nothing, and exits not at all. */
TEST(rep_count_zero)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	struct hvx_regs r;

	set_string_regs(vcpu, SIO(sio_outsb), SRC_GPA, DST_GPA, 0, false);
	HVXT_RUN_UNTIL_DONE(vcpu);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(SRC_GPA, r.rsi);
	EXPECT_EQ(0, r.rcx);
	set_string_regs(vcpu, SIO(sio_insl), SRC_GPA, DST_GPA, 0, false);
	HVXT_RUN_UNTIL_DONE(vcpu);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(DST_GPA, r.rdi);
}

/* ------------------------------------------------------------------ */

/* A buffer across two guest pages that map to scattered physical pages. */
TEST(buffer_across_pages)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	uint64_t va = VA + 0xff0;
	const uint8_t *data;
	uint8_t fill[16];
	unsigned int i;
	struct hvx_regs r;

	/* 8 dwords: 4 from PHYS0's last 16 bytes, 4 from PHYS1's first */
	set_string_regs(vcpu, SIO(sio_outsl), va, 0, 8, false);
	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, 4, 8);
	data = hvx_io_data(vcpu->run);
	for (i = 0; i < 32; i++)
		EXPECT_EQ(*sio_byte(vcpu, va + i), data[i]) TH_LOG("byte %u", i);
	HVXT_RUN_UNTIL_DONE(vcpu);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(va + 32, r.rsi);

	/* Downwards across the boundary: 0x1002, 0x1000, 0xffe, 0xffc */
	va = VA + 0x1002;
	set_string_regs(vcpu, SIO(sio_outsw), va, 0, 4, true);
	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, 2, 4);
	data = hvx_io_data(vcpu->run);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(*sio_byte(vcpu, va - 2 * i), data[2 * i]);
		EXPECT_EQ(*sio_byte(vcpu, va - 2 * i + 1), data[2 * i + 1]);
	}
	HVXT_RUN_UNTIL_DONE(vcpu);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(va - 8, r.rsi);

	/* INS of 8 words into VA + 0xff8: 4 in PHYS0, 4 in PHYS1 */
	va = VA + 0xff8;
	set_string_regs(vcpu, SIO(sio_insw), 0, va, 8, false);
	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_IN, 2, 8);
	for (i = 0; i < 16; i++)
		fill[i] = (uint8_t)(0xc0 + i);
	memcpy(hvx_io_data(vcpu->run), fill, 16);
	HVXT_RUN_UNTIL_DONE(vcpu);
	for (i = 0; i < 16; i++)
		EXPECT_EQ(fill[i], *sio_byte(vcpu, va + i)) TH_LOG("byte %u", i);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(va + 16, r.rdi);
}

/*
 * One element across the page boundary: legal, unaligned, and done by
 * the hardware across the two pages.
 */
TEST(element_across_pages)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	uint64_t va = VA + 0xffe;
	const uint8_t *data;
	struct hvx_regs r;
	unsigned int i;
	int ret;

	set_string_regs(vcpu, SIO(sio_outsl1), va, 0, 0, false);
	ret = hvxt_run_raw(vcpu);
	if (ret)
		TH_LOG("HVX_RUN of an OUTSL across pages: %s",
		       hvxt_errno_name(-ret));
	ASSERT_EQ(0, ret);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, 4, 1);
	data = hvx_io_data(vcpu->run);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(*sio_byte(vcpu, va + i), data[i]) TH_LOG("byte %u", i);
	HVXT_RUN_UNTIL_DONE(vcpu);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(va + 4, r.rsi);

	va = VA + 0xfff;
	set_string_regs(vcpu, SIO(sio_insw1), 0, va, 0, false);
	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_IN, 2, 1);
	memcpy(hvx_io_data(vcpu->run), "\x5a\xa5", 2);
	ret = hvxt_run_raw(vcpu);
	if (ret)
		TH_LOG("HVX_RUN completing an INSW across pages: %s",
		       hvxt_errno_name(-ret));
	ASSERT_EQ(0, ret);
	ASSERT_TRUE(hvxt_exit_is_done(vcpu->run));
	EXPECT_EQ(0x5a, *sio_byte(vcpu, va));
	EXPECT_EQ(0xa5, *sio_byte(vcpu, va + 1));
}

/* ------------------------------------------------------------------ */

/* 100000 bytes in batches of what the run page holds; RIP waits. */
TEST(large_rep_count)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	uint8_t *big = hvxt_gpa_ptr(vcpu->vm, BIG_GPA, BIG_LEN);
	uint64_t done = 0, exits = 0;
	struct hvx_regs r;
	unsigned int i;

	for (i = 0; i < BIG_LEN; i++)
		big[i] = (uint8_t)(i * 7 + i / 256);

	set_string_regs(vcpu, SIO(sio_outsb), BIG_GPA, 0, BIG_LEN, false);
	while (done < BIG_LEN) {
		uint64_t n = BIG_LEN - done < BATCH_BYTES ? BIG_LEN - done :
							    BATCH_BYTES;

		hvxt_run(vcpu);
		ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, 1, n);
		ASSERT_EQ(0, memcmp(hvx_io_data(vcpu->run), big + done, n))
			TH_LOG("batch %llu", (unsigned long long)exits);
		done += n;
		exits++;
		hvxt_get_regs(vcpu, &r);
		EXPECT_EQ(BIG_GPA + done, r.rsi);
		EXPECT_EQ(BIG_LEN - done, r.rcx);
		EXPECT_EQ(done < BIG_LEN ? SIO(sio_outsb) : SIO(sio_outsb_end),
			  r.rip) TH_LOG("batch %llu", (unsigned long long)exits);
	}
	EXPECT_EQ((BIG_LEN + BATCH_BYTES - 1) / BATCH_BYTES, exits);
	HVXT_RUN_UNTIL_DONE(vcpu);

	/* 25000 dwords in, 512 a batch */
	done = 0;
	exits = 0;
	set_string_regs(vcpu, SIO(sio_insl), 0, BIG_GPA, BIG_LEN / 4, false);
	while (done < BIG_LEN / 4) {
		uint64_t n = BIG_LEN / 4 - done < BATCH_BYTES / 4 ?
			     BIG_LEN / 4 - done : BATCH_BYTES / 4;
		uint32_t *data;

		hvxt_run(vcpu);
		ASSERT_SIO(vcpu, HVX_EXIT_IO_IN, 4, n);
		/* The batches before this one have landed. */
		hvxt_get_regs(vcpu, &r);
		EXPECT_EQ(BIG_LEN / 4 - done, r.rcx);
		EXPECT_EQ(BIG_GPA + done * 4, r.rdi);
		EXPECT_EQ(SIO(sio_insl), r.rip);
		data = hvx_io_data(vcpu->run);
		for (i = 0; i < n; i++)
			data[i] = 0xa5000000 + done + i;
		done += n;
		exits++;
	}
	EXPECT_EQ((BIG_LEN + BATCH_BYTES - 1) / BATCH_BYTES, exits);
	HVXT_RUN_UNTIL_DONE(vcpu);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(BIG_GPA + BIG_LEN, r.rdi);
	EXPECT_EQ(0, r.rcx);
	for (i = 0; i < BIG_LEN / 4; i++) {
		uint32_t v;

		memcpy(&v, big + 4 * i, 4);
		if (v != 0xa5000000 + i) {
			TH_LOG("dword %u: %#x", i, v);
			EXPECT_EQ(0xa5000000 + i, v);
			break;
		}
	}
}
HVXT_TIMEOUT(large_rep_count, 300);

/* ------------------------------------------------------------------ */

/* Address size 32 in 64-bit mode: ESI and ECX, written zero-extended. */
TEST(address_size_32)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	const uint8_t *src = hvxt_gpa_ptr(vcpu->vm, SRC_GPA, 16);
	struct hvx_regs r;

	set_string_regs(vcpu, SIO(sio_a32_outsb), 0xabcd000000000000ULL + SRC_GPA,
			0, 0x1234567800000003ULL, false);
	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, 1, 3);
	EXPECT_EQ(0, memcmp(hvx_io_data(vcpu->run), src, 3));
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(SRC_GPA + 3, r.rsi);
	EXPECT_EQ(0, r.rcx);
	EXPECT_EQ(SIO(sio_a32_end), r.rip);
}

/* A segment override on OUTS: FS.base applies in 64-bit mode. */
TEST(segment_override_64)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	const uint8_t *src = hvxt_gpa_ptr(vcpu->vm, SRC_GPA, 4096);
	struct hvx_sregs s;
	struct hvx_regs r;

	hvxt_get_sregs(vcpu, &s);
	s.fs.base = SRC_GPA + 0x300;
	hvxt_set_sregs(vcpu, &s);
	set_string_regs(vcpu, SIO(sio_fs_outsb), 0x10, 0, 4, false);
	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, 1, 4);
	EXPECT_EQ(0, memcmp(hvx_io_data(vcpu->run), src + 0x310, 4));
	HVXT_RUN_UNTIL_DONE(vcpu);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(0x14, r.rsi);
	EXPECT_EQ(0, r.rcx);
}

/* Real mode: segment bases, 16-bit indexes keeping bits 31:16. */
HVXT_GUEST_CODE(rmsio,
	".code16\n"
	"	mov $" HVXT_XSTR(PORT) ", %dx\n"
	"	mov $" HVXT_XSTR(SRC_GPA) " >> 4, %ax\n"
	"	mov %ax, %ds\n"
	"	mov $0xabcd0010, %esi\n"
	"	mov $0x12340003, %ecx\n"
	"	rep outsw\n"
	"	mov $(" HVXT_XSTR(SRC_GPA) " + 0x800) >> 4, %ax\n"
	"	mov %ax, %fs\n"
	"	xor %si, %si\n"
	"	mov $2, %cx\n"
	"	.byte 0x64\n"			/* FS: */
	"	rep outsb\n"
	"	mov $" HVXT_XSTR(DST_GPA) " >> 4, %ax\n"
	"	mov %ax, %es\n"
	"	mov $0x55550020, %edi\n"
	"	mov $3, %cx\n"
	"	rep insw\n"
	"rmsio_done:\n"
	GUEST_DONE
	/* DI wraps at 64 KiB within ES */
	"rmsio_wrap:\n"
	"	mov $" HVXT_XSTR(PORT) ", %dx\n"
	"	mov $" HVXT_XSTR(DST_GPA) " >> 4, %ax\n"
	"	mov %ax, %es\n"
	"	mov $0x5555fffe, %edi\n"
	"	mov $4, %ecx\n"
	"	rep insb\n"
	GUEST_DONE
);
HVXT_GUEST_LABEL(rmsio_done);
HVXT_GUEST_LABEL(rmsio_wrap);

TEST(real_mode)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_REAL, rmsio_start,
						   rmsio_end, rmsio_start);
	uint8_t *src = hvxt_gpa_ptr(vcpu->vm, SRC_GPA, 4096);
	uint8_t *dst = hvxt_gpa_ptr(vcpu->vm, DST_GPA, 4096);
	struct hvx_regs r;
	unsigned int i;

	for (i = 0; i < 4096; i++)
		src[i] = (uint8_t)(i * 13 + 1);
	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, 2, 3);
	EXPECT_EQ(0, memcmp(hvx_io_data(vcpu->run), src + 0x10, 6));
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(0xabcd0016, r.rsi & 0xffffffff);
	EXPECT_EQ(0x12340000, r.rcx & 0xffffffff);

	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, 1, 2);
	EXPECT_EQ(0, memcmp(hvx_io_data(vcpu->run), src + 0x800, 2));

	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_IN, 2, 3);
	memcpy(hvx_io_data(vcpu->run), "\x01\x02\x03\x04\x05\x06", 6);
	HVXT_RUN_UNTIL_DONE(vcpu);
	EXPECT_EQ(0, memcmp(dst + 0x20, "\x01\x02\x03\x04\x05\x06", 6));
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(0x55550026, r.rdi & 0xffffffff);
	EXPECT_EQ(HVXT_CODE_ADDR(rmsio_start, rmsio_done) + 2, r.rip);
}

TEST(real_mode_index_wraps)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_REAL, rmsio_start,
						   rmsio_end, rmsio_wrap);
	uint8_t *mem = hvxt_gpa_ptr(vcpu->vm, 0, HVXT_MEM_SIZE);
	struct hvx_regs r;
	int ret;

	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_IN, 1, 4);
	memcpy(hvx_io_data(vcpu->run), "\x11\x22\x33\x44", 4);
	ret = hvxt_run_raw(vcpu);
	ASSERT_EQ(0, ret);
	ASSERT_TRUE(hvxt_exit_is_done(vcpu->run));
	/* ES:FFFE, ES:FFFF, then ES:0000, ES:0001 */
	EXPECT_EQ(0x11, mem[DST_GPA + 0xfffe]);
	EXPECT_EQ(0x22, mem[DST_GPA + 0xffff]);
	EXPECT_EQ(0x33, mem[DST_GPA]);
	EXPECT_EQ(0x44, mem[DST_GPA + 1]);
	/* and not past the segment's 64 KiB */
	EXPECT_EQ(0, mem[DST_GPA + 0x10000]);
	EXPECT_EQ(0, mem[DST_GPA + 0x10001]);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(0x55550002, r.rdi & 0xffffffff);
	EXPECT_EQ(0, r.rcx & 0xffffffff);
}

/* ------------------------------------------------------------------ */
/* Page faults on the buffer */

enum { PF_VEC, PF_ERR, PF_CR2, PF_RIP, PF_RSI, PF_RDI, PF_RCX, PF_N };

static void check_pf(struct __test_metadata *_metadata,
		     struct hvxt_vcpu *vcpu, unsigned int first,
		     uint64_t err, uint64_t cr2, uint64_t rip, uint64_t rsi,
		     uint64_t rdi, uint64_t rcx, bool is_ins)
{
	const uint64_t *rep = &vcpu->reports[first];

	ASSERT_GE(vcpu->nr_reports, first + PF_N);
	EXPECT_EQ(14, rep[PF_VEC]);
	EXPECT_EQ(err, rep[PF_ERR]);
	EXPECT_EQ(cr2, rep[PF_CR2]);
	EXPECT_EQ(rip, rep[PF_RIP]);
	if (is_ins) {
		EXPECT_EQ(rdi, rep[PF_RDI]);
	} else {
		EXPECT_EQ(rsi, rep[PF_RSI]);
	}
	EXPECT_EQ(rcx, rep[PF_RCX]);
}

TEST(page_fault_reflected)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	uint8_t *ro = hvxt_gpa_ptr(vcpu->vm, PHYS_RO, 4096);
	unsigned int ins_exits = 0;

	hvxt_set_rip(vcpu, SIO(sio_pf));
	for (;;) {
		struct hvx_run *run = HVXT_RUN_TO_EXIT(vcpu);

		if (hvxt_exit_is_done(run))
			break;
		/*
		 * The hardware may read the port before the write faults;
		 * hvx asks the VMM for an INS batch before it writes it.
		 */
		ASSERT_EQ(HVX_EXIT_IO, run->exit_reason);
		ASSERT_EQ(HVX_EXIT_IO_IN, run->io.direction);
		memset(hvx_io_data(run), 0xee, 4);
		ins_exits++;
	}
	EXPECT_LE(ins_exits, 2);
	ASSERT_EQ(3 * PF_N, vcpu->nr_reports);
	/* OUTS from a page that is not present: a read, not present */
	check_pf(_metadata, vcpu, 0, 0, VA + 0x2010, SIO(sio_pf_outs),
		 VA + 0x2010, 0, 4, false);
	/* INS to a page that is not present: a write */
	check_pf(_metadata, vcpu, PF_N, HVXT_PF_W, VA + 0x4020,
		 SIO(sio_pf_ins), 0, VA + 0x4020, 4, true);
	/* INS to a read-only page (CR0.WP): present, write */
	check_pf(_metadata, vcpu, 2 * PF_N, HVXT_PF_P | HVXT_PF_W,
		 VA + 0x3008, SIO(sio_pf_ins_ro), 0, VA + 0x3008, 2, true);
	/* and nothing written there */
	EXPECT_EQ(0, ro[8] | ro[9] | ro[10] | ro[11]);
}

/*
 * A fault half-way through a REP OUTSB: the hardware has sent the bytes
 * before the faulting one and stops with RSI and RCX on it; the handler
 * maps the page and the rest follows. The port sees every byte once.
 */
TEST(fault_half_way)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	uint8_t seen[64];
	unsigned int nseen = 0, i;
	struct hvx_regs r;

	hvxt_set_rip(vcpu, SIO(sio_mid));
	for (;;) {
		struct hvx_run *run = HVXT_RUN_TO_EXIT(vcpu);

		if (hvxt_exit_is_done(run))
			break;
		ASSERT_EQ(HVX_EXIT_IO, run->exit_reason);
		ASSERT_EQ(HVX_EXIT_IO_OUT, run->io.direction);
		ASSERT_LE(nseen + run->io.count, sizeof(seen));
		memcpy(seen + nseen, hvx_io_data(run), run->io.count);
		nseen += run->io.count;
	}
	/* 8 bytes from PHYS1's end, 8 from the page mapped by the handler */
	ASSERT_EQ(16, nseen);
	for (i = 0; i < 8; i++)
		EXPECT_EQ(*sio_byte(vcpu, VA + 0x1ff8 + i), seen[i]);
	for (i = 0; i < 8; i++)
		EXPECT_EQ(*(uint8_t *)hvxt_gpa_ptr(vcpu->vm, PHYS_FIX + i, 1),
			  seen[8 + i]);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(VA + 0x2008, r.rsi);
	EXPECT_EQ(0, r.rcx);
	EXPECT_EQ(SIO(sio_mid_end) + 2, r.rip);

	/* The fault, as the hardware reports it: on the ninth byte */
	ASSERT_EQ(PF_N, vcpu->nr_reports);
	check_pf(_metadata, vcpu, 0, 0, VA + 0x2000, SIO(sio_mid_outs),
		 VA + 0x2000, 0, 8, false);
}

/*
 * REP INSB faulting half-way: each byte is read from the port once and
 * lands in order. (A device FIFO read twice loses data.) The hardware
 * stores the first 8 bytes, faults with RDI and RCX on the ninth, and
 * reads the other 8 after the handler has mapped the page.
 */
TEST(ins_fault_half_way)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	unsigned int supplied = 0, i;
	struct hvx_regs r;

	hvxt_set_rip(vcpu, SIO(sio_mid_in));
	for (;;) {
		struct hvx_run *run = HVXT_RUN_TO_EXIT(vcpu);
		uint8_t *data;

		if (hvxt_exit_is_done(run))
			break;
		ASSERT_EQ(HVX_EXIT_IO, run->exit_reason);
		ASSERT_EQ(HVX_EXIT_IO_IN, run->io.direction);
		ASSERT_LE(supplied + run->io.count, 64);
		/* the "device" hands out 0x80, 0x81, ... */
		data = hvx_io_data(run);
		for (i = 0; i < run->io.count; i++)
			data[i] = (uint8_t)(0x80 + supplied + i);
		supplied += run->io.count;
	}
	EXPECT_EQ(16, supplied);
	for (i = 0; i < 8; i++)
		EXPECT_EQ(0x80 + i, *sio_byte(vcpu, VA + 0x1ff8 + i))
			TH_LOG("byte %u", i);
	for (i = 0; i < 8; i++)
		EXPECT_EQ(0x88 + i,
			  *(uint8_t *)hvxt_gpa_ptr(vcpu->vm, PHYS_FIX + i, 1))
			TH_LOG("byte %u", 8 + i);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(VA + 0x2008, r.rdi);
	EXPECT_EQ(0, r.rcx);
	ASSERT_EQ(PF_N, vcpu->nr_reports);
	check_pf(_metadata, vcpu, 0, HVXT_PF_W, VA + 0x2000, SIO(sio_mid_ins),
		 0, VA + 0x2000, 8, true);
}

/*
 * An interrupt between two batches of a long REP OUTSB: it is taken
 * with RIP on the instruction and RSI, RCX where the batches left them;
 * after the IRET the instruction goes on with the rest.
 */
TEST(interrupt_between_batches)
{
	struct hvxt_vcpu *vcpu = sio_vm();
	uint8_t *big = hvxt_gpa_ptr(vcpu->vm, BIG_GPA, 3 * BATCH_BYTES);
	struct hvx_interrupt irq = { .vector = 20 };
	unsigned int seen = 0, i;
	struct hvx_regs r;

	for (i = 0; i < 3 * BATCH_BYTES; i++)
		big[i] = (uint8_t)(i * 7 + 1);
	set_string_regs(vcpu, SIO(sio_outsb), BIG_GPA, 0, 3 * BATCH_BYTES,
			false);
	hvxt_get_regs(vcpu, &r);
	r.rflags |= 0x200;		/* IF */
	r.r15 = SIO(sio_outsb);		/* the handler returns there */
	hvxt_set_regs(vcpu, &r);

	hvxt_run(vcpu);
	ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, 1, BATCH_BYTES);
	ASSERT_EQ(0, memcmp(hvx_io_data(vcpu->run), big, BATCH_BYTES));
	seen = BATCH_BYTES;
	ASSERT_EQ(1, vcpu->run->ready_for_interrupt_injection);
	ASSERT_EQ(0, hvxt_raw_ioctl(vcpu->fd, HVX_INTERRUPT, &irq));
	for (;;) {
		struct hvx_run *run = HVXT_RUN_TO_EXIT(vcpu);

		if (hvxt_exit_is_done(run))
			break;
		ASSERT_SIO(vcpu, HVX_EXIT_IO_OUT, 1, BATCH_BYTES);
		ASSERT_EQ(0, memcmp(hvx_io_data(run), big + seen, BATCH_BYTES));
		seen += BATCH_BYTES;
	}
	EXPECT_EQ(3 * BATCH_BYTES, seen);
	ASSERT_EQ(PF_N, vcpu->nr_reports);
	EXPECT_EQ(20, vcpu->reports[PF_VEC]);
	EXPECT_EQ(SIO(sio_outsb), vcpu->reports[PF_RIP]);
	EXPECT_EQ(BIG_GPA + BATCH_BYTES, vcpu->reports[PF_RSI]);
	EXPECT_EQ(2 * BATCH_BYTES, vcpu->reports[PF_RCX]);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(BIG_GPA + 3 * BATCH_BYTES, r.rsi);
	EXPECT_EQ(0, r.rcx);
}

TEST_HARNESS_MAIN
