// SPDX-License-Identifier: GPL-2.0
/*
 * An uncompressed vmlinux through its PVH entry: the ELF's loadable
 * segments go to their physical addresses, the entry point comes from
 * the Xen note PHYS32_ENTRY, and the vCPU starts in flat 32-bit
 * protected mode without paging, EBX pointing at an hvm_start_info
 * (version 1: with the memory map) that carries the command line and
 * the initrd as module 0.
 */
#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <errno.h>
#include <string.h>
#include "linux_image.h"

#define XEN_ELFNOTE_PHYS32_ENTRY	18
#define START_INFO_MAGIC		0x336ec578
#define START_INFO_VERSION		1

struct start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct start_module {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct start_memmap {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

struct start_page {
	struct start_info info;
	struct start_module module;
	struct start_memmap memmap[E820_MAX];
};

_Static_assert(sizeof(struct start_info) == 56, "hvm_start_info layout");
_Static_assert(sizeof(struct start_page) <= LINUX_ZERO_PAGE - LINUX_START_INFO,
	       "the start info must fit its page");

static int fail(struct linux_boot *b, const char *why)
{
	b->why = why;
	return -EINVAL;
}

static bool in_file(const struct linux_boot *b, uint64_t off, uint64_t len)
{
	return off <= b->kernel_size && len <= b->kernel_size - off;
}

static int check_elf(struct linux_boot *b, const Elf64_Ehdr **eh)
{
	const Elf64_Ehdr *e = (const Elf64_Ehdr *)b->kernel;

	if (b->kernel_size < sizeof(*e))
		return fail(b, "truncated: shorter than an ELF header");
	if (e->e_ident[EI_CLASS] != ELFCLASS64 ||
	    e->e_ident[EI_DATA] != ELFDATA2LSB || e->e_machine != EM_X86_64 ||
	    e->e_type != ET_EXEC)
		return fail(b, "not an x86-64 ELF executable");
	if (e->e_phentsize != sizeof(Elf64_Phdr) || !e->e_phnum ||
	    !in_file(b, e->e_phoff, (uint64_t)e->e_phnum * sizeof(Elf64_Phdr)))
		return fail(b, "truncated or bad ELF program headers");
	*eh = e;
	return 0;
}

/* The PHYS32_ENTRY note in a PT_NOTE segment; 0 if there is none. */
static uint64_t find_entry(const struct linux_boot *b, const Elf64_Phdr *ph)
{
	uint64_t off = ph->p_offset, end = ph->p_offset + ph->p_filesz;

	while (off + sizeof(Elf64_Nhdr) <= end) {
		const Elf64_Nhdr *n = (const void *)(b->kernel + off);
		uint64_t name = off + sizeof(*n);
		uint64_t desc = name + ((n->n_namesz + 3ULL) & ~3ULL);
		uint64_t next = desc + ((n->n_descsz + 3ULL) & ~3ULL);
		uint64_t entry = 0;

		if (next > end)
			break;
		if (n->n_type == XEN_ELFNOTE_PHYS32_ENTRY &&
		    n->n_namesz == 4 && !memcmp(b->kernel + name, "Xen", 4) &&
		    (n->n_descsz == 4 || n->n_descsz == 8)) {
			memcpy(&entry, b->kernel + desc, n->n_descsz);
			return entry;
		}
		off = next;
	}
	return 0;
}

/* Load the PT_LOADs and find the entry: returns 0 or -errno with why. */
static int load_segments(struct linux_boot *b, const Elf64_Ehdr *e)
{
	const Elf64_Phdr *ph = (const void *)(b->kernel + e->e_phoff);
	int i;

	b->kernel_start = UINT64_MAX;
	b->kernel_end = 0;
	b->entry = 0;
	for (i = 0; i < e->e_phnum; i++, ph++) {
		if (ph->p_type == PT_NOTE && in_file(b, ph->p_offset, ph->p_filesz))
			b->entry = b->entry ?: find_entry(b, ph);
		if (ph->p_type != PT_LOAD)
			continue;
		if (!in_file(b, ph->p_offset, ph->p_filesz))
			return fail(b, "truncated: a segment runs past the end of the file");
		if (ph->p_filesz > ph->p_memsz || ph->p_paddr < LINUX_HIGH_RAM)
			return fail(b, "a segment this loader cannot place (below 1 MiB or larger in the file than in memory)");
		if (ph->p_paddr >= b->ram_size ||
		    ph->p_memsz > b->ram_size - ph->p_paddr) {
			b->why = "the kernel needs more guest memory (see --mem)";
			return -E2BIG;
		}
		memcpy(b->ram + ph->p_paddr, b->kernel + ph->p_offset,
		       ph->p_filesz);
		memset(b->ram + ph->p_paddr + ph->p_filesz, 0,
		       ph->p_memsz - ph->p_filesz);
		if (ph->p_paddr < b->kernel_start)
			b->kernel_start = ph->p_paddr;
		if (ph->p_paddr + ph->p_memsz > b->kernel_end)
			b->kernel_end = ph->p_paddr + ph->p_memsz;
	}
	if (!b->kernel_end)
		return fail(b, "no loadable segments");
	if (!b->entry)
		return fail(b, "no PVH entry point (Xen note PHYS32_ENTRY): a kernel built without CONFIG_PVH?");
	if (b->entry < b->kernel_start || b->entry >= b->kernel_end)
		return fail(b, "the PVH entry point lies outside the kernel");
	return 0;
}

int pvh_load(struct linux_boot *b)
{
	struct start_page *sp = (void *)(b->ram + LINUX_START_INFO);
	size_t len = strlen(b->cmdline);
	struct e820_entry map[E820_MAX];
	const Elf64_Ehdr *e;
	int r, i, n;

	r = check_elf(b, &e);
	if (r)
		return r;
	if (len >= LINUX_CMDLINE_MAX)
		return fail(b, "the command line is longer than the kernel accepts");
	r = load_segments(b, e);
	if (r)
		return r;

	memset(sp, 0, sizeof(*sp));
	sp->info = (struct start_info) {
		.magic = START_INFO_MAGIC, .version = START_INFO_VERSION,
		.cmdline_paddr = LINUX_CMDLINE, .rsdp_paddr = b->rsdp,
		.memmap_paddr = LINUX_START_INFO +
				offsetof(struct start_page, memmap),
	};
	memcpy(b->ram + LINUX_CMDLINE, b->cmdline, len + 1);
	n = e820_build(map, b->ram_size);
	for (i = 0; i < n; i++)
		sp->memmap[i] = (struct start_memmap) {
			.addr = map[i].addr, .size = map[i].size,
			.type = map[i].type,
		};
	sp->info.memmap_entries = n;
	if (b->initrd) {
		b->initrd_addr = initrd_place(b->ram_size, LINUX_MAX_RAM,
					      b->kernel_end, b->initrd_size);
		if (!b->initrd_addr) {
			b->initrd_fault = true;
			b->why = "does not fit in guest memory above the kernel (see --mem)";
			return -E2BIG;
		}
		memcpy(b->ram + b->initrd_addr, b->initrd, b->initrd_size);
		sp->module = (struct start_module) {
			.paddr = b->initrd_addr, .size = b->initrd_size,
		};
		sp->info.nr_modules = 1;
		sp->info.modlist_paddr = LINUX_START_INFO +
					 offsetof(struct start_page, module);
	}
	b->mode = LINUX_ENTRY_32;
	b->boot_arg = LINUX_START_INFO;
	return 0;
}
