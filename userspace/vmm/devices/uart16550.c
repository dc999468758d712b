// SPDX-License-Identifier: GPL-2.0
/*
 * The 16550A's registers (uart16550.h), after the PC16550D datasheet:
 * the receive FIFO and its trigger levels, the interrupt priorities of
 * IIR (line status, received data or character timeout, THR empty,
 * modem status), DLAB, the scratch register, and loopback mode with the
 * modem control outputs looped to the modem status inputs.
 *
 * Outside loopback the modem inputs are those of a null-modem console:
 * CTS, DSR and DCD asserted, RI not. A FIFO below its trigger level is
 * reported as a character timeout at once instead of four characters
 * later. Turning the FIFO on or off keeps what it holds (see
 * write_fcr()). Parity, framing and break never happen; the transmit
 * FIFO is never needed.
 */
#include <string.h>
#include "uart16550.h"

#define LSR_ERRORS	(UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI)
#define IER_MASK	0x0f
#define MCR_MASK	0x1f
#define FCR_KEPT	0xc9	/* enable, DMA mode, trigger level */

void uart_init(struct uart *u, void (*tx)(void *opaque, uint8_t byte),
	       void *opaque)
{
	memset(u, 0, sizeof(*u));
	u->tx = tx;
	u->opaque = opaque;
	u->dll = 12;		/* 9600 baud, not that it matters */
}

static bool fifo_on(const struct uart *u)
{
	return u->fcr & UART_FCR_ENABLE;
}

static unsigned int capacity(const struct uart *u)
{
	return fifo_on(u) ? UART_FIFO_SIZE : 1;
}

static unsigned int trigger_level(const struct uart *u)
{
	static const unsigned int levels[] = { 1, 4, 8, 14 };

	return fifo_on(u) ? levels[u->fcr >> 6] : 1;
}

static void clear_rx(struct uart *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

/* The modem inputs: looped from MCR, or a console's. */
static uint8_t modem_status(const struct uart *u)
{
	uint8_t msr = 0;

	if (!(u->mcr & UART_MCR_LOOP))
		return UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
	if (u->mcr & UART_MCR_RTS)
		msr |= UART_MSR_CTS;
	if (u->mcr & UART_MCR_DTR)
		msr |= UART_MSR_DSR;
	if (u->mcr & UART_MCR_OUT1)
		msr |= UART_MSR_RI;
	if (u->mcr & UART_MCR_OUT2)
		msr |= UART_MSR_DCD;
	return msr;
}

static uint8_t iir_source(const struct uart *u)
{
	if ((u->ier & UART_IER_ELSI) && (u->lsr_errors & LSR_ERRORS))
		return UART_IIR_RLSI;
	if ((u->ier & UART_IER_ERBFI) && u->rx_count)
		return u->rx_count >= trigger_level(u) ? UART_IIR_RDI :
							 UART_IIR_CTI;
	if ((u->ier & UART_IER_ETBEI) && u->thre_pending)
		return UART_IIR_THRI;
	if ((u->ier & UART_IER_EDSSI) && u->msr_delta)
		return UART_IIR_MSI;
	return UART_IIR_NONE;
}

bool uart_intr(const struct uart *u)
{
	return iir_source(u) != UART_IIR_NONE;
}

bool uart_irq(const struct uart *u)
{
	return uart_intr(u) && (u->mcr & UART_MCR_OUT2) &&
	       !(u->mcr & UART_MCR_LOOP);
}

unsigned int uart_rx_room(const struct uart *u)
{
	if (u->mcr & UART_MCR_LOOP)
		return 0;
	if (!(u->mcr & UART_MCR_DTR) && !(u->ier & UART_IER_ERBFI))
		return 0;
	/* Over capacity after the FIFO was turned off: drain first. */
	if (u->rx_count >= capacity(u))
		return 0;
	return capacity(u) - u->rx_count;
}

static void receive(struct uart *u, uint8_t byte)
{
	if (u->rx_count < capacity(u)) {
		u->rx[(u->rx_head + u->rx_count++) % UART_FIFO_SIZE] = byte;
		return;
	}
	/* FIFO full: the byte is lost; without FIFO it replaces RBR. */
	u->lsr_errors |= UART_LSR_OE;
	if (!fifo_on(u))
		u->rx[u->rx_head] = byte;
}

void uart_rx(struct uart *u, uint8_t byte)
{
	if (!(u->mcr & UART_MCR_LOOP))
		receive(u, byte);
}

static uint8_t read_rbr(struct uart *u)
{
	if (u->rx_count) {
		u->rbr = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
		u->rx_count--;
	}
	return u->rbr;
}

static uint8_t read_iir(struct uart *u)
{
	uint8_t src = iir_source(u);

	/* Reading IIR is how the THR-empty interrupt is acknowledged. */
	if (src == UART_IIR_THRI)
		u->thre_pending = false;
	return src | (fifo_on(u) ? UART_IIR_FIFO : 0);
}

static uint8_t read_lsr(struct uart *u)
{
	uint8_t lsr = UART_LSR_THRE | UART_LSR_TEMT | u->lsr_errors;

	if (u->rx_count)
		lsr |= UART_LSR_DR;
	u->lsr_errors = 0;
	return lsr;
}

static uint8_t read_msr(struct uart *u)
{
	uint8_t msr = modem_status(u) | u->msr_delta;

	u->msr_delta = 0;
	return msr;
}

uint8_t uart_read(struct uart *u, unsigned int reg)
{
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg & 7) {
	case UART_RBR:
		return dlab ? u->dll : read_rbr(u);
	case UART_IER:
		return dlab ? u->dlm : u->ier;
	case UART_IIR:
		return read_iir(u);
	case UART_LCR:
		return u->lcr;
	case UART_MCR:
		return u->mcr;
	case UART_LSR:
		return read_lsr(u);
	case UART_MSR:
		return read_msr(u);
	default:
		return u->scr;
	}
}

