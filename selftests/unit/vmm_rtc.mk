# SPDX-License-Identifier: GPL-2.0
vmm_rtc_SRCS := $(TOP)/userspace/vmm/mc146818.c
