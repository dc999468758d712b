// SPDX-License-Identifier: GPL-2.0
/*
 * HVX_TRANSLATE: guest-virtual addresses through the guest's page tables
 * as its MMU would walk them, for reads, writes, user and fetch accesses.
 * The identity map of libhvx's long mode, then tables built here: 4 KiB,
 * 2 MiB and 1 GiB pages, a page that is not present, read-only and
 * supervisor pages, reserved bits, XD with and without EFER.NXE. The
 * answers are checked exactly (address, valid, #PF error code), the
 * accessed and dirty flags as the walk leaves them, and the faults are
 * checked against what the guest's own accesses raise. Also 32-bit and
 * PAE paging, paging off, and the inputs HVX_TRANSLATE refuses.
 */
#include "hvx_harness.h"
#include "hvx_devices.h"

#define IDT_GPA		0x20000
#define PDPT_A		0x30000
#define PD_A		0x31000
#define PT_A		0x32000
#define VA		(1ULL << 39)		/* PML4 entry 1 */
#define VA_BAD		(2ULL << 39)		/* PML4 entry 2: no memory */
#define NO_SLOT_GPA	0x7000000

#define P	HVXT_PTE_P
#define RW	HVXT_PTE_RW
#define US	HVXT_PTE_US
#define PS	HVXT_PTE_PS

#define T_W	HVX_TRANSLATE_WRITE
#define T_U	HVX_TRANSLATE_USER
#define T_F	HVX_TRANSLATE_FETCH

HVXT_GUEST_CODE(tr,
	".code64\n"
	/* Reads through the new tables (4 KiB and 2 MiB pages) */
	"	movabs $" HVXT_XSTR(VA) " + 0x123, %rbx\n"
	"	mov (%rbx), %eax\n"
	GUEST_REPORT
	"	movabs $" HVXT_XSTR(VA) " + 0x200000 + 0x50123, %rbx\n"
	"	mov (%rbx), %eax\n"
	GUEST_REPORT
	/* Faults: the handler reports them and resumes at R15 */
	"	lea 1f(%rip), %r15\n"
	"	movabs $" HVXT_XSTR(VA) " + 0x2000, %rbx\n"
	"	mov (%rbx), %eax\n"
	"1:	lea 1f(%rip), %r15\n"
	"	movabs $" HVXT_XSTR(VA) " + 0x1010, %rbx\n"
	"	movl $1, (%rbx)\n"
	"1:	lea 1f(%rip), %r15\n"
	"	movabs $" HVXT_XSTR(VA) " + 0x4000, %rbx\n"
	"	mov (%rbx), %eax\n"
	"1:	lea 1f(%rip), %r15\n"
	"	movabs $" HVXT_XSTR(VA) " + 0x600000, %rbx\n"
	"	mov (%rbx), %eax\n"
	"1:	lea 1f(%rip), %r15\n"
	"	movabs $" HVXT_XSTR(VA) " + 0x2008, %rbx\n"
	"	movq $1, (%rbx)\n"
	"1:\n"
	GUEST_DONE

	".balign 16\n"
	"tr_stubs:\n"
	".irp vec, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	".balign 16\n"
	".if (\\vec == 8) || ((\\vec >= 10) && (\\vec <= 14)) || (\\vec == 17) || (\\vec == 21) || (\\vec == 29) || (\\vec == 30)\n"
	"	pushq $\\vec\n"
	".else\n"
	"	pushq $0\n"
	"	pushq $\\vec\n"
	".endif\n"
	"	jmp tr_exc\n"
	".endr\n"
	/* report vector, error code, CR2 */
	"tr_exc:\n"
	"	mov (%rsp), %rax\n"
	GUEST_REPORT
	"	mov 8(%rsp), %rax\n"
	GUEST_REPORT
	"	mov %cr2, %rax\n"
	GUEST_REPORT
	"	mov %r15, 16(%rsp)\n"
	"	add $16, %rsp\n"
	"	iretq\n"
);
HVXT_GUEST_LABEL(tr_stubs);

static long translate(struct hvxt_vcpu *vcpu, uint64_t la, uint32_t access,
		      struct hvx_translation *t)
{
	memset(t, 0, sizeof(*t));
	t->linear_address = la;
	t->access = access;
	return hvxt_raw_ioctl(vcpu->fd, HVX_TRANSLATE, t);
}

