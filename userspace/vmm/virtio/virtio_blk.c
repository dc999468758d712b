// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio block device (virtio_blk.h).
 *
 * A request is a chain holding a 16-byte header (type, reserved,
 * sector), then the data (read by the device for OUT, written for IN),
 * then one status byte, the last byte the device may write. The device
 * may not rely on how the driver cut that into descriptors (2.6.4), so
 * the header, data and status are found by byte offset in the chain's
 * readable and writable parts.
 *
 * Requests are served synchronously, with pread() and pwrite() straight
 * between the image and guest memory, in the thread that saw the
 * notification: the event loop for an ioeventfd, else the vCPU thread
 * on its MMIO exit.
 */
#include <endian.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>
#include "device.h"
#include "evloop.h"
#include "irqchip.h"
#include "util.h"
#include "virtio_blk.h"
#include "virtio_mmio.h"

#define VIRTIO_ID_BLOCK		2

/* Feature bits (5.2.3) */
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

/* Request types and statuses (5.2.6) */
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_T_GET_ID	8
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

#define VIRTIO_BLK_ID_BYTES	20
#define SECTOR_SIZE		512

/* Config space offsets (5.2.4), up to num_queues */
#define CFG_CAPACITY		0
#define CFG_SEG_MAX		12
#define CFG_BLK_SIZE		20
#define CFG_SIZE		36

/* One queue; a chain has at most QUEUE_SIZE descriptors without indirect */
#define QUEUE_SIZE		256
/* Data segments: the chain minus the header and the status (5.2.4) */
#define SEG_MAX			(QUEUE_SIZE - 2)

_Static_assert(VIRTIO_BLK_MMIO_SIZE == VIRTIO_MMIO_SIZE, "register block size");

struct blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

struct virtio_blk {
	struct virtio_mmio mmio;
	struct vm *vm;
	char *path;
	int fd;
	bool ro;
	uint64_t capacity;		/* in sectors */
	uint8_t config[CFG_SIZE];
	char id[VIRTIO_BLK_ID_BYTES];
	unsigned int irq;
	uint64_t notify_gpa;		/* the QueueNotify register */
	int efd;			/* its ioeventfd, or -1 */
	bool ioeventfd;			/* registered with the accelerator */
	bool io_error_logged;
	struct vq_chain chain;		/* the request being served */
};

static void put_le(uint8_t *p, uint64_t v, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		p[i] = v >> (8 * i);
}

static uint64_t blk_features(void *opaque)
{
	struct virtio_blk *b = opaque;
	uint64_t f = (1ULL << VIRTIO_BLK_F_SEG_MAX) |
		     (1ULL << VIRTIO_BLK_F_BLK_SIZE) |
		     (1ULL << VIRTIO_BLK_F_FLUSH);

	if (b->ro)
		f |= 1ULL << VIRTIO_BLK_F_RO;
	return f;
}

static uint64_t blk_config_read(void *opaque, uint64_t offset,
				unsigned int size)
{
	struct virtio_blk *b = opaque;
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		v |= (uint64_t)b->config[offset + i] << (8 * i);
	return v;
}

/* A host I/O error: worth one message even when not verbose. */
static uint8_t io_failed(struct virtio_blk *b, const char *what, int err)
{
	if (!b->io_error_logged || b->vm->verbose)
		error("virtio-blk: %s: %s: %s", b->path, what, strerror(err));
	b->io_error_logged = true;
	return VIRTIO_BLK_S_IOERR;
}

/*
 * pread() or pwrite() @len bytes at @pos in the image, from or to the
 * buffers iov[0..n) starting @skip bytes in. Returns the bytes done;
 * *err is set when that is less than @len.
 */
static uint64_t blk_rw(struct virtio_blk *b, const struct vq_iov *iov,
		       unsigned int n, uint64_t skip, uint64_t len,
		       uint64_t pos, bool write, int *err)
{
	uint64_t done = 0;
	unsigned int i;

	for (i = 0; i < n && done < len; i++) {
		uint8_t *p = iov[i].base;
		uint64_t chunk;

		if (skip >= iov[i].len) {
			skip -= iov[i].len;
			continue;
		}
		p += skip;
		chunk = iov[i].len - skip;
		if (chunk > len - done)
			chunk = len - done;
		skip = 0;
		while (chunk) {
			ssize_t r = write ? pwrite(b->fd, p, chunk, pos + done)
					  : pread(b->fd, p, chunk, pos + done);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				/* 0: the image shrank under us */
				*err = r < 0 ? errno : EIO;
				return done;
			}
			p += r;
			chunk -= r;
			done += r;
		}
	}
	return done;
}

