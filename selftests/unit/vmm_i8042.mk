# SPDX-License-Identifier: GPL-2.0
vmm_i8042_SRCS := $(TOP)/userspace/vmm/i8042.c
