// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio MMIO transport (userspace/vmm/virtio_mmio.c) with a fake
 * device model: register reads, feature selection and negotiation, the
 * status and reset, queue set-up and what a misbehaving driver gets
 * (DEVICE_NEEDS_RESET, a config interrupt once DRIVER_OK), the
 * interrupt line, and access widths.
 */
#include <errno.h>
#include "virtio_fake_driver.h"
#include "virtio_mmio.h"
#include "kselftest_harness.h"

#define QMAX	16
#define DESC	0x1000
#define AVAIL	0x2000
#define USED	0x3000
#define BUF	0x10000
#define DEV_FEATURES	((1ULL << 3) | (1ULL << 40))

struct fake_dev {
	struct virtio_mmio t;
	struct fake_guest g;
	struct fake_ring r;
	struct vq_chain chain;
	bool level;
	int irq_changes;
	int notifies, resets;
	unsigned int last_queue;
	uint8_t config[12];
	uint64_t written;
};

static uint64_t dev_features(void *opaque)
{
	(void)opaque;
	return DEV_FEATURES;
}

static uint64_t dev_config_read(void *opaque, uint64_t off, unsigned int size)
{
	struct fake_dev *d = opaque;
	uint64_t v = 0;

	memcpy(&v, d->config + off, size);
	return v;
}

static void dev_config_write(void *opaque, uint64_t off, unsigned int size,
			     uint64_t value)
{
	struct fake_dev *d = opaque;

	(void)off;
	(void)size;
	d->written = value;
}

/* Uses every chain, with its readable length as the used length */
static void dev_notify(void *opaque, unsigned int queue)
{
	struct fake_dev *d = opaque;
	struct virtqueue *vq = virtio_mmio_queue(&d->t, queue);

	d->notifies++;
	d->last_queue = queue;
	while (vq_pop(vq, &d->chain) > 0)
		vq_push(vq, d->chain.head, d->chain.out_len);
	virtio_mmio_used(&d->t, queue);
}

static void dev_reset(void *opaque)
{
	struct fake_dev *d = opaque;

	d->resets++;
}

static const struct virtio_mmio_ops dev_ops = {
	.features = dev_features,
	.config_read = dev_config_read,
	.config_write = dev_config_write,
	.queue_notify = dev_notify,
	.reset = dev_reset,
};

static void dev_irq(void *opaque, bool level)
{
	struct fake_dev *d = opaque;

	d->level = level;
	d->irq_changes++;
}

FIXTURE(mmio) {
	struct fake_dev d;
};

FIXTURE_SETUP(mmio)
{
	struct fake_dev *d = &self->d;
	unsigned int i;

	memset(d, 0, sizeof(*d));
	fake_guest_init(&d->g);
	for (i = 0; i < sizeof(d->config); i++)
		d->config[i] = 0x10 + i;
	d->t = (struct virtio_mmio) {
		.name = "fake",
		.device_id = 42,
		.nr_queues = 2,
		.queue_num_max = QMAX,
		.config_size = sizeof(d->config),
		.ops = &dev_ops,
		.opaque = d,
		.mem = d->g.gm,
		.set_irq = dev_irq,
		.irq_opaque = d,
	};
	d->t.mem.opaque = &d->g;
	ASSERT_EQ(0, virtio_mmio_init(&d->t));
	d->resets = 0;
}

FIXTURE_TEARDOWN(mmio)
{
	free(self->d.g.mem);
}

static uint32_t rd(struct fake_dev *d, uint64_t off)
{
	return virtio_mmio_bus_ops.read(&d->t, off, 4);
}

static void wr(struct fake_dev *d, uint64_t off, uint32_t v)
{
	virtio_mmio_bus_ops.write(&d->t, off, 4, v);
}

static uint64_t features(struct fake_dev *d)
{
	uint64_t hi;

	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	hi = rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return hi << 32 | rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
}

static void set_status(struct fake_dev *d, uint32_t bits)
{
	wr(d, VIRTIO_MMIO_STATUS, rd(d, VIRTIO_MMIO_STATUS) | bits);
}

