// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID as the guest sees it: the supported table by default (with the
 * hvx signature leaf), exactly the table HVX_SET_CPUID gives, the bits
 * that follow guest state, and the table ioctls' bad inputs.
 */
#include <cpuid.h>
#include "hvx_harness.h"

/*
 * The guest runs CPUID for each (leaf, subleaf) pair in a list at
 * QUERY_GPA (count first) and reports EAX, EBX, ECX, EDX of each.
 */
#define QUERY_GPA	HVXT_DATA_GPA
#define MAX_QUERIES	60

struct query_list {
	uint32_t count;
	uint32_t pad;
	struct { uint32_t leaf, subleaf; } q[MAX_QUERIES];
};

HVXT_GUEST_CODE(cpuid_guest,
	".code64\n"
	"	mov $" HVXT_XSTR(QUERY_GPA) ", %rsi\n"
	"	mov (%rsi), %r8d\n"
	"	lea 8(%rsi), %rsi\n"
	"1:	test %r8d, %r8d\n"
	"	jz 2f\n"
	"	mov (%rsi), %eax\n"
	"	mov 4(%rsi), %ecx\n"
	/* Garbage in the upper halves must not matter. */
	"	mov $0xdead000000000000, %rbx\n"
	"	or %rbx, %rax\n"
	"	or %rbx, %rcx\n"
	"	mov %rbx, %rdx\n"
	"	cpuid\n"
	"	mov %rdx, %r9\n"
	"	mov %rcx, %r10\n"
	"	mov %rbx, %r11\n"
	GUEST_REPORT
	"	mov %r11, %rax\n"
	GUEST_REPORT
	"	mov %r10, %rax\n"
	GUEST_REPORT
	"	mov %r9, %rax\n"
	GUEST_REPORT
	"	add $8, %rsi\n"
	"	dec %r8d\n"
	"	jmp 1b\n"
	"2:\n"
	GUEST_DONE
);

struct cpuid_out {
	uint32_t eax, ebx, ecx, edx;
};

static struct hvxt_vcpu *cpuid_vcpu(unsigned int id)
{
	struct hvxt_vm *vm = hvxt_vm_create(HVX_MODE_LONG);

	hvxt_load(vm, HVXT_CODE_GPA, cpuid_guest_start, cpuid_guest_end);
	return hvxt_vcpu_add(vm, id, HVXT_CODE_GPA);
}

/* Run the guest over @n queries; out[i] gets what it saw. */
static void guest_cpuid(struct hvxt_vcpu *vcpu, const uint32_t (*queries)[2],
			unsigned int n, struct cpuid_out *out)
{
	struct query_list *l = hvxt_gpa_ptr(vcpu->vm, QUERY_GPA, sizeof(*l));
	unsigned int i;

	HVXT_CHECK(n <= MAX_QUERIES, "too many queries");
	l->count = n;
	for (i = 0; i < n; i++) {
		l->q[i].leaf = queries[i][0];
		l->q[i].subleaf = queries[i][1];
	}
	/* Each query is four reports: collect them in rounds. */
	for (i = 0; i < n; i++) {
		unsigned int k;
		uint64_t v[4];

		for (k = 0; k < 4; k++) {
			v[k] = HVXT_RUN_UNTIL_REPORT(vcpu);
			HVXT_CHECK(v[k] >> 32 == 0,
				   "CPUID left bits 63:32 set: %#llx",
				   (unsigned long long)v[k]);
		}
		out[i] = (struct cpuid_out) { v[0], v[1], v[2], v[3] };
		vcpu->nr_reports = 0;
	}
	HVXT_RUN_UNTIL_DONE(vcpu);
	hvxt_set_rip(vcpu, HVXT_CODE_GPA);
}

#define EXPECT_CPUID(want_eax, want_ebx, want_ecx, want_edx, got) do {	\
	EXPECT_EQ((uint32_t)(want_eax), (got).eax);			\
	EXPECT_EQ((uint32_t)(want_ebx), (got).ebx);			\
	EXPECT_EQ((uint32_t)(want_ecx), (got).ecx);			\
	EXPECT_EQ((uint32_t)(want_edx), (got).edx);			\
} while (0)

TEST(signature_leaf_by_default)
{
	static const uint32_t q[][2] = { { 0x40000000, 0 } };
	struct hvxt_vcpu *vcpu = cpuid_vcpu(0);
	struct cpuid_out out[1];

	guest_cpuid(vcpu, q, 1, out);
	/* "hvxhvxhvx": max hypervisor leaf, then the signature. */
	EXPECT_CPUID(0x40000000, 0x68787668, 0x76687876, 0x00000078, out[0]);
}

