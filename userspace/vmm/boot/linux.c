// SPDX-License-Identifier: GPL-2.0
/*
 * Booting Linux, the VMM's half: files in, vCPU state out.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "linux.h"
#include "raw.h"
#include "util.h"
#include "vcpu.h"

/* Flat 4 GiB descriptors: 64-bit code, 32-bit code, data. */
#define GDT_CODE64	0x00af9b000000ffffULL
#define GDT_CODE32	0x00cf9b000000ffffULL
#define GDT_DATA	0x00cf93000000ffffULL
#define GDT_ENTRIES	6	/* null, null, CS, DS, 16-byte TSS */

/* The whole file into a new buffer, with raw_image's checks and reads. */
static int read_all(const char *path, uint8_t **buf, size_t *size)
{
	struct raw_image img;
	int r = raw_image_open(&img, path);

	if (r)
		return r;
	*buf = malloc(img.size);
	if (!*buf) {
		error("%s: cannot allocate %s to read it", path,
		      size_str(img.size));
		raw_image_close(&img);
		return -ENOMEM;
	}
	*size = img.size;
	r = raw_image_load(&img, *buf, 0);
	if (r) {
		free(*buf);
		*buf = NULL;
		raw_image_close(&img);
	}
	return r;
}

int linux_files_read(struct linux_files *f, const char *kernel,
		     const char *initrd)
{
	int r;

	memset(f, 0, sizeof(*f));
	f->kernel_path = kernel;
	f->initrd_path = initrd;
	r = read_all(kernel, &f->kernel, &f->kernel_size);
	if (r)
		return r;
	f->format = linux_format(f->kernel, f->kernel_size);
	if (f->format == LINUX_NOT_A_KERNEL) {
		error("%s: not a Linux kernel: neither a bzImage nor an ELF vmlinux",
		      kernel);
		linux_files_free(f);
		return -EINVAL;
	}
	if (initrd) {
		r = read_all(initrd, &f->initrd, &f->initrd_size);
		if (r) {
			linux_files_free(f);
			return r;
		}
	}
	return 0;
}

void linux_files_free(struct linux_files *f)
{
	free(f->kernel);
	free(f->initrd);
	f->kernel = f->initrd = NULL;
}

/*
 * The boot protocols' GDT (CS 0x10, DS 0x18) in place of libhvx's, which
 * set up the mode and the page tables; the TSS descriptor moves along.
 */
static int use_linux_gdt(struct vm *vm, struct accel_vcpu *cpu,
			 struct hvx_sregs *s, bool code64)
{
	uint64_t *gdt = (uint64_t *)(vm->ram + LINUX_GDT);
	const uint8_t *old = vm->ram + LINUX_PAGE_TABLES + HVX_SEL_TSS;

	memset(gdt, 0, GDT_ENTRIES * 8);
	gdt[LINUX_BOOT_CS / 8] = code64 ? GDT_CODE64 : GDT_CODE32;
	gdt[LINUX_BOOT_DS / 8] = GDT_DATA;
	memcpy(&gdt[4], old, 16);
	s->gdt.base = LINUX_GDT;
	s->gdt.limit = GDT_ENTRIES * 8 - 1;
	s->cs.selector = LINUX_BOOT_CS;
	s->ds.selector = s->es.selector = s->ss.selector = LINUX_BOOT_DS;
	s->fs.selector = s->gs.selector = LINUX_BOOT_DS;
	s->tr.selector = 4 * 8;
	return accel_vcpu_set_sregs(cpu, s);
}

/* The boot CPU, vCPU 0, at the kernel's entry; the others wait for it. */
static int setup_vcpu(struct vm *vm, const struct linux_boot *b)
{
	struct accel_vcpu *cpu = &vm->vcpus[0].accel;
	bool code64 = b->mode == LINUX_ENTRY_64;
	struct hvx_sregs s;
	struct hvx_regs regs;
	int r;

	if (!code64 && !accel_unrestricted(&vm->accel)) {
		error("run: the PVH entry needs unpaged protected mode, which this CPU or %s lacks (boot a bzImage instead)",
		      accel_kernel(&vm->accel));
		return -EOPNOTSUPP;
	}
	r = accel_vcpu_setup_mode(cpu, code64 ? HVX_MODE_LONG :
				  HVX_MODE_PROTECTED, b->entry, 0,
				  vm->ram + LINUX_PAGE_TABLES,
				  LINUX_PAGE_TABLES);
	if (!r)
		r = accel_vcpu_get_sregs(cpu, &s);
	if (!r)
		r = use_linux_gdt(vm, cpu, &s, code64);
	if (!r)
		r = accel_vcpu_get_regs(cpu, &regs);
	if (!r) {
		if (code64)
			regs.rsi = b->boot_arg;
		else
			regs.rbx = b->boot_arg;
		r = accel_vcpu_set_regs(cpu, &regs);
	}
	if (r)
		error("run: setting up the vCPU for the kernel's entry: %s",
		      strerror(-r));
	return r;
}

int linux_load(struct vm *vm, const struct linux_files *f,
	       const char *cmdline, uint64_t rsdp)
{
	struct linux_boot b = {
		.ram = vm->ram, .ram_size = vm->ram_size,
		.kernel = f->kernel, .kernel_size = f->kernel_size,
		.initrd = f->initrd, .initrd_size = f->initrd_size,
		.cmdline = cmdline, .rsdp = rsdp,
	};
	int r;

	r = f->format == LINUX_BZIMAGE ? bzimage_load(&b) : pvh_load(&b);
	if (r) {
		error("%s: %s", b.initrd_fault ? f->initrd_path : f->kernel_path,
		      b.why);
		return r;
	}
	if (vm->verbose)
		error("%s: %s, kernel at 0x%llx-0x%llx, entry 0x%llx%s",
		      f->kernel_path,
		      f->format == LINUX_BZIMAGE ? "bzImage, 64-bit entry" :
		      "vmlinux, PVH entry",
		      (unsigned long long)b.kernel_start,
		      (unsigned long long)b.kernel_end,
		      (unsigned long long)b.entry,
		      f->initrd ? ", initrd loaded" : "");
	return setup_vcpu(vm, &b);
}
