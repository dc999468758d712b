// SPDX-License-Identifier: GPL-2.0
/*
 * A bzImage through the x86 64-bit boot protocol: the setup header is
 * checked and copied into a fresh boot_params, the protected-mode kernel
 * goes where the kernel prefers, and the vCPU starts at its 64-bit entry
 * (load address + 0x200) with RSI pointing at boot_params. Offsets are
 * those of the boot protocol (2.12 and later: 64-bit entry, xloadflags).
 */
#include <errno.h>
#include <string.h>
#include "linux_image.h"

/* boot_params */
#define BP_ACPI_RSDP		0x070
#define BP_EXT_RAMDISK_IMAGE	0x0c0
#define BP_EXT_RAMDISK_SIZE	0x0c4
#define BP_EXT_CMD_LINE_PTR	0x0c8
#define BP_E820_ENTRIES		0x1e8
#define BP_E820_TABLE		0x2d0
#define BP_SIZE			0x1000
/* the setup header, inside it */
#define HDR_START		0x1f1
#define HDR_SETUP_SECTS		0x1f1
#define HDR_SYSSIZE		0x1f4	/* the kernel's size, 16-byte units */
#define HDR_BOOT_FLAG		0x1fe
#define HDR_JUMP_END		0x201	/* the header ends at 0x202 + this */
#define HDR_VERSION		0x206
#define HDR_TYPE_OF_LOADER	0x210
#define HDR_LOADFLAGS		0x211
#define HDR_RAMDISK_IMAGE	0x218
#define HDR_RAMDISK_SIZE	0x21c
#define HDR_CMD_LINE_PTR	0x228
#define HDR_INITRD_ADDR_MAX	0x22c
#define HDR_KERNEL_ALIGNMENT	0x230
#define HDR_RELOCATABLE		0x234
#define HDR_XLOADFLAGS		0x236
#define HDR_CMDLINE_SIZE	0x238
#define HDR_PREF_ADDRESS	0x258
#define HDR_INIT_SIZE		0x260
#define HDR_MIN_END		0x264

#define MIN_VERSION		0x020c
#define LOADED_HIGH		0x01
#define XLF_KERNEL_64		0x01
#define XLF_CAN_BE_LOADED_ABOVE_4G 0x02
#define LOADER_UNDEFINED	0xff
#define ENTRY_64_OFFSET		0x200

static uint64_t get(const uint8_t *p, unsigned int off, unsigned int size)
{
	uint64_t v = 0;

	memcpy(&v, p + off, size);
	return v;
}

static void put(uint8_t *p, unsigned int off, unsigned int size, uint64_t v)
{
	memcpy(p + off, &v, size);
}

static int fail(struct linux_boot *b, int err, const char *why)
{
	b->why = why;
	return err;
}

/* Is it a bzImage this loader can start, and where does the kernel go? */
static int check_header(struct linux_boot *b, size_t *setup_size)
{
	const uint8_t *k = b->kernel;
	unsigned int sects;
	uint64_t align, load, init_size;

	if (b->kernel_size < HDR_MIN_END)
		return fail(b, -EINVAL, "truncated: shorter than its setup header");
	if (get(k, HDR_BOOT_FLAG, 2) != 0xaa55)
		return fail(b, -EINVAL, "not a bzImage: no boot flag 0xaa55");
	if (get(k, HDR_VERSION, 2) < MIN_VERSION)
		return fail(b, -EINVAL, "boot protocol older than 2.12: hvx needs the 64-bit entry");
	if (!(get(k, HDR_XLOADFLAGS, 2) & XLF_KERNEL_64) ||
	    !(get(k, HDR_LOADFLAGS, 1) & LOADED_HIGH))
		return fail(b, -EINVAL, "not a 64-bit kernel with a 64-bit entry point");
	sects = get(k, HDR_SETUP_SECTS, 1) ?: 4;
	*setup_size = (sects + 1) * 512;
	if (*setup_size >= b->kernel_size ||
	    b->kernel_size - *setup_size < get(k, HDR_SYSSIZE, 4) * 16)
		return fail(b, -EINVAL, "truncated: shorter than its header says");

	load = get(k, HDR_PREF_ADDRESS, 8);
	align = get(k, HDR_KERNEL_ALIGNMENT, 4);
	init_size = get(k, HDR_INIT_SIZE, 4);
	if (!get(k, HDR_RELOCATABLE, 1) || !load || !align ||
	    (align & (align - 1)) || load % align)
		load = LINUX_HIGH_RAM;
	if (init_size < b->kernel_size - *setup_size)
		init_size = b->kernel_size - *setup_size;
	if (load >= b->ram_size || init_size > b->ram_size - load)
		return fail(b, -E2BIG, "the kernel needs more guest memory (see --mem)");
	b->kernel_start = load;
	b->kernel_end = load + init_size;
	return 0;
}

