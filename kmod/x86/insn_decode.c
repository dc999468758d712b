// SPDX-License-Identifier: GPL-2.0
/*
 * The MMIO instruction decoder: legacy prefixes, REX, one- and two-byte
 * opcodes, ModRM, SIB, displacement and immediate, for exactly the moves
 * Linux's MMIO accessors and string helpers compile to (see
 * docs/decoder.md). References are to the Intel SDM, vol. 2A chapter 2
 * (instruction format) and the instruction pages in vol. 2A/2B.
 * No kernel headers: this file is also built into the host unit tests.
 */
#include "insn_decode.h"

#define REX_W	0x08
#define REX_R	0x04
#define REX_X	0x02
#define REX_B	0x01
#define NO_SEG	0xff

/* The instruction bytes and how far decoding got. */
struct cursor {
	const u8 *bytes;
	unsigned int avail;
	unsigned int pos;
};

/* Legacy prefixes (vol. 2A, 2.1.1) and REX (2.2.1), as they apply. */
struct prefixes {
	u8 rex;
	u8 seg;
	u8 rep;
	bool opsize;
	bool adsize;
};

/* Take @n bytes, little-endian; past byte 15 is too long (2.3.11). */
static int take(struct cursor *c, unsigned int n, u64 *val)
{
	u64 v = 0;
	unsigned int i;

	if (c->pos + n > HVX_INSN_MAX_LEN)
		return HVX_INSN_TOO_LONG;
	if (c->pos + n > c->avail)
		return HVX_INSN_TRUNCATED;
	for (i = 0; i < n; i++)
		v |= (u64)c->bytes[c->pos + i] << (8 * i);
	c->pos += n;
	*val = v;
	return HVX_INSN_OK;
}

static int take_byte(struct cursor *c, u8 *b)
{
	u64 v = 0;
	int err = take(c, 1, &v);

	*b = v;
	return err;
}

static u8 segment_prefix(u8 b)
{
	switch (b) {
	case 0x26: return HVX_SEG_ES;
	case 0x2e: return HVX_SEG_CS;
	case 0x36: return HVX_SEG_SS;
	case 0x3e: return HVX_SEG_DS;
	case 0x64: return HVX_SEG_FS;
	case 0x65: return HVX_SEG_GS;
	}
	return NO_SEG;
}

/*
 * Two different prefixes of one group are undefined (2.1.1): refuse them
 * rather than guess which the CPU used. A REX only counts right before the
 * opcode; one followed by a legacy prefix is ignored (2.2.1).
 */
static int read_prefixes(struct cursor *c, enum hvx_insn_mode mode,
			 struct prefixes *p, u8 *opcode)
{
	u8 b, seg;
	int err;

	for (;;) {
		err = take_byte(c, &b);
		if (err)
			return err;
		seg = segment_prefix(b);
		if (seg != NO_SEG) {
			if (p->seg != NO_SEG && p->seg != seg)
				return HVX_INSN_UNSUPPORTED;
			p->seg = seg;
		} else if (b == 0xf2 || b == 0xf3) {
			if (p->rep && p->rep != b)
				return HVX_INSN_UNSUPPORTED;
			p->rep = b;
		} else if (b == 0x66) {
			p->opsize = true;
		} else if (b == 0x67) {
			p->adsize = true;
		} else if (b == 0xf0) {
			return HVX_INSN_LOCK;
		} else if (mode == HVX_MODE_64 && (b & 0xf0) == 0x40) {
			p->rex = b;
			continue;
		} else {
			*opcode = b;
			return HVX_INSN_OK;
		}
		p->rex = 0;
	}
}

/* Operand size: CS.D, 66 and REX.W (vol. 1, 3.6 and table 3-4). */
static u8 operand_size(enum hvx_insn_mode mode, const struct prefixes *p)
{
	if (p->rex & REX_W)
		return 8;
	if (mode == HVX_MODE_16)
		return p->opsize ? 4 : 2;
	return p->opsize ? 2 : 4;
}

