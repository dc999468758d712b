// SPDX-License-Identifier: GPL-2.0
/*
 * The machines, as lists of devices. ISA interrupt lines of the PC: 0
 * PIT, 1 i8042, 2 the slave PIC, 4 COM1, 8 RTC, 9 ACPI SCI; the disks
 * take 5, 6, 10, 11.
 */
#include <string.h>
#include "acpi.h"
#include "linux_image.h"
#include "pc.h"
#include "util.h"
#include "virtio_blk.h"

/* A device of a machine: its model, where it sits, its argument. */
struct board_slot {
	const struct device_desc *desc;
	uint64_t base;
	const void *arg;
};

static const unsigned int com1_irq = PC_COM1_IRQ;

/* The PIC first: the devices after it may raise lines at once. */
static const struct board_slot pc_legacy[] = {
	{ &i8259_device, 0, NULL },
	{ &i8254_device, 0, NULL },
	{ &mc146818_device, 0, NULL },
	{ &i8042_device, 0, NULL },
	{ &uart16550_device, PC_COM1_PORT, &com1_irq },
	{ &acpi_pm_device, 0, NULL },
	{ &debug_exit_device, 0, NULL },
};

static const struct board_slot test_ports[] = {
	{ &debugcon_device, 0, NULL },
	{ &debug_exit_device, 0, NULL },
};

static int create_all(struct vm *vm, const struct board_slot *slots,
		      unsigned int n)
{
	unsigned int i;
	int r;

	for (i = 0; i < n; i++) {
		r = device_create(vm, slots[i].desc, slots[i].base,
				  slots[i].arg, NULL);
		if (r)
			return r;
	}
	return 0;
}

int pc_init(struct vm *vm, const char *const *disks, int nr_disks,
	    uint64_t *rsdp)
{
	struct acpi_virtio_dev devs[PC_MAX_DISKS];
	static const unsigned int disk_irqs[PC_MAX_DISKS] = { 5, 6, 10, 11 };
	int64_t root;
	int i, r;

	r = create_all(vm, pc_legacy, ARRAY_SIZE(pc_legacy));
	if (r)
		return r;
	for (i = 0; i < nr_disks; i++) {
		devs[i] = (struct acpi_virtio_dev) {
			.base = LINUX_MMIO_BASE + i * PC_VIRTIO_STRIDE,
			.size = PC_VIRTIO_SIZE, .irq = disk_irqs[i],
		};
		r = virtio_blk_add(vm, disks[i], devs[i].base, devs[i].irq);
		if (r)
			return r;
	}
	root = acpi_build(vm->ram, vm->ram_size, LINUX_ACPI, LINUX_ACPI_SIZE,
			  devs, nr_disks);
	if (root < 0) {
		error("run: building the ACPI tables: %s", strerror(-root));
		return root;
	}
	*rsdp = root;
	return 0;
}

int pc_init_test_ports(struct vm *vm)
{
	return create_all(vm, test_ports, ARRAY_SIZE(test_ports));
}
