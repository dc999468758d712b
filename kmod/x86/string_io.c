// SPDX-License-Identifier: GPL-2.0
/*
 * String port I/O (INS, OUTS, with or without REP). Each exit moves one
 * batch of elements between guest memory and the run page's data area:
 * OUTS copies the batch out before the exit, INS copies the VMM's data in
 * on the next HVX_RUN. rSI/rDI and rCX advance by the batch; while rCX is
 * not zero RIP stays on the instruction, so the guest re-executes it and
 * a large count never holds the CPU (nor the VMM) for long.
 *
 * Element i of a batch starts at index + i * size (minus, with DF set);
 * every byte's offset is taken within the address size, so 16-bit SI/DI
 * wrap within the segment, and the linear address within 32 bits outside
 * 64-bit mode. An element may straddle two pages: each part is translated
 * through the guest's page tables on its own.
 *
 * A batch ends before the first element that cannot be done (its page
 * faults, say). The elements before it complete, and the guest
 * re-executes the instruction for the rest: it then faults on that
 * element with rSI/rDI and rCX on it, which is how the hardware leaves a
 * repeated string instruction interrupted by an exception (SDM vol. 2,
 * REP). For INS the elements are translated for writing before the exit,
 * so the VMM is asked only for data that can be stored.
 *
 * An OUTS batch whose elements go to an ioeventfd signals it once per
 * element and does not exit; a batch is all for ioeventfds or all for the
 * VMM, and ends where that changes, so the writes keep their order.
 */
#include "page_walk.h"
#include "vmx.h"

#define VECTOR_SS	12
#define VECTOR_GP	13
#define VECTOR_PF	14

/* VM-exit instruction information for INS/OUTS (SDM vol. 3C, 28.2.5). */
#define INSN_INFO_ADDR_SIZE(i)	(((i) >> 7) & 7)
#define INSN_INFO_SEG(i)	(((i) >> 15) & 7)	/* OUTS only */
#define SEG_ES			0
#define SEG_SS			2

#define VMX_AR_L		(1U << 13)

/* The most elements one exit moves: what the run page's data area holds. */
#define MAX_BATCH_BYTES		(HVX_RUN_SIZE - HVX_RUN_IO_DATA_OFFSET)

/* An element of at most 4 bytes is in at most 4 contiguous pieces. */
#define MAX_PIECES		4

struct sio_piece {
	u64 gpa;
	u32 len;
};

/* Why a pass over a batch stopped before its end. */
enum sio_stop {
	SIO_FAULT,	/* an exception for the guest: vector, error, cr2 */
	SIO_RETRY,	/* the page tables changed under the walk */
	SIO_BAD,	/* not guest memory */
};

/* One pass over a batch: the last page translated, and where it stopped. */
struct sio_walk {
	u32 access;		/* HVX_WALK_* */
	bool cached;
	u64 page;		/* the linear page of the cached translation */
	u64 gpa;		/* its guest-physical page */
	enum sio_stop stop;
	u8 vector;
	u32 error;
	u64 cr2;
};

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

/* The linear address of byte @j of element @i. */
static u64 byte_linear(const struct vmx_string_io *s, u32 i, u32 j)
{
	u64 step = (u64)i * s->size;
	u64 off = (s->down ? s->index - step : s->index + step) + j;

	return (s->base + (off & s->mask)) & s->linear_mask;
}

static int sio_translate(struct hvx_vcpu *vcpu,
			 const struct vmx_string_io *s, struct sio_walk *w,
			 u64 linear, u64 *gpa)
{
	struct hvx_walk_result res;

	if (!w->cached || w->page != linear >> PAGE_SHIFT) {
		switch (vmx_translate(vcpu, linear, w->access, &res)) {
		case HVX_WALK_OK:
			break;
		case HVX_WALK_FAULT:
			w->stop = SIO_FAULT;
			w->vector = VECTOR_PF;
			w->error = res.error_code;
			w->cr2 = linear;
			return -1;
		case HVX_WALK_NONCANONICAL:
			w->stop = SIO_FAULT;
			w->vector = !s->in && s->seg == SEG_SS ? VECTOR_SS :
								  VECTOR_GP;
			w->error = 0;
			return -1;
		case HVX_WALK_AGAIN:
			w->stop = SIO_RETRY;
			return -1;
		default:
			w->stop = SIO_BAD;
			return -1;
		}
		w->cached = true;
		w->page = linear >> PAGE_SHIFT;
		w->gpa = res.gpa & PAGE_MASK;
	}
	*gpa = w->gpa | (linear & ~PAGE_MASK);
	return 0;
}

