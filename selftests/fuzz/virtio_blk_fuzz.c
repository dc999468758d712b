// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the virtio-blk device (virtio_blk.c) behind
 * its virtio-mmio transport and split virtqueue, as a guest driver sees
 * it: the input (device_fuzz.h) is a flags byte and a sequence of
 * register accesses of any width, writes to guest memory, a driver's
 * initialization, descriptors and available entries, notifications and
 * well-formed requests. Guest memory is a 64 KiB heap block reached only
 * through a bounds-checked vm_guest_ptr(), so AddressSanitizer sees any
 * access outside it.
 *
 * Two disks are set up once, a writable one and a read-only one, each
 * over a temporary file whose descriptor is then swapped for a memfd of
 * the same size (no flush reaches a real disk); every input resets the
 * device and restores the images. Beyond "no crash", it checks that:
 *   - the images never change size, and the read-only one never changes;
 *   - the interrupt line is high exactly while InterruptStatus is not 0;
 *   - no MMIO read returns bits beyond its size.
 * The work per input is bounded: at most MAX_KICKS notifications, each
 * serving at most a queue's worth of chains of bounded length.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "virtio_blk.h"
#include "evloop.h"
#include "irqchip.h"
#include "virtio_mmio.h"
#include "device_fuzz.h"

#define CHECK(cond)	do { if (!(cond)) abort(); } while (0)

#define BASE_RW		0xd0000000ULL
#define BASE_RO		0xd0001000ULL
#define IRQ_RW		5
#define IRQ_RO		6
#define MAX_KICKS	64

#define T_IN		0
#define T_OUT		1

static const unsigned int img_sectors[2] = { 16, 4 };

static struct {
	struct vm vm;
	uint8_t *img[2];	/* what each image holds at the start */
	int fd[2];		/* the devices' image descriptors */
	bool level[2];		/* the interrupt lines */
	/* The driver's view of queue 0, as VB_INIT set it up */
	uint64_t base;
	uint16_t num, desc, avail, used, avail_idx;
	unsigned int kicks;
} f;

/* The VM functions the device calls */
void *vm_guest_ptr(struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa > vm->ram_size || len > vm->ram_size - gpa)
		return NULL;
	return vm->ram + gpa;
}

void irq_set_level(struct vm *vm, unsigned int irq, bool level)
{
	(void)vm;
	CHECK(irq == IRQ_RW || irq == IRQ_RO);
	f.level[irq == IRQ_RO] = level;
}

int evloop_add(struct vm *vm, int fd, evloop_fn fn, void *opaque)
{
	(void)vm;
	(void)fd;
	(void)fn;
	(void)opaque;
	abort();		/* there is no ioeventfd */
}

void evloop_remove(struct vm *vm, int fd)
{
	(void)vm;
	(void)fd;
}

int vm_add_cleanup(struct vm *vm, void (*fn)(void *opaque), void *opaque)
{
	(void)vm;
	(void)fn;
	(void)opaque;
	return 0;		/* the devices live as long as the process */
}

int vm_ioeventfd(struct vm *vm, int fd, uint64_t addr, uint32_t len,
		 uint32_t flags)
{
	(void)vm;
	(void)fd;
	(void)addr;
	(void)len;
	(void)flags;
	return -ENOTTY;
}

/*
 * A disk of @sectors over a temporary file, then over a memfd in the
 * same descriptor: the device opens the file at the lowest free
 * descriptor, which is found first and checked after.
 */
