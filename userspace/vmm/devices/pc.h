/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machines hvx run builds, and the device models they are made of.
 *
 * The PC a Linux guest gets: the legacy devices Linux expects on an x86
 * without a local APIC, virtio-mmio disks, and the ACPI tables that tell
 * the guest where the disks are and how to power off (docs/cli.md,
 * "Linux guests"). A flat binary gets the two test ports only.
 *
 * Each model below is a pure state machine (<model>.c, no VMM headers:
 * unit tests and fuzzers build it alone) and its glue on the VM's buses
 * (<model>_dev.c), which describes it for device_create().
 */
#ifndef HVX_PC_H
#define HVX_PC_H

#include "device.h"
#include "vm.h"

#define PC_MAX_DISKS		4
#define PC_COM1_PORT		0x3f8
#define PC_COM1_IRQ		4
#define PC_VIRTIO_STRIDE	0x1000ULL	/* each device its own page */
#define PC_VIRTIO_SIZE		0x200

/* The 8259A pair at 0x20 and 0xa0, with the ELCR: the VM's irqchip. */
extern const struct device_desc i8259_device;
/* The 8254 PIT at 0x40-0x43 and port 0x61; channel 0 on IRQ 0. */
extern const struct device_desc i8254_device;
/* The CMOS RTC and RAM at 0x70-0x71, on the host's UTC clock. */
extern const struct device_desc mc146818_device;
/* The keyboard controller at 0x60 and 0x64, nothing plugged in. */
extern const struct device_desc i8042_device;
/*
 * A 16550A UART at @base..@base+7; its arg is the ISA line (unsigned
 * int). The first one is the console, on stdin and stdout.
 */
extern const struct device_desc uart16550_device;
/* The ACPI PM1a event and control blocks and the PM timer. */
extern const struct device_desc acpi_pm_device;
/* Port 0xe9: bytes written go to stdout. */
#define DEBUGCON_PORT	0xe9
extern const struct device_desc debugcon_device;
/* Port 0xf4: a write ends the VM, the value written is hvx's status. */
#define DEBUG_EXIT_PORT	0xf4
extern const struct device_desc debug_exit_device;

/*
 * Attach every device, with a virtio-mmio disk for each of @disks
 * ("FILE" or "FILE,ro"), and write the ACPI tables. *@rsdp gets their
 * root's guest-physical address. Prints why on failure; returns -errno.
 */
int pc_init(struct vm *vm, const char *const *disks, int nr_disks,
	    uint64_t *rsdp);

/* A flat binary's machine: the debug console and the debug-exit port. */
int pc_init_test_ports(struct vm *vm);

#endif /* HVX_PC_H */
