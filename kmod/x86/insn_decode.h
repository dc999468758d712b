/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding the few instructions a guest uses to touch MMIO. An EPT
 * violation or misconfiguration gives the guest-physical address but not
 * the operation, so hvx decodes the bytes at the guest's RIP into "load or
 * store, how wide, which register or immediate, how long". Anything else is
 * refused with a reason, never guessed: the rule is "never a wrong result".
 * No kernel headers: shared with the host unit tests and fuzzers.
 */
#ifndef HVX_INSN_DECODE_H
#define HVX_INSN_DECODE_H

#include "../hvx_types.h"

/* The architectural limit on an instruction's length (SDM vol. 2A, 2.3.11). */
#define HVX_INSN_MAX_LEN	15

/* How the code segment decodes (SDM vol. 1, 3.6 and vol. 3A, 5.2.1). */
enum hvx_insn_mode {
	HVX_MODE_16,	/* real, virtual-8086, or CS.D=0 (incl. compat) */
	HVX_MODE_32,	/* protected or compatibility mode with CS.D=1 */
	HVX_MODE_64,	/* 64-bit mode: EFER.LMA=1 and CS.L=1 */
};

enum hvx_insn_kind {
	HVX_INSN_LOAD = 1,	/* memory to a register (MOV, MOVZX, MOVSX) */
	HVX_INSN_STORE,		/* a register or an immediate to memory */
	HVX_INSN_MOVS,		/* seg:[rSI] to ES:[rDI] */
	HVX_INSN_STOS,		/* rAX to ES:[rDI] */
	HVX_INSN_LODS,		/* seg:[rSI] to rAX */
};

/* How a load of @size bytes widens to the @reg_size bytes written. */
enum hvx_insn_ext {
	HVX_EXT_NONE,
	HVX_EXT_ZERO,		/* MOVZX */
	HVX_EXT_SIGN,		/* MOVSX, MOVSXD */
};

/* Segment registers, numbered as in instruction encodings and the VMCS. */
enum hvx_insn_seg {
	HVX_SEG_ES, HVX_SEG_CS, HVX_SEG_SS, HVX_SEG_DS, HVX_SEG_FS, HVX_SEG_GS
};

/* No base or index register in a memory operand. */
#define HVX_INSN_NO_REG		0xff

/* Why an instruction was refused; 0 (HVX_INSN_OK) means it decoded. */
enum hvx_insn_status {
	HVX_INSN_OK,
	HVX_INSN_TRUNCATED,	/* needs more bytes than were given */
	HVX_INSN_TOO_LONG,	/* longer than 15 bytes: #GP on hardware */
	HVX_INSN_LOCK,		/* F0 LOCK prefix */
	HVX_INSN_REG_FORM,	/* ModRM.mod = 3: no memory operand */
	HVX_INSN_UNSUPPORTED,	/* another opcode, or a prefix it can't take */
};

/*
 * A decoded MMIO access. @reg is the x86 register number (0 RAX, 1 RCX,
 * 2 RDX, 3 RBX, 4 RSP, 5 RBP, 6 RSI, 7 RDI, 8-15 R8-R15); with @high_byte
 * the register is AH, CH, DH or BH, bits 15:8 of register @reg (0-3).
 * For string instructions the element is @size bytes, rSI, rDI and rCX are
 * @addr_size bytes wide, and the direction is RFLAGS.DF, which the caller
 * has; @seg is the source's segment (MOVS, LODS) or ES (STOS); the MOVS
 * destination is always ES.
 */
struct hvx_insn {
	u8 kind;		/* enum hvx_insn_kind */
	u8 len;			/* bytes, prefixes included: RIP advances by it */
	u8 size;		/* bytes read or written in memory: 1, 2, 4 or 8 */
	u8 reg;			/* register loaded, or stored unless has_imm */
	u8 reg_size;		/* bytes of @reg written or read; 0: none */
	u8 ext;			/* enum hvx_insn_ext, for loads */
	u8 seg;			/* enum hvx_insn_seg of the memory operand */
	u8 addr_size;		/* 2, 4 or 8 */
	bool high_byte;		/* @reg is AH, CH, DH or BH */
	bool has_imm;		/* a store of @imm rather than of @reg */
	bool rep;		/* F3 REP: a string instruction repeated rCX times */
	u64 imm;		/* the immediate, sign-extended to @size bytes */
	/*
	 * How a MOV's memory operand is addressed: base + (index << scale) +
	 * disp, plus the next instruction's address if @rip_rel, wrapped to
	 * @addr_size bytes. Base and index are register numbers as @reg is,
	 * or HVX_INSN_NO_REG. String instructions address through rSI/rDI.
	 */
	u8 base;
	u8 index;
	u8 scale;
	bool rip_rel;
	u64 disp;		/* sign-extended; for A0-A3, the moffs */
};

/* The decoding mode from CR0.PE, RFLAGS.VM, EFER.LMA, CS.L and CS.D. */
enum hvx_insn_mode hvx_insn_mode_of(bool pe, bool vm86, bool lma, bool cs_l,
				    bool cs_d);

/*
 * Decode the instruction at @bytes, of which @avail are readable (at most
 * 15 are looked at). Returns HVX_INSN_OK with @insn filled in, or another
 * enum hvx_insn_status with @insn zeroed.
 */
int hvx_insn_decode(const u8 *bytes, size_t avail, enum hvx_insn_mode mode,
		    struct hvx_insn *insn);

/*
 * The new value of register @insn->reg after a load (LOAD or LODS) of
 * @data from memory into it, given its value @old: sign or zero extension,
 * a high-byte register, 8- and 16-bit writes keeping the other bits, and
 * 32-bit writes clearing bits 63:32.
 */
u64 hvx_insn_load_result(const struct hvx_insn *insn, u64 old, u64 data);

/* The @insn->size bytes a STORE or STOS writes, @reg_val being @insn->reg. */
u64 hvx_insn_store_data(const struct hvx_insn *insn, u64 reg_val);

/* The bits of rSI, rDI and rCX a string instruction uses as its address. */
u64 hvx_insn_addr_mask(const struct hvx_insn *insn);

/*
 * rSI, rDI or rCX (@old) moved by @delta (modulo 2^64: pass -n to go
 * down) as a string instruction moves it: only the low @addr_size bytes
 * change, a 16-bit address keeping bits 63:16 and a 32-bit one clearing
 * bits 63:32.
 */
u64 hvx_insn_index_add(const struct hvx_insn *insn, u64 old, u64 delta);

/* A short description of an enum hvx_insn_status, for logs. */
const char *hvx_insn_status_text(int status);

#endif /* HVX_INSN_DECODE_H */
