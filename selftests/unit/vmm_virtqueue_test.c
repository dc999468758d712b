// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues (userspace/vmm/virtqueue.c) against rings a fake
 * driver lays out in a fake guest memory: chains of one to many
 * descriptors, indirect tables, loops and addresses outside RAM refused,
 * the used ring's contents, and EVENT_IDX notification decisions.
 */
#include <errno.h>
#include "virtio_fake_driver.h"
#include "kselftest_harness.h"

#define NUM	8
#define DESC	0x1000
#define AVAIL	0x2000
#define USED	0x3000
#define BUF	0x10000		/* data buffers from here */
#define TABLE	0x8000		/* indirect tables */

#define N	VIRTQ_DESC_F_NEXT
#define W	VIRTQ_DESC_F_WRITE
#define I	VIRTQ_DESC_F_INDIRECT

static struct vq_chain chain;

FIXTURE(ring) {
	struct fake_guest g;
	struct fake_ring r;
	struct virtqueue vq;
};

static int enable(struct virtqueue *vq, struct fake_guest *g,
		  bool event_idx, bool indirect)
{
	vq_reset(vq);
	vq->num = NUM;
	vq->desc_gpa = DESC;
	vq->avail_gpa = AVAIL;
	vq->used_gpa = USED;
	return vq_enable(vq, &g->gm, event_idx, indirect);
}

FIXTURE_SETUP(ring)
{
	fake_guest_init(&self->g);
	ring_init(&self->r, self->g.mem, NUM, DESC, AVAIL, USED);
	ASSERT_EQ(0, enable(&self->vq, &self->g, true, true));
}

FIXTURE_TEARDOWN(ring)
{
	free(self->g.mem);
}

TEST_F(ring, empty)
{
	ASSERT_EQ(0, vq_pop(&self->vq, &chain));
	ASSERT_FALSE(vq_should_interrupt(&self->vq));
}

TEST_F(ring, one_descriptor)
{
	set_desc(&self->r, 3, BUF, 100, 0, 0);
	make_avail(&self->r, 3);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_EQ(3, chain.head);
	ASSERT_EQ(1, chain.nr_out);
	ASSERT_EQ(0, chain.nr_in);
	ASSERT_EQ(100, chain.out_len);
	ASSERT_EQ(self->g.mem + BUF, chain.iov[0].base);
	ASSERT_EQ(100, chain.iov[0].len);
	ASSERT_EQ(0, vq_pop(&self->vq, &chain));
}

TEST_F(ring, readable_then_writable)
{
	set_desc(&self->r, 0, BUF, 16, N, 5);
	set_desc(&self->r, 5, BUF + 0x1000, 512, N, 2);
	set_desc(&self->r, 2, BUF + 0x2000, 1, N | W, 7);
	set_desc(&self->r, 7, BUF + 0x3000, 9, W, 0);
	make_avail(&self->r, 0);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_EQ(2, chain.nr_out);
	ASSERT_EQ(2, chain.nr_in);
	ASSERT_EQ(528, chain.out_len);
	ASSERT_EQ(10, chain.in_len);
	ASSERT_EQ(self->g.mem + BUF + 0x1000, chain.iov[1].base);
	ASSERT_EQ(self->g.mem + BUF + 0x3000, chain.iov[3].base);
	ASSERT_EQ(9, chain.iov[3].len);
}

TEST_F(ring, chain_as_long_as_the_queue)
{
	int i;

	for (i = 0; i < NUM; i++)
		set_desc(&self->r, i, BUF + 0x100 * i, 0x10,
			 i < NUM - 1 ? N : 0, i + 1);
	make_avail(&self->r, 0);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_EQ(NUM, chain.nr_out);
	ASSERT_EQ(NUM * 0x10, chain.out_len);
}