/* Up to FEATURES_OK with @f accepted; the status read back */
static uint32_t negotiate(struct fake_dev *d, uint64_t f)
{
	wr(d, VIRTIO_MMIO_STATUS, 0);
	set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES, f);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES, f >> 32);
	set_status(d, VIRTIO_STATUS_FEATURES_OK);
	return rd(d, VIRTIO_MMIO_STATUS);
}

static void setup_queue(struct fake_dev *d, unsigned int q, uint32_t num)
{
	ring_init(&d->r, d->g.mem, num, DESC, AVAIL, USED);
	wr(d, VIRTIO_MMIO_QUEUE_SEL, q);
	wr(d, VIRTIO_MMIO_QUEUE_NUM, num);
	wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, DESC);
	wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL);
	wr(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED);
	wr(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
}

/* The whole initialization, queue 0 of @num entries, DRIVER_OK */
static void bring_up(struct fake_dev *d, uint32_t num)
{
	negotiate(d, features(d));
	setup_queue(d, 0, num);
	set_status(d, VIRTIO_STATUS_DRIVER_OK);
	/* Count what comes after: DRIVER_OK looked at the queues */
	d->notifies = 0;
	d->resets = 0;
}

#define NEEDS_RESET(d)	(rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET)

TEST_F(mmio, identity)
{
	struct fake_dev *d = &self->d;

	ASSERT_EQ(0x74726976, rd(d, VIRTIO_MMIO_MAGIC_VALUE));
	ASSERT_EQ(2, rd(d, VIRTIO_MMIO_VERSION_REG));
	ASSERT_EQ(42, rd(d, VIRTIO_MMIO_DEVICE_ID));
	ASSERT_EQ(VIRTIO_MMIO_VENDOR_ID, rd(d, VIRTIO_MMIO_VENDOR_ID_REG));
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_STATUS));
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_CONFIG_GENERATION));
	ASSERT_EQ(0xffffffff, rd(d, VIRTIO_MMIO_SHM_LEN_LOW));
}

TEST_F(mmio, feature_select)
{
	struct fake_dev *d = &self->d;

	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	ASSERT_EQ((1U << 3) | (1U << VIRTIO_F_INDIRECT_DESC) |
		  (1U << VIRTIO_F_EVENT_IDX),
		  rd(d, VIRTIO_MMIO_DEVICE_FEATURES));
	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	ASSERT_EQ((1U << 0) | (1U << 8), rd(d, VIRTIO_MMIO_DEVICE_FEATURES));
	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_DEVICE_FEATURES));
}

TEST_F(mmio, negotiation)
{
	struct fake_dev *d = &self->d;
	uint64_t v1 = 1ULL << VIRTIO_F_VERSION_1;

	/* A subset with VERSION_1: accepted */
	ASSERT_TRUE(negotiate(d, v1 | (1ULL << 3)) &
		    VIRTIO_STATUS_FEATURES_OK);
	ASSERT_TRUE(virtio_mmio_has_feature(&d->t, 3));
	ASSERT_FALSE(virtio_mmio_has_feature(&d->t, 40));
	/* Changing them now is ignored */
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES, 1 << 8);
	ASSERT_FALSE(virtio_mmio_has_feature(&d->t, 40));
	/* Everything offered: accepted */
	ASSERT_TRUE(negotiate(d, features(d)) & VIRTIO_STATUS_FEATURES_OK);
	/* Legacy: refused */
	ASSERT_FALSE(negotiate(d, 1ULL << 3) & VIRTIO_STATUS_FEATURES_OK);
	ASSERT_FALSE(virtio_mmio_has_feature(&d->t, 3));
	/* Not offered: refused */
	ASSERT_FALSE(negotiate(d, v1 | (1ULL << 4)) &
		     VIRTIO_STATUS_FEATURES_OK);
	ASSERT_FALSE(negotiate(d, v1 | (1ULL << 63)) &
		     VIRTIO_STATUS_FEATURES_OK);
	/* Nor bits past 63 */
	negotiate(d, v1);
	wr(d, VIRTIO_MMIO_STATUS, 0);
	set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES, 1);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 2);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES, 1);
	set_status(d, VIRTIO_STATUS_FEATURES_OK);
	ASSERT_FALSE(rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK);
}

