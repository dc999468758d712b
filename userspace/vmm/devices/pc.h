/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PC a Linux guest gets: the legacy devices Linux expects on an x86
 * without a local APIC, virtio-mmio disks, and the ACPI tables that tell
 * the guest where the disks are and how to power off (docs/cli.md,
 * "Linux guests").
 */
#ifndef HVX_PC_H
#define HVX_PC_H

#include "vm.h"

#define PC_MAX_DISKS		4
#define PC_COM1_PORT		0x3f8
#define PC_COM1_IRQ		4
#define PC_VIRTIO_STRIDE	0x1000ULL	/* each device its own page */
#define PC_VIRTIO_SIZE		0x200

/*
 * Attach every device, with a virtio-mmio disk for each of @disks
 * ("FILE" or "FILE,ro"), and write the ACPI tables. *@rsdp gets their
 * root's guest-physical address. Prints why on failure; returns -errno.
 */
int pc_init(struct vm *vm, char *const *disks, int nr_disks, uint64_t *rsdp);

#endif /* HVX_PC_H */
