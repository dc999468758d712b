// SPDX-License-Identifier: GPL-2.0
/*
 * The 8259A pair (userspace/vmm/i8259.c): the initialization sequence,
 * priorities, EOIs, masks, edge and level triggering, the cascade, poll
 * mode, automatic EOI, rotation, special mask mode and spurious IRQ7/15.
 */
#include "i8259.h"
#include "kselftest_harness.h"

#define M	0
#define S	1

/* What Linux's init_8259A() writes: vectors 0x30 and 0x38 here. */
static void linux_init(struct pic *pic, bool auto_eoi)
{
	pic_reset(pic);
	pic_write(pic, M, 1, 0xff);
	pic_write(pic, S, 1, 0xff);
	pic_write(pic, M, 0, 0x11);	/* ICW1: edge, cascade, ICW4 */
	pic_write(pic, M, 1, 0x30);	/* ICW2: vectors 0x30-0x37 */
	pic_write(pic, M, 1, 0x04);	/* ICW3: slave on IR2 */
	pic_write(pic, M, 1, auto_eoi ? 0x03 : 0x01);
	pic_write(pic, S, 0, 0x11);
	pic_write(pic, S, 1, 0x38);
	pic_write(pic, S, 1, 0x02);	/* ICW3: slave id 2 */
	pic_write(pic, S, 1, 0x01);
	pic_write(pic, M, 1, 0x00);	/* all unmasked */
	pic_write(pic, S, 1, 0x00);
}

static void pulse(struct pic *pic, unsigned int irq)
{
	pic_set_irq(pic, irq, true);
	pic_set_irq(pic, irq, false);
}

static uint8_t irr(struct pic *pic, unsigned int chip)
{
	pic_write(pic, chip, 0, 0x0a);
	return pic_read(pic, chip, 0);
}

static uint8_t isr(struct pic *pic, unsigned int chip)
{
	uint8_t v;

	pic_write(pic, chip, 0, 0x0b);
	v = pic_read(pic, chip, 0);
	pic_write(pic, chip, 0, 0x0a);
	return v;
}

static void eoi(struct pic *pic, unsigned int chip)
{
	pic_write(pic, chip, 0, 0x20);
}

TEST(reset_masks_everything)
{
	struct pic pic;

	pic_reset(&pic);
	pic_set_irq(&pic, 0, true);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	ASSERT_EQ(0xff, pic_read(&pic, M, 1));
	ASSERT_EQ(0xff, pic_read(&pic, S, 1));
	ASSERT_EQ(0x01, irr(&pic, M));
}

TEST(init_sequence_and_vectors)
{
	struct pic pic;

	linux_init(&pic, false);
	ASSERT_EQ(0x00, pic_read(&pic, M, 1));
	pic_write(&pic, M, 1, 0xfb);
	ASSERT_EQ(0xfb, pic_read(&pic, M, 1));
	pic_write(&pic, M, 1, 0x00);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	pulse(&pic, 0);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	ASSERT_EQ(0x30, pic_intack(&pic));
	ASSERT_EQ(0x01, isr(&pic, M));
	ASSERT_EQ(0x00, irr(&pic, M));
	ASSERT_FALSE(pic_has_interrupt(&pic));
	eoi(&pic, M);
	ASSERT_EQ(0x00, isr(&pic, M));
}

TEST(no_interrupt_during_initialization)
{
	struct pic pic;

	linux_init(&pic, false);
	pic_write(&pic, M, 0, 0x11);
	pulse(&pic, 1);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	pic_write(&pic, M, 1, 0x40);
	pic_write(&pic, M, 1, 0x04);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	pic_write(&pic, M, 1, 0x01);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	ASSERT_EQ(0x41, pic_intack(&pic));
}

