// SPDX-License-Identifier: GPL-2.0
/*
 * Events into the guest: exceptions hvx raises, events whose delivery an
 * exit interrupted, and the external interrupts and NMIs a userspace
 * interrupt controller injects (with interrupt- and NMI-window exits to
 * wait for the guest to accept them). Also their save and restore.
 */
#include <linux/uaccess.h>
#include "vmx.h"

#define VECTOR_NMI	2

static u32 interruptibility(void)
{
	return vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
}

/* Can an external interrupt be delivered right now (SDM vol. 3A, 6.8.1)? */
static bool interrupt_window_open(void)
{
	return (vmcs_read(GUEST_RFLAGS) & X86_EFLAGS_IF) &&
	       !(interruptibility() & (GUEST_INTR_STATE_STI |
				       GUEST_INTR_STATE_MOV_SS));
}

static bool nmi_window_open(void)
{
	return !(interruptibility() & (GUEST_INTR_STATE_NMI |
				       GUEST_INTR_STATE_STI |
				       GUEST_INTR_STATE_MOV_SS));
}

/* Whether HVX_INTERRUPT would be accepted now. */
bool vmx_ready_for_interrupt(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;

	return a->pending_irq < 0 && !a->event.valid && interrupt_window_open();
}

/* On the entry path: touch the VMCS only when the control changes. */
static void set_window_exiting(struct hvx_vcpu_arch *a, u32 bit, bool on)
{
	u32 ctls = on ? a->proc_ctls | bit : a->proc_ctls & ~bit;

	if (ctls != a->proc_ctls) {
		a->proc_ctls = ctls;
		vmcs_write(CPU_BASED_VM_EXEC_CONTROL, ctls);
	}
}

static void write_entry_event(struct hvx_vcpu_arch *a,
			      const struct vmx_pending_event *ev)
{
	u32 info = ev->vector | (ev->type << 8) | INTR_INFO_VALID;

	/* Real mode delivers no error code (SDM vol. 3C, 27.2.1.3). */
	if (ev->has_error && (a->cr0 & X86_CR0_PE)) {
		info |= INTR_INFO_ERROR_CODE;
		vmcs_write(VM_ENTRY_EXCEPTION_ERROR_CODE, ev->error);
	}
	if (ev->type == INTR_TYPE_SW_INTR || ev->type == INTR_TYPE_SW_EXCEPTION ||
	    ev->type == INTR_TYPE_PRIV_SW_EXCEPTION)
		vmcs_write(VM_ENTRY_INSTRUCTION_LEN, ev->insn_len);
	vmcs_write(VM_ENTRY_INTR_INFO_FIELD, info);
}

/*
 * Choose what the next entry delivers, in the hardware's priority order:
 * an event already in flight, then an NMI, then an external interrupt.
 * What cannot go in yet arms the matching window exit.
 */
void vmx_inject_events(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	struct vmx_pending_event ev = { .valid = true };
	bool want_irq_window = a->request_irq_window;

	if (a->event.valid) {
		write_entry_event(a, &a->event);
		a->event.valid = false;
		want_irq_window |= a->pending_irq >= 0;
	} else if (a->nmi_pending && nmi_window_open()) {
		ev.vector = VECTOR_NMI;
		ev.type = INTR_TYPE_NMI;
		write_entry_event(a, &ev);
		a->nmi_pending = false;
		vcpu->stats->nmis++;
	} else if (a->pending_irq >= 0 && interrupt_window_open()) {
		ev.vector = a->pending_irq;
		ev.type = INTR_TYPE_EXT_INTR;
		write_entry_event(a, &ev);
		a->pending_irq = -1;
		vcpu->stats->irqs++;
	} else {
		want_irq_window |= a->pending_irq >= 0;
	}
	if (vmx_pin_ctls & PIN_VIRTUAL_NMIS)
		set_window_exiting(a, CPU_NMI_WINDOW_EXITING,
				   a->nmi_pending);
	set_window_exiting(a, CPU_INTR_WINDOW_EXITING, want_irq_window);
}

/* An exit in the middle of delivering an event: deliver it again. */
void vmx_save_vectoring_event(struct hvx_vcpu_arch *a)
{
	u32 info = vmcs_read32(IDT_VECTORING_INFO_FIELD);
	struct vmx_pending_event *ev = &a->event;

	vmcs_write(VM_ENTRY_INTR_INFO_FIELD, 0);
	if (!(info & INTR_INFO_VALID))
		return;
	ev->valid = true;
	ev->vector = INTR_INFO_VECTOR(info);
	ev->type = INTR_INFO_TYPE(info);
	ev->has_error = info & INTR_INFO_ERROR_CODE;
	if (ev->has_error)
		ev->error = vmcs_read32(IDT_VECTORING_ERROR_CODE);
	ev->insn_len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
}

void vmx_queue_exception(struct hvx_vcpu *vcpu, u8 vector, bool has_error,
			 u32 error)
{
	struct vmx_pending_event *ev = &vcpu->arch->event;

	ev->valid = true;
	ev->vector = vector;
	ev->type = INTR_TYPE_HW_EXCEPTION;
	ev->has_error = has_error;
	ev->error = error;
}

/* The window the VMM asked for is open: tell it, unless hvx has an IRQ. */
int vmx_handle_interrupt_window(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;

	set_window_exiting(a, CPU_INTR_WINDOW_EXITING, false);
	if (a->pending_irq >= 0 || !a->request_irq_window)
		return 1;
	vmx_exit_to_user(vcpu, HVX_EXIT_IRQ_WINDOW_OPEN);
	return 0;
}