TEST(supported_cpuid_table)
{
	int sys_fd = hvxt_open_sys();
	struct hvx_cpuid *c = hvxt_supported_cpuid(sys_fd);
	bool sig = false, leaf0 = false;
	unsigned int i;

	ASSERT_GT(c->nent, 0);
	ASSERT_LE(c->nent, HVX_MAX_CPUID_ENTRIES);
	EXPECT_EQ(0, c->pad);
	for (i = 0; i < c->nent; i++) {
		struct hvx_cpuid_entry *e = &c->entries[i];

		EXPECT_EQ(0, e->flags & ~HVX_CPUID_FLAG_SIGNIFICANT_INDEX);
		EXPECT_EQ(0, e->reserved);
		if (e->function == 0x40000000) {
			sig = true;
			EXPECT_EQ(0x68787668, e->ebx);
		}
		if (e->function == 0)
			leaf0 = true;
		/* The guest is told it runs on a hypervisor. */
		if (e->function == 1)
			EXPECT_NE(0, e->ecx & (1U << 31));
	}
	EXPECT_TRUE(sig);
	EXPECT_TRUE(leaf0);
	free(c);
}

TEST(supported_cpuid_too_small)
{
	int sys_fd = hvxt_open_sys();
	struct hvx_cpuid *all = hvxt_supported_cpuid(sys_fd);
	struct {
		struct hvx_cpuid hdr;
		struct hvx_cpuid_entry e[HVX_MAX_CPUID_ENTRIES];
	} c;

	memset(&c, 0, sizeof(c));
	c.hdr.nent = all->nent - 1;
	ASSERT_ERRNO(E2BIG, hvxt_raw_ioctl(sys_fd, HVX_GET_SUPPORTED_CPUID, &c));
	c.hdr.nent = 0;
	ASSERT_ERRNO(E2BIG, hvxt_raw_ioctl(sys_fd, HVX_GET_SUPPORTED_CPUID, &c));
	c.hdr.nent = all->nent;
	c.hdr.pad = 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(sys_fd, HVX_GET_SUPPORTED_CPUID, &c));
	c.hdr.pad = 0;
	ASSERT_EQ(0, hvxt_raw_ioctl(sys_fd, HVX_GET_SUPPORTED_CPUID, &c));
	EXPECT_EQ(all->nent, c.hdr.nent);
	EXPECT_EQ(0, memcmp(all->entries, c.e, all->nent * sizeof(c.e[0])));
	free(all);
}

/*
 * A new vCPU's CPUID is the supported table, but for what follows the
 * vCPU: the APIC ID in leaf 1 EBX[31:24] is the vCPU id, OSXSAVE (leaf 1
 * ECX bit 27) follows CR4, leaf 0xd.0 EBX follows XCR0.
 */
TEST(vcpu_starts_with_supported_table)
{
	struct hvxt_vcpu *vcpu = cpuid_vcpu(5);
	struct hvx_cpuid *c = hvxt_supported_cpuid(vcpu->vm->sys_fd);
	uint32_t (*q)[2] = calloc(MAX_QUERIES, sizeof(*q));
	struct cpuid_out out[MAX_QUERIES];
	unsigned int i, n = 0, done = 0;

	while (done < c->nent) {
		for (n = 0; n < MAX_QUERIES && done + n < c->nent; n++) {
			q[n][0] = c->entries[done + n].function;
			q[n][1] = c->entries[done + n].index;
		}
		guest_cpuid(vcpu, (const uint32_t (*)[2])q, n, out);
		for (i = 0; i < n; i++) {
			struct hvx_cpuid_entry *e = &c->entries[done + i];
			uint32_t ebx = e->ebx, ecx = e->ecx;

			if (e->function == 1) {
				ebx = (ebx & 0x00ffffff) | (5U << 24);
				ecx &= ~(1U << 27);	/* CR4.OSXSAVE is 0 */
			}
			if (e->function == 0xd && e->index == 0)
				ebx = out[i].ebx;	/* checked elsewhere */
			if (e->eax != out[i].eax || ebx != out[i].ebx ||
			    ecx != out[i].ecx || e->edx != out[i].edx)
				hvxt_log("leaf %#x.%u differs", e->function,
					 e->index);
			EXPECT_CPUID(e->eax, ebx, ecx, e->edx, out[i]);
		}
		done += n;
	}
	free(q);
	free(c);
}