TEST(icw1_resets_irr_isr_imr)
{
	struct pic pic;

	linux_init(&pic, false);
	pic_write(&pic, M, 1, 0x10);
	pulse(&pic, 3);
	pulse(&pic, 4);
	ASSERT_EQ(0x33, pic_intack(&pic));
	ASSERT_EQ(0x18, irr(&pic, M) | isr(&pic, M));
	/* A line still high must fall and rise again to request. */
	pic_set_irq(&pic, 5, true);
	pic_write(&pic, M, 0, 0x11);
	pic_write(&pic, M, 1, 0x30);
	pic_write(&pic, M, 1, 0x04);
	pic_write(&pic, M, 1, 0x01);
	ASSERT_EQ(0x00, irr(&pic, M));
	ASSERT_EQ(0x00, isr(&pic, M));
	ASSERT_EQ(0x00, pic_read(&pic, M, 1));
	ASSERT_FALSE(pic_has_interrupt(&pic));
	pic_set_irq(&pic, 5, false);
	pic_set_irq(&pic, 5, true);
	ASSERT_EQ(0x35, pic_intack(&pic));
}

TEST(fixed_priorities_and_nesting)
{
	struct pic pic;

	linux_init(&pic, false);
	pulse(&pic, 5);
	pulse(&pic, 3);
	ASSERT_EQ(0x28, irr(&pic, M));
	ASSERT_EQ(0x33, pic_intack(&pic));
	/* 5 is lower than 3, in service: held. */
	ASSERT_FALSE(pic_has_interrupt(&pic));
	/* 1 is higher: it nests. */
	pulse(&pic, 1);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	ASSERT_EQ(0x31, pic_intack(&pic));
	ASSERT_EQ(0x0a, isr(&pic, M));
	/* The non-specific EOI ends the highest level in service: 1. */
	eoi(&pic, M);
	ASSERT_EQ(0x08, isr(&pic, M));
	ASSERT_FALSE(pic_has_interrupt(&pic));
	eoi(&pic, M);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	ASSERT_EQ(0x35, pic_intack(&pic));
}

TEST(specific_eoi)
{
	struct pic pic;

	linux_init(&pic, false);
	pulse(&pic, 6);
	ASSERT_EQ(0x36, pic_intack(&pic));
	pulse(&pic, 4);
	ASSERT_EQ(0x34, pic_intack(&pic));
	pic_write(&pic, M, 0, 0x66);	/* specific EOI of 6 */
	ASSERT_EQ(0x10, isr(&pic, M));
	pic_write(&pic, M, 0, 0x64);
	ASSERT_EQ(0x00, isr(&pic, M));
}

TEST(masking)
{
	struct pic pic;

	linux_init(&pic, false);
	pic_write(&pic, M, 1, 0x01);
	pulse(&pic, 0);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	ASSERT_EQ(0x01, irr(&pic, M));
	/* The latched edge is delivered once unmasked. */
	pic_write(&pic, M, 1, 0x00);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	ASSERT_EQ(0x30, pic_intack(&pic));
	/* Masking the cascade hides the slave. */
	eoi(&pic, M);
	pic_write(&pic, M, 1, 0x04);
	pulse(&pic, 8);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	pic_write(&pic, M, 1, 0x00);
	ASSERT_EQ(0x38, pic_intack(&pic));
}

TEST(edge_latched_until_inta)
{
	struct pic pic;

	linux_init(&pic, false);
	pic_set_irq(&pic, 4, true);
	ASSERT_EQ(0x34, pic_intack(&pic));
	eoi(&pic, M);
	/* Still high: no new edge, no new request. */
	pic_set_irq(&pic, 4, true);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	pic_set_irq(&pic, 4, false);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	pic_set_irq(&pic, 4, true);
	ASSERT_TRUE(pic_has_interrupt(&pic));
}

TEST(level_triggered_elcr)
{
	struct pic pic;

	linux_init(&pic, false);
	/* IRQ 0, 1, 2, 8 and 13 stay edge-triggered. */
	pic_elcr_write(&pic, M, 0xff);
	pic_elcr_write(&pic, S, 0xff);
	ASSERT_EQ(0xf8, pic_elcr_read(&pic, M));
	ASSERT_EQ(0xde, pic_elcr_read(&pic, S));
	pic_elcr_write(&pic, M, 0x20);
	pic_elcr_write(&pic, S, 0x00);

	pic_set_irq(&pic, 5, true);
	ASSERT_EQ(0x35, pic_intack(&pic));
	/* The line is still high: requested again, held by ISR until EOI. */
	ASSERT_EQ(0x20, irr(&pic, M));
	ASSERT_FALSE(pic_has_interrupt(&pic));
	eoi(&pic, M);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	/* Dropping the line withdraws the request. */
	pic_set_irq(&pic, 5, false);
	ASSERT_EQ(0x00, irr(&pic, M));
	ASSERT_FALSE(pic_has_interrupt(&pic));
}