/* @la with @access must translate to @pa. */
#define EXPECT_PA(vcpu, la, access, pa) do {				\
	struct hvx_translation __t;					\
	ASSERT_EQ(0, translate(vcpu, la, access, &__t));		\
	if (!__t.valid || __t.physical_address != (uint64_t)(pa))	\
		TH_LOG("%#llx access %#x: valid %u pa %#llx error %#x, expected pa %#llx", \
		       (unsigned long long)(la), (unsigned int)(access),\
		       __t.valid, (unsigned long long)__t.physical_address, \
		       __t.page_fault_error, (unsigned long long)(pa));	\
	EXPECT_EQ(1, __t.valid);					\
	EXPECT_EQ((uint64_t)(pa), __t.physical_address);		\
	EXPECT_EQ(0, __t.page_fault_error);				\
	EXPECT_EQ(0, __t.pad[0] | __t.pad[1] | __t.pad[2]);		\
	EXPECT_EQ(0, __t.reserved);					\
	EXPECT_EQ((uint64_t)(la), __t.linear_address);			\
} while (0)

/* @la with @access must fault with error code @err. */
#define EXPECT_PF(vcpu, la, access, err) do {				\
	struct hvx_translation __t;					\
	ASSERT_EQ(0, translate(vcpu, la, access, &__t));		\
	if (__t.valid || __t.page_fault_error != (uint32_t)(err))	\
		TH_LOG("%#llx access %#x: valid %u pa %#llx error %#x, expected error %#x", \
		       (unsigned long long)(la), (unsigned int)(access),\
		       __t.valid, (unsigned long long)__t.physical_address, \
		       __t.page_fault_error, (unsigned int)(err));	\
	EXPECT_EQ(0, __t.valid);					\
	EXPECT_EQ(0, __t.physical_address);				\
	EXPECT_EQ((uint32_t)(err), __t.page_fault_error);		\
} while (0)

#define PF_P	HVXT_PF_P
#define PF_W	HVXT_PF_W
#define PF_U	HVXT_PF_U
#define PF_R	HVXT_PF_RSVD
#define PF_I	HVXT_PF_I

/* The long-mode VM with the tables of this test. */
static struct hvxt_vcpu *tr_vm(uint64_t **pml4, uint64_t **pdpt,
			       uint64_t **pd, uint64_t **pt)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, tr_start,
						   tr_end, tr_start);
	struct hvxt_vm *vm = vcpu->vm;
	unsigned int maxphy = hvxt_host_maxphyaddr();

	*pml4 = hvxt_gpa_ptr(vm, HVXT_TABLES_GPA + 0x1000, 4096);
	*pdpt = hvxt_gpa_ptr(vm, PDPT_A, 4096);
	*pd = hvxt_gpa_ptr(vm, PD_A, 4096);
	*pt = hvxt_gpa_ptr(vm, PT_A, 4096);
	memset(*pdpt, 0, 4096);
	memset(*pd, 0, 4096);
	memset(*pt, 0, 4096);
	(*pml4)[1] = PDPT_A | P | RW | US;
	(*pml4)[2] = NO_SLOT_GPA | P | RW;
	(*pdpt)[0] = PD_A | P | RW | US;
	(*pdpt)[1] = 0x40000000 | PS | P | RW;		/* 1 GiB */
	(*pd)[0] = PT_A | P | RW | US;
	(*pd)[1] = 0x000000 | PS | P | RW | US;		/* 2 MiB, user */
	(*pd)[2] = 0x400000 | PS | P | RW;		/* 2 MiB, supervisor */
	(*pd)[3] = 0x612000 | PS | P | RW;		/* bits 20:13 set */
	(*pt)[0] = 0x50000 | P | RW | US;		/* user, writable */
	(*pt)[1] = 0x51000 | P;				/* supervisor, read-only */
	(*pt)[2] = 0;					/* not present */
	(*pt)[3] = 0x52000 | P | RW;			/* supervisor, writable */
	(*pt)[4] = 0x53000 | (1ULL << (maxphy < 52 ? maxphy : 51)) | P | RW;
	(*pt)[5] = 0x54000 | P | RW | HVXT_PTE_XD;
	hvxt_idt64_install(vcpu, IDT_GPA, HVXT_CODE_ADDR(tr_start, tr_stubs),
			   16, 32);
	return vcpu;
}