static void add_disk(unsigned int i, uint64_t base, unsigned int irq,
		     bool ro)
{
	size_t len = img_sectors[i] * 512ULL;
	char path[] = "vblk-fuzz-XXXXXX", spec[32];
	struct stat file, dev;
	int tmp, probe, mfd;
	size_t j;

	f.img[i] = malloc(len);
	CHECK(f.img[i]);
	for (j = 0; j < len; j++)
		f.img[i][j] = j / 512 * 7 + j % 253;
	tmp = mkstemp(path);
	CHECK(tmp >= 0);
	CHECK(write(tmp, f.img[i], len) == (ssize_t)len && !fstat(tmp, &file));
	probe = open(path, O_RDONLY);
	CHECK(probe >= 0 && !close(probe));
	snprintf(spec, sizeof(spec), "%s%s", path, ro ? ",ro" : "");
	CHECK(!virtio_blk_add(&f.vm, spec, base, irq));
	CHECK(!fstat(probe, &dev) && dev.st_ino == file.st_ino &&
	      dev.st_dev == file.st_dev);
	unlink(path);
	close(tmp);

	mfd = memfd_create("vblk-fuzz", MFD_CLOEXEC);
	CHECK(mfd >= 0 && !ftruncate(mfd, len));
	CHECK(dup2(mfd, probe) == probe && !close(mfd));
	f.fd[i] = probe;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	f.vm.ram_size = VB_MEM_SIZE;
	f.vm.ram = aligned_alloc(4096, VB_MEM_SIZE);
	CHECK(f.vm.ram);
	bus_init(&f.vm.mmio, "MMIO", false);
	add_disk(0, BASE_RW, IRQ_RW, false);
	add_disk(1, BASE_RO, IRQ_RO, true);
	return 0;
}

static uint64_t mmio_read(uint64_t off, unsigned int size)
{
	uint64_t v = bus_read(&f.vm.mmio, f.base + off, size);

	CHECK(size == 8 || !(v >> (8 * size)));
	return v;
}

static void mmio_write(uint64_t off, unsigned int size, uint64_t v)
{
	if (off == VIRTIO_MMIO_QUEUE_NOTIFY) {
		/* Bounded work: the rest of the kicks are dropped. */
		if (f.kicks >= MAX_KICKS)
			return;
		f.kicks++;
	}
	bus_write(&f.vm.mmio, f.base + off, size, v);
}

static void put_le(uint64_t gpa, unsigned int bytes, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		if (gpa + i < VB_MEM_SIZE)
			f.vm.ram[gpa + i] = v >> (8 * i);
}

static void put_desc(uint64_t table, uint16_t idx, uint64_t addr,
		     uint32_t len, uint16_t flags, uint16_t next_idx)
{
	uint64_t at = table + 16ULL * idx;

	put_le(at, 8, addr);
	put_le(at + 8, 4, len);
	put_le(at + 12, 2, flags);
	put_le(at + 14, 2, next_idx);
}

static void make_avail(uint16_t head)
{
	if (!f.num)
		return;
	put_le(f.avail + 4 + 2ULL * (f.avail_idx % f.num), 2, head);
	f.avail_idx++;
	put_le(f.avail + 2, 2, f.avail_idx);
}

