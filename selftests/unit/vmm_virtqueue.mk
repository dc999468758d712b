# SPDX-License-Identifier: GPL-2.0
vmm_virtqueue_SRCS := $(VMM)/virtio/virtqueue.c
