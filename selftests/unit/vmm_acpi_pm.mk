# SPDX-License-Identifier: GPL-2.0
vmm_acpi_pm_SRCS := $(VMM)/devices/acpi_pm_dev.c $(VMM)/core/device.c
