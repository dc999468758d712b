/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtio MMIO transport, version 2 (virtio 1.x, 4.2): the register
 * block a driver finds at a guest-physical address, feature negotiation,
 * the device status, queue set-up and the interrupt status, for any
 * device model that plugs in through struct virtio_mmio_ops.
 *
 * Only the modern interface: VIRTIO_F_VERSION_1 is always offered and a
 * driver that does not accept it does not get FEATURES_OK. The transport
 * also offers what the split virtqueues implement: indirect descriptors
 * and EVENT_IDX.
 *
 * No vm glue here: guest memory, the interrupt line and messages go
 * through what the device model fills in, so that this links anywhere.
 * Every callback runs with the caller's device lock held (vm.h).
 */
#ifndef HVX_VIRTIO_MMIO_H
#define HVX_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>
#include "bus.h"
#include "virtqueue.h"

/* Size of the register block: registers, then config space at 0x100 */
#define VIRTIO_MMIO_SIZE		0x200

#define VIRTIO_MMIO_MAGIC		0x74726976	/* "virt" */
#define VIRTIO_MMIO_VERSION		2
#define VIRTIO_MMIO_VENDOR_ID		0x00787668	/* "hvx" */

/* Register offsets */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000
#define VIRTIO_MMIO_VERSION_REG		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID_REG	0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_SHM_SEL		0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW		0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH	0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW	0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH	0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

/* InterruptStatus bits */
#define VIRTIO_MMIO_INT_VRING		(1U << 0)
#define VIRTIO_MMIO_INT_CONFIG		(1U << 1)

/* Device status bits (2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	0x40
#define VIRTIO_STATUS_FAILED		0x80

/* Feature bits of the transport and rings (6) */
#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32

#define VIRTIO_MMIO_MAX_QUEUES		8

struct virtio_mmio_ops {
	/* The device type's feature bits; the transport adds its own. */
	uint64_t (*features)(void *opaque);
	/*
	 * Config space, @offset from its start; @size is 1, 2, 4 or 8 and
	 * the access is aligned and within config_size. Either may be
	 * NULL: reads give 0, writes are dropped.
	 */
	uint64_t (*config_read)(void *opaque, uint64_t offset,
				unsigned int size);
	void (*config_write)(void *opaque, uint64_t offset, unsigned int size,
			     uint64_t value);
	/*
	 * The driver notified queue @queue, which is ready and the device
	 * live (DRIVER_OK, not NEEDS_RESET). Take its chains with vq_pop(),
	 * then call virtio_mmio_used().
	 */
	void (*queue_notify)(void *opaque, unsigned int queue);
	/* The driver reset the device; may be NULL. */
	void (*reset)(void *opaque);
};

struct virtio_mmio {
	/* Filled in by the device model before virtio_mmio_init() */
	const char *name;		/* for messages */
	uint32_t device_id;
	unsigned int nr_queues;
	uint16_t queue_num_max;
	uint32_t config_size;
	const struct virtio_mmio_ops *ops;
	void *opaque;
	struct guest_mem mem;
	void (*set_irq)(void *irq_opaque, bool level);
	void *irq_opaque;
	bool verbose;

	/* Transport state */
	uint64_t device_features;
	uint64_t driver_features;
	bool features_beyond_64;	/* the driver set bits past 63 */
	uint32_t device_features_sel;
	uint32_t driver_features_sel;
	uint32_t queue_sel;
	uint32_t interrupt_status;
	uint32_t status;
	uint32_t config_generation;
	bool irq_level;
	struct virtqueue vqs[VIRTIO_MMIO_MAX_QUEUES];
};

/* Bus ops over a struct virtio_mmio, for bus_register() */
extern const struct bus_ops virtio_mmio_bus_ops;

/* Check the fields above and start in the reset state: 0 or -EINVAL. */
int virtio_mmio_init(struct virtio_mmio *t);

/* The register accesses, as the bus makes them (offset from the base) */
uint64_t virtio_mmio_read(void *opaque, uint64_t offset, unsigned int size);
void virtio_mmio_write(void *opaque, uint64_t offset, unsigned int size,
		       uint64_t value);

/* A notification for @queue from elsewhere than the register (ioeventfd). */
void virtio_mmio_kick(struct virtio_mmio *t, unsigned int queue);

/* Was feature @bit negotiated (FEATURES_OK accepted with it)? */
bool virtio_mmio_has_feature(const struct virtio_mmio *t, unsigned int bit);

/* Queue @queue, or NULL if there is no such queue */
struct virtqueue *virtio_mmio_queue(struct virtio_mmio *t,
				    unsigned int queue);

/* After pushing used chains on @queue: interrupt if the driver wants one. */
void virtio_mmio_used(struct virtio_mmio *t, unsigned int queue);

/* The config space changed: new generation, config interrupt. */
void virtio_mmio_config_changed(struct virtio_mmio *t);

/*
 * The device cannot go on (the driver broke a rule): set
 * DEVICE_NEEDS_RESET, tell a running driver, stop using the queues until
 * the driver resets the device. @why is logged when verbose.
 */
void virtio_mmio_device_error(struct virtio_mmio *t, const char *why);

#endif /* HVX_VIRTIO_MMIO_H */
