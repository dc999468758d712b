# SPDX-License-Identifier: GPL-2.0
vmm_uart_SRCS := $(TOP)/userspace/vmm/uart16550.c
