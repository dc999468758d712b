// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio block device (userspace/vmm/virtio/virtio_blk.c) through its
 * MMIO registers on a VM's bus, as a driver sees it, against an image in
 * a temporary file: reads, writes, flushes, GET_ID, read-only disks,
 * requests out of range or malformed, and both ways a kick can come (an
 * ioeventfd through the event loop, or an MMIO write). The VM functions
 * the device calls are stubbed here.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "virtio_blk.h"
#include "evloop.h"
#include "irqchip.h"
#include "virtio_fake_driver.h"
#include "virtio_mmio.h"
#include "kselftest_harness.h"

#define BASE		0xd0000000ULL
#define IRQ		5
#define SECTORS		64
#define IMG_SIZE	(SECTORS * 512)

#define NUM	16
#define DESC	0x1000
#define AVAIL	0x2000
#define USED	0x3000
#define TABLE	0x4000
#define HDR	0x20000
#define STATUS	0x2f000
#define DATA	0x30000

#define N	VIRTQ_DESC_F_NEXT
#define W	VIRTQ_DESC_F_WRITE

/* Stubs of the VM, recording what the device did */
static struct {
	bool level;
	unsigned int irq;
	int ioeventfd_result;
	int assigned, deassigned;
	uint64_t ioeventfd_addr;
	uint32_t ioeventfd_len, ioeventfd_flags;
	int efd;
	evloop_fn fn;
	void *opaque;
} stub;

void *vm_guest_ptr(struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa > vm->ram_size || len > vm->ram_size - gpa)
		return NULL;
	return vm->ram + gpa;
}

void irq_set_level(struct vm *vm, unsigned int irq, bool level)
{
	(void)vm;
	stub.irq = irq;
	stub.level = level;
}

int evloop_add(struct vm *vm, int fd, evloop_fn fn, void *opaque)
{
	(void)vm;
	stub.efd = fd;
	stub.fn = fn;
	stub.opaque = opaque;
	return 0;
}

void evloop_remove(struct vm *vm, int fd)
{
	(void)vm;
	(void)fd;
}

int vm_add_cleanup(struct vm *vm, void (*fn)(void *opaque), void *opaque)
{
	if (vm->nr_cleanups == VM_MAX_CLEANUPS)
		return -ENOSPC;
	vm->cleanups[vm->nr_cleanups].fn = fn;
	vm->cleanups[vm->nr_cleanups++].opaque = opaque;
	return 0;
}

int vm_ioeventfd(struct vm *vm, int fd, uint64_t addr, uint32_t len,
		 uint32_t flags)
{
	(void)vm;
	(void)fd;
	if (flags & HVX_IOEVENTFD_DEASSIGN) {
		stub.deassigned++;
		return 0;
	}
	stub.ioeventfd_addr = addr;
	stub.ioeventfd_len = len;
	stub.ioeventfd_flags = flags;
	if (!stub.ioeventfd_result)
		stub.assigned++;
	return stub.ioeventfd_result;
}

FIXTURE(blk) {
	struct vm vm;
	char path[32];
	int fd;
	uint8_t img[IMG_SIZE];
	struct fake_ring r;
};

static uint32_t rd(struct vm *vm, uint64_t off)
{
	return bus_read(&vm->mmio, BASE + off, 4);
}

static void wr(struct vm *vm, uint64_t off, uint32_t v)
{
	bus_write(&vm->mmio, BASE + off, 4, v);
}

