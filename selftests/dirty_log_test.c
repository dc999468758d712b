// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty page logging: a slot with HVX_MEM_LOG_DIRTY, a guest writing a
 * known set of its pages (and reading others), and HVX_GET_DIRTY_LOG
 * reporting exactly the written ones, once: then nothing, then the next
 * writes. Pages hvx writes for the guest (INS into guest memory, accessed
 * and dirty flags set by a page walk) are logged too. Every bad argument
 * is refused, and a bitmap that cannot be written (EFAULT) loses nothing.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include "hvx_harness.h"
#include "hvx_devices.h"

#define DL_SLOT		1
#define DL_GPA		0x400000
#define DL_PAGES	100		/* not a multiple of 64 */
#define DL_BITMAP_BYTES	16		/* (100 + 63) / 64 * 8 */
#define PORT		0x500
#define PT_PAGE		30		/* a guest page table in the slot */
#define PT_VA		0x800000	/* mapped through it */

HVXT_GUEST_CODE(dl,
	".code64\n"
	"	mov $" HVXT_XSTR(DL_GPA) ", %edi\n"
	/* 1: write pages 0, 1, 5, 63, 64, 99; read 2, 3, 70 */
	"	movb $1, 0x0(%rdi)\n"
	"	movl $2, 0x1ff0(%rdi)\n"
	"	movq $3, 0x5008(%rdi)\n"
	"	movb $4, 0x3f000(%rdi)\n"
	"	movb $5, 0x40fff(%rdi)\n"
	"	movw $6, 0x63ffe(%rdi)\n"
	"	mov 0x2000(%rdi), %eax\n"
	"	mov 0x3000(%rdi), %eax\n"
	"	mov 0x46000(%rdi), %eax\n"
	"	mov $1, %eax\n"
	GUEST_REPORT
	/* 2: pages 2 (read before), 0 (written before), 50, 99 */
	"	movb $7, 0x2000(%rdi)\n"
	"	movb $8, 0x0(%rdi)\n"
	"	movb $9, 0x32000(%rdi)\n"
	"	movb $10, 0x63000(%rdi)\n"
	"	mov $2, %eax\n"
	GUEST_REPORT
	/* 3: hvx writes for the guest: INSW into page 10, REP INSB 11-12 */
	"	mov $" HVXT_XSTR(PORT) ", %edx\n"
	"	mov $" HVXT_XSTR(DL_GPA) " + 0xa010, %edi\n"
	"	insw\n"
	"	mov $" HVXT_XSTR(DL_GPA) " + 0xbffc, %edi\n"
	"	mov $8, %ecx\n"
	"	rep insb\n"
	"	mov $3, %eax\n"
	GUEST_REPORT
	/* 4: pages 20 and 21 */
	"	mov $" HVXT_XSTR(DL_GPA) ", %edi\n"
	"	movb $1, 0x14000(%rdi)\n"
	"	movb $1, 0x15000(%rdi)\n"
	"	mov $4, %eax\n"
	GUEST_REPORT
	GUEST_DONE
);

static long get_log(struct hvxt_vm *vm, uint32_t slot, void *bitmap,
		    uint64_t size)
{
	struct hvx_dirty_log l = {
		.slot = slot, .bitmap = (uintptr_t)bitmap, .bitmap_size = size,
	};

	return hvxt_raw_ioctl(vm->fd, HVX_GET_DIRTY_LOG, &l);
}

/* The log must name exactly @pages (a list ended by -1). */
static void expect_log(struct __test_metadata *_metadata,
		       struct hvxt_vm *vm, const int *pages, const char *what)
{
	uint64_t got[DL_BITMAP_BYTES / 8], want[DL_BITMAP_BYTES / 8] = { 0 };
	unsigned int i;

	memset(got, 0xa5, sizeof(got));
	ASSERT_EQ(0, get_log(vm, DL_SLOT, got, sizeof(got))) TH_LOG("%s", what);
	for (i = 0; pages[i] >= 0; i++)
		want[pages[i] / 64] |= 1ULL << (pages[i] % 64);
	for (i = 0; i < DL_BITMAP_BYTES / 8; i++) {
		if (got[i] != want[i])
			TH_LOG("%s: word %u is %#llx, expected %#llx", what, i,
			       (unsigned long long)got[i],
			       (unsigned long long)want[i]);
		EXPECT_EQ(want[i], got[i]);
	}
}

static const int none[] = { -1 };

