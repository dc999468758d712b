// SPDX-License-Identifier: GPL-2.0
/*
 * The 8254 PIT (userspace/vmm/i8254.c) on a clock the test sets: counts
 * and OUT in every mode at given times, access modes, BCD, the latch and
 * read-back commands, channel 2 through port 0x61, and the next IRQ 0
 * edge the VMM arms its timer for.
 */
#include "i8254.h"
#include "kselftest_harness.h"

#define T0	1000000000ull

/* Half-way into tick @k after T0, away from rounding at the edges. */
static uint64_t mid(uint64_t k)
{
	return T0 + (k * 1000000000ull + 500000000ull) / PIT_HZ;
}

/* Half-way into tick @k after @from. */
static uint64_t rel(uint64_t from, uint64_t k)
{
	return from + (k * 1000000000ull + 500000000ull) / PIT_HZ;
}

/* The first ns at which @k ticks have gone since @from. */
static uint64_t edge(uint64_t from, uint64_t k)
{
	return from + (k * 1000000000ull + PIT_HZ - 1) / PIT_HZ;
}

static void program(struct pit *pit, unsigned int ch, uint8_t ctrl,
		    uint16_t count, uint64_t now)
{
	pit_write(pit, 3, ctrl, now);
	pit_write(pit, ch, count & 0xff, now);
	pit_write(pit, ch, count >> 8, now);
}

/* A live LSB-then-MSB read. */
static uint16_t rd16(struct pit *pit, unsigned int ch, uint64_t now)
{
	uint16_t v = pit_read(pit, ch, now);

	return v | pit_read(pit, ch, now) << 8;
}

TEST(nothing_programmed)
{
	struct pit pit;

	pit_reset(&pit);
	ASSERT_EQ(PIT_NEVER, pit_next_edge(&pit, 0, T0));
	/* Control word only: still no count, no edge. */
	pit_write(&pit, 3, 0x34, T0);
	ASSERT_EQ(PIT_NEVER, pit_next_edge(&pit, 0, T0));
	ASSERT_EQ(0xff, pit_read(&pit, 3, T0));
}

TEST(mode0_terminal_count)
{
	struct pit pit;

	pit_reset(&pit);
	pit_write(&pit, 3, 0x30, T0);
	ASSERT_FALSE(pit_out(&pit, 0, T0));
	pit_write(&pit, 0, 0xe8, T0);
	pit_write(&pit, 0, 0x03, T0);		/* 1000 */
	ASSERT_EQ(1000, rd16(&pit, 0, mid(0)));
	ASSERT_EQ(750, rd16(&pit, 0, mid(250)));
	ASSERT_FALSE(pit_out(&pit, 0, mid(999)));
	ASSERT_EQ(1, rd16(&pit, 0, mid(999)));
	ASSERT_TRUE(pit_out(&pit, 0, mid(1000)));
	ASSERT_EQ(0, rd16(&pit, 0, mid(1000)));
	/* It goes on counting, wrapping, with OUT high. */
	ASSERT_EQ(0xffff, rd16(&pit, 0, mid(1001)));
	ASSERT_TRUE(pit_out(&pit, 0, mid(70000)));
	ASSERT_EQ(edge(T0, 1000), pit_next_edge(&pit, 0, mid(10)));
	ASSERT_EQ(PIT_NEVER, pit_next_edge(&pit, 0, mid(1000)));
}

TEST(mode0_first_byte_stops_counting)
{
	struct pit pit;

	pit_reset(&pit);
	program(&pit, 0, 0x30, 1000, T0);
	pit_write(&pit, 0, 0x10, mid(100));
	ASSERT_FALSE(pit_out(&pit, 0, mid(2000)));
	ASSERT_EQ(900, rd16(&pit, 0, mid(200)));
	ASSERT_EQ(900, rd16(&pit, 0, mid(2000)));
	ASSERT_EQ(PIT_NEVER, pit_next_edge(&pit, 0, mid(200)));
	/* The MSB restarts it with the new count, 0x0210. */
	pit_write(&pit, 0, 0x02, mid(300));
	ASSERT_EQ(0x210 - 100, rd16(&pit, 0, rel(mid(300), 100)));
	ASSERT_EQ(edge(mid(300), 0x210), pit_next_edge(&pit, 0, mid(400)));
}

