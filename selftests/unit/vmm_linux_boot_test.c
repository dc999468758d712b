// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux loaders (userspace/vmm/boot/bzimage.c, pvh.c, linux_image.c) on
 * images made here: a bzImage with just a setup header and a payload,
 * and an ELF with one loadable segment and a Xen PVH note. Checks what
 * lands in guest memory (boot_params, start info, memory map, kernel,
 * initrd, command line), the entry state, and every refusal.
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "linux_image.h"
#include "kselftest_harness.h"

#define RAM_SIZE	(64ULL << 20)
#define SETUP_SECTS	4
#define SETUP_SIZE	((SETUP_SECTS + 1) * 512)
#define PAYLOAD		0x3000
#define INIT_SIZE	0x200000
#define PREF_ADDR	0x1000000ULL

static void put(uint8_t *p, unsigned int off, unsigned int size, uint64_t v)
{
	memcpy(p + off, &v, size);
}

static uint64_t get(const uint8_t *p, uint64_t off, unsigned int size)
{
	uint64_t v = 0;

	memcpy(&v, p + off, size);
	return v;
}

/* A bzImage: setup header of protocol 2.15, 64-bit, relocatable. */
static uint8_t *make_bzimage(size_t *size)
{
	uint8_t *k = calloc(1, SETUP_SIZE + PAYLOAD);
	size_t i;

	put(k, 0x1f1, 1, SETUP_SECTS);
	put(k, 0x1f4, 4, PAYLOAD / 16);
	put(k, 0x1fe, 2, 0xaa55);
	put(k, 0x200, 1, 0xeb);
	put(k, 0x201, 1, 0x6a);			/* header ends at 0x26c */
	memcpy(k + 0x202, "HdrS", 4);
	put(k, 0x206, 2, 0x020f);
	put(k, 0x211, 1, 0x01);			/* LOADED_HIGH */
	put(k, 0x22c, 4, 0x7fffffff);		/* initrd_addr_max */
	put(k, 0x230, 4, 0x200000);		/* kernel_alignment */
	put(k, 0x234, 1, 1);			/* relocatable */
	put(k, 0x236, 2, 0x3);			/* 64-bit, above 4G */
	put(k, 0x238, 4, 2047);			/* cmdline_size */
	put(k, 0x258, 8, PREF_ADDR);
	put(k, 0x260, 4, INIT_SIZE);
	for (i = 0; i < PAYLOAD; i++)
		k[SETUP_SIZE + i] = (uint8_t)(i * 7);
	*size = SETUP_SIZE + PAYLOAD;
	return k;
}

struct elf_image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	Elf64_Nhdr nh;
	char name[4];
	uint32_t entry;
	uint8_t code[0x100];
};

static struct elf_image *make_vmlinux(void)
{
	struct elf_image *e = calloc(1, sizeof(*e));

	memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
	e->eh.e_ident[EI_CLASS] = ELFCLASS64;
	e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	e->eh.e_type = ET_EXEC;
	e->eh.e_machine = EM_X86_64;
	e->eh.e_phoff = offsetof(struct elf_image, ph);
	e->eh.e_phentsize = sizeof(Elf64_Phdr);
	e->eh.e_phnum = 2;
	e->ph[0] = (Elf64_Phdr) {
		.p_type = PT_LOAD, .p_offset = offsetof(struct elf_image, code),
		.p_paddr = PREF_ADDR, .p_filesz = sizeof(e->code),
		.p_memsz = 0x2000,
	};
	e->ph[1] = (Elf64_Phdr) {
		.p_type = PT_NOTE, .p_offset = offsetof(struct elf_image, nh),
		.p_filesz = sizeof(e->nh) + 8,
	};
	e->nh = (Elf64_Nhdr) { .n_namesz = 4, .n_descsz = 4, .n_type = 18 };
	memcpy(e->name, "Xen", 4);
	e->entry = PREF_ADDR + 0x40;
	memset(e->code, 0xcc, sizeof(e->code));
	return e;
}

FIXTURE(boot) {
	uint8_t *ram;
	struct linux_boot b;
	uint8_t initrd[0x1800];
};

FIXTURE_SETUP(boot)
{
	self->ram = calloc(1, RAM_SIZE);
	ASSERT_NE(NULL, self->ram);
	memset(self->initrd, 0x5a, sizeof(self->initrd));
	self->b = (struct linux_boot) {
		.ram = self->ram, .ram_size = RAM_SIZE,
		.initrd = self->initrd, .initrd_size = sizeof(self->initrd),
		.cmdline = "console=ttyS0 quiet", .rsdp = 0xe0000,
	};
}

FIXTURE_TEARDOWN(boot)
{
	free(self->ram);
}

