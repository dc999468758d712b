// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU register state: GET/SET_REGS and GET/SET_SREGS round trips, the
 * guest seeing what the host set and the other way round, control
 * register writes by the guest, and rejected state changing nothing.
 */
#include "hvx_harness.h"

#define IDT_GPA		0x30000UL
#define OUT_GPA		HVXT_DATA_GPA

/* Report every GPR the host set, and RFLAGS; then overwrite them all. */
HVXT_GUEST_CODE(regs_guest,
	".code64\n"
	"	mov %rax, " HVXT_XSTR(OUT_GPA) "\n"
	"	mov %rbx, " HVXT_XSTR(OUT_GPA) " + 8\n"
	"	mov %rcx, " HVXT_XSTR(OUT_GPA) " + 16\n"
	"	mov %rdx, " HVXT_XSTR(OUT_GPA) " + 24\n"
	"	mov %rsi, " HVXT_XSTR(OUT_GPA) " + 32\n"
	"	mov %rdi, " HVXT_XSTR(OUT_GPA) " + 40\n"
	"	mov %rsp, " HVXT_XSTR(OUT_GPA) " + 48\n"
	"	mov %rbp, " HVXT_XSTR(OUT_GPA) " + 56\n"
	"	mov %r8, " HVXT_XSTR(OUT_GPA) " + 64\n"
	"	mov %r9, " HVXT_XSTR(OUT_GPA) " + 72\n"
	"	mov %r10, " HVXT_XSTR(OUT_GPA) " + 80\n"
	"	mov %r11, " HVXT_XSTR(OUT_GPA) " + 88\n"
	"	mov %r12, " HVXT_XSTR(OUT_GPA) " + 96\n"
	"	mov %r13, " HVXT_XSTR(OUT_GPA) " + 104\n"
	"	mov %r14, " HVXT_XSTR(OUT_GPA) " + 112\n"
	"	mov %r15, " HVXT_XSTR(OUT_GPA) " + 120\n"
	"	pushfq\n"
	"	pop %rax\n"
	"	mov %rax, " HVXT_XSTR(OUT_GPA) " + 128\n"
	"	mov $0xa0a0a0a0a0a0a0a0, %rax\n"
	"	mov $0xb0b0b0b0b0b0b0b0, %rbx\n"
	"	mov $0xc0c0c0c0c0c0c0c0, %rcx\n"
	"	mov $0xd0d0d0d0d0d0d0d0, %rdx\n"
	"	mov $0x5151515151515151, %rsi\n"
	"	mov $0xd1d1d1d1d1d1d1d1, %rdi\n"
	"	mov $0xeff00, %rsp\n"
	"	mov $0xbbbbbbbbbbbbbbbb, %rbp\n"
	"	mov $0x0808080808080808, %r8\n"
	"	mov $0x0909090909090909, %r9\n"
	"	mov $0x1010101010101010, %r10\n"
	"	mov $0x1111111111111111, %r11\n"
	"	mov $0x1212121212121212, %r12\n"
	"	mov $0x1313131313131313, %r13\n"
	"	mov $0x1414141414141414, %r14\n"
	"	mov $0x1515151515151515, %r15\n"
	"	pushq $0x8c7\n"			/* CF PF ZF SF OF, bit 1 */
	"	popfq\n"
	"	hlt\n"
	"regs_guest_after:\n"
	"	hlt\n"
);
HVXT_GUEST_LABEL(regs_guest_after);

