# SPDX-License-Identifier: GPL-2.0
vmm_virtio_mmio_SRCS := $(TOP)/userspace/vmm/virtio_mmio.c $(TOP)/userspace/vmm/virtqueue.c \
	$(TOP)/userspace/vmm/util.c
