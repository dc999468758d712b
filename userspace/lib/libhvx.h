/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libhvx: a thin typed C wrapper over the /dev/hvx ioctls, plus the guest
 * set-up every VMM needs (memory, flat protected mode, long mode with
 * identity-mapped page tables). It never exits or prints: every call
 * returns 0 or a value on success and -errno on failure.
 */
#ifndef LIBHVX_H
#define LIBHVX_H

#include <stddef.h>
#include <stdint.h>
#include <linux/hvx.h>

#define HVX_DEVICE	"/dev/hvx"

/* System */
int hvx_open(void);
int hvx_api_version(int sys_fd);
int hvx_check_extension(int sys_fd, long cap);
int hvx_get_vmx_caps(int sys_fd, struct hvx_vmx_caps *caps);
int hvx_create_vm(int sys_fd);

/* VM */
int hvx_create_vcpu(int vm_fd, unsigned int id);
int hvx_set_memory(int vm_fd, uint32_t slot, uint32_t flags, uint64_t gpa,
		   uint64_t size, void *hva);
/*
 * HVX_IOEVENTFD: signal eventfd @fd when the guest writes @len bytes at
 * @addr (port or guest-physical, per @flags); with
 * HVX_IOEVENTFD_DATAMATCH only when it writes @datamatch.
 */
int hvx_ioeventfd(int vm_fd, int fd, uint64_t addr, uint32_t len,
		  uint32_t flags, uint64_t datamatch);
void *hvx_alloc_guest_memory(size_t size);
void hvx_free_guest_memory(void *hva, size_t size);

/* vCPU */
struct hvx_run *hvx_map_run(int vcpu_fd);
void hvx_unmap_run(struct hvx_run *run);
int hvx_run(int vcpu_fd);
int hvx_get_regs(int vcpu_fd, struct hvx_regs *regs);
int hvx_set_regs(int vcpu_fd, const struct hvx_regs *regs);
int hvx_get_sregs(int vcpu_fd, struct hvx_sregs *sregs);
int hvx_set_sregs(int vcpu_fd, const struct hvx_sregs *sregs);
int hvx_get_msr(int vcpu_fd, uint32_t index, uint64_t *value);
int hvx_set_msr(int vcpu_fd, uint32_t index, uint64_t value);
/* Queue an external interrupt (ready_for_interrupt_injection must be set). */
int hvx_interrupt(int vcpu_fd, uint32_t vector);

/* I/O data of an HVX_EXIT_IO, in the run page. */
static inline void *hvx_io_data(struct hvx_run *run)
{
	return (uint8_t *)run + run->io.data_offset;
}

/* Names for printing */
const char *hvx_exit_name(uint32_t exit_reason);
const char *hvx_vector_name(uint8_t vector);
/*
 * The name of VMX basic exit reason @reason (its low 16 bits; SDM vol.
 * 3D, appendix C) as the kernel's <asm/vmx.h> spells it in
 * VMX_EXIT_REASONS ("EPT_VIOLATION"), or NULL if it has none.
 */
const char *hvx_vmx_exit_name(uint32_t reason);

/*
 * Guest modes. Real mode starts at CS=0, RIP=entry. Protected mode is flat
 * 32-bit without paging. Long mode identity-maps the first 4 GiB with
 * 2 MiB pages; its tables and GDT take HVX_LONG_MODE_TABLES_SIZE bytes of
 * guest memory at @tables_gpa, which @tables_hva maps.
 */
enum hvx_guest_mode {
	HVX_MODE_REAL,
	HVX_MODE_PROTECTED,
	HVX_MODE_LONG,
};

#define HVX_LONG_MODE_TABLES_SIZE	(7 * 4096)

/* GDT selectors hvx_setup_mode() installs for protected and long mode. */
#define HVX_SEL_CODE64	0x08
#define HVX_SEL_DATA	0x10
#define HVX_SEL_CODE32	0x18
#define HVX_SEL_TSS	0x20

int hvx_mode_from_name(const char *name, enum hvx_guest_mode *mode);
/*
 * The mode's part of hvx_setup_mode() without the ioctls, for any
 * hypervisor with the same register layout: fill the segments, control
 * registers and EFER of @s, and write the GDT (and page tables) at
 * @tables_hva. Other fields of @s are left as they are.
 */
int hvx_mode_sregs(struct hvx_sregs *s, enum hvx_guest_mode mode,
		   void *tables_hva, uint64_t tables_gpa);
int hvx_setup_mode(int vcpu_fd, enum hvx_guest_mode mode, uint64_t entry,
		   uint64_t stack, void *tables_hva, uint64_t tables_gpa);

#endif /* LIBHVX_H */
