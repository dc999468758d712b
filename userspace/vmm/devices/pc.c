// SPDX-License-Identifier: GPL-2.0
/*
 * Putting the PC together. ISA interrupt lines: 0 PIT, 1 i8042, 2 the
 * slave PIC, 4 COM1, 8 RTC, 9 ACPI SCI; the disks take 5, 6, 10, 11.
 */
#include <string.h>
#include "acpi.h"
#include "acpi_pm_dev.h"
#include "i8042_dev.h"
#include "i8259_dev.h"
#include "i8254_dev.h"
#include "mc146818_dev.h"
#include "uart16550_dev.h"
#include "virtio_blk.h"
#include "debug_ports_dev.h"
#include "linux_image.h"
#include "pc.h"
#include "util.h"

static const unsigned int disk_irqs[PC_MAX_DISKS] = { 5, 6, 10, 11 };

static int legacy_devices(struct vm *vm)
{
	int r;

	r = pic_init(vm);
	if (!r)
		r = pit_init(vm);
	if (!r)
		r = rtc_init(vm);
	if (!r)
		r = i8042_init(vm);
	if (!r)
		r = serial_init(vm, PC_COM1_PORT, PC_COM1_IRQ);
	if (!r)
		r = acpi_pm_init(vm);
	if (!r)
		r = debug_exit_init(vm);
	if (r < 0)
		error("run: attaching the PC's devices: %s", strerror(-r));
	return r;
}

int pc_init(struct vm *vm, char *const *disks, int nr_disks, uint64_t *rsdp)
{
	struct acpi_virtio_dev devs[PC_MAX_DISKS];
	int64_t root;
	int i, r;

	r = legacy_devices(vm);
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
