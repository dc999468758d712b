/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 16550A UART's registers, as pure state: the VMM gives it a transmit
 * callback and feeds received bytes; host unit tests drive it directly.
 * uart16550_dev.c puts it on the port bus with the host's stdin and stdout.
 *
 * Transmission is instant: a byte written to THR goes to the callback at
 * once, so THR and the transmitter are always empty (THRE and TEMT).
 */
#ifndef HVX_UART16550_H
#define HVX_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#define UART_FIFO_SIZE	16

/* Register offsets from the base port. */
#define UART_RBR	0	/* read; DLL with LCR.DLAB */
#define UART_THR	0	/* write; DLL with LCR.DLAB */
#define UART_IER	1	/* DLM with LCR.DLAB */
#define UART_IIR	2	/* read */
#define UART_FCR	2	/* write */
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7

#define UART_IER_ERBFI	0x01	/* received data available */
#define UART_IER_ETBEI	0x02	/* THR empty */
#define UART_IER_ELSI	0x04	/* receiver line status */
#define UART_IER_EDSSI	0x08	/* modem status */

#define UART_IIR_NONE	0x01
#define UART_IIR_MSI	0x00
#define UART_IIR_THRI	0x02
#define UART_IIR_RDI	0x04
#define UART_IIR_RLSI	0x06
#define UART_IIR_CTI	0x0c	/* character timeout */
#define UART_IIR_FIFO	0xc0

#define UART_FCR_ENABLE	0x01
#define UART_FCR_CLR_RX	0x02
#define UART_FCR_CLR_TX	0x04

#define UART_LCR_DLAB	0x80

#define UART_MCR_DTR	0x01
#define UART_MCR_RTS	0x02
#define UART_MCR_OUT1	0x04
#define UART_MCR_OUT2	0x08
#define UART_MCR_LOOP	0x10

#define UART_LSR_DR	0x01
#define UART_LSR_OE	0x02
#define UART_LSR_PE	0x04
#define UART_LSR_FE	0x08
#define UART_LSR_BI	0x10
#define UART_LSR_THRE	0x20
#define UART_LSR_TEMT	0x40

#define UART_MSR_DCTS	0x01
#define UART_MSR_DDSR	0x02
#define UART_MSR_TERI	0x04
#define UART_MSR_DDCD	0x08
#define UART_MSR_CTS	0x10
#define UART_MSR_DSR	0x20
#define UART_MSR_RI	0x40
#define UART_MSR_DCD	0x80

struct uart {
	uint8_t ier, lcr, mcr, scr, fcr;
	uint8_t dll, dlm;
	uint8_t lsr_errors;	/* OE (PE, FE, BI) until LSR is read */
	uint8_t msr_delta;	/* delta bits until MSR is read */
	uint8_t rbr;		/* the last byte received */
	uint8_t rx[UART_FIFO_SIZE];
	unsigned int rx_head, rx_count;
	bool thre_pending;	/* the THR-empty interrupt condition */
	void (*tx)(void *opaque, uint8_t byte);
	void *opaque;
};

/* Reset state; @tx(@opaque, byte) gets every byte transmitted. */
void uart_init(struct uart *u, void (*tx)(void *opaque, uint8_t byte),
	       void *opaque);

uint8_t uart_read(struct uart *u, unsigned int reg);
void uart_write(struct uart *u, unsigned int reg, uint8_t val);

/*
 * How many bytes from the line the receiver takes now. 0 in loopback
 * mode (the line is disconnected) and while the guest shows no sign of
 * listening: neither DTR raised nor the receive interrupt enabled, as
 * before a driver opens the port. Host input waits meanwhile instead of
 * being lost in a FIFO the driver clears when it starts.
 */
unsigned int uart_rx_room(const struct uart *u);
/* A byte from the line; an overrun if the receiver is full. */
void uart_rx(struct uart *u, uint8_t byte);

/* The chip's INTRPT output: some enabled interrupt is pending. */
bool uart_intr(const struct uart *u);
/*
 * The ISA IRQ line as a PC wires it: INTRPT through a buffer enabled by
 * OUT2, which loopback mode forces inactive.
 */
bool uart_irq(const struct uart *u);

#endif /* HVX_UART16550_H */
