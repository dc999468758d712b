// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO: a guest access to guest-physical memory no slot backs, or a write
 * to a read-only slot. The exit names the address only, so hvx fetches
 * the instruction at the guest's RIP through its page tables, decodes it
 * (insn_decode.c), and hands the VMM a store's data or a load's request
 * as HVX_EXIT_MMIO; a load completes into its register on the next
 * HVX_RUN. An access crossing from RAM into MMIO (or back) is split: hvx
 * does the RAM part itself and the VMM sees only the MMIO bytes. An
 * instruction hvx cannot decode exits as an internal error carrying its
 * bytes: never a wrong result.
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

/* The linear address of a MOV's memory operand (SDM vol. 3A, 3.4 and 3.7.5). */
static u64 operand_linear(struct hvx_vcpu *vcpu, const struct hvx_insn *in,
			  enum hvx_insn_mode mode)
{
	u64 ea = in->disp, base;

	if (in->base != HVX_INSN_NO_REG)
		ea += vmx_get_reg(vcpu, in->base);
	if (in->index != HVX_INSN_NO_REG)
		ea += (u64)vmx_get_reg(vcpu, in->index) << in->scale;
	if (in->rip_rel)
		ea += vmcs_read(GUEST_RIP) + in->len;
	ea &= hvx_insn_addr_mask(in);
	if (mode == HVX_MODE_64 && in->seg != HVX_SEG_FS &&
	    in->seg != HVX_SEG_GS)
		return ea;
	base = vmcs_read(GUEST_ES_BASE + in->seg * 2);
	return mode == HVX_MODE_64 ? base + ea : (base + ea) & 0xffffffffULL;
}

/*
 * The next fragment of MMIO bytes from @m->pos, within one part: all of
 * it if its length is a power of two, else the largest naturally aligned
 * piece. False when only RAM is left.
 */
static bool next_fragment(struct vmx_mmio *m, u64 *gpa)
{
	while (m->pos < m->size) {
		bool second = m->pos >= m->split;
		unsigned int end = second ? m->size : m->split;
		unsigned int n = end - m->pos, f;

		if (m->ram & (second ? 2 : 1)) {
			m->pos = end;
			continue;
		}
		*gpa = second ? m->gpa[1] + m->pos - m->split :
				m->gpa[0] + m->pos;
		f = n;
		if (n & (n - 1))
			for (f = 4; f > n || (*gpa & (f - 1)); f >>= 1)
				;
		m->len = f;
		return true;
	}
	return false;
}

/*
 * Hand the VMM the next fragment of the access (0), or finish it: a load's
 * bytes go to its register (1, re-enter the guest). Writes that an
 * ioeventfd takes need no exit.
 */
static int mmio_next(struct hvx_vcpu *vcpu)
{
	struct vmx_mmio *m = &vcpu->arch->mmio;
	const struct hvx_insn *insn = &vcpu->arch->mmio_insn;
	struct hvx_run *run;
	u64 gpa, data;

	while (next_fragment(m, &gpa)) {
		data = 0;
		if (m->write) {
			memcpy(&data, m->data + m->pos, m->len);
			if (hvx_ioeventfd_write(vcpu->vm, false, gpa, m->len,
						data)) {
				m->pos += m->len;
				continue;
			}
		}
		run = vmx_exit_to_user(vcpu, HVX_EXIT_MMIO);
		run->mmio.phys_addr = gpa;
		run->mmio.len = m->len;
		run->mmio.is_write = m->write;
		memcpy(run->mmio.data, &data, sizeof(run->mmio.data));
		vcpu->arch->completion = VMX_COMPLETE_MMIO;
		return 0;
	}
	if (!m->write) {
		data = 0;
		memcpy(&data, m->data, m->size);
		vmx_set_reg(vcpu, insn->reg,
			    hvx_insn_load_result(insn,
						 vmx_get_reg(vcpu, insn->reg),
						 data));
	}
	return 1;
}

