// SPDX-License-Identifier: GPL-2.0
/*
 * The 8254 PIT (i8254.c) on the port bus, against CLOCK_MONOTONIC.
 *
 * Channel 0's OUT edges become IRQ 0 pulses through a timerfd armed for
 * the next edge only: rearmed after each one in the periodic modes, once
 * in the one-shot modes, disarmed when nothing is programmed. An idle
 * guest that programs nothing costs nothing; edges missed while the host
 * was busy are coalesced into one pulse, as a late tick would be.
 */
#include <errno.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "evloop.h"
#include "i8254.h"
#include "irqchip.h"
#include "pc.h"
#include "util.h"

#define PIT_PORT	0x40
#define PORT61		0x61
#define PIT_IRQ		0

struct pit_dev {
	struct vm *vm;
	struct pit pit;
	int tfd;
	uint64_t armed;		/* the edge the timerfd is set for */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void pit_arm(struct pit_dev *d, uint64_t now)
{
	uint64_t next = pit_next_edge(&d->pit, 0, now);
	struct itimerspec its;

	if (next == d->armed)
		return;
	d->armed = next;
	/* An all-zero it_value disarms. */
	memset(&its, 0, sizeof(its));
	if (next != PIT_NEVER) {
		its.it_value.tv_sec = next / 1000000000ull;
		its.it_value.tv_nsec = next % 1000000000ull;
	}
	if (timerfd_settime(d->tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
		error("PIT: timerfd_settime: %s", strerror(errno));
}

static void pit_timer(struct vm *vm, int fd, void *opaque)
{
	struct pit_dev *d = opaque;
	uint64_t expirations;

	/* Nothing to read: the guest reprogrammed it since it fired. */
	if (read(fd, &expirations, sizeof(expirations)) !=
	    sizeof(expirations))
		return;
	irq_pulse(vm, PIT_IRQ);
	d->armed = PIT_NEVER;
	pit_arm(d, now_ns());
}

static uint64_t pit_port_read(void *opaque, uint64_t offset,
			      unsigned int size)
{
	struct pit_dev *d = opaque;

	(void)size;
	return pit_read(&d->pit, offset, now_ns());
}

static void pit_port_write(void *opaque, uint64_t offset, unsigned int size,
			   uint64_t val)
{
	struct pit_dev *d = opaque;
	uint64_t now = now_ns();

	(void)size;
	pit_write(&d->pit, offset, val, now);
	pit_arm(d, now);
}

static uint64_t port61_read(void *opaque, uint64_t offset, unsigned int size)
{
	struct pit_dev *d = opaque;

	(void)offset;
	(void)size;
	return pit_port61_read(&d->pit, now_ns());
}

static void port61_write(void *opaque, uint64_t offset, unsigned int size,
			 uint64_t val)
{
	struct pit_dev *d = opaque;

	(void)offset;
	(void)size;
	pit_port61_write(&d->pit, val, now_ns());
}

static const struct bus_ops pit_ops = {
	.read = pit_port_read,
	.write = pit_port_write,
};

static const struct bus_ops port61_ops = {
	.read = port61_read,
	.write = port61_write,
};

static void pit_release(void *dev)
{
	struct pit_dev *d = dev;

	if (d->tfd < 0)
		return;
	evloop_remove(d->vm, d->tfd);
	close(d->tfd);
}

static int pit_init(void *dev, const struct device_ctx *ctx)
{
	struct pit_dev *d = dev;
	int r;

	d->vm = ctx->vm;
	d->armed = PIT_NEVER;
	pit_reset(&d->pit);
	d->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (d->tfd < 0) {
		r = -errno;
		error("PIT: timerfd_create: %s", strerror(errno));
		return r;
	}
	r = evloop_add(d->vm, d->tfd, pit_timer, d);
	if (r)
		error("PIT: cannot watch its timer: %s", strerror(-r));
	return r;
}

static const struct device_range pit_ranges[] = {
	{ PIT_PORT, 4, "pit", &pit_ops },
	{ PORT61, 1, "port61", &port61_ops },
};

const struct device_desc i8254_device = {
	.name = "i8254",
	.size = sizeof(struct pit_dev),
	.init = pit_init,
	.release = pit_release,
	DEVICE_RANGES(pit_ranges),
};