TEST(set_cpuid_exact)
{
	static const struct hvx_cpuid_entry table[] = {
		{ .function = 0, .eax = 0xd, .ebx = 0x11111111,
		  .ecx = 0x22222222, .edx = 0x33333333 },
		{ .function = 4, .index = 0,
		  .flags = HVX_CPUID_FLAG_SIGNIFICANT_INDEX,
		  .eax = 0x40, .ebx = 0x41, .ecx = 0x42, .edx = 0x43 },
		{ .function = 4, .index = 1,
		  .flags = HVX_CPUID_FLAG_SIGNIFICANT_INDEX,
		  .eax = 0x50, .ebx = 0x51, .ecx = 0x52, .edx = 0x53 },
		{ .function = 0x40000000, .eax = 0x40000001,
		  .ebx = 0xaaaaaaaa, .ecx = 0xbbbbbbbb, .edx = 0xcccccccc },
		{ .function = 0x80000000, .eax = 0x80000001 },
		{ .function = 0x80000001, .ecx = 0x1, .edx = 0x20000000 },
		{ .function = 0x7fffffff, .eax = 0xffffffff, .ebx = 0xfffffffe,
		  .ecx = 0xfffffffd, .edx = 0xfffffffc },
	};
	static const uint32_t q[][2] = {
		{ 0, 0 },
		{ 0, 7 },		/* index not significant: same answer */
		{ 4, 0 },
		{ 4, 1 },
		{ 4, 2 },		/* no such subleaf: zeroes */
		{ 0x40000000, 0 },
		{ 0x80000000, 0 },
		{ 0x80000001, 0 },
		{ 0x7fffffff, 3 },
		{ 2, 0 },		/* not in the table: zeroes */
		{ 0x40000001, 0 },
	};
	struct hvxt_vcpu *vcpu = cpuid_vcpu(0);
	struct cpuid_out out[ARRAY_SIZE(q)];

	hvxt_set_cpuid(vcpu, table, ARRAY_SIZE(table));
	guest_cpuid(vcpu, q, ARRAY_SIZE(q), out);
	EXPECT_CPUID(0xd, 0x11111111, 0x22222222, 0x33333333, out[0]);
	EXPECT_CPUID(0xd, 0x11111111, 0x22222222, 0x33333333, out[1]);
	EXPECT_CPUID(0x40, 0x41, 0x42, 0x43, out[2]);
	EXPECT_CPUID(0x50, 0x51, 0x52, 0x53, out[3]);
	EXPECT_CPUID(0, 0, 0, 0, out[4]);
	EXPECT_CPUID(0x40000001, 0xaaaaaaaa, 0xbbbbbbbb, 0xcccccccc, out[5]);
	EXPECT_CPUID(0x80000001, 0, 0, 0, out[6]);
	EXPECT_CPUID(0, 0, 1, 0x20000000, out[7]);
	EXPECT_CPUID(0xffffffff, 0xfffffffe, 0xfffffffd, 0xfffffffc, out[8]);
	EXPECT_CPUID(0, 0, 0, 0, out[9]);
	EXPECT_CPUID(0, 0, 0, 0, out[10]);
}

/* Replaced, not merged: a second SET_CPUID forgets the first table. */
TEST(set_cpuid_replaces)
{
	static const struct hvx_cpuid_entry first[] = {
		{ .function = 0x40000000, .eax = 1, .ebx = 2, .ecx = 3, .edx = 4 },
		{ .function = 0x40000001, .eax = 5 },
	};
	static const struct hvx_cpuid_entry second[] = {
		{ .function = 0x40000001, .eax = 6 },
	};
	static const uint32_t q[][2] = { { 0x40000000, 0 }, { 0x40000001, 0 } };
	struct hvxt_vcpu *vcpu = cpuid_vcpu(0);
	struct cpuid_out out[2];

	hvxt_set_cpuid(vcpu, first, ARRAY_SIZE(first));
	guest_cpuid(vcpu, q, 2, out);
	EXPECT_CPUID(1, 2, 3, 4, out[0]);
	EXPECT_CPUID(5, 0, 0, 0, out[1]);
	hvxt_set_cpuid(vcpu, second, ARRAY_SIZE(second));
	guest_cpuid(vcpu, q, 2, out);
	EXPECT_CPUID(0, 0, 0, 0, out[0]);
	EXPECT_CPUID(6, 0, 0, 0, out[1]);
	/* An empty table: every leaf reads as zeroes. */
	hvxt_set_cpuid(vcpu, NULL, 0);
	guest_cpuid(vcpu, q, 2, out);
	EXPECT_CPUID(0, 0, 0, 0, out[1]);
}

