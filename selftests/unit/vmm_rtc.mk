# SPDX-License-Identifier: GPL-2.0
vmm_rtc_SRCS := $(VMM)/devices/mc146818.c
