// SPDX-License-Identifier: GPL-2.0
/*
 * The VM-entry guest-state checks (kmod/x86/entry_checks.c): a valid
 * 64-bit and a valid real-mode state pass, and each broken field is named.
 */
#include <string.h>
#include "entry_checks.h"
#include "vmcs_fields.h"
#include "vmx_caps.h"
#include "kselftest_harness.h"

/* CR0/CR4 fixed bits as a typical CPU reports them. */
#define FIXED0_CR0	0x80000021ULL
#define FIXED1_CR0	0xffffffffULL
#define FIXED0_CR4	0x2000ULL
#define FIXED1_CR4	0x3767ffULL

static struct vmx_segment_state seg(uint16_t sel, uint32_t ar)
{
	return (struct vmx_segment_state) {
		.sel = sel, .limit = 0xffffffff, .ar = ar,
	};
}

static struct vmx_guest_state long_mode_state(void)
{
	struct vmx_guest_state gs = {
		.cr0 = 0x80050033, .cr4 = 0x2620, .efer = 0x500, .dr7 = 0x400,
		.rflags = 2, .rip = 0x401000, .link_pointer = ~0ULL,
		.gdtr_limit = 0x2f, .idtr_limit = 0xfff,
		.entry_ctls = ENTRY_IA32E_MODE | ENTRY_LOAD_EFER,
		.proc2_ctls = CPU2_EPT | CPU2_UNRESTRICTED_GUEST,
		.cr0_fixed0 = FIXED0_CR0, .cr0_fixed1 = FIXED1_CR0,
		.cr4_fixed0 = FIXED0_CR4, .cr4_fixed1 = FIXED1_CR4,
	};
	int i;

	for (i = 0; i < VMX_NR_SEGS; i++)
		gs.seg[i] = seg(0x10, 0xc093);
	gs.seg[VMX_SEG_CS] = seg(0x08, 0xa09b);
	gs.seg[VMX_SEG_TR] = (struct vmx_segment_state) {
		.sel = 0x20, .limit = 0x67, .ar = 0x8b };
	gs.seg[VMX_SEG_LDTR] = (struct vmx_segment_state) {
		.ar = VMX_AR_UNUSABLE };
	return gs;
}

static struct vmx_guest_state real_mode_state(void)
{
	struct vmx_guest_state gs = long_mode_state();
	int i;

	gs.cr0 = 0x30;
	gs.cr4 = 0x2000;
	gs.efer = 0;
	gs.entry_ctls = ENTRY_LOAD_EFER;
	gs.rip = 0xfff0;
	for (i = 0; i < VMX_NR_SEGS; i++)
		gs.seg[i] = (struct vmx_segment_state) {
			.limit = 0xffff, .ar = 0x93 };
	gs.seg[VMX_SEG_CS].ar = 0x9b;
	gs.seg[VMX_SEG_LDTR].ar = 0x82;
	gs.seg[VMX_SEG_TR].ar = 0x8b;
	return gs;
}

static const char *problem(const struct vmx_guest_state *gs)
{
	static char buf[VMX_EXPLANATION_LEN];

	if (!vmx_guest_state_problem(gs, buf, sizeof(buf)))
		return "";
	return buf;
}

TEST(valid_states_pass)
{
	struct vmx_guest_state lm = long_mode_state(), rm = real_mode_state();

	ASSERT_STREQ("", problem(&lm));
	ASSERT_STREQ("", problem(&rm));
}

TEST(cs_type_is_named)
{
	struct vmx_guest_state gs = long_mode_state();

	gs.seg[VMX_SEG_CS].ar = (gs.seg[VMX_SEG_CS].ar & ~0xfU) | 1;
	ASSERT_STREQ("CS type 1 is not an accessed code segment (9, 11, 13 or 15)",
		     problem(&gs));
}

TEST(long_mode_without_paging)
{
	struct vmx_guest_state gs = long_mode_state();

	gs.cr0 &= ~0x80000000ULL;
	ASSERT_STREQ("64-bit (IA-32e) guest with CR0.PG clear", problem(&gs));
}

TEST(paging_without_protection)
{
	struct vmx_guest_state gs = long_mode_state();

	gs.cr0 &= ~1ULL;
	ASSERT_STREQ("CR0.PG is set but CR0.PE is clear", problem(&gs));
}

TEST(efer_lma_mismatch)
{
	struct vmx_guest_state gs = long_mode_state();

	gs.efer = 0x100;
	ASSERT_STREQ("EFER.LMA disagrees with the IA-32e mode guest control",
		     problem(&gs));
}

TEST(tr_must_be_busy_tss)
{
	struct vmx_guest_state gs = long_mode_state();

	gs.seg[VMX_SEG_TR].ar = 0x89;
	ASSERT_STREQ("TR type 9 is not a busy TSS (11, or 3 outside 64-bit mode)",
		     problem(&gs));
}

TEST(limit_granularity)
{
	struct vmx_guest_state gs = real_mode_state();

	gs.seg[VMX_SEG_DS].limit = 0x1fffff;
	ASSERT_STREQ("DS limit 0x1fffff disagrees with its granularity bit",
		     problem(&gs));
}

TEST(rflags_reserved)
{
	struct vmx_guest_state gs = long_mode_state();

	gs.rflags = 0;
	ASSERT_STREQ("RFLAGS bit 1 must be set", problem(&gs));
	gs.rflags = 2 | (1ULL << 3);
	ASSERT_STREQ("RFLAGS 0xa has reserved bits set", problem(&gs));
}

TEST(rip_outside_long_mode)
{
	struct vmx_guest_state gs = real_mode_state();

	gs.rip = 0x100000000ULL;
	ASSERT_STREQ("RIP 0x100000000 has bits 63:32 set outside 64-bit mode",
		     problem(&gs));
}

TEST(sti_blocking_needs_if)
{
	struct vmx_guest_state gs = long_mode_state();

	gs.interruptibility = GUEST_INTR_STATE_STI;
	ASSERT_STREQ("blocking by STI while RFLAGS.IF is clear", problem(&gs));
}

TEST(failure_text_by_reason)
{
	struct vmx_guest_state gs = long_mode_state();
	char buf[VMX_EXPLANATION_LEN];

	vmx_entry_failure_text(buf, sizeof(buf), 0x80000021, 2, &gs);
	ASSERT_STREQ("a PAE PDPTE has reserved bits set", buf);
	vmx_entry_failure_text(buf, sizeof(buf), 0x80000022, 3, &gs);
	ASSERT_STREQ("loading entry 3 of the MSR-load list failed", buf);
	vmx_entry_failure_text(buf, sizeof(buf), 0x80000021, 0, &gs);
	ASSERT_STREQ("invalid guest state that hvx's checks do not name", buf);
	ASSERT_STREQ("VM entry with invalid host-state fields",
		     vmx_insn_error_text(8));
}

TEST_HARNESS_MAIN
