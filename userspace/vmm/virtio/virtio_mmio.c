// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio MMIO transport, version 2 (virtio_mmio.h).
 *
 * Whatever the driver writes, the VMM carries on: accesses of the wrong
 * width and writes to read-only registers are dropped, and set-up the
 * spec forbids (a bad queue size, rings outside RAM, enabling a queue
 * that is not set up) puts the device in DEVICE_NEEDS_RESET. Messages
 * about it only when verbose: a guest must not be able to flood ours.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include "util.h"
#include "virtio_mmio.h"

/* Features the transport and its split rings implement */
#define TRANSPORT_FEATURES	((1ULL << VIRTIO_F_VERSION_1) | \
				 (1ULL << VIRTIO_F_INDIRECT_DESC) | \
				 (1ULL << VIRTIO_F_EVENT_IDX))

static void vlog(const struct virtio_mmio *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void vlog(const struct virtio_mmio *t, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (!t->verbose)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	error("%s: %s", t->name, msg);
}

/* The line is high while any InterruptStatus bit is set. */
static void update_irq(struct virtio_mmio *t)
{
	bool level = t->interrupt_status != 0;

	if (level == t->irq_level)
		return;
	t->irq_level = level;
	t->set_irq(t->irq_opaque, level);
}

static void raise_irq(struct virtio_mmio *t, uint32_t bits)
{
	t->interrupt_status |= bits;
	update_irq(t);
}

static void reset(struct virtio_mmio *t)
{
	unsigned int i;

	t->driver_features = 0;
	t->features_beyond_64 = false;
	t->device_features_sel = 0;
	t->driver_features_sel = 0;
	t->queue_sel = 0;
	t->status = 0;
	for (i = 0; i < t->nr_queues; i++)
		vq_reset(&t->vqs[i]);
	t->interrupt_status = 0;
	update_irq(t);
	if (t->ops->reset)
		t->ops->reset(t->opaque);
}

int virtio_mmio_init(struct virtio_mmio *t)
{
	uint16_t max = t->queue_num_max;

	if (!t->ops || !t->ops->queue_notify || !t->set_irq || !t->mem.ptr ||
	    !t->nr_queues || t->nr_queues > VIRTIO_MMIO_MAX_QUEUES ||
	    !max || max > VIRTQ_MAX_SIZE || (max & (max - 1)) ||
	    t->config_size > VIRTIO_MMIO_SIZE - VIRTIO_MMIO_CONFIG)
		return -EINVAL;
	t->device_features = TRANSPORT_FEATURES;
	if (t->ops->features)
		t->device_features |= t->ops->features(t->opaque);
	t->config_generation = 0;
	t->irq_level = false;
	reset(t);
	return 0;
}

void virtio_mmio_device_error(struct virtio_mmio *t, const char *why)
{
	vlog(t, "device needs reset: %s", why);
	if (t->status & VIRTIO_STATUS_NEEDS_RESET)
		return;
	t->status |= VIRTIO_STATUS_NEEDS_RESET;
	/* A running driver hears of it through a config change (2.1.2). */
	if (t->status & VIRTIO_STATUS_DRIVER_OK)
		raise_irq(t, VIRTIO_MMIO_INT_CONFIG);
}

void virtio_mmio_config_changed(struct virtio_mmio *t)
{
	t->config_generation++;
	if (t->status & VIRTIO_STATUS_DRIVER_OK)
		raise_irq(t, VIRTIO_MMIO_INT_CONFIG);
}

bool virtio_mmio_has_feature(const struct virtio_mmio *t, unsigned int bit)
{
	return bit < 64 && (t->status & VIRTIO_STATUS_FEATURES_OK) &&
	       (t->driver_features >> bit) & 1;
}

struct virtqueue *virtio_mmio_queue(struct virtio_mmio *t, unsigned int queue)
{
	return queue < t->nr_queues ? &t->vqs[queue] : NULL;
}

/* The selected queue, or NULL if QueueSel names none. */
static struct virtqueue *selected(struct virtio_mmio *t)
{
	return virtio_mmio_queue(t, t->queue_sel);
}

static bool live(const struct virtio_mmio *t)
{
	return (t->status & (VIRTIO_STATUS_DRIVER_OK |
			     VIRTIO_STATUS_NEEDS_RESET)) ==
	       VIRTIO_STATUS_DRIVER_OK;
}

void virtio_mmio_kick(struct virtio_mmio *t, unsigned int queue)
{
	struct virtqueue *vq = virtio_mmio_queue(t, queue);

	if (!vq) {
		vlog(t, "notify for queue %u, which does not exist", queue);
		return;
	}
	/* The device uses no buffers before DRIVER_OK (3.1.1). */
	if (live(t) && vq->ready)
		t->ops->queue_notify(t->opaque, queue);
}

void virtio_mmio_used(struct virtio_mmio *t, unsigned int queue)
{
	struct virtqueue *vq = virtio_mmio_queue(t, queue);

	if (vq && vq_should_interrupt(vq))
		raise_irq(t, VIRTIO_MMIO_INT_VRING);
}

static uint64_t config_read(struct virtio_mmio *t, uint64_t off,
			    unsigned int size)
{
	if (off % size || off + size > t->config_size) {
		vlog(t, "bad %u-byte config read at 0x%llx", size,
		     (unsigned long long)off);
		return 0;
	}
	return t->ops->config_read ? t->ops->config_read(t->opaque, off, size)
				   : 0;
}

static void config_write(struct virtio_mmio *t, uint64_t off,
			 unsigned int size, uint64_t value)
{
	if (off % size || off + size > t->config_size) {
		vlog(t, "bad %u-byte config write at 0x%llx", size,
		     (unsigned long long)off);
		return;
	}
	if (t->ops->config_write)
		t->ops->config_write(t->opaque, off, size, value);
}

static uint32_t half(uint64_t v, uint32_t sel)
{
	return sel == 0 ? (uint32_t)v : sel == 1 ? (uint32_t)(v >> 32) : 0;
}

static uint32_t reg_read(struct virtio_mmio *t, uint64_t off)
{
	struct virtqueue *vq = selected(t);

	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION_REG:
		return VIRTIO_MMIO_VERSION;
	case VIRTIO_MMIO_DEVICE_ID:
		return t->device_id;
	case VIRTIO_MMIO_VENDOR_ID_REG:
		return VIRTIO_MMIO_VENDOR_ID;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return half(t->device_features, t->device_features_sel);
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		/* 0: no queue by that number (4.2.3.2) */
		return vq ? t->queue_num_max : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return vq ? vq->ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return t->interrupt_status;
	case VIRTIO_MMIO_STATUS:
		return t->status;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
	case VIRTIO_MMIO_SHM_BASE_LOW:
	case VIRTIO_MMIO_SHM_BASE_HIGH:
		/* All ones: there is no shared memory region. */
		return 0xffffffff;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return t->config_generation;
	}
	vlog(t, "read of write-only or unknown register 0x%03llx",
	     (unsigned long long)off);
	return 0;
}

