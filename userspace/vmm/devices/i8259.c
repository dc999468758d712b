// SPDX-License-Identifier: GPL-2.0
/*
 * The 8259A pair's state machine (i8259.h), after the 8259A datasheet:
 * the ICW1-ICW4 initialization sequence, OCW1-OCW3, fully nested and
 * rotating priorities, automatic EOI, special mask mode, special fully
 * nested mode, poll mode, and the IR7 answer to an INTA with nothing
 * left to acknowledge.
 *
 * Not modelled: MCS-80/85 mode (ICW4 uPM clear; an x86 PC is always in
 * 8086 mode), buffered mode, and the ICW3 slave-select wiring other than
 * the PC's (slave on master IR2).
 */
#include <string.h>
#include "i8259.h"

#define MASTER		0
#define SLAVE		1
#define CASCADE_BIT	(1u << PIC_CASCADE_IRQ)

/* ICW1 and ICW4 bits. */
#define ICW1_IC4	0x01
#define ICW1_SNGL	0x02
#define ICW1_LTIM	0x08
#define ICW1_INIT	0x10
#define ICW4_AEOI	0x02
#define ICW4_SFNM	0x10
/* OCW3 bits. */
#define OCW3_SEL	0x08
#define OCW3_RIS	0x01
#define OCW3_RR		0x02
#define OCW3_POLL	0x04
#define OCW3_SMM	0x20
#define OCW3_ESMM	0x40

/* Initialization steps: the ICW expected next at A0=1. */
enum { INIT_DONE, INIT_ICW2 = 2, INIT_ICW3, INIT_ICW4 };

/* 0 for the highest priority, 7 for the lowest. */
static unsigned int rank(const struct pic_chip *c, unsigned int irq)
{
	return (irq - c->lowest - 1) & 7;
}

/* The highest-priority level set in @bits, or -1. */
static int highest(const struct pic_chip *c, uint8_t bits)
{
	unsigned int i, irq;

	for (i = 0; i < 8; i++) {
		irq = (c->lowest + 1 + i) & 7;
		if (bits & (1u << irq))
			return irq;
	}
	return -1;
}

static uint8_t level_mask(const struct pic_chip *c, unsigned int which)
{
	uint8_t mask = c->ltim ? 0xff : c->elcr;

	/* The slave's INT output holds IR2 high for as long as it asks. */
	if (which == MASTER)
		mask |= CASCADE_BIT;
	return mask;
}

/* The request this chip would present now, or -1. */
static int chip_pending(const struct pic_chip *c, unsigned int which)
{
	uint8_t isr = c->isr;
	int irq, top;

	if (c->init_step != INIT_DONE)
		return -1;
	irq = highest(c, c->irr & ~c->imr);
	if (irq < 0)
		return -1;
	/* In special mask mode, masked levels in service block nothing. */
	if (c->special_mask)
		isr &= ~c->imr;
	/* A slave in service may still present a higher request (SFNM). */
	if (which == MASTER && c->sfnm && irq == PIC_CASCADE_IRQ)
		isr &= ~CASCADE_BIT;
	top = highest(c, isr);
	if (top >= 0 && rank(c, top) <= rank(c, irq))
		return -1;
	return irq;
}

/*
 * Level-triggered IRR bits follow their lines; the master's IR2 follows
 * the slave's output. Called after every change of state.
 */
static void update(struct pic *pic)
{
	struct pic_chip *m = &pic->chip[MASTER], *s = &pic->chip[SLAVE];
	uint8_t lvl;

	lvl = level_mask(s, SLAVE);
	s->irr = (s->irr & ~lvl) | (s->lines & lvl);
	if (chip_pending(s, SLAVE) >= 0)
		m->lines |= CASCADE_BIT;
	else
		m->lines &= ~CASCADE_BIT;
	lvl = level_mask(m, MASTER);
	m->irr = (m->irr & ~lvl) | (m->lines & lvl);
}

static void set_line(struct pic_chip *c, unsigned int irq, bool level)
{
	uint8_t bit = 1u << irq;

	/* An edge is latched here; level bits are settled by update(). */
	if (level && !(c->lines & bit))
		c->irr |= bit;
	if (level)
		c->lines |= bit;
	else
		c->lines &= ~bit;
}

static void chip_ack(struct pic_chip *c, unsigned int irq)
{
	c->irr &= ~(1u << irq);
	if (!c->auto_eoi)
		c->isr |= 1u << irq;
	else if (c->rotate_on_aeoi)
		c->lowest = irq;
}

static void chip_reset(struct pic_chip *c, uint8_t vector_base,
		       uint8_t elcr_mask)
{
	memset(c, 0, sizeof(*c));
	c->imr = 0xff;
	c->lowest = 7;
	c->vector_base = vector_base;
	c->elcr_mask = elcr_mask;
}

void pic_reset(struct pic *pic)
{
	/*
	 * The PC BIOS's vectors, all lines masked. IRQ 0, 1, 2, 8 and 13
	 * are edge-only on a PC: their ELCR bits are read-only zeros.
	 */
	chip_reset(&pic->chip[MASTER], 0x08, 0xf8);
	chip_reset(&pic->chip[SLAVE], 0x70, 0xde);
}

void pic_set_irq(struct pic *pic, unsigned int irq, bool level)
{
	/* Line 2 is the cascade: no device can drive it. */
	if (irq >= 16 || irq == PIC_CASCADE_IRQ)
		return;
	set_line(&pic->chip[irq / 8], irq % 8, level);
	update(pic);
}