TEST(identity_map)
{
	uint64_t *pml4, *pdpt, *pd, *pt;
	struct hvxt_vcpu *vcpu = tr_vm(&pml4, &pdpt, &pd, &pt);

	ASSERT_EQ(1, hvx_check_extension(vcpu->vm->sys_fd, HVX_CAP_TRANSLATE));
	EXPECT_PA(vcpu, 0x1234, 0, 0x1234);
	EXPECT_PA(vcpu, 0x1234, T_W, 0x1234);
	EXPECT_PA(vcpu, 0x1234, T_F, 0x1234);
	EXPECT_PA(vcpu, 0x1fffff, 0, 0x1fffff);
	EXPECT_PA(vcpu, 0xfffff123, T_W, 0xfffff123);
	/* libhvx's tables are supervisor-only */
	EXPECT_PF(vcpu, 0x1234, T_U, PF_P | PF_U);
	EXPECT_PF(vcpu, 0x1234, T_U | T_W, PF_P | PF_U | PF_W);
	EXPECT_PF(vcpu, 0x1234, T_U | T_F, PF_P | PF_U);
	/* past the 4 GiB they map */
	EXPECT_PF(vcpu, 0x100000000ULL, 0, 0);
	EXPECT_PF(vcpu, 0x100000000ULL, T_W, PF_W);
	/* non-canonical: no translation, and not a #PF either */
	EXPECT_PF(vcpu, 0x0000800000000000ULL, 0, 0);
	EXPECT_PF(vcpu, 0xffff000000000000ULL, 0, 0);
}

TEST(custom_mappings)
{
	uint64_t *pml4, *pdpt, *pd, *pt;
	struct hvxt_vcpu *vcpu = tr_vm(&pml4, &pdpt, &pd, &pt);
	const uint64_t a = HVXT_PTE_A, d = HVXT_PTE_D;
	struct hvx_translation t;
	struct hvx_sregs s;

	/* Faults first: a walk that faults sets no accessed flag. */
	EXPECT_PF(vcpu, VA + 0x2000, 0, 0);
	EXPECT_PF(vcpu, VA + 0x2000, T_W, PF_W);
	EXPECT_PF(vcpu, VA + 0x2000, T_U, PF_U);
	EXPECT_PF(vcpu, VA + 0x2fff, T_U | T_W, PF_U | PF_W);
	EXPECT_PF(vcpu, VA + 0x2000, T_F, 0);		/* no NXE: no I/D */
	EXPECT_PF(vcpu, VA + 0x1010, T_W, PF_P | PF_W);	/* CR0.WP */
	EXPECT_PF(vcpu, VA + 0x1010, T_U, PF_P | PF_U);
	EXPECT_PF(vcpu, VA + 0x1010, T_U | T_W, PF_P | PF_U | PF_W);
	EXPECT_PF(vcpu, VA + 0x3000, T_U, PF_P | PF_U);
	EXPECT_PF(vcpu, VA + 0x4000, 0, PF_P | PF_R);
	EXPECT_PF(vcpu, VA + 0x4000, T_W, PF_P | PF_W | PF_R);
	EXPECT_PF(vcpu, VA + 0x5000, 0, PF_P | PF_R);	/* XD without NXE */
	EXPECT_PF(vcpu, VA + 0x400000 + 0x1000, T_U, PF_P | PF_U);
	EXPECT_PF(vcpu, VA + 0x600000, 0, PF_P | PF_R);
	EXPECT_EQ(0, pml4[1] & a);
	EXPECT_EQ(0, pdpt[0] & a);
	EXPECT_EQ(0, pd[0] & a);
	EXPECT_EQ(0, pt[1] & a);
	EXPECT_EQ(0, pt[3] & a);

	/* 4 KiB pages */
	EXPECT_PA(vcpu, VA + 0x123, 0, 0x50123);
	EXPECT_PA(vcpu, VA + 0x123, T_W, 0x50123);
	EXPECT_PA(vcpu, VA + 0x123, T_U, 0x50123);
	EXPECT_PA(vcpu, VA + 0x123, T_U | T_W, 0x50123);
	EXPECT_PA(vcpu, VA + 0x123, T_U | T_F, 0x50123);
	EXPECT_PA(vcpu, VA + 0x1010, 0, 0x51010);
	EXPECT_PA(vcpu, VA + 0x1fff, T_F, 0x51fff);
	/* accessed on the way, dirty only after a write */
	EXPECT_PA(vcpu, VA + 0x3008, 0, 0x52008);
	EXPECT_EQ(a, pml4[1] & (a | d));
	EXPECT_EQ(a, pdpt[0] & (a | d));
	EXPECT_EQ(a, pd[0] & (a | d));
	EXPECT_EQ(a, pt[3] & (a | d));
	EXPECT_PA(vcpu, VA + 0x3008, T_W, 0x52008);
	EXPECT_EQ(a | d, pt[3] & (a | d));
	EXPECT_EQ(a, pd[0] & (a | d));
	EXPECT_EQ(0, pt[2]);
	/* 2 MiB pages */
	EXPECT_PA(vcpu, VA + 0x200000 + 0x12345, T_U, 0x12345);
	EXPECT_PA(vcpu, VA + 0x200000 + 0x1fffff, T_U | T_W, 0x1fffff);
	EXPECT_EQ(a | d, pd[1] & (a | d));
	EXPECT_PA(vcpu, VA + 0x400000 + 0x1000, 0, 0x401000);
	EXPECT_EQ(a, pd[2] & (a | d));
	/* 1 GiB pages, where the CPU has them (else a reserved PS bit) */
	if (hvxt_host_gbpages()) {
		EXPECT_PA(vcpu, VA + 0x40000000 + 0x123456, 0, 0x40123456);
	} else {
		EXPECT_PF(vcpu, VA + 0x40000000 + 0x123456, 0, PF_P | PF_R);
	}

	/* With EFER.NXE: XD is a fetch fault, and fetch faults say I/D */
	hvxt_get_sregs(vcpu, &s);
	s.efer |= 0x800;
	hvxt_set_sregs(vcpu, &s);
	EXPECT_PA(vcpu, VA + 0x5000, 0, 0x54000);
	EXPECT_PA(vcpu, VA + 0x5000, T_W, 0x54000);
	EXPECT_PF(vcpu, VA + 0x5000, T_F, PF_P | PF_I);
	EXPECT_PF(vcpu, VA + 0x2000, T_F, PF_I);
	EXPECT_PF(vcpu, VA + 0x1000, T_U | T_F, PF_P | PF_U | PF_I);
	EXPECT_PA(vcpu, VA + 0x123, T_F, 0x50123);

	/* Tables outside guest memory */
	ASSERT_ERRNO(EFAULT, translate(vcpu, VA_BAD + 0x1000, 0, &t));
}