static struct hvx_regs sample_regs(void)
{
	return (struct hvx_regs) {
		.rax = 0x0101010101010101ULL, .rbx = 0x0202020202020202ULL,
		.rcx = 0x0303030303030303ULL, .rdx = 0x0404040404040404ULL,
		.rsi = 0x0505050505050505ULL, .rdi = 0x0606060606060606ULL,
		.rsp = 0xefff8, .rbp = 0x0808080808080808ULL,
		.r8 = 0x8888888888888888ULL, .r9 = 0x9999999999999999ULL,
		.r10 = 0xa1a1a1a1a1a1a1a1ULL, .r11 = 0xb1b1b1b1b1b1b1b1ULL,
		.r12 = 0xc1c1c1c1c1c1c1c1ULL, .r13 = 0xd1d1d1d1d1d1d1d1ULL,
		.r14 = 0xe1e1e1e1e1e1e1e1ULL, .r15 = 0xf1f1f1f1f1f1f1f1ULL,
		.rip = HVXT_CODE_GPA, .rflags = 0x2 | 0x1 | 0x40 | 0x400,
	};
}

static void expect_regs_eq(struct __test_metadata *_metadata,
			   const struct hvx_regs *a, const struct hvx_regs *b)
{
	EXPECT_EQ(a->rax, b->rax);
	EXPECT_EQ(a->rbx, b->rbx);
	EXPECT_EQ(a->rcx, b->rcx);
	EXPECT_EQ(a->rdx, b->rdx);
	EXPECT_EQ(a->rsi, b->rsi);
	EXPECT_EQ(a->rdi, b->rdi);
	EXPECT_EQ(a->rsp, b->rsp);
	EXPECT_EQ(a->rbp, b->rbp);
	EXPECT_EQ(a->r8, b->r8);
	EXPECT_EQ(a->r9, b->r9);
	EXPECT_EQ(a->r10, b->r10);
	EXPECT_EQ(a->r11, b->r11);
	EXPECT_EQ(a->r12, b->r12);
	EXPECT_EQ(a->r13, b->r13);
	EXPECT_EQ(a->r14, b->r14);
	EXPECT_EQ(a->r15, b->r15);
	EXPECT_EQ(a->rip, b->rip);
	EXPECT_EQ(a->rflags, b->rflags);
}

static struct hvxt_vcpu *regs_vcpu(void)
{
	return hvxt_vm_with_code(HVX_MODE_LONG, regs_guest_start,
				 regs_guest_end, regs_guest_start);
}

TEST(regs_round_trip)
{
	struct hvxt_vcpu *vcpu = regs_vcpu();
	struct hvx_regs set = sample_regs(), got;

	hvxt_set_regs(vcpu, &set);
	memset(&got, 0xcc, sizeof(got));
	hvxt_get_regs(vcpu, &got);
	expect_regs_eq(_metadata, &set, &got);
}

TEST(regs_host_to_guest_to_host)
{
	struct hvxt_vcpu *vcpu = regs_vcpu();
	struct hvx_regs set = sample_regs(), got;
	uint64_t *out = hvxt_gpa_ptr(vcpu->vm, OUT_GPA, 17 * 8);
	const __u64 *want = &set.rax;
	int i;

	hvxt_set_regs(vcpu, &set);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	/* struct hvx_regs lists the GPRs in the guest's store order. */
	for (i = 0; i < 16; i++) {
		if (want[i] != out[i])
			hvxt_log("register %d", i);
		EXPECT_EQ(want[i], out[i]);
	}
	EXPECT_EQ(set.rflags, out[16]);

	hvxt_get_regs(vcpu, &got);
	EXPECT_EQ(0xa0a0a0a0a0a0a0a0ULL, got.rax);
	EXPECT_EQ(0xb0b0b0b0b0b0b0b0ULL, got.rbx);
	EXPECT_EQ(0xc0c0c0c0c0c0c0c0ULL, got.rcx);
	EXPECT_EQ(0xd0d0d0d0d0d0d0d0ULL, got.rdx);
	EXPECT_EQ(0x5151515151515151ULL, got.rsi);
	EXPECT_EQ(0xd1d1d1d1d1d1d1d1ULL, got.rdi);
	EXPECT_EQ(0xeff00, got.rsp);
	EXPECT_EQ(0xbbbbbbbbbbbbbbbbULL, got.rbp);
	EXPECT_EQ(0x0808080808080808ULL, got.r8);
	EXPECT_EQ(0x0909090909090909ULL, got.r9);
	EXPECT_EQ(0x1010101010101010ULL, got.r10);
	EXPECT_EQ(0x1111111111111111ULL, got.r11);
	EXPECT_EQ(0x1212121212121212ULL, got.r12);
	EXPECT_EQ(0x1313131313131313ULL, got.r13);
	EXPECT_EQ(0x1414141414141414ULL, got.r14);
	EXPECT_EQ(0x1515151515151515ULL, got.r15);
	EXPECT_EQ(0x8c7, got.rflags);
	EXPECT_EQ(HVXT_CODE_ADDR(regs_guest_start, regs_guest_after), got.rip);
}

