// SPDX-License-Identifier: GPL-2.0
/*
 * The CMOS RTC (userspace/vmm/mc146818.c) at given host times: BCD,
 * binary and 12-hour encodings, UIP, status C and D, setting the time
 * with SET (an offset, the host clock untouched) and without, and RAM.
 */
#define _GNU_SOURCE
#include <time.h>
#include "mc146818.h"
#include "kselftest_harness.h"

#define NS	1000000000ull

/* Thursday 29 February 2024, 13:45:07 UTC. */
#define LEAP_DAY	1709214307ull

static uint8_t rd(struct rtc *rtc, uint8_t reg, uint64_t now)
{
	rtc_io_write(rtc, 0, reg, now);
	return rtc_io_read(rtc, 1, now);
}

static void wr(struct rtc *rtc, uint8_t reg, uint8_t val, uint64_t now)
{
	rtc_io_write(rtc, 0, reg, now);
	rtc_io_write(rtc, 1, val, now);
}

static uint64_t utc(int year, int mon, int day, int h, int m, int s)
{
	struct tm tm = {
		.tm_year = year - 1900, .tm_mon = mon - 1, .tm_mday = day,
		.tm_hour = h, .tm_min = m, .tm_sec = s,
	};

	return (uint64_t)timegm(&tm) * NS;
}

TEST(bcd_24h)
{
	struct rtc rtc;
	uint64_t now = LEAP_DAY * NS + 500000000;

	rtc_reset(&rtc);
	ASSERT_EQ(LEAP_DAY * NS, utc(2024, 2, 29, 13, 45, 7));
	ASSERT_EQ(0x02, rd(&rtc, RTC_REG_B, now));
	ASSERT_EQ(0x07, rd(&rtc, RTC_SECONDS, now));
	ASSERT_EQ(0x45, rd(&rtc, RTC_MINUTES, now));
	ASSERT_EQ(0x13, rd(&rtc, RTC_HOURS, now));
	ASSERT_EQ(5, rd(&rtc, RTC_WEEKDAY, now));
	ASSERT_EQ(0x29, rd(&rtc, RTC_DAY, now));
	ASSERT_EQ(0x02, rd(&rtc, RTC_MONTH, now));
	ASSERT_EQ(0x24, rd(&rtc, RTC_YEAR, now));
	ASSERT_EQ(0x20, rd(&rtc, RTC_CENTURY, now));
	/* It follows the host's clock. */
	ASSERT_EQ(0x59, rd(&rtc, RTC_SECONDS, now + 52 * NS));
	ASSERT_EQ(0x46, rd(&rtc, RTC_MINUTES, now + 53 * NS));
}

TEST(binary)
{
	struct rtc rtc;
	uint64_t now = LEAP_DAY * NS;

	rtc_reset(&rtc);
	wr(&rtc, RTC_REG_B, RTC_B_24H | RTC_B_BINARY, now);
	ASSERT_EQ(7, rd(&rtc, RTC_SECONDS, now));
	ASSERT_EQ(45, rd(&rtc, RTC_MINUTES, now));
	ASSERT_EQ(13, rd(&rtc, RTC_HOURS, now));
	ASSERT_EQ(29, rd(&rtc, RTC_DAY, now));
	ASSERT_EQ(2, rd(&rtc, RTC_MONTH, now));
	ASSERT_EQ(24, rd(&rtc, RTC_YEAR, now));
	ASSERT_EQ(20, rd(&rtc, RTC_CENTURY, now));
	/* 31 December 1999, 23:59:59, a Friday. */
	now = utc(1999, 12, 31, 23, 59, 59);
	ASSERT_EQ(59, rd(&rtc, RTC_SECONDS, now));
	ASSERT_EQ(23, rd(&rtc, RTC_HOURS, now));
	ASSERT_EQ(6, rd(&rtc, RTC_WEEKDAY, now));
	ASSERT_EQ(12, rd(&rtc, RTC_MONTH, now));
	ASSERT_EQ(99, rd(&rtc, RTC_YEAR, now));
	ASSERT_EQ(19, rd(&rtc, RTC_CENTURY, now));
	ASSERT_EQ(0, rd(&rtc, RTC_YEAR, now + NS));
	ASSERT_EQ(7, rd(&rtc, RTC_WEEKDAY, now + 2 * NS));
}