TEST_F(mmio, status_bits_stick)
{
	struct fake_dev *d = &self->d;

	set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	ASSERT_EQ(3, rd(d, VIRTIO_MMIO_STATUS));
	/* NEEDS_RESET is the device's */
	wr(d, VIRTIO_MMIO_STATUS, 3 | VIRTIO_STATUS_NEEDS_RESET);
	ASSERT_EQ(3, rd(d, VIRTIO_MMIO_STATUS));
}

TEST_F(mmio, queue_registers)
{
	struct fake_dev *d = &self->d;

	wr(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	ASSERT_EQ(QMAX, rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX));
	wr(d, VIRTIO_MMIO_QUEUE_SEL, 1);
	ASSERT_EQ(QMAX, rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX));
	wr(d, VIRTIO_MMIO_QUEUE_SEL, 2);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX));
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_QUEUE_READY));
	/* Nothing there: ignored, not an error */
	wr(d, VIRTIO_MMIO_QUEUE_NUM, 4);
	wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
	ASSERT_FALSE(NEEDS_RESET(d));

	negotiate(d, features(d));
	setup_queue(d, 1, 8);
	ASSERT_EQ(1, rd(d, VIRTIO_MMIO_QUEUE_READY));
	ASSERT_EQ(8, d->t.vqs[1].num);
	ASSERT_EQ(DESC, d->t.vqs[1].desc_gpa);
	ASSERT_EQ(AVAIL, d->t.vqs[1].avail_gpa);
	ASSERT_EQ(USED, d->t.vqs[1].used_gpa);
	ASSERT_TRUE(d->t.vqs[1].event_idx);
	ASSERT_TRUE(d->t.vqs[1].indirect);
	wr(d, VIRTIO_MMIO_QUEUE_SEL, 0);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_QUEUE_READY));
	/* Set up while ready: ignored */
	wr(d, VIRTIO_MMIO_QUEUE_SEL, 1);
	wr(d, VIRTIO_MMIO_QUEUE_NUM, 4);
	wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, 1);
	ASSERT_EQ(8, d->t.vqs[1].num);
	ASSERT_EQ(DESC, d->t.vqs[1].desc_gpa);
	/* Disabled by writing 0 */
	wr(d, VIRTIO_MMIO_QUEUE_READY, 0);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_QUEUE_READY));
	wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, 1);
	ASSERT_EQ(1ULL << 32 | DESC, d->t.vqs[1].desc_gpa);
	ASSERT_FALSE(NEEDS_RESET(d));
}

TEST_F(mmio, bad_queue_size)
{
	struct fake_dev *d = &self->d;
	uint32_t bad[] = { 0, 3, 12, QMAX * 2 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		negotiate(d, features(d));
		wr(d, VIRTIO_MMIO_QUEUE_NUM, bad[i]);
		ASSERT_TRUE(NEEDS_RESET(d));
		/* No DRIVER_OK yet: no interrupt */
		ASSERT_EQ(0, rd(d, VIRTIO_MMIO_INTERRUPT_STATUS));
		ASSERT_FALSE(d->level);
	}
}

TEST_F(mmio, ring_outside_ram)
{
	struct fake_dev *d = &self->d;

	negotiate(d, features(d));
	wr(d, VIRTIO_MMIO_QUEUE_NUM, 8);
	wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, DESC);
	wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL);
	wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED);
	wr(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 1);	/* at 4 GiB + USED */
	wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_QUEUE_READY));
	ASSERT_TRUE(NEEDS_RESET(d));
}

TEST_F(mmio, queue_not_set_up)
{
	struct fake_dev *d = &self->d;

	negotiate(d, features(d));
	wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_QUEUE_READY));
	ASSERT_TRUE(NEEDS_RESET(d));
}

TEST_F(mmio, queue_before_features_ok)
{
	struct fake_dev *d = &self->d;

	set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	setup_queue(d, 0, 8);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_QUEUE_READY));
	ASSERT_TRUE(NEEDS_RESET(d));
}

