// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's FPU/SSE state through HVX_GET_XSAVE and HVX_SET_XSAVE
 * (standard XSAVE layout: legacy area first, XMM0 at byte 160, MXCSR at
 * 24, the header's XSTATE_BV at 512), and the host's own FPU state
 * surviving a guest that changes every register.
 */
#include <sys/syscall.h>
#include "hvx_harness.h"

#define XMM_OFFSET(n)	(160 + 16 * (n))
#define MXCSR_OFFSET	24
#define XSTATE_BV_OFFSET 512
#define XFEATURE_FP	(1ULL << 0)
#define XFEATURE_SSE	(1ULL << 1)

#define IN_GPA		HVXT_DATA_GPA
#define OUT_GPA		(HVXT_DATA_GPA + 0x100)

static uint8_t *xbytes(struct hvx_xsave *x)
{
	return (uint8_t *)x->region;
}

/* Load XMM0 and XMM7 from IN, stop; then store XMM1 and MXCSR to OUT. */
HVXT_GUEST_CODE(xmm_guest,
	".code64\n"
	"	movdqu " HVXT_XSTR(IN_GPA) ", %xmm0\n"
	"	movdqu " HVXT_XSTR(IN_GPA) " + 16, %xmm7\n"
	"	hlt\n"
	"	movdqu %xmm1, " HVXT_XSTR(OUT_GPA) "\n"
	"	stmxcsr " HVXT_XSTR(OUT_GPA) " + 16\n"
	"	movdqu %xmm0, " HVXT_XSTR(OUT_GPA) " + 32\n"
	GUEST_DONE
);

static const uint8_t pattern[32] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
	0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
	0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
	0x78, 0x69, 0x5a, 0x4b, 0x3c, 0x2d, 0x1e, 0x0f,
};

static struct hvxt_vcpu *xmm_vcpu(struct __test_metadata *_metadata)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   xmm_guest_start,
						   xmm_guest_end,
						   xmm_guest_start);

	if (hvx_check_extension(vcpu->vm->sys_fd, HVX_CAP_XSAVE) <
	    (int)sizeof(struct hvx_xsave))
		return NULL;
	memcpy(hvxt_gpa_ptr(vcpu->vm, IN_GPA, 32), pattern, 32);
	(void)_metadata;
	return vcpu;
}

TEST(guest_xmm_seen_by_host)
{
	struct hvxt_vcpu *vcpu = xmm_vcpu(_metadata);
	struct hvx_xsave *x = calloc(1, sizeof(*x));
	uint64_t bv;

	HVXT_REQUIRE(vcpu, "hvx lacks HVX_CAP_XSAVE");
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_get_xsave(vcpu, x);
	EXPECT_EQ(0, memcmp(xbytes(x) + XMM_OFFSET(0), pattern, 16));
	EXPECT_EQ(0, memcmp(xbytes(x) + XMM_OFFSET(7), pattern + 16, 16));
	memcpy(&bv, xbytes(x) + XSTATE_BV_OFFSET, 8);
	EXPECT_NE(0, bv & XFEATURE_SSE);
	free(x);
}

TEST(host_xmm_and_mxcsr_seen_by_guest)
{
	struct hvxt_vcpu *vcpu = xmm_vcpu(_metadata);
	struct hvx_xsave *x = calloc(1, sizeof(*x));
	uint8_t *out;
	uint32_t mxcsr = 0x1f80 | 0x8000 | 0x6000;	/* FTZ, RC=toward 0 */
	uint64_t bv;

	HVXT_REQUIRE(vcpu, "hvx lacks HVX_CAP_XSAVE");
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_get_xsave(vcpu, x);
	memcpy(xbytes(x) + XMM_OFFSET(1), pattern + 8, 16);
	memcpy(xbytes(x) + MXCSR_OFFSET, &mxcsr, 4);
	memcpy(&bv, xbytes(x) + XSTATE_BV_OFFSET, 8);
	bv |= XFEATURE_FP | XFEATURE_SSE;
	memcpy(xbytes(x) + XSTATE_BV_OFFSET, &bv, 8);
	hvxt_set_xsave(vcpu, x);

	HVXT_RUN_UNTIL_DONE(vcpu);
	out = hvxt_gpa_ptr(vcpu->vm, OUT_GPA, 48);
	EXPECT_EQ(0, memcmp(out, pattern + 8, 16));
	EXPECT_EQ(mxcsr, *(uint32_t *)(out + 16));
	/* XMM0, which the host left alone, kept the guest's value. */
	EXPECT_EQ(0, memcmp(out + 32, pattern, 16));
	free(x);
}

