# SPDX-License-Identifier: GPL-2.0
vmm_uart_SRCS := $(VMM)/devices/uart16550.c
