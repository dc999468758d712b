// SPDX-License-Identifier: GPL-2.0
/*
 * The guest-state checks of VM entry (Intel SDM vol. 3C, 27.3.1), in the
 * order the SDM lists them, each with the sentence that reports it.
 * Pure C: built into hvx.ko and into the host unit tests.
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#else
#include <stdio.h>
#endif
#include "entry_checks.h"
#include "vmcs_fields.h"
#include "vmx_caps.h"

#define CR0_PE		(1ULL << 0)
#define CR0_PG		(1ULL << 31)
#define CR4_PAE		(1ULL << 5)
#define CR4_PCIDE	(1ULL << 17)
#define EFER_LME	(1ULL << 8)
#define EFER_LMA	(1ULL << 10)
#define RFLAGS_FIXED	(1ULL << 1)
#define RFLAGS_IF	(1ULL << 9)
#define RFLAGS_VM	(1ULL << 17)
#define RFLAGS_RESERVED	(~0x3f7fd7ULL)

#define AR_TYPE(ar)	((ar) & 15)
#define AR_S		(1U << 4)
#define AR_DPL(ar)	(((ar) >> 5) & 3)
#define AR_P		(1U << 7)
#define AR_L		(1U << 13)
#define AR_DB		(1U << 14)
#define AR_G		(1U << 15)
#define AR_RESERVED	0xfffe0f00U

static const char *const seg_name[VMX_NR_SEGS] = {
	"ES", "CS", "SS", "DS", "FS", "GS", "LDTR", "TR"
};

struct checker {
	const struct vmx_guest_state *gs;
	char *buf;
	size_t len;
	bool failed;
};

/* Record the first failure only; later checks are then no-ops. */
#define FAIL_IF(c, cond, ...)						\
	do {								\
		if (!(c)->failed && (cond)) {				\
			snprintf((c)->buf, (c)->len, __VA_ARGS__);	\
			(c)->failed = true;				\
		}							\
	} while (0)

static bool canonical(u64 v)
{
	return (u64)(((int64_t)v << 16) >> 16) == v;
}

static bool ia32e(const struct vmx_guest_state *gs)
{
	return gs->entry_ctls & ENTRY_IA32E_MODE;
}

static bool unrestricted(const struct vmx_guest_state *gs)
{
	return gs->proc2_ctls & CPU2_UNRESTRICTED_GUEST;
}

static bool usable(const struct vmx_segment_state *s)
{
	return !(s->ar & VMX_AR_UNUSABLE);
}

static void check_control_regs(struct checker *c)
{
	const struct vmx_guest_state *gs = c->gs;
	u64 fixed0 = gs->cr0_fixed0;

	if (unrestricted(gs))
		fixed0 &= ~(CR0_PE | CR0_PG);
	FAIL_IF(c, (gs->cr0 & fixed0) != fixed0,
		"CR0 %#llx lacks bits VMX requires set (%#llx)",
		(unsigned long long)gs->cr0,
		(unsigned long long)(fixed0 & ~gs->cr0));
	FAIL_IF(c, gs->cr0 & ~gs->cr0_fixed1,
		"CR0 %#llx has bits VMX requires clear",
		(unsigned long long)gs->cr0);
	FAIL_IF(c, (gs->cr0 & CR0_PG) && !(gs->cr0 & CR0_PE),
		"CR0.PG is set but CR0.PE is clear");
	FAIL_IF(c, (gs->cr4 & gs->cr4_fixed0) != gs->cr4_fixed0,
		"CR4 %#llx lacks bits VMX requires set",
		(unsigned long long)gs->cr4);
	FAIL_IF(c, gs->cr4 & ~gs->cr4_fixed1,
		"CR4 %#llx has bits this CPU does not support",
		(unsigned long long)gs->cr4);
	FAIL_IF(c, ia32e(gs) && !(gs->cr0 & CR0_PG),
		"64-bit (IA-32e) guest with CR0.PG clear");
	FAIL_IF(c, ia32e(gs) && !(gs->cr4 & CR4_PAE),
		"64-bit (IA-32e) guest with CR4.PAE clear");
	FAIL_IF(c, !ia32e(gs) && (gs->cr4 & CR4_PCIDE),
		"CR4.PCIDE is set outside 64-bit (IA-32e) mode");
	FAIL_IF(c, gs->dr7 >> 32, "DR7 bits 63:32 are not zero");
	FAIL_IF(c, !!(gs->efer & EFER_LMA) != ia32e(gs),
		"EFER.LMA disagrees with the IA-32e mode guest control");
	FAIL_IF(c, (gs->cr0 & CR0_PG) &&
		!!(gs->efer & EFER_LMA) != !!(gs->efer & EFER_LME),
		"EFER.LME differs from EFER.LMA while paging is on");
}