/*
 * Translate element @i into pieces each contiguous in guest-physical
 * memory. Returns how many, or 0 with w->stop set; nothing is accessed
 * until all of the element translates.
 */
static int elem_pieces(struct hvx_vcpu *vcpu, const struct vmx_string_io *s,
		       struct sio_walk *w, u32 i, struct sio_piece *p)
{
	u32 j = 0, len;
	u64 linear, next;
	int n = 0;

	while (j < s->size) {
		linear = byte_linear(s, i, j);
		for (len = 1; j + len < s->size; len++) {
			next = byte_linear(s, i, j + len);
			if (next != linear + len || !(next & ~PAGE_MASK))
				break;
		}
		if (sio_translate(vcpu, s, w, linear, &p[n].gpa))
			return 0;
		p[n++].len = len;
		j += len;
	}
	return n;
}

/*
 * Read the OUTS batch into @data, or hand it to ioeventfds (*@eventfd).
 * Returns how many leading elements were done.
 */
static u32 outs_batch(struct hvx_vcpu *vcpu, const struct vmx_string_io *s,
		      struct sio_walk *w, u8 *data, bool *eventfd)
{
	struct hvx_vm *vm = vcpu->vm;
	bool any = hvx_ioeventfd_registered(vm, true, s->port, s->size, NULL);
	struct sio_piece p[MAX_PIECES];
	int n, k;
	u32 i;

	*eventfd = false;
	for (i = 0; i < s->count; i++) {
		u64 val = 0;
		u8 *b = (u8 *)&val;

		n = elem_pieces(vcpu, s, w, i, p);
		if (!n)
			break;
		for (k = 0; k < n; b += p[k].len, k++) {
			if (vmx_read_guest(vcpu, p[k].gpa, b, p[k].len)) {
				w->stop = SIO_BAD;
				return i;
			}
		}
		if (any) {
			if (!i)
				*eventfd = hvx_ioeventfd_write(vm, true, s->port,
							       s->size, val);
			else if (*eventfd ?
				 !hvx_ioeventfd_write(vm, true, s->port,
						      s->size, val) :
				 hvx_ioeventfd_registered(vm, true, s->port,
							  s->size, &val))
				break;
			if (*eventfd)
				continue;
		}
		memcpy(data + i * s->size, &val, s->size);
	}
	return i;
}

/* How many leading elements of an INS batch can be stored. */
static u32 ins_check(struct hvx_vcpu *vcpu, const struct vmx_string_io *s,
		     struct sio_walk *w)
{
	struct sio_piece p[MAX_PIECES];
	int n, k;
	u32 i;

	for (i = 0; i < s->count; i++) {
		n = elem_pieces(vcpu, s, w, i, p);
		if (!n)
			break;
		for (k = 0; k < n; k++) {
			if (!vmx_guest_writable(vcpu, p[k].gpa, p[k].len)) {
				w->stop = SIO_BAD;
				return i;
			}
		}
	}
	return i;
}

/* Store the INS batch from @data; returns how many elements were. */
static u32 ins_store(struct hvx_vcpu *vcpu, const struct vmx_string_io *s,
		     struct sio_walk *w, const u8 *data)
{
	struct sio_piece p[MAX_PIECES];
	const u8 *b;
	int n, k;
	u32 i;

	for (i = 0; i < s->count; i++) {
		n = elem_pieces(vcpu, s, w, i, p);
		if (!n)
			break;
		b = data + i * s->size;
		for (k = 0; k < n; b += p[k].len, k++) {
			/* Each byte of the shared page is read once, and only copied. */
			if (vmx_write_guest(vcpu, p[k].gpa, b, p[k].len)) {
				w->stop = SIO_BAD;
				return i;
			}
		}
	}
	return i;
}