TEST(ltim_makes_the_chip_level_triggered)
{
	struct pic pic;

	pic_reset(&pic);
	pic_write(&pic, M, 0, 0x19);	/* ICW1 with LTIM */
	pic_write(&pic, M, 1, 0x30);
	pic_write(&pic, M, 1, 0x04);
	pic_write(&pic, M, 1, 0x01);
	pic_set_irq(&pic, 0, true);
	pic_set_irq(&pic, 0, false);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	pic_set_irq(&pic, 0, true);
	ASSERT_EQ(0x30, pic_intack(&pic));
	eoi(&pic, M);
	ASSERT_TRUE(pic_has_interrupt(&pic));
}

TEST(cascade)
{
	struct pic pic;

	linux_init(&pic, false);
	pulse(&pic, 12);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	ASSERT_EQ(0x04, irr(&pic, M));
	ASSERT_EQ(0x3c, pic_intack(&pic));
	ASSERT_EQ(0x04, isr(&pic, M));
	ASSERT_EQ(0x10, isr(&pic, S));
	ASSERT_EQ(0x00, irr(&pic, M));
	/* Master IR3 is below IR2: held; IR1 above: nests. */
	pulse(&pic, 3);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	pulse(&pic, 1);
	ASSERT_EQ(0x31, pic_intack(&pic));
	eoi(&pic, M);
	/* Slave IRQ 9 outranks 12 on the slave, but IR2 is in service. */
	pulse(&pic, 9);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	/* Linux's order: slave EOI, then master EOI. */
	eoi(&pic, S);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	eoi(&pic, M);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	ASSERT_EQ(0x39, pic_intack(&pic));
	eoi(&pic, S);
	eoi(&pic, M);
	ASSERT_EQ(0x33, pic_intack(&pic));
	eoi(&pic, M);
	ASSERT_FALSE(pic_has_interrupt(&pic));
}

TEST(special_fully_nested_mode)
{
	struct pic pic;

	linux_init(&pic, false);
	pic_write(&pic, M, 0, 0x11);
	pic_write(&pic, M, 1, 0x30);
	pic_write(&pic, M, 1, 0x04);
	pic_write(&pic, M, 1, 0x11);	/* ICW4: SFNM */
	pulse(&pic, 12);
	ASSERT_EQ(0x3c, pic_intack(&pic));
	/* A higher slave request gets through the master's IR2. */
	pulse(&pic, 9);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	ASSERT_EQ(0x39, pic_intack(&pic));
	/* A lower one does not: the slave's own ISR holds it. */
	pulse(&pic, 14);
	ASSERT_FALSE(pic_has_interrupt(&pic));
}

TEST(poll_mode)
{
	struct pic pic;

	linux_init(&pic, false);
	pic_write(&pic, M, 0, 0x0c);	/* OCW3: poll */
	ASSERT_EQ(0x00, pic_read(&pic, M, 0));
	pulse(&pic, 6);
	pulse(&pic, 4);
	pic_write(&pic, M, 0, 0x0c);
	ASSERT_EQ(0x84, pic_read(&pic, M, 0));
	ASSERT_EQ(0x10, isr(&pic, M));
	/* One read only: then IRR again. */
	pic_write(&pic, M, 0, 0x0c);
	ASSERT_EQ(0x00, pic_read(&pic, M, 0));
	ASSERT_EQ(0x40, pic_read(&pic, M, 0));
	eoi(&pic, M);
	/* The slave through the cascade: poll the master, then the slave. */
	pic_write(&pic, M, 1, 0x40);
	pulse(&pic, 11);
	pic_write(&pic, M, 0, 0x0c);
	ASSERT_EQ(0x82, pic_read(&pic, M, 0));
	pic_write(&pic, S, 0, 0x0c);
	ASSERT_EQ(0x83, pic_read(&pic, S, 0));
	ASSERT_EQ(0x08, isr(&pic, S));
}