TEST(twelve_hour)
{
	struct rtc rtc;
	uint64_t midnight = utc(2024, 3, 1, 0, 30, 0);

	rtc_reset(&rtc);
	wr(&rtc, RTC_REG_B, 0, 0);			/* BCD, 12h */
	ASSERT_EQ(0x81, rd(&rtc, RTC_HOURS, LEAP_DAY * NS));	/* 1 PM */
	ASSERT_EQ(0x12, rd(&rtc, RTC_HOURS, midnight));	/* 12 AM */
	ASSERT_EQ(0x92, rd(&rtc, RTC_HOURS, midnight + 12 * 3600 * NS));
	ASSERT_EQ(0x11, rd(&rtc, RTC_HOURS, midnight + 11 * 3600 * NS));
	ASSERT_EQ(0x91, rd(&rtc, RTC_HOURS, midnight + 23 * 3600 * NS));
	wr(&rtc, RTC_REG_B, RTC_B_BINARY, 0);		/* binary, 12h */
	ASSERT_EQ(0x81, rd(&rtc, RTC_HOURS, LEAP_DAY * NS));
	ASSERT_EQ(12, rd(&rtc, RTC_HOURS, midnight));
	ASSERT_EQ(0x8c, rd(&rtc, RTC_HOURS, midnight + 12 * 3600 * NS));
	ASSERT_EQ(0x8b, rd(&rtc, RTC_HOURS, midnight + 23 * 3600 * NS));
}

TEST(status_registers)
{
	struct rtc rtc;
	uint64_t now = LEAP_DAY * NS;

	rtc_reset(&rtc);
	ASSERT_EQ(0x26, rd(&rtc, RTC_REG_A, now + 500000000));
	/* Update in progress in the last 244 us of the second. */
	ASSERT_EQ(0xa6, rd(&rtc, RTC_REG_A, now + NS - 100000));
	ASSERT_EQ(0x26, rd(&rtc, RTC_REG_A, now + NS - 300000));
	/* UIP is read-only; the rest of A is kept. */
	wr(&rtc, RTC_REG_A, 0xa5, now);
	ASSERT_EQ(0x25, rd(&rtc, RTC_REG_A, now));
	/* C reads and clears; interrupt flags are never set. */
	wr(&rtc, RTC_REG_B, 0x72, now);
	ASSERT_EQ(0x72, rd(&rtc, RTC_REG_B, now));
	ASSERT_EQ(0x00, rd(&rtc, RTC_REG_C, now + 5 * NS));
	wr(&rtc, RTC_REG_C, 0xff, now);
	ASSERT_EQ(0x00, rd(&rtc, RTC_REG_C, now));
	/* D: valid RAM and time, read-only. */
	wr(&rtc, RTC_REG_D, 0x00, now);
	ASSERT_EQ(0x80, rd(&rtc, RTC_REG_D, now));
}

TEST(set_time_moves_an_offset)
{
	struct rtc rtc;
	uint64_t now = LEAP_DAY * NS;

	rtc_reset(&rtc);
	/* Linux's mc146818_set_time(): SET, the fields, SET cleared. */
	wr(&rtc, RTC_REG_B, RTC_B_24H | RTC_B_SET, now);
	/* Frozen while SET. */
	ASSERT_EQ(0x07, rd(&rtc, RTC_SECONDS, now + 3 * NS));
	ASSERT_EQ(0x00, rd(&rtc, RTC_REG_A, now + NS - 1) & 0x80);
	wr(&rtc, RTC_SECONDS, 0x30, now);
	wr(&rtc, RTC_MINUTES, 0x59, now);
	wr(&rtc, RTC_HOURS, 0x23, now);
	wr(&rtc, RTC_DAY, 0x31, now);
	wr(&rtc, RTC_MONTH, 0x12, now);
	wr(&rtc, RTC_YEAR, 0x30, now);
	ASSERT_EQ(0x30, rd(&rtc, RTC_YEAR, now + 9 * NS));
	wr(&rtc, RTC_REG_B, RTC_B_24H, now + NS);
	/* 2030-12-31 23:59:30 at now + 1 s; 40 s later, a new year. */
	ASSERT_EQ(0x59, rd(&rtc, RTC_MINUTES, now + 30 * NS));
	ASSERT_EQ(0x00, rd(&rtc, RTC_MINUTES, now + 31 * NS));
	ASSERT_EQ(0x10, rd(&rtc, RTC_SECONDS, now + 41 * NS));
	ASSERT_EQ(0x31, rd(&rtc, RTC_YEAR, now + 41 * NS));
	ASSERT_EQ(0x01, rd(&rtc, RTC_MONTH, now + 41 * NS));
	ASSERT_EQ(0x20, rd(&rtc, RTC_CENTURY, now + 41 * NS));
	ASSERT_EQ(utc(2030, 12, 31, 23, 59, 30) / NS - LEAP_DAY - 1,
		  rtc.offset);
	/* A weekday written is ignored: the date decides. */
	ASSERT_EQ(4, rd(&rtc, RTC_WEEKDAY, now + 41 * NS));
}

