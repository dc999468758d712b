# SPDX-License-Identifier: GPL-2.0
vmm_pic_SRCS := $(TOP)/userspace/vmm/i8259.c