static struct hvxt_vcpu *dl_vm(uint8_t **slot_mem)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, dl_start,
						   dl_end, dl_start);
	uint8_t *mem = hvxt_alloc(DL_PAGES * 4096UL);
	uint64_t *pt = (uint64_t *)(mem + PT_PAGE * 4096);

	hvxt_set_memory(vcpu->vm, DL_SLOT, HVX_MEM_LOG_DIRTY, DL_GPA,
			DL_PAGES * 4096UL, mem);
	/* PT_VA -> a page table in the slot -> the slot's next page */
	*hvxt_identity_pde(vcpu->vm, PT_VA) =
		(DL_GPA + PT_PAGE * 4096) | HVXT_PTE_P | HVXT_PTE_RW;
	pt[0] = (DL_GPA + (PT_PAGE + 1) * 4096) | HVXT_PTE_P | HVXT_PTE_RW;
	*slot_mem = mem;
	return vcpu;
}

TEST(capability)
{
	int sys_fd = hvxt_open_sys();
	struct hvx_vmx_caps caps;
	const char *testbed = getenv("HVX_TESTBED");

	ASSERT_EQ(0, hvx_get_vmx_caps(sys_fd, &caps));
	EXPECT_EQ(caps.features & HVX_VMX_EPT_AD ? 2 : 1,
		  hvx_check_extension(sys_fd, HVX_CAP_DIRTY_LOG));
	/* The testbed's CPU has EPT A/D bits. */
	if (testbed && !strcmp(testbed, "1"))
		EXPECT_EQ(2, hvx_check_extension(sys_fd, HVX_CAP_DIRTY_LOG));
}

TEST(written_pages_exactly)
{
	uint8_t *mem;
	struct hvxt_vcpu *vcpu = dl_vm(&mem);
	struct hvxt_vm *vm = vcpu->vm;
	static const int phase1[] = { 0, 1, 5, 63, 64, 99, -1 };
	static const int phase2[] = { 0, 2, 50, 99, -1 };
	static const int phase3[] = { 10, 11, 12, -1 };
	static const int phase5[] = { PT_PAGE, -1 };
	struct hvx_translation t;
	uint64_t *pt = (uint64_t *)(mem + PT_PAGE * 4096);

	/* Nothing written yet */
	expect_log(_metadata, vm, none, "before running");

	EXPECT_EQ(1, HVXT_RUN_UNTIL_REPORT(vcpu));
	expect_log(_metadata, vm, phase1, "phase 1");
	expect_log(_metadata, vm, none, "phase 1, again");
	EXPECT_EQ(1, mem[0]);
	EXPECT_EQ(6, mem[0x63ffe]);

	EXPECT_EQ(2, HVXT_RUN_UNTIL_REPORT(vcpu));
	expect_log(_metadata, vm, phase2, "phase 2");
	expect_log(_metadata, vm, none, "phase 2, again");

	/* INSW, then REP INSB: hvx writes guest memory itself */
	hvxt_run(vcpu);
	memcpy(HVXT_ASSERT_IO(vcpu, PORT, 2, HVX_EXIT_IO_IN), "\x12\x34", 2);
	hvxt_run(vcpu);
	ASSERT_EQ(HVX_EXIT_IO, vcpu->run->exit_reason);
	ASSERT_EQ(8, vcpu->run->io.count);
	memcpy(hvx_io_data(vcpu->run), "abcdefgh", 8);
	EXPECT_EQ(3, HVXT_RUN_UNTIL_REPORT(vcpu));
	EXPECT_EQ(0, memcmp(mem + 0xa010, "\x12\x34", 2));
	EXPECT_EQ(0, memcmp(mem + 0xbffc, "abcdefgh", 8));
	expect_log(_metadata, vm, phase3, "phase 3 (INS)");
	expect_log(_metadata, vm, none, "phase 3, again");

	EXPECT_EQ(4, HVXT_RUN_UNTIL_REPORT(vcpu));
	HVXT_RUN_UNTIL_DONE(vcpu);

	/* The walker setting A and D in a page table in the slot */
	static const int phase4[] = { 20, 21, -1 };

	expect_log(_metadata, vm, phase4, "phase 4");
	memset(&t, 0, sizeof(t));
	t.linear_address = PT_VA + 0x123;
	t.access = HVX_TRANSLATE_WRITE;
	ASSERT_EQ(0, hvxt_raw_ioctl(vcpu->fd, HVX_TRANSLATE, &t));
	ASSERT_EQ(1, t.valid);
	EXPECT_EQ(DL_GPA + (PT_PAGE + 1) * 4096 + 0x123, t.physical_address);
	EXPECT_EQ(HVXT_PTE_A | HVXT_PTE_D,
		  pt[0] & (HVXT_PTE_A | HVXT_PTE_D));
	expect_log(_metadata, vm, phase5, "A/D set by HVX_TRANSLATE");
	/* Again: the flags are set already, nothing is written. */
	ASSERT_EQ(0, hvxt_raw_ioctl(vcpu->fd, HVX_TRANSLATE, &t));
	expect_log(_metadata, vm, none, "HVX_TRANSLATE again");
}

