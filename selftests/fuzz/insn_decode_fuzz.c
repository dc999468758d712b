// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the MMIO instruction decoder. Input: one byte whose
 * value modulo 3 picks the mode (16-, 32-, 64-bit), then the instruction
 * bytes, all of them available. Beyond "no crash, no undefined behaviour"
 * it checks that every result is well-formed, that the length is exact
 * (the same bytes cut at the length decode the same, one byte shorter is
 * truncated), that a refusal leaves a zeroed result, and that an input
 * starting with a reference-table encoding decodes as the table says.
 */
#include <stdlib.h>
#include <string.h>
#include "insn_decode_cases.h"

#define CHECK(cond)	do { if (!(cond)) abort(); } while (0)

static bool valid_size(unsigned int s)
{
	return s == 1 || s == 2 || s == 4 || s == 8;
}

static u64 mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

static bool zeroed(const struct hvx_insn *in)
{
	static const struct hvx_insn zero;

	return insn_same(in, &zero);
}

static void check_well_formed(const struct hvx_insn *in, size_t avail)
{
	bool string = in->kind >= HVX_INSN_MOVS;

	CHECK(in->len >= 1 && in->len <= HVX_INSN_MAX_LEN && in->len <= avail);
	CHECK(in->kind >= HVX_INSN_LOAD && in->kind <= HVX_INSN_LODS);
	CHECK(valid_size(in->size));
	CHECK(in->addr_size == 2 || in->addr_size == 4 || in->addr_size == 8);
	CHECK(in->seg <= HVX_SEG_GS);
	CHECK(in->reg <= 15);
	CHECK(in->ext <= HVX_EXT_SIGN);
	CHECK(!in->rep || string);
	CHECK(!in->has_imm || in->kind == HVX_INSN_STORE);
	CHECK(!in->has_imm || !(in->imm & ~mask(in->size)));
	CHECK(in->has_imm || in->imm == 0);
	CHECK(!in->high_byte || (in->reg <= 3 && in->size == 1));
	if (in->kind == HVX_INSN_STOS)
		CHECK(in->seg == HVX_SEG_ES);
	if (string || in->kind == HVX_INSN_STORE)
		CHECK(in->ext == HVX_EXT_NONE);
	if (in->kind == HVX_INSN_LOAD || in->kind == HVX_INSN_LODS) {
		CHECK(valid_size(in->reg_size) && in->reg_size >= in->size);
		CHECK(in->ext != HVX_EXT_NONE || in->reg_size == in->size);
	}
}

/* The load, store and index helpers keep the bits they must keep. */
static void check_helpers(const struct hvx_insn *in, u64 a, u64 b)
{
	u64 v, am = mask(in->addr_size);

	CHECK(!(hvx_insn_store_data(in, a) & ~mask(in->size)));
	v = hvx_insn_index_add(in, a, b);
	CHECK((v & am) == ((a + b) & am));
	CHECK((v & ~am) == (in->addr_size == 2 ? a & ~am : 0));
	CHECK(hvx_insn_addr_mask(in) == am);
	v = hvx_insn_load_result(in, a, b);
	if (in->kind != HVX_INSN_LOAD && in->kind != HVX_INSN_LODS) {
		CHECK(v == a);
		return;
	}
	if (in->high_byte) {
		CHECK(!((v ^ a) & ~0xff00ULL) && ((v >> 8) & 0xff) == (b & 0xff));
		return;
	}
	/* The loaded bits arrive unchanged; the rest as the width says. */
	CHECK((v & mask(in->size)) == (b & mask(in->size)));
	if (in->reg_size < 4)
		CHECK(!((v ^ a) & ~mask(in->reg_size)));
	else if (in->reg_size == 4)
		CHECK(!(v >> 32));
	if (in->ext == HVX_EXT_ZERO)
		CHECK(!(v & mask(in->reg_size) & ~mask(in->size)));
}

static void check_reference(enum hvx_insn_mode mode, const u8 *bytes,
			    size_t avail, int st, const struct hvx_insn *in)
{
	size_t i;

	for (i = 0; i < nr_insn_cases; i++) {
		const struct insn_case *c = &insn_cases[i];

		if (c->mode != mode || c->n > avail || c->n == 0 ||
		    c->status == HVX_INSN_TRUNCATED ||
		    memcmp(c->bytes, bytes, c->n))
			continue;
		CHECK(st == c->status);
		if (st == HVX_INSN_OK)
			CHECK(insn_same(in, &c->want));
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct hvx_insn in, again;
	enum hvx_insn_mode mode;
	const u8 *bytes;
	size_t avail;
	int st;

	if (size < 1)
		return 0;
	mode = (enum hvx_insn_mode)(data[0] % 3);
	bytes = data + 1;
	avail = size - 1;
	st = hvx_insn_decode(bytes, avail, mode, &in);
	CHECK(st >= HVX_INSN_OK && st <= HVX_INSN_UNSUPPORTED);
	check_reference(mode, bytes, avail, st, &in);
	if (st != HVX_INSN_OK) {
		CHECK(zeroed(&in));
		/* With all 15 bytes there, nothing is missing. */
		CHECK(st != HVX_INSN_TRUNCATED || avail < HVX_INSN_MAX_LEN);
		return 0;
	}
	check_well_formed(&in, avail);
	CHECK(hvx_insn_decode(bytes, in.len, mode, &again) == HVX_INSN_OK);
	CHECK(insn_same(&in, &again));
	CHECK(hvx_insn_decode(bytes, in.len - 1, mode, &again) ==
	      HVX_INSN_TRUNCATED);
	if (avail >= 17) {
		u64 a, b;

		memcpy(&a, bytes + avail - 16, 8);
		memcpy(&b, bytes + avail - 8, 8);
		check_helpers(&in, a, b);
	}
	return 0;
}
