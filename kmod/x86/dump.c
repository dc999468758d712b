// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the guest state out of the VMCS, for the entry-failure checks
 * and for the VMCS dump a VMM may ask for (HVX_RUN_FLAG_DUMP_VMCS).
 */
#include <linux/printk.h>
#include "entry_checks.h"
#include "vmx.h"

/* Selector, base, limit and access-rights fields advance in step of 2. */
static void read_segment(int i, struct vmx_segment_state *s)
{
	s->sel = vmcs_read(GUEST_ES_SELECTOR + i * 2);
	s->base = vmcs_read(GUEST_ES_BASE + i * 2);
	s->limit = vmcs_read32(GUEST_ES_LIMIT + i * 2);
	s->ar = vmcs_read32(GUEST_ES_AR_BYTES + i * 2);
}

void vmx_read_guest_state(struct vmx_guest_state *gs)
{
	int i;

	gs->cr0 = vmcs_read(GUEST_CR0);
	gs->cr4 = vmcs_read(GUEST_CR4);
	gs->efer = vmcs_read(GUEST_IA32_EFER);
	gs->dr7 = vmcs_read(GUEST_DR7);
	gs->rflags = vmcs_read(GUEST_RFLAGS);
	gs->rip = vmcs_read(GUEST_RIP);
	gs->link_pointer = vmcs_read(VMCS_LINK_POINTER);
	gs->gdtr_base = vmcs_read(GUEST_GDTR_BASE);
	gs->gdtr_limit = vmcs_read32(GUEST_GDTR_LIMIT);
	gs->idtr_base = vmcs_read(GUEST_IDTR_BASE);
	gs->idtr_limit = vmcs_read32(GUEST_IDTR_LIMIT);
	gs->entry_ctls = vmcs_read32(VM_ENTRY_CONTROLS);
	gs->proc2_ctls = vmcs_read32(SECONDARY_VM_EXEC_CONTROL);
	gs->activity = vmcs_read32(GUEST_ACTIVITY_STATE);
	gs->interruptibility = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	gs->cr0_fixed0 = vmx_cr0_fixed0;
	gs->cr0_fixed1 = vmx_cr0_fixed1;
	gs->cr4_fixed0 = vmx_cr4_fixed0;
	gs->cr4_fixed1 = vmx_cr4_fixed1;
	for (i = 0; i < VMX_NR_SEGS; i++)
		read_segment(i, &gs->seg[i]);
}

static const char *const seg_names[VMX_NR_SEGS] = {
	"es", "cs", "ss", "ds", "fs", "gs", "ldtr", "tr"
};

/* Requested by the VMM; rate-limited since a guest can cause entries to fail. */
void vmx_dump_vmcs(struct hvx_vcpu *vcpu)
{
	static DEFINE_RATELIMIT_STATE(rs, 5 * HZ, 1);
	struct vmx_guest_state gs;
	int i;

	if (!__ratelimit(&rs))
		return;
	vmx_read_guest_state(&gs);
	pr_info("hvx: VMCS dump of vCPU %u\n", vcpu->id);
	pr_info("hvx:  rip %#llx rflags %#llx rsp %#lx\n", gs.rip, gs.rflags,
		vmcs_read(GUEST_RSP));
	pr_info("hvx:  cr0 %#llx cr3 %#lx cr4 %#llx efer %#llx dr7 %#llx\n",
		gs.cr0, vmcs_read(GUEST_CR3), gs.cr4, gs.efer, gs.dr7);
	for (i = 0; i < VMX_NR_SEGS; i++)
		pr_info("hvx:  %-4s sel %#06x base %#llx limit %#x ar %#x\n",
			seg_names[i], gs.seg[i].sel, gs.seg[i].base,
			gs.seg[i].limit, gs.seg[i].ar);
	pr_info("hvx:  gdtr %#llx/%#x idtr %#llx/%#x\n", gs.gdtr_base,
		gs.gdtr_limit, gs.idtr_base, gs.idtr_limit);
	pr_info("hvx:  activity %u interruptibility %#x link %#llx\n",
		gs.activity, gs.interruptibility, gs.link_pointer);
	pr_info("hvx:  pin %#x proc %#x proc2 %#x entry %#x exit %#x\n",
		vmcs_read32(PIN_BASED_VM_EXEC_CONTROL),
		vmcs_read32(CPU_BASED_VM_EXEC_CONTROL), gs.proc2_ctls,
		gs.entry_ctls, vmcs_read32(VM_EXIT_CONTROLS));
	pr_info("hvx:  entry intr info %#x exit reason %#x qualification %#lx\n",
		vmcs_read32(VM_ENTRY_INTR_INFO_FIELD),
		vmcs_read32(VM_EXIT_REASON), vmcs_read(EXIT_QUALIFICATION));
}
