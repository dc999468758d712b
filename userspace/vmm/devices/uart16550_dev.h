/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 16550A serial ports: COM1 is the console, on the host's stdin and
 * stdout.
 */
#ifndef HVX_UART16550_DEV_H
#define HVX_UART16550_DEV_H

#include <stdint.h>
#include "vm.h"

#define COM1_PORT	0x3f8
#define COM1_IRQ	4
#define COM2_PORT	0x2f8
#define COM2_IRQ	3

/*
 * A UART at ports @base..@base+7 on ISA line @irq. Every port writes what
 * the guest sends to stdout; the first one initialized also reads stdin
 * (raw mode while hvx runs if it is a terminal, where Ctrl-A x quits).
 * Returns 0 or -errno.
 */
int serial_init(struct vm *vm, uint16_t base, unsigned int irq);

#endif /* HVX_UART16550_DEV_H */