TEST(set_time_12h_binary)
{
	struct rtc rtc;
	uint64_t now = LEAP_DAY * NS;
	uint8_t b = RTC_B_BINARY;

	rtc_reset(&rtc);
	wr(&rtc, RTC_REG_B, b | RTC_B_SET, now);
	ASSERT_EQ(0x81, rd(&rtc, RTC_HOURS, now));
	wr(&rtc, RTC_HOURS, 12, now);		/* 12 AM */
	wr(&rtc, RTC_REG_B, b, now);
	ASSERT_EQ(12, rd(&rtc, RTC_HOURS, now));
	wr(&rtc, RTC_REG_B, b | RTC_B_24H, now);
	ASSERT_EQ(0, rd(&rtc, RTC_HOURS, now));
	ASSERT_EQ(45, rd(&rtc, RTC_MINUTES, now));
	wr(&rtc, RTC_REG_B, b | RTC_B_SET, now);
	wr(&rtc, RTC_HOURS, 0x80 | 12, now);	/* 12 PM, in 12h mode */
	wr(&rtc, RTC_REG_B, b | RTC_B_24H, now);
	ASSERT_EQ(12, rd(&rtc, RTC_HOURS, now));
}

TEST(write_without_set)
{
	struct rtc rtc;
	uint64_t now = LEAP_DAY * NS;

	rtc_reset(&rtc);
	wr(&rtc, RTC_MINUTES, 0x10, now);
	ASSERT_EQ(0x10, rd(&rtc, RTC_MINUTES, now));
	ASSERT_EQ(0x13, rd(&rtc, RTC_HOURS, now));
	ASSERT_EQ(0x08, rd(&rtc, RTC_SECONDS, now + NS));
	ASSERT_EQ(-35 * 60, rtc.offset);
}

TEST(set_clears_uie)
{
	struct rtc rtc;

	rtc_reset(&rtc);
	wr(&rtc, RTC_REG_B, RTC_B_SET | RTC_B_UIE | RTC_B_24H, 0);
	ASSERT_EQ(RTC_B_SET | RTC_B_24H, rd(&rtc, RTC_REG_B, 0));
}

TEST(ram)
{
	struct rtc rtc;
	unsigned int i;

	rtc_reset(&rtc);
	for (i = 0x0e; i < 0x80; i++)
		if (i != RTC_CENTURY)
			wr(&rtc, i, i ^ 0x5a, 0);
	for (i = 0x0e; i < 0x80; i++)
		if (i != RTC_CENTURY)
			ASSERT_EQ(i ^ 0x5a, rd(&rtc, i, 0));
	/* The alarm registers are RAM too. */
	wr(&rtc, 0x01, 0x33, 0);
	ASSERT_EQ(0x33, rd(&rtc, 0x01, 5 * NS));
	/* Bit 7 of the index is the NMI mask, not an address bit. */
	rtc_io_write(&rtc, 0, 0x80 | 0x40, 0);
	ASSERT_EQ(0x40 ^ 0x5a, rtc_io_read(&rtc, 1, 0));
	ASSERT_EQ(0xff, rtc_io_read(&rtc, 0, 0));
}

TEST_HARNESS_MAIN
