// SPDX-License-Identifier: GPL-2.0
/*
 * The CMOS RTC (mc146818.c) on the port bus, on CLOCK_REALTIME: the
 * guest reads the host's UTC time, and its own settings move only an
 * offset kept here, never the host's clock.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "mc146818_dev.h"
#include "mc146818.h"

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

int rtc_init(struct vm *vm)
{
	struct rtc *rtc = calloc(1, sizeof(*rtc));
	int r;

	if (!rtc)
		return -ENOMEM;
	rtc_reset(rtc);
	r = vm_add_cleanup(vm, free, rtc);
	if (r) {
		free(rtc);
		return r;
	}
	return bus_register(&vm->io, RTC_PORT, 2, "rtc", &rtc_ops, rtc);
}