/* A driver's initialization of the device and of queue 0 */
static void driver_init(struct input *in)
{
	uint8_t drop = next(in);
	unsigned int log2 = next(in) % 10;
	uint64_t feat;
	uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

	f.desc = next_le(in, 2);
	f.avail = next_le(in, 2);
	f.used = next_le(in, 2);
	f.num = 1u << log2;
	f.avail_idx = 0;

	mmio_write(VIRTIO_MMIO_STATUS, 4, 0);
	mmio_write(VIRTIO_MMIO_STATUS, 4, VIRTIO_STATUS_ACKNOWLEDGE);
	mmio_write(VIRTIO_MMIO_STATUS, 4, st);
	mmio_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 4, 0);
	feat = mmio_read(VIRTIO_MMIO_DEVICE_FEATURES, 4);
	mmio_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 4, 1);
	feat |= mmio_read(VIRTIO_MMIO_DEVICE_FEATURES, 4) << 32;
	if (drop & VB_DROP_EVENT_IDX)
		feat &= ~(1ULL << VIRTIO_F_EVENT_IDX);
	if (drop & VB_DROP_INDIRECT)
		feat &= ~(1ULL << VIRTIO_F_INDIRECT_DESC);
	if (drop & VB_DROP_VERSION_1)
		feat &= ~(1ULL << VIRTIO_F_VERSION_1);
	if (drop & VB_EXTRA_FEATURE)
		feat |= 1ULL << 40;
	mmio_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 4, 0);
	mmio_write(VIRTIO_MMIO_DRIVER_FEATURES, 4, (uint32_t)feat);
	mmio_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 4, 1);
	mmio_write(VIRTIO_MMIO_DRIVER_FEATURES, 4, feat >> 32);
	if (!(drop & VB_SKIP_FEATURES_OK)) {
		st |= VIRTIO_STATUS_FEATURES_OK;
		mmio_write(VIRTIO_MMIO_STATUS, 4, st);
	}
	/* A fresh, empty ring, as a driver makes it */
	put_le(f.avail, 4, 0);
	put_le(f.used, 4, 0);
	mmio_write(VIRTIO_MMIO_QUEUE_SEL, 4, 0);
	mmio_write(VIRTIO_MMIO_QUEUE_NUM, 4, f.num);
	mmio_write(VIRTIO_MMIO_QUEUE_DESC_LOW, 4, f.desc);
	mmio_write(VIRTIO_MMIO_QUEUE_DESC_HIGH, 4, 0);
	mmio_write(VIRTIO_MMIO_QUEUE_DRIVER_LOW, 4, f.avail);
	mmio_write(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 4, 0);
	mmio_write(VIRTIO_MMIO_QUEUE_DEVICE_LOW, 4, f.used);
	mmio_write(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 4, 0);
	mmio_write(VIRTIO_MMIO_QUEUE_READY, 4, 1);
	if (!(drop & VB_SKIP_DRIVER_OK))
		mmio_write(VIRTIO_MMIO_STATUS, 4,
			   st | VIRTIO_STATUS_DRIVER_OK);
}

/*
 * A well-formed request in VB_REQ_AREA: header at its start, then the
 * data, then the status byte; descriptors in the queue's table from
 * index 0, or in an indirect table after the status byte.
 */
static void request(struct input *in)
{
	uint8_t type = next(in), sector = next(in);
	uint32_t len = next(in) * 16;
	uint8_t layout = next(in);
	uint64_t hdr = VB_REQ_AREA, data = hdr + 16, status = data + len;
	uint64_t table = f.desc, itable = (status + 16) & ~15ULL;
	bool in_dir = type != T_OUT;
	struct { uint64_t addr; uint32_t len; uint16_t flags; } d[3];
	unsigned int n = 0, i;

	if (!f.num)
		return;
	put_le(hdr, 4, type);
	put_le(hdr + 4, 4, 0);
	put_le(hdr + 8, 8, sector);
	put_le(status, 1, 0xff);
	if (layout & VB_REQ_SPLIT || !len) {
		d[n++] = (typeof(d[0])){ hdr, 16, 0 };
		if (len)
			d[n++] = (typeof(d[0])){ data, len,
				in_dir ? VIRTQ_DESC_F_WRITE : 0 };
		d[n++] = (typeof(d[0])){ status, 1, VIRTQ_DESC_F_WRITE };
	} else if (in_dir) {
		d[n++] = (typeof(d[0])){ hdr, 16, 0 };
		d[n++] = (typeof(d[0])){ data, len + 1, VIRTQ_DESC_F_WRITE };
	} else {
		d[n++] = (typeof(d[0])){ hdr, 16 + len, 0 };
		d[n++] = (typeof(d[0])){ status, 1, VIRTQ_DESC_F_WRITE };
	}
	if (layout & VB_REQ_INDIRECT) {
		put_desc(table, 0, itable, 16 * n, VIRTQ_DESC_F_INDIRECT, 0);
		table = itable;
	} else if (n > f.num) {
		return;
	}
	for (i = 0; i < n; i++)
		put_desc(table, i, d[i].addr, d[i].len,
			 d[i].flags | (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0),
			 i + 1);
	make_avail(0);
	mmio_write(VIRTIO_MMIO_QUEUE_NOTIFY, 4, 0);
}

