# SPDX-License-Identifier: GPL-2.0
vmm_i8042_SRCS := $(VMM)/devices/i8042.c
