// SPDX-License-Identifier: GPL-2.0
/*
 * The 16550A UART (userspace/vmm/uart16550.c): reset values, DLAB, the
 * probe Linux's 8250 driver runs, transmission, the THR-empty interrupt
 * rules, loopback, the receive FIFO and its trigger levels, overruns,
 * IIR priorities, modem status deltas and the OUT2-gated IRQ line.
 */
#include <string.h>
#include "uart16550.h"
#include "kselftest_harness.h"

struct sink {
	uint8_t bytes[64];
	unsigned int n;
};

static void collect(void *opaque, uint8_t byte)
{
	struct sink *s = opaque;

	if (s->n < sizeof(s->bytes))
		s->bytes[s->n++] = byte;
}

static uint8_t iir(struct uart *u)
{
	return uart_read(u, UART_IIR);
}

TEST(reset_values)
{
	struct uart u;

	uart_init(&u, NULL, NULL);
	ASSERT_EQ(0x00, uart_read(&u, UART_IER));
	ASSERT_EQ(0x01, iir(&u));
	ASSERT_EQ(0x00, uart_read(&u, UART_LCR));
	ASSERT_EQ(0x00, uart_read(&u, UART_MCR));
	ASSERT_EQ(0x60, uart_read(&u, UART_LSR));
	ASSERT_EQ(0xb0, uart_read(&u, UART_MSR));
	ASSERT_FALSE(uart_intr(&u));
	uart_write(&u, UART_SCR, 0xa5);
	ASSERT_EQ(0xa5, uart_read(&u, UART_SCR));
}

TEST(dlab)
{
	struct uart u;
	struct sink out = { .n = 0 };

	uart_init(&u, collect, &out);
	uart_write(&u, UART_IER, 0x05);
	uart_write(&u, UART_LCR, 0x83);
	uart_write(&u, UART_THR, 0x01);		/* DLL */
	uart_write(&u, UART_IER, 0x02);		/* DLM */
	ASSERT_EQ(0x01, uart_read(&u, UART_RBR));
	ASSERT_EQ(0x02, uart_read(&u, UART_IER));
	ASSERT_EQ(0u, out.n);
	uart_write(&u, UART_LCR, 0x03);
	ASSERT_EQ(0x05, uart_read(&u, UART_IER));
	ASSERT_EQ(0x03, uart_read(&u, UART_LCR));
	uart_write(&u, UART_THR, 'h');
	ASSERT_EQ(1u, out.n);
	ASSERT_EQ('h', out.bytes[0]);
}

/* The checks of Linux's autoconfig() for a 16550A at a COM port. */
TEST(linux_probe)
{
	struct uart u;

	uart_init(&u, NULL, NULL);
	uart_write(&u, UART_IER, 0);
	ASSERT_EQ(0x00, uart_read(&u, UART_IER) & 0x0f);
	uart_write(&u, UART_IER, 0x0f);
	ASSERT_EQ(0x0f, uart_read(&u, UART_IER) & 0x0f);
	uart_write(&u, UART_IER, 0);
	/* Loopback with RTS and OUT2: CTS and DCD. */
	uart_write(&u, UART_MCR, UART_MCR_LOOP | 0x0a);
	ASSERT_EQ(0x90, uart_read(&u, UART_MSR) & 0xf0);
	uart_write(&u, UART_MCR, 0);
	/* FIFOs: IIR bits 7-6 both set; no EFR behind LCR 0xbf. */
	uart_write(&u, UART_FCR, UART_FCR_ENABLE);
	ASSERT_EQ(3, iir(&u) >> 6);
	uart_write(&u, UART_LCR, 0xbf);
	ASSERT_NE(0, uart_read(&u, UART_IIR));
	/* Not a 16750: no 64-byte FIFO bit, with or without DLAB. */
	uart_write(&u, UART_LCR, 0);
	uart_write(&u, UART_FCR, UART_FCR_ENABLE | 0x20);
	ASSERT_EQ(6, iir(&u) >> 5);
	uart_write(&u, UART_LCR, 0x80);
	uart_write(&u, UART_FCR, UART_FCR_ENABLE | 0x20);
	ASSERT_EQ(6, iir(&u) >> 5);
	uart_write(&u, UART_LCR, 0);
	/* IER bit 6 (XScale UUE) is not there. */
	uart_write(&u, UART_IER, 0x40);
	ASSERT_EQ(0, uart_read(&u, UART_IER));
	/* The THRE test of serial8250_do_startup(). */
	uart_write(&u, UART_IER, UART_IER_ETBEI);
	ASSERT_EQ(0xc2, iir(&u));
	uart_write(&u, UART_IER, 0);
	uart_write(&u, UART_IER, UART_IER_ETBEI);
	ASSERT_EQ(0xc2, iir(&u));
}

