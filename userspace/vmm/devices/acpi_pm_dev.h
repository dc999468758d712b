/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ACPI fixed hardware the FADT (acpi.h) points at: the PM1a event
 * block (PM1_STS, PM1_EN) and the PM1a control block (PM1_CNT), on the
 * port bus. Writing SLP_EN with the S5 sleep type powers the VM off.
 */
#ifndef HVX_ACPI_PM_DEV_H
#define HVX_ACPI_PM_DEV_H

#include "vm.h"

/* Claim ACPI_PM1A_EVT_PORT and ACPI_PM1A_CNT_PORT. 0 or -errno. */
int acpi_pm_init(struct vm *vm);

#endif /* HVX_ACPI_PM_DEV_H */
