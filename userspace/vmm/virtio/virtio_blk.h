/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtio block device (virtio 1.x, 5.2) on the MMIO transport, backed
 * by a file or a host block device: one request queue, reads, writes,
 * flushes (fdatasync) and the serial number (GET_ID), read-only if asked.
 */
#ifndef HVX_VIRTIO_BLK_H
#define HVX_VIRTIO_BLK_H

#include "vm.h"

/* The guest-physical size of the device's register block */
#define VIRTIO_BLK_MMIO_SIZE	0x200

/*
 * Add a disk at guest-physical @mmio_base (VIRTIO_BLK_MMIO_SIZE bytes of
 * MMIO space) with interrupt line @irq. @spec is "FILE" or "FILE,ro".
 * The image's size must be a multiple of 512 bytes. Prints why on
 * failure and returns -errno; vm_destroy() closes everything.
 */
int virtio_blk_add(struct vm *vm, const char *spec, uint64_t mmio_base,
		   unsigned int irq);

#endif /* HVX_VIRTIO_BLK_H */