TEST(thre_interrupt)
{
	struct uart u;
	struct sink out = { .n = 0 };

	uart_init(&u, collect, &out);
	uart_write(&u, UART_MCR, UART_MCR_OUT2);
	uart_write(&u, UART_IER, UART_IER_ETBEI);
	ASSERT_TRUE(uart_irq(&u));
	/* Reading IIR with THRE reported clears it. */
	ASSERT_EQ(0x02, iir(&u));
	ASSERT_FALSE(uart_irq(&u));
	ASSERT_EQ(0x01, iir(&u));
	/* Rewriting IER with ETBEI already set does not raise it again. */
	uart_write(&u, UART_IER, UART_IER_ETBEI);
	ASSERT_EQ(0x01, iir(&u));
	/* A byte sent empties THR again: raised. */
	uart_write(&u, UART_THR, 'a');
	ASSERT_TRUE(uart_irq(&u));
	/* Another write keeps it raised; reading LSR does not clear it. */
	uart_write(&u, UART_THR, 'b');
	ASSERT_EQ(0x60, uart_read(&u, UART_LSR));
	ASSERT_EQ(0x02, iir(&u));
	/* Disabled, it is not reported. */
	uart_write(&u, UART_THR, 'c');
	uart_write(&u, UART_IER, 0);
	ASSERT_EQ(0x01, iir(&u));
	ASSERT_FALSE(uart_irq(&u));
	ASSERT_EQ(3u, out.n);
	ASSERT_EQ(0, memcmp(out.bytes, "abc", 3));
}

TEST(irq_line_gated_by_out2)
{
	struct uart u;

	uart_init(&u, NULL, NULL);
	uart_write(&u, UART_IER, UART_IER_ETBEI);
	ASSERT_TRUE(uart_intr(&u));
	ASSERT_FALSE(uart_irq(&u));
	uart_write(&u, UART_MCR, UART_MCR_OUT2);
	ASSERT_TRUE(uart_irq(&u));
	uart_write(&u, UART_MCR, UART_MCR_OUT2 | UART_MCR_LOOP);
	ASSERT_TRUE(uart_intr(&u));
	ASSERT_FALSE(uart_irq(&u));
}

TEST(loopback)
{
	struct uart u;
	struct sink out = { .n = 0 };

	uart_init(&u, collect, &out);
	uart_write(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR);
	ASSERT_EQ(0u, uart_rx_room(&u));
	uart_write(&u, UART_THR, 'A');
	ASSERT_EQ(0u, out.n);
	ASSERT_EQ(0x61, uart_read(&u, UART_LSR));
	/* The line is disconnected. */
	uart_rx(&u, 'Z');
	ASSERT_EQ('A', uart_read(&u, UART_RBR));
	ASSERT_EQ(0x60, uart_read(&u, UART_LSR));
	/* Without FIFO a second byte overruns the first. */
	uart_write(&u, UART_THR, '1');
	uart_write(&u, UART_THR, '2');
	ASSERT_EQ(0x63, uart_read(&u, UART_LSR));
	ASSERT_EQ(0x61, uart_read(&u, UART_LSR));
	ASSERT_EQ('2', uart_read(&u, UART_RBR));
	/* Out of loopback, bytes go out again. */
	uart_write(&u, UART_MCR, 0);
	uart_write(&u, UART_THR, 'B');
	ASSERT_EQ(1u, out.n);
	ASSERT_EQ('B', out.bytes[0]);
}

TEST(modem_status)
{
	struct uart u;

	uart_init(&u, NULL, NULL);
	uart_write(&u, UART_IER, UART_IER_EDSSI);
	/* Into loopback with nothing raised: CTS, DSR and DCD drop. */
	uart_write(&u, UART_MCR, UART_MCR_LOOP);
	ASSERT_EQ(0x00, iir(&u));
	ASSERT_EQ(0x0b, uart_read(&u, UART_MSR));
	ASSERT_EQ(0x01, iir(&u));
	/* Each output shows on its input. */
	uart_write(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_RTS);
	ASSERT_EQ(0x11, uart_read(&u, UART_MSR));
	uart_write(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR);
	ASSERT_EQ(0x23, uart_read(&u, UART_MSR));
	uart_write(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT1);
	ASSERT_EQ(0x42, uart_read(&u, UART_MSR));
	/* RI's trailing edge only. */
	uart_write(&u, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2);
	ASSERT_EQ(0x8c, uart_read(&u, UART_MSR));
	uart_write(&u, UART_MCR, 0);
	ASSERT_EQ(0xb3, uart_read(&u, UART_MSR));
	ASSERT_EQ(0xb0, uart_read(&u, UART_MSR));
	/* MCR bits 5-7 do not exist. */
	uart_write(&u, UART_MCR, 0xe3);
	ASSERT_EQ(0x03, uart_read(&u, UART_MCR));
}

