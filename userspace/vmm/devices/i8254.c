// SPDX-License-Identifier: GPL-2.0
/*
 * The 8254 PIT's state machine (i8254.h), after the 8254 datasheet.
 *
 * A channel is a count N and the ticks elapsed since it started: the
 * counter value and OUT are computed from those when read. Modes:
 *   0  interrupt on terminal count: OUT low, high when N ticks have gone
 *   1  hardware one-shot: a gate rising edge starts mode 0's count
 *   2  rate generator: OUT low for the last tick of every N
 *   3  square wave: OUT high for (N + 1) / 2 ticks, low for N / 2
 *   4  software strobe: OUT low for one tick after N ticks
 *   5  hardware strobe: mode 4 started by a gate rising edge
 * The gate pauses modes 0 and 4, stops and later restarts modes 2 and 3,
 * and triggers modes 1 and 5. A new count takes effect at once in modes
 * 0 and 4, at the next trigger in 1 and 5, at the end of the current
 * period in 2 and 3.
 *
 * Simplified: a count is loaded when written, not at the next clock, and
 * mode 3 takes a new count at the end of the period, not the half-period.
 */
#include <string.h>
#include "i8254.h"

#define NSEC_PER_SEC	1000000000ull

#define RW_LATCH	0
#define RW_LSB		1
#define RW_MSB		2
#define RW_BOTH		3

#define PORT61_GATE2	0x01
#define PORT61_RW	0x0f	/* gate, speaker, parity and channel checks */
#define PORT61_REFRESH	0x10
#define PORT61_OUT2	0x20

static unsigned int rw_mode(const struct pit_channel *c)
{
	return (c->ctrl >> 4) & 3;
}

static bool is_bcd(const struct pit_channel *c)
{
	return c->ctrl & 1;
}

static uint32_t modulus(const struct pit_channel *c)
{
	return is_bcd(c) ? 10000 : 65536;
}

static uint64_t ns_to_ticks(uint64_t ns)
{
	return (__uint128_t)ns * PIT_HZ / NSEC_PER_SEC;
}

/* The first time at which @ticks have elapsed. */
static uint64_t ticks_to_ns(uint64_t ticks)
{
	return ((__uint128_t)ticks * NSEC_PER_SEC + PIT_HZ - 1) /
	       PIT_HZ;
}

static uint16_t to_bcd(uint32_t v)
{
	return (v / 1000 % 10) << 12 | (v / 100 % 10) << 8 |
	       (v / 10 % 10) << 4 | v % 10;
}

/* Nibbles above 9 are taken at face value: nothing is rejected. */
static uint32_t from_bcd(uint16_t v)
{
	return (v >> 12) * 1000 + (v >> 8 & 15) * 100 + (v >> 4 & 15) * 10 +
	       (v & 15);
}

/* A pending mode 2/3 count takes over once its period has ended. */
static void settle(struct pit_channel *c, uint64_t now)
{
	if (c->reload_pending && now >= c->switch_ns) {
		c->count = c->reload;
		c->start_ns = c->switch_ns;
		c->ticks_before = 0;
		c->reload_pending = false;
		c->null_count = false;
	}
}

static uint64_t ticks(const struct pit_channel *c, uint64_t now)
{
	uint64_t t = c->ticks_before;

	if (c->running && now > c->start_ns)
		t += ns_to_ticks(now - c->start_ns);
	return t;
}

/* The counting element, binary, 0..modulus-1. */
static uint32_t counter(const struct pit_channel *c, uint64_t now)
{
	uint32_t mod = modulus(c);
	uint64_t t = ticks(c, now);
	uint32_t n = c->count ? c->count : mod;
	uint32_t p, q;

	switch (c->mode) {
	case 2:
		return (n - t % n) % mod;
	case 3:
		/* Down by two; an odd N loads N - 1 (datasheet). */
		p = t % n;
		q = p < (n + 1) / 2 ? p : p - (n + 1) / 2;
		return ((n & ~1u) - 2 * q) % mod;
	default:
		return (n + mod - t % mod) % mod;
	}
}