/* FEATURES_OK only for a subset of ours that has VERSION_1 (3.1.1). */
static bool features_ok(struct virtio_mmio *t)
{
	uint64_t extra = t->driver_features & ~t->device_features;

	if (extra || t->features_beyond_64) {
		vlog(t, "driver accepted features not offered: 0x%llx",
		     (unsigned long long)extra);
		return false;
	}
	if (!(t->driver_features & (1ULL << VIRTIO_F_VERSION_1))) {
		vlog(t, "driver did not accept VIRTIO_F_VERSION_1");
		return false;
	}
	return true;
}

static void write_status(struct virtio_mmio *t, uint32_t value)
{
	uint32_t old = t->status, new;
	unsigned int i;

	if (!value) {
		reset(t);
		return;
	}
	if (old & ~value)
		vlog(t, "driver cleared status bits 0x%x; kept", old & ~value);
	/* Only a reset clears bits; NEEDS_RESET is the device's to set. */
	new = old | (value & ~VIRTIO_STATUS_NEEDS_RESET);
	if ((new & VIRTIO_STATUS_FEATURES_OK) &&
	    !(old & VIRTIO_STATUS_FEATURES_OK) && !features_ok(t))
		new &= ~VIRTIO_STATUS_FEATURES_OK;
	t->status = new;

	/* Chains made available before DRIVER_OK were not used: now. */
	if ((new & VIRTIO_STATUS_DRIVER_OK) &&
	    !(old & VIRTIO_STATUS_DRIVER_OK))
		for (i = 0; i < t->nr_queues; i++)
			virtio_mmio_kick(t, i);
}

