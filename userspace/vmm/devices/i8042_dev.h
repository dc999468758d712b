/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PC keyboard controller at ports 0x60 and 0x64, with nothing
 * plugged in: its use is the reset line.
 */
#ifndef HVX_I8042_DEV_H
#define HVX_I8042_DEV_H

#include "vm.h"

/* Claim ports 0x60 and 0x64. Returns 0 or -errno. */
int i8042_init(struct vm *vm);

#endif /* HVX_I8042_DEV_H */
