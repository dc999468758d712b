// SPDX-License-Identifier: GPL-2.0
/*
 * The keyboard controller (userspace/vmm/i8042.c): what Linux's i8042
 * probe sends, the answers of a controller with nothing plugged in, the
 * output buffer's interrupts, and both ways to pulse the reset line.
 */
#include "i8042.h"
#include "kselftest_harness.h"

#define DATA	0
#define CMD	4

static uint8_t status(struct kbc *k)
{
	return kbc_read(k, CMD);
}

/* A command with one byte back. */
static uint8_t query(struct kbc *k, uint8_t cmd)
{
	kbc_write(k, CMD, cmd);
	return kbc_read(k, DATA);
}

TEST(probe)
{
	struct kbc k;

	kbc_reset(&k);
	/* Nothing to flush; keyboard not inhibited. */
	ASSERT_EQ(0x14, status(&k));
	kbc_write(&k, CMD, 0xaa);
	ASSERT_EQ(0x1d, status(&k));
	ASSERT_EQ(0x55, kbc_read(&k, DATA));
	ASSERT_EQ(0x1c, status(&k));
	ASSERT_EQ(0x65, query(&k, 0x20));
	/* Write the command byte: keyboard disabled, no interrupt. */
	kbc_write(&k, CMD, 0x60);
	kbc_write(&k, DATA, 0x74);
	ASSERT_EQ(0x14, status(&k));
	ASSERT_EQ(0x74, query(&k, 0x20));
	ASSERT_EQ(0x00, query(&k, 0xab));
	ASSERT_EQ(0x00, query(&k, 0xa9));
	/* Port enables are command byte bits. */
	kbc_write(&k, CMD, 0xa8);
	ASSERT_EQ(0x54, query(&k, 0x20));
	kbc_write(&k, CMD, 0xa7);
	kbc_write(&k, CMD, 0xae);
	ASSERT_EQ(0x64, query(&k, 0x20));
	kbc_write(&k, CMD, 0xad);
	ASSERT_EQ(0x74, query(&k, 0x20));
	/* Unknown commands do nothing. */
	kbc_write(&k, CMD, 0xc8);
	ASSERT_EQ(0x1c, status(&k));
}

TEST(loop_and_no_devices)
{
	struct kbc k;

	kbc_reset(&k);
	kbc_write(&k, CMD, 0x60);
	kbc_write(&k, DATA, 0x47);	/* both interrupts on, aux enabled */
	ASSERT_FALSE(kbc_irq1(&k));
	/* The aux loopback comes back as aux data, on IRQ 12. */
	kbc_write(&k, CMD, 0xd3);
	kbc_write(&k, DATA, 0x5a);
	ASSERT_EQ(0x25, status(&k) & 0x25);
	ASSERT_TRUE(kbc_irq12(&k));
	ASSERT_FALSE(kbc_irq1(&k));
	ASSERT_EQ(0x5a, kbc_read(&k, DATA));
	ASSERT_FALSE(kbc_irq12(&k));
	/* Keyboard loopback, on IRQ 1. */
	kbc_write(&k, CMD, 0xd2);
	kbc_write(&k, DATA, 0xa5);
	ASSERT_TRUE(kbc_irq1(&k));
	ASSERT_EQ(0xa5, kbc_read(&k, DATA));
	/* No keyboard: a NAK with the timeout bit. */
	kbc_write(&k, DATA, 0xf2);
	ASSERT_EQ(0x41, status(&k) & 0x61);
	ASSERT_TRUE(kbc_irq1(&k));
	ASSERT_EQ(0xfe, kbc_read(&k, DATA));
	/* No mouse either. */
	kbc_write(&k, CMD, 0xd4);
	kbc_write(&k, DATA, 0xff);
	ASSERT_EQ(0x61, status(&k) & 0x61);
	ASSERT_TRUE(kbc_irq12(&k));
	ASSERT_EQ(0xfe, kbc_read(&k, DATA));
	/* Empty: the last byte again, no interrupt. */
	ASSERT_EQ(0xfe, kbc_read(&k, DATA));
	ASSERT_FALSE(kbc_irq12(&k));
	/* Interrupts off: the byte is there, the line is not. */
	kbc_write(&k, CMD, 0x60);
	kbc_write(&k, DATA, 0x44);
	kbc_write(&k, DATA, 0xf2);
	ASSERT_FALSE(kbc_irq1(&k));
	ASSERT_EQ(0x01, status(&k) & 0x01);
}

TEST(reset_line)
{
	struct kbc k;

	kbc_reset(&k);
	kbc_write(&k, CMD, 0xfe);
	ASSERT_TRUE(k.reset);
	kbc_reset(&k);
	kbc_write(&k, CMD, 0xff);	/* pulses nothing */
	ASSERT_FALSE(k.reset);
	ASSERT_EQ(0x03, query(&k, 0xd0));
	kbc_write(&k, CMD, 0xd1);
	kbc_write(&k, DATA, 0x03);	/* A20 on, not reset */
	ASSERT_FALSE(k.reset);
	kbc_write(&k, CMD, 0xd1);
	kbc_write(&k, DATA, 0x02);
	ASSERT_TRUE(k.reset);
}

TEST_HARNESS_MAIN
