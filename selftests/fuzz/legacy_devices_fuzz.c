// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the PC's legacy devices as a guest sees them: the
 * input is a sequence of port accesses (device_fuzz.h) to the PIC pair,
 * the PIT and port 0x61, the RTC, a 16550A, the keyboard controller and
 * the ACPI PM1a ports, mixed with interrupt acknowledge cycles, ISA line
 * changes, bytes arriving on the serial line, and a clock that only moves
 * forward. The devices are wired as on a PC (PIT OUT 0 edges to IRQ 0,
 * the UART to IRQ 4, the keyboard controller to IRQs 1 and 12).
 *
 * Wider accesses go byte by byte to the consecutive ports of the same
 * device; ports past its end read as ones and drop writes, as on the bus.
 * Beyond "no crash", after every step it checks what is cheap and
 * certain:
 *   - an INTA returns a vector of one of the two chips' bases whose low
 *     bits are a level that was requested, or the spurious IR7;
 *   - every value read fits the access size;
 *   - the PIC's rotation and initialization state stay in range;
 *   - the PIT's next edge of every channel is in the future, or never;
 *   - the UART's receive FIFO and the keyboard controller's queue stay
 *     within their sizes, and what the UART offers to take fits too;
 *   - the RTC's status C reads 0 and status D VRT;
 *   - the PM1a ports only ever request a power-off.
 */
#include <stdlib.h>
#include <string.h>
#include "acpi.h"
#include "pc.h"
#include "i8042.h"
#include "i8254.h"
#include "i8259.h"
#include "mc146818.h"
#include "uart16550.h"
#include "device_fuzz.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define CHECK(cond)	do { if (!(cond)) abort(); } while (0)

/* 2024-01-01 UTC, in ns: the RTC's host time is this plus the clock. */
#define HOST_EPOCH_NS	1704067200000000000ULL
#define CLOCK_START	1000000000ULL
#define CLOCK_MAX	(1ULL << 62)

struct machine {
	struct pic pic;
	struct pit pit;
	struct rtc rtc;
	struct uart uart;
	struct kbc kbc;
	struct vm vm;
	uint64_t now;
	uint64_t irq0_edge;	/* when OUT 0 next rises */
	unsigned int tx_bytes;
};

/* The VM functions acpi_pm_dev.c calls. */
int vm_add_cleanup(struct vm *vm, void (*fn)(void *opaque), void *opaque)
{
	if (vm->nr_cleanups == VM_MAX_CLEANUPS)
		return -1;
	vm->cleanups[vm->nr_cleanups++] = (struct vm_cleanup){ fn, opaque };
	return 0;
}

void vm_request_stop(struct vm *vm, enum vm_stop why, int status)
{
	CHECK(why == VM_STOP_POWEROFF && !status);
	if (vm->stop == VM_RUNNING) {
		vm->stop = why;
		vm->stop_status = status;
	}
}

static void uart_tx(void *opaque, uint8_t byte)
{
	struct machine *m = opaque;

	(void)byte;
	m->tx_bytes++;
}

/* The first target of each port device, and how many ports it has. */
static const struct {
	uint8_t first, len;
} groups[] = {
	{ LD_PIC_M0, 2 }, { LD_PIC_S0, 2 }, { LD_ELCR0, 2 },
	{ LD_PIT0, 4 }, { LD_PORT61, 1 }, { LD_RTC_INDEX, 2 },
	{ LD_UART, 8 }, { LD_KBC_DATA, 1 }, { LD_KBC_CMD, 1 },
};

static unsigned int group_end(unsigned int target)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(groups); i++)
		if (target >= groups[i].first &&
		    target < groups[i].first + groups[i].len)
			return groups[i].first + groups[i].len;
	abort();
}

