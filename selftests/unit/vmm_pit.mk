# SPDX-License-Identifier: GPL-2.0
vmm_pit_SRCS := $(TOP)/userspace/vmm/i8254.c