bool pic_has_interrupt(const struct pic *pic)
{
	return chip_pending(&pic->chip[MASTER], MASTER) >= 0;
}

int pic_intack(struct pic *pic)
{
	struct pic_chip *m = &pic->chip[MASTER], *s = &pic->chip[SLAVE];
	int irq = chip_pending(m, MASTER);
	int vector;

	if (irq < 0)
		return m->vector_base | 7;
	chip_ack(m, irq);
	if (irq == PIC_CASCADE_IRQ && !m->single) {
		/* The slave answers the INTA; the master keeps IR2 in service. */
		irq = chip_pending(s, SLAVE);
		if (irq < 0) {
			vector = s->vector_base | 7;
		} else {
			chip_ack(s, irq);
			vector = s->vector_base | irq;
		}
	} else {
		vector = m->vector_base | irq;
	}
	update(pic);
	return vector;
}

static void icw1(struct pic_chip *c, uint8_t val)
{
	c->icw4_needed = val & ICW1_IC4;
	c->single = val & ICW1_SNGL;
	c->ltim = val & ICW1_LTIM;
	/*
	 * The edge sense is reset: a line already high must go low and high
	 * again before it requests (lines is kept, so no edge is seen).
	 */
	c->irr = 0;
	c->isr = 0;
	c->imr = 0;
	c->lowest = 7;
	c->special_mask = false;
	c->read_isr = false;
	c->poll = false;
	c->rotate_on_aeoi = false;
	if (!c->icw4_needed) {
		c->auto_eoi = false;
		c->sfnm = false;
	}
	c->init_step = INIT_ICW2;
}

static void init_word(struct pic_chip *c, uint8_t val)
{
	switch (c->init_step) {
	case INIT_ICW2:
		c->vector_base = val & 0xf8;
		if (!c->single)
			c->init_step = INIT_ICW3;
		else
			c->init_step = c->icw4_needed ? INIT_ICW4 : INIT_DONE;
		break;
	case INIT_ICW3:
		c->icw3 = val;
		c->init_step = c->icw4_needed ? INIT_ICW4 : INIT_DONE;
		break;
	case INIT_ICW4:
		c->auto_eoi = val & ICW4_AEOI;
		c->sfnm = val & ICW4_SFNM;
		c->init_step = INIT_DONE;
		break;
	}
}

/* The level a non-specific EOI ends, or -1. */
static int eoi_level(const struct pic_chip *c)
{
	uint8_t isr = c->isr;

	/* Masked levels stay in service in special mask mode. */
	if (c->special_mask)
		isr &= ~c->imr;
	return highest(c, isr);
}

static void ocw2(struct pic_chip *c, uint8_t val)
{
	unsigned int level = val & 7;
	int irq;

	switch (val >> 5) {
	case 0:		/* clear rotate in automatic EOI mode */
		c->rotate_on_aeoi = false;
		break;
	case 1:		/* non-specific EOI */
	case 5:		/* rotate on non-specific EOI */
		irq = eoi_level(c);
		if (irq < 0)
			break;
		c->isr &= ~(1u << irq);
		if (val >> 5 == 5)
			c->lowest = irq;
		break;
	case 3:		/* specific EOI */
		c->isr &= ~(1u << level);
		break;
	case 4:		/* set rotate in automatic EOI mode */
		c->rotate_on_aeoi = true;
		break;
	case 6:		/* set priority */
		c->lowest = level;
		break;
	case 7:		/* rotate on specific EOI */
		c->isr &= ~(1u << level);
		c->lowest = level;
		break;
	default:	/* 2: no operation */
		break;
	}
}

static void ocw3(struct pic_chip *c, uint8_t val)
{
	if (val & OCW3_POLL)
		c->poll = true;
	if (val & OCW3_RR)
		c->read_isr = val & OCW3_RIS;
	if (val & OCW3_ESMM)
		c->special_mask = val & OCW3_SMM;
}

void pic_write(struct pic *pic, unsigned int chip, unsigned int a0,
	       uint8_t val)
{
	struct pic_chip *c = &pic->chip[chip & 1];

	if (a0 & 1) {
		if (c->init_step != INIT_DONE)
			init_word(c, val);
		else
			c->imr = val;		/* OCW1 */
	} else if (val & ICW1_INIT) {
		icw1(c, val);
	} else if (val & OCW3_SEL) {
		ocw3(c, val);
	} else {
		ocw2(c, val);
	}
	update(pic);
}

/* A poll is an INTA without the vector: the level, or 0 if none. */
static uint8_t poll_read(struct pic *pic, unsigned int chip)
{
	struct pic_chip *c = &pic->chip[chip];
	int irq = chip_pending(c, chip);

	if (irq < 0)
		return 0;
	chip_ack(c, irq);
	update(pic);
	return 0x80 | irq;
}

uint8_t pic_read(struct pic *pic, unsigned int chip, unsigned int a0)
{
	struct pic_chip *c = &pic->chip[chip & 1];

	if (c->poll) {
		c->poll = false;
		return poll_read(pic, chip & 1);
	}
	if (a0 & 1)
		return c->imr;
	return c->read_isr ? c->isr : c->irr;
}

uint8_t pic_elcr_read(const struct pic *pic, unsigned int chip)
{
	return pic->chip[chip & 1].elcr;
}

void pic_elcr_write(struct pic *pic, unsigned int chip, uint8_t val)
{
	struct pic_chip *c = &pic->chip[chip & 1];

	c->elcr = val & c->elcr_mask;
	update(pic);
}
