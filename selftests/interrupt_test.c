// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupts from a userspace interrupt controller: HVX_INTERRUPT only
 * when the guest can take one (EBUSY otherwise), interrupt-window exits
 * after STI and its shadow, delivery to the IDT handler of exactly the
 * vector injected, waking a HLT; NMIs with HVX_NMI, blocked inside the
 * NMI handler until IRET; HVX_GET/SET_VCPU_EVENTS round trips and every
 * input they refuse.
 *
 * The guest's IDT has 256 gates. Each stub reports its vector, then (for
 * exceptions with an error code) the error code, then the interrupted
 * RIP from the frame, and returns. Vector 2 has its own handler, which
 * counts NMIs and reports twice (entry, just before IRET).
 */
#include "hvx_harness.h"
#include "hvx_devices.h"

#define IDT_GPA		0x30000
#define NMI_COUNT	0x20000		/* a dword the NMI handler increments */

HVXT_GUEST_CODE(irq,
	".code64\n"
	/* EBUSY while IF=0, then an interrupt once IF=1 */
	"irq_busy:\n"
	"	cli\n"
	"	mov $1, %eax\n"
	GUEST_REPORT
	"	sti\n"
	"	nop\n"
	"	mov $2, %eax\n"
	GUEST_REPORT
	"irq_busy_after:\n"
	"	mov $3, %eax\n"
	GUEST_REPORT
	GUEST_DONE

	/* the interrupt window opens after STI and the instruction after */
	"irq_win:\n"
	"	cli\n"
	"	mov $1, %eax\n"
	GUEST_REPORT
	"	mov $2, %eax\n"
	GUEST_REPORT
	"	sti\n"
	"	nop\n"
	"irq_win_open:\n"
	"	mov $3, %eax\n"
	GUEST_REPORT
	"irq_win_done:\n"
	GUEST_DONE

	/* sti; hlt */
	"irq_hlt:\n"
	"	cli\n"
	"	sti\n"
	"	hlt\n"
	"irq_hlt_after:\n"
	"	mov $0x99, %eax\n"
	GUEST_REPORT
	GUEST_DONE

	/* an idle loop */
	"irq_idle:\n"
	"	sti\n"
	"irq_idle_hlt:\n"
	"	hlt\n"
	"irq_idle_after:\n"
	"	jmp irq_idle_hlt\n"

	/* an IN with interrupts enabled */
	"irq_in:\n"
	"	sti\n"
	"	nop\n"
	"	in $0x60, %al\n"
	"irq_in_after:\n"
	"	movzbl %al, %eax\n"
	GUEST_REPORT
	GUEST_DONE

	/* NMIs, with IF=0 all along */
	"irq_nmi:\n"
	"	cli\n"
	"	mov $1, %eax\n"
	GUEST_REPORT
	"1:	cmpl $2, " HVXT_XSTR(NMI_COUNT) "\n"
	"	jne 1b\n"
	"	mov $0x400, %eax\n"
	GUEST_REPORT
	GUEST_DONE

	"irq_nmi_handler:\n"
	"	push %rax\n"
	"	incl " HVXT_XSTR(NMI_COUNT) "\n"
	"	mov " HVXT_XSTR(NMI_COUNT) ", %eax\n"
	"	or $0x200, %eax\n"
	GUEST_REPORT
	"	mov " HVXT_XSTR(NMI_COUNT) ", %eax\n"
	"	or $0x300, %eax\n"
	GUEST_REPORT
	"	pop %rax\n"
	"	iretq\n"

	/* 256 stubs, 16 bytes apart */
	".balign 16\n"
	"irq_stubs:\n"
	".set irq_vec, 0\n"
	".rept 256\n"
	".balign 16\n"
	"	push %rax\n"
	"	mov $irq_vec, %eax\n"
	".if (irq_vec == 8) || ((irq_vec >= 10) && (irq_vec <= 14)) || (irq_vec == 17) || (irq_vec == 21) || (irq_vec == 29) || (irq_vec == 30)\n"
	"	jmp irq_common_err\n"
	".else\n"
	"	jmp irq_common\n"
	".endif\n"
	".set irq_vec, irq_vec + 1\n"
	".endr\n"
	"irq_common:\n"
	GUEST_REPORT
	"	mov 8(%rsp), %rax\n"
	GUEST_REPORT
	"	pop %rax\n"
	"	iretq\n"
	"irq_common_err:\n"
	GUEST_REPORT
	"	mov 8(%rsp), %rax\n"
	GUEST_REPORT
	"	mov 16(%rsp), %rax\n"
	GUEST_REPORT
	"	pop %rax\n"
	"	add $8, %rsp\n"
	"	iretq\n"
);
HVXT_GUEST_LABEL(irq_busy);
HVXT_GUEST_LABEL(irq_busy_after);
HVXT_GUEST_LABEL(irq_win);
HVXT_GUEST_LABEL(irq_win_open);
HVXT_GUEST_LABEL(irq_win_done);
HVXT_GUEST_LABEL(irq_hlt);
HVXT_GUEST_LABEL(irq_hlt_after);
HVXT_GUEST_LABEL(irq_idle);
HVXT_GUEST_LABEL(irq_idle_hlt);
HVXT_GUEST_LABEL(irq_idle_after);
HVXT_GUEST_LABEL(irq_nmi);
HVXT_GUEST_LABEL(irq_in);
HVXT_GUEST_LABEL(irq_in_after);
HVXT_GUEST_LABEL(irq_nmi_handler);
HVXT_GUEST_LABEL(irq_stubs);