TEST(bad_arguments_keep_the_bits)
{
	uint8_t *mem;
	struct hvxt_vcpu *vcpu = dl_vm(&mem);
	struct hvxt_vm *vm = vcpu->vm;
	int nr_slots = hvx_check_extension(vm->sys_fd, HVX_CAP_NR_MEMSLOTS);
	static const int written[] = { 0, 1, 5, 63, 64, 99, -1 };
	uint64_t buf[8] __attribute__((aligned(8)));
	uint8_t *bytes = (uint8_t *)buf;
	struct hvx_dirty_log l;
	void *noaccess, *unmapped;
	unsigned int i;

	ASSERT_GT(nr_slots, DL_SLOT);
	EXPECT_EQ(1, HVXT_RUN_UNTIL_REPORT(vcpu));

	/* too small; not 8-byte aligned */
	ASSERT_ERRNO(EINVAL, get_log(vm, DL_SLOT, buf, DL_BITMAP_BYTES - 1));
	ASSERT_ERRNO(EINVAL, get_log(vm, DL_SLOT, buf, 8));
	ASSERT_ERRNO(EINVAL, get_log(vm, DL_SLOT, buf, 0));
	ASSERT_ERRNO(EINVAL, get_log(vm, DL_SLOT, bytes + 4, 32));
	ASSERT_ERRNO(EINVAL, get_log(vm, DL_SLOT, bytes + 1, 32));
	/* a slot without HVX_MEM_LOG_DIRTY; slots out of range; empty */
	ASSERT_ERRNO(EINVAL, get_log(vm, HVXT_MEM_SLOT, buf, sizeof(buf)));
	ASSERT_ERRNO(EINVAL, get_log(vm, nr_slots, buf, sizeof(buf)));
	ASSERT_ERRNO(EINVAL, get_log(vm, 0xffffffff, buf, sizeof(buf)));
	ASSERT_ERRNO(ENXIO, get_log(vm, DL_SLOT + 1, buf, sizeof(buf)));
	/* flags, reserved */
	memset(&l, 0, sizeof(l));
	l.slot = DL_SLOT;
	l.bitmap = (uintptr_t)buf;
	l.bitmap_size = sizeof(buf);
	l.flags = 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vm->fd, HVX_GET_DIRTY_LOG, &l));
	l.flags = 0;
	l.reserved[0] = 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vm->fd, HVX_GET_DIRTY_LOG, &l));
	l.reserved[0] = 0;
	l.reserved[1] = 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vm->fd, HVX_GET_DIRTY_LOG, &l));

	/* a bitmap that faults: EFAULT, and the bits stay */
	noaccess = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	ASSERT_NE(MAP_FAILED, noaccess);
	ASSERT_ERRNO(EFAULT, get_log(vm, DL_SLOT, noaccess, DL_BITMAP_BYTES));
	unmapped = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, unmapped);
	ASSERT_EQ(0, munmap(unmapped, 4096));
	ASSERT_ERRNO(EFAULT, get_log(vm, DL_SLOT, unmapped, DL_BITMAP_BYTES));
	ASSERT_ERRNO(EFAULT, get_log(vm, DL_SLOT, (void *)8, DL_BITMAP_BYTES));
	/* read-only memory is no better */
	ASSERT_EQ(0, mprotect(noaccess, 4096, PROT_READ));
	ASSERT_ERRNO(EFAULT, get_log(vm, DL_SLOT, noaccess, DL_BITMAP_BYTES));

	/* After all that, the writes are still reported, once. */
	expect_log(_metadata, vm, written, "after the failed calls");
	expect_log(_metadata, vm, none, "again");

	/* A bigger bitmap is fine; only the slot's words are written. */
	EXPECT_EQ(2, HVXT_RUN_UNTIL_REPORT(vcpu));
	memset(buf, 0xaa, sizeof(buf));
	ASSERT_EQ(0, get_log(vm, DL_SLOT, buf, sizeof(buf)));
	EXPECT_EQ((1ULL << 0) | (1ULL << 2) | (1ULL << 50), buf[0]);
	EXPECT_EQ(1ULL << (99 - 64), buf[1]);
	for (i = DL_BITMAP_BYTES; i < sizeof(buf); i++)
		EXPECT_EQ(0xaa, bytes[i]) TH_LOG("byte %u", i);
}