/*
 * Not one element of the batch could be done: give the guest its
 * exception (1), re-execute the instruction (1), or fail HVX_RUN.
 */
static int stop_at_first(struct hvx_vcpu *vcpu, const struct sio_walk *w)
{
	switch (w->stop) {
	case SIO_FAULT:
		if (w->vector == VECTOR_PF)
			vcpu->arch->cr2 = w->cr2;
		vmx_queue_exception(vcpu, w->vector, true, w->error);
		return 1;
	case SIO_RETRY:
		return 1;
	default:
		return -EFAULT;
	}
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

static u32 walk_access(const struct vmx_string_io *s)
{
	return (s->in ? HVX_WALK_WRITE : 0) |
	       (vmx_guest_cpl() == 3 ? HVX_WALK_USER : 0);
}

int vmx_handle_string_io(struct hvx_vcpu *vcpu, u64 qual)
{
	struct vmx_string_io *s = &vcpu->arch->string_io;
	u32 info = vmcs_read32(VMX_INSTRUCTION_INFO);
	bool lma = vcpu->arch->efer & EFER_LMA;
	struct hvx_run *run = vcpu->run;
	u8 *data = (u8 *)run + HVX_RUN_IO_DATA_OFFSET;
	struct sio_walk w = {};
	bool eventfd = false;
	u64 rcx, linear;
	u32 done;

	if (!(vmx_caps.features & HVX_VMX_INS_OUTS_INFO))
		return vmx_internal_error(vcpu, HVX_INTERNAL_EMULATION,
					  EXIT_REASON_IO_INSTRUCTION);
	*s = (struct vmx_string_io) {
		.size = IO_QUAL_SIZE(qual), .in = qual & IO_QUAL_IN,
		.rep = qual & IO_QUAL_REP, .port = IO_QUAL_PORT(qual),
		.down = vmcs_read(GUEST_RFLAGS) & X86_EFLAGS_DF,
		.mask = addr_mask(info), .linear_mask = 0xffffffff,
		.insn_len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN), .count = 1,
	};
	s->seg = s->in ? SEG_ES : INSN_INFO_SEG(info);
	if (lma && (vmcs_read32(GUEST_CS_AR_BYTES) & VMX_AR_L))
		s->linear_mask = ~0ULL;
	/* The linear address is the segment's base plus the first index. */
	s->index = vmx_get_reg(vcpu, s->in ? VCPU_RDI : VCPU_RSI) & s->mask;
	linear = vmcs_read(GUEST_LINEAR_ADDRESS);
	s->base = (linear - s->index) & s->linear_mask;
	if (s->rep) {
		rcx = vmx_get_reg(vcpu, VCPU_RCX) & s->mask;
		if (!rcx) {
			vmx_advance_rip(vcpu, s->insn_len);
			return 1;
		}
		s->count = min_t(u64, rcx, MAX_BATCH_BYTES / s->size);
	}
	w.access = walk_access(s);
	if (s->in)
		done = ins_check(vcpu, s, &w);
	else
		done = outs_batch(vcpu, s, &w, data, &eventfd);
	if (!done)
		return stop_at_first(vcpu, &w);
	s->count = done;
	if (!s->in) {
		finish_batch(vcpu, s);
		if (eventfd)
			return 1;
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

/*
 * The VMM filled the batch of an INS: into guest memory it goes. The
 * elements were translated before the exit; only if another vCPU changed
 * the page tables since then can one fail now. The elements before it
 * are kept, the data for it and after it is dropped, and the guest
 * re-executes the instruction, which faults or asks again.
 */
int vmx_complete_string_in(struct hvx_vcpu *vcpu)
{
	struct vmx_string_io *s = &vcpu->arch->string_io;
	const u8 *data = (u8 *)vcpu->run + HVX_RUN_IO_DATA_OFFSET;
	struct sio_walk w = { .access = walk_access(s) };
	u32 done;
	int r;

	done = ins_store(vcpu, s, &w, data);
	if (!done) {
		r = stop_at_first(vcpu, &w);
		return r < 0 ? r : 0;
	}
	s->count = done;
	finish_batch(vcpu, s);
	return 0;
}