TEST_F(mmio, error_after_driver_ok_interrupts)
{
	struct fake_dev *d = &self->d;

	bring_up(d, 8);
	ASSERT_FALSE(d->level);
	virtio_mmio_device_error(&d->t, "test");
	ASSERT_TRUE(NEEDS_RESET(d));
	ASSERT_EQ(VIRTIO_MMIO_INT_CONFIG, rd(d, VIRTIO_MMIO_INTERRUPT_STATUS));
	ASSERT_TRUE(d->level);
	/* The queues stop until reset */
	set_desc(&d->r, 0, BUF, 10, 0, 0);
	make_avail(&d->r, 0);
	wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_EQ(0, d->notifies);
	wr(d, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
	ASSERT_FALSE(d->level);
	wr(d, VIRTIO_MMIO_STATUS, 0);
	ASSERT_FALSE(NEEDS_RESET(d));
}

TEST_F(mmio, notify_and_interrupt)
{
	struct fake_dev *d = &self->d;

	bring_up(d, 8);
	set_desc(&d->r, 2, BUF, 10, 0, 0);
	make_avail(&d->r, 2);
	wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_EQ(1, d->notifies);
	ASSERT_EQ(1, used_idx(&d->r));
	ASSERT_EQ(2, used_id(&d->r, 0));
	ASSERT_EQ(10, used_len(&d->r, 0));
	ASSERT_EQ(VIRTIO_MMIO_INT_VRING, rd(d, VIRTIO_MMIO_INTERRUPT_STATUS));
	ASSERT_TRUE(d->level);
	/* Partial ACK keeps the line up while a bit is left */
	virtio_mmio_config_changed(&d->t);
	ASSERT_EQ(1, rd(d, VIRTIO_MMIO_CONFIG_GENERATION));
	ASSERT_EQ(3, rd(d, VIRTIO_MMIO_INTERRUPT_STATUS));
	wr(d, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	ASSERT_TRUE(d->level);
	wr(d, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
	ASSERT_FALSE(d->level);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_INTERRUPT_STATUS));
	/* Queue that does not exist, or not ready: nothing */
	wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, 7);
	wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	ASSERT_EQ(1, d->notifies);
}

TEST_F(mmio, event_idx_suppresses_interrupt)
{
	struct fake_dev *d = &self->d;

	bring_up(d, 8);
	set_used_event(&d->r, 1);	/* after the second only */
	set_desc(&d->r, 0, BUF, 1, 0, 0);
	make_avail(&d->r, 0);
	wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_INTERRUPT_STATUS));
	make_avail(&d->r, 0);
	virtio_mmio_kick(&d->t, 0);
	ASSERT_EQ(2, used_idx(&d->r));
	ASSERT_EQ(VIRTIO_MMIO_INT_VRING, rd(d, VIRTIO_MMIO_INTERRUPT_STATUS));
}

TEST_F(mmio, kick_before_driver_ok)
{
	struct fake_dev *d = &self->d;

	negotiate(d, features(d));
	setup_queue(d, 0, 8);
	set_desc(&d->r, 0, BUF, 1, 0, 0);
	make_avail(&d->r, 0);
	wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_EQ(0, d->notifies);
	set_status(d, VIRTIO_STATUS_DRIVER_OK);
	ASSERT_EQ(1, d->notifies);
	ASSERT_EQ(1, used_idx(&d->r));
}

TEST_F(mmio, reset_clears)
{
	struct fake_dev *d = &self->d;

	bring_up(d, 8);
	set_desc(&d->r, 0, BUF, 1, 0, 0);
	make_avail(&d->r, 0);
	wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_TRUE(d->level);
	wr(d, VIRTIO_MMIO_QUEUE_SEL, 1);
	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);

	wr(d, VIRTIO_MMIO_STATUS, 0);
	ASSERT_EQ(1, d->resets);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_STATUS));
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_INTERRUPT_STATUS));
	ASSERT_FALSE(d->level);
	ASSERT_FALSE(virtio_mmio_has_feature(&d->t, VIRTIO_F_VERSION_1));
	ASSERT_EQ(0, d->t.driver_features);
	/* QueueSel back to 0, the queue gone */
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_QUEUE_READY));
	ASSERT_EQ(0, d->t.queue_sel);
	ASSERT_EQ(0, d->t.vqs[0].num);
	ASSERT_EQ(0, d->t.vqs[0].desc_gpa);
	ASSERT_FALSE(d->t.vqs[0].ready);
	/* And it comes back from index 0 */
	bring_up(d, 8);
	set_desc(&d->r, 1, BUF, 5, 0, 0);
	make_avail(&d->r, 1);
	wr(d, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_EQ(1, used_idx(&d->r));
	ASSERT_EQ(1, used_id(&d->r, 0));
}