/* Is [sector, sector + bytes) on the disk, in whole sectors? */
static bool in_range(const struct virtio_blk *b, uint64_t sector,
		     uint64_t bytes)
{
	return bytes % SECTOR_SIZE == 0 && sector <= b->capacity &&
	       bytes / SECTOR_SIZE <= b->capacity - sector;
}

/* IN: the writable part but its last byte receives the data. */
static uint8_t blk_read(struct virtio_blk *b, const struct vq_chain *c,
			uint64_t sector, uint32_t *written)
{
	uint64_t len = c->in_len - 1;
	int err = 0;

	if (!in_range(b, sector, len))
		return VIRTIO_BLK_S_IOERR;
	*written = blk_rw(b, c->iov + c->nr_out, c->nr_in, 0, len,
			  sector * SECTOR_SIZE, false, &err);
	return err ? io_failed(b, "read", err) : VIRTIO_BLK_S_OK;
}

/* OUT: the readable part after the header is the data. */
static uint8_t blk_write(struct virtio_blk *b, const struct vq_chain *c,
			 uint64_t sector)
{
	uint64_t len = c->out_len - sizeof(struct blk_req_hdr);
	int err = 0;

	if (b->ro || !in_range(b, sector, len))
		return VIRTIO_BLK_S_IOERR;
	blk_rw(b, c->iov, c->nr_out, sizeof(struct blk_req_hdr), len,
	       sector * SECTOR_SIZE, true, &err);
	return err ? io_failed(b, "write", err) : VIRTIO_BLK_S_OK;
}

static uint8_t blk_flush(struct virtio_blk *b)
{
	while (fdatasync(b->fd)) {
		if (errno != EINTR)
			return io_failed(b, "flush", errno);
	}
	return VIRTIO_BLK_S_OK;
}

/* GET_ID: 20 bytes, zero-padded, not necessarily NUL-terminated. */
static uint8_t blk_get_id(struct virtio_blk *b, const struct vq_chain *c,
			  uint32_t *written)
{
	if (c->in_len - 1 < VIRTIO_BLK_ID_BYTES)
		return VIRTIO_BLK_S_IOERR;
	*written = vq_iov_write(c->iov + c->nr_out, c->nr_in, 0, b->id,
				VIRTIO_BLK_ID_BYTES);
	return VIRTIO_BLK_S_OK;
}

/*
 * Serve one request. Returns the used length (bytes written into the
 * writable part, the status byte included), or -EIO if there is no
 * writable byte to put a status in.
 */
static int blk_request(struct virtio_blk *b, const struct vq_chain *c)
{
	struct blk_req_hdr h;
	uint32_t written = 0;
	uint8_t status;

	if (!c->in_len)
		return -EIO;
	if (c->out_len < sizeof(h)) {
		status = VIRTIO_BLK_S_IOERR;
		goto done;
	}
	/* One copy of the header: the driver may change it meanwhile. */
	vq_iov_read(c->iov, c->nr_out, 0, &h, sizeof(h));
	switch (le32toh(h.type)) {
	case VIRTIO_BLK_T_IN:
		status = blk_read(b, c, le64toh(h.sector), &written);
		break;
	case VIRTIO_BLK_T_OUT:
		status = blk_write(b, c, le64toh(h.sector));
		break;
	case VIRTIO_BLK_T_FLUSH:
		status = blk_flush(b);
		break;
	case VIRTIO_BLK_T_GET_ID:
		status = blk_get_id(b, c, &written);
		break;
	default:
		status = VIRTIO_BLK_S_UNSUPP;
		break;
	}
done:
	/* The status last, once the data is in place. */
	vq_iov_write(c->iov + c->nr_out, c->nr_in, c->in_len - 1, &status, 1);
	return written + 1;
}

/*
 * Requests one notification serves at most. With an ioeventfd the guest
 * runs while we work and can keep the ring full for ever: past this,
 * the rest waits for the event loop's next turn (a kick to ourselves),
 * so the console and the timer get theirs.
 */
