// SPDX-License-Identifier: GPL-2.0
/*
 * The CMOS RTC's registers (mc146818.h), after the MC146818 datasheet:
 * time and date in BCD or binary, 12- or 24-hour, per status B; UIP in
 * status A for the 244 us before each second's update; status C cleared
 * by reading; status D's valid-RAM-and-time bit always set.
 *
 * While status B's SET bit is set the clock does not update: the time
 * registers are a copy the guest reads and writes, taken when SET rose,
 * and turned into the new offset when SET falls. A time register written
 * without SET takes effect at once the same way.
 *
 * Not modelled: interrupts (periodic, alarm, update-ended), square wave
 * output, daylight saving (DSE), and the divider's reset states, which
 * are stored but do not stop the clock.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include "mc146818.h"

#define NSEC_PER_SEC	1000000000ull
/* UIP rises this long before the update (32.768 kHz time base). */
#define UIP_NS		244000ull
#define A_WRITABLE	0x7f
#define A_DV_MASK	0x70
#define A_DV_NORMAL	0x20

static const uint8_t time_regs[] = {
	RTC_SECONDS, RTC_MINUTES, RTC_HOURS, RTC_WEEKDAY, RTC_DAY,
	RTC_MONTH, RTC_YEAR, RTC_CENTURY,
};

static bool is_time_reg(uint8_t reg)
{
	return memchr(time_regs, reg, sizeof(time_regs)) != NULL;
}

static uint8_t encode(const struct rtc *rtc, unsigned int v)
{
	if (rtc->ram[RTC_REG_B] & RTC_B_BINARY)
		return v;
	return (v / 10 % 10) << 4 | v % 10;
}

static unsigned int decode(const struct rtc *rtc, uint8_t v)
{
	if (rtc->ram[RTC_REG_B] & RTC_B_BINARY)
		return v;
	return (v >> 4) * 10 + (v & 15);
}

static uint8_t encode_hours(const struct rtc *rtc, unsigned int h)
{
	if (rtc->ram[RTC_REG_B] & RTC_B_24H)
		return encode(rtc, h);
	/* 12-hour: 12, 1..11 AM then PM in bit 7. */
	return encode(rtc, h % 12 ? h % 12 : 12) | (h >= 12 ? 0x80 : 0);
}

static unsigned int decode_hours(const struct rtc *rtc, uint8_t v)
{
	if (rtc->ram[RTC_REG_B] & RTC_B_24H)
		return decode(rtc, v);
	return decode(rtc, v & 0x7f) % 12 + (v & 0x80 ? 12 : 0);
}

static void guest_tm(const struct rtc *rtc, uint64_t now_ns, struct tm *tm)
{
	time_t t = (time_t)(now_ns / NSEC_PER_SEC) + rtc->offset;

	gmtime_r(&t, tm);
}

static uint8_t clock_reg(const struct rtc *rtc, uint8_t reg,
			 const struct tm *tm)
{
	unsigned int year = tm->tm_year + 1900;

	switch (reg) {
	case RTC_SECONDS:
		return encode(rtc, tm->tm_sec);
	case RTC_MINUTES:
		return encode(rtc, tm->tm_min);
	case RTC_HOURS:
		return encode_hours(rtc, tm->tm_hour);
	case RTC_WEEKDAY:
		return encode(rtc, tm->tm_wday + 1);	/* Sunday is 1 */
	case RTC_DAY:
		return encode(rtc, tm->tm_mday);
	case RTC_MONTH:
		return encode(rtc, tm->tm_mon + 1);
	case RTC_YEAR:
		return encode(rtc, year % 100);
	default:
		return encode(rtc, year / 100 % 100);
	}
}

/* Copy the running clock into the time registers. */
static void freeze(struct rtc *rtc, uint64_t now_ns)
{
	struct tm tm;
	unsigned int i;

	guest_tm(rtc, now_ns, &tm);
	for (i = 0; i < sizeof(time_regs); i++)
		rtc->ram[time_regs[i]] = clock_reg(rtc, time_regs[i], &tm);
}

