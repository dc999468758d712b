// SPDX-License-Identifier: GPL-2.0
/*
 * The CMOS RTC (mc146818.c) on the port bus, on CLOCK_REALTIME: the
 * guest reads the host's UTC time, and its own settings move only an
 * offset kept here, never the host's clock.
 */
#include <time.h>
#include "mc146818.h"
#include "pc.h"
#include "util.h"

#define RTC_PORT	0x70

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static uint64_t rtc_port_read(void *opaque, uint64_t offset,
			      unsigned int size)
{
	(void)size;
	return rtc_io_read(opaque, offset, realtime_ns());
}

static void rtc_port_write(void *opaque, uint64_t offset, unsigned int size,
			   uint64_t val)
{
	(void)size;
	rtc_io_write(opaque, offset, val, realtime_ns());
}

static const struct bus_ops rtc_ops = {
	.read = rtc_port_read,
	.write = rtc_port_write,
};

static int rtc_init(void *dev, const struct device_ctx *ctx)
{
	(void)ctx;
	rtc_reset(dev);
	return 0;
}

static const struct device_range rtc_ranges[] = {
	{ RTC_PORT, 2, "rtc", &rtc_ops },
};

const struct device_desc mc146818_device = {
	.name = "mc146818",
	.size = sizeof(struct rtc),
	.init = rtc_init,
	DEVICE_RANGES(rtc_ranges),
};
