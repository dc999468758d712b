/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Explaining VM-entry failures in words: the hardware only says "invalid
 * guest state", so hvx re-runs the SDM's guest-state checks (vol. 3C,
 * 27.3.1) on a copy of the state to name the first one that fails.
 * No kernel headers: shared with the host unit tests.
 */
#ifndef HVX_ENTRY_CHECKS_H
#define HVX_ENTRY_CHECKS_H

#include "../hvx_types.h"

enum vmx_seg {
	VMX_SEG_ES, VMX_SEG_CS, VMX_SEG_SS, VMX_SEG_DS, VMX_SEG_FS,
	VMX_SEG_GS, VMX_SEG_LDTR, VMX_SEG_TR, VMX_NR_SEGS
};

struct vmx_segment_state {
	u64 base;
	u32 limit;
	u32 ar;
	u16 sel;
};

struct vmx_guest_state {
	u64 cr0, cr4, efer, dr7, rflags, rip;
	u64 link_pointer;
	u64 gdtr_base, idtr_base;
	u32 gdtr_limit, idtr_limit;
	u32 entry_ctls, proc2_ctls;
	u32 activity, interruptibility;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	struct vmx_segment_state seg[VMX_NR_SEGS];
};

#define VMX_EXPLANATION_LEN	96

/* The first guest-state check @gs fails, in words; 0 if none does. */
int vmx_guest_state_problem(const struct vmx_guest_state *gs, char *buf,
			    size_t len);

/* Text for a failed entry's exit @reason and qualification. */
void vmx_entry_failure_text(char *buf, size_t len, u32 reason, u64 qual,
			    const struct vmx_guest_state *gs);

/* Text for a VM-instruction error number (SDM vol. 3C, 31.4). */
const char *vmx_insn_error_text(u32 error);

#endif /* HVX_ENTRY_CHECKS_H */