#define BLK_BUDGET_PER_NOTIFY	1024

static void blk_queue_notify(void *opaque, unsigned int queue)
{
	struct virtio_blk *b = opaque;
	struct virtqueue *vq = virtio_mmio_queue(&b->mmio, queue);
	/* Without an ioeventfd the guest is stopped in its MMIO exit. */
	int budget = b->ioeventfd ? BLK_BUDGET_PER_NOTIFY : INT_MAX;
	static const uint64_t one = 1;
	int r = 0, len;

	do {
		while (budget && (r = vq_pop(vq, &b->chain)) > 0) {
			budget--;
			len = blk_request(b, &b->chain);
			if (len < 0) {
				virtio_mmio_device_error(&b->mmio,
							 "request without a status byte");
				goto out;
			}
			vq_push(vq, b->chain.head, len);
		}
		if (r < 0) {
			virtio_mmio_device_error(&b->mmio, vq->error);
			goto out;
		}
		if (!budget) {
			if (write(b->efd, &one, sizeof(one)) < 0)
				error("virtio-blk: %s: cannot requeue a kick: %s",
				      b->path, strerror(errno));
			goto out;
		}
	} while (vq_rearm(vq));
out:
	virtio_mmio_used(&b->mmio, queue);
}

static const struct virtio_mmio_ops blk_ops = {
	.features = blk_features,
	.config_read = blk_config_read,
	.queue_notify = blk_queue_notify,
};

/* The glue between the transport and the VM */

static void *blk_guest_ptr(void *opaque, uint64_t gpa, uint64_t len)
{
	return vm_guest_ptr(opaque, gpa, len);
}

static void blk_set_irq(void *opaque, bool level)
{
	struct virtio_blk *b = opaque;

	irq_set_level(b->vm, b->irq, level);
}

static void blk_eventfd(struct vm *vm, int fd, void *opaque)
{
	struct virtio_blk *b = opaque;
	uint64_t count;

	(void)vm;
	/* Clear the count: one pass over the queue serves every kick. */
	if (read(fd, &count, sizeof(count)) < 0 && errno != EAGAIN)
		return;
	virtio_mmio_kick(&b->mmio, 0);
}

static void blk_release(void *dev)
{
	struct virtio_blk *b = dev;

	if (b->ioeventfd)
		vm_ioeventfd(b->vm, b->efd, b->notify_gpa, 4,
			     HVX_IOEVENTFD_DEASSIGN);
	if (b->efd >= 0) {
		evloop_remove(b->vm, b->efd);
		close(b->efd);
	}
	if (b->fd >= 0)
		close(b->fd);
	free(b->path);
}

/*
 * Guest kicks through an ioeventfd, without an exit to us. Where there
 * is none (an accelerator or an hvx.ko without them), the QueueNotify
 * write comes as an MMIO exit instead, and serves the queue just the
 * same.
 */
static void blk_setup_ioeventfd(struct virtio_blk *b)
{
	struct vm *vm = b->vm;
	int efd, r;

	efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (efd < 0)
		return;
	r = vm_ioeventfd(vm, efd, b->notify_gpa, 4, 0);
	if (r) {
		if (vm->verbose)
			error("virtio-blk: %s: no ioeventfd (%s), notifications exit",
			      b->path, strerror(-r));
		close(efd);
		return;
	}
	r = evloop_add(vm, efd, blk_eventfd, b);
	if (r) {
		vm_ioeventfd(vm, efd, b->notify_gpa, 4,
			     HVX_IOEVENTFD_DEASSIGN);
		close(efd);
		return;
	}
	b->efd = efd;
	b->ioeventfd = true;
}

/* "FILE" or "FILE,ro" */
static int parse_spec(const char *spec, char **path, bool *ro)
{
	const char *comma = strchr(spec, ',');

	*ro = false;
	if (comma) {
		if (strcmp(comma + 1, "ro")) {
			error("virtio-blk: %s: unknown option '%s' (only 'ro')",
			      spec, comma + 1);
			return -EINVAL;
		}
		*ro = true;
	}
	*path = comma ? strndup(spec, comma - spec) : strdup(spec);
	if (!*path) {
		error("virtio-blk: %s: %s", spec, strerror(ENOMEM));
		return -ENOMEM;
	}
	if (!**path) {
		error("virtio-blk: '%s': no file name", spec);
		return -EINVAL;
	}
	return 0;
}