TEST_F(ring, empty_buffers_left_out)
{
	set_desc(&self->r, 0, 0xdeadbeef0000ULL, 0, N, 1);
	set_desc(&self->r, 1, BUF, 4, 0, 0);
	make_avail(&self->r, 0);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_EQ(1, chain.nr_out);
	ASSERT_EQ(4, chain.out_len);
}

TEST_F(ring, several_chains_in_order)
{
	set_desc(&self->r, 0, BUF, 1, 0, 0);
	set_desc(&self->r, 1, BUF, 2, 0, 0);
	set_desc(&self->r, 2, BUF, 3, 0, 0);
	make_avail(&self->r, 2);
	make_avail(&self->r, 0);
	make_avail(&self->r, 1);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_EQ(2, chain.head);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_EQ(0, chain.head);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_EQ(1, chain.head);
	ASSERT_EQ(2, chain.out_len);
	ASSERT_EQ(0, vq_pop(&self->vq, &chain));
}

static void assert_broken(struct __test_metadata *_metadata,
			  struct virtqueue *vq, const char *why)
{
	ASSERT_EQ(-EIO, vq_pop(vq, &chain));
	ASSERT_TRUE(vq->broken);
	ASSERT_NE(NULL, strstr(vq->error, why));
	/* Stays broken until reset, whatever comes next */
	ASSERT_EQ(-EIO, vq_pop(vq, &chain));
}

TEST_F(ring, loop)
{
	set_desc(&self->r, 0, BUF, 1, N, 1);
	set_desc(&self->r, 1, BUF, 1, N, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "loops");
}

TEST_F(ring, self_loop)
{
	set_desc(&self->r, 4, BUF, 1, N, 4);
	make_avail(&self->r, 4);
	assert_broken(_metadata, &self->vq, "loops");
}

TEST_F(ring, next_out_of_range)
{
	set_desc(&self->r, 0, BUF, 1, N, NUM);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "index out of range");
}

TEST_F(ring, head_out_of_range)
{
	make_avail(&self->r, NUM);
	assert_broken(_metadata, &self->vq, "index out of range");
}

TEST_F(ring, avail_index_too_far)
{
	set_avail_idx(&self->r, NUM + 1);
	assert_broken(_metadata, &self->vq, "available index");
}

TEST_F(ring, buffer_past_end_of_ram)
{
	set_desc(&self->r, 0, FAKE_MEM_SIZE - 10, 11, 0, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "outside guest RAM");
}

TEST_F(ring, buffer_address_wraps)
{
	set_desc(&self->r, 0, ~0ULL - 4, 16, 0, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "outside guest RAM");
}

TEST_F(ring, buffer_at_end_of_ram)
{
	set_desc(&self->r, 0, FAKE_MEM_SIZE - 10, 10, 0, 0);
	make_avail(&self->r, 0);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
}

TEST_F(ring, readable_after_writable)
{
	set_desc(&self->r, 0, BUF, 1, N | W, 1);
	set_desc(&self->r, 1, BUF, 1, 0, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "readable buffer after");
}

/* A guest memory where every address is RAM, for huge buffers */
static void *all_ram(void *opaque, uint64_t gpa, uint64_t len)
{
	(void)gpa;
	(void)len;
	return opaque;
}

TEST_F(ring, more_than_4g)
{
	struct guest_mem gm = { all_ram, self->g.mem };

	self->vq.mem = &gm;
	set_desc(&self->r, 0, BUF, 0x80000000U, N, 1);
	set_desc(&self->r, 1, BUF, 0x80000000U, 0, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "4 GiB");
}

TEST_F(ring, indirect)
{
	uint8_t *m = self->g.mem;

	put_desc(m, TABLE, 0, BUF, 16, N, 2);
	put_desc(m, TABLE, 2, BUF + 0x100, 4096, N | W, 1);
	put_desc(m, TABLE, 1, BUF + 0x2000, 1, W, 0);
	set_desc(&self->r, 6, TABLE, 3 * 16, I, 0);
	make_avail(&self->r, 6);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_EQ(6, chain.head);
	ASSERT_EQ(1, chain.nr_out);
	ASSERT_EQ(2, chain.nr_in);
	ASSERT_EQ(16, chain.out_len);
	ASSERT_EQ(4097, chain.in_len);
	ASSERT_EQ(m + BUF + 0x2000, chain.iov[2].base);
}

