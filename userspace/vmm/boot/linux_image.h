/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Booting Linux: the guest-physical layout hvx run gives a Linux guest,
 * and the two ways in: a bzImage through the x86 64-bit boot protocol
 * (bzimage.c) and an uncompressed vmlinux through its PVH entry (pvh.c).
 * Both are pure: they parse an image in memory and write guest RAM.
 *
 *   0x00000 - 0x00fff   real-mode IVT and BIOS data area, left zero
 *   0x05000             GDT of the 64-bit entry
 *   0x06000             PVH start info, module list and memory map
 *   0x07000             boot_params (the "zero page") of a bzImage
 *   0x08000 - 0x0efff   page tables of the 64-bit entry
 *   0x20000             kernel command line
 *   0x9fc00 - 0xfffff   reserved: EBDA, VGA hole, BIOS area; ACPI tables
 *                       at 0xe0000
 *   0x100000 -          the kernel (where it asks to be), then free RAM;
 *                       the initrd goes as high as the kernel allows
 *   0xd0000000 -        virtio-mmio devices, past the end of RAM
 */
#ifndef HVX_LINUX_IMAGE_H
#define HVX_LINUX_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINUX_GDT		0x5000ULL
#define LINUX_START_INFO	0x6000ULL
#define LINUX_ZERO_PAGE		0x7000ULL
#define LINUX_PAGE_TABLES	0x8000ULL
#define LINUX_CMDLINE		0x20000ULL
#define LINUX_CMDLINE_MAX	2048
#define LINUX_LOW_RAM_END	0x9fc00ULL
#define LINUX_ACPI		0xe0000ULL
#define LINUX_ACPI_SIZE		0x20000ULL
#define LINUX_HIGH_RAM		0x100000ULL
#define LINUX_MMIO_BASE		0xd0000000ULL
#define LINUX_MAX_RAM		LINUX_MMIO_BASE

/* The GDT selectors both boot protocols name. */
#define LINUX_BOOT_CS		0x10
#define LINUX_BOOT_DS		0x18

#define E820_RAM		1
#define E820_RESERVED		2
#define E820_MAX		8

struct e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

/* The map of a guest with @ram_size bytes from 0: returns the count. */
int e820_build(struct e820_entry *map, uint64_t ram_size);

/* How the vCPU must start. */
enum linux_entry_mode {
	LINUX_ENTRY_64,		/* long mode, paging on; RSI = boot_params */
	LINUX_ENTRY_32,		/* protected mode, paging off; EBX = start info */
};

/* One boot: inputs, then what the loader worked out. */
struct linux_boot {
	uint8_t *ram;
	uint64_t ram_size;
	const uint8_t *kernel;
	size_t kernel_size;
	const uint8_t *initrd;		/* NULL: none */
	size_t initrd_size;
	const char *cmdline;
	uint64_t rsdp;			/* ACPI RSDP, 0 if none */

	/* out */
	enum linux_entry_mode mode;
	uint64_t entry;
	uint64_t boot_arg;		/* RSI or EBX */
	uint64_t kernel_start, kernel_end;
	uint64_t initrd_addr;
	const char *why;		/* on error: what is wrong, for a message */
	bool initrd_fault;		/* ... with the initrd, not the kernel */
};

/* Which loader: a bzImage ("HdrS" at 0x202) or an ELF vmlinux. */
enum linux_format {
	LINUX_NOT_A_KERNEL,
	LINUX_BZIMAGE,
	LINUX_ELF,
};
enum linux_format linux_format(const uint8_t *image, size_t size);

/*
 * Check the image against the guest and write it, the command line and
 * the initrd into RAM. Return 0, or -EINVAL (-E2BIG when something does
 * not fit in RAM) with b->why set and RAM possibly written.
 */
int bzimage_load(struct linux_boot *b);
int pvh_load(struct linux_boot *b);

/*
 * Where an initrd of @size goes: page-aligned, as high as possible below
 * both @limit and the end of RAM, above @floor. 0 if it does not fit.
 */
uint64_t initrd_place(uint64_t ram_size, uint64_t limit, uint64_t floor,
		      uint64_t size);

#endif /* HVX_LINUX_IMAGE_H */