#define IRQ(label)	HVXT_CODE_ADDR(irq_start, label)

static struct hvxt_vcpu *irq_vm(const void *entry)
{
	struct hvxt_vcpu *vcpu = hvxt_vm_with_code(HVX_MODE_LONG, irq_start,
						   irq_end, entry);

	hvxt_idt64_install(vcpu, IDT_GPA, IRQ(irq_stubs), 16, 256);
	hvxt_idt64_set(vcpu, IDT_GPA, 2, IRQ(irq_nmi_handler));
	return vcpu;
}

static long inject(struct hvxt_vcpu *vcpu, uint32_t vector, uint32_t flags)
{
	struct hvx_interrupt irq = { .vector = vector, .flags = flags };

	return hvxt_raw_ioctl(vcpu->fd, HVX_INTERRUPT, &irq);
}

static long nmi(struct hvxt_vcpu *vcpu)
{
	return hvxt_raw_ioctl_arg(vcpu->fd, HVX_NMI, 0);
}

static void get_events(struct hvxt_vcpu *vcpu, struct hvx_vcpu_events *e)
{
	memset(e, 0xa5, sizeof(*e));
	HVXT_OK(hvxt_raw_ioctl(vcpu->fd, HVX_GET_VCPU_EVENTS, e));
}

static long set_events(struct hvxt_vcpu *vcpu, const struct hvx_vcpu_events *e)
{
	return hvxt_raw_ioctl(vcpu->fd, HVX_SET_VCPU_EVENTS, e);
}

/* Run; the next exit must be a report of @value. */
#define EXPECT_REPORT(vcpu, value) do {					\
	uint64_t __v = HVXT_RUN_UNTIL_REPORT(vcpu);			\
	if (__v != (uint64_t)(value))					\
		TH_LOG("report %#llx, expected %#llx",			\
		       (unsigned long long)__v,				\
		       (unsigned long long)(value));			\
	ASSERT_EQ((uint64_t)(value), __v);				\
} while (0)

/* ------------------------------------------------------------------ */

TEST(ebusy_while_interrupts_disabled)
{
	struct hvxt_vcpu *vcpu = irq_vm(irq_busy);
	struct hvx_run *run = vcpu->run;

	ASSERT_EQ(1, hvx_check_extension(vcpu->vm->sys_fd, HVX_CAP_INTERRUPTS));
	EXPECT_REPORT(vcpu, 1);
	EXPECT_EQ(0, run->if_flag);
	EXPECT_EQ(0, run->ready_for_interrupt_injection);
	ASSERT_ERRNO(EBUSY, inject(vcpu, 0x40, 0));

	EXPECT_REPORT(vcpu, 2);
	EXPECT_EQ(1, run->if_flag);
	EXPECT_EQ(1, run->ready_for_interrupt_injection);
	ASSERT_EQ(0, inject(vcpu, 0x40, 0));
	/* One at a time, as on a real INTR line */
	ASSERT_ERRNO(EBUSY, inject(vcpu, 0x41, 0));

	/* The handler of vector 0x40 runs before the next instruction. */
	EXPECT_REPORT(vcpu, 0x40);
	EXPECT_REPORT(vcpu, IRQ(irq_busy_after));
	EXPECT_REPORT(vcpu, 3);
	HVXT_RUN_UNTIL_DONE(vcpu);
	EXPECT_EQ(5, vcpu->nr_reports);
}