int vmx_handle_nmi_window(struct hvx_vcpu *vcpu)
{
	set_window_exiting(vcpu->arch, CPU_NMI_WINDOW_EXITING, false);
	return 1;
}

static int set_interrupt(struct hvx_vcpu *vcpu, struct hvx_interrupt __user *u)
{
	struct hvx_interrupt irq;

	if (copy_from_user(&irq, u, sizeof(irq)))
		return -EFAULT;
	if (irq.flags || irq.vector < 16 || irq.vector > 255)
		return -EINVAL;
	/* The VMM waits for ready_for_interrupt_injection, as a PIC would. */
	if (!vmx_ready_for_interrupt(vcpu))
		return -EBUSY;
	vcpu->arch->pending_irq = irq.vector;
	return 0;
}

static int set_nmi(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;

	if (a->nmi_pending)
		return -EBUSY;
	a->nmi_pending = true;
	return 0;
}

static void get_events(struct hvx_vcpu *vcpu, struct hvx_vcpu_events *e)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	const struct vmx_pending_event *ev = &a->event;
	u32 intr = interruptibility();

	memset(e, 0, sizeof(*e));
	if (ev->valid && ev->type != INTR_TYPE_EXT_INTR &&
	    ev->type != INTR_TYPE_NMI) {
		e->exception.pending = 1;
		e->exception.vector = ev->vector;
		e->exception.has_error_code = ev->has_error;
		e->exception.error_code = ev->error;
	}
	if (ev->valid && ev->type == INTR_TYPE_EXT_INTR) {
		e->interrupt.pending = 1;
		e->interrupt.vector = ev->vector;
	} else if (a->pending_irq >= 0) {
		e->interrupt.pending = 1;
		e->interrupt.vector = a->pending_irq;
	}
	e->interrupt.shadow = (intr & GUEST_INTR_STATE_STI ? HVX_SHADOW_STI : 0) |
			      (intr & GUEST_INTR_STATE_MOV_SS ?
			       HVX_SHADOW_MOV_SS : 0);
	e->nmi.pending = a->nmi_pending ||
			 (ev->valid && ev->type == INTR_TYPE_NMI);
	e->nmi.masked = !!(intr & GUEST_INTR_STATE_NMI);
}

/* The exceptions that push an error code (SDM vol. 3A, table 6-1). */
static bool exception_has_error_code(u8 vector)
{
	return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 ||
	       vector == 21;
}

static bool events_valid(const struct hvx_vcpu_events *e)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(e->reserved); i++)
		if (e->reserved[i])
			return false;
	if (e->flags || e->exception.pad || e->interrupt.pad ||
	    e->nmi.pad[0] || e->nmi.pad[1])
		return false;
	if (e->exception.pending > 1 || e->interrupt.pending > 1 ||
	    e->nmi.pending > 1 || e->nmi.masked > 1 ||
	    e->exception.has_error_code > 1)
		return false;
	if (e->exception.pending &&
	    (e->exception.vector >= 32 || e->exception.vector == VECTOR_NMI ||
	     e->exception.has_error_code !=
	     exception_has_error_code(e->exception.vector)))
		return false;
	if (e->interrupt.pending && e->interrupt.vector < 16)
		return false;
	if (e->interrupt.shadow & ~(HVX_SHADOW_STI | HVX_SHADOW_MOV_SS) ||
	    e->interrupt.shadow == (HVX_SHADOW_STI | HVX_SHADOW_MOV_SS))
		return false;
	/* One event in flight at a time, as in the VM-entry field. */
	return !(e->exception.pending && e->interrupt.pending);
}

static void set_events(struct hvx_vcpu *vcpu, const struct hvx_vcpu_events *e)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	u32 intr = interruptibility() & ~(GUEST_INTR_STATE_STI |
					  GUEST_INTR_STATE_MOV_SS |
					  GUEST_INTR_STATE_NMI);

	memset(&a->event, 0, sizeof(a->event));
	a->pending_irq = e->interrupt.pending ? e->interrupt.vector : -1;
	if (e->exception.pending)
		vmx_queue_exception(vcpu, e->exception.vector,
				    e->exception.has_error_code,
				    e->exception.error_code);
	a->nmi_pending = e->nmi.pending;
	if (e->interrupt.shadow & HVX_SHADOW_STI)
		intr |= GUEST_INTR_STATE_STI;
	if (e->interrupt.shadow & HVX_SHADOW_MOV_SS)
		intr |= GUEST_INTR_STATE_MOV_SS;
	if (e->nmi.masked)
		intr |= GUEST_INTR_STATE_NMI;
	vmcs_write(GUEST_INTERRUPTIBILITY_INFO, intr);
}

long vmx_events_ioctl(struct hvx_vcpu *vcpu, unsigned int cmd,
		      void __user *argp)
{
	struct hvx_vcpu_events e;

	switch (cmd) {
	case HVX_INTERRUPT:
		return set_interrupt(vcpu, argp);
	case HVX_NMI:
		return argp ? -EINVAL : set_nmi(vcpu);
	case HVX_GET_VCPU_EVENTS:
		get_events(vcpu, &e);
		return copy_to_user(argp, &e, sizeof(e)) ? -EFAULT : 0;
	case HVX_SET_VCPU_EVENTS:
		if (copy_from_user(&e, argp, sizeof(e)))
			return -EFAULT;
		if (!events_valid(&e))
			return -EINVAL;
		/* An STI shadow with IF clear would fail the next entry. */
		if ((e.interrupt.shadow & HVX_SHADOW_STI) &&
		    !(vmcs_read(GUEST_RFLAGS) & X86_EFLAGS_IF))
			return -EINVAL;
		set_events(vcpu, &e);
		return 0;
	default:
		return -ENOTTY;
	}
}
