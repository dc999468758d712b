/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hello.S: a real-mode guest for `hvx run --raw hello.bin`.
 *
 * It greets through the debug console (port 0xE9), then prints a few
 * things it can only know by running: its mode from CR0, the address it
 * runs at, the CPU vendor from CPUID and a small sum. Then it halts,
 * which ends the run with exit status 0.
 *
 * A flat binary for hvx run's defaults: loaded and entered at 0x1000 in
 * real mode, CS = DS = ES = SS = 0, SP = 0.
 *
 * Build: as hello.S -o hello.o && objcopy -O binary hello.o hello.bin
 */
	.code16

	.set LOAD_ADDR, 0x1000
	.set DEBUGCON, 0xe9

/* The run-time address of a label: the file starts at LOAD_ADDR. */
	.macro addr_of label, reg
	mov	$(LOAD_ADDR + \label - start), \reg
	.endm

	.macro print label
	addr_of	\label, %si
	call	puts
	.endm

	.text
start:
	cld
	print	hello

	/* CR0.PE clear: real mode. */
	print	mode_msg
	mov	%cr0, %eax
	addr_of	real_msg, %si
	test	$1, %al
	jz	1f
	addr_of	protected_msg, %si
1:	call	puts

	/* CALL pushes the address of the next instruction. */
	print	where_msg
	call	2f
2:	pop	%ax
	call	print_hex16
	print	newline

	/* CPUID leaf 0: the vendor string, in EBX, EDX, ECX. */
	print	cpu_msg
	xor	%eax, %eax
	cpuid
	mov	%ebx, LOAD_ADDR + vendor - start
	mov	%edx, LOAD_ADDR + vendor - start + 4
	mov	%ecx, LOAD_ADDR + vendor - start + 8
	print	vendor
	print	newline

	/* 1 + 2 + ... + 100 */
	print	sum_msg
	xor	%ax, %ax
	mov	$100, %cx
3:	add	%cx, %ax
	loop	3b
	call	print_dec
	print	newline

	/* Nothing can wake us: hvx ends the run with status 0. */
halt:
	hlt
	jmp	halt

/* Print the NUL-terminated string at DS:SI. */
puts:
	lodsb
	test	%al, %al
	jz	1f
	out	%al, $DEBUGCON
	jmp	puts
1:	ret

/* Print AX in decimal. */
print_dec:
	mov	$10, %bx
	xor	%cx, %cx
1:	xor	%dx, %dx
	div	%bx
	push	%dx
	inc	%cx
	test	%ax, %ax
	jnz	1b
2:	pop	%ax
	add	$'0', %al
	out	%al, $DEBUGCON
	loop	2b
	ret

/* Print AX as 0x and four hex digits. */
print_hex16:
	mov	%ax, %dx
	mov	$'0', %al
	out	%al, $DEBUGCON
	mov	$'x', %al
	out	%al, $DEBUGCON
	mov	$4, %cx
1:	rol	$4, %dx
	mov	%dl, %al
	and	$0xf, %al
	add	$'0', %al
	cmp	$'9', %al
	jbe	2f
	add	$('a' - '9' - 1), %al
2:	out	%al, $DEBUGCON
	loop	1b
	ret

hello:		.asciz	"Hello from a hvx guest\n"
mode_msg:	.asciz	"mode: "
real_msg:	.asciz	"real (CR0.PE=0)\n"
protected_msg:	.asciz	"protected (CR0.PE=1)\n"
where_msg:	.asciz	"running at "
cpu_msg:	.asciz	"CPU: "
sum_msg:	.asciz	"1 + 2 + ... + 100 = "
newline:	.asciz	"\n"
vendor:		.fill	12, 1, 0
		.byte	0
