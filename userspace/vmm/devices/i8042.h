/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PC keyboard controller (8042) with no keyboard and no mouse plugged
 * in, as pure state: enough for a driver to find the controller, see
 * that nothing answers on its ports, and for the guest to reset the
 * machine through it. i8042_dev.c puts it at ports 0x60 and 0x64.
 */
#ifndef HVX_I8042_H
#define HVX_I8042_H

#include <stdbool.h>
#include <stdint.h>

#define KBC_QUEUE	8

/* Status register (port 0x64). */
#define KBC_STS_OBF	0x01
#define KBC_STS_SYS	0x04
#define KBC_STS_CMD	0x08	/* last write was to port 0x64 */
#define KBC_STS_UNLOCK	0x10	/* keyboard not inhibited */
#define KBC_STS_AUX	0x20	/* the output byte is from the aux port */
#define KBC_STS_TIMEOUT	0x40

/* Controller command byte. */
#define KBC_CTR_KBDINT	0x01
#define KBC_CTR_AUXINT	0x02
#define KBC_CTR_SYS	0x04
#define KBC_CTR_KBDDIS	0x10
#define KBC_CTR_AUXDIS	0x20
#define KBC_CTR_XLATE	0x40

struct kbc_byte {
	uint8_t val;
	uint8_t status;		/* KBC_STS_AUX, KBC_STS_TIMEOUT */
};

struct kbc {
	uint8_t ctr;		/* controller command byte */
	uint8_t outport;	/* bit 0: not reset, bit 1: A20 */
	uint8_t pending;	/* command awaiting its data byte, or 0 */
	bool last_cmd;
	bool reset;		/* the guest pulsed the reset line */
	uint8_t last;		/* the last byte read from the data port */
	struct kbc_byte queue[KBC_QUEUE];
	unsigned int head, count;
};

/* As a BIOS leaves it: translated, keyboard interrupt on, aux off. */
void kbc_reset(struct kbc *k);

/* @port 0 is the data port (0x60), 4 the command/status port (0x64). */
uint8_t kbc_read(struct kbc *k, unsigned int port);
void kbc_write(struct kbc *k, unsigned int port, uint8_t val);

/* The output buffer's interrupt lines: IRQ 1 and IRQ 12. */
bool kbc_irq1(const struct kbc *k);
bool kbc_irq12(const struct kbc *k);

#endif /* HVX_I8042_H */
