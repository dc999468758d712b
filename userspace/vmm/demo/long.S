/* SPDX-License-Identifier: GPL-2.0 */
/*
 * long.S: a 64-bit guest for `hvx run --mode long --raw long.bin`.
 *
 * hvx run starts it in long mode with the first 4 GiB identity-mapped.
 * It prints what it finds (EFER, CR0, CR4), checks that it really is
 * in long mode with paging on, does some 64-bit arithmetic and leaves
 * through the debug-exit port (0xF4): status 0 when every check passed,
 * 1 otherwise.
 *
 * Position-independent (RIP-relative), so any load address works.
 *
 * Build: as long.S -o long.o && objcopy -O binary long.o long.bin
 */
	.code64

	.set DEBUGCON, 0xe9
	.set DEBUG_EXIT, 0xf4
	.set MSR_EFER, 0xc0000080
	.set EFER_LMA, 10
	.set CR0_PG, 31

	.macro print label
	lea	\label(%rip), %rsi
	call	puts
	.endm

	.text
start:
	cld
	print	hello

	mov	$MSR_EFER, %ecx
	rdmsr
	shl	$32, %rdx
	or	%rdx, %rax
	mov	%rax, %r12
	print	efer_msg
	mov	%r12, %rax
	call	print_hex

	print	cr0_msg
	mov	%cr0, %rax
	mov	%rax, %r13
	call	print_hex

	print	cr4_msg
	mov	%cr4, %rax
	call	print_hex

	/* fib(90) needs 62 bits. */
	print	fib_msg
	xor	%eax, %eax
	mov	$1, %ebx
	mov	$90, %ecx
1:	xadd	%rax, %rbx		/* (a, b) = (b, a + b) */
	loop	1b
	call	print_dec
	print	newline

	bt	$EFER_LMA, %r12
	jnc	fail
	bt	$CR0_PG, %r13
	jnc	fail
	print	ok_msg
	xor	%eax, %eax
	out	%al, $DEBUG_EXIT
	jmp	halt

fail:
	print	fail_msg
	mov	$1, %al
	out	%al, $DEBUG_EXIT
halt:
	hlt
	jmp	halt

/* Print the NUL-terminated string at RSI. */
puts:
	lodsb
	test	%al, %al
	jz	1f
	out	%al, $DEBUGCON
	jmp	puts
1:	ret

/* Print RAX in decimal. */
print_dec:
	mov	$10, %ebx
	xor	%ecx, %ecx
1:	xor	%edx, %edx
	div	%rbx
	push	%rdx
	inc	%ecx
	test	%rax, %rax
	jnz	1b
2:	pop	%rax
	add	$'0', %al
	out	%al, $DEBUGCON
	loop	2b
	ret

/* Print RAX as 0x and sixteen hex digits, then a newline. */
print_hex:
	mov	%rax, %rdx
	mov	$'0', %al
	out	%al, $DEBUGCON
	mov	$'x', %al
	out	%al, $DEBUGCON
	mov	$16, %ecx
1:	rol	$4, %rdx
	mov	%dl, %al
	and	$0xf, %al
	add	$'0', %al
	cmp	$'9', %al
	jbe	2f
	add	$('a' - '9' - 1), %al
2:	out	%al, $DEBUGCON
	loop	1b
	mov	$'\n', %al
	out	%al, $DEBUGCON
	ret

hello:		.asciz	"Hello from a hvx guest in 64-bit long mode\n"
efer_msg:	.asciz	"EFER  "
cr0_msg:	.asciz	"CR0   "
cr4_msg:	.asciz	"CR4   "
fib_msg:	.asciz	"fib(90) = "
ok_msg:		.asciz	"long mode and paging: ok\n"
fail_msg:	.asciz	"long mode or paging missing!\n"
newline:	.asciz	"\n"
