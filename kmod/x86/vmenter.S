/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The world switch, and nothing else.
 *
 * int vmx_enter(struct hvx_vcpu_arch *arch, bool launched)
 *   in:   %rdi = arch, whose first members are regs[16] (guest GPRs by
 *         x86 register number; the RSP slot is unused) and cr2;
 *         %sil = nonzero to VMRESUME, zero to VMLAUNCH.
 *         The VMCS is current and its host state is set, but HOST_RSP,
 *         which is written here.
 *   out:  %eax = 0 after a VM exit, with the guest GPRs and CR2 stored
 *         back into arch; 1 if VMLAUNCH/VMRESUME failed (VMfail, or #UD
 *         after an emergency VMXOFF).
 *   clobbers: every caller-saved register; guest values never survive
 *         in a register past the exit.
 * Interrupts are off on entry and stay off.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>
#include <asm/segment.h>
#include <asm/unwind_hints.h>

#define REG(n)		((n) * 8)
#define ARCH_CR2	(16 * 8)
#define HOST_RSP_FIELD	0x6c14

.section .noinstr.text, "ax"

SYM_FUNC_START(vmx_enter)
	push	%rbp
	mov	%rsp, %rbp
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%rbx
	push	%rdi

	mov	$HOST_RSP_FIELD, %eax
	vmwrite	%rsp, %rax
	jbe	.Lfail

	mov	ARCH_CR2(%rdi), %rax
	mov	%rax, %cr2

	/* CF from this test survives the loads and VERW (which sets ZF). */
	bt	$0, %esi

	mov	REG(0)(%rdi), %rax
	mov	REG(1)(%rdi), %rcx
	mov	REG(2)(%rdi), %rdx
	mov	REG(3)(%rdi), %rbx
	mov	REG(5)(%rdi), %rbp
	mov	REG(6)(%rdi), %rsi
	mov	REG(8)(%rdi), %r8
	mov	REG(9)(%rdi), %r9
	mov	REG(10)(%rdi), %r10
	mov	REG(11)(%rdi), %r11
	mov	REG(12)(%rdi), %r12
	mov	REG(13)(%rdi), %r13
	mov	REG(14)(%rdi), %r14
	mov	REG(15)(%rdi), %r15
	mov	REG(7)(%rdi), %rdi

	VM_CLEAR_CPU_BUFFERS

	UNWIND_HINT_SAVE
	jc	.Lvmresume
.Lvmlaunch:
	vmlaunch
	jmp	.Lfail
.Lvmresume:
	vmresume
	jmp	.Lfail

	_ASM_EXTABLE(.Lvmlaunch, .Lfail)
	_ASM_EXTABLE(.Lvmresume, .Lfail)

SYM_INNER_LABEL(vmx_vmexit, SYM_L_GLOBAL)
	UNWIND_HINT_RESTORE
	ENDBR
	/* The host RSP points at the saved arch pointer. */
	push	%rdi
	mov	8(%rsp), %rdi
	mov	%rax, REG(0)(%rdi)
	mov	%rcx, REG(1)(%rdi)
	mov	%rdx, REG(2)(%rdi)
	mov	%rbx, REG(3)(%rdi)
	mov	%rbp, REG(5)(%rdi)
	mov	%rsi, REG(6)(%rdi)
	mov	%r8, REG(8)(%rdi)
	mov	%r9, REG(9)(%rdi)
	mov	%r10, REG(10)(%rdi)
	mov	%r11, REG(11)(%rdi)
	mov	%r12, REG(12)(%rdi)
	mov	%r13, REG(13)(%rdi)
	mov	%r14, REG(14)(%rdi)
	mov	%r15, REG(15)(%rdi)
	pop	REG(7)(%rdi)
	mov	%cr2, %rax
	mov	%rax, ARCH_CR2(%rdi)

	/* No guest value may steer host speculation. */
	xor	%eax, %eax
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%ebp, %ebp
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d

	/* The guest may have poisoned the return stack buffer. */
	FILL_RETURN_BUFFER %rcx, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT, \
			   X86_FEATURE_RSB_VMEXIT_LITE
	CLEAR_BRANCH_HISTORY_VMEXIT

	xor	%eax, %eax
	jmp	.Lout

.Lfail:
	mov	$1, %eax
.Lout:
	add	$8, %rsp
	pop	%rbx
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	pop	%rbp
	RET
SYM_FUNC_END(vmx_enter)

/*
 * void vmx_do_nmi_irqoff(void)
 * Runs the host's NMI handler for an NMI that caused a VM exit, on an
 * interrupt frame of its own so that the handler's IRET returns here.
 */
.section .text, "ax"
SYM_FUNC_START(vmx_do_nmi_irqoff)
	push	%rbp
	mov	%rsp, %rbp
	and	$-16, %rsp
	push	$__KERNEL_DS
	push	%rbp
	pushf
	push	$__KERNEL_CS
	call	asm_exc_nmi_noist
	leave
	RET
SYM_FUNC_END(vmx_do_nmi_irqoff)