static bool out(const struct pit_channel *c, uint64_t now)
{
	uint64_t t = ticks(c, now);
	uint32_t n = c->count ? c->count : modulus(c);

	switch (c->mode) {
	case 0:
		return c->loaded && t >= n;
	case 1:
		return !c->running || t >= n;
	case 2:
		return !c->running || t % n != n - 1;
	case 3:
		return !c->running || t % n < (n + 1) / 2;
	case 4:
		return !c->loaded || t != n;
	default:	/* 5 */
		return !c->running || t != n;
	}
}

static void start(struct pit_channel *c, uint64_t now)
{
	c->count = c->reload;
	c->ticks_before = 0;
	c->start_ns = now;
	c->running = c->gate;
	c->null_count = false;
}

/* The end of the current mode 2/3 period. */
static uint64_t period_end(const struct pit_channel *c, uint64_t now)
{
	uint64_t t = ticks(c, now);
	uint64_t end = (t / c->count + 1) * c->count;

	return c->start_ns + ticks_to_ns(end - c->ticks_before);
}

static void load(struct pit_channel *c, uint16_t raw, uint64_t now)
{
	uint32_t n = is_bcd(c) ? from_bcd(raw) : raw;

	c->reload = n ? n : modulus(c);
	c->null_count = true;
	switch (c->mode) {
	case 0:
	case 4:
		c->loaded = true;
		start(c, now);
		break;
	case 1:
	case 5:
		/* Counted from the next gate edge. */
		c->loaded = true;
		break;
	default:
		if (c->loaded && c->running) {
			c->reload_pending = true;
			c->switch_ns = period_end(c, now);
		} else {
			c->loaded = true;
			start(c, now);
		}
		break;
	}
}

static void write_count(struct pit_channel *c, uint8_t val, uint64_t now)
{
	switch (rw_mode(c)) {
	case RW_LSB:
		load(c, val, now);
		break;
	case RW_MSB:
		load(c, val << 8, now);
		break;
	default:
		if (!c->write_msb) {
			c->write_lsb = val;
			c->write_msb = true;
			/* Mode 0 stops counting, OUT low, at the first byte. */
			if (c->mode == 0) {
				c->ticks_before = ticks(c, now);
				c->running = false;
				c->loaded = false;
			}
			break;
		}
		c->write_msb = false;
		load(c, c->write_lsb | val << 8, now);
		break;
	}
}

static uint16_t count_value(const struct pit_channel *c, uint64_t now)
{
	uint32_t v = counter(c, now);

	return is_bcd(c) ? to_bcd(v) : v;
}

static uint8_t read_count(struct pit_channel *c, uint64_t now)
{
	uint16_t v;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	if (c->count_latched) {
		v = c->latch;
		if (rw_mode(c) == RW_BOTH && !c->latch_msb) {
			c->latch_msb = true;
			return v;
		}
		c->count_latched = false;
		return rw_mode(c) == RW_MSB || rw_mode(c) == RW_BOTH ?
		       v >> 8 : v;
	}
	v = count_value(c, now);
	switch (rw_mode(c)) {
	case RW_MSB:
		return v >> 8;
	case RW_BOTH:
		c->read_msb = !c->read_msb;
		return c->read_msb ? v : v >> 8;
	default:
		return v;
	}
}

static void latch_count(struct pit_channel *c, uint64_t now)
{
	/* A second latch before the first is read is ignored. */
	if (c->count_latched)
		return;
	c->latch = count_value(c, now);
	c->count_latched = true;
	c->latch_msb = false;
}

static void latch_status(struct pit_channel *c, uint64_t now)
{
	if (c->status_latched)
		return;
	c->status = out(c, now) << 7 | c->null_count << 6 | c->ctrl;
	c->status_latched = true;
}

static void read_back(struct pit *pit, uint8_t val, uint64_t now)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if (!(val & (2 << i)))
			continue;
		if (!(val & 0x20))
			latch_count(&pit->ch[i], now);
		if (!(val & 0x10))
			latch_status(&pit->ch[i], now);
	}
}

