# SPDX-License-Identifier: GPL-2.0
vmm_acpi_SRCS := $(TOP)/userspace/vmm/acpi.c $(TOP)/userspace/vmm/aml.c