static void op(struct input *in)
{
	uint8_t code = next(in) & 15;
	uint64_t off, v;
	unsigned int size, len;
	uint16_t gpa;

	switch (code) {
	case VB_REG_WRITE:
		off = next(in) * 4ULL;
		mmio_write(off, 4, next_le(in, 4));
		break;
	case VB_REG_READ:
		mmio_read(next(in) * 4ULL, 4);
		break;
	case VB_RAW_WRITE:
		off = next_le(in, 2) % VIRTIO_MMIO_SIZE;
		size = 1u << (next(in) & 3);
		mmio_write(off, size, next_le(in, 8));
		break;
	case VB_RAW_READ:
		off = next_le(in, 2) % VIRTIO_MMIO_SIZE;
		mmio_read(off, 1u << (next(in) & 3));
		break;
	case VB_MEM:
		gpa = next_le(in, 2);
		len = next(in);
		while (len--)
			put_le(gpa++, 1, next(in));
		break;
	case VB_INIT:
		driver_init(in);
		break;
	case VB_DESC:
		v = next(in);
		off = next_le(in, 2);
		len = next_le(in, 2);
		size = next(in);
		if (f.num)
			put_desc(f.desc, v % f.num, off, len, size, next(in));
		break;
	case VB_AVAIL:
		make_avail(next_le(in, 2));
		break;
	case VB_NOTIFY:
		mmio_write(VIRTIO_MMIO_QUEUE_NOTIFY, 4, next(in));
		break;
	case VB_REQUEST:
		request(in);
		break;
	case VB_EVENT:
		put_le(f.avail, 2, next_le(in, 2));
		v = next_le(in, 2);
		if (f.num)
			put_le(f.avail + 4 + 2ULL * f.num, 2, v);
		break;
	case VB_ACK:
		v = mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS, 4);
		mmio_write(VIRTIO_MMIO_INTERRUPT_ACK, 4, v);
		break;
	default:
		break;
	}
	/* The line follows InterruptStatus. */
	v = mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS, 4);
	CHECK(f.level[f.base == BASE_RO] == (v != 0));
}

static void check_images(void)
{
	static uint8_t buf[16 * 512];
	unsigned int i;
	struct stat st;

	for (i = 0; i < 2; i++) {
		CHECK(!fstat(f.fd[i], &st));
		CHECK(st.st_size == img_sectors[i] * 512);
	}
	CHECK(pread(f.fd[1], buf, img_sectors[1] * 512, 0) ==
	      img_sectors[1] * 512);
	CHECK(!memcmp(buf, f.img[1], img_sectors[1] * 512));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	uint8_t flags = next(&in);
	unsigned int i;
	size_t j;

	for (i = 0; i < 2; i++) {
		size_t len = img_sectors[i] * 512;

		CHECK(pwrite(f.fd[i], f.img[i], len, 0) == (ssize_t)len);
	}
	if ((flags & VB_FLAG_FILL) && size) {
		/* The input, then what is there so far, doubling */
		j = size < VB_MEM_SIZE ? size : VB_MEM_SIZE;
		memcpy(f.vm.ram, data, j);
		for (; j < VB_MEM_SIZE; j *= 2)
			memcpy(f.vm.ram + j, f.vm.ram,
			       j < VB_MEM_SIZE - j ? j : VB_MEM_SIZE - j);
	} else {
		memset(f.vm.ram, 0, VB_MEM_SIZE);
	}
	f.num = 0;
	f.desc = f.avail = f.used = f.avail_idx = 0;
	f.kicks = 0;
	/* Both devices reset, as the previous input left them. */
	for (i = 0; i < 2; i++) {
		f.base = i ? BASE_RO : BASE_RW;
		mmio_write(VIRTIO_MMIO_STATUS, 4, 0);
		CHECK(!f.level[i]);
	}
	f.base = flags & VB_FLAG_RO ? BASE_RO : BASE_RW;

	while (in.n)
		op(&in);
	check_images();
	return 0;
}