/* Address size: CS.D, CS.L and 67 (vol. 1, 3.6 and table 3-4). */
static u8 address_size(enum hvx_insn_mode mode, const struct prefixes *p)
{
	switch (mode) {
	case HVX_MODE_16:
		return p->adsize ? 4 : 2;
	case HVX_MODE_32:
		return p->adsize ? 2 : 4;
	default:
		return p->adsize ? 4 : 8;
	}
}

/*
 * The segment a memory operand uses: the override, else @dflt. In 64-bit
 * mode ES, CS, SS and DS overrides are ignored (vol. 1, "Segment
 * Registers in 64-Bit Mode").
 */
static u8 operand_seg(enum hvx_insn_mode mode, const struct prefixes *p,
		      u8 dflt)
{
	if (p->seg == NO_SEG)
		return dflt;
	if (mode == HVX_MODE_64 && p->seg != HVX_SEG_FS &&
	    p->seg != HVX_SEG_GS)
		return dflt;
	return p->seg;
}

/* @n displacement bytes, sign-extended to 64 bits. */
static int take_disp(struct cursor *c, unsigned int n, struct hvx_insn *in)
{
	u64 disp = 0;
	int err = take(c, n, &disp);

	if (err)
		return err;
	if (n < 8 && (disp >> (8 * n - 1)) & 1)
		disp |= ~0ULL << (8 * n);
	in->disp = disp;
	return HVX_INSN_OK;
}

/*
 * The rest of a 16-bit memory operand (vol. 2A, table 2-1): disp16 alone
 * for mod=0 r/m=6, else disp8 or disp16 by mod. BP-based forms use SS.
 */
static int decode_addr16(struct cursor *c, u8 mod, u8 rm, u8 *seg,
			 struct hvx_insn *in)
{
	static const u8 base[8] = { 3, 3, 5, 5, HVX_INSN_NO_REG,
				    HVX_INSN_NO_REG, 5, 3 };
	static const u8 index[8] = { 6, 7, 6, 7, 6, 7, HVX_INSN_NO_REG,
				     HVX_INSN_NO_REG };

	*seg = (rm == 2 || rm == 3 || (rm == 6 && mod)) ? HVX_SEG_SS :
							  HVX_SEG_DS;
	in->base = base[rm];
	in->index = index[rm];
	if (mod == 0) {
		if (rm != 6)
			return HVX_INSN_OK;
		in->base = HVX_INSN_NO_REG;
		return take_disp(c, 2, in);
	}
	return take_disp(c, mod == 1 ? 1 : 2, in);
}

/*
 * The rest of a 32- or 64-bit memory operand (tables 2-2, 2-3, 2-5): r/m=4
 * brings a SIB, whose index 4 (without REX.X) means none; mod=0 with r/m=5
 * (RIP-relative in 64-bit mode) or with SIB base 5 means disp32 and no
 * base, whatever REX.B says. Otherwise mod picks disp8 or disp32. A base of
 * rSP or rBP (not R12, R13) implies SS (vol. 1, "Default Segment Selection
 * Rules").
 */
static int decode_addr32(struct cursor *c, enum hvx_insn_mode mode, u8 mod,
			 u8 rm, u8 rex, u8 *seg, struct hvx_insn *in)
{
	u8 base = rm, sib, index;
	int err;

	if (rm == 4) {
		err = take_byte(c, &sib);
		if (err)
			return err;
		base = sib & 7;
		index = ((sib >> 3) & 7) | (rex & REX_X ? 8 : 0);
		if (index != 4) {
			in->index = index;
			in->scale = sib >> 6;
		}
	}
	if (mod == 0 && base == 5) {
		*seg = HVX_SEG_DS;
		in->rip_rel = rm == 5 && mode == HVX_MODE_64;
		return take_disp(c, 4, in);
	}
	*seg = (base == 4 || base == 5) && !(rex & REX_B) ? HVX_SEG_SS :
							     HVX_SEG_DS;
	in->base = base | (rex & REX_B ? 8 : 0);
	if (mod == 0)
		return HVX_INSN_OK;
	return take_disp(c, mod == 1 ? 1 : 4, in);
}

