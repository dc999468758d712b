// SPDX-License-Identifier: GPL-2.0
/*
 * What both Linux loaders share: the memory map, the initrd's place and
 * telling the formats apart.
 */
#include <string.h>
#include "linux_image.h"

#define PAGE_MASK	0xfffULL

int e820_build(struct e820_entry *map, uint64_t ram_size)
{
	map[0] = (struct e820_entry) {
		.addr = 0, .size = LINUX_LOW_RAM_END, .type = E820_RAM,
	};
	map[1] = (struct e820_entry) {
		.addr = LINUX_LOW_RAM_END,
		.size = LINUX_HIGH_RAM - LINUX_LOW_RAM_END,
		.type = E820_RESERVED,
	};
	map[2] = (struct e820_entry) {
		.addr = LINUX_HIGH_RAM, .size = ram_size - LINUX_HIGH_RAM,
		.type = E820_RAM,
	};
	return 3;
}

enum linux_format linux_format(const uint8_t *image, size_t size)
{
	if (size >= 0x206 && !memcmp(image + 0x202, "HdrS", 4))
		return LINUX_BZIMAGE;
	if (size >= 4 && !memcmp(image, "\177ELF", 4))
		return LINUX_ELF;
	return LINUX_NOT_A_KERNEL;
}

uint64_t initrd_place(uint64_t ram_size, uint64_t limit, uint64_t floor,
		      uint64_t size)
{
	uint64_t top = ram_size < limit ? ram_size : limit;

	if (size > top)
		return 0;
	top = (top - size) & ~PAGE_MASK;
	return top >= floor ? top : 0;
}
