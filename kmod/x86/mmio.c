// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO: a guest access to guest-physical memory no slot backs, or a write
 * to a read-only slot. The exit names the address only, so hvx fetches
 * the instruction at the guest's RIP through its page tables, decodes it
 * (insn_decode.c), and hands the VMM a store's data or a load's request
 * as HVX_EXIT_MMIO; a load completes into its register on the next
 * HVX_RUN. An instruction hvx cannot decode exits as an internal error
 * carrying its bytes: never a wrong result.
 */
#include "insn_decode.h"
#include "page_walk.h"
#include "vmx.h"

#define VMX_AR_L	(1U << 13)
#define VMX_AR_DB	(1U << 14)

static enum hvx_insn_mode guest_insn_mode(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	u32 cs_ar = vmcs_read32(GUEST_CS_AR_BYTES);

	return hvx_insn_mode_of(a->cr0 & X86_CR0_PE,
				vmcs_read(GUEST_RFLAGS) & X86_EFLAGS_VM,
				a->efer & EFER_LMA, cs_ar & VMX_AR_L, cs_ar & VMX_AR_DB);
}

/* Up to 15 bytes at CS:RIP; fewer where the next page does not translate. */
static size_t fetch_insn(struct hvx_vcpu *vcpu, enum hvx_insn_mode mode,
			 u8 *bytes)
{
	u64 rip = vmcs_read(GUEST_RIP);
	u64 linear = mode == HVX_MODE_64 ? rip :
		     (vmcs_read(GUEST_CS_BASE) + rip) & 0xffffffffULL;
	u32 access = HVX_WALK_FETCH |
		     (vmx_guest_cpl() == 3 ? HVX_WALK_USER : 0);
	size_t first = min_t(size_t, HVX_INSN_MAX_LEN,
			     PAGE_SIZE - (linear & ~PAGE_MASK));
	struct hvx_walk_result res;

	if (vmx_read_guest_virt(vcpu, linear, bytes, first, access, &res))
		return 0;
	if (first < HVX_INSN_MAX_LEN &&
	    !vmx_read_guest_virt(vcpu, linear + first, bytes + first,
				 HVX_INSN_MAX_LEN - first, access, &res))
		return HVX_INSN_MAX_LEN;
	return first;
}

/* data[5..6]: the instruction bytes, data[7]: how many were fetched. */
static int emulation_failure(struct hvx_vcpu *vcpu, int status,
			     const u8 *bytes, size_t n)
{
	struct hvx_run *run;

	vmx_internal_error(vcpu, HVX_INTERNAL_EMULATION,
			   EXIT_REASON_EPT_VIOLATION);
	run = vcpu->run;
	run->internal.ndata = 9;
	memcpy(&run->internal.data[5], bytes, n);
	run->internal.data[7] = n;
	run->internal.data[8] = status;
	return 0;
}

int vmx_handle_mmio(struct hvx_vcpu *vcpu, u64 gpa)
{
	enum hvx_insn_mode mode = guest_insn_mode(vcpu);
	u8 bytes[16] = { 0 };
	struct hvx_insn insn;
	struct hvx_run *run;
	size_t n;
	u64 data = 0;
	int st;

	n = fetch_insn(vcpu, mode, bytes);
	st = hvx_insn_decode(bytes, n, mode, &insn);
	if (st == HVX_INSN_OK && insn.kind != HVX_INSN_LOAD &&
	    insn.kind != HVX_INSN_STORE)
		st = HVX_INSN_UNSUPPORTED;
	if (st != HVX_INSN_OK)
		return emulation_failure(vcpu, st, bytes, n);

	if (insn.kind == HVX_INSN_STORE) {
		data = hvx_insn_store_data(&insn, insn.has_imm ? 0 :
					   vmx_get_reg(vcpu, insn.reg));
		if (hvx_ioeventfd_write(vcpu->vm, false, gpa, insn.size, data)) {
			vmx_advance_rip(vcpu, insn.len);
			return 1;
		}
	}
	vmx_advance_rip(vcpu, insn.len);
	run = vmx_exit_to_user(vcpu, HVX_EXIT_MMIO);
	run->mmio.phys_addr = gpa;
	run->mmio.len = insn.size;
	run->mmio.is_write = insn.kind == HVX_INSN_STORE;
	memcpy(run->mmio.data, &data, sizeof(run->mmio.data));
	if (insn.kind == HVX_INSN_LOAD) {
		vcpu->arch->mmio_insn = insn;
		vcpu->arch->completion = VMX_COMPLETE_MMIO;
	}
	return 0;
}

/* The VMM answered a load: the data goes where the instruction said. */
void vmx_complete_mmio(struct hvx_vcpu *vcpu)
{
	const struct hvx_insn *insn = &vcpu->arch->mmio_insn;
	u64 data = 0;

	memcpy(&data, vcpu->run->mmio.data, insn->size);
	vmx_set_reg(vcpu, insn->reg,
		    hvx_insn_load_result(insn, vmx_get_reg(vcpu, insn->reg),
					 data));
}