TEST_F(ring, direct_then_indirect)
{
	put_desc(self->g.mem, TABLE, 0, BUF + 0x100, 8, W, 0);
	set_desc(&self->r, 0, BUF, 16, N, 1);
	set_desc(&self->r, 1, TABLE, 16, I, 0);
	make_avail(&self->r, 0);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_EQ(1, chain.nr_out);
	ASSERT_EQ(1, chain.nr_in);
}

TEST_F(ring, indirect_not_negotiated)
{
	ASSERT_EQ(0, enable(&self->vq, &self->g, true, false));
	put_desc(self->g.mem, TABLE, 0, BUF, 16, 0, 0);
	set_desc(&self->r, 0, TABLE, 16, I, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "not negotiated");
}

TEST_F(ring, indirect_in_indirect)
{
	put_desc(self->g.mem, TABLE, 0, BUF, 16, N, 1);
	put_desc(self->g.mem, TABLE, 1, TABLE + 0x100, 16, I, 0);
	put_desc(self->g.mem, TABLE + 0x100, 0, BUF, 16, 0, 0);
	set_desc(&self->r, 0, TABLE, 32, I, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "indirect table in an indirect");
}

TEST_F(ring, indirect_with_next)
{
	put_desc(self->g.mem, TABLE, 0, BUF, 16, 0, 0);
	set_desc(&self->r, 0, TABLE, 16, I | N, 1);
	set_desc(&self->r, 1, BUF, 16, 0, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "with NEXT");
}

TEST_F(ring, indirect_bad_length)
{
	set_desc(&self->r, 0, TABLE, 24, I, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "indirect table length");
}

TEST_F(ring, indirect_empty)
{
	set_desc(&self->r, 0, TABLE, 0, I, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "indirect table length");
}

TEST_F(ring, indirect_loop)
{
	put_desc(self->g.mem, TABLE, 0, BUF, 16, N, 1);
	put_desc(self->g.mem, TABLE, 1, BUF, 16, N, 0);
	set_desc(&self->r, 0, TABLE, 32, I, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "loops");
}

TEST_F(ring, indirect_next_past_table)
{
	/* Index 2 exists in the queue, not in a 2-entry table */
	put_desc(self->g.mem, TABLE, 0, BUF, 16, N, 2);
	set_desc(&self->r, 0, TABLE, 32, I, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "index out of range");
}

TEST_F(ring, indirect_table_outside_ram)
{
	set_desc(&self->r, 0, FAKE_MEM_SIZE - 16, 32, I, 0);
	make_avail(&self->r, 0);
	assert_broken(_metadata, &self->vq, "outside guest RAM");
}

TEST_F(ring, reset_repairs)
{
	make_avail(&self->r, NUM);
	ASSERT_EQ(-EIO, vq_pop(&self->vq, &chain));
	ring_init(&self->r, self->g.mem, NUM, DESC, AVAIL, USED);
	ASSERT_EQ(0, enable(&self->vq, &self->g, true, true));
	set_desc(&self->r, 0, BUF, 1, 0, 0);
	make_avail(&self->r, 0);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
}

TEST_F(ring, used_ring)
{
	int i;

	for (i = 0; i < NUM + 3; i++) {
		set_desc(&self->r, i % NUM, BUF, 1, 0, 0);
		make_avail(&self->r, i % NUM);
		ASSERT_EQ(1, vq_pop(&self->vq, &chain));
		vq_push(&self->vq, chain.head, 100 + i);
		ASSERT_EQ(i + 1, used_idx(&self->r));
		ASSERT_EQ(i % NUM, used_id(&self->r, i));
		ASSERT_EQ(100 + i, used_len(&self->r, i));
	}
}

