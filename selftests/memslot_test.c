// SPDX-License-Identifier: GPL-2.0
/*
 * Memory slots as the guest sees them: create, change, move, delete,
 * read-only slots, the host changing the memory behind a slot, and every
 * rejected HVX_SET_USER_MEMORY_REGION leaving the slots as they were.
 */
#include <sys/mman.h>
#include "hvx_harness.h"

#define SLOT1_GPA	0x400000UL
#define MOVED_GPA	0x800000UL
#define RO_GPA		0x600000UL
#define PAGE		4096UL

/*
 * Read the qword at RBX and report it, forever; the host points RBX
 * where it likes between runs. RDI = 0: read; RDI != 0: write RDI there
 * first, then read back.
 */
HVXT_GUEST_CODE(peek,
	".code64\n"
	"1:	test %rdi, %rdi\n"
	"	jz 2f\n"
	"peek_store:\n"
	"	mov %rdi, (%rbx)\n"
	"2:\n"
	"peek_load:\n"
	"	mov (%rbx), %rax\n"
	"peek_after_load:\n"
	GUEST_REPORT
	"	jmp 1b\n"
);
HVXT_GUEST_LABEL(peek_store);
HVXT_GUEST_LABEL(peek_load);
HVXT_GUEST_LABEL(peek_after_load);

static struct hvxt_vcpu *peek_vm(void)
{
	return hvxt_vm_with_code(HVX_MODE_LONG, peek_start, peek_end,
				 peek_start);
}

/* The guest's read of @gpa. */
static uint64_t peek(struct hvxt_vcpu *vcpu, uint64_t gpa)
{
	struct hvx_regs r;

	hvxt_get_regs(vcpu, &r);
	r.rbx = gpa;
	r.rdi = 0;
	hvxt_set_regs(vcpu, &r);
	return HVXT_RUN_UNTIL_REPORT(vcpu);
}

/*
 * The guest reads @gpa and nothing backs it: an exit to the VMM. As
 * HVX_EXIT_MMIO (RIP past the load, which completes with the VMM's data
 * on the next run) or, before MMIO decoding, as an EPT-violation internal
 * error (RIP at the load). Either way the guest is then sent back to the
 * top of its loop, so the next peek() starts afresh.
 */
#define PEEK_UNBACKED(vcpu, gpa) do {					\
	struct hvx_regs __r;						\
	hvxt_get_regs(vcpu, &__r);					\
	__r.rbx = (gpa);						\
	__r.rdi = 0;							\
	hvxt_set_regs(vcpu, &__r);					\
	hvxt_run(vcpu);							\
	HVXT_ASSERT_UNBACKED(vcpu, gpa, false);				\
	if ((vcpu)->run->exit_reason == HVX_EXIT_MMIO) {		\
		EXPECT_EQ(8, (vcpu)->run->mmio.len);			\
		EXPECT_EQ(HVXT_CODE_ADDR(peek_start, peek_after_load),	\
			  hvxt_get_rip(vcpu));				\
	} else {							\
		EXPECT_EQ(HVXT_CODE_ADDR(peek_start, peek_load),	\
			  hvxt_get_rip(vcpu));				\
	}								\
	hvxt_set_rip(vcpu, HVXT_CODE_GPA);				\
} while (0)

static uint64_t *magic_page(uint64_t value)
{
	uint64_t *p = hvxt_alloc(PAGE);

	p[0] = value;
	return p;
}

