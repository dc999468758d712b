/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PC's CMOS real-time clock (an MC146818) and its 128 bytes of RAM,
 * as pure state: the host's time (UTC, ns since the epoch) is an
 * argument, so host unit tests drive it. mc146818_dev.c puts it at ports
 * 0x70-0x71.
 *
 * The clock is the host's plus an offset in seconds: a guest setting the
 * time moves only the offset. No interrupts: the flags of status C are
 * never set and IRQ 8 is never raised.
 */
#ifndef HVX_MC146818_H
#define HVX_MC146818_H

#include <stdint.h>

#define RTC_SECONDS	0x00
#define RTC_MINUTES	0x02
#define RTC_HOURS	0x04
#define RTC_WEEKDAY	0x06
#define RTC_DAY		0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_REG_A	0x0a
#define RTC_REG_B	0x0b
#define RTC_REG_C	0x0c
#define RTC_REG_D	0x0d
#define RTC_CENTURY	0x32

#define RTC_A_UIP	0x80
#define RTC_B_SET	0x80
#define RTC_B_UIE	0x10
#define RTC_B_BINARY	0x04
#define RTC_B_24H	0x02
#define RTC_D_VRT	0x80

struct rtc {
	uint8_t ram[128];	/* time registers hold a copy while SET */
	uint8_t index;		/* port 0x70 */
	int64_t offset;		/* guest time - host time, seconds */
};

/* 24-hour BCD, the time is the host's. */
void rtc_reset(struct rtc *rtc);

/* Port 0x70 (@a0 0: index, bit 7 the NMI mask, ignored) and 0x71 (1). */
uint8_t rtc_io_read(struct rtc *rtc, unsigned int a0, uint64_t now_ns);
void rtc_io_write(struct rtc *rtc, unsigned int a0, uint8_t val,
		  uint64_t now_ns);

#endif /* HVX_MC146818_H */
