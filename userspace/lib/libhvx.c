// SPDX-License-Identifier: GPL-2.0
/*
 * libhvx: typed wrappers over the hvx ioctls and guest mode set-up.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <asm/vmx.h>
#include "libhvx.h"

/* ioctl() returning -errno instead of -1. */
static int xioctl(int fd, unsigned long cmd, unsigned long arg)
{
	int r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno : r;
}

int hvx_open(void)
{
	int fd = open(HVX_DEVICE, O_RDWR | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int hvx_api_version(int sys_fd)
{
	return xioctl(sys_fd, HVX_GET_API_VERSION, 0);
}

int hvx_check_extension(int sys_fd, long cap)
{
	return xioctl(sys_fd, HVX_CHECK_EXTENSION, cap);
}

int hvx_get_vmx_caps(int sys_fd, struct hvx_vmx_caps *caps)
{
	return xioctl(sys_fd, HVX_GET_VMX_CAPS, (unsigned long)caps);
}

int hvx_create_vm(int sys_fd)
{
	return xioctl(sys_fd, HVX_CREATE_VM, 0);
}

int hvx_create_vcpu(int vm_fd, unsigned int id)
{
	return xioctl(vm_fd, HVX_CREATE_VCPU, id);
}

int hvx_set_memory(int vm_fd, uint32_t slot, uint32_t flags, uint64_t gpa,
		   uint64_t size, void *hva)
{
	struct hvx_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};

	return xioctl(vm_fd, HVX_SET_USER_MEMORY_REGION, (unsigned long)&r);
}

int hvx_ioeventfd(int vm_fd, int fd, uint64_t addr, uint32_t len,
		  uint32_t flags, uint64_t datamatch)
{
	struct hvx_ioeventfd e = {
		.datamatch = datamatch,
		.addr = addr,
		.len = len,
		.fd = fd,
		.flags = flags,
	};

	return xioctl(vm_fd, HVX_IOEVENTFD, (unsigned long)&e);
}

void *hvx_alloc_guest_memory(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void hvx_free_guest_memory(void *hva, size_t size)
{
	munmap(hva, size);
}

struct hvx_run *hvx_map_run(int vcpu_fd)
{
	void *p = mmap(NULL, HVX_RUN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vcpu_fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

void hvx_unmap_run(struct hvx_run *run)
{
	munmap(run, HVX_RUN_SIZE);
}

int hvx_run(int vcpu_fd)
{
	return xioctl(vcpu_fd, HVX_RUN, 0);
}

int hvx_get_regs(int vcpu_fd, struct hvx_regs *regs)
{
	return xioctl(vcpu_fd, HVX_GET_REGS, (unsigned long)regs);
}

int hvx_set_regs(int vcpu_fd, const struct hvx_regs *regs)
{
	return xioctl(vcpu_fd, HVX_SET_REGS, (unsigned long)regs);
}

int hvx_get_sregs(int vcpu_fd, struct hvx_sregs *sregs)
{
	return xioctl(vcpu_fd, HVX_GET_SREGS, (unsigned long)sregs);
}

int hvx_set_sregs(int vcpu_fd, const struct hvx_sregs *sregs)
{
	return xioctl(vcpu_fd, HVX_SET_SREGS, (unsigned long)sregs);
}

struct one_msr {
	struct hvx_msrs hdr;
	struct hvx_msr_entry entry;
};

int hvx_get_msr(int vcpu_fd, uint32_t index, uint64_t *value)
{
	struct one_msr m = { .hdr.nmsrs = 1, .entry.index = index };
	int r = xioctl(vcpu_fd, HVX_GET_MSRS, (unsigned long)&m);

	if (r < 0)
		return r;
	if (r != 1)
		return -EINVAL;
	*value = m.entry.data;
	return 0;
}

int hvx_set_msr(int vcpu_fd, uint32_t index, uint64_t value)
{
	struct one_msr m = {
		.hdr.nmsrs = 1, .entry.index = index, .entry.data = value
	};
	int r = xioctl(vcpu_fd, HVX_SET_MSRS, (unsigned long)&m);

	if (r < 0)
		return r;
	return r == 1 ? 0 : -EINVAL;
}

int hvx_interrupt(int vcpu_fd, uint32_t vector)
{
	struct hvx_interrupt irq = { .vector = vector };

	return xioctl(vcpu_fd, HVX_INTERRUPT, (unsigned long)&irq);
}

const char *hvx_exit_name(uint32_t exit_reason)
{
	static const char *const names[] = {
		[HVX_EXIT_NONE] = "none",
		[HVX_EXIT_IO] = "io",
		[HVX_EXIT_HLT] = "hlt",
		[HVX_EXIT_HYPERCALL] = "hypercall",
		[HVX_EXIT_MMIO] = "mmio",
		[HVX_EXIT_SHUTDOWN] = "shutdown",
		[HVX_EXIT_FAIL_ENTRY] = "fail-entry",
		[HVX_EXIT_INTERNAL_ERROR] = "internal-error",
		[HVX_EXIT_INTR] = "intr",
		[HVX_EXIT_IRQ_WINDOW_OPEN] = "irq-window-open",
		[HVX_EXIT_DESTROYED] = "destroyed",
	};

	if (exit_reason < sizeof(names) / sizeof(names[0]) && names[exit_reason])
		return names[exit_reason];
	return "unknown";
}

const char *hvx_vector_name(uint8_t vector)
{
	static const char *const names[] = {
		"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
		"#DF", "#MF(9)", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
		"#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
	};

	if (vector < sizeof(names) / sizeof(names[0]))
		return names[vector];
	return "#?";
}

const char *hvx_vmx_exit_name(uint32_t reason)
{
	static const struct {
		uint32_t reason;
		const char *name;
	} names[] = { VMX_EXIT_REASONS };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].reason == (reason & 0xffff))
			return names[i].name;
	return NULL;
}

int hvx_mode_from_name(const char *name, enum hvx_guest_mode *mode)
{
	if (!strcasecmp(name, "real"))
		*mode = HVX_MODE_REAL;
	else if (!strcasecmp(name, "protected") || !strcmp(name, "32"))
		*mode = HVX_MODE_PROTECTED;
	else if (!strcasecmp(name, "long") || !strcmp(name, "64"))
		*mode = HVX_MODE_LONG;
	else
		return -EINVAL;
	return 0;
}

/* Flat segments; access-rights types are the "accessed" ones VMX wants. */
static struct hvx_segment flat_segment(uint16_t sel, uint8_t type, int l,
				       int db)
{
	return (struct hvx_segment) {
		.limit = 0xffffffff, .selector = sel, .type = type,
		.present = 1, .s = 1, .l = l, .db = db, .g = 1,
	};
}

static struct hvx_segment real_segment(uint8_t type)
{
	return (struct hvx_segment) {
		.limit = 0xffff, .type = type, .present = 1, .s = 1,
	};
}

/* GDT: null, 64-bit code, data, 32-bit code, 64-bit TSS (two slots). */
static void write_gdt(uint64_t *gdt)
{
	gdt[0] = 0;
	gdt[HVX_SEL_CODE64 / 8] = 0x00af9b000000ffffULL;
	gdt[HVX_SEL_DATA / 8] = 0x00cf93000000ffffULL;
	gdt[HVX_SEL_CODE32 / 8] = 0x00cf9b000000ffffULL;
	gdt[HVX_SEL_TSS / 8] = 0x00008b0000000067ULL;
	gdt[HVX_SEL_TSS / 8 + 1] = 0;
}

/* PML4 -> PDPT -> four PDs of 2 MiB pages covering 4 GiB. */
static void write_page_tables(uint8_t *tables, uint64_t tables_gpa)
{
	uint64_t *pml4 = (uint64_t *)(tables + 0x1000);
	uint64_t *pdpt = (uint64_t *)(tables + 0x2000);
	int i, j;

	memset(tables + 0x1000, 0, 6 * 0x1000);
	pml4[0] = (tables_gpa + 0x2000) | 3;
	for (i = 0; i < 4; i++) {
		uint64_t *pd = (uint64_t *)(tables + 0x3000 + i * 0x1000);

		pdpt[i] = (tables_gpa + 0x3000 + i * 0x1000) | 3;
		for (j = 0; j < 512; j++)
			pd[j] = ((uint64_t)(i * 512 + j) << 21) | 0x83;
	}
}

static void set_protected_sregs(struct hvx_sregs *s, uint64_t tables_gpa,
				int long_mode)
{
	struct hvx_segment data = flat_segment(HVX_SEL_DATA, 3, 0, 1);

	s->cs = long_mode ? flat_segment(HVX_SEL_CODE64, 11, 1, 0) :
			    flat_segment(HVX_SEL_CODE32, 11, 0, 1);
	s->ds = s->es = s->fs = s->gs = s->ss = data;
	s->tr = (struct hvx_segment) {
		.limit = 0x67, .selector = HVX_SEL_TSS, .type = 11,
		.present = 1,
	};
	s->ldt = (struct hvx_segment) { .type = 2, .unusable = 1 };
	s->gdt.base = tables_gpa;
	s->gdt.limit = HVX_SEL_TSS + 15;
	s->idt.base = 0;
	s->idt.limit = 0;
	/* PE, MP, ET, NE (and WP, PG in long mode); OSFXSR, OSXMMEXCPT. */
	s->cr0 = 0x33;
	s->cr4 = 0x600;
	if (long_mode) {
		s->cr0 |= 0x80010000;
		s->cr3 = tables_gpa + 0x1000;
		s->cr4 |= 0x20;
		s->efer = 0x500;
	}
}

int hvx_mode_sregs(struct hvx_sregs *s, enum hvx_guest_mode mode,
		   void *tables_hva, uint64_t tables_gpa)
{
	if (mode == HVX_MODE_REAL) {
		s->cs = real_segment(11);
		s->ds = s->es = s->fs = s->gs = s->ss = real_segment(3);
		s->cr0 = 0x10;
		s->cr4 = 0;
		s->efer = 0;
		s->gdt.base = s->idt.base = 0;
		s->gdt.limit = s->idt.limit = 0xffff;
		return 0;
	}
	if (!tables_hva)
		return -EINVAL;
	write_gdt(tables_hva);
	if (mode == HVX_MODE_LONG)
		write_page_tables(tables_hva, tables_gpa);
	set_protected_sregs(s, tables_gpa, mode == HVX_MODE_LONG);
	return 0;
}

int hvx_setup_mode(int vcpu_fd, enum hvx_guest_mode mode, uint64_t entry,
		   uint64_t stack, void *tables_hva, uint64_t tables_gpa)
{
	struct hvx_regs regs = { .rip = entry, .rsp = stack, .rflags = 2 };
	struct hvx_sregs s;
	int r;

	r = hvx_get_sregs(vcpu_fd, &s);
	if (r)
		return r;
	r = hvx_mode_sregs(&s, mode, tables_hva, tables_gpa);
	if (r)
		return r;
	r = hvx_set_sregs(vcpu_fd, &s);
	if (r)
		return r;
	return hvx_set_regs(vcpu_fd, &regs);
}
