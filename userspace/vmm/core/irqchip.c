// SPDX-License-Identifier: GPL-2.0
/*
 * The VM's interrupt controller, behind irqchip.h.
 */
#include "irqchip.h"
#include "vcpu.h"
#include "vm.h"

void irqchip_attach(struct vm *vm, const struct irqchip_ops *ops, void *chip,
		    unsigned int nr_lines)
{
	vm->irqchip = (struct irqchip) {
		.ops = ops, .chip = chip, .nr_lines = nr_lines,
	};
}

bool irqchip_present(const struct vm *vm)
{
	return vm->irqchip.ops;
}

bool irqchip_pending(const struct vcpu *vcpu)
{
	const struct irqchip *c = &vcpu->vm->irqchip;

	return c->ops && c->ops->pending(c->chip, vcpu);
}

int irqchip_ack(struct vcpu *vcpu)
{
	const struct irqchip *c = &vcpu->vm->irqchip;

	return c->ops->ack(c->chip, vcpu);
}

void irq_set_level(struct vm *vm, unsigned int irq, bool level)
{
	const struct irqchip *c = &vm->irqchip;
	unsigned int i;

	if (!c->ops || irq >= c->nr_lines)
		return;
	c->ops->set_irq(c->chip, irq, level);
	for (i = 0; i < vm->nr_vcpus; i++)
		if (c->ops->pending(c->chip, &vm->vcpus[i]))
			vcpu_kick(&vm->vcpus[i]);
}

void irq_pulse(struct vm *vm, unsigned int irq)
{
	irq_set_level(vm, irq, true);
	irq_set_level(vm, irq, false);
}