TEST(slot_create_delete_move)
{
	struct hvxt_vcpu *vcpu = peek_vm();
	struct hvxt_vm *vm = vcpu->vm;
	uint64_t *page = magic_page(0x1111111111111111ULL);
	uint64_t *other = magic_page(0x3333333333333333ULL);

	/* Nothing at SLOT1_GPA yet. */
	PEEK_UNBACKED(vcpu, SLOT1_GPA);

	hvxt_set_memory(vm, 1, 0, SLOT1_GPA, PAGE, page);
	EXPECT_EQ(0x1111111111111111ULL, peek(vcpu, SLOT1_GPA));

	/* The guest sees the host's stores to the slot at once. */
	page[0] = 0x2222222222222222ULL;
	EXPECT_EQ(0x2222222222222222ULL, peek(vcpu, SLOT1_GPA));

	/* Move: same slot, same memory, another gpa. */
	hvxt_set_memory(vm, 1, 0, MOVED_GPA, PAGE, page);
	PEEK_UNBACKED(vcpu, SLOT1_GPA);
	EXPECT_EQ(0x2222222222222222ULL, peek(vcpu, MOVED_GPA));

	/* Delete. */
	hvxt_set_memory(vm, 1, 0, MOVED_GPA, 0, NULL);
	PEEK_UNBACKED(vcpu, MOVED_GPA);

	/* Create again, other memory at the first gpa. */
	hvxt_set_memory(vm, 1, 0, SLOT1_GPA, PAGE, other);
	EXPECT_EQ(0x3333333333333333ULL, peek(vcpu, SLOT1_GPA));
	PEEK_UNBACKED(vcpu, MOVED_GPA);

	/* Slot 0 was never disturbed. */
	*(uint64_t *)hvxt_gpa_ptr(vm, HVXT_DATA_GPA, 8) = 0x4444;
	EXPECT_EQ(0x4444, peek(vcpu, HVXT_DATA_GPA));
}

TEST(slot_change_backing_memory)
{
	struct hvxt_vcpu *vcpu = peek_vm();
	uint64_t *a = magic_page(0xaaaa), *b = magic_page(0xbbbb);

	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, PAGE, a);
	EXPECT_EQ(0xaaaa, peek(vcpu, SLOT1_GPA));
	/* Same slot and gpa, other host memory: the old mapping is gone. */
	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, PAGE, b);
	EXPECT_EQ(0xbbbb, peek(vcpu, SLOT1_GPA));
}

TEST(slot_resize)
{
	struct hvxt_vcpu *vcpu = peek_vm();
	uint64_t *mem = hvxt_alloc(4 * PAGE);

	mem[0] = 0x10;
	mem[3 * PAGE / 8] = 0x13;
	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, 4 * PAGE, mem);
	EXPECT_EQ(0x13, peek(vcpu, SLOT1_GPA + 3 * PAGE));
	/* Shrink to one page: the tail is gone, the head stays. */
	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, PAGE, mem);
	EXPECT_EQ(0x10, peek(vcpu, SLOT1_GPA));
	PEEK_UNBACKED(vcpu, SLOT1_GPA + 3 * PAGE);
}

TEST(guest_writes_reach_host)
{
	struct hvxt_vcpu *vcpu = peek_vm();
	uint64_t *page = magic_page(0);
	struct hvx_regs r;

	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, PAGE, page);
	hvxt_get_regs(vcpu, &r);
	r.rbx = SLOT1_GPA + 0x808;
	r.rdi = 0x0123456789abcdefULL;
	hvxt_set_regs(vcpu, &r);
	EXPECT_EQ(0x0123456789abcdefULL, HVXT_RUN_UNTIL_REPORT(vcpu));
	EXPECT_EQ(0x0123456789abcdefULL, page[0x808 / 8]);
	EXPECT_EQ(0, page[0]);
}

TEST(many_slots)
{
	struct hvxt_vcpu *vcpu = peek_vm();
	int nr = hvx_check_extension(vcpu->vm->sys_fd, HVX_CAP_NR_MEMSLOTS);
	uint64_t *mem;
	int i;

	ASSERT_GT(nr, 1);
	mem = hvxt_alloc((nr - 1) * PAGE);
	/* Slots 1..nr-1, one page each, 64 KiB apart, from 4 MiB. */
	for (i = 1; i < nr; i++) {
		mem[(i - 1) * PAGE / 8] = 0x5100 + i;
		hvxt_set_memory(vcpu->vm, i, 0, SLOT1_GPA + (i - 1) * 0x10000,
				PAGE, (uint8_t *)mem + (i - 1) * PAGE);
	}
	for (i = nr - 1; i >= 1; i--)
		ASSERT_EQ(0x5100 + i, peek(vcpu, SLOT1_GPA + (i - 1) * 0x10000));
	PEEK_UNBACKED(vcpu, SLOT1_GPA + PAGE);
}

/* ------------------------------------------------------------------ */
/* Read-only slots */

