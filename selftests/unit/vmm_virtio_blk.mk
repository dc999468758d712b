# SPDX-License-Identifier: GPL-2.0
vmm_virtio_blk_SRCS := $(TOP)/userspace/vmm/dev_virtio_blk.c \
	$(TOP)/userspace/vmm/virtio_mmio.c $(TOP)/userspace/vmm/virtqueue.c \
	$(TOP)/userspace/vmm/bus.c $(TOP)/userspace/vmm/util.c