TEST(e820_map)
{
	struct e820_entry map[E820_MAX];

	ASSERT_EQ(3, e820_build(map, RAM_SIZE));
	EXPECT_EQ(0, map[0].addr);
	EXPECT_EQ(0x9fc00, map[0].size);
	EXPECT_EQ(E820_RAM, map[0].type);
	EXPECT_EQ(0x9fc00, map[1].addr);
	EXPECT_EQ(0x100000 - 0x9fc00, map[1].size);
	EXPECT_EQ(E820_RESERVED, map[1].type);
	EXPECT_EQ(0x100000, map[2].addr);
	EXPECT_EQ(RAM_SIZE - 0x100000, map[2].size);
	EXPECT_EQ(E820_RAM, map[2].type);
	EXPECT_EQ(20, sizeof(map[0]));
}

TEST(initrd_placement)
{
	EXPECT_EQ(0x3fff000, initrd_place(0x4000000, ~0ULL, 0, 0x1000));
	EXPECT_EQ(0x3ffe000, initrd_place(0x4000000, ~0ULL, 0, 0x1001));
	EXPECT_EQ(0x1000000, initrd_place(0x4000000, 0x1001000, 0, 0x1000));
	EXPECT_EQ(0, initrd_place(0x4000000, ~0ULL, 0x3fff001, 0x1000));
	EXPECT_EQ(0, initrd_place(0x4000000, ~0ULL, 0, 0x4000001));
}

TEST(formats)
{
	size_t size;
	uint8_t *k = make_bzimage(&size);
	struct elf_image *e = make_vmlinux();

	EXPECT_EQ(LINUX_BZIMAGE, linux_format(k, size));
	EXPECT_EQ(LINUX_ELF, linux_format((uint8_t *)e, sizeof(*e)));
	EXPECT_EQ(LINUX_NOT_A_KERNEL, linux_format((uint8_t *)"hello", 5));
	EXPECT_EQ(LINUX_NOT_A_KERNEL, linux_format(k, 0x205));
	free(k);
	free(e);
}

TEST_F(boot, bzimage)
{
	struct linux_boot *b = &self->b;
	const uint8_t *bp = self->ram + LINUX_ZERO_PAGE;
	size_t size;
	uint8_t *k = make_bzimage(&size);

	b->kernel = k;
	b->kernel_size = size;
	ASSERT_EQ(0, bzimage_load(b));
	EXPECT_EQ(LINUX_ENTRY_64, b->mode);
	EXPECT_EQ(PREF_ADDR + 0x200, b->entry);
	EXPECT_EQ(LINUX_ZERO_PAGE, b->boot_arg);
	EXPECT_EQ(PREF_ADDR, b->kernel_start);
	EXPECT_EQ(PREF_ADDR + INIT_SIZE, b->kernel_end);
	EXPECT_EQ(0, memcmp(self->ram + PREF_ADDR, k + SETUP_SIZE, PAYLOAD));
	/* the header is copied, then the loader's fields */
	EXPECT_EQ(0xaa55, get(bp, 0x1fe, 2));
	EXPECT_EQ(0x020f, get(bp, 0x206, 2));
	EXPECT_EQ(0xff, get(bp, 0x210, 1));
	EXPECT_EQ(LINUX_CMDLINE, get(bp, 0x228, 4));
	EXPECT_STREQ("console=ttyS0 quiet",
		     (char *)self->ram + LINUX_CMDLINE);
	EXPECT_EQ(0xe0000, get(bp, 0x070, 8));
	EXPECT_EQ(3, get(bp, 0x1e8, 1));
	EXPECT_EQ(0x100000, get(bp, 0x2d0 + 2 * 20, 8));
	EXPECT_EQ(RAM_SIZE - 0x2000, get(bp, 0x218, 4));
	EXPECT_EQ(sizeof(self->initrd), get(bp, 0x21c, 4));
	EXPECT_EQ(0, get(bp, 0x0c0, 4));
	EXPECT_EQ(0, memcmp(self->ram + RAM_SIZE - 0x2000, self->initrd,
			    sizeof(self->initrd)));
	/* nothing of the header past its end (0x26c) */
	EXPECT_EQ(0, get(bp, 0x26c, 8));
	free(k);
}