/* ModRM, refusing a register operand: that is no memory access. */
static int read_modrm(struct cursor *c, u8 *modrm)
{
	int err = take_byte(c, modrm);

	if (err)
		return err;
	if ((*modrm >> 6) == 3)
		return HVX_INSN_REG_FORM;
	return HVX_INSN_OK;
}

/* A memory operand's SIB and displacement, and the segment it uses. */
static int decode_mem_operand(struct cursor *c, enum hvx_insn_mode mode,
			    const struct prefixes *p, u8 modrm,
			    struct hvx_insn *in)
{
	u8 mod = modrm >> 6, rm = modrm & 7, seg = HVX_SEG_DS;
	int err;

	if (in->addr_size == 2)
		err = decode_addr16(c, mod, rm, &seg, in);
	else
		err = decode_addr32(c, mode, mod, rm, p->rex, &seg, in);
	in->seg = operand_seg(mode, p, seg);
	return err;
}

/*
 * The register in ModRM.reg. A byte register numbered 4-7 without any
 * REX prefix is AH, CH, DH or BH (vol. 2A, 2.2.1.2 and table 3-1).
 */
static void set_modrm_reg(struct hvx_insn *in, const struct prefixes *p,
			  u8 modrm, u8 width)
{
	u8 reg = (modrm >> 3) & 7;

	if (p->rex & REX_R)
		reg += 8;
	if (width == 1 && !p->rex && reg >= 4) {
		in->high_byte = true;
		reg -= 4;
	}
	in->reg = reg;
}

/* 88, 89 (store) and 8A, 8B (load): MOV between r/m and r. */
static int decode_mov(struct cursor *c, enum hvx_insn_mode mode,
		      const struct prefixes *p, u8 op, struct hvx_insn *in)
{
	u8 modrm;
	int err;

	err = read_modrm(c, &modrm);
	if (err)
		return err;
	in->kind = (op & 2) ? HVX_INSN_LOAD : HVX_INSN_STORE;
	in->size = (op & 1) ? operand_size(mode, p) : 1;
	in->reg_size = in->size;
	set_modrm_reg(in, p, modrm, in->size);
	return decode_mem_operand(c, mode, p, modrm, in);
}

/*
 * C6 /0 ib and C7 /0 iw/id: MOV r/m, imm. With a 64-bit operand the imm32
 * is sign-extended. Other reg values are not MOV (C6 F8 and C7 F8 are
 * XABORT and XBEGIN), so they are refused before mod is looked at.
 */
static int decode_mov_imm(struct cursor *c, enum hvx_insn_mode mode,
			  const struct prefixes *p, u8 op, struct hvx_insn *in)
{
	unsigned int isize;
	u8 modrm;
	u64 imm;
	int err;

	err = take_byte(c, &modrm);
	if (err)
		return err;
	if ((modrm >> 3) & 7)
		return HVX_INSN_UNSUPPORTED;
	if ((modrm >> 6) == 3)
		return HVX_INSN_REG_FORM;
	in->kind = HVX_INSN_STORE;
	in->size = op == 0xc6 ? 1 : operand_size(mode, p);
	err = decode_mem_operand(c, mode, p, modrm, in);
	if (err)
		return err;
	isize = in->size == 8 ? 4 : in->size;
	err = take(c, isize, &imm);
	if (err)
		return err;
	if (in->size == 8 && (imm & 0x80000000ULL))
		imm |= 0xffffffff00000000ULL;
	in->has_imm = true;
	in->imm = imm;
	return HVX_INSN_OK;
}

/*
 * A0-A3: MOV between AL/rAX and a direct offset (moffs) as wide as the
 * address size (vol. 2A, MOV, note 3): 8 bytes by default in 64-bit mode.
 * REX.B does not apply: the register is always the accumulator.
 */
static int decode_moffs(struct cursor *c, enum hvx_insn_mode mode,
			const struct prefixes *p, u8 op, struct hvx_insn *in)
{
	in->kind = (op & 2) ? HVX_INSN_STORE : HVX_INSN_LOAD;
	in->size = (op & 1) ? operand_size(mode, p) : 1;
	in->reg_size = in->size;
	in->seg = operand_seg(mode, p, HVX_SEG_DS);
	return take(c, in->addr_size, &in->disp);
}