TEST(readonly_slot)
{
	struct hvxt_vcpu *vcpu = peek_vm();
	uint64_t *page = magic_page(0x0badf00d);
	struct hvx_regs r;

	HVXT_REQUIRE_CAP(vcpu->vm->sys_fd, HVX_CAP_READONLY_MEM);
	hvxt_set_memory(vcpu->vm, 2, HVX_MEM_READONLY, RO_GPA, PAGE, page);
	EXPECT_EQ(0x0badf00d, peek(vcpu, RO_GPA));

	/* A store exits at the store and changes nothing. */
	hvxt_get_regs(vcpu, &r);
	r.rbx = RO_GPA;
	r.rdi = 0x5555;
	hvxt_set_regs(vcpu, &r);
	hvxt_run(vcpu);
	HVXT_ASSERT_UNBACKED(vcpu, RO_GPA, true);
	if (vcpu->run->exit_reason == HVX_EXIT_MMIO) {
		/* Decoded: the store's data, RIP past it. */
		EXPECT_EQ(8, vcpu->run->mmio.len);
		EXPECT_EQ(0x5555, *(uint64_t *)vcpu->run->mmio.data);
		EXPECT_EQ(HVXT_CODE_ADDR(peek_start, peek_load),
			  hvxt_get_rip(vcpu));
	} else {
		EXPECT_EQ(HVXT_CODE_ADDR(peek_start, peek_store),
			  hvxt_get_rip(vcpu));
	}
	EXPECT_EQ(0x0badf00d, page[0]);

	/* The VMM drops the store: the read still sees the old value. */
	hvxt_set_rip(vcpu, HVXT_CODE_ADDR(peek_start, peek_load));
	EXPECT_EQ(0x0badf00d, HVXT_RUN_UNTIL_REPORT(vcpu));
	EXPECT_EQ(0x0badf00d, peek(vcpu, RO_GPA));
}

/* The same memory in a writable and a read-only slot at once. */
TEST(readonly_alias_of_writable)
{
	struct hvxt_vcpu *vcpu = peek_vm();
	uint64_t *page = magic_page(1);
	struct hvx_regs r;

	HVXT_REQUIRE_CAP(vcpu->vm->sys_fd, HVX_CAP_READONLY_MEM);
	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, PAGE, page);
	hvxt_set_memory(vcpu->vm, 2, HVX_MEM_READONLY, RO_GPA, PAGE, page);
	EXPECT_EQ(1, peek(vcpu, RO_GPA));

	/* Written through the writable alias, seen through the other. */
	hvxt_get_regs(vcpu, &r);
	r.rbx = SLOT1_GPA;
	r.rdi = 0x77;
	hvxt_set_regs(vcpu, &r);
	EXPECT_EQ(0x77, HVXT_RUN_UNTIL_REPORT(vcpu));
	EXPECT_EQ(0x77, peek(vcpu, RO_GPA));

	hvxt_get_regs(vcpu, &r);
	r.rbx = RO_GPA;
	r.rdi = 0x88;
	hvxt_set_regs(vcpu, &r);
	hvxt_run(vcpu);
	HVXT_ASSERT_UNBACKED(vcpu, RO_GPA, true);
	EXPECT_EQ(0x77, page[0]);
}

/* ------------------------------------------------------------------ */
/* The host changing the memory behind a slot (MMU notifier) */

TEST(host_discards_page)
{
	struct hvxt_vcpu *vcpu = peek_vm();
	uint64_t *page = magic_page(0xfeed);

	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, PAGE, page);
	EXPECT_EQ(0xfeed, peek(vcpu, SLOT1_GPA));
	/* Private anonymous memory reads as zeroes after MADV_DONTNEED. */
	ASSERT_EQ(0, madvise(page, PAGE, MADV_DONTNEED));
	EXPECT_EQ(0, peek(vcpu, SLOT1_GPA));
	page[0] = 0xbeef;
	EXPECT_EQ(0xbeef, peek(vcpu, SLOT1_GPA));
}

TEST(host_remaps_page)
{
	struct hvxt_vcpu *vcpu = peek_vm();
	uint64_t *page = magic_page(0xf00d);
	void *p;

	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, PAGE, page);
	EXPECT_EQ(0xf00d, peek(vcpu, SLOT1_GPA));
	/* New memory at the same host address. */
	p = mmap(page, PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	ASSERT_EQ((void *)page, p);
	page[0] = 0xd00f;
	EXPECT_EQ(0xd00f, peek(vcpu, SLOT1_GPA));
}