/* The flag goes with the slot: dropped, GET is refused; set, it starts clean. */
TEST(flag_follows_the_slot)
{
	uint8_t *mem;
	struct hvxt_vcpu *vcpu = dl_vm(&mem);
	struct hvxt_vm *vm = vcpu->vm;
	uint64_t buf[2];

	EXPECT_EQ(1, HVXT_RUN_UNTIL_REPORT(vcpu));
	hvxt_set_memory(vm, DL_SLOT, 0, DL_GPA, DL_PAGES * 4096UL, mem);
	ASSERT_ERRNO(EINVAL, get_log(vm, DL_SLOT, buf, sizeof(buf)));
	EXPECT_EQ(2, HVXT_RUN_UNTIL_REPORT(vcpu));
	hvxt_set_memory(vm, DL_SLOT, HVX_MEM_LOG_DIRTY, DL_GPA,
			DL_PAGES * 4096UL, mem);
	expect_log(_metadata, vm, none, "logging turned on again");
	/* Deleted: the slot is empty. */
	hvxt_set_memory(vm, DL_SLOT, 0, DL_GPA, 0, mem);
	ASSERT_ERRNO(ENXIO, get_log(vm, DL_SLOT, buf, sizeof(buf)));
}

/* ------------------------------------------------------------------ */

HVXT_GUEST_CODE(dlz,
	".code64\n"
	"	mov $" HVXT_XSTR(DL_GPA) ", %edi\n"
	"	movb $1, 0x7000(%rdi)\n"
	"	movb $1, 0x8000(%rdi)\n"
	"	mov $1, %eax\n"
	GUEST_REPORT
	GUEST_DONE
);

/*
 * The host takes a written page away (MADV_DONTNEED: the MMU notifier
 * drops hvx's mapping) before the log is read: the write is still in it.
 */
TEST(write_survives_host_unmap)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, dlz_start,
						   dlz_end, dlz_start);
	uint8_t *mem = hvxt_alloc(DL_PAGES * 4096UL);
	static const int written[] = { 7, 8, -1 };

	hvxt_set_memory(vcpu->vm, DL_SLOT, HVX_MEM_LOG_DIRTY, DL_GPA,
			DL_PAGES * 4096UL, mem);
	EXPECT_EQ(1, HVXT_RUN_UNTIL_REPORT(vcpu));
	ASSERT_EQ(1, mem[0x7000]);
	ASSERT_EQ(0, madvise(mem + 0x7000, 4096, MADV_DONTNEED));
	ASSERT_EQ(0, mem[0x7000]);
	expect_log(_metadata, vcpu->vm, written, "after MADV_DONTNEED");
	expect_log(_metadata, vcpu->vm, none, "again");
}

/* ------------------------------------------------------------------ */

#define RACE_STOP	0x20000		/* slot 0: the host sets it to stop */
#define RACE_ROUNDS	40
#define RACE_SLOT	2
#define RACE_GPA	0x1000000
#define RACE_PAGES	2048
#define RACE_WORDS	(RACE_PAGES / 64)

/*
 * The guest writes its loop counter into pseudo-random pages of the
 * slot, with a pause of RSI iterations between writes (so that a round
 * sees some pages change and not others), until told to stop.
 */
HVXT_GUEST_CODE(dlr,
	".code64\n"
	"	xor %ecx, %ecx\n"
	"	mov $" HVXT_XSTR(RACE_PAGES) ", %ebx\n"
	"1:	cmpl $0, " HVXT_XSTR(RACE_STOP) "\n"
	"	jne 2f\n"
	"	inc %rcx\n"
	"	imul $0x9e3779b1, %ecx, %eax\n"
	"	shr $8, %eax\n"
	"	xor %edx, %edx\n"
	"	div %ebx\n"
	"	shl $12, %edx\n"
	"	mov %rcx, " HVXT_XSTR(RACE_GPA) "(%rdx)\n"
	"	mov %esi, %eax\n"
	"3:	dec %eax\n"
	"	jnz 3b\n"
	"	jmp 1b\n"
	"2:\n"
	GUEST_DONE
);