TEST(interrupt_window_after_sti)
{
	struct hvxt_vcpu *vcpu = irq_vm(irq_win);
	struct hvx_run *run = vcpu->run;
	struct hvx_regs r;

	EXPECT_REPORT(vcpu, 1);
	run->request_interrupt_window = 1;
	/* IF=0: the report comes first, no window */
	EXPECT_REPORT(vcpu, 2);
	EXPECT_EQ(0, run->ready_for_interrupt_injection);

	/* STI, then the NOP in its shadow, then the window */
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_IRQ_WINDOW_OPEN);
	hvxt_get_regs(vcpu, &r);
	EXPECT_EQ(IRQ(irq_win_open), r.rip);
	EXPECT_EQ(1, run->if_flag);
	EXPECT_EQ(1, run->ready_for_interrupt_injection);

	run->request_interrupt_window = 0;
	ASSERT_EQ(0, inject(vcpu, 0x41, 0));
	EXPECT_REPORT(vcpu, 0x41);
	EXPECT_REPORT(vcpu, IRQ(irq_win_open));
	EXPECT_REPORT(vcpu, 3);

	/* Asked for while open: it exits at once, where the guest is. */
	run->request_interrupt_window = 1;
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_IRQ_WINDOW_OPEN);
	EXPECT_EQ(IRQ(irq_win_done), hvxt_get_rip(vcpu));
	run->request_interrupt_window = 0;
	HVXT_RUN_UNTIL_DONE(vcpu);
}

TEST(sti_hlt_then_interrupt)
{
	struct hvxt_vcpu *vcpu = irq_vm(irq_hlt);
	struct hvx_run *run = vcpu->run;

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	EXPECT_EQ(IRQ(irq_hlt_after), hvxt_get_rip(vcpu));
	/* The HLT ended the STI shadow: an interrupt may go in now. */
	EXPECT_EQ(1, run->if_flag);
	EXPECT_EQ(1, run->ready_for_interrupt_injection);
	ASSERT_EQ(0, inject(vcpu, 0x50, 0));
	/* The handler, then after the HLT */
	EXPECT_REPORT(vcpu, 0x50);
	EXPECT_REPORT(vcpu, IRQ(irq_hlt_after));
	EXPECT_REPORT(vcpu, 0x99);
	HVXT_RUN_UNTIL_DONE(vcpu);
}

TEST(each_vector_reaches_its_handler)
{
	/* (not 17, 21, 29, 30: their stubs expect an exception's error code) */
	static const uint32_t vectors[] = {
		16, 18, 31, 32, 0x40, 0x7f, 0x80, 0x81, 200, 0xfe, 0xff,
	};
	struct hvxt_vcpu *vcpu = irq_vm(irq_idle);
	unsigned int i;

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		ASSERT_EQ(1, vcpu->run->ready_for_interrupt_injection);
		ASSERT_EQ(0, inject(vcpu, vectors[i], 0));
		EXPECT_REPORT(vcpu, vectors[i]);
		EXPECT_REPORT(vcpu, IRQ(irq_idle_after));
		hvxt_run(vcpu);
		HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	}
}

/* ------------------------------------------------------------------ */

TEST(nmi_blocked_until_iret)
{
	struct hvxt_vcpu *vcpu = irq_vm(irq_nmi);
	struct hvx_vcpu_events e;

	EXPECT_REPORT(vcpu, 1);
	EXPECT_EQ(0, vcpu->run->if_flag);
	ASSERT_EQ(0, nmi(vcpu));
	/* A second one while the first is pending */
	ASSERT_ERRNO(EBUSY, nmi(vcpu));
	get_events(vcpu, &e);
	EXPECT_EQ(1, e.nmi.pending);
	EXPECT_EQ(0, e.nmi.masked);

	/* Vector 2's handler, IF=0 notwithstanding */
	EXPECT_REPORT(vcpu, 0x201);
	get_events(vcpu, &e);
	EXPECT_EQ(0, e.nmi.pending);
	EXPECT_EQ(1, e.nmi.masked);
	/* Another NMI now waits for the IRET. */
	ASSERT_EQ(0, nmi(vcpu));
	get_events(vcpu, &e);
	EXPECT_EQ(1, e.nmi.pending);
	EXPECT_EQ(1, e.nmi.masked);
	EXPECT_REPORT(vcpu, 0x301);
	EXPECT_REPORT(vcpu, 0x202);
	EXPECT_REPORT(vcpu, 0x302);
	EXPECT_REPORT(vcpu, 0x400);
	HVXT_RUN_UNTIL_DONE(vcpu);
	get_events(vcpu, &e);
	EXPECT_EQ(0, e.nmi.pending);
	EXPECT_EQ(0, e.nmi.masked);
}

