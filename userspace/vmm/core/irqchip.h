/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupt lines from devices to the interrupt controller, and kicking
 * the vCPU out of the guest when one becomes pending.
 *
 * ISA lines 0-15 go to the i8259 pair (i8259_dev.h). The vCPU thread
 * delivers what the PIC presents (vcpu.c); a device only moves lines.
 * All of these are called with vm->lock held.
 */
#ifndef HVX_IRQCHIP_H
#define HVX_IRQCHIP_H

#include <stdbool.h>
#include "vm.h"

#define IRQ_LINES	16

/* Drive line @irq to @level; kicks the vCPU if an interrupt is now pending. */
void irq_set_level(struct vm *vm, unsigned int irq, bool level);
/* An edge on @irq: up, then down. */
void irq_pulse(struct vm *vm, unsigned int irq);

/*
 * Make the vCPU thread come back from HVX_RUN (or wake from a halt) and
 * look at the devices again. Cheap when it is not in the guest.
 */
void vcpu_kick(struct vm *vm);

#endif /* HVX_IRQCHIP_H */
