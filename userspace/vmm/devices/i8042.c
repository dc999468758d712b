// SPDX-License-Identifier: GPL-2.0
/*
 * The keyboard controller's commands (i8042.h):
 *   0x20 / 0x60   read / write the command byte (0x21-0x3f, 0x61-0x7f:
 *                 the rest of its RAM, read as zero, writes dropped)
 *   0xa7 / 0xa8   disable / enable the aux port
 *   0xa9, 0xab    aux and keyboard interface tests: 0x00, no fault
 *   0xaa          self-test: 0x55
 *   0xad / 0xae   disable / enable the keyboard port
 *   0xd0 / 0xd1   read / write the output port; bit 0 clear resets
 *   0xd2 / 0xd3   the next data byte comes back as keyboard / aux data
 *   0xd4          the next data byte goes to the aux device
 *   0xf0-0xff     pulse output port bits 0-3 low: 0xfe resets
 * Other commands are ignored.
 *
 * Nothing is plugged in: a byte sent to the keyboard (a data port write
 * with no command pending) or to the aux device (0xd4) is answered at
 * once with 0xfe and the timeout bit, as a controller does when the
 * device never clocks it in, so drivers probing for devices give up
 * without waiting out their timeouts.
 */
#include <string.h>
#include "i8042.h"

#define NO_DEVICE	0xfe
#define OUTPORT_RESET	0x01	/* active low */

static void push(struct kbc *k, uint8_t val, uint8_t status)
{
	if (k->count == KBC_QUEUE)
		return;
	k->queue[(k->head + k->count++) % KBC_QUEUE] =
		(struct kbc_byte){ .val = val, .status = status };
}

void kbc_reset(struct kbc *k)
{
	memset(k, 0, sizeof(*k));
	k->ctr = KBC_CTR_XLATE | KBC_CTR_AUXDIS | KBC_CTR_SYS |
		 KBC_CTR_KBDINT;
	k->outport = 0x03;
}

static void command(struct kbc *k, uint8_t cmd)
{
	k->pending = 0;
	if (cmd >= 0x20 && cmd < 0x40) {
		push(k, cmd == 0x20 ? k->ctr : 0, 0);
		return;
	}
	if ((cmd >= 0x60 && cmd < 0x80) || (cmd >= 0xd1 && cmd <= 0xd4)) {
		k->pending = cmd;
		return;
	}
	/* Pulse the output port's low bits: bit 0 is the CPU reset line. */
	if (cmd >= 0xf0) {
		if (!(cmd & OUTPORT_RESET))
			k->reset = true;
		return;
	}
	switch (cmd) {
	case 0xa7:
		k->ctr |= KBC_CTR_AUXDIS;
		break;
	case 0xa8:
		k->ctr &= ~KBC_CTR_AUXDIS;
		break;
	case 0xa9:
	case 0xab:
		push(k, 0x00, 0);
		break;
	case 0xaa:
		k->ctr |= KBC_CTR_SYS;
		push(k, 0x55, 0);
		break;
	case 0xad:
		k->ctr |= KBC_CTR_KBDDIS;
		break;
	case 0xae:
		k->ctr &= ~KBC_CTR_KBDDIS;
		break;
	case 0xd0:
		push(k, k->outport, 0);
		break;
	default:
		break;
	}
}

static void data(struct kbc *k, uint8_t val)
{
	uint8_t cmd = k->pending;

	k->pending = 0;
	if (cmd == 0x60) {
		k->ctr = val;
	} else if (cmd == 0xd1) {
		k->outport = val;
		if (!(val & OUTPORT_RESET))
			k->reset = true;
	} else if (cmd == 0xd2) {
		push(k, val, 0);
	} else if (cmd == 0xd3) {
		push(k, val, KBC_STS_AUX);
	} else if (cmd == 0xd4) {
		push(k, NO_DEVICE, KBC_STS_AUX | KBC_STS_TIMEOUT);
	} else if (!cmd) {
		push(k, NO_DEVICE, KBC_STS_TIMEOUT);
	}
	/* 0x61-0x7f: controller RAM nobody reads back. */
}

uint8_t kbc_read(struct kbc *k, unsigned int port)
{
	uint8_t sts = KBC_STS_UNLOCK;
	struct kbc_byte *b = &k->queue[k->head];

	if (!port) {
		/* An empty buffer reads as the last byte, again. */
		if (k->count) {
			k->last = b->val;
			k->head = (k->head + 1) % KBC_QUEUE;
			k->count--;
		}
		return k->last;
	}
	if (k->ctr & KBC_CTR_SYS)
		sts |= KBC_STS_SYS;
	if (k->last_cmd)
		sts |= KBC_STS_CMD;
	if (k->count)
		sts |= KBC_STS_OBF | b->status;
	return sts;
}

void kbc_write(struct kbc *k, unsigned int port, uint8_t val)
{
	k->last_cmd = port != 0;
	if (port)
		command(k, val);
	else
		data(k, val);
}

bool kbc_irq1(const struct kbc *k)
{
	return k->count && !(k->queue[k->head].status & KBC_STS_AUX) &&
	       (k->ctr & KBC_CTR_KBDINT);
}

bool kbc_irq12(const struct kbc *k)
{
	return k->count && (k->queue[k->head].status & KBC_STS_AUX) &&
	       (k->ctr & KBC_CTR_AUXINT);
}
