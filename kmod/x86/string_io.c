// SPDX-License-Identifier: GPL-2.0
/*
 * String port I/O (INS, OUTS, with or without REP). Each exit moves one
 * batch of elements between guest memory and the run page's data area:
 * OUTS copies the batch out before the exit, INS copies the VMM's data in
 * on the next HVX_RUN. rSI/rDI and rCX advance by the batch; while rCX is
 * not zero RIP stays on the instruction, so the guest re-executes it and
 * a large count never holds the CPU (nor the VMM) for long.
 */
#include "page_walk.h"
#include "vmx.h"

#define VECTOR_PF	14

/* VM-exit instruction information for INS/OUTS (SDM vol. 3C, 28.2.5). */
#define INSN_INFO_ADDR_SIZE(i)	(((i) >> 7) & 7)

/* The most elements one exit moves: what the run page's data area holds. */
#define MAX_BATCH_BYTES		(HVX_RUN_SIZE - HVX_RUN_IO_DATA_OFFSET)

static u64 addr_mask(u32 info)
{
	switch (INSN_INFO_ADDR_SIZE(info)) {
	case 0:
		return 0xffff;
	case 1:
		return 0xffffffff;
	default:
		return ~0ULL;
	}
}

/* Move @reg by @delta within the address size, keeping the other bits. */
static void index_add(struct hvx_vcpu *vcpu, int reg, u64 mask, s64 delta)
{
	u64 old = vmx_get_reg(vcpu, reg);
	u64 new = (old + delta) & mask;

	/* A 32-bit address size writes the whole of a 64-bit register. */
	if (mask == 0xffffffff)
		vmx_set_reg(vcpu, reg, new);
	else
		vmx_set_reg(vcpu, reg, (old & ~mask) | new);
}

static void inject_pf(struct hvx_vcpu *vcpu, u64 addr, u32 error)
{
	vcpu->arch->cr2 = addr;
	vmx_queue_exception(vcpu, VECTOR_PF, true, error);
}

/*
 * Copy the batch between guest memory and @data, element by element
 * (DF may make them go down). Returns 0, 1 after injecting a #PF, or
 * -EFAULT when the guest's page tables point outside its memory.
 */
static int copy_batch(struct hvx_vcpu *vcpu, struct vmx_string_io *s,
		      u8 *data, bool to_guest)
{
	u32 access = (to_guest ? HVX_WALK_WRITE : 0) |
		     (vmx_guest_cpl() == 3 ? HVX_WALK_USER : 0);
	struct hvx_walk_result res;
	u32 i;
	int r;

	for (i = 0; i < s->count; i++) {
		u64 gva = s->linear + (s->down ? -(s64)i : (s64)i) * s->size;

		r = vmx_translate(vcpu, gva, access, &res);
		if (r == HVX_WALK_FAULT) {
			inject_pf(vcpu, gva, res.error_code);
			return 1;
		}
		if (r != HVX_WALK_OK)
			return -EFAULT;
		/* An element straddling two pages is rare: do it bytewise. */
		if ((res.gpa & ~PAGE_MASK) + s->size > PAGE_SIZE)
			return -EFAULT;
		r = to_guest ? vmx_write_guest(vcpu, res.gpa, data + i * s->size,
					       s->size) :
			       vmx_read_guest(vcpu, res.gpa, data + i * s->size,
					      s->size);
		if (r)
			return -EFAULT;
	}
	return 0;
}

/* rSI/rDI and rCX after the batch; RIP only once rCX is exhausted. */
static void finish_batch(struct hvx_vcpu *vcpu, struct vmx_string_io *s)
{
	s64 bytes = (s64)s->count * s->size;
	u64 rcx;

	index_add(vcpu, s->in ? VCPU_RDI : VCPU_RSI, s->mask,
		  s->down ? -bytes : bytes);
	if (!s->rep) {
		vmx_advance_rip(vcpu, s->insn_len);
		return;
	}
	index_add(vcpu, VCPU_RCX, s->mask, -(s64)s->count);
	rcx = vmx_get_reg(vcpu, VCPU_RCX) & s->mask;
	if (!rcx)
		vmx_advance_rip(vcpu, s->insn_len);
}

int vmx_handle_string_io(struct hvx_vcpu *vcpu, u64 qual)
{
	struct vmx_string_io *s = &vcpu->arch->string_io;
	u32 info = vmcs_read32(VMX_INSTRUCTION_INFO);
	struct hvx_run *run = vcpu->run;
	u8 *data = (u8 *)run + HVX_RUN_IO_DATA_OFFSET;
	u64 rcx;
	int r;

	if (!(vmx_caps.features & HVX_VMX_INS_OUTS_INFO))
		return vmx_internal_error(vcpu, HVX_INTERNAL_EMULATION,
					  EXIT_REASON_IO_INSTRUCTION);
	*s = (struct vmx_string_io) {
		.size = IO_QUAL_SIZE(qual), .in = qual & IO_QUAL_IN,
		.rep = qual & IO_QUAL_REP, .port = IO_QUAL_PORT(qual),
		.down = vmcs_read(GUEST_RFLAGS) & X86_EFLAGS_DF,
		.mask = addr_mask(info), .linear = vmcs_read(GUEST_LINEAR_ADDRESS),
		.insn_len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN), .count = 1,
	};
	if (s->rep) {
		rcx = vmx_get_reg(vcpu, VCPU_RCX) & s->mask;
		if (!rcx) {
			vmx_advance_rip(vcpu, s->insn_len);
			return 1;
		}
		s->count = min_t(u64, rcx, MAX_BATCH_BYTES / s->size);
	}
	if (!s->in) {
		r = copy_batch(vcpu, s, data, false);
		if (r)
			return r;
		finish_batch(vcpu, s);
	} else {
		vcpu->arch->completion = VMX_COMPLETE_STRING_IN;
	}
	run = vmx_exit_to_user(vcpu, HVX_EXIT_IO);
	run->io.direction = s->in ? HVX_EXIT_IO_IN : HVX_EXIT_IO_OUT;
	run->io.size = s->size;
	run->io.port = s->port;
	run->io.count = s->count;
	run->io.data_offset = HVX_RUN_IO_DATA_OFFSET;
	return 0;
}

/* The VMM filled the batch of an INS: into guest memory it goes. */
int vmx_complete_string_in(struct hvx_vcpu *vcpu)
{
	struct vmx_string_io *s = &vcpu->arch->string_io;
	u8 *data = (u8 *)vcpu->run + HVX_RUN_IO_DATA_OFFSET;
	int r;

	/* Each byte of the shared page is read once, and only copied. */
	r = copy_batch(vcpu, s, data, true);
	if (r < 0)
		return r;
	if (r == 0)
		finish_batch(vcpu, s);
	return 0;
}