TEST(xsave_round_trip)
{
	struct hvxt_vcpu *vcpu = xmm_vcpu(_metadata);
	struct hvx_xsave *a = calloc(1, sizeof(*a));
	struct hvx_xsave *b = calloc(1, sizeof(*b));

	HVXT_REQUIRE(vcpu, "hvx lacks HVX_CAP_XSAVE");
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_get_xsave(vcpu, a);
	hvxt_set_xsave(vcpu, a);
	hvxt_get_xsave(vcpu, b);
	EXPECT_EQ(0, memcmp(a, b, sizeof(*a)));
	free(a);
	free(b);
}

TEST(set_xsave_bad_input)
{
	struct hvxt_vcpu *vcpu = xmm_vcpu(_metadata);
	struct hvx_xsave *good = calloc(1, sizeof(*good));
	struct hvx_xsave *bad = calloc(1, sizeof(*bad));
	struct hvx_xsave *now = calloc(1, sizeof(*now));
	uint32_t mxcsr;
	uint64_t bv;

	HVXT_REQUIRE(vcpu, "hvx lacks HVX_CAP_XSAVE");
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	hvxt_get_xsave(vcpu, good);

	/* A feature hvx does not give guests (bit 63, and PKRU). */
	*bad = *good;
	memcpy(&bv, xbytes(bad) + XSTATE_BV_OFFSET, 8);
	bv |= 1ULL << 62;
	memcpy(xbytes(bad) + XSTATE_BV_OFFSET, &bv, 8);
	memset(xbytes(bad) + XMM_OFFSET(0), 0xee, 16);
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_XSAVE, bad));
	bv = (bv & ~(1ULL << 62)) | (1ULL << 9);
	memcpy(xbytes(bad) + XSTATE_BV_OFFSET, &bv, 8);
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_XSAVE, bad));

	/* MXCSR reserved bits. */
	*bad = *good;
	memcpy(&mxcsr, xbytes(bad) + MXCSR_OFFSET, 4);
	mxcsr |= 1U << 31;
	memcpy(xbytes(bad) + MXCSR_OFFSET, &mxcsr, 4);
	memset(xbytes(bad) + XMM_OFFSET(0), 0xee, 16);
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl(vcpu->fd, HVX_SET_XSAVE, bad));

	ASSERT_ERRNO(EFAULT, hvxt_raw_ioctl(vcpu->fd, HVX_SET_XSAVE, NULL));
	ASSERT_ERRNO(EFAULT, hvxt_raw_ioctl(vcpu->fd, HVX_GET_XSAVE, NULL));

	hvxt_get_xsave(vcpu, now);
	EXPECT_EQ(0, memcmp(good, now, sizeof(*now)));
	free(good);
	free(bad);
	free(now);
}

/* ------------------------------------------------------------------ */
/* The host's FPU state is not the guest's */

HVXT_GUEST_CODE(clobber,
	".code64\n"
	"	pcmpeqd %xmm15, %xmm15\n"	/* all ones */
	"	pcmpeqd %xmm8, %xmm8\n"
	"	mov $0x7f80, %eax\n"
	"	mov %eax, " HVXT_XSTR(OUT_GPA) "\n"
	"	ldmxcsr " HVXT_XSTR(OUT_GPA) "\n"
	"	hlt\n"
);

/* HVX_RUN with XMM15 and XMM8 set, then read back, in one asm block. */
static long run_keeping_xmm(int fd, const uint8_t *in, uint8_t *out)
{
	long ret;

	asm volatile("movdqu (%[in]), %%xmm15\n\t"
		     "movdqu 16(%[in]), %%xmm8\n\t"
		     "syscall\n\t"
		     "movdqu %%xmm15, (%[out])\n\t"
		     "movdqu %%xmm8, 16(%[out])\n\t"
		     : "=a" (ret)
		     : "a" ((long)SYS_ioctl), "D" ((long)fd),
		       "S" ((long)HVX_RUN), "d" (0L),
		       [in] "r" (in), [out] "r" (out)
		     : "rcx", "r11", "memory", "xmm8", "xmm15");
	return ret;
}

TEST(host_fpu_state_survives_guest)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG,
						   clobber_start, clobber_end,
						   clobber_start);
	uint8_t out[32];
	uint32_t mxcsr_before, mxcsr_after;

	asm volatile("stmxcsr %0" : "=m" (mxcsr_before));
	memset(out, 0, sizeof(out));
	ASSERT_EQ(0, run_keeping_xmm(vcpu->fd, pattern, out));
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	asm volatile("stmxcsr %0" : "=m" (mxcsr_after));
	EXPECT_EQ(0, memcmp(out, pattern, 32));
	EXPECT_EQ(mxcsr_before, mxcsr_after);
}

TEST_HARNESS_MAIN