TEST(mode2_rate_generator)
{
	struct pit pit;

	pit_reset(&pit);
	program(&pit, 0, 0x34, 100, T0);
	ASSERT_EQ(100, rd16(&pit, 0, mid(0)));
	ASSERT_EQ(99, rd16(&pit, 0, mid(1)));
	ASSERT_EQ(1, rd16(&pit, 0, mid(99)));
	ASSERT_EQ(100, rd16(&pit, 0, mid(100)));
	ASSERT_EQ(58, rd16(&pit, 0, mid(542)));
	ASSERT_TRUE(pit_out(&pit, 0, mid(98)));
	ASSERT_FALSE(pit_out(&pit, 0, mid(99)));
	ASSERT_TRUE(pit_out(&pit, 0, mid(100)));
	ASSERT_FALSE(pit_out(&pit, 0, mid(199)));
	/* An IRQ 0 edge every 100 ticks. */
	ASSERT_EQ(edge(T0, 100), pit_next_edge(&pit, 0, T0));
	ASSERT_EQ(edge(T0, 200), pit_next_edge(&pit, 0, mid(150)));
	ASSERT_EQ(edge(T0, 200), pit_next_edge(&pit, 0, edge(T0, 100)));
	ASSERT_EQ(edge(T0, 100100),
		  pit_next_edge(&pit, 0, mid(100000)));
}

TEST(mode2_new_count_at_end_of_period)
{
	struct pit pit;
	uint64_t sw = edge(T0, 100);

	pit_reset(&pit);
	program(&pit, 0, 0x34, 100, T0);
	pit_write(&pit, 0, 50, mid(30));
	pit_write(&pit, 0, 0, mid(30));
	/* The old count finishes its period... */
	ASSERT_EQ(40, rd16(&pit, 0, mid(60)));
	ASSERT_EQ(sw, pit_next_edge(&pit, 0, mid(60)));
	/* ...then the new one runs. */
	ASSERT_EQ(50, rd16(&pit, 0, mid(100)));
	ASSERT_EQ(49, rd16(&pit, 0, mid(101)));
	ASSERT_EQ(50, rd16(&pit, 0, mid(150)));
	ASSERT_EQ(edge(sw, 50), pit_next_edge(&pit, 0, mid(120)));
	/* A control word restarts at once. */
	program(&pit, 0, 0x34, 10, mid(200));
	ASSERT_EQ(edge(mid(200), 10), pit_next_edge(&pit, 0, mid(200)));
}

TEST(mode3_square_wave)
{
	struct pit pit;
	static const uint16_t even[] = { 10, 8, 6, 4, 2, 10, 8, 6, 4, 2 };
	static const uint16_t odd[] = { 6, 4, 2, 0, 6, 4, 2 };
	unsigned int i;

	pit_reset(&pit);
	program(&pit, 0, 0x36, 10, T0);
	for (i = 0; i < 10; i++) {
		ASSERT_EQ(even[i], rd16(&pit, 0, mid(i)));
		ASSERT_EQ(i < 5, pit_out(&pit, 0, mid(i)));
	}
	ASSERT_EQ(edge(T0, 10), pit_next_edge(&pit, 0, mid(3)));
	ASSERT_EQ(edge(T0, 20), pit_next_edge(&pit, 0, mid(10)));
	/* An odd count: high for (N + 1) / 2, low for (N - 1) / 2. */
	program(&pit, 0, 0x36, 7, T0);
	for (i = 0; i < 7; i++) {
		ASSERT_EQ(odd[i], rd16(&pit, 0, mid(i)));
		ASSERT_EQ(i < 4, pit_out(&pit, 0, mid(i)));
	}
	ASSERT_TRUE(pit_out(&pit, 0, mid(7)));
}

TEST(mode4_software_strobe_oneshot)
{
	struct pit pit;
	uint64_t w = mid(50);

	pit_reset(&pit);
	/* What Linux's PIT clockevent does: 0x38, then LSB and MSB. */
	program(&pit, 0, 0x38, 100, T0);
	ASSERT_TRUE(pit_out(&pit, 0, mid(99)));
	ASSERT_FALSE(pit_out(&pit, 0, mid(100)));
	ASSERT_TRUE(pit_out(&pit, 0, mid(101)));
	ASSERT_EQ(edge(T0, 101), pit_next_edge(&pit, 0, T0));
	ASSERT_EQ(PIT_NEVER, pit_next_edge(&pit, 0, mid(101)));
	/* A new count without a control word restarts the count. */
	pit_write(&pit, 0, 20, w);
	pit_write(&pit, 0, 0, w);
	ASSERT_EQ(edge(w, 21), pit_next_edge(&pit, 0, w));
	ASSERT_EQ(PIT_NEVER, pit_next_edge(&pit, 0, edge(w, 21)));
}

