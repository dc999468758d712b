/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writing guest code in a test, and the guest->host reporting protocol.
 *
 * Guest code is assembly in the test file itself:
 *
 *	HVXT_GUEST_CODE(my_guest,
 *		".code64\n"
 *		"	mov $42, %eax\n"
 *		GUEST_REPORT
 *		GUEST_DONE
 *	);
 *
 * defines my_guest_start[] and my_guest_end[] (host addresses of the
 * bytes, which hvxt_load() copies into guest memory). The code runs at
 * HVXT_CODE_GPA, not where the host sees it: refer to a label of the
 * guest code through GUEST_ADDR(my_guest, label), which the assembler
 * computes as HVXT_CODE_GPA + (label - my_guest_start). The assembler is
 * back in .code64 after the block whatever mode the code ends in.
 *
 * The protocol, all port I/O, so it works in every guest mode:
 *
 *   OUT to HVXT_PORT_REPORT (0xe9), any size: "here is a value"; the host
 *	takes the whole of RAX (GET_REGS), so 64-bit guests report 64 bits.
 *   OUT to HVXT_PORT_DONE (0xea): the guest finished; the test goes on.
 *   OUT to HVXT_PORT_ASSERT (0xeb), EAX = a line number of the test file:
 *	a guest check failed there; the host fails the test with that line.
 *
 * The GUEST_* macros below emit these; GUEST_ASSERT_* compare and report a
 * failure with the line of the test where the macro is written.
 */
#ifndef HVX_GUEST_ASM_H
#define HVX_GUEST_ASM_H

#define HVXT_PORT_REPORT	0xe9
#define HVXT_PORT_DONE		0xea
#define HVXT_PORT_ASSERT	0xeb

#define HVXT_STR(x)	#x
#define HVXT_XSTR(x)	HVXT_STR(x)

/* The guest load address, as text for the assembler. */
#define HVXT_CODE_GPA_TEXT	"0x1000"

#define HVXT_GUEST_CODE(name, body)					\
	extern const unsigned char name##_start[], name##_end[];	\
	asm(".pushsection .rodata.hvxt_guest, \"a\"\n"			\
	    ".balign 16\n"						\
	    #name "_start:\n"						\
	    body							\
	    "\n" #name "_end:\n"					\
	    ".code64\n"							\
	    ".popsection\n")

/* Declare a label of guest code for the host (e.g. an entry point). */
#define HVXT_GUEST_LABEL(label) extern const unsigned char label[]

/* The guest-physical address of @label, as assembler text. */
#define GUEST_ADDR(name, label) \
	"(" #label " - " #name "_start + " HVXT_CODE_GPA_TEXT ")"

/* Report RAX (EAX in 16/32-bit code) to the host. */
#define GUEST_REPORT \
	"	out %eax, $" HVXT_XSTR(HVXT_PORT_REPORT) "\n"

/* Report a register or immediate (clobbers RAX). */
#define GUEST_REPORT64(src) \
	"	mov " src ", %rax\n" GUEST_REPORT
#define GUEST_REPORT32(src) \
	"	mov " src ", %eax\n" GUEST_REPORT

/* Tell the host we are done; spin on HLT should it run us again. */
#define GUEST_DONE \
	"	out %al, $" HVXT_XSTR(HVXT_PORT_DONE) "\n" \
	"9990:	hlt\n" \
	"	jmp 9990b\n"

/* A failed guest check at this line of the test (clobbers EAX). */
#define GUEST_FAIL \
	"	mov $" HVXT_XSTR(__LINE__) ", %eax\n" \
	"	out %eax, $" HVXT_XSTR(HVXT_PORT_ASSERT) "\n" \
	"9991:	hlt\n" \
	"	jmp 9991b\n"

/* Fail unless operand @a equals @b (AT&T cmp order: cmp b, a). */
#define GUEST_ASSERT_EQ(a, b) \
	"	cmp " b ", " a "\n" \
	"	je 9992f\n" \
	"	mov $" HVXT_XSTR(__LINE__) ", %eax\n" \
	"	out %eax, $" HVXT_XSTR(HVXT_PORT_ASSERT) "\n" \
	"9993:	hlt\n" \
	"	jmp 9993b\n" \
	"9992:\n"

#endif /* HVX_GUEST_ASM_H */