/*
 * MOVS (A4/A5), STOS (AA/AB) and LODS (AC/AD): no operand bytes. The source
 * is seg:rSI with an override allowed, the destination ES:rDI, never
 * overridden (vol. 2B, MOVS/STOS/LODS). Only REP (F3) is meaningful here.
 */
static int decode_string(enum hvx_insn_mode mode, const struct prefixes *p,
			 u8 op, struct hvx_insn *in)
{
	if (p->rep == 0xf2)
		return HVX_INSN_UNSUPPORTED;
	in->rep = p->rep == 0xf3;
	in->size = (op & 1) ? operand_size(mode, p) : 1;
	in->reg_size = in->size;
	switch (op & ~1) {
	case 0xa4:
		in->kind = HVX_INSN_MOVS;
		in->reg_size = 0;
		in->seg = operand_seg(mode, p, HVX_SEG_DS);
		break;
	case 0xaa:
		in->kind = HVX_INSN_STOS;
		in->seg = HVX_SEG_ES;
		break;
	default:
		in->kind = HVX_INSN_LODS;
		in->seg = operand_seg(mode, p, HVX_SEG_DS);
		break;
	}
	return HVX_INSN_OK;
}

/*
 * 0F B6/B7 MOVZX and 0F BE/BF MOVSX: an 8- or 16-bit memory operand widened
 * into a register of the operand size.
 */
static int decode_movx(struct cursor *c, enum hvx_insn_mode mode,
		       const struct prefixes *p, struct hvx_insn *in)
{
	u8 op, modrm;
	int err;

	err = take_byte(c, &op);
	if (err)
		return err;
	if (op != 0xb6 && op != 0xb7 && op != 0xbe && op != 0xbf)
		return HVX_INSN_UNSUPPORTED;
	err = read_modrm(c, &modrm);
	if (err)
		return err;
	in->kind = HVX_INSN_LOAD;
	in->size = (op & 1) ? 2 : 1;
	in->reg_size = operand_size(mode, p);
	in->ext = (op & 8) ? HVX_EXT_SIGN : HVX_EXT_ZERO;
	set_modrm_reg(in, p, modrm, in->reg_size);
	return decode_mem_operand(c, mode, p, modrm, in);
}

/*
 * 63 /r in 64-bit mode: MOVSXD r64, r/m32 with REX.W; without it a plain
 * 32-bit MOV. The 16-bit form's behaviour differs between vendors: refused.
 * Outside 64-bit mode 63 is ARPL.
 */
static int decode_movsxd(struct cursor *c, enum hvx_insn_mode mode,
			 const struct prefixes *p, struct hvx_insn *in)
{
	u8 modrm;
	int err;

	if (mode != HVX_MODE_64 || operand_size(mode, p) == 2)
		return HVX_INSN_UNSUPPORTED;
	err = read_modrm(c, &modrm);
	if (err)
		return err;
	in->kind = HVX_INSN_LOAD;
	in->size = 4;
	in->reg_size = operand_size(mode, p);
	in->ext = in->reg_size == 8 ? HVX_EXT_SIGN : HVX_EXT_NONE;
	set_modrm_reg(in, p, modrm, in->reg_size);
	return decode_mem_operand(c, mode, p, modrm, in);
}

static bool is_string_op(u8 op)
{
	return op == 0xa4 || op == 0xa5 || op == 0xaa || op == 0xab ||
	       op == 0xac || op == 0xad;
}

static int decode_opcode(struct cursor *c, enum hvx_insn_mode mode,
			 const struct prefixes *p, u8 op, struct hvx_insn *in)
{
	if (is_string_op(op))
		return decode_string(mode, p, op, in);
	/* F2/F3 on anything else are other instructions or HLE hints. */
	if (p->rep)
		return HVX_INSN_UNSUPPORTED;
	switch (op) {
	case 0x88: case 0x89: case 0x8a: case 0x8b:
		return decode_mov(c, mode, p, op, in);
	case 0xc6: case 0xc7:
		return decode_mov_imm(c, mode, p, op, in);
	case 0xa0: case 0xa1: case 0xa2: case 0xa3:
		return decode_moffs(c, mode, p, op, in);
	case 0x0f:
		return decode_movx(c, mode, p, in);
	case 0x63:
		return decode_movsxd(c, mode, p, in);
	}
	return HVX_INSN_UNSUPPORTED;
}