/* Limit bits 11:0 not all ones need G=0; bits 31:20 not all zero need G=1. */
static bool limit_matches_granularity(const struct vmx_segment_state *s)
{
	if ((s->limit & 0xfff) != 0xfff && (s->ar & AR_G))
		return false;
	if ((s->limit >> 20) && !(s->ar & AR_G))
		return false;
	return true;
}

static void check_common_segment(struct checker *c, int i)
{
	const struct vmx_segment_state *s = &c->gs->seg[i];

	if (!usable(s))
		return;
	FAIL_IF(c, s->ar & AR_RESERVED,
		"%s access rights %#x have reserved bits set", seg_name[i],
		s->ar);
	FAIL_IF(c, !limit_matches_granularity(s),
		"%s limit %#x disagrees with its granularity bit", seg_name[i],
		s->limit);
	FAIL_IF(c, !(s->ar & AR_P), "%s is usable but not present",
		seg_name[i]);
}

static void check_cs_ss(struct checker *c)
{
	const struct vmx_guest_state *gs = c->gs;
	const struct vmx_segment_state *cs = &gs->seg[VMX_SEG_CS];
	const struct vmx_segment_state *ss = &gs->seg[VMX_SEG_SS];
	u32 type = AR_TYPE(cs->ar);

	FAIL_IF(c, !usable(cs), "CS is marked unusable");
	FAIL_IF(c, !(type == 9 || type == 11 || type == 13 || type == 15 ||
		     (type == 3 && unrestricted(gs))),
		"CS type %u is not an accessed code segment (9, 11, 13 or 15)",
		type);
	FAIL_IF(c, !(cs->ar & AR_S), "CS is a system descriptor (S=0)");
	FAIL_IF(c, type == 3 && AR_DPL(cs->ar) != 0,
		"CS is a data segment (type 3) with DPL %u, not 0",
		AR_DPL(cs->ar));
	FAIL_IF(c, (type == 9 || type == 11) && usable(ss) &&
		AR_DPL(cs->ar) != AR_DPL(ss->ar),
		"non-conforming CS DPL %u differs from SS DPL %u",
		AR_DPL(cs->ar), AR_DPL(ss->ar));
	FAIL_IF(c, (type == 13 || type == 15) && usable(ss) &&
		AR_DPL(cs->ar) > AR_DPL(ss->ar),
		"conforming CS DPL %u is above SS DPL %u",
		AR_DPL(cs->ar), AR_DPL(ss->ar));
	FAIL_IF(c, ia32e(gs) && (cs->ar & AR_L) && (cs->ar & AR_DB),
		"CS has both L and D/B set");
	FAIL_IF(c, cs->base >> 32, "CS base bits 63:32 are not zero");
	if (!usable(ss))
		return;
	FAIL_IF(c, AR_TYPE(ss->ar) != 3 && AR_TYPE(ss->ar) != 7,
		"SS type %u is not a read/write accessed data segment (3 or 7)",
		AR_TYPE(ss->ar));
	FAIL_IF(c, !unrestricted(gs) && AR_DPL(ss->ar) != (ss->sel & 3),
		"SS DPL differs from its selector's RPL");
	FAIL_IF(c, (type == 3 || !(gs->cr0 & CR0_PE)) && AR_DPL(ss->ar),
		"SS DPL must be 0 with CS type 3 or CR0.PE clear");
	FAIL_IF(c, ss->base >> 32, "SS base bits 63:32 are not zero");
}