/* ------------------------------------------------------------------ */

static void expect_events_eq(struct __test_metadata *_metadata,
			     const struct hvx_vcpu_events *want,
			     const struct hvx_vcpu_events *got)
{
	EXPECT_EQ(want->exception.pending, got->exception.pending);
	EXPECT_EQ(want->exception.vector, got->exception.vector);
	EXPECT_EQ(want->exception.has_error_code, got->exception.has_error_code);
	EXPECT_EQ(want->exception.error_code, got->exception.error_code);
	EXPECT_EQ(want->interrupt.pending, got->interrupt.pending);
	EXPECT_EQ(want->interrupt.vector, got->interrupt.vector);
	EXPECT_EQ(want->interrupt.shadow, got->interrupt.shadow);
	EXPECT_EQ(want->nmi.pending, got->nmi.pending);
	EXPECT_EQ(want->nmi.masked, got->nmi.masked);
	/* and every pad, flag and reserved word is zero */
	EXPECT_EQ(0, memcmp(want, got, sizeof(*want)));
}

TEST(vcpu_events_round_trip)
{
	struct hvxt_vcpu *vcpu = irq_vm(irq_idle);
	struct hvx_vcpu_events e, got, zero;

	memset(&zero, 0, sizeof(zero));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &zero, &got);

	/* An interrupt: saved, restored, delivered */
	memset(&e, 0, sizeof(e));
	e.interrupt.pending = 1;
	e.interrupt.vector = 0x61;
	ASSERT_EQ(0, set_events(vcpu, &e));
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &e, &got);
	EXPECT_REPORT(vcpu, 0x61);
	EXPECT_REPORT(vcpu, IRQ(irq_idle_after));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &zero, &got);

	/* An exception with an error code */
	memset(&e, 0, sizeof(e));
	e.exception.pending = 1;
	e.exception.vector = 13;
	e.exception.has_error_code = 1;
	e.exception.error_code = 0x18;
	ASSERT_EQ(0, set_events(vcpu, &e));
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &e, &got);
	EXPECT_REPORT(vcpu, 13);
	EXPECT_REPORT(vcpu, 0x18);
	EXPECT_REPORT(vcpu, IRQ(irq_idle_after));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);

	/* An exception without one */
	memset(&e, 0, sizeof(e));
	e.exception.pending = 1;
	e.exception.vector = 6;
	ASSERT_EQ(0, set_events(vcpu, &e));
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &e, &got);
	EXPECT_REPORT(vcpu, 6);
	EXPECT_REPORT(vcpu, IRQ(irq_idle_after));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);

	/* NMI pending and masked: it stays pending */
	memset(&e, 0, sizeof(e));
	e.nmi.pending = 1;
	e.nmi.masked = 1;
	ASSERT_EQ(0, set_events(vcpu, &e));
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &e, &got);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &e, &got);
	/* unmasked: delivered */
	e.nmi.masked = 0;
	ASSERT_EQ(0, set_events(vcpu, &e));
	EXPECT_REPORT(vcpu, 0x201);
	EXPECT_REPORT(vcpu, 0x301);
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &zero, &got);

	/* Shadows (RFLAGS.IF is set: STI is allowed) */
	memset(&e, 0, sizeof(e));
	e.interrupt.shadow = HVX_SHADOW_STI;
	ASSERT_EQ(0, set_events(vcpu, &e));
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &e, &got);
	e.interrupt.shadow = HVX_SHADOW_MOV_SS;
	ASSERT_EQ(0, set_events(vcpu, &e));
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &e, &got);
	ASSERT_EQ(0, set_events(vcpu, &zero));
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &zero, &got);
}