enum hvx_insn_mode hvx_insn_mode_of(bool pe, bool vm86, bool lma, bool cs_l,
				    bool cs_d)
{
	if (!pe || vm86)
		return HVX_MODE_16;
	if (lma && cs_l)
		return HVX_MODE_64;
	return cs_d ? HVX_MODE_32 : HVX_MODE_16;
}

int hvx_insn_decode(const u8 *bytes, size_t avail, enum hvx_insn_mode mode,
		    struct hvx_insn *insn)
{
	struct cursor c = { .bytes = bytes, .pos = 0 };
	struct prefixes p = { .seg = NO_SEG };
	struct hvx_insn in = { 0 };
	u8 op;
	int err;

	c.avail = avail < HVX_INSN_MAX_LEN ? avail : HVX_INSN_MAX_LEN;
	*insn = in;
	if (mode != HVX_MODE_16 && mode != HVX_MODE_32 && mode != HVX_MODE_64)
		return HVX_INSN_UNSUPPORTED;
	err = read_prefixes(&c, mode, &p, &op);
	if (err)
		return err;
	in.addr_size = address_size(mode, &p);
	in.base = HVX_INSN_NO_REG;
	in.index = HVX_INSN_NO_REG;
	err = decode_opcode(&c, mode, &p, op, &in);
	if (err)
		return err;
	in.len = c.pos;
	*insn = in;
	return HVX_INSN_OK;
}

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

u64 hvx_insn_load_result(const struct hvx_insn *insn, u64 old, u64 data)
{
	unsigned int bits = 8 * insn->size;
	u64 v = data & size_mask(insn->size);

	if (insn->kind != HVX_INSN_LOAD && insn->kind != HVX_INSN_LODS)
		return old;
	if (insn->ext == HVX_EXT_SIGN && bits && bits < 64 &&
	    (v >> (bits - 1)) & 1)
		v |= ~size_mask(insn->size);
	switch (insn->reg_size) {
	case 1:
		if (insn->high_byte)
			return (old & ~0xff00ULL) | (v & 0xff) << 8;
		return (old & ~0xffULL) | (v & 0xff);
	case 2:
		return (old & ~0xffffULL) | (v & 0xffff);
	case 4:
		/* Zero-extended in 64-bit mode (vol. 1, 3.4.1.1); bits
		 * 63:32 are undefined elsewhere, and zero is what CPUs do.
		 */
		return v & 0xffffffffULL;
	}
	return v;
}

u64 hvx_insn_store_data(const struct hvx_insn *insn, u64 reg_val)
{
	if (insn->has_imm)
		return insn->imm & size_mask(insn->size);
	if (insn->high_byte)
		return (reg_val >> 8) & 0xff;
	return reg_val & size_mask(insn->size);
}

u64 hvx_insn_addr_mask(const struct hvx_insn *insn)
{
	return size_mask(insn->addr_size);
}

u64 hvx_insn_index_add(const struct hvx_insn *insn, u64 old, u64 delta)
{
	u64 mask = size_mask(insn->addr_size);
	u64 v = (old + delta) & mask;

	if (insn->addr_size == 2)
		return (old & ~mask) | v;
	return v;
}

const char *hvx_insn_status_text(int status)
{
	switch (status) {
	case HVX_INSN_OK:
		return "ok";
	case HVX_INSN_TRUNCATED:
		return "instruction truncated";
	case HVX_INSN_TOO_LONG:
		return "instruction longer than 15 bytes";
	case HVX_INSN_LOCK:
		return "LOCK prefix";
	case HVX_INSN_REG_FORM:
		return "register operand, not memory";
	case HVX_INSN_UNSUPPORTED:
		return "unsupported instruction";
	}
	return "unknown status";
}
