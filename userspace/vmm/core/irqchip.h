/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupts, from the devices' lines to the vCPUs, through one
 * interface: the interrupt controller a VM has. Today that is the i8259
 * pair (i8259_dev.c), which presents its interrupt to vCPU 0; an IOAPIC
 * with local APICs per vCPU can take its place behind the same calls.
 *
 * Devices only move lines (irq_set_level()); the chip decides what each
 * vCPU has pending, and the vCPU loop asks it (irqchip_pending(),
 * irqchip_ack()), never a device. Everything here is called with
 * vm->lock held.
 */
#ifndef HVX_IRQCHIP_H
#define HVX_IRQCHIP_H

#include <stdbool.h>

struct vm;
struct vcpu;

struct irqchip_ops {
	/* Drive input line @irq (below nr_lines) to @level. */
	void (*set_irq)(void *chip, unsigned int irq, bool level);
	/* Does the chip present an interrupt to @vcpu? */
	bool (*pending)(void *chip, const struct vcpu *vcpu);
	/* Its INTA cycle for @vcpu: the vector to inject. */
	int (*ack)(void *chip, struct vcpu *vcpu);
};

struct irqchip {
	const struct irqchip_ops *ops;	/* NULL: no interrupt controller */
	void *chip;
	unsigned int nr_lines;
};

/* Make @chip the VM's interrupt controller, with @nr_lines inputs. */
void irqchip_attach(struct vm *vm, const struct irqchip_ops *ops, void *chip,
		    unsigned int nr_lines);
/* Does the VM have one, that is: can an interrupt ever wake a vCPU? */
bool irqchip_present(const struct vm *vm);
bool irqchip_pending(const struct vcpu *vcpu);
int irqchip_ack(struct vcpu *vcpu);

/*
 * Drive line @irq to @level; every vCPU with an interrupt pending after
 * it is kicked. Lines the chip does not have are ignored.
 */
void irq_set_level(struct vm *vm, unsigned int irq, bool level);
/* An edge on @irq: up, then down. */
void irq_pulse(struct vm *vm, unsigned int irq);

#endif /* HVX_IRQCHIP_H */
