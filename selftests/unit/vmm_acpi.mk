# SPDX-License-Identifier: GPL-2.0
vmm_acpi_SRCS := $(VMM)/boot/acpi.c $(VMM)/boot/aml.c