TEST(vcpu_events_einval)
{
	struct hvxt_vcpu *vcpu = irq_vm(irq_idle);
	struct hvx_vcpu_events base, e, got;
	unsigned int i;

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	/* A state to keep: NMIs masked, an interrupt pending */
	memset(&base, 0, sizeof(base));
	base.nmi.masked = 1;
	base.interrupt.pending = 1;
	base.interrupt.vector = 0x70;
	ASSERT_EQ(0, set_events(vcpu, &base));

#define REFUSED(mutate) do {						\
	memset(&e, 0, sizeof(e));					\
	mutate;								\
	ASSERT_ERRNO(EINVAL, set_events(vcpu, &e));			\
	get_events(vcpu, &got);						\
	expect_events_eq(_metadata, &base, &got);			\
} while (0)

	REFUSED((e.exception.pending = 1, e.exception.vector = 2));
	REFUSED((e.exception.pending = 1, e.exception.vector = 32));
	REFUSED((e.exception.pending = 1, e.exception.vector = 255));
	REFUSED((e.interrupt.pending = 1, e.interrupt.vector = 15));
	REFUSED((e.interrupt.pending = 1, e.interrupt.vector = 0));
	REFUSED((e.exception.pad = 1));
	REFUSED((e.interrupt.pad = 1));
	REFUSED((e.nmi.pad[0] = 1));
	REFUSED((e.nmi.pad[1] = 1));
	REFUSED((e.flags = 1));
	for (i = 0; i < sizeof(e.reserved) / sizeof(e.reserved[0]); i++)
		REFUSED((e.reserved[i] = 1));
	REFUSED((e.interrupt.shadow = HVX_SHADOW_STI | HVX_SHADOW_MOV_SS));
	REFUSED((e.interrupt.shadow = 4));
	REFUSED((e.exception.pending = 1, e.exception.vector = 6,
		 e.interrupt.pending = 1, e.interrupt.vector = 0x40));
	REFUSED((e.exception.pending = 2, e.exception.vector = 6));
	REFUSED((e.interrupt.pending = 2, e.interrupt.vector = 0x40));
	REFUSED((e.nmi.pending = 2));
	REFUSED((e.nmi.masked = 2));
	REFUSED((e.exception.pending = 1, e.exception.vector = 13,
		 e.exception.has_error_code = 2));

	/* An STI shadow needs RFLAGS.IF; a MOV SS shadow does not. */
	HVXT_SET_REG(vcpu, rflags, 2);
	REFUSED((e.interrupt.shadow = HVX_SHADOW_STI));
	memset(&e, 0, sizeof(e));
	e.interrupt.shadow = HVX_SHADOW_MOV_SS;
	ASSERT_EQ(0, set_events(vcpu, &e));
	get_events(vcpu, &got);
	expect_events_eq(_metadata, &e, &got);
#undef REFUSED
}

TEST(interrupt_bad_input)
{
	struct hvxt_vcpu *vcpu = irq_vm(irq_idle);
	struct hvx_vcpu_events e;

	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	ASSERT_EQ(1, vcpu->run->ready_for_interrupt_injection);
	ASSERT_ERRNO(EINVAL, inject(vcpu, 0x40, 1));
	ASSERT_ERRNO(EINVAL, inject(vcpu, 0x40, 0x80000000));
	ASSERT_ERRNO(EINVAL, inject(vcpu, 15, 0));
	ASSERT_ERRNO(EINVAL, inject(vcpu, 0, 0));
	ASSERT_ERRNO(EINVAL, inject(vcpu, 256, 0));
	ASSERT_ERRNO(EINVAL, inject(vcpu, 0xffffffff, 0));
	ASSERT_ERRNO(EINVAL, hvxt_raw_ioctl_arg(vcpu->fd, HVX_NMI, 1));
	/* Nothing was queued by any of them */
	get_events(vcpu, &e);
	EXPECT_EQ(0, e.interrupt.pending);
	EXPECT_EQ(0, e.nmi.pending);

	/* Bad flags are EINVAL even when the guest could not take one */
	HVXT_SET_REG(vcpu, rflags, 2);
	ASSERT_ERRNO(EINVAL, inject(vcpu, 0x40, 2));
	ASSERT_ERRNO(EBUSY, inject(vcpu, 0x40, 0));
}