/*
 * An access crossing a page boundary: which parts are RAM, which MMIO.
 * Each part goes through the guest's page tables again; a part that no
 * longer translates, or both parts being RAM, means another vCPU or the
 * VMM changed the mapping since the exit: the guest executes again. RAM
 * parts are read (for a load) or written (for a store) here.
 */
static int mmio_split(struct hvx_vcpu *vcpu, enum hvx_insn_mode mode,
		      u64 linear)
{
	struct vmx_mmio *m = &vcpu->arch->mmio;
	u32 access = (m->write ? HVX_WALK_WRITE : 0) |
		     (vmx_guest_cpl() == 3 ? HVX_WALK_USER : 0);
	u64 next = linear + m->split;
	struct hvx_walk_result res;
	unsigned int i, off, len;
	int r;

	if (mode != HVX_MODE_64)
		next &= 0xffffffffULL;
	for (i = 0; i < 2; i++) {
		len = i ? m->size - m->split : m->split;
		if (vmx_translate(vcpu, i ? next : linear, access, &res))
			return 1;
		m->gpa[i] = res.gpa;
		if (vmx_guest_is_ram(vcpu, res.gpa, len, m->write))
			m->ram |= 1 << i;
	}
	if (m->ram == 3)
		return 1;
	/* MMIO on both sides, contiguous: one access, as without paging. */
	if (!m->ram && m->gpa[1] == m->gpa[0] + m->split)
		m->split = m->size;
	for (i = 0; i < 2; i++) {
		if (!(m->ram & (1 << i)))
			continue;
		off = i ? m->split : 0;
		len = i ? m->size - m->split : m->split;
		if (m->write)
			r = vmx_write_guest(vcpu, m->gpa[i], m->data + off, len);
		else
			r = vmx_read_guest(vcpu, m->gpa[i], m->data + off, len);
		if (r)
			return r;
	}
	return 0;
}

int vmx_handle_mmio(struct hvx_vcpu *vcpu, u64 gpa)
{
	enum hvx_insn_mode mode = guest_insn_mode(vcpu);
	struct vmx_mmio *m = &vcpu->arch->mmio;
	u8 bytes[16] = { 0 };
	struct hvx_insn insn;
	u64 linear, data;
	size_t n;
	int st;

	n = fetch_insn(vcpu, mode, bytes);
	st = hvx_insn_decode(bytes, n, mode, &insn);
	if (st == HVX_INSN_OK && insn.kind != HVX_INSN_LOAD &&
	    insn.kind != HVX_INSN_STORE)
		st = HVX_INSN_UNSUPPORTED;
	if (st != HVX_INSN_OK)
		return emulation_failure(vcpu, st, bytes, n);

	memset(m, 0, sizeof(*m));
	m->size = insn.size;
	m->split = insn.size;
	m->gpa[0] = gpa;
	m->write = insn.kind == HVX_INSN_STORE;
	if (m->write) {
		data = hvx_insn_store_data(&insn, insn.has_imm ? 0 :
					   vmx_get_reg(vcpu, insn.reg));
		memcpy(m->data, &data, insn.size);
	}
	linear = operand_linear(vcpu, &insn, mode);
	if ((linear & ~PAGE_MASK) + insn.size > PAGE_SIZE) {
		m->split = PAGE_SIZE - (linear & ~PAGE_MASK);
		st = mmio_split(vcpu, mode, linear);
		if (st)
			return st;
	}
	vcpu->arch->mmio_insn = insn;
	vmx_advance_rip(vcpu, insn.len);
	return mmio_next(vcpu);
}

/*
 * The VMM has done the fragment it was given (for a load, its bytes are in
 * the run page): 1 when the access is complete, 0 when the run page holds
 * the next fragment's exit.
 */
int vmx_complete_mmio(struct hvx_vcpu *vcpu)
{
	struct vmx_mmio *m = &vcpu->arch->mmio;

	if (!m->write)
		memcpy(m->data + m->pos, vcpu->run->mmio.data, m->len);
	m->pos += m->len;
	return mmio_next(vcpu);
}