TEST(counter_latch)
{
	struct pit pit;

	pit_reset(&pit);
	program(&pit, 0, 0x34, 1000, T0);
	pit_write(&pit, 3, 0x00, mid(10));
	/* A second latch before reading is ignored. */
	pit_write(&pit, 3, 0x00, mid(20));
	ASSERT_EQ(990 & 0xff, pit_read(&pit, 0, mid(50)));
	ASSERT_EQ(990 >> 8, pit_read(&pit, 0, mid(60)));
	ASSERT_EQ(930, rd16(&pit, 0, mid(70)));
	/* In LSB-only access the latch is one byte. */
	pit_write(&pit, 3, 0x14, T0);
	pit_write(&pit, 0, 200, T0);
	pit_write(&pit, 3, 0x00, mid(5));
	ASSERT_EQ(195, pit_read(&pit, 0, mid(9)));
	ASSERT_EQ(191, pit_read(&pit, 0, mid(9)));
}

TEST(read_back)
{
	struct pit pit;

	pit_reset(&pit);
	pit_write(&pit, 3, 0x34, T0);
	/* Status of channel 0: OUT high, null count, control word 0x34. */
	pit_write(&pit, 3, 0xe2, T0);
	ASSERT_EQ(0xf4, pit_read(&pit, 0, T0));
	pit_write(&pit, 0, 100, T0);
	pit_write(&pit, 0, 0, T0);
	/* Count and status of channels 0 and 2: status first. */
	pit_write(&pit, 3, 0xb0, T0);
	pit_write(&pit, 3, 0xca, mid(99));
	ASSERT_EQ(0x34, pit_read(&pit, 0, mid(200)));
	ASSERT_EQ(1, pit_read(&pit, 0, mid(200)));
	ASSERT_EQ(0, pit_read(&pit, 0, mid(200)));
	ASSERT_EQ(0x70, pit_read(&pit, 2, mid(200)));
	/* Count only, channel 0. */
	pit_write(&pit, 3, 0xd2, mid(130));
	ASSERT_EQ(70, rd16(&pit, 0, mid(150)));
	/* Status only, mode 0 after its terminal count. */
	program(&pit, 1, 0x70, 5, T0);
	pit_write(&pit, 3, 0xe4, mid(6));
	ASSERT_EQ(0xb0, pit_read(&pit, 1, mid(6)));
}

TEST(access_modes_and_bcd)
{
	struct pit pit;

	pit_reset(&pit);
	pit_write(&pit, 3, 0x10, T0);		/* LSB only, mode 0 */
	pit_write(&pit, 0, 0x20, T0);
	ASSERT_EQ(0x20 - 2, pit_read(&pit, 0, mid(2)));
	ASSERT_EQ(edge(T0, 0x20), pit_next_edge(&pit, 0, T0));
	pit_write(&pit, 3, 0x20, T0);		/* MSB only */
	pit_write(&pit, 0, 0x01, T0);
	ASSERT_EQ(0x00, pit_read(&pit, 0, mid(2)));	/* 254: MSB 0 */
	ASSERT_EQ(edge(T0, 0x100), pit_next_edge(&pit, 0, T0));
	/* BCD: 1000 decimal, counted in decimal. */
	program(&pit, 0, 0x31, 0x1000, T0);
	ASSERT_EQ(0x0999, rd16(&pit, 0, mid(1)));
	ASSERT_EQ(0x0010, rd16(&pit, 0, mid(990)));
	ASSERT_EQ(edge(T0, 1000), pit_next_edge(&pit, 0, T0));
	/* Wraps to 9999. */
	ASSERT_EQ(0x9999, rd16(&pit, 0, mid(1001)));
	/* 0 is 10000 in BCD, 65536 in binary. */
	program(&pit, 0, 0x35, 0, T0);
	ASSERT_EQ(edge(T0, 10000), pit_next_edge(&pit, 0, T0));
	program(&pit, 0, 0x34, 0, T0);
	ASSERT_EQ(edge(T0, 65536), pit_next_edge(&pit, 0, T0));
	ASSERT_EQ(0xffff, rd16(&pit, 0, mid(1)));
}

