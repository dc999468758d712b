/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The decoder's reference table (insn_decode_cases.c), shared by its
 * unit test and its fuzzer: encodings with the decoding each must give.
 */
#ifndef HVX_INSN_DECODE_CASES_H
#define HVX_INSN_DECODE_CASES_H

#include "insn_decode.h"

#define M16	HVX_MODE_16
#define M32	HVX_MODE_32
#define M64	HVX_MODE_64

enum {
	RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
	R8, R9, R10, R11, R12, R13, R14, R15
};

struct insn_case {
	const char *text;	/* objdump's disassembly, or why it's refused */
	enum hvx_insn_mode mode;
	unsigned int n;		/* bytes given to the decoder */
	u8 bytes[16];
	int status;
	struct hvx_insn want;
};

extern const struct insn_case insn_cases[];
extern const unsigned int nr_insn_cases;

/* Do @a and @b say the same about an instruction? */
bool insn_same(const struct hvx_insn *a, const struct hvx_insn *b);

#endif /* HVX_INSN_DECODE_CASES_H */