static int place_initrd(struct linux_boot *b, uint8_t *bp)
{
	uint64_t limit = get(b->kernel, HDR_INITRD_ADDR_MAX, 4) + 1ULL;

	if (!b->initrd)
		return 0;
	if (get(b->kernel, HDR_XLOADFLAGS, 2) & XLF_CAN_BE_LOADED_ABOVE_4G)
		limit = LINUX_MAX_RAM;
	b->initrd_addr = initrd_place(b->ram_size, limit, b->kernel_end,
				      b->initrd_size);
	b->initrd_fault = !b->initrd_addr;
	if (!b->initrd_addr)
		return fail(b, -E2BIG, "does not fit in guest memory above the kernel (see --mem)");
	memcpy(b->ram + b->initrd_addr, b->initrd, b->initrd_size);
	put(bp, HDR_RAMDISK_IMAGE, 4, (uint32_t)b->initrd_addr);
	put(bp, HDR_RAMDISK_SIZE, 4, (uint32_t)b->initrd_size);
	put(bp, BP_EXT_RAMDISK_IMAGE, 4, b->initrd_addr >> 32);
	put(bp, BP_EXT_RAMDISK_SIZE, 4, (uint64_t)b->initrd_size >> 32);
	return 0;
}

int bzimage_load(struct linux_boot *b)
{
	uint8_t *bp = b->ram + LINUX_ZERO_PAGE;
	size_t setup_size, hdr_end, len = strlen(b->cmdline);
	struct e820_entry map[E820_MAX];
	int r, n;

	r = check_header(b, &setup_size);
	if (r)
		return r;
	if (len >= LINUX_CMDLINE_MAX ||
	    len > get(b->kernel, HDR_CMDLINE_SIZE, 4))
		return fail(b, -EINVAL, "the command line is longer than the kernel accepts");
	hdr_end = 0x202 + get(b->kernel, HDR_JUMP_END, 1);
	if (hdr_end < HDR_MIN_END || hdr_end > setup_size)
		return fail(b, -EINVAL, "setup header of a size this loader does not know");

	memset(bp, 0, BP_SIZE);
	memcpy(bp + HDR_START, b->kernel + HDR_START, hdr_end - HDR_START);
	put(bp, HDR_TYPE_OF_LOADER, 1, LOADER_UNDEFINED);
	put(bp, HDR_CMD_LINE_PTR, 4, LINUX_CMDLINE);
	put(bp, BP_EXT_CMD_LINE_PTR, 4, 0);
	memcpy(b->ram + LINUX_CMDLINE, b->cmdline, len + 1);
	put(bp, BP_ACPI_RSDP, 8, b->rsdp);
	n = e820_build(map, b->ram_size);
	memcpy(bp + BP_E820_TABLE, map, n * sizeof(map[0]));
	put(bp, BP_E820_ENTRIES, 1, n);

	memcpy(b->ram + b->kernel_start, b->kernel + setup_size,
	       b->kernel_size - setup_size);
	r = place_initrd(b, bp);
	if (r)
		return r;
	b->mode = LINUX_ENTRY_64;
	b->entry = b->kernel_start + ENTRY_64_OFFSET;
	b->boot_arg = LINUX_ZERO_PAGE;
	return 0;
}