static uint8_t port_read(struct machine *m, unsigned int target)
{
	switch (target) {
	case LD_PIC_M0:
	case LD_PIC_M1:
	case LD_PIC_S0:
	case LD_PIC_S1:
		return pic_read(&m->pic, (target - LD_PIC_M0) / 2, target & 1);
	case LD_ELCR0:
	case LD_ELCR1:
		return pic_elcr_read(&m->pic, target - LD_ELCR0);
	case LD_PIT0:
	case LD_PIT1:
	case LD_PIT2:
	case LD_PIT_CTRL:
		return pit_read(&m->pit, target - LD_PIT0, m->now);
	case LD_PORT61:
		return pit_port61_read(&m->pit, m->now);
	case LD_RTC_INDEX:
	case LD_RTC_DATA: {
		uint8_t index = m->rtc.index;
		uint8_t v = rtc_io_read(&m->rtc, target - LD_RTC_INDEX,
					HOST_EPOCH_NS + m->now);

		if (target == LD_RTC_DATA && index == RTC_REG_C)
			CHECK(v == 0);
		if (target == LD_RTC_DATA && index == RTC_REG_D)
			CHECK(v == RTC_D_VRT);
		return v;
	}
	case LD_KBC_DATA:
		return kbc_read(&m->kbc, 0);
	case LD_KBC_CMD:
		return kbc_read(&m->kbc, 4);
	default:
		return uart_read(&m->uart, target - LD_UART);
	}
}

static void port_write(struct machine *m, unsigned int target, uint8_t val)
{
	switch (target) {
	case LD_PIC_M0:
	case LD_PIC_M1:
	case LD_PIC_S0:
	case LD_PIC_S1:
		pic_write(&m->pic, (target - LD_PIC_M0) / 2, target & 1, val);
		break;
	case LD_ELCR0:
	case LD_ELCR1:
		pic_elcr_write(&m->pic, target - LD_ELCR0, val);
		break;
	case LD_PIT0:
	case LD_PIT1:
	case LD_PIT2:
	case LD_PIT_CTRL:
		pit_write(&m->pit, target - LD_PIT0, val, m->now);
		break;
	case LD_PORT61:
		pit_port61_write(&m->pit, val, m->now);
		break;
	case LD_RTC_INDEX:
	case LD_RTC_DATA:
		rtc_io_write(&m->rtc, target - LD_RTC_INDEX, val,
			     HOST_EPOCH_NS + m->now);
		break;
	case LD_KBC_DATA:
		kbc_write(&m->kbc, 0, val);
		break;
	case LD_KBC_CMD:
		kbc_write(&m->kbc, 4, val);
		break;
	default:
		uart_write(&m->uart, target - LD_UART, val);
		break;
	}
}

static uint64_t mask(unsigned int size)
{
	return (1ULL << (8 * size)) - 1;
}

/* A @size-byte access at @target: byte by byte, within the device. */
static void port_access(struct machine *m, unsigned int target,
			unsigned int size, bool write, uint64_t val)
{
	unsigned int end = group_end(target), i;
	uint64_t v = 0;

	for (i = 0; i < size; i++) {
		if (target + i >= end)
			v |= 0xffULL << (8 * i);
		else if (write)
			port_write(m, target + i, val >> (8 * i));
		else
			v |= (uint64_t)port_read(m, target + i) << (8 * i);
	}
	CHECK(!(v & ~mask(size)));
}

static void acpi_access(struct machine *m, unsigned int off,
			unsigned int size, bool write, uint64_t val)
{
	uint64_t port = ACPI_PM1A_EVT_PORT + off;

	if (write) {
		bus_write(&m->vm.io, port, size, val);
		return;
	}
	CHECK(!(bus_read(&m->vm.io, port, size) & ~mask(size)));
}

/* An INTA cycle, when the master asks for one or not. */
static void inta(struct machine *m)
{
	const struct pic_chip *mc = &m->pic.chip[0], *sc = &m->pic.chip[1];
	uint8_t m_irr = mc->irr, s_irr = sc->irr;
	uint8_t m_base = mc->vector_base, s_base = sc->vector_base;
	int v = pic_intack(&m->pic);
	unsigned int lvl = v & 7;

	CHECK(v >= 0 && v < 256);
	CHECK((v & 0xf8) == m_base || (v & 0xf8) == s_base);
	if ((v & 0xf8) == m_base && (m_irr >> lvl) & 1)
		return;
	if ((v & 0xf8) == s_base && (s_irr >> lvl) & 1)
		return;
	CHECK(lvl == 7);
}