TEST_F(boot, bzimage_refusals)
{
	struct linux_boot *b = &self->b;
	size_t size;
	uint8_t *k = make_bzimage(&size);

	b->kernel = k;
	b->kernel_size = 0x263;
	EXPECT_EQ(-EINVAL, bzimage_load(b));
	EXPECT_NE(NULL, strstr(b->why, "truncated"));
	b->kernel_size = size - 16;
	EXPECT_EQ(-EINVAL, bzimage_load(b));
	EXPECT_NE(NULL, strstr(b->why, "truncated"));
	b->kernel_size = size;

	put(k, 0x206, 2, 0x020b);
	EXPECT_EQ(-EINVAL, bzimage_load(b));
	EXPECT_NE(NULL, strstr(b->why, "2.12"));
	put(k, 0x206, 2, 0x020f);

	put(k, 0x236, 2, 0);
	EXPECT_EQ(-EINVAL, bzimage_load(b));
	EXPECT_NE(NULL, strstr(b->why, "64-bit"));
	put(k, 0x236, 2, 3);

	b->ram_size = PREF_ADDR + INIT_SIZE - 0x1000;
	EXPECT_EQ(-E2BIG, bzimage_load(b));
	EXPECT_NE(NULL, strstr(b->why, "more guest memory"));
	EXPECT_FALSE(b->initrd_fault);

	b->ram_size = PREF_ADDR + INIT_SIZE + 0x1000;
	EXPECT_EQ(-E2BIG, bzimage_load(b));
	EXPECT_TRUE(b->initrd_fault);
	b->ram_size = RAM_SIZE;

	put(k, 0x238, 4, 4);
	EXPECT_EQ(-EINVAL, bzimage_load(b));
	EXPECT_NE(NULL, strstr(b->why, "command line"));
	free(k);
}

TEST_F(boot, pvh)
{
	struct linux_boot *b = &self->b;
	struct elf_image *e = make_vmlinux();
	const uint8_t *si = self->ram + LINUX_START_INFO;
	uint64_t memmap, mod;

	b->kernel = (uint8_t *)e;
	b->kernel_size = sizeof(*e);
	ASSERT_EQ(0, pvh_load(b));
	EXPECT_EQ(LINUX_ENTRY_32, b->mode);
	EXPECT_EQ(PREF_ADDR + 0x40, b->entry);
	EXPECT_EQ(LINUX_START_INFO, b->boot_arg);
	EXPECT_EQ(0, memcmp(self->ram + PREF_ADDR, e->code, sizeof(e->code)));
	EXPECT_EQ(0, self->ram[PREF_ADDR + sizeof(e->code)]);
	EXPECT_EQ(PREF_ADDR + 0x2000, b->kernel_end);

	EXPECT_EQ(0x336ec578, get(si, 0, 4));
	EXPECT_EQ(1, get(si, 4, 4));
	EXPECT_EQ(1, get(si, 12, 4));			/* nr_modules */
	EXPECT_EQ(LINUX_CMDLINE, get(si, 24, 8));
	EXPECT_EQ(0xe0000, get(si, 32, 8));
	EXPECT_EQ(3, get(si, 48, 4));			/* memmap entries */
	memmap = get(si, 40, 8);
	EXPECT_EQ(0x100000, get(self->ram, memmap + 2 * 24, 8));
	EXPECT_EQ(RAM_SIZE - 0x100000, get(self->ram, memmap + 2 * 24 + 8, 8));
	EXPECT_EQ(E820_RAM, get(self->ram, memmap + 2 * 24 + 16, 4));
	mod = get(si, 16, 8);
	EXPECT_EQ(RAM_SIZE - 0x2000, get(self->ram, mod, 8));
	EXPECT_EQ(sizeof(self->initrd), get(self->ram, mod + 8, 8));
	free(e);
}

TEST_F(boot, pvh_refusals)
{
	struct linux_boot *b = &self->b;
	struct elf_image *e = make_vmlinux();

	b->kernel = (uint8_t *)e;
	b->kernel_size = offsetof(struct elf_image, code) + 0x80;
	EXPECT_EQ(-EINVAL, pvh_load(b));
	EXPECT_NE(NULL, strstr(b->why, "truncated"));
	b->kernel_size = sizeof(*e);

	e->nh.n_type = 17;
	EXPECT_EQ(-EINVAL, pvh_load(b));
	EXPECT_NE(NULL, strstr(b->why, "no PVH entry point"));
	e->nh.n_type = 18;

	e->entry = PREF_ADDR + 0x2000;
	EXPECT_EQ(-EINVAL, pvh_load(b));
	EXPECT_NE(NULL, strstr(b->why, "outside the kernel"));
	e->entry = PREF_ADDR;

	e->ph[0].p_paddr = 0x80000;
	EXPECT_EQ(-EINVAL, pvh_load(b));
	e->ph[0].p_paddr = RAM_SIZE - 0x1000;
	EXPECT_EQ(-E2BIG, pvh_load(b));
	e->ph[0].p_paddr = PREF_ADDR;

	e->eh.e_machine = EM_386;
	EXPECT_EQ(-EINVAL, pvh_load(b));
	EXPECT_NE(NULL, strstr(b->why, "x86-64"));
	free(e);
}

TEST_HARNESS_MAIN