TEST(enable_checks)
{
	struct fake_guest g;
	struct virtqueue vq;

	fake_guest_init(&g);
	vq_reset(&vq);
	vq.num = 6;
	ASSERT_EQ(-EINVAL, vq_enable(&vq, &g.gm, false, false));
	ASSERT_FALSE(vq.ready);
	vq.num = 0;
	ASSERT_EQ(-EINVAL, vq_enable(&vq, &g.gm, false, false));
	vq.num = 256;
	vq.desc_gpa = DESC;
	vq.avail_gpa = AVAIL;
	/* 6 + 8 * 256 bytes: 4-aligned, 2 bytes past the end, then in */
	vq.used_gpa = FAKE_MEM_SIZE - VIRTQ_USED_SIZE(256) + 2;
	ASSERT_EQ(-EINVAL, vq_enable(&vq, &g.gm, false, false));
	vq.used_gpa = FAKE_MEM_SIZE - VIRTQ_USED_SIZE(256) - 2;
	ASSERT_EQ(0, vq_enable(&vq, &g.gm, false, false));
	ASSERT_TRUE(vq.ready);
	vq.desc_gpa = DESC + 8;		/* 16-byte alignment */
	ASSERT_EQ(-EINVAL, vq_enable(&vq, &g.gm, false, false));
	vq.desc_gpa = DESC;
	vq.avail_gpa = AVAIL + 1;	/* 2-byte alignment */
	ASSERT_EQ(-EINVAL, vq_enable(&vq, &g.gm, false, false));
	vq.avail_gpa = AVAIL;
	vq.used_gpa = USED + 2;		/* 4-byte alignment */
	ASSERT_EQ(-EINVAL, vq_enable(&vq, &g.gm, false, false));
	vq.used_gpa = ~0ULL - 3;
	ASSERT_EQ(-EINVAL, vq_enable(&vq, &g.gm, false, false));
	free(g.mem);
}

/* Pop and push one chain; then ask whether to interrupt */
static bool round_trip(struct fake_ring *r, struct virtqueue *vq)
{
	set_desc(r, 0, BUF, 1, 0, 0);
	make_avail(r, 0);
	if (vq_pop(vq, &chain) != 1)
		return false;
	vq_push(vq, chain.head, 0);
	return vq_should_interrupt(vq);
}

TEST_F(ring, event_idx_interrupts)
{
	/* used_event 0: interrupt when the used index passes 0 */
	set_used_event(&self->r, 0);
	ASSERT_TRUE(round_trip(&self->r, &self->vq));
	/* Still 0: used idx went 1 -> 2, not past 0 */
	ASSERT_FALSE(round_trip(&self->r, &self->vq));
	set_used_event(&self->r, 5);
	ASSERT_FALSE(round_trip(&self->r, &self->vq));	/* 3 */
	ASSERT_FALSE(round_trip(&self->r, &self->vq));	/* 4 */
	ASSERT_FALSE(round_trip(&self->r, &self->vq));	/* 5 */
	ASSERT_TRUE(round_trip(&self->r, &self->vq));	/* 6 passes 5 */
	ASSERT_FALSE(vq_should_interrupt(&self->vq));	/* nothing new */
}

TEST_F(ring, event_idx_batch)
{
	int i;

	/* Several pushes, one check: interrupt if any passed the event */
	set_used_event(&self->r, 2);
	for (i = 0; i < 4; i++) {
		set_desc(&self->r, i, BUF, 1, 0, 0);
		make_avail(&self->r, i);
		ASSERT_EQ(1, vq_pop(&self->vq, &chain));
		vq_push(&self->vq, chain.head, 0);
	}
	ASSERT_TRUE(vq_should_interrupt(&self->vq));
	/* The event was passed in an earlier batch: no more */
	ASSERT_FALSE(round_trip(&self->r, &self->vq));
}