TEST(port61_channel2)
{
	struct pit pit;
	uint8_t a, b;

	pit_reset(&pit);
	/* Linux's TSC calibration: gate high, speaker off, mode 0. */
	pit_port61_write(&pit, 0x01, T0);
	program(&pit, 2, 0xb0, 1000, T0);
	a = pit_port61_read(&pit, mid(999));
	b = pit_port61_read(&pit, mid(999));
	ASSERT_EQ(0x01, a & 0x2f);
	/* The refresh bit toggles on every read. */
	ASSERT_EQ(0x10, (a ^ b) & 0x10);
	ASSERT_EQ(0x21, pit_port61_read(&pit, mid(1000)) & 0x2f);
	/* Bits 0-3 are kept, 6-7 read as zero. */
	pit_port61_write(&pit, 0xff, mid(1000));
	ASSERT_EQ(0x2f, pit_port61_read(&pit, mid(1000)) & 0xef);
	/* Channel 2 does not touch IRQ 0. */
	ASSERT_EQ(PIT_NEVER, pit_next_edge(&pit, 0, T0));
}

TEST(gate_pauses_mode0)
{
	struct pit pit;

	pit_reset(&pit);
	/* Programmed with the gate low: it waits. */
	program(&pit, 2, 0xb0, 100, T0);
	ASSERT_EQ(100, rd16(&pit, 2, mid(50)));
	pit_port61_write(&pit, 0x01, T0 + 50000);
	ASSERT_EQ(90, rd16(&pit, 2, rel(T0 + 50000, 10)));
	pit_port61_write(&pit, 0x00, edge(T0 + 50000, 10));
	ASSERT_EQ(90, rd16(&pit, 2, mid(500)));
	ASSERT_FALSE(pit_out(&pit, 2, mid(500)));
	pit_port61_write(&pit, 0x01, T0 + 500000);
	ASSERT_FALSE(pit_out(&pit, 2, rel(T0 + 500000, 89)));
	ASSERT_TRUE(pit_out(&pit, 2, rel(T0 + 500000, 90)));
}

TEST(gate_restarts_mode2_and_triggers_mode1_mode5)
{
	struct pit pit;

	pit_reset(&pit);
	pit_port61_write(&pit, 0x01, T0);
	program(&pit, 2, 0xb4, 100, T0);
	ASSERT_EQ(70, rd16(&pit, 2, mid(30)));
	pit_port61_write(&pit, 0x00, mid(30));
	ASSERT_TRUE(pit_out(&pit, 2, mid(99)));
	ASSERT_EQ(PIT_NEVER, pit_next_edge(&pit, 2, mid(99)));
	pit_port61_write(&pit, 0x01, mid(200));
	ASSERT_EQ(100, rd16(&pit, 2, mid(200)));
	ASSERT_EQ(90, rd16(&pit, 2, rel(mid(200), 10)));
	ASSERT_EQ(edge(mid(200), 100), pit_next_edge(&pit, 2, mid(200)));

	/* Mode 1: nothing until a gate edge, then a one-shot. */
	pit_port61_write(&pit, 0x00, T0);
	program(&pit, 2, 0xb2, 10, T0);
	ASSERT_TRUE(pit_out(&pit, 2, mid(50)));
	ASSERT_EQ(PIT_NEVER, pit_next_edge(&pit, 2, mid(50)));
	pit_port61_write(&pit, 0x01, mid(50));
	ASSERT_FALSE(pit_out(&pit, 2, rel(mid(50), 9)));
	ASSERT_TRUE(pit_out(&pit, 2, rel(mid(50), 10)));
	/* Retriggered. */
	pit_port61_write(&pit, 0x00, mid(70));
	pit_port61_write(&pit, 0x01, mid(71));
	ASSERT_FALSE(pit_out(&pit, 2, mid(72)));
	ASSERT_EQ(edge(mid(71), 10), pit_next_edge(&pit, 2, mid(72)));

	/* Mode 5: a strobe 10 ticks after the edge. */
	pit_port61_write(&pit, 0x00, T0);
	program(&pit, 2, 0xba, 10, T0);
	pit_port61_write(&pit, 0x01, mid(5));
	ASSERT_TRUE(pit_out(&pit, 2, rel(mid(5), 9)));
	ASSERT_FALSE(pit_out(&pit, 2, rel(mid(5), 10)));
	ASSERT_TRUE(pit_out(&pit, 2, rel(mid(5), 11)));
	ASSERT_EQ(edge(mid(5), 11), pit_next_edge(&pit, 2, mid(5)));
	/* Channel 0's gate never moves: mode 1 never starts there. */
	program(&pit, 0, 0x32, 10, T0);
	ASSERT_EQ(PIT_NEVER, pit_next_edge(&pit, 0, mid(5)));
}

TEST_HARNESS_MAIN