/* The guest's own accesses fault as HVX_TRANSLATE said they would. */
TEST(agrees_with_the_guest)
{
	uint64_t *pml4, *pdpt, *pd, *pt;
	struct hvxt_vcpu *vcpu = tr_vm(&pml4, &pdpt, &pd, &pt);
	uint32_t v;
	static const struct {
		uint64_t va;
		uint32_t access;
	} faults[] = {
		{ VA + 0x2000, 0 },
		{ VA + 0x1010, T_W },
		{ VA + 0x4000, 0 },
		{ VA + 0x600000, 0 },
		{ VA + 0x2008, T_W },
	};
	struct hvx_translation t;
	unsigned int i;

	memcpy(&v, hvxt_gpa_ptr(vcpu->vm, 0x50123, 4), 4);
	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(2 + 3 * 5, vcpu->nr_reports);
	EXPECT_EQ(v, vcpu->reports[0]);
	EXPECT_EQ(v, vcpu->reports[1]);
	for (i = 0; i < 5; i++) {
		const uint64_t *r = &vcpu->reports[2 + 3 * i];

		ASSERT_EQ(0, translate(vcpu, faults[i].va, faults[i].access,
				       &t));
		EXPECT_EQ(0, t.valid);
		EXPECT_EQ(14, r[0]) TH_LOG("fault %u", i);
		EXPECT_EQ(t.page_fault_error, r[1]) TH_LOG("fault %u", i);
		EXPECT_EQ(faults[i].va, r[2]) TH_LOG("fault %u", i);
	}
}

TEST(bad_input)
{
	uint64_t *pml4, *pdpt, *pd, *pt;
	struct hvxt_vcpu *vcpu = tr_vm(&pml4, &pdpt, &pd, &pt);
	struct hvx_translation t;
	unsigned int i;

	memset(&t, 0, sizeof(t));
	t.linear_address = 0x1000;
	ASSERT_EQ(0, hvxt_raw_ioctl(vcpu->fd, HVX_TRANSLATE, &t));
	t.access = 1U << 3;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_TRANSLATE, &t));
	t.access = 1U << 31;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_TRANSLATE, &t));
	for (i = 0; i < 3; i++) {
		memset(&t, 0, sizeof(t));
		t.linear_address = 0x1000;
		t.pad[i] = 1;
		ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_TRANSLATE,
						    &t));
	}
	memset(&t, 0, sizeof(t));
	t.linear_address = 0x1000;
	t.reserved = 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_TRANSLATE, &t));
	ASSERT_ERRNO(EFAULT, hvxt_raw_ioctl(vcpu->fd, HVX_TRANSLATE,
					    (void *)8));
}

/* ------------------------------------------------------------------ */
/* Other paging modes */