TEST(rx_waits_for_a_listener)
{
	struct uart u;

	uart_init(&u, NULL, NULL);
	ASSERT_EQ(0u, uart_rx_room(&u));
	uart_write(&u, UART_MCR, UART_MCR_DTR);
	ASSERT_EQ(1u, uart_rx_room(&u));
	uart_write(&u, UART_FCR, UART_FCR_ENABLE);
	ASSERT_EQ(16u, uart_rx_room(&u));
	uart_write(&u, UART_MCR, 0);
	uart_write(&u, UART_IER, UART_IER_ERBFI);
	ASSERT_EQ(16u, uart_rx_room(&u));
	uart_rx(&u, 'x');
	ASSERT_EQ(15u, uart_rx_room(&u));
}

TEST(fifo_and_trigger_levels)
{
	struct uart u;
	unsigned int i;

	uart_init(&u, NULL, NULL);
	uart_write(&u, UART_FCR, UART_FCR_ENABLE | 0x40);	/* trigger 4 */
	uart_write(&u, UART_IER, UART_IER_ERBFI | UART_IER_ELSI);
	uart_rx(&u, 'a');
	uart_rx(&u, 'b');
	uart_rx(&u, 'c');
	/* Below the trigger level: a character timeout. */
	ASSERT_EQ(0xcc, iir(&u));
	uart_rx(&u, 'd');
	ASSERT_EQ(0xc4, iir(&u));
	ASSERT_EQ('a', uart_read(&u, UART_RBR));
	ASSERT_EQ(0xcc, iir(&u));
	for (i = 0; i < 13; i++)
		uart_rx(&u, 'e' + i);
	ASSERT_EQ(0u, uart_rx_room(&u));
	ASSERT_EQ(0x61, uart_read(&u, UART_LSR));
	/* The 17th byte is lost: an overrun, reported first. */
	uart_rx(&u, '!');
	ASSERT_EQ(0xc6, iir(&u));
	ASSERT_EQ(0x63, uart_read(&u, UART_LSR));
	ASSERT_EQ(0xc4, iir(&u));
	for (i = 0; i < 16; i++)
		ASSERT_EQ("bcdefghijklmnopq"[i], uart_read(&u, UART_RBR));
	ASSERT_EQ(0x60, uart_read(&u, UART_LSR));
	ASSERT_EQ(0xc1, iir(&u));
	/* Trigger 14 and 8, 1 (the FCR field). */
	uart_write(&u, UART_FCR, UART_FCR_ENABLE | 0xc0);
	for (i = 0; i < 13; i++)
		uart_rx(&u, i);
	ASSERT_EQ(0xcc, iir(&u));
	uart_rx(&u, 13);
	ASSERT_EQ(0xc4, iir(&u));
	/* Clearing the receive FIFO. */
	uart_write(&u, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLR_RX);
	ASSERT_EQ(0x60, uart_read(&u, UART_LSR));
	uart_rx(&u, 'z');
	ASSERT_EQ(0xc4, iir(&u));
	/*
	 * Turning the FIFO off keeps host input (unlike the chip), and IIR
	 * loses bits 7-6; the receiver takes more once drained.
	 */
	uart_rx(&u, 'y');
	uart_write(&u, UART_FCR, 0);
	ASSERT_EQ(0x04, iir(&u));
	uart_write(&u, UART_MCR, UART_MCR_DTR);
	ASSERT_EQ(0u, uart_rx_room(&u));
	ASSERT_EQ('z', uart_read(&u, UART_RBR));
	ASSERT_EQ(0u, uart_rx_room(&u));
	ASSERT_EQ('y', uart_read(&u, UART_RBR));
	ASSERT_EQ(0x01, iir(&u));
	ASSERT_EQ(1u, uart_rx_room(&u));
	/* Turning it on keeps them too. */
	uart_rx(&u, 'w');
	uart_write(&u, UART_FCR, UART_FCR_ENABLE);
	ASSERT_EQ(0xc4, iir(&u));
	ASSERT_EQ(15u, uart_rx_room(&u));
}

TEST(iir_priorities)
{
	struct uart u;

	uart_init(&u, NULL, NULL);
	uart_write(&u, UART_MCR, UART_MCR_DTR);
	uart_rx(&u, 'a');
	uart_rx(&u, 'b');			/* overrun, no FIFO */
	uart_write(&u, UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_LOOP);
	uart_write(&u, UART_IER, 0x0f);
	ASSERT_EQ(0x06, iir(&u));
	uart_read(&u, UART_LSR);
	ASSERT_EQ(0x04, iir(&u));
	uart_read(&u, UART_RBR);
	ASSERT_EQ(0x02, iir(&u));
	ASSERT_EQ(0x00, iir(&u));
	uart_read(&u, UART_MSR);
	ASSERT_EQ(0x01, iir(&u));
}

TEST_HARNESS_MAIN
