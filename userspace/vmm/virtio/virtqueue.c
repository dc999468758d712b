// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues, the device's side (virtqueue.h).
 *
 * Memory ordering with the driver: it fills descriptors and the ring
 * entry, then publishes avail->idx; we load that index with acquire
 * semantics before reading what it covers. We fill a used entry, then
 * publish used->idx with release semantics. Where each side writes one
 * field and then reads the other's (our used->idx then its used_event;
 * our avail_event then its avail->idx), a full fence sits between, or a
 * notification could be lost on both sides at once.
 */
#include <endian.h>
#include <errno.h>
#include <string.h>
#include "virtqueue.h"

/* A descriptor, as the driver lays it out (little-endian). */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* Offsets in the available and used rings */
#define AVAIL_FLAGS		0
#define AVAIL_IDX		2
#define AVAIL_RING(i)		(4 + 2 * (uint64_t)(i))
#define USED_FLAGS		0
#define USED_IDX		2
#define USED_RING(i)		(4 + 8 * (uint64_t)(i))
/* used_event follows the avail ring, avail_event the used ring */
#define USED_EVENT(num)		AVAIL_RING(num)
#define AVAIL_EVENT(num)	USED_RING(num)

static uint16_t ld16(const void *base, uint64_t off, int order)
{
	const uint16_t *p = (const uint16_t *)((const uint8_t *)base + off);

	return le16toh(__atomic_load_n(p, order));
}

static void st16(void *base, uint64_t off, uint16_t v, int order)
{
	uint16_t *p = (uint16_t *)((uint8_t *)base + off);

	__atomic_store_n(p, htole16(v), order);
}

static void st32(void *base, uint64_t off, uint32_t v)
{
	uint32_t *p = (uint32_t *)((uint8_t *)base + off);

	__atomic_store_n(p, htole32(v), __ATOMIC_RELAXED);
}

void vq_reset(struct virtqueue *vq)
{
	memset(vq, 0, sizeof(*vq));
}

/* Host address of one part of the rings, checked; NULL if unusable. */
static void *ring_part(const struct guest_mem *mem, uint64_t gpa,
		       uint64_t size, unsigned int align)
{
	void *p;

	if (gpa % align)
		return NULL;
	p = guest_mem_ptr(mem, gpa, size);
	/* Host alignment too, as the fields are accessed atomically. */
	if (p && (uintptr_t)p % align)
		return NULL;
	return p;
}

int vq_enable(struct virtqueue *vq, const struct guest_mem *mem,
	      bool event_idx, bool indirect)
{
	uint16_t num = vq->num;

	vq->ready = false;
	if (!num || num > VIRTQ_MAX_SIZE || (num & (num - 1))) {
		vq->error = "queue size is not a power of 2";
		return -EINVAL;
	}
	vq->desc = ring_part(mem, vq->desc_gpa, VIRTQ_DESC_SIZE(num),
			     VIRTQ_DESC_ALIGN);
	vq->avail = ring_part(mem, vq->avail_gpa, VIRTQ_AVAIL_SIZE(num),
			      VIRTQ_AVAIL_ALIGN);
	vq->used = ring_part(mem, vq->used_gpa, VIRTQ_USED_SIZE(num),
			     VIRTQ_USED_ALIGN);
	if (!vq->desc || !vq->avail || !vq->used) {
		vq->error = "ring outside guest RAM or misaligned";
		return -EINVAL;
	}
	vq->mem = mem;
	vq->event_idx = event_idx;
	vq->indirect = indirect;
	/* A driver starts its indices at 0 after a reset. */
	vq->last_avail = 0;
	vq->used_idx = 0;
	vq->signalled_used = 0;
	vq->unsignalled = 0;
	vq->broken = false;
	vq->error = NULL;
	vq->ready = true;
	return 0;
}

static int broken(struct virtqueue *vq, const char *why)
{
	vq->broken = true;
	vq->error = why;
	return -EIO;
}

/* Add one buffer to the chain, readable ones before writable ones. */
static int add_buf(struct virtqueue *vq, struct vq_chain *c,
		   const struct virtq_desc *d)
{
	bool writable = d->flags & VIRTQ_DESC_F_WRITE;
	struct vq_iov *iov;
	void *p;

	if (!writable && c->nr_in)
		return broken(vq, "readable buffer after a writable one");
	if ((uint64_t)c->out_len + c->in_len + d->len > UINT32_MAX)
		return broken(vq, "chain longer than 4 GiB");
	if (!d->len)
		return 0;
	if (c->nr_out + c->nr_in >= VQ_MAX_IOV)
		return broken(vq, "too many buffers in a chain");
	p = guest_mem_ptr(vq->mem, d->addr, d->len);
	if (!p)
		return broken(vq, "buffer outside guest RAM");
	iov = &c->iov[c->nr_out + c->nr_in];
	iov->base = p;
	iov->len = d->len;
	if (writable) {
		c->nr_in++;
		c->in_len += d->len;
	} else {
		c->nr_out++;
		c->out_len += d->len;
	}
	return 0;
}

/*
 * Follow the chain from @idx in the table of @size descriptors at
 * @table: the queue's own, or an indirect table (@nested). Visiting more
 * descriptors than the table holds means the chain loops.
 */
