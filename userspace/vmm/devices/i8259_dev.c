// SPDX-License-Identifier: GPL-2.0
/*
 * The 8259A pair and the ELCR on the port bus, and as the VM's
 * interrupt controller (irqchip.h). The chips' logic is in i8259.c; here
 * are only the ports and the wiring: the master's INT output goes to
 * vCPU 0, as on a PC without APICs.
 */
#include "i8259.h"
#include "irqchip.h"
#include "pc.h"
#include "util.h"
#include "vcpu.h"

#define PIC_MASTER_PORT	0x20
#define PIC_SLAVE_PORT	0xa0
#define ELCR_PORT	0x4d0

/*
 * A word access to a two-port range is two byte accesses, low port
 * first, as the ISA bus splits it; bytes past the range are dropped.
 */
static uint64_t pic_chip_read(struct pic *pic, unsigned int chip,
			      uint64_t offset, unsigned int size)
{
	uint64_t val = 0;
	unsigned int i;

	for (i = 0; i < size && offset + i < 2; i++)
		val |= (uint64_t)pic_read(pic, chip, offset + i) << (8 * i);
	for (; i < size; i++)
		val |= 0xffull << (8 * i);
	return val;
}

static void pic_chip_write(struct pic *pic, unsigned int chip,
			   uint64_t offset, unsigned int size, uint64_t val)
{
	unsigned int i;

	for (i = 0; i < size && offset + i < 2; i++)
		pic_write(pic, chip, offset + i, val >> (8 * i));
}

static uint64_t master_read(void *opaque, uint64_t offset, unsigned int size)
{
	return pic_chip_read(opaque, 0, offset, size);
}

static void master_write(void *opaque, uint64_t offset, unsigned int size,
			 uint64_t val)
{
	pic_chip_write(opaque, 0, offset, size, val);
}

static uint64_t slave_read(void *opaque, uint64_t offset, unsigned int size)
{
	return pic_chip_read(opaque, 1, offset, size);
}

static void slave_write(void *opaque, uint64_t offset, unsigned int size,
			uint64_t val)
{
	pic_chip_write(opaque, 1, offset, size, val);
}

static uint64_t elcr_read(void *opaque, uint64_t offset, unsigned int size)
{
	uint64_t val = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		val |= (uint64_t)(offset + i < 2 ?
				  pic_elcr_read(opaque, offset + i) : 0xff)
		       << (8 * i);
	return val;
}

static void elcr_write(void *opaque, uint64_t offset, unsigned int size,
		       uint64_t val)
{
	unsigned int i;

	for (i = 0; i < size && offset + i < 2; i++)
		pic_elcr_write(opaque, offset + i, val >> (8 * i));
}

static const struct bus_ops master_ops = {
	.read = master_read,
	.write = master_write,
};

static const struct bus_ops slave_ops = {
	.read = slave_read,
	.write = slave_write,
};

static const struct bus_ops elcr_ops = {
	.read = elcr_read,
	.write = elcr_write,
};

static void pic_irqchip_set_irq(void *chip, unsigned int irq, bool level)
{
	pic_set_irq(chip, irq, level);
}

static bool pic_irqchip_pending(void *chip, const struct vcpu *vcpu)
{
	return vcpu->id == 0 && pic_has_interrupt(chip);
}

static int pic_irqchip_ack(void *chip, struct vcpu *vcpu)
{
	(void)vcpu;
	return pic_intack(chip);
}

static const struct irqchip_ops pic_irqchip_ops = {
	.set_irq = pic_irqchip_set_irq,
	.pending = pic_irqchip_pending,
	.ack = pic_irqchip_ack,
};

static int pic_dev_init(void *dev, const struct device_ctx *ctx)
{
	pic_reset(dev);
	irqchip_attach(ctx->vm, &pic_irqchip_ops, dev, PIC_NR_IRQS);
	return 0;
}

static const struct device_range pic_ranges[] = {
	{ PIC_MASTER_PORT, 2, "pic-master", &master_ops },
	{ PIC_SLAVE_PORT, 2, "pic-slave", &slave_ops },
	{ ELCR_PORT, 2, "elcr", &elcr_ops },
};

const struct device_desc i8259_device = {
	.name = "i8259",
	.size = sizeof(struct pic),
	.init = pic_dev_init,
	DEVICE_RANGES(pic_ranges),
};
