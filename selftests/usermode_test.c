// SPDX-License-Identifier: GPL-2.0
/*
 * A guest kernel with an IDT, a TSS and user segments drops to ring 3;
 * the user task does something only ring 0 may do, and the kernel's
 * exception handler reports the vector, the error code, the faulting
 * RIP and the stack it was given (TSS.RSP0). Everything is built here:
 * GDT, IDT, TSS and user-accessible page tables.
 */
#include "hvx_harness.h"

#define GDT_GPA		0x30000UL
#define IDT_GPA		0x31000UL
#define TSS_GPA		0x32000UL
#define PML4_GPA	0x33000UL
#define PDPT_GPA	0x34000UL
#define PD_GPA		0x35000UL
#define KSTACK_TOP	0x48000UL	/* TSS.RSP0 */
#define USTACK_TOP	0x50000UL
#define UDATA_GPA	0x40000UL

#define SEL_KCODE	0x08
#define SEL_KDATA	0x10
#define SEL_UDATA	(0x18 | 3)
#define SEL_UCODE	(0x20 | 3)
#define SEL_TSS		0x28

HVXT_GUEST_CODE(um,
	".code64\n"
	/* Kernel entry: RBX = user RIP, RSI = user RSP. */
	"	pushq $" HVXT_XSTR(SEL_UDATA) "\n"
	"	push %rsi\n"
	"	pushq $2\n"			/* RFLAGS: IF=0, IOPL=0 */
	"	pushq $" HVXT_XSTR(SEL_UCODE) "\n"
	"	push %rbx\n"
	"	iretq\n"

	/* Exception stubs, 16 bytes apart: [vector, error code, frame]. */
	".balign 16\n"
	"um_stubs:\n"
	".irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	".balign 16\n"
	".if (\\vec == 8) || ((\\vec >= 10) && (\\vec <= 14)) || (\\vec == 17) || (\\vec == 21) || (\\vec == 29) || (\\vec == 30)\n"
	"	pushq $\\vec\n"
	".else\n"
	"	pushq $0\n"
	"	pushq $\\vec\n"
	".endif\n"
	"	jmp um_common\n"
	".endr\n"

	/* Report: RSP, vector, error, RIP, CS, user RSP, SS; done. */
	"um_common:\n"
	"	mov %rsp, %rax\n"
	GUEST_REPORT
	"	mov (%rsp), %rax\n"
	GUEST_REPORT
	"	mov 8(%rsp), %rax\n"
	GUEST_REPORT
	"	mov 16(%rsp), %rax\n"
	GUEST_REPORT
	"	mov 24(%rsp), %rax\n"
	GUEST_REPORT
	"	mov 40(%rsp), %rax\n"
	GUEST_REPORT
	"	mov 48(%rsp), %rax\n"
	GUEST_REPORT
	GUEST_DONE

	/* User tasks. */
	"um_user_hlt:\n"
	"	movl $0x600dcafe, " HVXT_XSTR(UDATA_GPA) "\n"
	"	push %rax\n"
	"um_user_hlt_insn:\n"
	"	hlt\n"
	"	jmp .\n"
	"um_user_cli:\n"
	"	cli\n"
	"	jmp .\n"
	"um_user_cr3:\n"
	"	mov %cr3, %rax\n"	/* also privileged: faults first */
	"	jmp .\n"
	"um_user_vmcall:\n"
	"	mov $1, %eax\n"
	"	vmcall\n"
	"	jmp .\n"
	"um_user_out:\n"
	"	out %al, $0x80\n"
	"	jmp .\n"
	"um_user_ud2:\n"
	"	ud2\n"
	"	jmp .\n"
);
HVXT_GUEST_LABEL(um_stubs);
HVXT_GUEST_LABEL(um_user_hlt);
HVXT_GUEST_LABEL(um_user_hlt_insn);
HVXT_GUEST_LABEL(um_user_cli);
HVXT_GUEST_LABEL(um_user_cr3);
HVXT_GUEST_LABEL(um_user_vmcall);
HVXT_GUEST_LABEL(um_user_out);
HVXT_GUEST_LABEL(um_user_ud2);

#define UM_ADDR(label) HVXT_CODE_ADDR(um_start, label)

/* Reports of um_common, in order. */
enum { R_RSP, R_VECTOR, R_ERROR, R_RIP, R_CS, R_USER_RSP, R_SS, NR_R };

