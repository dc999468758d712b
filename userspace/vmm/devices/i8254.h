/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 8254 programmable interval timer of a PC and the timer bits of
 * port 0x61, as pure state: time is an argument (nanoseconds of any
 * monotonic clock), so host unit tests drive it. i8254_dev.c puts it on
 * the port bus with a host timer.
 *
 * The counters run at 1.193182 MHz, computed from elapsed time rather
 * than ticked. Channel 0's OUT drives IRQ 0 (the caller turns its rising
 * edges, pit_next_edge(), into pulses), channel 1 is the old DRAM refresh
 * timer, channel 2's gate and OUT are bits 0 and 5 of port 0x61.
 */
#ifndef HVX_I8254_H
#define HVX_I8254_H

#include <stdbool.h>
#include <stdint.h>

#define PIT_HZ		1193182
#define PIT_NEVER	UINT64_MAX

struct pit_channel {
	uint8_t ctrl;		/* control word bits 5-0: RW, mode, BCD */
	uint8_t mode;		/* 0-5 */
	uint32_t reload;	/* the count last written, 1..65536 */
	uint32_t count;		/* the count being counted */
	bool loaded;		/* a count was written since the control word */
	bool running;		/* counting (gate, trigger) */
	bool null_count;	/* the count written is not counted yet */
	bool gate;
	uint64_t start_ns;	/* when counting (re)started */
	uint64_t ticks_before;	/* ticks counted before start_ns */
	bool reload_pending;	/* modes 2, 3: reload becomes count at... */
	uint64_t switch_ns;	/* ...the end of the current period */
	bool write_msb;		/* LSB-then-MSB: the next write is the MSB */
	uint8_t write_lsb;
	bool read_msb;		/* LSB-then-MSB: the next read is the MSB */
	bool count_latched;
	bool latch_msb;
	uint16_t latch;
	bool status_latched;
	uint8_t status;
};

struct pit {
	struct pit_channel ch[3];
	uint8_t port61;		/* the writable bits 0-3 of port 0x61 */
	bool refresh;		/* port 0x61 bit 4 */
};

/* Power-on state: nothing programmed, channel 2's gate low. */
void pit_reset(struct pit *pit);

/* Ports 0x40-0x43, @port being 0-3. */
uint8_t pit_read(struct pit *pit, unsigned int port, uint64_t now);
void pit_write(struct pit *pit, unsigned int port, uint8_t val,
	       uint64_t now);

/* Port 0x61: bit 0 gate 2, 1 speaker data, 4 refresh toggle, 5 OUT 2. */
uint8_t pit_port61_read(struct pit *pit, uint64_t now);
void pit_port61_write(struct pit *pit, uint8_t val, uint64_t now);

/* The OUT pin of channel @ch at @now. */
bool pit_out(struct pit *pit, unsigned int ch, uint64_t now);

/*
 * When OUT of channel @ch next rises after @now (an IRQ 0 edge for
 * channel 0), in ns, or PIT_NEVER if it will not without a new command.
 */
uint64_t pit_next_edge(struct pit *pit, unsigned int ch, uint64_t now);

#endif /* HVX_I8254_H */
