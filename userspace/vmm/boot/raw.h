/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading a guest image into RAM, and the fixed guest-physical layout
 * hvx run uses (docs/cli.md, "Guest memory layout"):
 *
 *   0x0000 - 0x0fff   left zero (the real-mode interrupt vector table)
 *   0x1000            default load address and entry point
 *   0x8000 - 0xefff   GDT and page tables (protected and long mode)
 *   0xf000 - 0xffff   initial stack; the stack pointer starts at 0x10000
 *
 * The boot area, 0x8000 to 0x10000, is reserved in every mode: an image
 * that overlaps it is refused.
 */
#ifndef HVX_RAW_H
#define HVX_RAW_H

#include <stdint.h>
#include "libhvx.h"

#define DEFAULT_LOAD_ADDR	0x1000ULL
#define BOOT_AREA_START		0x8000ULL
#define BOOT_TABLES_GPA		BOOT_AREA_START
#define BOOT_STACK_TOP		0x10000ULL
#define BOOT_AREA_END		BOOT_STACK_TOP

_Static_assert(BOOT_TABLES_GPA + HVX_LONG_MODE_TABLES_SIZE <= BOOT_STACK_TOP - 0x1000,
	       "the page tables must leave a page of stack");

/*
 * A flat binary, opened and checked before any VM exists so that a bad
 * file or layout is reported first, then copied into guest RAM.
 */
struct raw_image {
	const char *path;
	int fd;
	uint64_t size;
};

/* Open @path: it must be a non-empty regular file. */
int raw_image_open(struct raw_image *img, const char *path);
/* Does it fit at @load_addr in @ram_size bytes, clear of the boot area? */
int raw_image_check(const struct raw_image *img, uint64_t ram_size,
		    uint64_t load_addr);
/* Copy it to guest RAM, after raw_image_check(), and close it. */
int raw_image_load(struct raw_image *img, uint8_t *ram, uint64_t load_addr);
void raw_image_close(struct raw_image *img);

/* The functions above print why they failed and return -errno. */

#endif /* HVX_RAW_H */