static struct hvxt_vcpu *user_vm(const void *user_rip)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, um_start,
						   um_end, um_start);
	struct hvxt_vm *vm = vcpu->vm;
	uint64_t *gdt = hvxt_gpa_ptr(vm, GDT_GPA, 0x38);
	uint64_t *pml4 = hvxt_gpa_ptr(vm, PML4_GPA, 4096);
	uint64_t *pdpt = hvxt_gpa_ptr(vm, PDPT_GPA, 4096);
	uint64_t *pd = hvxt_gpa_ptr(vm, PD_GPA, 4096);
	uint8_t *tss = hvxt_gpa_ptr(vm, TSS_GPA, 0x68);
	void *idt = hvxt_gpa_ptr(vm, IDT_GPA, 4096);
	struct hvx_sregs s;
	struct hvx_regs r;
	uint64_t rsp0 = KSTACK_TOP;
	uint16_t iomap = 0x68;
	int i;

	gdt[0] = 0;
	gdt[SEL_KCODE / 8] = hvxt_gdt_entry(0, 0xfffff, 11, 1, 0, 1, 0, 1);
	gdt[SEL_KDATA / 8] = hvxt_gdt_entry(0, 0xfffff, 3, 1, 0, 0, 1, 1);
	gdt[SEL_UDATA / 8] = hvxt_gdt_entry(0, 0xfffff, 3, 1, 3, 0, 1, 1);
	gdt[SEL_UCODE / 8] = hvxt_gdt_entry(0, 0xfffff, 11, 1, 3, 1, 0, 1);
	hvxt_gdt_tss64(&gdt[SEL_TSS / 8], TSS_GPA, 0x67);
	gdt[SEL_TSS / 8] |= 2ULL << 40;		/* busy, as TR holds it */

	/* RSP0 at offset 4; no I/O bitmap (its base is past the limit). */
	memset(tss, 0, 0x68);
	memcpy(tss + 4, &rsp0, 8);
	memcpy(tss + 0x66, &iomap, 2);

	for (i = 0; i < 32; i++)
		hvxt_idt_gate64(idt, i, UM_ADDR(um_stubs) + 16 * i, SEL_KCODE,
				0);

	/* Identity map of the first GiB, user-accessible (U/S set). */
	memset(pml4, 0, 4096);
	memset(pdpt, 0, 4096);
	pml4[0] = PDPT_GPA | 7;
	pdpt[0] = PD_GPA | 7;
	for (i = 0; i < 512; i++)
		pd[i] = ((uint64_t)i << 21) | 0x87;

	hvxt_get_sregs(vcpu, &s);
	s.gdt.base = GDT_GPA;
	s.gdt.limit = 0x37;
	s.idt.base = IDT_GPA;
	s.idt.limit = 32 * 16 - 1;
	s.tr = (struct hvx_segment) {
		.base = TSS_GPA, .limit = 0x67, .selector = SEL_TSS,
		.type = 11, .present = 1,
	};
	s.cs.selector = SEL_KCODE;
	s.ss.selector = s.ds.selector = s.es.selector = SEL_KDATA;
	s.cr3 = PML4_GPA;
	hvxt_set_sregs(vcpu, &s);

	hvxt_get_regs(vcpu, &r);
	r.rbx = UM_ADDR((const unsigned char *)user_rip);
	r.rsi = USTACK_TOP;
	hvxt_set_regs(vcpu, &r);
	return vcpu;
}

/* Run to the kernel's report and check the frame of a fault at @rip. */
static void check_fault(struct __test_metadata *_metadata,
			struct hvxt_vcpu *vcpu, uint64_t vector,
			uint64_t error, uint64_t rip, uint64_t user_rsp)
{
	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(NR_R, vcpu->nr_reports);
	EXPECT_EQ(vector, vcpu->reports[R_VECTOR]);
	EXPECT_EQ(error, vcpu->reports[R_ERROR]);
	EXPECT_EQ(rip, vcpu->reports[R_RIP]);
	EXPECT_EQ(SEL_UCODE, vcpu->reports[R_CS]);
	EXPECT_EQ(SEL_UDATA, vcpu->reports[R_SS]);
	EXPECT_EQ(user_rsp, vcpu->reports[R_USER_RSP]);
	/* The CPU switched to TSS.RSP0 and pushed 5 words, the stub 2. */
	EXPECT_EQ(KSTACK_TOP - 7 * 8, vcpu->reports[R_RSP]);
}

TEST(user_hlt_gp)
{
	struct hvxt_vcpu *vcpu = user_vm(um_user_hlt);
	uint32_t *udata = hvxt_gpa_ptr(vcpu->vm, UDATA_GPA, 4);

	check_fault(_metadata, vcpu, 13, 0, UM_ADDR(um_user_hlt_insn),
		    USTACK_TOP - 8);
	/* The user task ran: its store landed, its push used its stack. */
	EXPECT_EQ(0x600dcafe, *udata);
}

TEST(user_cli_gp)
{
	check_fault(_metadata, user_vm(um_user_cli), 13, 0,
		    UM_ADDR(um_user_cli), USTACK_TOP);
}

TEST(user_mov_cr_gp)
{
	check_fault(_metadata, user_vm(um_user_cr3), 13, 0,
		    UM_ADDR(um_user_cr3), USTACK_TOP);
}

TEST(user_out_without_iopl_gp)
{
	check_fault(_metadata, user_vm(um_user_out), 13, 0,
		    UM_ADDR(um_user_out), USTACK_TOP);
}

/* VMCALL outside ring 0 is #UD in the guest, not a hypercall. */
TEST(user_vmcall_ud)
{
	check_fault(_metadata, user_vm(um_user_vmcall), 6, 0,
		    UM_ADDR(um_user_vmcall) + 5, USTACK_TOP);
}

TEST(user_ud2)
{
	check_fault(_metadata, user_vm(um_user_ud2), 6, 0,
		    UM_ADDR(um_user_ud2), USTACK_TOP);
}

TEST_HARNESS_MAIN