TEST(set_regs_bad_rflags)
{
	struct hvxt_vcpu *vcpu = regs_vcpu();
	struct hvx_regs good = sample_regs(), bad, now;
	static const uint64_t bad_flags[] = {
		0x0,			/* bit 1 clear */
		0x2 | (1 << 3),		/* reserved */
		0x2 | (1 << 5),
		0x2 | (1 << 15),
		0x2 | (1 << 22),
		0x2 | (1ULL << 32),
		0x2 | (1ULL << 63),
	};
	unsigned int i;

	hvxt_set_regs(vcpu, &good);
	for (i = 0; i < ARRAY_SIZE(bad_flags); i++) {
		bad = sample_regs();
		bad.rax = 0xbad;
		bad.rip = 0xbad000;
		bad.rflags = bad_flags[i];
		ASSERT_ERRNO(EINVAL, hvx_set_regs(vcpu->fd, &bad));
	}
	hvxt_get_regs(vcpu, &now);
	expect_regs_eq(_metadata, &good, &now);
	ASSERT_ERRNO(EFAULT, hvxt_raw_ioctl(vcpu->fd, HVX_SET_REGS, NULL));
	ASSERT_ERRNO(EFAULT, hvxt_raw_ioctl(vcpu->fd, HVX_GET_REGS, NULL));
	/* The guest still runs from the good state. */
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
}

/* ------------------------------------------------------------------ */
/* Segment and control registers */

static void expect_seg_eq(struct __test_metadata *_metadata, const char *name,
			  const struct hvx_segment *a,
			  const struct hvx_segment *b)
{
	if (memcmp(a, b, sizeof(*a)))
		hvxt_log("segment %s differs: base %#llx/%#llx limit %#x/%#x sel %#x/%#x type %u/%u",
			 name, (unsigned long long)a->base,
			 (unsigned long long)b->base, a->limit, b->limit,
			 a->selector, b->selector, a->type, b->type);
	EXPECT_EQ(0, memcmp(a, b, sizeof(*a)));
}

static void expect_sregs_eq(struct __test_metadata *_metadata,
			    const struct hvx_sregs *a,
			    const struct hvx_sregs *b)
{
	expect_seg_eq(_metadata, "cs", &a->cs, &b->cs);
	expect_seg_eq(_metadata, "ds", &a->ds, &b->ds);
	expect_seg_eq(_metadata, "es", &a->es, &b->es);
	expect_seg_eq(_metadata, "fs", &a->fs, &b->fs);
	expect_seg_eq(_metadata, "gs", &a->gs, &b->gs);
	expect_seg_eq(_metadata, "ss", &a->ss, &b->ss);
	expect_seg_eq(_metadata, "tr", &a->tr, &b->tr);
	expect_seg_eq(_metadata, "ldt", &a->ldt, &b->ldt);
	EXPECT_EQ(a->gdt.base, b->gdt.base);
	EXPECT_EQ(a->gdt.limit, b->gdt.limit);
	EXPECT_EQ(a->idt.base, b->idt.base);
	EXPECT_EQ(a->idt.limit, b->idt.limit);
	EXPECT_EQ(a->cr0, b->cr0);
	EXPECT_EQ(a->cr2, b->cr2);
	EXPECT_EQ(a->cr3, b->cr3);
	EXPECT_EQ(a->cr4, b->cr4);
	EXPECT_EQ(a->cr8, b->cr8);
	EXPECT_EQ(a->efer, b->efer);
	EXPECT_EQ(a->apic_base, b->apic_base);
}