static void control(struct pit *pit, uint8_t val, uint64_t now)
{
	struct pit_channel *c;
	unsigned int mode;

	if ((val >> 6) == 3) {
		read_back(pit, val, now);
		return;
	}
	c = &pit->ch[val >> 6];
	if (((val >> 4) & 3) == RW_LATCH) {
		latch_count(c, now);
		return;
	}
	/* Modes 6 and 7 are 2 and 3. */
	mode = (val >> 1) & 7;
	c->mode = mode > 5 ? mode - 4 : mode;
	c->ctrl = val & 0x3f;
	c->loaded = false;
	c->running = false;
	c->null_count = true;
	c->reload_pending = false;
	c->ticks_before = 0;
	c->start_ns = now;
	c->write_msb = false;
	c->read_msb = false;
	c->count_latched = false;
	c->status_latched = false;
}

static void set_gate(struct pit_channel *c, bool gate, uint64_t now)
{
	if (gate == c->gate)
		return;
	c->gate = gate;
	switch (c->mode) {
	case 0:
	case 4:
		/* Pause and resume. */
		if (!gate) {
			c->ticks_before = ticks(c, now);
			c->running = false;
		} else if (c->loaded) {
			c->start_ns = now;
			c->running = true;
		}
		break;
	case 1:
	case 5:
		/* A rising edge (re)triggers with the last count written. */
		if (gate && c->loaded)
			start(c, now);
		break;
	default:
		/* Low stops the count with OUT high; high restarts it. */
		if (!gate) {
			c->ticks_before = ticks(c, now);
			c->running = false;
			if (c->reload_pending) {
				c->count = c->reload;
				c->reload_pending = false;
			}
		} else if (c->loaded) {
			start(c, now);
		}
		break;
	}
}

void pit_reset(struct pit *pit)
{
	unsigned int i;

	memset(pit, 0, sizeof(*pit));
	/* Channels 0 and 1 have their gates tied high on a PC. */
	for (i = 0; i < 2; i++)
		pit->ch[i].gate = true;
	for (i = 0; i < 3; i++)
		pit->ch[i].ctrl = RW_BOTH << 4;
}

uint8_t pit_read(struct pit *pit, unsigned int port, uint64_t now)
{
	struct pit_channel *c;

	/* The control word register cannot be read. */
	if (port >= 3)
		return 0xff;
	c = &pit->ch[port];
	settle(c, now);
	return read_count(c, now);
}

void pit_write(struct pit *pit, unsigned int port, uint8_t val, uint64_t now)
{
	unsigned int i;

	for (i = 0; i < 3; i++)
		settle(&pit->ch[i], now);
	if (port >= 3)
		control(pit, val, now);
	else
		write_count(&pit->ch[port], val, now);
}

uint8_t pit_port61_read(struct pit *pit, uint64_t now)
{
	uint8_t val = pit->port61;

	/* Polled by old delay loops: it toggles on every read. */
	pit->refresh = !pit->refresh;
	if (pit->refresh)
		val |= PORT61_REFRESH;
	if (pit_out(pit, 2, now))
		val |= PORT61_OUT2;
	return val;
}

void pit_port61_write(struct pit *pit, uint8_t val, uint64_t now)
{
	struct pit_channel *c = &pit->ch[2];

	pit->port61 = val & PORT61_RW;
	settle(c, now);
	set_gate(c, val & PORT61_GATE2, now);
}

bool pit_out(struct pit *pit, unsigned int ch, uint64_t now)
{
	struct pit_channel *c = &pit->ch[ch];

	settle(c, now);
	return out(c, now);
}

uint64_t pit_next_edge(struct pit *pit, unsigned int ch, uint64_t now)
{
	struct pit_channel *c = &pit->ch[ch];
	uint64_t t, edge;

	settle(c, now);
	if (!c->loaded || !c->running)
		return PIT_NEVER;
	t = ticks(c, now);
	switch (c->mode) {
	case 0:
	case 1:
		edge = c->count;
		break;
	case 4:
	case 5:
		edge = c->count + 1ull;
		break;
	default:
		if (c->reload_pending)
			return c->switch_ns;
		return period_end(c, now);
	}
	if (t >= edge)
		return PIT_NEVER;
	return c->start_ns + ticks_to_ns(edge - c->ticks_before);
}
