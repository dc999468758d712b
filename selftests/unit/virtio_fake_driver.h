/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The driver's side of a split virtqueue, for the virtio unit tests: a
 * fake guest memory, and rings laid out in it as a driver would.
 */
#ifndef VIRTIO_FAKE_DRIVER_H
#define VIRTIO_FAKE_DRIVER_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "virtqueue.h"

#define FAKE_MEM_SIZE	(1U << 20)

struct fake_guest {
	uint8_t *mem;
	uint64_t size;
	struct guest_mem gm;
};

static inline void *fake_guest_ptr(void *opaque, uint64_t gpa, uint64_t len)
{
	struct fake_guest *g = opaque;

	if (gpa > g->size || len > g->size - gpa)
		return NULL;
	return g->mem + gpa;
}

static inline void fake_guest_init(struct fake_guest *g)
{
	g->size = FAKE_MEM_SIZE;
	g->mem = aligned_alloc(4096, g->size);
	memset(g->mem, 0, g->size);
	g->gm.ptr = fake_guest_ptr;
	g->gm.opaque = g;
}

/* The driver's view of one queue */
struct fake_ring {
	uint8_t *mem;
	uint16_t num;
	uint64_t desc, avail, used;
	uint16_t avail_idx;
};

static inline void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static inline uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static inline uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static inline void ring_init(struct fake_ring *r, uint8_t *mem, uint16_t num,
			     uint64_t desc, uint64_t avail, uint64_t used)
{
	r->mem = mem;
	r->num = num;
	r->desc = desc;
	r->avail = avail;
	r->used = used;
	r->avail_idx = 0;
	memset(mem + desc, 0, VIRTQ_DESC_SIZE(num));
	memset(mem + avail, 0, VIRTQ_AVAIL_SIZE(num));
	memset(mem + used, 0, VIRTQ_USED_SIZE(num));
}

/* Write descriptor @idx of the table at @table */
static inline void put_desc(uint8_t *mem, uint64_t table, uint16_t idx,
			    uint64_t addr, uint32_t len, uint16_t flags,
			    uint16_t next)
{
	uint8_t *d = mem + table + 16ULL * idx;

	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memcpy(d + 14, &next, 2);
}

static inline void set_desc(struct fake_ring *r, uint16_t idx, uint64_t addr,
			    uint32_t len, uint16_t flags, uint16_t next)
{
	put_desc(r->mem, r->desc, idx, addr, len, flags, next);
}

/* Make the chain at @head available and publish the index */
static inline void make_avail(struct fake_ring *r, uint16_t head)
{
	put16(r->mem + r->avail + 4 + 2 * (r->avail_idx % r->num), head);
	r->avail_idx++;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	put16(r->mem + r->avail + 2, r->avail_idx);
}

static inline void set_avail_idx(struct fake_ring *r, uint16_t idx)
{
	r->avail_idx = idx;
	put16(r->mem + r->avail + 2, idx);
}

static inline void set_avail_flags(struct fake_ring *r, uint16_t flags)
{
	put16(r->mem + r->avail, flags);
}

static inline void set_used_event(struct fake_ring *r, uint16_t v)
{
	put16(r->mem + r->avail + 4 + 2 * r->num, v);
}

static inline uint16_t used_idx(const struct fake_ring *r)
{
	return get16(r->mem + r->used + 2);
}

static inline uint32_t used_id(const struct fake_ring *r, uint16_t i)
{
	return get32(r->mem + r->used + 4 + 8 * (i % r->num));
}

static inline uint32_t used_len(const struct fake_ring *r, uint16_t i)
{
	return get32(r->mem + r->used + 8 + 8 * (i % r->num));
}

static inline uint16_t avail_event(const struct fake_ring *r)
{
	return get16(r->mem + r->used + 4 + 8 * r->num);
}

#endif /* VIRTIO_FAKE_DRIVER_H */
