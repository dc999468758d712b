// SPDX-License-Identifier: GPL-2.0
/*
 * hvx selftest library, device-plumbing helpers: see hvx_devices.h.
 */
#include <cpuid.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "hvx_devices.h"

bool hvxt_exit_is_done(const struct hvx_run *run)
{
	return run->exit_reason == HVX_EXIT_IO &&
	       run->io.direction == HVX_EXIT_IO_OUT &&
	       run->io.port == HVXT_PORT_DONE;
}

struct hvx_run *hvxt_run_to_exit_at(const char *file, int line,
				    struct hvxt_vcpu *vcpu)
{
	for (;;) {
		hvxt_run(vcpu);
		if (hvxt_exit_is_done(vcpu->run))
			return vcpu->run;
		if (!hvxt_handle_protocol_exit(file, line, vcpu))
			return vcpu->run;
	}
}

void hvxt_assert_done_at(const char *file, int line, struct hvxt_vcpu *vcpu)
{
	char buf[256];
	struct hvx_regs regs = { 0 };

	if (hvxt_exit_is_done(vcpu->run))
		return;
	hvx_get_regs(vcpu->fd, &regs);
	hvxt_fail_at(file, line, "vCPU %u: expected the guest to be done, got %s at rip %#llx",
		     vcpu->id, hvxt_describe_exit(vcpu->run, buf, sizeof(buf)),
		     (unsigned long long)regs.rip);
}

void hvxt_idt64_install(struct hvxt_vcpu *vcpu, uint64_t idt_gpa,
			uint64_t stubs, unsigned int stride, unsigned int nr)
{
	void *idt = hvxt_gpa_ptr(vcpu->vm, idt_gpa, (size_t)nr * 16);
	struct hvx_sregs s;
	unsigned int v;

	HVXT_CHECK(nr >= 1 && nr <= 256, "bad IDT size %u", nr);
	for (v = 0; v < nr; v++)
		hvxt_idt_gate64(idt, v, stubs + (uint64_t)v * stride,
				HVX_SEL_CODE64, 0);
	hvxt_get_sregs(vcpu, &s);
	s.idt.base = idt_gpa;
	s.idt.limit = nr * 16 - 1;
	hvxt_set_sregs(vcpu, &s);
}

void hvxt_idt64_set(struct hvxt_vcpu *vcpu, uint64_t idt_gpa,
		    unsigned int vector, uint64_t handler)
{
	void *idt = hvxt_gpa_ptr(vcpu->vm, idt_gpa, 256 * 16);

	hvxt_idt_gate64(idt, vector, handler, HVX_SEL_CODE64, 0);
}

uint64_t *hvxt_identity_pde(struct hvxt_vm *vm, uint64_t va)
{
	uint64_t *pds = hvxt_gpa_ptr(vm, HVXT_TABLES_GPA + 0x3000, 4 * 4096);

	HVXT_CHECK(va < (4ULL << 30), "va %#" PRIx64 " beyond the identity map",
		   va);
	return &pds[va >> 21];
}

int hvxt_eventfd(void)
{
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

	HVXT_CHECK(fd >= 0, "eventfd: %s", strerror(errno));
	return fd;
}

uint64_t hvxt_eventfd_take(int fd)
{
	uint64_t v = 0;
	ssize_t n = read(fd, &v, sizeof(v));

	if (n < 0 && errno == EAGAIN)
		return 0;
	HVXT_CHECK(n == sizeof(v), "read of eventfd %d: %s", fd,
		   n < 0 ? strerror(errno) : "short read");
	return v;
}

unsigned int hvxt_host_maxphyaddr(void)
{
	unsigned int a, b, c, d;

	if (__get_cpuid(0x80000008, &a, &b, &c, &d))
		return a & 0xff;
	return 36;
}

bool hvxt_host_gbpages(void)
{
	unsigned int a, b, c, d;

	return __get_cpuid(0x80000001, &a, &b, &c, &d) && (d & (1U << 26));
}