static void write_driver_features(struct virtio_mmio *t, uint32_t value)
{
	unsigned int shift;

	if (t->status & VIRTIO_STATUS_FEATURES_OK) {
		vlog(t, "features written after FEATURES_OK; ignored");
		return;
	}
	if (t->driver_features_sel > 1) {
		/* Bits we do not have: accepting any fails FEATURES_OK. */
		if (value)
			t->features_beyond_64 = true;
		return;
	}
	shift = 32 * t->driver_features_sel;
	t->driver_features &= ~(0xffffffffULL << shift);
	t->driver_features |= (uint64_t)value << shift;
}

static void write_queue_num(struct virtio_mmio *t, struct virtqueue *vq,
			    uint32_t value)
{
	if (!value || value > t->queue_num_max || (value & (value - 1))) {
		virtio_mmio_device_error(t, "bad queue size");
		return;
	}
	vq->num = value;
}

static void enable_queue(struct virtio_mmio *t, struct virtqueue *vq)
{
	if (!(t->status & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_mmio_device_error(t, "queue enabled before FEATURES_OK");
		return;
	}
	if (vq_enable(vq, &t->mem,
		      virtio_mmio_has_feature(t, VIRTIO_F_EVENT_IDX),
		      virtio_mmio_has_feature(t, VIRTIO_F_INDIRECT_DESC)))
		virtio_mmio_device_error(t, vq->error);
}

static void set_half(uint64_t *v, bool high, uint32_t value)
{
	if (high)
		*v = (*v & 0xffffffffULL) | (uint64_t)value << 32;
	else
		*v = (*v & ~0xffffffffULL) | value;
}

/* The queue registers; the queue must exist and not be enabled. */
static void queue_write(struct virtio_mmio *t, uint64_t off, uint32_t value)
{
	struct virtqueue *vq = selected(t);

	if (!vq) {
		vlog(t, "write to queue %u, which does not exist",
		     t->queue_sel);
		return;
	}
	if (off == VIRTIO_MMIO_QUEUE_READY) {
		if (!value)
			vq->ready = false;
		else if (!vq->ready)
			enable_queue(t, vq);
		return;
	}
	if (vq->ready) {
		vlog(t, "queue %u set up while ready; ignored", t->queue_sel);
		return;
	}
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM:
		write_queue_num(t, vq, value);
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&vq->desc_gpa, off & 4, value);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&vq->avail_gpa, off & 4, value);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_half(&vq->used_gpa, off & 4, value);
		break;
	}
}

static void reg_write(struct virtio_mmio *t, uint64_t off, uint32_t value)
{
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		t->device_features_sel = value;
		return;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		write_driver_features(t, value);
		return;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		t->driver_features_sel = value;
		return;
	case VIRTIO_MMIO_QUEUE_SEL:
		t->queue_sel = value;
		return;
	case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		queue_write(t, off, value);
		return;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		/* Without VIRTIO_F_NOTIFICATION_DATA: the queue's index. */
		virtio_mmio_kick(t, value);
		return;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		t->interrupt_status &= ~value;
		update_irq(t);
		return;
	case VIRTIO_MMIO_STATUS:
		write_status(t, value);
		return;
	case VIRTIO_MMIO_SHM_SEL:
		return;
	}
	vlog(t, "write of read-only or unknown register 0x%03llx: 0x%x",
	     (unsigned long long)off, value);
}

uint64_t virtio_mmio_read(void *opaque, uint64_t offset, unsigned int size)
{
	struct virtio_mmio *t = opaque;

	if (offset >= VIRTIO_MMIO_CONFIG)
		return config_read(t, offset - VIRTIO_MMIO_CONFIG, size);
	/* Registers: 32-bit, aligned accesses only (4.2.2.2). */
	if (size != 4 || offset % 4) {
		vlog(t, "%u-byte read at 0x%03llx; registers are 32-bit",
		     size, (unsigned long long)offset);
		return 0;
	}
	return reg_read(t, offset);
}

void virtio_mmio_write(void *opaque, uint64_t offset, unsigned int size,
		       uint64_t value)
{
	struct virtio_mmio *t = opaque;

	if (offset >= VIRTIO_MMIO_CONFIG) {
		config_write(t, offset - VIRTIO_MMIO_CONFIG, size, value);
		return;
	}
	if (size != 4 || offset % 4) {
		vlog(t, "%u-byte write at 0x%03llx; registers are 32-bit",
		     size, (unsigned long long)offset);
		return;
	}
	reg_write(t, offset, value);
}

const struct bus_ops virtio_mmio_bus_ops = {
	.read = virtio_mmio_read,
	.write = virtio_mmio_write,
};