static void write_thr(struct uart *u, uint8_t byte)
{
	if (u->mcr & UART_MCR_LOOP)
		receive(u, byte);
	else if (u->tx)
		u->tx(u->opaque, byte);
	/* Sent at once: THR is empty again, and says so. */
	u->thre_pending = true;
}

static void write_ier(struct uart *u, uint8_t val)
{
	uint8_t old = u->ier;

	u->ier = val & IER_MASK;
	/* Enabling it with THR empty raises the THR-empty interrupt. */
	if (!(old & UART_IER_ETBEI) && (u->ier & UART_IER_ETBEI))
		u->thre_pending = true;
}

static void write_fcr(struct uart *u, uint8_t val)
{
	/*
	 * Turning the FIFOs on or off does not empty them here, unlike the
	 * chip: what they hold came from the host, which would not have
	 * sent it yet on a real line, and drivers enable the FIFO after the
	 * receive interrupt (Linux's startup does). The clear bits do.
	 */
	if (!(val & UART_FCR_ENABLE)) {
		u->fcr = 0;
		return;
	}
	if (val & UART_FCR_CLR_RX)
		clear_rx(u);
	u->fcr = val & FCR_KEPT;
}

static void write_mcr(struct uart *u, uint8_t val)
{
	uint8_t before = modem_status(u), after, changed;

	u->mcr = val & MCR_MASK;
	after = modem_status(u);
	changed = before ^ after;
	if (changed & UART_MSR_CTS)
		u->msr_delta |= UART_MSR_DCTS;
	if (changed & UART_MSR_DSR)
		u->msr_delta |= UART_MSR_DDSR;
	/* RI counts its trailing edge only. */
	if ((before & UART_MSR_RI) && !(after & UART_MSR_RI))
		u->msr_delta |= UART_MSR_TERI;
	if (changed & UART_MSR_DCD)
		u->msr_delta |= UART_MSR_DDCD;
}

void uart_write(struct uart *u, unsigned int reg, uint8_t val)
{
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg & 7) {
	case UART_THR:
		if (dlab)
			u->dll = val;
		else
			write_thr(u, val);
		break;
	case UART_IER:
		if (dlab)
			u->dlm = val;
		else
			write_ier(u, val);
		break;
	case UART_FCR:
		write_fcr(u, val);
		break;
	case UART_LCR:
		u->lcr = val;
		break;
	case UART_MCR:
		write_mcr(u, val);
		break;
	case UART_SCR:
		u->scr = val;
		break;
	default:
		break;		/* LSR and MSR: factory test only */
	}
}
