/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PC's CMOS RTC and RAM at ports 0x70-0x71, on the host's UTC clock.
 */
#ifndef HVX_MC146818_DEV_H
#define HVX_MC146818_DEV_H

#include "vm.h"

/* Claim ports 0x70-0x71. Returns 0 or -errno. */
int rtc_init(struct vm *vm);

#endif /* HVX_MC146818_DEV_H */