TEST(auto_eoi)
{
	struct pic pic;

	linux_init(&pic, true);
	pulse(&pic, 3);
	ASSERT_EQ(0x33, pic_intack(&pic));
	ASSERT_EQ(0x00, isr(&pic, M));
	pulse(&pic, 5);
	ASSERT_EQ(0x35, pic_intack(&pic));
}

TEST(rotation)
{
	struct pic pic;

	linux_init(&pic, false);
	/* Set priority: 4 lowest, so 5 is now highest. */
	pic_write(&pic, M, 0, 0xc4);
	pulse(&pic, 3);
	pulse(&pic, 5);
	ASSERT_EQ(0x35, pic_intack(&pic));
	/* Rotate on non-specific EOI: 5 becomes lowest, 6 highest. */
	pic_write(&pic, M, 0, 0xa0);
	ASSERT_EQ(0x00, isr(&pic, M));
	pulse(&pic, 6);
	pulse(&pic, 5);
	ASSERT_EQ(0x36, pic_intack(&pic));
	/* Rotate on specific EOI of 6. */
	pic_write(&pic, M, 0, 0xe6);
	ASSERT_EQ(0x33, pic_intack(&pic));
	pic_write(&pic, M, 0, 0x63);
	ASSERT_EQ(0x35, pic_intack(&pic));
	eoi(&pic, M);
	/* Rotate in automatic EOI mode. */
	linux_init(&pic, true);
	pic_write(&pic, M, 0, 0x80);
	pulse(&pic, 1);
	pulse(&pic, 3);
	ASSERT_EQ(0x31, pic_intack(&pic));
	pulse(&pic, 0);
	/* 1 went lowest: 3 now outranks 0. */
	ASSERT_EQ(0x33, pic_intack(&pic));
	ASSERT_EQ(0x30, pic_intack(&pic));
	pic_write(&pic, M, 0, 0x00);	/* clear rotate in AEOI */
}

TEST(special_mask_mode)
{
	struct pic pic;

	linux_init(&pic, false);
	pulse(&pic, 3);
	ASSERT_EQ(0x33, pic_intack(&pic));
	pulse(&pic, 6);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	/* Mask the level in service, enter SMM: lower levels get in. */
	pic_write(&pic, M, 1, 0x08);
	pic_write(&pic, M, 0, 0x68);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	ASSERT_EQ(0x36, pic_intack(&pic));
	/* A non-specific EOI leaves the masked level in service. */
	eoi(&pic, M);
	ASSERT_EQ(0x08, isr(&pic, M));
	pic_write(&pic, M, 0, 0x48);	/* leave SMM */
	pic_write(&pic, M, 0, 0x63);
	ASSERT_EQ(0x00, isr(&pic, M));
}

TEST(spurious_irq7)
{
	struct pic pic;

	linux_init(&pic, false);
	pic_elcr_write(&pic, M, 0x10);
	pic_set_irq(&pic, 4, true);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	pic_set_irq(&pic, 4, false);
	ASSERT_EQ(0x37, pic_intack(&pic));
	ASSERT_EQ(0x00, isr(&pic, M));
}

TEST(spurious_irq15)
{
	struct pic pic;

	linux_init(&pic, false);
	pic_elcr_write(&pic, S, 0x08);	/* IRQ 11 level */
	pic_set_irq(&pic, 11, true);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	/* The master already saw IR2 when the slave's line dropped. */
	pic_set_irq(&pic, 11, false);
	ASSERT_FALSE(pic_has_interrupt(&pic));
	/*
	 * The master's IR2 request went with it too; model the race by
	 * masking on the slave between INT and INTA instead.
	 */
	pic_set_irq(&pic, 11, true);
	ASSERT_TRUE(pic_has_interrupt(&pic));
	pic.chip[S].irr = 0;
	ASSERT_EQ(0x3f, pic_intack(&pic));
	/* IR2 is in service on the master: Linux EOIs it there. */
	ASSERT_EQ(0x04, isr(&pic, M));
	ASSERT_EQ(0x00, isr(&pic, S));
}

TEST(ignores_bad_lines)
{
	struct pic pic;

	linux_init(&pic, false);
	pic_set_irq(&pic, 2, true);
	pic_set_irq(&pic, 16, true);
	ASSERT_FALSE(pic_has_interrupt(&pic));
}

TEST_HARNESS_MAIN
