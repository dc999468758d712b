# SPDX-License-Identifier: GPL-2.0
vmm_pic_SRCS := $(VMM)/devices/i8259.c
