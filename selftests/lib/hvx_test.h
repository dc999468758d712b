/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx selftest library: VMs with memory and vCPUs in a chosen mode, guest
 * code copied in from the test, run-until-exit helpers that fail the test
 * on anything unexpected, and the guest->host reporting protocol.
 *
 * Two kinds of call:
 *  - hvxt_*() helpers are checked: on any failure they print a "# " line
 *    naming the call, the errno and the caller's file:line, then abort(),
 *    which the kselftest harness reports as a failed test;
 *  - the libhvx calls (hvx_*(), returning -errno) and hvxt_raw_ioctl()
 *    are raw, for tests that expect an error.
 *
 * This header does not include the kselftest harness, so the library
 * objects can be linked into every test; tests include hvx_harness.h.
 */
#ifndef HVX_TEST_H
#define HVX_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "libhvx.h"
#include "guest_asm.h"

/*
 * Guest-physical memory map of a VM made by hvxt_vm_create(): one slot
 * (slot 0) of HVXT_MEM_SIZE bytes at gpa 0.
 *
 *   0x000000  unused (real-mode IVT)
 *   0x001000  guest code, HVXT_CODE_MAX bytes (HVXT_CODE_GPA)
 *   0x008000  real-mode stacks, 1 KiB per vCPU, the first ending at 0xf000
 *   0x010000  GDT and long-mode page tables (HVXT_TABLES_GPA)
 *   0x020000  test data, up to 0xf0000 (HVXT_DATA_GPA)
 *   0x0f0000  protected/long-mode stacks, 4 KiB per vCPU, ending at 1 MiB
 *   0x100000  more test data, up to HVXT_MEM_SIZE
 */
#define HVXT_MEM_SLOT		0
#define HVXT_MEM_SIZE		0x200000UL
#define HVXT_CODE_GPA		0x1000UL
#define HVXT_CODE_MAX		0x7000UL
#define HVXT_TABLES_GPA		0x10000UL
#define HVXT_DATA_GPA		0x20000UL
#define HVXT_DATA2_GPA		0x100000UL
#define HVXT_MAX_VCPUS		16
#define HVXT_MAX_REPORTS	64

/* Where a vCPU's stack starts (grows down from). */
uint64_t hvxt_stack_top(enum hvx_guest_mode mode, unsigned int id);

struct hvxt_vm {
	int sys_fd;
	int fd;
	enum hvx_guest_mode mode;
	uint8_t *mem;		/* slot 0, gpa 0 */
	size_t mem_size;
	struct hvxt_vcpu *vcpus[HVXT_MAX_VCPUS];
	unsigned int nr_vcpus;
};

struct hvxt_vcpu {
	struct hvxt_vm *vm;
	int fd;
	unsigned int id;
	struct hvx_run *run;
	/* Values the guest reported (HVXT_PORT_REPORT), oldest first. */
	uint64_t reports[HVXT_MAX_REPORTS];
	unsigned int nr_reports;
};

/* ------------------------------------------------------------------ */
/* Failing the test */

void hvxt_fail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));
#define HVXT_FAIL(...)	hvxt_fail_at(__FILE__, __LINE__, __VA_ARGS__)

/* Fail the test unless @cond holds. */
#define HVXT_CHECK(cond, ...) do {					\
	if (!(cond))							\
		hvxt_fail_at(__FILE__, __LINE__, __VA_ARGS__);		\
} while (0)

/*
 * Evaluate a call returning a value or -errno (libhvx style); fail the
 * test, naming the call and the error, when it is negative.
 */
#define HVXT_OK(call) ({						\
	long __r = (long)(call);					\
	if (__r < 0)							\
		hvxt_fail_at(__FILE__, __LINE__, "%s failed: %s (%s)",	\
			     #call, hvxt_errno_name(-__r),		\
			     strerror(-__r));				\
	__r;								\
})

/* "EINVAL" for EINVAL, etc.; "E?" for what it does not know. */
const char *hvxt_errno_name(int err);

/* Log a "# " line on stderr (TAP comment). */
void hvxt_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------------------------ */
/* Raw access */

/* ioctl() returning the result or -errno. */
long hvxt_raw_ioctl(int fd, unsigned long cmd, const void *arg);

/* Same, with an integer argument. */
long hvxt_raw_ioctl_arg(int fd, unsigned long cmd, unsigned long arg);