static void check_data_segments(struct checker *c)
{
	static const int data_segs[] = { VMX_SEG_DS, VMX_SEG_ES, VMX_SEG_FS,
					 VMX_SEG_GS };
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(data_segs); k++) {
		int i = data_segs[k];
		const struct vmx_segment_state *s = &c->gs->seg[i];
		u32 type = AR_TYPE(s->ar);

		if (!usable(s))
			continue;
		FAIL_IF(c, !(type & 1), "%s type %u is not accessed",
			seg_name[i], type);
		FAIL_IF(c, (type & 8) && !(type & 2),
			"%s is an execute-only code segment", seg_name[i]);
		FAIL_IF(c, !(s->ar & AR_S), "%s is a system descriptor (S=0)",
			seg_name[i]);
		FAIL_IF(c, i != VMX_SEG_FS && i != VMX_SEG_GS && (s->base >> 32),
			"%s base bits 63:32 are not zero", seg_name[i]);
		FAIL_IF(c, !canonical(s->base), "%s base is not canonical",
			seg_name[i]);
	}
}

static void check_system_segments(struct checker *c)
{
	const struct vmx_guest_state *gs = c->gs;
	const struct vmx_segment_state *tr = &gs->seg[VMX_SEG_TR];
	const struct vmx_segment_state *ldtr = &gs->seg[VMX_SEG_LDTR];
	u32 type = AR_TYPE(tr->ar);

	FAIL_IF(c, tr->sel & 4, "TR selector %#x points into the LDT (TI=1)",
		tr->sel);
	FAIL_IF(c, !usable(tr), "TR is marked unusable");
	FAIL_IF(c, !(type == 11 || (type == 3 && !ia32e(gs))),
		"TR type %u is not a busy TSS (11, or 3 outside 64-bit mode)",
		type);
	FAIL_IF(c, tr->ar & AR_S, "TR is not a system descriptor (S=1)");
	FAIL_IF(c, !canonical(tr->base), "TR base is not canonical");
	if (usable(ldtr)) {
		FAIL_IF(c, ldtr->sel & 4, "LDTR selector has TI set");
		FAIL_IF(c, AR_TYPE(ldtr->ar) != 2, "LDTR type %u is not 2",
			AR_TYPE(ldtr->ar));
		FAIL_IF(c, ldtr->ar & AR_S, "LDTR is not a system descriptor");
		FAIL_IF(c, !canonical(ldtr->base), "LDTR base is not canonical");
	}
	FAIL_IF(c, !canonical(gs->gdtr_base) || !canonical(gs->idtr_base),
		"GDTR or IDTR base is not canonical");
	FAIL_IF(c, (gs->gdtr_limit >> 16) || (gs->idtr_limit >> 16),
		"GDTR or IDTR limit exceeds 16 bits");
}

static void check_rip_rflags(struct checker *c)
{
	const struct vmx_guest_state *gs = c->gs;
	bool long_cs = ia32e(gs) && (gs->seg[VMX_SEG_CS].ar & AR_L);

	FAIL_IF(c, !long_cs && (gs->rip >> 32),
		"RIP %#llx has bits 63:32 set outside 64-bit mode",
		(unsigned long long)gs->rip);
	FAIL_IF(c, long_cs && !canonical(gs->rip),
		"RIP %#llx is not canonical", (unsigned long long)gs->rip);
	FAIL_IF(c, gs->rflags & RFLAGS_RESERVED,
		"RFLAGS %#llx has reserved bits set",
		(unsigned long long)gs->rflags);
	FAIL_IF(c, !(gs->rflags & RFLAGS_FIXED),
		"RFLAGS bit 1 must be set");
	FAIL_IF(c, (gs->rflags & RFLAGS_VM) &&
		(ia32e(gs) || !(gs->cr0 & CR0_PE)),
		"RFLAGS.VM is set in 64-bit mode or real mode");
}

