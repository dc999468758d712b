# SPDX-License-Identifier: GPL-2.0
vmm_virtio_blk_SRCS := $(VMM)/virtio/virtio_blk.c \
	$(VMM)/virtio/virtio_mmio.c $(VMM)/virtio/virtqueue.c \
	$(VMM)/core/device.c $(VMM)/core/bus.c $(VMM)/core/util.c