/* Host memory unmapped behind the slot: HVX_RUN fails, the host lives. */
TEST(host_unmaps_slot_memory)
{
	struct hvxt_vcpu *vcpu = peek_vm();
	uint64_t *page = magic_page(0xabc);
	uint64_t *fresh = magic_page(0xdef);

	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, PAGE, page);
	EXPECT_EQ(0xabc, peek(vcpu, SLOT1_GPA));
	ASSERT_EQ(0, munmap(page, PAGE));
	HVXT_SET_REG(vcpu, rbx, SLOT1_GPA);
	ASSERT_ERRNO(EFAULT, hvxt_run_raw(vcpu));
	/* The VMM fixes the slot and the vCPU goes on. */
	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, PAGE, fresh);
	EXPECT_EQ(0xdef, peek(vcpu, SLOT1_GPA));
}

/* ------------------------------------------------------------------ */
/* Rejected regions change nothing */

/* A VM whose slot 1 holds 0x5151 at SLOT1_GPA, which the guest reads. */
static struct hvxt_vcpu *slot1_vm(uint64_t **page)
{
	struct hvxt_vcpu *vcpu = peek_vm();

	*page = magic_page(0x5151);
	hvxt_set_memory(vcpu->vm, 1, 0, SLOT1_GPA, PAGE, *page);
	return vcpu;
}

/* After a rejected call: slot 1 still there, nothing new at @gpa. */
#define CHECK_UNCHANGED(vcpu, gpa) do {					\
	EXPECT_EQ(0x5151, peek(vcpu, SLOT1_GPA));			\
	if ((gpa) != SLOT1_GPA)						\
		PEEK_UNBACKED(vcpu, gpa);				\
} while (0)

static struct hvx_memory_region region(uint32_t slot, uint32_t flags,
				       uint64_t gpa, uint64_t size,
				       const void *hva)
{
	return (struct hvx_memory_region) {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.memory_size = size, .userspace_addr = (uintptr_t)hva,
	};
}

TEST(region_bad_slot_index)
{
	uint64_t *page, *other = magic_page(9);
	struct hvxt_vcpu *vcpu = slot1_vm(&page);
	int nr = hvx_check_extension(vcpu->vm->sys_fd, HVX_CAP_NR_MEMSLOTS);
	struct hvx_memory_region r = region(nr, 0, MOVED_GPA, PAGE, other);

	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r.slot = 0xffffffff;
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r.slot = nr;
	r.memory_size = 0;
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	CHECK_UNCHANGED(vcpu, MOVED_GPA);
}

TEST(region_bad_flags)
{
	uint64_t *page;
	struct hvxt_vcpu *vcpu = slot1_vm(&page);
	struct hvx_memory_region r = region(1, 1U << 7, MOVED_GPA, PAGE, page);

	/* A move of slot 1 with an unknown flag: no move. */
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r.flags = 0x80000000;
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r.flags = HVX_MEM_READONLY | (1U << 15);
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	CHECK_UNCHANGED(vcpu, MOVED_GPA);
}

TEST(region_reserved_nonzero)
{
	uint64_t *page;
	struct hvxt_vcpu *vcpu = slot1_vm(&page);
	struct hvx_memory_region r = region(1, 0, MOVED_GPA, PAGE, page);

	r.reserved[0] = 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r.reserved[0] = 0;
	r.reserved[1] = 1ULL << 63;
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	/* Not even a delete goes through with reserved bits set. */
	r = region(1, 0, SLOT1_GPA, 0, NULL);
	r.reserved[1] = 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	CHECK_UNCHANGED(vcpu, MOVED_GPA);
}

TEST(region_misaligned)
{
	uint64_t *page;
	struct hvxt_vcpu *vcpu = slot1_vm(&page);
	uint8_t *mem = hvxt_alloc(2 * PAGE);
	struct hvx_memory_region r;

	r = region(1, 0, MOVED_GPA + 8, PAGE, page);
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r = region(1, 0, MOVED_GPA, PAGE + 512, page);
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r = region(1, 0, MOVED_GPA, PAGE, mem + 16);
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r = region(2, 0, MOVED_GPA, 1, mem);
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	CHECK_UNCHANGED(vcpu, MOVED_GPA);
}

