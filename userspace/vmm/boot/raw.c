// SPDX-License-Identifier: GPL-2.0
/*
 * The raw loader: a flat binary, copied byte for byte into guest RAM.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "raw.h"
#include "util.h"

#define HEX(x)	((unsigned long long)(x))

int raw_image_open(struct raw_image *img, const char *path)
{
	struct stat st;
	int r;

	img->path = path;
	img->size = 0;
	img->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (img->fd < 0) {
		r = -errno;
		error("cannot open %s: %s", path, strerror(errno));
		return r;
	}
	if (fstat(img->fd, &st) < 0) {
		r = -errno;
		error("%s: %s", path, strerror(errno));
		goto fail;
	}
	r = -EINVAL;
	if (!S_ISREG(st.st_mode)) {
		error("%s: not a regular file", path);
		goto fail;
	}
	if (!st.st_size) {
		error("%s: empty file", path);
		goto fail;
	}
	img->size = st.st_size;
	return 0;
fail:
	raw_image_close(img);
	return r;
}

int raw_image_check(const struct raw_image *img, uint64_t ram_size,
		    uint64_t load_addr)
{
	uint64_t end;

	if (load_addr >= ram_size || img->size > ram_size - load_addr) {
		error("%s: %llu bytes at 0x%llx do not fit in %s of guest RAM",
		      img->path, HEX(img->size), HEX(load_addr),
		      size_str(ram_size));
		return -EINVAL;
	}
	end = load_addr + img->size;
	if (load_addr < BOOT_AREA_END && BOOT_AREA_START < end) {
		error("%s: image at 0x%llx-0x%llx overlaps the boot area 0x%llx-0x%llx (GDT, page tables, stack); load it elsewhere, e.g. --load-addr 0x100000",
		      img->path, HEX(load_addr), HEX(end - 1),
		      HEX(BOOT_AREA_START), HEX(BOOT_AREA_END - 1));
		return -EINVAL;
	}
	return 0;
}

int raw_image_load(struct raw_image *img, uint8_t *ram, uint64_t load_addr)
{
	uint8_t *p = ram + load_addr;
	uint64_t left = img->size;

	while (left) {
		size_t chunk = left > (1U << 30) ? (1U << 30) : left;
		ssize_t n = read(img->fd, p, chunk);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int r = n < 0 ? -errno : -EIO;

			error("%s: read: %s", img->path,
			      n < 0 ? strerror(errno) : "file shrank");
			return r;
		}
		p += n;
		left -= n;
	}
	raw_image_close(img);
	return 0;
}

void raw_image_close(struct raw_image *img)
{
	if (img->fd >= 0)
		close(img->fd);
	img->fd = -1;
}