/* A queued interrupt is part of the saved state, and can be dropped. */
TEST(queued_interrupt_in_events)
{
	struct hvxt_vcpu *vcpu = irq_vm(irq_idle);
	struct hvx_vcpu_events e, zero;

	memset(&zero, 0, sizeof(zero));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	ASSERT_EQ(0, inject(vcpu, 0x44, 0));
	get_events(vcpu, &e);
	EXPECT_EQ(1, e.interrupt.pending);
	EXPECT_EQ(0x44, e.interrupt.vector);
	EXPECT_EQ(0, e.exception.pending);
	/* Restoring a state without it: nothing is delivered. */
	ASSERT_EQ(0, set_events(vcpu, &zero));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	EXPECT_EQ(0, vcpu->nr_reports);
	/* and the next one is accepted */
	ASSERT_EQ(0, inject(vcpu, 0x45, 0));
	EXPECT_REPORT(vcpu, 0x45);
}

/*
 * Injected at an IN exit: the IN completes first (AL has the VMM's
 * byte), then the interrupt arrives before the next instruction.
 */
TEST(interrupt_at_io_exit)
{
	struct hvxt_vcpu *vcpu = irq_vm(irq_in);
	struct hvx_run *run = vcpu->run;
	uint8_t *data;

	hvxt_run(vcpu);
	data = HVXT_ASSERT_IO(vcpu, 0x60, 1, HVX_EXIT_IO_IN);
	EXPECT_EQ(1, run->ready_for_interrupt_injection);
	*data = 0x77;
	ASSERT_EQ(0, inject(vcpu, 0x46, 0));
	EXPECT_REPORT(vcpu, 0x46);
	EXPECT_REPORT(vcpu, IRQ(irq_in_after));
	EXPECT_REPORT(vcpu, 0x77);
	HVXT_RUN_UNTIL_DONE(vcpu);
}

/*
 * Whether an exception pushes an error code is the vector's business
 * (in protected mode: 8, 10-14, 17). A saved state that says otherwise
 * is refused, or delivered as the vector wants; an entry that fails on
 * it would leave the VMM with a vCPU it cannot run.
 */
TEST(exception_error_code_follows_the_vector)
{
	struct hvxt_vcpu *vcpu = irq_vm(irq_idle);
	struct hvx_vcpu_events e, zero;
	char buf[256];
	long ret;

	memset(&zero, 0, sizeof(zero));
	hvxt_run(vcpu);
	HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);

	/* #UD with an error code */
	memset(&e, 0, sizeof(e));
	e.exception.pending = 1;
	e.exception.vector = 6;
	e.exception.has_error_code = 1;
	e.exception.error_code = 0x55;
	ret = set_events(vcpu, &e);
	if (ret != -EINVAL) {
		ASSERT_EQ(0, ret);
		hvxt_run(vcpu);
		if (!hvxt_handle_protocol_exit(__FILE__, __LINE__, vcpu)) {
			TH_LOG("#UD with an error code: %s",
			       hvxt_describe_exit(vcpu->run, buf, sizeof(buf)));
			/* Can the VMM get the vCPU going again? */
			ASSERT_EQ(0, set_events(vcpu, &zero));
			hvxt_run(vcpu);
			if (vcpu->run->exit_reason != HVX_EXIT_HLT)
				TH_LOG("after SET_VCPU_EVENTS(nothing): %s",
				       hvxt_describe_exit(vcpu->run, buf,
							  sizeof(buf)));
			EXPECT_EQ(HVX_EXIT_HLT, vcpu->run->exit_reason);
		}
		ASSERT_EQ(1, vcpu->nr_reports);
		EXPECT_EQ(6, vcpu->reports[0]);
		EXPECT_REPORT(vcpu, IRQ(irq_idle_after));
		hvxt_run(vcpu);
		HVXT_ASSERT_EXIT(vcpu, HVX_EXIT_HLT);
	}

	/* #GP without one */
	memset(&e, 0, sizeof(e));
	e.exception.pending = 1;
	e.exception.vector = 13;
	ret = set_events(vcpu, &e);
	if (ret != -EINVAL) {
		unsigned int n = vcpu->nr_reports;

		ASSERT_EQ(0, ret);
		hvxt_run(vcpu);
		if (!hvxt_handle_protocol_exit(__FILE__, __LINE__, vcpu))
			TH_LOG("#GP without an error code: %s",
			       hvxt_describe_exit(vcpu->run, buf, sizeof(buf)));
		ASSERT_EQ(n + 1, vcpu->nr_reports);
		EXPECT_EQ(13, vcpu->reports[n]);
		EXPECT_REPORT(vcpu, 0);
		EXPECT_REPORT(vcpu, IRQ(irq_idle_after));
	}
}

TEST_HARNESS_MAIN
