/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PC's 8254 PIT at ports 0x40-0x43 and port 0x61 (speaker, channel
 * 2 gate and OUT), channel 0 on IRQ 0.
 */
#ifndef HVX_I8254_DEV_H
#define HVX_I8254_DEV_H

#include "vm.h"

/*
 * Claim the ports and add channel 0's timer to the event loop. Returns 0
 * or -errno.
 */
int pit_init(struct vm *vm);

#endif /* HVX_I8254_DEV_H */