TEST_F(mmio, widths_and_read_only)
{
	struct fake_dev *d = &self->d;
	const struct bus_ops *o = &virtio_mmio_bus_ops;

	/* Registers are 32-bit only */
	ASSERT_EQ(0, o->read(&d->t, VIRTIO_MMIO_MAGIC_VALUE, 2));
	ASSERT_EQ(0, o->read(&d->t, VIRTIO_MMIO_MAGIC_VALUE, 8));
	ASSERT_EQ(0, o->read(&d->t, VIRTIO_MMIO_MAGIC_VALUE + 1, 4));
	o->write(&d->t, VIRTIO_MMIO_STATUS, 1, 3);
	o->write(&d->t, VIRTIO_MMIO_STATUS, 8, 3);
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_STATUS));
	/* Read-only and unknown registers: writes dropped */
	wr(d, VIRTIO_MMIO_MAGIC_VALUE, 0);
	wr(d, VIRTIO_MMIO_DEVICE_ID, 7);
	wr(d, VIRTIO_MMIO_QUEUE_NUM_MAX, 1);
	wr(d, VIRTIO_MMIO_CONFIG_GENERATION, 9);
	wr(d, 0x0f0, 1);
	ASSERT_EQ(0x74726976, rd(d, VIRTIO_MMIO_MAGIC_VALUE));
	ASSERT_EQ(42, rd(d, VIRTIO_MMIO_DEVICE_ID));
	ASSERT_EQ(QMAX, rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX));
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_CONFIG_GENERATION));
	ASSERT_FALSE(NEEDS_RESET(d));
	/* Write-only registers read as 0 */
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_QUEUE_NOTIFY));
	ASSERT_EQ(0, rd(d, VIRTIO_MMIO_INTERRUPT_ACK));
}

TEST_F(mmio, config_space)
{
	struct fake_dev *d = &self->d;
	const struct bus_ops *o = &virtio_mmio_bus_ops;
	uint64_t c = VIRTIO_MMIO_CONFIG;

	ASSERT_EQ(0x10, o->read(&d->t, c, 1));
	ASSERT_EQ(0x13, o->read(&d->t, c + 3, 1));
	ASSERT_EQ(0x1312, o->read(&d->t, c + 2, 2));
	ASSERT_EQ(0x17161514, o->read(&d->t, c + 4, 4));
	ASSERT_EQ(0x1716151413121110ULL, o->read(&d->t, c, 8));
	ASSERT_EQ(0x1b1a1918, o->read(&d->t, c + 8, 4));
	/* Misaligned, or past the device's config */
	ASSERT_EQ(0, o->read(&d->t, c + 1, 2));
	ASSERT_EQ(0, o->read(&d->t, c + 2, 4));
	ASSERT_EQ(0, o->read(&d->t, c + 8, 8));
	ASSERT_EQ(0, o->read(&d->t, c + 12, 1));
	ASSERT_EQ(0, o->read(&d->t, VIRTIO_MMIO_SIZE - 4, 4));
	o->write(&d->t, c + 4, 4, 0xabcd);
	ASSERT_EQ(0xabcd, d->written);
	o->write(&d->t, c + 12, 4, 0x1234);
	ASSERT_EQ(0xabcd, d->written);
}

TEST(init_checks)
{
	struct virtio_mmio t = {
		.ops = &dev_ops, .set_irq = dev_irq, .nr_queues = 1,
		.queue_num_max = 12, .mem = { fake_guest_ptr, NULL },
	};

	ASSERT_EQ(-EINVAL, virtio_mmio_init(&t));
	t.queue_num_max = 16;
	t.nr_queues = VIRTIO_MMIO_MAX_QUEUES + 1;
	ASSERT_EQ(-EINVAL, virtio_mmio_init(&t));
	t.nr_queues = 1;
	t.config_size = 0x101;
	ASSERT_EQ(-EINVAL, virtio_mmio_init(&t));
}

TEST_HARNESS_MAIN