TEST(sregs_round_trip)
{
	struct hvxt_vcpu *vcpu = regs_vcpu();
	struct hvx_sregs a, b;

	hvxt_get_sregs(vcpu, &a);
	hvxt_set_sregs(vcpu, &a);
	memset(&b, 0xcc, sizeof(b));
	hvxt_get_sregs(vcpu, &b);
	expect_sregs_eq(_metadata, &a, &b);
	EXPECT_EQ(0, b.reserved[0] | b.reserved[1] | b.reserved[2] |
		     b.reserved[3]);

	/* Changed fields come back as set. */
	a.fs.base = 0x7f0000001000ULL;
	a.gs.base = 0xffff888000002000ULL;
	a.fs.selector = 0x10;
	a.cr2 = 0xdeadbeef000ULL;
	a.cr8 = 7;
	a.gdt.limit = 0x2f;
	a.idt.base = 0x30000;
	a.idt.limit = 0xfff;
	a.apic_base = 0xfee00900;
	a.ldt = (struct hvx_segment) { .base = 0x40000, .limit = 0xff,
				       .type = 2, .present = 1 };
	hvxt_set_sregs(vcpu, &a);
	hvxt_get_sregs(vcpu, &b);
	expect_sregs_eq(_metadata, &a, &b);
}

TEST(default_sregs_are_reset_state)
{
	int sys_fd = hvxt_open_sys();
	int vm_fd = hvx_create_vm(sys_fd);
	int vcpu_fd;
	struct hvx_sregs s;
	struct hvx_regs r;

	ASSERT_LE(0, vm_fd);
	vcpu_fd = hvx_create_vcpu(vm_fd, 0);
	ASSERT_LE(0, vcpu_fd);
	ASSERT_EQ(0, hvx_get_sregs(vcpu_fd, &s));
	ASSERT_EQ(0, hvx_get_regs(vcpu_fd, &r));
	/* The architectural RESET state (SDM vol. 3A, 10.1.1). */
	EXPECT_EQ(0xf000, s.cs.selector);
	EXPECT_EQ(0xffff0000, s.cs.base);
	EXPECT_EQ(0xfff0, r.rip);
	EXPECT_EQ(0x2, r.rflags);
	EXPECT_EQ(0x60000010, s.cr0);
	EXPECT_EQ(0, s.cr4);
	EXPECT_EQ(0, s.efer);
	EXPECT_EQ(0xfee00900, s.apic_base);	/* BSP, enabled */
	close(vcpu_fd);
	vcpu_fd = hvx_create_vcpu(vm_fd, 1);
	ASSERT_LE(0, vcpu_fd);
	ASSERT_EQ(0, hvx_get_sregs(vcpu_fd, &s));
	EXPECT_EQ(0xfee00800, s.apic_base);	/* not the BSP */
}

TEST(set_sregs_rejects_host_owned_cr4)
{
	struct hvxt_vcpu *vcpu = regs_vcpu();
	static const struct {
		uint64_t bit;
		const char *name;
	} bits[] = {
		{ 1ULL << 13, "VMXE" }, { 1ULL << 14, "SMXE" },
		{ 1ULL << 22, "PKE" }, { 1ULL << 23, "CET" },
	};
	struct hvx_sregs good, bad, now;
	unsigned int i;

	hvxt_get_sregs(vcpu, &good);
	for (i = 0; i < ARRAY_SIZE(bits); i++) {
		bad = good;
		bad.cr4 |= bits[i].bit;
		bad.cr2 = 0x1234;	/* would change too, were it taken */
		bad.cs.selector = 0x18;
		if (hvx_set_sregs(vcpu->fd, &bad) != -EINVAL)
			hvxt_log("CR4.%s accepted", bits[i].name);
		EXPECT_EQ(-EINVAL, hvx_set_sregs(vcpu->fd, &bad));
	}
	hvxt_get_sregs(vcpu, &now);
	expect_sregs_eq(_metadata, &good, &now);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
}