/* Each vCPU has its own table. */
TEST(set_cpuid_per_vcpu)
{
	static const struct hvx_cpuid_entry mine[] = {
		{ .function = 0x40000000, .eax = 0x77 },
	};
	static const uint32_t q[][2] = { { 0x40000000, 0 } };
	struct hvxt_vcpu *a = cpuid_vcpu(0);
	struct hvxt_vcpu *b = hvxt_vcpu_add(a->vm, 1, HVXT_CODE_GPA);
	struct cpuid_out out[1];

	hvxt_set_cpuid(a, mine, 1);
	guest_cpuid(b, q, 1, out);
	EXPECT_CPUID(0x40000000, 0x68787668, 0x76687876, 0x78, out[0]);
	guest_cpuid(a, q, 1, out);
	EXPECT_CPUID(0x77, 0, 0, 0, out[0]);
}

/* OSXSAVE in leaf 1 ECX reads as CR4.OSXSAVE, whatever the table says. */
TEST(osxsave_follows_cr4)
{
	static const struct hvx_cpuid_entry table[] = {
		{ .function = 1, .eax = 0x306d4, .ecx = (1U << 27) | (1U << 26) },
	};
	static const uint32_t q[][2] = { { 1, 0 } };
	struct hvxt_vcpu *vcpu = cpuid_vcpu(0);
	struct cpuid_out out[1];
	struct hvx_sregs s;

	hvxt_set_cpuid(vcpu, table, 1);
	guest_cpuid(vcpu, q, 1, out);
	EXPECT_CPUID(0x306d4, 0, 1U << 26, 0, out[0]);

	hvxt_get_sregs(vcpu, &s);
	s.cr4 |= 1U << 18;	/* OSXSAVE */
	hvxt_set_sregs(vcpu, &s);
	guest_cpuid(vcpu, q, 1, out);
	EXPECT_CPUID(0x306d4, 0, (1U << 27) | (1U << 26), 0, out[0]);
}

TEST(set_cpuid_bad_input)
{
	static const struct hvx_cpuid_entry good[] = {
		{ .function = 0x40000000, .eax = 0x1234 },
	};
	static const uint32_t q[][2] = { { 0x40000000, 0 } };
	struct hvxt_vcpu *vcpu = cpuid_vcpu(0);
	struct {
		struct hvx_cpuid hdr;
		struct hvx_cpuid_entry e[HVX_MAX_CPUID_ENTRIES + 1];
	} c;
	struct cpuid_out out[1];

	hvxt_set_cpuid(vcpu, good, 1);

	memset(&c, 0, sizeof(c));
	c.hdr.nent = 1;
	c.e[0] = (struct hvx_cpuid_entry) { .function = 0x40000000,
					    .eax = 0x9999, .flags = 2 };
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_CPUID, &c));
	c.e[0].flags = 0;
	c.e[0].reserved = 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_CPUID, &c));
	c.e[0].reserved = 0;
	c.hdr.pad = 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_CPUID, &c));
	c.hdr.pad = 0;
	c.hdr.nent = HVX_MAX_CPUID_ENTRIES + 1;
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_CPUID, &c));
	/* A bad entry after good ones: nothing of it is taken. */
	c.hdr.nent = 2;
	c.e[1] = (struct hvx_cpuid_entry) { .function = 5, .flags = 0x80 };
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_CPUID, &c));
	ASSERT_ERRNO(EFAULT, hvxt_raw_ioctl(vcpu->fd, HVX_SET_CPUID, NULL));

	guest_cpuid(vcpu, q, 1, out);
	EXPECT_CPUID(0x1234, 0, 0, 0, out[0]);
}

/* The same when the guest sets CR4.OSXSAVE itself (no exit for that). */
HVXT_GUEST_CODE(osx_guest,
	".code64\n"
	"	mov %cr4, %rax\n"
	"	or $0x40000, %rax\n"
	"	mov %rax, %cr4\n"
	"	mov $1, %eax\n"
	"	xor %ecx, %ecx\n"
	"	cpuid\n"
	"	mov %ecx, %eax\n"
	GUEST_REPORT
	GUEST_DONE
);

TEST(osxsave_follows_guest_cr4_write)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   osx_guest_start,
						   osx_guest_end,
						   osx_guest_start);
	uint32_t eax, ebx, ecx, edx;

	__cpuid(1, eax, ebx, ecx, edx);
	HVXT_REQUIRE(ecx & (1U << 26), "no XSAVE on this CPU");
	(void)eax; (void)ebx; (void)edx;
	HVXT_RUN_UNTIL_DONE(vcpu);
	ASSERT_EQ(1, vcpu->nr_reports);
	EXPECT_NE(0, vcpu->reports[0] & (1U << 27));
}

TEST_HARNESS_MAIN
