# SPDX-License-Identifier: GPL-2.0
vmm_virtio_mmio_SRCS := $(VMM)/virtio/virtio_mmio.c \
	$(VMM)/virtio/virtqueue.c $(VMM)/core/util.c