/* The board's wiring: what each device's output does to the PIC. */
static void wire(struct machine *m)
{
	if (m->irq0_edge != PIT_NEVER && m->now >= m->irq0_edge) {
		pic_set_irq(&m->pic, 0, true);
		pic_set_irq(&m->pic, 0, false);
	}
	m->irq0_edge = pit_next_edge(&m->pit, 0, m->now);
	pic_set_irq(&m->pic, 1, kbc_irq1(&m->kbc));
	pic_set_irq(&m->pic, 4, uart_irq(&m->uart));
	pic_set_irq(&m->pic, 12, kbc_irq12(&m->kbc));
}

static void check(struct machine *m)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		const struct pic_chip *c = &m->pic.chip[i];

		CHECK(c->lowest < 8);
		CHECK(c->init_step == 0 || (c->init_step >= 2 &&
					    c->init_step <= 4));
		CHECK(!(c->elcr & ~c->elcr_mask));
	}
	for (i = 0; i < 3; i++) {
		uint64_t edge = pit_next_edge(&m->pit, i, m->now);

		CHECK(edge == PIT_NEVER || edge > m->now);
		CHECK(m->pit.ch[i].mode <= 5);
	}
	CHECK(m->uart.rx_count <= UART_FIFO_SIZE);
	CHECK(m->uart.rx_head < UART_FIFO_SIZE);
	CHECK(uart_rx_room(&m->uart) + m->uart.rx_count <= UART_FIFO_SIZE);
	CHECK(m->kbc.count <= KBC_QUEUE && m->kbc.head < KBC_QUEUE);
	CHECK(m->rtc.index < 128);
}

static void step(struct machine *m, struct input *in)
{
	uint8_t op = next(in);
	unsigned int target = op & 0x1f;
	unsigned int code = (op >> 5) & 3;
	unsigned int size = code == 3 ? 1 : 1u << code;
	bool write = op & 0x80;
	uint64_t delta;
	uint8_t b;

	switch (target) {
	case LD_ACPI:
		b = next(in) & 7;
		acpi_access(m, b, size, write, write ? next_le(in, size) : 0);
		break;
	case LD_TIME:
		delta = next_le(in, 4) << (8 * code);
		if (delta > CLOCK_MAX - m->now)
			delta = CLOCK_MAX - m->now;
		m->now += delta;
		break;
	case LD_LINE:
		b = next(in);
		pic_set_irq(&m->pic, b & 15, b & 0x80);
		break;
	case LD_INTA:
		inta(m);
		break;
	case LD_RX:
		b = next(in);
		if (uart_rx_room(&m->uart))
			uart_rx(&m->uart, b);
		break;
	default:
		if (target >= LD_NR_TARGETS)
			break;		/* no device: nothing happens */
		port_access(m, target, size, write,
			    write ? next_le(in, size) : 0);
		break;
	}
	wire(m);
	check(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	static struct machine m;

	memset(&m, 0, sizeof(m));
	pic_reset(&m.pic);
	pit_reset(&m.pit);
	rtc_reset(&m.rtc);
	uart_init(&m.uart, uart_tx, &m);
	kbc_reset(&m.kbc);
	bus_init(&m.vm.io, "port", false);
	CHECK(!device_create(&m.vm, &acpi_pm_device, 0, NULL, NULL));
	m.now = CLOCK_START;
	m.irq0_edge = PIT_NEVER;

	/* Every step takes at least a byte: at most size steps. */
	while (in.n)
		step(&m, &in);

	while (m.vm.nr_cleanups) {
		struct vm_cleanup *c = &m.vm.cleanups[--m.vm.nr_cleanups];

		c->fn(c->opaque);
	}
	return 0;
}
