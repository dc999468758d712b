/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PC's interrupt controller: an 8259A pair at ports 0x20-0x21
 * (master) and 0xa0-0xa1 (slave, cascaded on master IR2), with the ELCR
 * at 0x4d0-0x4d1. The state machine is in i8259.c; this is its interface
 * to the rest of the VMM. All of it is called with vm->lock held.
 */
#ifndef HVX_I8259_DEV_H
#define HVX_I8259_DEV_H

#include <stdbool.h>
#include "i8259.h"
#include "vm.h"

/*
 * Allocate the pair, claim its ports and make it the VM's irqchip;
 * vm_destroy() frees it. Returns 0 or -errno.
 */
int pic_init(struct vm *vm);

#endif /* HVX_I8259_DEV_H */