static int walk(struct virtqueue *vq, struct vq_chain *c, const void *table,
		uint32_t size, uint16_t idx, bool nested)
{
	struct virtq_desc d;
	uint32_t seen = 0;
	const void *t;

	for (;;) {
		if (idx >= size)
			return broken(vq, "descriptor index out of range");
		if (++seen > size)
			return broken(vq, "descriptor chain loops");
		/* One copy, checked and used: the driver may change it. */
		memcpy(&d, (const uint8_t *)table + 16ULL * idx, sizeof(d));
		d.addr = le64toh(d.addr);
		d.len = le32toh(d.len);
		d.flags = le16toh(d.flags);
		d.next = le16toh(d.next);

		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			if (nested)
				return broken(vq, "indirect table in an indirect table");
			if (!vq->indirect)
				return broken(vq, "indirect descriptor not negotiated");
			if (d.flags & VIRTQ_DESC_F_NEXT)
				return broken(vq, "indirect descriptor with NEXT");
			if (!d.len || d.len % 16 || d.len / 16 > VQ_MAX_IOV)
				return broken(vq, "bad indirect table length");
			t = guest_mem_ptr(vq->mem, d.addr, d.len);
			if (!t)
				return broken(vq, "indirect table outside guest RAM");
			return walk(vq, c, t, d.len / 16, 0, true);
		}
		if (add_buf(vq, c, &d))
			return -EIO;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return 0;
		idx = d.next;
	}
}

int vq_pop(struct virtqueue *vq, struct vq_chain *c)
{
	uint16_t avail_idx, head;

	if (!vq->ready)
		return 0;
	if (vq->broken)
		return -EIO;
	/* Acquire: the entries and descriptors it covers are written. */
	avail_idx = ld16(vq->avail, AVAIL_IDX, __ATOMIC_ACQUIRE);
	if (avail_idx == vq->last_avail)
		return 0;
	if ((uint16_t)(avail_idx - vq->last_avail) > vq->num)
		return broken(vq, "available index moved by more than the queue size");
	head = ld16(vq->avail, AVAIL_RING(vq->last_avail & (vq->num - 1)),
		    __ATOMIC_RELAXED);
	vq->last_avail++;

	c->head = head;
	c->nr_out = 0;
	c->nr_in = 0;
	c->out_len = 0;
	c->in_len = 0;
	if (walk(vq, c, vq->desc, vq->num, head, false))
		return -EIO;
	return 1;
}

void vq_push(struct virtqueue *vq, uint16_t head, uint32_t len)
{
	uint16_t slot = vq->used_idx & (vq->num - 1);

	if (!vq->ready)
		return;
	st32(vq->used, USED_RING(slot), head);
	st32(vq->used, USED_RING(slot) + 4, len);
	vq->used_idx++;
	vq->unsignalled++;
	/* Release: the entry is visible before the index that covers it. */
	st16(vq->used, USED_IDX, vq->used_idx, __ATOMIC_RELEASE);
}

bool vq_rearm(struct virtqueue *vq)
{
	if (!vq->ready || vq->broken)
		return false;
	if (vq->event_idx)
		st16(vq->used, AVAIL_EVENT(vq->num), vq->last_avail,
		     __ATOMIC_RELAXED);
	/* Our avail_event before its avail->idx: see the top. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return ld16(vq->avail, AVAIL_IDX, __ATOMIC_ACQUIRE) != vq->last_avail;
}

bool vq_should_interrupt(struct virtqueue *vq)
{
	uint16_t old = vq->signalled_used, new = vq->used_idx;
	uint32_t pushed = vq->unsignalled;

	if (!vq->ready || !pushed)
		return false;
	vq->signalled_used = new;
	vq->unsignalled = 0;
	/* Our used->idx before its used_event or flags: see the top. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!vq->event_idx)
		return !(ld16(vq->avail, AVAIL_FLAGS, __ATOMIC_RELAXED) &
			 VIRTQ_AVAIL_F_NO_INTERRUPT);
	/* The index went all the way round: it passed any event. */
	if (pushed >= 0x10000)
		return true;
	return vq_need_event(ld16(vq->avail, USED_EVENT(vq->num),
				  __ATOMIC_RELAXED), new, old);
}

/* Copy @len bytes between iov[0..n), from @off in it, and @buf. */
static uint64_t iov_copy(const struct vq_iov *iov, unsigned int n,
			 uint64_t off, uint8_t *buf, uint64_t len, bool to_iov)
{
	uint64_t done = 0, chunk;
	unsigned int i;

	for (i = 0; i < n && done < len; i++) {
		if (off >= iov[i].len) {
			off -= iov[i].len;
			continue;
		}
		chunk = iov[i].len - off;
		if (chunk > len - done)
			chunk = len - done;
		if (to_iov)
			memcpy((uint8_t *)iov[i].base + off, buf + done, chunk);
		else
			memcpy(buf + done, (uint8_t *)iov[i].base + off, chunk);
		done += chunk;
		off = 0;
	}
	return done;
}

uint64_t vq_iov_read(const struct vq_iov *iov, unsigned int n, uint64_t off,
		     void *buf, uint64_t len)
{
	return iov_copy(iov, n, off, buf, len, false);
}

uint64_t vq_iov_write(const struct vq_iov *iov, unsigned int n, uint64_t off,
		      const void *buf, uint64_t len)
{
	return iov_copy(iov, n, off, (uint8_t *)buf, len, true);
}