static void check_non_register_state(struct checker *c)
{
	const struct vmx_guest_state *gs = c->gs;
	u32 intr = gs->interruptibility;

	FAIL_IF(c, gs->activity > 3, "activity state %u is not valid",
		gs->activity);
	FAIL_IF(c, gs->activity == 1 && AR_DPL(gs->seg[VMX_SEG_SS].ar),
		"HLT activity state with SS DPL not 0");
	FAIL_IF(c, intr >> 5, "interruptibility state has reserved bits set");
	FAIL_IF(c, (intr & GUEST_INTR_STATE_STI) &&
		(intr & GUEST_INTR_STATE_MOV_SS),
		"blocking by STI and by MOV SS are both set");
	FAIL_IF(c, (intr & GUEST_INTR_STATE_STI) && !(gs->rflags & RFLAGS_IF),
		"blocking by STI while RFLAGS.IF is clear");
	FAIL_IF(c, gs->link_pointer != ~0ULL,
		"VMCS link pointer is not all ones");
}

int vmx_guest_state_problem(const struct vmx_guest_state *gs, char *buf,
			    size_t len)
{
	struct checker c = { .gs = gs, .buf = buf, .len = len };
	int i;

	check_control_regs(&c);
	check_cs_ss(&c);
	check_data_segments(&c);
	check_system_segments(&c);
	for (i = 0; i < VMX_NR_SEGS; i++)
		check_common_segment(&c, i);
	check_rip_rflags(&c);
	check_non_register_state(&c);
	return c.failed;
}

void vmx_entry_failure_text(char *buf, size_t len, u32 reason, u64 qual,
			    const struct vmx_guest_state *gs)
{
	switch (EXIT_REASON_BASIC(reason)) {
	case EXIT_REASON_INVALID_STATE:
		if (qual == ENTRY_FAIL_QUAL_PDPTE)
			snprintf(buf, len, "a PAE PDPTE has reserved bits set");
		else if (qual == ENTRY_FAIL_QUAL_NMI)
			snprintf(buf, len, "NMI injection while NMIs are blocked");
		else if (qual == ENTRY_FAIL_QUAL_LINK)
			snprintf(buf, len, "invalid VMCS link pointer");
		else if (!vmx_guest_state_problem(gs, buf, len))
			snprintf(buf, len,
				 "invalid guest state that hvx's checks do not name");
		break;
	case EXIT_REASON_MSR_LOAD_FAIL:
		snprintf(buf, len, "loading entry %llu of the MSR-load list failed",
			 (unsigned long long)qual);
		break;
	case EXIT_REASON_MCE_DURING_VMENTRY:
		snprintf(buf, len, "machine-check event during VM entry");
		break;
	default:
		snprintf(buf, len, "VM entry failed with exit reason %u",
			 EXIT_REASON_BASIC(reason));
	}
}

const char *vmx_insn_error_text(u32 error)
{
	switch (error) {
	case 3:
		return "VMCLEAR with the VMXON pointer";
	case 4:
		return "VMLAUNCH of a VMCS that is not clear";
	case 5:
		return "VMRESUME of a VMCS that is not launched";
	case 7:
		return "VM entry with invalid control fields";
	case 8:
		return "VM entry with invalid host-state fields";
	case 9:
		return "VMPTRLD with an invalid physical address";
	case 11:
		return "VMPTRLD with a wrong VMCS revision";
	case 12:
		return "VMREAD or VMWRITE of an unsupported VMCS field";
	case 26:
		return "VM entry with events blocked by MOV SS";
	default:
		return "VM instruction failed";
	}
}