TEST(region_gpa_out_of_range)
{
	uint64_t *page;
	struct hvxt_vcpu *vcpu = slot1_vm(&page);
	struct hvx_memory_region r;

	/* gpa + size wraps around. */
	r = region(2, 0, 0xfffffffffffff000ULL, 2 * PAGE, page);
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	/* Past 4-level EPT's 48 bits. */
	r = region(2, 0, 1ULL << 48, PAGE, page);
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r = region(2, 0, (1ULL << 48) - PAGE, 2 * PAGE, page);
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	/* The last page below 2^48 is fine. */
	r = region(2, 0, (1ULL << 48) - PAGE, PAGE, page);
	ASSERT_EQ(0, hvxt_raw_set_region(vcpu->vm->fd, &r));
	CHECK_UNCHANGED(vcpu, SLOT1_GPA);
}

TEST(region_overlap)
{
	uint64_t *page, *other = magic_page(7);
	struct hvxt_vcpu *vcpu = slot1_vm(&page);
	uint8_t *big = hvxt_alloc(16 * PAGE);
	struct hvx_memory_region r;

	/* A new slot over slot 1, exactly, partly, or around it. */
	r = region(2, 0, SLOT1_GPA, PAGE, other);
	ASSERT_ERRNO(EEXIST, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r = region(2, 0, SLOT1_GPA - PAGE, 2 * PAGE, big);
	ASSERT_ERRNO(EEXIST, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r = region(2, 0, SLOT1_GPA - 4 * PAGE, 16 * PAGE, big);
	ASSERT_ERRNO(EEXIST, hvxt_raw_set_region(vcpu->vm->fd, &r));
	/* Slot 1 moved onto slot 0's memory. */
	r = region(1, 0, HVXT_DATA_GPA, PAGE, page);
	ASSERT_ERRNO(EEXIST, hvxt_raw_set_region(vcpu->vm->fd, &r));
	/* Adjacent is fine. */
	r = region(2, 0, SLOT1_GPA + PAGE, PAGE, other);
	ASSERT_EQ(0, hvxt_raw_set_region(vcpu->vm->fd, &r));
	EXPECT_EQ(7, peek(vcpu, SLOT1_GPA + PAGE));
	EXPECT_EQ(0x5151, peek(vcpu, SLOT1_GPA));
	/* Slot 0 still holds the guest's code: the guest keeps running. */
}

TEST(region_delete_empty_slot)
{
	uint64_t *page;
	struct hvxt_vcpu *vcpu = slot1_vm(&page);
	struct hvx_memory_region r = region(5, 0, 0, 0, NULL);

	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	/* Deleting twice: the second finds the slot empty. */
	r = region(2, 0, MOVED_GPA, PAGE, page);
	ASSERT_EQ(0, hvxt_raw_set_region(vcpu->vm->fd, &r));
	r.memory_size = 0;
	ASSERT_EQ(0, hvxt_raw_set_region(vcpu->vm->fd, &r));
	ASSERT_ERRNO(EINVAL, hvxt_raw_set_region(vcpu->vm->fd, &r));
	CHECK_UNCHANGED(vcpu, MOVED_GPA);
}

TEST(region_bad_userspace_range)
{
	uint64_t *page;
	struct hvxt_vcpu *vcpu = slot1_vm(&page);
	struct hvx_memory_region r;

	/* Kernel addresses are no guest memory. */
	r = region(2, 0, MOVED_GPA, PAGE, (void *)0xffff888000000000UL);
	ASSERT_ERRNO(EFAULT, hvxt_raw_set_region(vcpu->vm->fd, &r));
	/* Nor is a range running off the top of user space. */
	r = region(2, 0, MOVED_GPA, 0x10000, (void *)0x7ffffffff000UL);
	ASSERT_ERRNO(EFAULT, hvxt_raw_set_region(vcpu->vm->fd, &r));
	CHECK_UNCHANGED(vcpu, MOVED_GPA);
}

TEST(region_bad_pointer)
{
	uint64_t *page;
	struct hvxt_vcpu *vcpu = slot1_vm(&page);

	ASSERT_ERRNO(EFAULT, hvxt_raw_ioctl(vcpu->vm->fd,
					    HVX_SET_USER_MEMORY_REGION, NULL));
	ASSERT_ERRNO(EFAULT, hvxt_raw_ioctl(vcpu->vm->fd,
					    HVX_SET_USER_MEMORY_REGION,
					    (void *)0xffff888000000000UL));
	CHECK_UNCHANGED(vcpu, MOVED_GPA);
}

TEST_HARNESS_MAIN