TEST_F(ring, event_idx_wraps)
{
	int i;

	/* Both sides far along, across the 16-bit wrap */
	self->vq.last_avail = 0xfffe;
	self->vq.used_idx = 0xfffe;
	self->vq.signalled_used = 0xfffe;
	set_avail_idx(&self->r, 0xfffe);
	set_used_event(&self->r, 0xffff);
	ASSERT_FALSE(round_trip(&self->r, &self->vq));	/* -> 0xffff */
	ASSERT_TRUE(round_trip(&self->r, &self->vq));	/* -> 0 */
	set_used_event(&self->r, 1);
	ASSERT_FALSE(round_trip(&self->r, &self->vq));	/* -> 1 */
	ASSERT_TRUE(round_trip(&self->r, &self->vq));	/* -> 2 */
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, used_id(&self->r, i));
}

TEST(need_event)
{
	ASSERT_TRUE(vq_need_event(0, 1, 0));
	ASSERT_FALSE(vq_need_event(1, 1, 0));
	ASSERT_TRUE(vq_need_event(1, 2, 0));
	ASSERT_TRUE(vq_need_event(5, 9, 3));
	ASSERT_FALSE(vq_need_event(9, 9, 3));
	ASSERT_FALSE(vq_need_event(2, 9, 3));
	ASSERT_TRUE(vq_need_event(0xffff, 1, 0xfff0));
	ASSERT_FALSE(vq_need_event(3, 3, 3));
}

TEST_F(ring, no_interrupt_flag)
{
	ASSERT_EQ(0, enable(&self->vq, &self->g, false, false));
	ASSERT_TRUE(round_trip(&self->r, &self->vq));
	set_avail_flags(&self->r, VIRTQ_AVAIL_F_NO_INTERRUPT);
	ASSERT_FALSE(round_trip(&self->r, &self->vq));
	set_avail_flags(&self->r, 0);
	ASSERT_TRUE(round_trip(&self->r, &self->vq));
	/* used_event means nothing without EVENT_IDX */
	set_used_event(&self->r, 100);
	ASSERT_TRUE(round_trip(&self->r, &self->vq));
}

TEST_F(ring, rearm)
{
	set_desc(&self->r, 0, BUF, 1, 0, 0);
	make_avail(&self->r, 0);
	make_avail(&self->r, 0);
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	/* One more is there: rearming says so, and asks for a kick after it */
	ASSERT_TRUE(vq_rearm(&self->vq));
	ASSERT_EQ(1, avail_event(&self->r));
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_FALSE(vq_rearm(&self->vq));
	ASSERT_EQ(2, avail_event(&self->r));
}

TEST_F(ring, rearm_without_event_idx)
{
	ASSERT_EQ(0, enable(&self->vq, &self->g, false, false));
	set_desc(&self->r, 0, BUF, 1, 0, 0);
	make_avail(&self->r, 0);
	ASSERT_TRUE(vq_rearm(&self->vq));
	ASSERT_EQ(0, avail_event(&self->r));
	ASSERT_EQ(1, vq_pop(&self->vq, &chain));
	ASSERT_FALSE(vq_rearm(&self->vq));
	ASSERT_EQ(0, avail_event(&self->r));
}

TEST(iov_copy)
{
	uint8_t a[3], b[5], out[8];
	struct vq_iov iov[2] = { { a, 3 }, { b, 5 } };

	ASSERT_EQ(6, vq_iov_write(iov, 2, 1, "abcdef", 6));
	ASSERT_EQ(0, memcmp(a + 1, "ab", 2));
	ASSERT_EQ(0, memcmp(b, "cdef", 4));
	ASSERT_EQ(3, vq_iov_read(iov, 2, 4, out, 3));
	ASSERT_EQ(0, memcmp(out, "def", 3));
	ASSERT_EQ(2, vq_iov_read(iov, 2, 6, out, 8));
	ASSERT_EQ('f', out[0]);
	ASSERT_EQ(0, vq_iov_read(iov, 2, 8, out, 1));
}

TEST_HARNESS_MAIN
