/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Split virtqueues (virtio 1.x, 2.7), the device's side: taking the
 * descriptor chains the driver made available, and returning them through
 * the used ring, with the notification suppression of
 * VIRTIO_F_EVENT_IDX and indirect descriptor tables.
 *
 * The rings live in guest memory, shared with a driver that runs at the
 * same time on another CPU: every field is read once into a local copy
 * before it is checked, and every address is checked against guest RAM
 * through struct guest_mem, so a driver cannot make us touch memory
 * outside the guest.
 */
#ifndef HVX_VIRTQUEUE_H
#define HVX_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

/* Descriptor flags */
#define VIRTQ_DESC_F_NEXT	1
#define VIRTQ_DESC_F_WRITE	2
#define VIRTQ_DESC_F_INDIRECT	4

/* Available ring flags: the driver wants no interrupts */
#define VIRTQ_AVAIL_F_NO_INTERRUPT	1
/* Used ring flags: the device wants no notifications */
#define VIRTQ_USED_F_NO_NOTIFY		1

/* The largest queue a split virtqueue can have */
#define VIRTQ_MAX_SIZE		32768

/* Sizes and alignments of the three parts (2.7, "Virtqueues") */
#define VIRTQ_DESC_SIZE(num)	(16ULL * (num))
#define VIRTQ_AVAIL_SIZE(num)	(6ULL + 2ULL * (num))
#define VIRTQ_USED_SIZE(num)	(6ULL + 8ULL * (num))
#define VIRTQ_DESC_ALIGN	16
#define VIRTQ_AVAIL_ALIGN	2
#define VIRTQ_USED_ALIGN	4

/*
 * The most buffers one chain may have. Device models advertise a smaller
 * limit (virtio-blk's seg_max); a longer chain is refused.
 */
#define VQ_MAX_IOV		1024

/*
 * Guest memory as the device sees it: @ptr returns the host address of
 * [gpa, gpa + len), or NULL if any of it is not guest RAM.
 */
struct guest_mem {
	void *(*ptr)(void *opaque, uint64_t gpa, uint64_t len);
	void *opaque;
};

static inline void *guest_mem_ptr(const struct guest_mem *mem, uint64_t gpa,
				  uint64_t len)
{
	return mem->ptr(mem->opaque, gpa, len);
}

/* One buffer of a chain, in host memory */
struct vq_iov {
	void *base;
	uint32_t len;
};

/*
 * A descriptor chain: the device-readable buffers come first (nr_out of
 * them), then the device-writable ones (nr_in), as the driver must lay
 * them out. Empty buffers are left out.
 */
struct vq_chain {
	uint16_t head;
	unsigned int nr_out, nr_in;
	uint32_t out_len, in_len;	/* bytes in each part */
	struct vq_iov iov[VQ_MAX_IOV];
};

struct virtqueue {
	/* What the driver set through the transport */
	uint16_t num;
	uint64_t desc_gpa, avail_gpa, used_gpa;
	bool ready;

	/* Negotiated features, fixed when the queue is enabled */
	bool event_idx, indirect;

	/* Device state */
	const struct guest_mem *mem;
	void *desc, *avail, *used;	/* host addresses of the rings */
	uint16_t last_avail;		/* next available entry to take */
	uint16_t used_idx;		/* what we last published as used idx */
	uint16_t signalled_used;	/* used idx at the last interrupt check */
	uint32_t unsignalled;		/* chains pushed since that check */
	bool broken;			/* the driver broke the rules */
	const char *error;		/* how, for messages */
};

/* Back to the state after a device reset: not ready, nothing set. */
void vq_reset(struct virtqueue *vq);

/*
 * Start using the rings at the addresses the driver set: checks the
 * size and that each part lies in guest RAM, suitably aligned. Returns 0,
 * or -EINVAL with vq->error saying why (the queue stays not ready).
 */
int vq_enable(struct virtqueue *vq, const struct guest_mem *mem,
	      bool event_idx, bool indirect);

/*
 * Take the next available chain into @c. Returns 1 if there was one, 0 if
 * none, -EIO if the driver broke the ring (bad index, head or descriptor,
 * a loop, an address outside RAM); then vq->error says why, and the queue
 * is broken until it is reset.
 */
int vq_pop(struct virtqueue *vq, struct vq_chain *c);

/* Give the chain at @head back to the driver, @len bytes written into it. */
void vq_push(struct virtqueue *vq, uint16_t head, uint32_t len);

/*
 * After a batch, ask the driver to notify us again (with EVENT_IDX: for
 * the next entry after the last one taken). True if more chains came in
 * meanwhile: take them too, or one may be left without a notification.
 */
bool vq_rearm(struct virtqueue *vq);

/*
 * Does the driver want an interrupt for the chains pushed since the
 * last call? Honours used_event with EVENT_IDX, else
 * VIRTQ_AVAIL_F_NO_INTERRUPT. False when nothing was pushed.
 */
bool vq_should_interrupt(struct virtqueue *vq);

/*
 * With EVENT_IDX: has the index moved from @old to @new past @event,
 * that is, is @event in [old, new)? Modulo 2^16, as the indices wrap.
 */
static inline bool vq_need_event(uint16_t event, uint16_t new, uint16_t old)
{
	return (uint16_t)(new - event - 1) < (uint16_t)(new - old);
}

/* Copy between the chain's buffers iov[0..n), @off bytes in, and @buf. */
uint64_t vq_iov_read(const struct vq_iov *iov, unsigned int n, uint64_t off,
		     void *buf, uint64_t len);
uint64_t vq_iov_write(const struct vq_iov *iov, unsigned int n, uint64_t off,
		      const void *buf, uint64_t len);

#endif /* HVX_VIRTQUEUE_H */
