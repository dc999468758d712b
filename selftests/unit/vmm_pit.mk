# SPDX-License-Identifier: GPL-2.0
vmm_pit_SRCS := $(VMM)/devices/i8254.c