static void *race_vcpu_thread(void *arg)
{
	struct hvxt_vcpu *vcpu = arg;

	HVXT_RUN_UNTIL_DONE(vcpu);
	return NULL;
}

static void race_snapshot(const uint8_t *mem, uint64_t *vals)
{
	unsigned int i;

	for (i = 0; i < RACE_PAGES; i++)
		vals[i] = __atomic_load_n((const uint64_t *)(mem + i * 4096UL),
					  __ATOMIC_SEQ_CST);
}

static long race_log(struct hvxt_vm *vm, uint64_t *bits)
{
	return get_log(vm, RACE_SLOT, bits, RACE_WORDS * 8);
}

static bool bit_of(const uint64_t *bits, unsigned int i)
{
	return (bits[i / 64] >> (i % 64)) & 1;
}

/*
 * Harvest while the guest writes, from another thread: every page whose
 * contents changed between two harvests is in that harvest's log or the
 * next one's (a write racing with HVX_GET_DIRTY_LOG is never lost), and
 * every page in a log was written since the harvest before the last.
 */
TEST(no_write_lost_while_running)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, dlr_start,
						   dlr_end, dlr_start);
	uint8_t *mem = hvxt_alloc(RACE_PAGES * 4096UL);
	uint32_t *stop = hvxt_gpa_ptr(vcpu->vm, RACE_STOP, 4);
	static uint64_t vals[RACE_ROUNDS + 2][RACE_PAGES];
	static uint64_t logs[RACE_ROUNDS + 2][RACE_WORDS];
	unsigned int k, i, changed = 0, logged = 0, lost = 0, spurious = 0;
	pthread_t thread;

	hvxt_set_memory(vcpu->vm, RACE_SLOT, HVX_MEM_LOG_DIRTY, RACE_GPA,
			RACE_PAGES * 4096UL, mem);
	HVXT_SET_REG(vcpu, rsi, 10000);
	race_snapshot(mem, vals[0]);
	ASSERT_EQ(0, race_log(vcpu->vm, logs[0]));
	ASSERT_EQ(0, pthread_create(&thread, NULL, race_vcpu_thread, vcpu));
	for (k = 1; k <= RACE_ROUNDS; k++) {
		usleep(10000);
		ASSERT_EQ(0, race_log(vcpu->vm, logs[k]));
		race_snapshot(mem, vals[k]);
	}
	__atomic_store_n(stop, 1, __ATOMIC_SEQ_CST);
	ASSERT_EQ(0, pthread_join(thread, NULL));
	k = RACE_ROUNDS + 1;
	ASSERT_EQ(0, race_log(vcpu->vm, logs[k]));
	race_snapshot(mem, vals[k]);

	for (k = 1; k <= RACE_ROUNDS + 1; k++) {
		for (i = 0; i < RACE_PAGES; i++) {
			bool bit = bit_of(logs[k], i);
			/* the last round has no next log: the guest stopped */
			bool next = k <= RACE_ROUNDS && bit_of(logs[k + 1], i);
			unsigned int before = k >= 2 ? k - 2 : 0;

			logged += bit;
			if (bit && vals[k][i] == vals[before][i]) {
				if (spurious < 10)
					TH_LOG("round %u page %u: in the log, not written (%#llx)",
					       k, i,
					       (unsigned long long)vals[k][i]);
				spurious++;
			}
			if (vals[k][i] == vals[k - 1][i])
				continue;
			changed++;
			if (!bit && !next) {
				if (lost < 10)
					TH_LOG("round %u page %u: %#llx -> %#llx, not in the log",
					       k, i,
					       (unsigned long long)vals[k - 1][i],
					       (unsigned long long)vals[k][i]);
				lost++;
			}
		}
	}
	hvxt_log("%u page changes seen, %u bits logged over %u harvests (of %u pages)",
		 changed, logged, RACE_ROUNDS + 1, RACE_PAGES);
	EXPECT_GT(changed, 0);
	EXPECT_EQ(0, lost);
	EXPECT_EQ(0, spurious);
}
HVXT_TIMEOUT(no_write_lost_while_running, 300);

TEST_HARNESS_MAIN
