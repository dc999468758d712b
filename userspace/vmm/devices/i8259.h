/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two cascaded 8259A programmable interrupt controllers of a PC, as
 * pure state: no VM, no ports, only libc, so that host unit tests drive
 * it directly. i8259_dev.c puts it on the port bus.
 *
 * Wiring: the slave's INT output drives the master's IR2; ISA lines 0-7
 * go to the master, 8-15 to the slave (line 2 is the cascade and unused).
 * The ELCR (edge/level control, ports 0x4d0-0x4d1) selects level
 * triggering per line, on top of the chip-wide LTIM bit of ICW1.
 *
 * Edge-triggered inputs latch their rising edge in IRR until the INTA
 * cycle, even if the line has dropped in between: devices pulse lines
 * (irq_pulse()), and a pulse must not be lost. Level-triggered IRR bits
 * follow the line.
 */
#ifndef HVX_I8259_H
#define HVX_I8259_H

#include <stdbool.h>
#include <stdint.h>

#define PIC_CASCADE_IRQ	2
#define PIC_NR_IRQS	16	/* ISA lines 0-15 */

struct pic_chip {
	uint8_t irr;		/* interrupt request register */
	uint8_t isr;		/* in-service register */
	uint8_t imr;		/* interrupt mask register (OCW1) */
	uint8_t lines;		/* current input levels */
	uint8_t elcr;		/* level-triggered lines (ELCR) */
	uint8_t elcr_mask;	/* ELCR bits that are writable */
	uint8_t vector_base;	/* ICW2, bits 7-3 */
	uint8_t icw3;
	uint8_t lowest;		/* lowest-priority level (rotation) */
	uint8_t init_step;	/* next ICW expected, 0 when initialized */
	bool icw4_needed;	/* ICW1 IC4 */
	bool single;		/* ICW1 SNGL */
	bool ltim;		/* ICW1 LTIM: all inputs level-triggered */
	bool auto_eoi;		/* ICW4 AEOI */
	bool sfnm;		/* ICW4 special fully nested mode */
	bool rotate_on_aeoi;	/* OCW2 R with AEOI */
	bool read_isr;		/* OCW3 RIS: port A0=0 reads ISR, not IRR */
	bool poll;		/* OCW3 P: the next read is a poll */
	bool special_mask;	/* OCW3 SMM */
};

struct pic {
	struct pic_chip chip[2];	/* master, slave */
};

/* Power-on state: every line masked until the guest programs the chips. */
void pic_reset(struct pic *pic);

/* Drive ISA line @irq (0-15) to @level. */
void pic_set_irq(struct pic *pic, unsigned int irq, bool level);
/* The master's INT output: an unmasked request outranks what is in service. */
bool pic_has_interrupt(const struct pic *pic);
/*
 * The INTA cycle: the vector of the highest-priority request, with ISR and
 * IRR updated. When nothing is left to acknowledge (a level line dropped
 * since INT was seen), the IR7 vector of the chip asked, as the 8259A does.
 */
int pic_intack(struct pic *pic);

/*
 * Register access: @chip 0 is the master (port 0x20), 1 the slave (0xa0);
 * @a0 is the low address bit.
 */
uint8_t pic_read(struct pic *pic, unsigned int chip, unsigned int a0);
void pic_write(struct pic *pic, unsigned int chip, unsigned int a0,
	       uint8_t val);
/* ELCR of @chip: ports 0x4d0 and 0x4d1. */
uint8_t pic_elcr_read(const struct pic *pic, unsigned int chip);
void pic_elcr_write(struct pic *pic, unsigned int chip, uint8_t val);

#endif /* HVX_I8259_H */
