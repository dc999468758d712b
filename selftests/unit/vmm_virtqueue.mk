# SPDX-License-Identifier: GPL-2.0
vmm_virtqueue_SRCS := $(TOP)/userspace/vmm/virtqueue.c