/* Run the clock from the time registers: a new offset. */
static void thaw(struct rtc *rtc, uint64_t now_ns)
{
	const uint8_t *r = rtc->ram;
	struct tm tm = {
		.tm_sec = decode(rtc, r[RTC_SECONDS]),
		.tm_min = decode(rtc, r[RTC_MINUTES]),
		.tm_hour = decode_hours(rtc, r[RTC_HOURS]),
		.tm_mday = decode(rtc, r[RTC_DAY]),
		.tm_mon = decode(rtc, r[RTC_MONTH]) - 1,
		.tm_year = decode(rtc, r[RTC_CENTURY]) * 100 +
			   decode(rtc, r[RTC_YEAR]) - 1900,
	};

	/* The day of the week follows from the date. */
	rtc->offset = (int64_t)timegm(&tm) - (int64_t)(now_ns / NSEC_PER_SEC);
}

static uint8_t reg_a(const struct rtc *rtc, uint64_t now_ns)
{
	uint8_t a = rtc->ram[RTC_REG_A];

	if ((a & A_DV_MASK) == A_DV_NORMAL &&
	    !(rtc->ram[RTC_REG_B] & RTC_B_SET) &&
	    now_ns % NSEC_PER_SEC >= NSEC_PER_SEC - UIP_NS)
		a |= RTC_A_UIP;
	return a;
}

static uint8_t reg_read(struct rtc *rtc, uint8_t reg, uint64_t now_ns)
{
	struct tm tm;

	if (is_time_reg(reg)) {
		if (rtc->ram[RTC_REG_B] & RTC_B_SET)
			return rtc->ram[reg];
		guest_tm(rtc, now_ns, &tm);
		return clock_reg(rtc, reg, &tm);
	}
	switch (reg) {
	case RTC_REG_A:
		return reg_a(rtc, now_ns);
	case RTC_REG_C:
		/* Cleared by reading; nothing ever sets its flags here. */
		rtc->ram[RTC_REG_C] = 0;
		return 0;
	case RTC_REG_D:
		return RTC_D_VRT;
	default:
		return rtc->ram[reg];
	}
}

static void write_b(struct rtc *rtc, uint8_t val, uint64_t now_ns)
{
	uint8_t old = rtc->ram[RTC_REG_B];

	if (val & RTC_B_SET)
		val &= ~RTC_B_UIE;
	if ((val & RTC_B_SET) && !(old & RTC_B_SET)) {
		rtc->ram[RTC_REG_B] = val;
		freeze(rtc, now_ns);
	} else if (!(val & RTC_B_SET) && (old & RTC_B_SET)) {
		/* In the format the registers were written in. */
		thaw(rtc, now_ns);
	}
	rtc->ram[RTC_REG_B] = val;
}

static void reg_write(struct rtc *rtc, uint8_t reg, uint8_t val,
		      uint64_t now_ns)
{
	if (is_time_reg(reg)) {
		if (rtc->ram[RTC_REG_B] & RTC_B_SET) {
			rtc->ram[reg] = val;
			return;
		}
		freeze(rtc, now_ns);
		rtc->ram[reg] = val;
		thaw(rtc, now_ns);
		return;
	}
	switch (reg) {
	case RTC_REG_A:
		rtc->ram[reg] = val & A_WRITABLE;
		break;
	case RTC_REG_B:
		write_b(rtc, val, now_ns);
		break;
	case RTC_REG_C:
	case RTC_REG_D:
		break;		/* read-only */
	default:
		rtc->ram[reg] = val;
		break;
	}
}

void rtc_reset(struct rtc *rtc)
{
	memset(rtc, 0, sizeof(*rtc));
	rtc->ram[RTC_REG_A] = A_DV_NORMAL | 0x06;	/* 32.768 kHz, 1024 Hz */
	rtc->ram[RTC_REG_B] = RTC_B_24H;
	rtc->ram[RTC_REG_D] = RTC_D_VRT;
}

uint8_t rtc_io_read(struct rtc *rtc, unsigned int a0, uint64_t now_ns)
{
	/* The index register is write-only. */
	if (!(a0 & 1))
		return 0xff;
	return reg_read(rtc, rtc->index, now_ns);
}

void rtc_io_write(struct rtc *rtc, unsigned int a0, uint8_t val,
		  uint64_t now_ns)
{
	if (!(a0 & 1))
		rtc->index = val & 0x7f;
	else
		reg_write(rtc, rtc->index, val, now_ns);
}
