# SPDX-License-Identifier: GPL-2.0
vmm_aml_SRCS := $(VMM)/boot/aml.c