HVXT_GUEST_CODE(tr32,
	".code32\n"
	GUEST_DONE
);

TEST(paging_off)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_PROTECTED,
						   tr32_start, tr32_end,
						   tr32_start);
	struct hvxt_vcpu *rm = hvxt_vm_with_code(HVX_MODE_REAL, tr32_start,
						 tr32_end, tr32_start);

	EXPECT_PA(vcpu, 0x12345678, 0, 0x12345678);
	EXPECT_PA(vcpu, 0x12345678, T_U | T_W | T_F, 0x12345678);
	/* linear addresses are 32 bits wide here */
	EXPECT_PA(vcpu, 0x100001000ULL, 0, 0x1000);
	EXPECT_PA(rm, 0xffff0, 0, 0xffff0);
	EXPECT_PA(rm, 0x10ffef, T_W, 0x10ffef);
}

TEST(paging_32bit)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_PROTECTED,
						   tr32_start, tr32_end,
						   tr32_start);
	uint32_t *pd = hvxt_gpa_ptr(vcpu->vm, 0x30000, 4096);
	uint32_t *pt = hvxt_gpa_ptr(vcpu->vm, 0x31000, 4096);
	struct hvx_sregs s;

	memset(pd, 0, 4096);
	memset(pt, 0, 4096);
	pd[0] = 0x31000 | P | RW | US;
	pd[1] = 0x800000 | PS | P | RW;		/* 4 MiB, supervisor */
	pt[5] = 0x55000 | P | RW | US;
	pt[6] = 0x56000 | P | US;		/* read-only */
	hvxt_get_sregs(vcpu, &s);
	s.cr3 = 0x30000;
	s.cr4 |= 0x10;				/* PSE */
	s.cr0 |= 0x80010000;			/* PG, WP */
	hvxt_set_sregs(vcpu, &s);

	EXPECT_PA(vcpu, 0x5123, T_U | T_W, 0x55123);
	EXPECT_PA(vcpu, 0x6010, T_U, 0x56010);
	EXPECT_PF(vcpu, 0x6010, T_W, PF_P | PF_W);
	EXPECT_PF(vcpu, 0x6010, T_U | T_W, PF_P | PF_U | PF_W);
	EXPECT_PF(vcpu, 0x7000, 0, 0);
	EXPECT_PA(vcpu, 0x400000 + 0x123456, T_W, 0x923456);
	EXPECT_PF(vcpu, 0x400000 + 0x123456, T_U, PF_P | PF_U);
	EXPECT_PF(vcpu, 0x800000, T_W, PF_W);
	EXPECT_EQ(HVXT_PTE_A | HVXT_PTE_D, pd[1] & (HVXT_PTE_A | HVXT_PTE_D));
	EXPECT_EQ(HVXT_PTE_A, pt[6] & (HVXT_PTE_A | HVXT_PTE_D));
}

TEST(paging_pae)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_PROTECTED,
						   tr32_start, tr32_end,
						   tr32_start);
	uint64_t *pdpt = hvxt_gpa_ptr(vcpu->vm, 0x33000, 4096);
	uint64_t *pd = hvxt_gpa_ptr(vcpu->vm, 0x34000, 4096);
	uint64_t *pt = hvxt_gpa_ptr(vcpu->vm, 0x35000, 4096);
	struct hvx_sregs s;

	memset(pdpt, 0, 4096);
	memset(pd, 0, 4096);
	memset(pt, 0, 4096);
	pdpt[0] = 0x34000 | P;
	pd[0] = 0x35000 | P | RW | US;
	pd[1] = 0x600000 | PS | P | RW;		/* 2 MiB, supervisor */
	pt[1] = 0x57000 | P | RW | US;
	hvxt_get_sregs(vcpu, &s);
	s.cr3 = 0x33000;
	s.cr4 |= 0x20;				/* PAE */
	s.cr0 |= 0x80010000;
	hvxt_set_sregs(vcpu, &s);

	EXPECT_PA(vcpu, 0x1abc, T_U | T_W, 0x57abc);
	EXPECT_PF(vcpu, 0x2abc, 0, 0);
	EXPECT_PA(vcpu, 0x200000 + 0x1234, 0, 0x601234);
	EXPECT_PF(vcpu, 0x200000 + 0x1234, T_U, PF_P | PF_U);
	/* PDPTE 1 is not present */
	EXPECT_PF(vcpu, 0x40000000, T_W, PF_W);
	/* 32-bit linear addresses */
	EXPECT_PA(vcpu, 0x100001abcULL, 0, 0x57abc);
}

TEST_HARNESS_MAIN
