// SPDX-License-Identifier: GPL-2.0
/*
 * The keyboard controller (i8042.c) on the port bus: its output buffer
 * drives IRQ 1 and IRQ 12, and a pulse of its reset line ends the run
 * with VM_STOP_RESET.
 */
#include "i8042.h"
#include "irqchip.h"
#include "pc.h"
#include "util.h"

#define KBC_DATA_PORT	0x60
#define KBC_CMD_PORT	0x64
#define KBD_IRQ		1
#define AUX_IRQ		12

struct i8042 {
	struct vm *vm;
	struct kbc kbc;
	bool irq1, irq12;	/* the lines as last driven */
};

static void i8042_update(struct i8042 *d)
{
	bool irq1 = kbc_irq1(&d->kbc), irq12 = kbc_irq12(&d->kbc);

	if (irq1 != d->irq1) {
		d->irq1 = irq1;
		irq_set_level(d->vm, KBD_IRQ, irq1);
	}
	if (irq12 != d->irq12) {
		d->irq12 = irq12;
		irq_set_level(d->vm, AUX_IRQ, irq12);
	}
	if (d->kbc.reset) {
		d->kbc.reset = false;
		vm_request_stop(d->vm, VM_STOP_RESET, 0);
	}
}

static uint64_t data_read(void *opaque, uint64_t offset, unsigned int size)
{
	struct i8042 *d = opaque;
	uint8_t val = kbc_read(&d->kbc, 0);

	(void)offset;
	(void)size;
	i8042_update(d);
	return val;
}

static void data_write(void *opaque, uint64_t offset, unsigned int size,
		       uint64_t val)
{
	struct i8042 *d = opaque;

	(void)offset;
	(void)size;
	kbc_write(&d->kbc, 0, val);
	i8042_update(d);
}

static uint64_t cmd_read(void *opaque, uint64_t offset, unsigned int size)
{
	struct i8042 *d = opaque;

	(void)offset;
	(void)size;
	return kbc_read(&d->kbc, 4);
}

static void cmd_write(void *opaque, uint64_t offset, unsigned int size,
		      uint64_t val)
{
	struct i8042 *d = opaque;

	(void)offset;
	(void)size;
	kbc_write(&d->kbc, 4, val);
	i8042_update(d);
}

static const struct bus_ops data_ops = {
	.read = data_read,
	.write = data_write,
};

static const struct bus_ops cmd_ops = {
	.read = cmd_read,
	.write = cmd_write,
};

static int i8042_init(void *dev, const struct device_ctx *ctx)
{
	struct i8042 *d = dev;

	d->vm = ctx->vm;
	kbc_reset(&d->kbc);
	return 0;
}

static const struct device_range i8042_ranges[] = {
	{ KBC_DATA_PORT, 1, "i8042-data", &data_ops },
	{ KBC_CMD_PORT, 1, "i8042-cmd", &cmd_ops },
};

const struct device_desc i8042_device = {
	.name = "i8042",
	.size = sizeof(struct i8042),
	.init = i8042_init,
	DEVICE_RANGES(i8042_ranges),
};