/* HVX_SET_USER_MEMORY_REGION with a full region struct; -errno. */
int hvxt_raw_set_region(int vm_fd, const struct hvx_memory_region *r);

/* ------------------------------------------------------------------ */
/* System, VM and vCPU objects */

/* /dev/hvx opened, or the test fails. */
int hvxt_open_sys(void);

/* Is /dev/hvx there (the module loaded)? */
bool hvxt_have_device(void);

/*
 * A VM with HVXT_MEM_SIZE bytes of memory in slot 0 at gpa 0, whose
 * vCPUs hvxt_vcpu_add() puts in @mode.
 */
struct hvxt_vm *hvxt_vm_create(enum hvx_guest_mode mode);

/* Close every fd and free the memory; vCPUs first. */
void hvxt_vm_destroy(struct hvxt_vm *vm);

/* Copy guest code [start, end) to @gpa; returns @gpa. */
uint64_t hvxt_load(struct hvxt_vm *vm, uint64_t gpa, const void *start,
		   const void *end);

/* Host pointer to guest-physical @gpa of slot 0 (@len bytes must fit). */
void *hvxt_gpa_ptr(struct hvxt_vm *vm, uint64_t gpa, size_t len);

/*
 * A vCPU with id @id in the VM's mode, starting at @entry with its own
 * stack (hvxt_stack_top()), its run page mapped.
 */
struct hvxt_vcpu *hvxt_vcpu_add(struct hvxt_vm *vm, unsigned int id,
				uint64_t entry);

/* Close a vCPU fd and unmap its run page (the VM forgets it). */
void hvxt_vcpu_destroy(struct hvxt_vcpu *vcpu);

/*
 * The usual start: a VM in @mode, guest code [start, end) loaded at
 * HVXT_CODE_GPA, vCPU 0 entering at @entry (a label in that code).
 */
struct hvxt_vcpu *hvxt_vm_with_code(enum hvx_guest_mode mode,
				    const void *start, const void *end,
				    const void *entry);

/* Guest address of @label in code [start, ...) loaded at HVXT_CODE_GPA. */
#define HVXT_CODE_ADDR(start, label) \
	(HVXT_CODE_GPA + (uint64_t)((const uint8_t *)(label) - \
				    (const uint8_t *)(start)))

/* ------------------------------------------------------------------ */
/* Checked vCPU state (fail the test on any error) */

void hvxt_get_regs(struct hvxt_vcpu *vcpu, struct hvx_regs *regs);
void hvxt_set_regs(struct hvxt_vcpu *vcpu, const struct hvx_regs *regs);
void hvxt_get_sregs(struct hvxt_vcpu *vcpu, struct hvx_sregs *sregs);
void hvxt_set_sregs(struct hvxt_vcpu *vcpu, const struct hvx_sregs *sregs);
uint64_t hvxt_get_msr(struct hvxt_vcpu *vcpu, uint32_t index);
void hvxt_set_msr(struct hvxt_vcpu *vcpu, uint32_t index, uint64_t value);
void hvxt_set_cpuid(struct hvxt_vcpu *vcpu, const struct hvx_cpuid_entry *e,
		    unsigned int n);
void hvxt_get_xsave(struct hvxt_vcpu *vcpu, struct hvx_xsave *xsave);
void hvxt_set_xsave(struct hvxt_vcpu *vcpu, const struct hvx_xsave *xsave);
uint64_t hvxt_get_rip(struct hvxt_vcpu *vcpu);
void hvxt_set_rip(struct hvxt_vcpu *vcpu, uint64_t rip);

/* Set one general register by its struct hvx_regs field name. */
#define HVXT_SET_REG(vcpu, reg, value) do {				\
	struct hvx_regs __regs;						\
	hvxt_get_regs(vcpu, &__regs);					\
	__regs.reg = (value);						\
	hvxt_set_regs(vcpu, &__regs);					\
} while (0)

/* Checked HVX_SET_USER_MEMORY_REGION. */
void hvxt_set_memory(struct hvxt_vm *vm, uint32_t slot, uint32_t flags,
		     uint64_t gpa, uint64_t size, void *hva);

/* A fresh host mapping for guest memory (zeroed), or the test fails. */
void *hvxt_alloc(size_t size);

/* The supported CPUID table (HVX_GET_SUPPORTED_CPUID); caller frees. */
struct hvx_cpuid *hvxt_supported_cpuid(int sys_fd);

/* ------------------------------------------------------------------ */
/* Running */

