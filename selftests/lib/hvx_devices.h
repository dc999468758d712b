/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx selftest library, device-plumbing helpers: running to the next exit
 * that is not a guest report, a long-mode IDT pointing at stubs of the
 * guest code, eventfds, and guest page-table entries. Checked like the
 * rest of the library: a failure prints a "# " line and aborts the test.
 */
#ifndef HVX_DEVICES_H
#define HVX_DEVICES_H

#include <stdbool.h>
#include <stdint.h>
#include "hvx_test.h"

/* x86 page-table entry bits. */
#define HVXT_PTE_P	(1ULL << 0)
#define HVXT_PTE_RW	(1ULL << 1)
#define HVXT_PTE_US	(1ULL << 2)
#define HVXT_PTE_A	(1ULL << 5)
#define HVXT_PTE_D	(1ULL << 6)
#define HVXT_PTE_PS	(1ULL << 7)
#define HVXT_PTE_XD	(1ULL << 63)

/* #PF error-code bits. */
#define HVXT_PF_P	(1U << 0)
#define HVXT_PF_W	(1U << 1)
#define HVXT_PF_U	(1U << 2)
#define HVXT_PF_RSVD	(1U << 3)
#define HVXT_PF_I	(1U << 4)

/* Does the last exit say the guest is done (GUEST_DONE)? */
bool hvxt_exit_is_done(const struct hvx_run *run);

/*
 * Run, recording the guest's reports (and failing the test on a failed
 * guest check), until any other exit, GUEST_DONE included; returns the
 * run page.
 */
#define HVXT_RUN_TO_EXIT(vcpu) hvxt_run_to_exit_at(__FILE__, __LINE__, vcpu)
struct hvx_run *hvxt_run_to_exit_at(const char *file, int line,
				    struct hvxt_vcpu *vcpu);

/* Fail the test unless the last exit is GUEST_DONE. */
#define HVXT_ASSERT_DONE(vcpu) hvxt_assert_done_at(__FILE__, __LINE__, vcpu)
void hvxt_assert_done_at(const char *file, int line, struct hvxt_vcpu *vcpu);

/*
 * A long-mode IDT at @idt_gpa (in slot 0) of @nr interrupt gates through
 * HVX_SEL_CODE64, gate v pointing at guest address @stubs + v * @stride;
 * loaded into the vCPU's IDTR.
 */
void hvxt_idt64_install(struct hvxt_vcpu *vcpu, uint64_t idt_gpa,
			uint64_t stubs, unsigned int stride, unsigned int nr);

/* Point one gate of that IDT elsewhere. */
void hvxt_idt64_set(struct hvxt_vcpu *vcpu, uint64_t idt_gpa,
		    unsigned int vector, uint64_t handler);

/*
 * The page-directory entry of slot 0's identity map (libhvx's long-mode
 * tables at HVXT_TABLES_GPA) that maps the 2 MiB at @va (< 4 GiB).
 */
uint64_t *hvxt_identity_pde(struct hvxt_vm *vm, uint64_t va);

/* A non-blocking eventfd, or the test fails. */
int hvxt_eventfd(void);

/* The eventfd's count, read (and so reset); 0 when it was not signalled. */
uint64_t hvxt_eventfd_take(int fd);

/* Host CPUID: MAXPHYADDR, and whether 1 GiB pages exist. */
unsigned int hvxt_host_maxphyaddr(void);
bool hvxt_host_gbpages(void);

#endif /* HVX_DEVICES_H */