static uint64_t device_features(struct vm *vm)
{
	uint64_t lo, hi;

	wr(vm, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	lo = rd(vm, VIRTIO_MMIO_DEVICE_FEATURES);
	wr(vm, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	hi = rd(vm, VIRTIO_MMIO_DEVICE_FEATURES);
	return hi << 32 | lo;
}

/* What a driver does: everything offered accepted, one queue, DRIVER_OK */
static void bring_up(struct vm *vm, struct fake_ring *r)
{
	uint64_t f = device_features(vm);

	wr(vm, VIRTIO_MMIO_STATUS, 0);
	wr(vm, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(vm, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE |
				   VIRTIO_STATUS_DRIVER);
	wr(vm, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(vm, VIRTIO_MMIO_DRIVER_FEATURES, f);
	wr(vm, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(vm, VIRTIO_MMIO_DRIVER_FEATURES, f >> 32);
	wr(vm, VIRTIO_MMIO_STATUS, 3 | VIRTIO_STATUS_FEATURES_OK);
	ring_init(r, vm->ram, NUM, DESC, AVAIL, USED);
	wr(vm, VIRTIO_MMIO_QUEUE_SEL, 0);
	wr(vm, VIRTIO_MMIO_QUEUE_NUM, NUM);
	wr(vm, VIRTIO_MMIO_QUEUE_DESC_LOW, DESC);
	wr(vm, VIRTIO_MMIO_QUEUE_DRIVER_LOW, AVAIL);
	wr(vm, VIRTIO_MMIO_QUEUE_DEVICE_LOW, USED);
	wr(vm, VIRTIO_MMIO_QUEUE_READY, 1);
	wr(vm, VIRTIO_MMIO_STATUS, 3 | VIRTIO_STATUS_FEATURES_OK |
				   VIRTIO_STATUS_DRIVER_OK);
}

static void write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		abort();
	close(fd);
}

static void read_file(const char *path, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0 || read(fd, buf, len) != (ssize_t)len)
		abort();
	close(fd);
}

static int add(struct vm *vm, const char *path, bool ro)
{
	char spec[64];

	snprintf(spec, sizeof(spec), "%s%s", path, ro ? ",ro" : "");
	return virtio_blk_add(vm, spec, BASE, IRQ);
}

FIXTURE_SETUP(blk)
{
	unsigned int i;
	int fd;

	memset(&stub, 0, sizeof(stub));
	stub.ioeventfd_result = -ENOTTY;
	stub.efd = -1;
	memset(&self->vm, 0, sizeof(self->vm));
	self->vm.ram_size = FAKE_MEM_SIZE;
	self->vm.ram = aligned_alloc(4096, FAKE_MEM_SIZE);
	memset(self->vm.ram, 0, FAKE_MEM_SIZE);
	bus_init(&self->vm.mmio, "MMIO", false);

	/* The image: every byte says where it is */
	for (i = 0; i < IMG_SIZE; i++)
		self->img[i] = i / 512 * 3 + i % 251;
	strcpy(self->path, "vblk-test-XXXXXX");
	fd = mkstemp(self->path);
	ASSERT_LE(0, fd);
	close(fd);
	write_file(self->path, self->img, IMG_SIZE);
}

static void run_cleanups(struct vm *vm)
{
	while (vm->nr_cleanups) {
		struct vm_cleanup *c = &vm->cleanups[--vm->nr_cleanups];

		c->fn(c->opaque);
	}
}

FIXTURE_TEARDOWN(blk)
{
	run_cleanups(&self->vm);
	unlink(self->path);
	free(self->vm.ram);
}

/*
 * A request as Linux lays it out: header, data (if any), status, one
 * descriptor each. Returns the head; the caller makes it available.
 */
static uint16_t lay_out(struct vm *vm, struct fake_ring *r, uint32_t type,
			uint64_t sector, uint32_t data_len, bool data_writable)
{
	uint8_t *hdr = vm->ram + HDR;

	memcpy(hdr, &type, 4);
	memset(hdr + 4, 0, 4);
	memcpy(hdr + 8, &sector, 8);
	vm->ram[STATUS] = 0xff;
	if (data_len) {
		set_desc(r, 0, HDR, 16, N, 1);
		set_desc(r, 1, DATA, data_len, N | (data_writable ? W : 0), 2);
	} else {
		set_desc(r, 0, HDR, 16, N, 2);
	}
	set_desc(r, 2, STATUS, 1, W, 0);
	return 0;
}

/* Submit it and kick through the QueueNotify register */
static void submit(struct vm *vm, struct fake_ring *r, uint32_t type,
		   uint64_t sector, uint32_t data_len, bool data_writable)
{
	make_avail(r, lay_out(vm, r, type, sector, data_len, data_writable));
	wr(vm, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

/* The last request's status and used length */
#define ASSERT_DONE(status, len) do {					\
	ASSERT_EQ(status, self->vm.ram[STATUS]);			\
	ASSERT_EQ(len, used_len(&self->r, used_idx(&self->r) - 1));	\
} while (0)

TEST_F(blk, bad_specs)
{
	struct vm *vm = &self->vm;
	char odd[40];
	int fd;

	ASSERT_EQ(-EINVAL, virtio_blk_add(vm, "", BASE, IRQ));
	ASSERT_EQ(-EINVAL, virtio_blk_add(vm, ",ro", BASE, IRQ));
	snprintf(odd, sizeof(odd), "%s,rw", self->path);
	ASSERT_EQ(-EINVAL, virtio_blk_add(vm, odd, BASE, IRQ));
	snprintf(odd, sizeof(odd), "%s,ro,ro", self->path);
	ASSERT_EQ(-EINVAL, virtio_blk_add(vm, odd, BASE, IRQ));
	snprintf(odd, sizeof(odd), "%s,", self->path);
	ASSERT_EQ(-EINVAL, virtio_blk_add(vm, odd, BASE, IRQ));
	ASSERT_EQ(-ENOENT, virtio_blk_add(vm, "vblk-test-none", BASE, IRQ));
	ASSERT_EQ(-EINVAL, virtio_blk_add(vm, ".,ro", BASE, IRQ));
	/* Not whole sectors */
	strcpy(odd, "vblk-odd-XXXXXX");
	fd = mkstemp(odd);
	ASSERT_LE(0, fd);
	ASSERT_EQ(513, write(fd, self->img, 513));
	close(fd);
	ASSERT_EQ(-EINVAL, virtio_blk_add(vm, odd, BASE, IRQ));
	unlink(odd);
	/* Nothing left behind */
	ASSERT_EQ(0, vm->mmio.nr_ranges);
	ASSERT_EQ(0, vm->nr_cleanups);
	/* A second disk where the first is: refused */
	ASSERT_EQ(0, add(vm, self->path, false));
	ASSERT_EQ(-EEXIST, add(vm, self->path, true));
}

TEST_F(blk, registers_and_config)
{
	struct vm *vm = &self->vm;
	uint64_t f;

	ASSERT_EQ(0, add(vm, self->path, false));
	ASSERT_EQ(1, vm->mmio.nr_ranges);
	ASSERT_EQ(0x200, vm->mmio.ranges[0].len);
	ASSERT_EQ(0x74726976, rd(vm, VIRTIO_MMIO_MAGIC_VALUE));
	ASSERT_EQ(2, rd(vm, VIRTIO_MMIO_VERSION_REG));
	ASSERT_EQ(2, rd(vm, VIRTIO_MMIO_DEVICE_ID));
	wr(vm, VIRTIO_MMIO_QUEUE_SEL, 0);
	ASSERT_EQ(256, rd(vm, VIRTIO_MMIO_QUEUE_NUM_MAX));
	wr(vm, VIRTIO_MMIO_QUEUE_SEL, 1);
	ASSERT_EQ(0, rd(vm, VIRTIO_MMIO_QUEUE_NUM_MAX));
	f = device_features(vm);
	ASSERT_EQ((1ULL << 32) | (1ULL << 29) | (1ULL << 28) | (1ULL << 9) |
		  (1ULL << 6) | (1ULL << 2), f);
	/* capacity, as Linux reads it (two halves) and whole */
	ASSERT_EQ(SECTORS, rd(vm, 0x100));
	ASSERT_EQ(0, rd(vm, 0x104));
	ASSERT_EQ(SECTORS, bus_read(&vm->mmio, BASE + 0x100, 8));
	ASSERT_EQ(254, rd(vm, 0x100 + 12));	/* seg_max */
	ASSERT_EQ(512, rd(vm, 0x100 + 20));	/* blk_size */
	ASSERT_EQ(0, bus_read(&vm->mmio, BASE + 0x100 + 24, 1));
	/* Config writes: nothing is writable */
	bus_write(&vm->mmio, BASE + 0x100, 4, 1);
	ASSERT_EQ(SECTORS, rd(vm, 0x100));
}

TEST_F(blk, read_only_feature)
{
	ASSERT_EQ(0, add(&self->vm, self->path, true));
	ASSERT_TRUE(device_features(&self->vm) & (1ULL << 5));
}

TEST_F(blk, read)
{
	struct vm *vm = &self->vm;

	ASSERT_EQ(0, add(vm, self->path, false));
	bring_up(vm, &self->r);
	submit(vm, &self->r, 0, 3, 1024, true);
	ASSERT_EQ(1, used_idx(&self->r));
	ASSERT_EQ(0, used_id(&self->r, 0));
	ASSERT_DONE(0, 1025);
	ASSERT_EQ(0, memcmp(vm->ram + DATA, self->img + 3 * 512, 1024));
	/* The interrupt: line up until acknowledged */
	ASSERT_EQ(IRQ, stub.irq);
	ASSERT_TRUE(stub.level);
	ASSERT_EQ(1, rd(vm, VIRTIO_MMIO_INTERRUPT_STATUS));
	wr(vm, VIRTIO_MMIO_INTERRUPT_ACK, 1);
	ASSERT_FALSE(stub.level);
	/* The last sector */
	submit(vm, &self->r, 0, SECTORS - 1, 512, true);
	ASSERT_DONE(0, 513);
	ASSERT_EQ(0, memcmp(vm->ram + DATA, self->img + IMG_SIZE - 512, 512));
}

TEST_F(blk, any_framing)
{
	struct vm *vm = &self->vm;
	uint32_t type = 0;
	uint64_t sector = 7;

	ASSERT_EQ(0, add(vm, self->path, false));
	bring_up(vm, &self->r);
	/* Header in two pieces; data and status in one buffer */
	memcpy(vm->ram + HDR, &type, 4);
	memset(vm->ram + HDR + 4, 0, 4);
	memcpy(vm->ram + HDR + 0x100, &sector, 8);
	vm->ram[DATA + 512] = 0xff;
	set_desc(&self->r, 5, HDR, 8, N, 9);
	set_desc(&self->r, 9, HDR + 0x100, 8, N, 3);
	set_desc(&self->r, 3, DATA, 513, W, 0);
	make_avail(&self->r, 5);
	wr(vm, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_EQ(5, used_id(&self->r, 0));
	ASSERT_EQ(513, used_len(&self->r, 0));
	ASSERT_EQ(0, vm->ram[DATA + 512]);
	ASSERT_EQ(0, memcmp(vm->ram + DATA, self->img + 7 * 512, 512));
}

TEST_F(blk, indirect)
{
	struct vm *vm = &self->vm;
	uint8_t *m = vm->ram;

	ASSERT_EQ(0, add(vm, self->path, false));
	bring_up(vm, &self->r);
	lay_out(vm, &self->r, 0, 10, 1024, true);
	put_desc(m, TABLE, 0, HDR, 16, N, 1);
	put_desc(m, TABLE, 1, DATA, 512, N | W, 2);
	put_desc(m, TABLE, 2, DATA + 512, 512, N | W, 3);
	put_desc(m, TABLE, 3, STATUS, 1, W, 0);
	set_desc(&self->r, 4, TABLE, 4 * 16, VIRTQ_DESC_F_INDIRECT, 0);
	make_avail(&self->r, 4);
	wr(vm, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_EQ(4, used_id(&self->r, 0));
	ASSERT_DONE(0, 1025);
	ASSERT_EQ(0, memcmp(m + DATA, self->img + 10 * 512, 1024));
}

TEST_F(blk, write)
{
	struct vm *vm = &self->vm;
	uint8_t now[IMG_SIZE];

	ASSERT_EQ(0, add(vm, self->path, false));
	bring_up(vm, &self->r);
	memset(vm->ram + DATA, 0x5a, 1024);
	submit(vm, &self->r, 1, 5, 1024, false);
	ASSERT_DONE(0, 1);
	/* Exactly those bytes changed */
	memset(self->img + 5 * 512, 0x5a, 1024);
	read_file(self->path, now, IMG_SIZE);
	ASSERT_EQ(0, memcmp(now, self->img, IMG_SIZE));
	/* And read back */
	memset(vm->ram + DATA, 0, 1024);
	submit(vm, &self->r, 0, 5, 1024, true);
	ASSERT_DONE(0, 1025);
	ASSERT_EQ(0, memcmp(vm->ram + DATA, self->img + 5 * 512, 1024));
}

TEST_F(blk, flush_get_id_unsupported)
{
	struct vm *vm = &self->vm;
	char id[20] = { 0 };

	ASSERT_EQ(0, add(vm, self->path, false));
	bring_up(vm, &self->r);
	submit(vm, &self->r, 4, 0, 0, false);
	ASSERT_DONE(0, 1);
	memset(vm->ram + DATA, 0xee, 32);
	submit(vm, &self->r, 8, 0, 20, true);
	ASSERT_DONE(0, 21);
	memcpy(id, self->path, strlen(self->path));
	ASSERT_EQ(0, memcmp(vm->ram + DATA, id, 20));
	/* GET_ID into a buffer too small */
	submit(vm, &self->r, 8, 0, 19, true);
	ASSERT_DONE(1, 1);
	/* Discard, write zeroes, anything else: unsupported */
	submit(vm, &self->r, 11, 0, 16, false);
	ASSERT_DONE(2, 1);
	submit(vm, &self->r, 13, 0, 16, false);
	ASSERT_DONE(2, 1);
	submit(vm, &self->r, 0x1234, 0, 0, false);
	ASSERT_DONE(2, 1);
	ASSERT_EQ(6, used_idx(&self->r));
}

TEST_F(blk, read_only_disk)
{
	struct vm *vm = &self->vm;
	uint8_t now[IMG_SIZE];

	ASSERT_EQ(0, add(vm, self->path, true));
	bring_up(vm, &self->r);
	memset(vm->ram + DATA, 0x5a, 512);
	submit(vm, &self->r, 1, 0, 512, false);
	ASSERT_DONE(1, 1);
	read_file(self->path, now, IMG_SIZE);
	ASSERT_EQ(0, memcmp(now, self->img, IMG_SIZE));
	submit(vm, &self->r, 0, 2, 512, true);
	ASSERT_DONE(0, 513);
	ASSERT_EQ(0, memcmp(vm->ram + DATA, self->img + 1024, 512));
	submit(vm, &self->r, 4, 0, 0, false);
	ASSERT_DONE(0, 1);
}

TEST_F(blk, out_of_range)
{
	struct vm *vm = &self->vm;
	uint8_t now[IMG_SIZE];

	ASSERT_EQ(0, add(vm, self->path, false));
	bring_up(vm, &self->r);
	memset(vm->ram + DATA, 0xaa, 1024);
	submit(vm, &self->r, 0, SECTORS, 512, true);
	ASSERT_DONE(1, 1);
	submit(vm, &self->r, 0, SECTORS - 1, 1024, true);
	ASSERT_DONE(1, 1);
	submit(vm, &self->r, 0, 1ULL << 61, 512, true);
	ASSERT_DONE(1, 1);
	submit(vm, &self->r, 0, ~0ULL, 512, true);
	ASSERT_DONE(1, 1);
	/* The guest's buffer untouched */
	ASSERT_EQ(0xaa, vm->ram[DATA]);
	ASSERT_EQ(0xaa, vm->ram[DATA + 1023]);
	submit(vm, &self->r, 1, SECTORS - 1, 1024, false);
	ASSERT_DONE(1, 1);
	submit(vm, &self->r, 1, 1ULL << 55, 512, false);
	ASSERT_DONE(1, 1);
	read_file(self->path, now, IMG_SIZE);
	ASSERT_EQ(0, memcmp(now, self->img, IMG_SIZE));
}

TEST_F(blk, malformed)
{
	struct vm *vm = &self->vm;
	uint8_t now[IMG_SIZE];

	ASSERT_EQ(0, add(vm, self->path, false));
	bring_up(vm, &self->r);
	/* Not whole sectors */
	submit(vm, &self->r, 0, 0, 100, true);
	ASSERT_DONE(1, 1);
	submit(vm, &self->r, 1, 0, 100, false);
	ASSERT_DONE(1, 1);
	/* A header too short */
	lay_out(vm, &self->r, 0, 0, 512, true);
	set_desc(&self->r, 0, HDR, 8, N, 1);
	make_avail(&self->r, 0);
	wr(vm, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_DONE(1, 1);
	read_file(self->path, now, IMG_SIZE);
	ASSERT_EQ(0, memcmp(now, self->img, IMG_SIZE));
	ASSERT_FALSE(rd(vm, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	/* No byte for the status: the device gives up */
	set_desc(&self->r, 0, HDR, 16, N, 1);
	set_desc(&self->r, 1, DATA, 512, 0, 0);
	make_avail(&self->r, 0);
	wr(vm, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_TRUE(rd(vm, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	ASSERT_TRUE(rd(vm, VIRTIO_MMIO_INTERRUPT_STATUS) &
		    VIRTIO_MMIO_INT_CONFIG);
	ASSERT_TRUE(stub.level);
	/* Until reset */
	bring_up(vm, &self->r);
	ASSERT_FALSE(rd(vm, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	ASSERT_FALSE(stub.level);
	submit(vm, &self->r, 0, 0, 512, true);
	ASSERT_DONE(0, 513);
}

TEST_F(blk, broken_ring)
{
	struct vm *vm = &self->vm;

	ASSERT_EQ(0, add(vm, self->path, false));
	bring_up(vm, &self->r);
	set_desc(&self->r, 0, HDR, 16, N, 0);
	make_avail(&self->r, 0);
	wr(vm, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	ASSERT_TRUE(rd(vm, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	ASSERT_EQ(0, used_idx(&self->r));
}

TEST_F(blk, ioeventfd)
{
	struct vm *vm = &self->vm;
	uint64_t one = 1;

	stub.ioeventfd_result = 0;
	ASSERT_EQ(0, add(vm, self->path, false));
	ASSERT_EQ(1, stub.assigned);
	ASSERT_EQ(BASE + 0x50, stub.ioeventfd_addr);
	ASSERT_EQ(4, stub.ioeventfd_len);
	ASSERT_EQ(0, stub.ioeventfd_flags);
	ASSERT_NE(NULL, stub.fn);
	ASSERT_LE(0, stub.efd);
	bring_up(vm, &self->r);
	/* The guest's write signals the eventfd; the loop calls us */
	make_avail(&self->r, lay_out(vm, &self->r, 0, 1, 512, true));
	ASSERT_EQ(8, write(stub.efd, &one, 8));
	stub.fn(vm, stub.efd, stub.opaque);
	ASSERT_DONE(0, 513);
	ASSERT_EQ(0, memcmp(vm->ram + DATA, self->img + 512, 512));
	ASSERT_TRUE(stub.level);
	/* Drained: a spurious wake-up finds nothing */
	ASSERT_EQ(-1, read(stub.efd, &one, 8));
	stub.fn(vm, stub.efd, stub.opaque);
	ASSERT_EQ(1, used_idx(&self->r));
	run_cleanups(vm);
	ASSERT_EQ(1, stub.deassigned);
	ASSERT_EQ(-1, fcntl(stub.efd, F_GETFD));
}

TEST_F(blk, no_ioeventfd)
{
	struct vm *vm = &self->vm;

	ASSERT_EQ(0, add(vm, self->path, false));
	ASSERT_EQ(0, stub.assigned);
	ASSERT_EQ(NULL, stub.fn);
	bring_up(vm, &self->r);
	submit(vm, &self->r, 0, 2, 512, true);
	ASSERT_DONE(0, 513);
	run_cleanups(vm);
	ASSERT_EQ(0, stub.deassigned);
}

TEST_F(blk, many_requests)
{
	struct vm *vm = &self->vm;
	int i;

	ASSERT_EQ(0, add(vm, self->path, false));
	bring_up(vm, &self->r);
	/* More than the queue size, the indices wrapping the ring */
	for (i = 0; i < 3 * NUM + 1; i++) {
		submit(vm, &self->r, 0, i % SECTORS, 512, true);
		ASSERT_DONE(0, 513);
		ASSERT_EQ(0, memcmp(vm->ram + DATA,
				    self->img + (i % SECTORS) * 512, 512));
	}
	ASSERT_EQ(3 * NUM + 1, used_idx(&self->r));
	ASSERT_EQ(3 * NUM + 1, avail_event(&self->r));
}

TEST_HARNESS_MAIN