TEST(set_sregs_rejects_bad_fields)
{
	struct hvxt_vcpu *vcpu = regs_vcpu();
	struct hvx_sregs good, bad, now;
	int i;

	hvxt_get_sregs(vcpu, &good);
	for (i = 0; i < 12; i++) {
		bad = good;
		bad.cr2 = 0x5678;
		switch (i) {
		case 0: bad.reserved[0] = 1; break;
		case 1: bad.reserved[3] = 1; break;
		case 2: bad.cs.type = 16; break;
		case 3: bad.ds.dpl = 4; break;
		case 4: bad.ss.present = 2; break;
		case 5: bad.tr.pad = 1; break;
		case 6: bad.gdt.pad[1] = 1; break;
		case 7: bad.cr0 |= 1ULL << 32; break;
		case 8: bad.cr8 = 16; break;
		case 9: bad.efer |= 1ULL << 2; break;	/* reserved */
		case 10: bad.efer |= 1ULL << 12; break;	/* SVME */
		case 11: bad.ldt.unusable = 2; break;
		}
		if (hvx_set_sregs(vcpu->fd, &bad) != -EINVAL)
			hvxt_log("bad field %d accepted", i);
		EXPECT_EQ(-EINVAL, hvx_set_sregs(vcpu->fd, &bad));
	}
	ASSERT_ERRNO(EFAULT, hvxt_raw_ioctl(vcpu->fd, HVX_SET_SREGS, NULL));
	hvxt_get_sregs(vcpu, &now);
	expect_sregs_eq(_metadata, &good, &now);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
}

/* ------------------------------------------------------------------ */
/* Control registers as the guest sees and changes them */

HVXT_GUEST_CODE(cr_guest,
	".code64\n"
	"	mov %cr0, %rax\n"
	GUEST_REPORT
	"	mov %cr2, %rax\n"
	GUEST_REPORT
	"	mov %cr3, %rax\n"
	GUEST_REPORT
	"	mov %cr4, %rax\n"
	GUEST_REPORT
	"	mov %cr8, %rax\n"
	GUEST_REPORT
	/* Changes the host sees. */
	"	mov $3, %eax\n"
	"	mov %rax, %cr8\n"
	"	mov $0x55aa55aa000, %rax\n"
	"	mov %rax, %cr2\n"
	/* CR0.CD (host-owned): the guest reads back what it wrote. */
	"	mov %cr0, %rax\n"
	"	or $0x40000000, %rax\n"
	"	mov %rax, %cr0\n"
	"	mov %cr0, %rax\n"
	GUEST_REPORT
	"	mov %cr8, %rax\n"
	GUEST_REPORT
	GUEST_DONE
);

TEST(control_registers_guest_view)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   cr_guest_start,
						   cr_guest_end,
						   cr_guest_start);
	struct hvx_sregs s;

	hvxt_get_sregs(vcpu, &s);
	s.cr2 = 0x123456789000ULL;
	s.cr8 = 9;
	hvxt_set_sregs(vcpu, &s);

	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(7, vcpu->nr_reports);
	EXPECT_EQ(s.cr0, vcpu->reports[0]);
	EXPECT_EQ(0x123456789000ULL, vcpu->reports[1]);
	EXPECT_EQ(s.cr3, vcpu->reports[2]);
	EXPECT_EQ(s.cr4, vcpu->reports[3]);
	EXPECT_EQ(9, vcpu->reports[4]);
	EXPECT_EQ(s.cr0 | 0x40000000, vcpu->reports[5]);
	EXPECT_EQ(3, vcpu->reports[6]);

	hvxt_get_sregs(vcpu, &s);
	EXPECT_EQ(3, s.cr8);
	EXPECT_EQ(0x55aa55aa000ULL, s.cr2);
	EXPECT_NE(0, s.cr0 & 0x40000000);
}