/* HVX_RUN, failing the test if it does not return 0. */
struct hvx_run *hvxt_run(struct hvxt_vcpu *vcpu);

/* HVX_RUN; 0 or -errno. */
int hvxt_run_raw(struct hvxt_vcpu *vcpu);

/* One line describing the exit in the run page (for failure messages). */
const char *hvxt_describe_exit(const struct hvx_run *run, char *buf,
			       size_t len);

/* Fail the test unless the last exit has reason @reason. */
#define HVXT_ASSERT_EXIT(vcpu, reason) \
	hvxt_assert_exit_at(__FILE__, __LINE__, vcpu, reason)
void hvxt_assert_exit_at(const char *file, int line, struct hvxt_vcpu *vcpu,
			 uint32_t reason);

/*
 * Fail the test unless the last exit is port I/O on @port of @size
 * bytes in @direction (HVX_EXIT_IO_IN/OUT); returns the data pointer.
 */
#define HVXT_ASSERT_IO(vcpu, port, size, direction) \
	hvxt_assert_io_at(__FILE__, __LINE__, vcpu, port, size, direction)
void *hvxt_assert_io_at(const char *file, int line, struct hvxt_vcpu *vcpu,
			uint16_t port, uint8_t size, uint8_t direction);

/*
 * Fail the test unless the last exit reports a guest access to @gpa
 * that no memory slot backs (or a write to a read-only one). Today that
 * is HVX_EXIT_INTERNAL_ERROR, suberror HVX_INTERNAL_EMULATION, with
 * data[0] = 48 (EPT violation) and data[3] = gpa; HVX_EXIT_MMIO for the
 * same address is accepted too, for when MMIO exits arrive.
 */
#define HVXT_ASSERT_UNBACKED(vcpu, gpa, is_write) \
	hvxt_assert_unbacked_at(__FILE__, __LINE__, vcpu, gpa, is_write)
void hvxt_assert_unbacked_at(const char *file, int line,
			     struct hvxt_vcpu *vcpu, uint64_t gpa,
			     bool is_write);

/*
 * Run until the guest reports done (HVXT_PORT_DONE), recording the
 * values it reports on the way in vcpu->reports. A failed guest
 * assertion or any other exit fails the test.
 */
#define HVXT_RUN_UNTIL_DONE(vcpu) \
	hvxt_run_until_done_at(__FILE__, __LINE__, vcpu)
void hvxt_run_until_done_at(const char *file, int line,
			    struct hvxt_vcpu *vcpu);

/*
 * Run until the guest's next report and return the value (all of RAX);
 * done, a failed guest assertion or any other exit fails the test.
 */
#define HVXT_RUN_UNTIL_REPORT(vcpu) \
	hvxt_run_until_report_at(__FILE__, __LINE__, vcpu)
uint64_t hvxt_run_until_report_at(const char *file, int line,
				  struct hvxt_vcpu *vcpu);

/*
 * Handle the exit just taken if it belongs to the protocol: a report is
 * recorded (returns true, the vCPU may go on), a failed guest assertion
 * fails the test. Returns false for any other exit, done included.
 */
bool hvxt_handle_protocol_exit(const char *file, int line,
			       struct hvxt_vcpu *vcpu);

/* ------------------------------------------------------------------ */
/* Guest descriptor tables, for tests that build their own */

/* A 64-bit interrupt gate (type 14) to @handler through selector @cs. */
void hvxt_idt_gate64(void *idt, unsigned int vector, uint64_t handler,
		     uint16_t cs, unsigned int dpl);

/* An 8-byte code/data segment descriptor. */
uint64_t hvxt_gdt_entry(uint32_t base, uint32_t limit, uint8_t type,
			uint8_t s, uint8_t dpl, uint8_t l, uint8_t db,
			uint8_t g);

/* A 16-byte 64-bit TSS descriptor (two GDT slots). */
void hvxt_gdt_tss64(uint64_t *slots, uint64_t base, uint32_t limit);

/* ------------------------------------------------------------------ */
/* Miscellany */

/* Monotonic milliseconds. */
uint64_t hvxt_now_ms(void);

/* Install a handler that does nothing for @sig, without SA_RESTART. */
void hvxt_catch_signal(int sig);

/* /sys/module/<module>/refcnt, or -1 when it cannot be read. */
long hvxt_module_refcnt(void);

/* Number of online CPUs. */
int hvxt_nr_cpus(void);

#endif /* HVX_TEST_H */