/* Open the image and size it: whole sectors only. */
static int open_image(struct virtio_blk *b)
{
	struct stat st;
	off_t size;
	int r;

	b->fd = open(b->path, (b->ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (b->fd < 0 || fstat(b->fd, &st))
		goto fail;
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		error("virtio-blk: %s: not a file or block device", b->path);
		return -EINVAL;
	}
	/* lseek() rather than st_size: block devices too */
	size = lseek(b->fd, 0, SEEK_END);
	if (size < 0)
		goto fail;
	if (size % SECTOR_SIZE) {
		error("virtio-blk: %s: size %lld is not a multiple of %d bytes",
		      b->path, (long long)size, SECTOR_SIZE);
		return -EINVAL;
	}
	b->capacity = size / SECTOR_SIZE;
	return 0;
fail:
	r = -errno;
	error("virtio-blk: %s: %s", b->path, strerror(errno));
	return r;
}

/* Config space and serial number, once the image is open */
static void fill_config(struct virtio_blk *b)
{
	const char *base = strrchr(b->path, '/');
	size_t len;

	put_le(b->config + CFG_CAPACITY, b->capacity, 8);
	put_le(b->config + CFG_SEG_MAX, SEG_MAX, 4);
	put_le(b->config + CFG_BLK_SIZE, SECTOR_SIZE, 4);
	/* The serial: the image's file name, as much as fits */
	base = base ? base + 1 : b->path;
	len = strlen(base);
	memcpy(b->id, base, len < sizeof(b->id) ? len : sizeof(b->id));
}

/* What virtio_blk_add() hands to blk_init(). */
struct blk_args {
	const char *spec;
	unsigned int irq;
};

static int blk_init(void *dev, const struct device_ctx *ctx)
{
	const struct blk_args *a = ctx->arg;
	struct virtio_blk *b = dev;
	struct vm *vm = ctx->vm;
	int r;

	b->vm = vm;
	b->fd = -1;
	b->efd = -1;
	b->irq = a->irq;
	b->notify_gpa = ctx->base + VIRTIO_MMIO_QUEUE_NOTIFY;
	r = parse_spec(a->spec, &b->path, &b->ro);
	if (!r)
		r = open_image(b);
	if (r)
		return r;
	fill_config(b);
	b->mmio = (struct virtio_mmio) {
		.name = "virtio-blk",
		.device_id = VIRTIO_ID_BLOCK,
		.nr_queues = 1,
		.queue_num_max = QUEUE_SIZE,
		.config_size = CFG_SIZE,
		.ops = &blk_ops,
		.opaque = b,
		.mem = { .ptr = blk_guest_ptr, .opaque = vm },
		.set_irq = blk_set_irq,
		.irq_opaque = b,
		.verbose = vm->verbose,
	};
	r = virtio_mmio_init(&b->mmio);
	if (r) {
		error("virtio-blk: %s: the transport refused it: %s", b->path,
		      strerror(-r));
		return r;
	}
	blk_setup_ioeventfd(b);
	if (vm->verbose)
		error("virtio-blk: %s%s at 0x%llx, irq %u, %llu sectors, %s",
		      b->path, b->ro ? " (read-only)" : "",
		      (unsigned long long)ctx->base, b->irq,
		      (unsigned long long)b->capacity,
		      b->ioeventfd ? "ioeventfd" : "notify by MMIO exit");
	return 0;
}

/* The register block's bus ops take the transport, first in the state. */
_Static_assert(offsetof(struct virtio_blk, mmio) == 0,
	       "the transport must come first");

static const struct device_range blk_ranges[] = {
	{ 0, VIRTIO_BLK_MMIO_SIZE, "virtio-blk", &virtio_mmio_bus_ops },
};

static const struct device_desc virtio_blk_device = {
	.name = "virtio-blk",
	.size = sizeof(struct virtio_blk),
	.mmio = true,
	.init = blk_init,
	.release = blk_release,
	DEVICE_RANGES(blk_ranges),
};

int virtio_blk_add(struct vm *vm, const char *spec, uint64_t mmio_base,
		   unsigned int irq)
{
	const struct blk_args args = { .spec = spec, .irq = irq };

	return device_create(vm, &virtio_blk_device, mmio_base, &args, NULL);
}