/* CR4.VMXE from the guest: #GP, CR4 unchanged. */
HVXT_GUEST_CODE(vmxe_guest,
	".code64\n"
	"	mov %cr4, %rax\n"
	"	mov %rax, %rbx\n"
	"	or $0x2000, %rax\n"
	"vmxe_mov:\n"
	"	mov %rax, %cr4\n"
	"	mov %cr4, %rax\n"
	GUEST_REPORT
	GUEST_DONE
	"vmxe_gp:\n"
	"	pop %rax\n"		/* error code */
	GUEST_REPORT
	"	mov (%rsp), %rax\n"	/* RIP */
	GUEST_REPORT
	"	addq $3, (%rsp)\n"	/* skip mov %rax, %cr4 */
	"	iretq\n"
);
HVXT_GUEST_LABEL(vmxe_mov);
HVXT_GUEST_LABEL(vmxe_gp);

TEST(guest_cr4_vmxe_gp)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   vmxe_guest_start,
						   vmxe_guest_end,
						   vmxe_guest_start);
	void *idt = hvxt_gpa_ptr(vcpu->vm, IDT_GPA, 4096);
	struct hvx_sregs s;

	memset(idt, 0, 4096);
	hvxt_idt_gate64(idt, 13,
			HVXT_CODE_ADDR(vmxe_guest_start, vmxe_gp),
			HVX_SEL_CODE64, 0);
	hvxt_get_sregs(vcpu, &s);
	s.idt.base = IDT_GPA;
	s.idt.limit = 4095;
	hvxt_set_sregs(vcpu, &s);

	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(3, vcpu->nr_reports);
	EXPECT_EQ(0, vcpu->reports[0]);
	EXPECT_EQ(HVXT_CODE_ADDR(vmxe_guest_start, vmxe_mov), vcpu->reports[1]);
	EXPECT_EQ(s.cr4, vcpu->reports[2]);
	hvxt_get_sregs(vcpu, &s);
	EXPECT_EQ(0, s.cr4 & 0x2000);
}

/*
 * Control-register bits the guest owns (CR0.AM, CR4.PGE, CR4.OSXSAVE...)
 * change without an exit: HVX_GET_SREGS must still report them.
 */
HVXT_GUEST_CODE(crw_guest,
	".code64\n"
	"	mov %cr4, %rax\n"
	"	or $0x40080, %rax\n"		/* PGE, OSXSAVE */
	"	mov %rax, %cr4\n"
	"	mov %cr0, %rax\n"
	"	or $0x40000, %rax\n"		/* AM */
	"	mov %rax, %cr0\n"
	"	mov %cr4, %rax\n"
	GUEST_REPORT
	"	mov %cr0, %rax\n"
	GUEST_REPORT
	GUEST_DONE
);

TEST(guest_cr_writes_seen_by_get_sregs)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   crw_guest_start,
						   crw_guest_end,
						   crw_guest_start);
	struct hvx_sregs before, after;

	hvxt_get_sregs(vcpu, &before);
	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(2, vcpu->nr_reports);
	/* The guest sees its own writes... */
	EXPECT_EQ(before.cr4 | 0x40080, vcpu->reports[0]);
	EXPECT_EQ(before.cr0 | 0x40000, vcpu->reports[1]);
	/* ...and so must the VMM. */
	hvxt_get_sregs(vcpu, &after);
	EXPECT_EQ(before.cr4 | 0x40080, after.cr4);
	EXPECT_EQ(before.cr0 | 0x40000, after.cr0);
}

TEST_HARNESS_MAIN
