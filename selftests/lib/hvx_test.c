// SPDX-License-Identifier: GPL-2.0
/*
 * hvx selftest library: see hvx_test.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "hvx_test.h"

/* ------------------------------------------------------------------ */
/* Failing the test */

void hvxt_log(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "# %s\n", buf);
}

void hvxt_fail_at(const char *file, int line, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "# %s:%d: %s\n", file, line, buf);
	fflush(stdout);
	abort();
}

const char *hvxt_errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
		{ EIO, "EIO" }, { E2BIG, "E2BIG" }, { EBADF, "EBADF" },
		{ EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" }, { EFAULT, "EFAULT" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
		{ EINVAL, "EINVAL" }, { ENFILE, "ENFILE" },
		{ EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" },
		{ ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
		{ ENOSYS, "ENOSYS" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ ENXIO, "ENXIO" }, { ESRCH, "ESRCH" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return "E?";
}

/* ------------------------------------------------------------------ */
/* Raw access */

long hvxt_raw_ioctl(int fd, unsigned long cmd, const void *arg)
{
	long r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno : r;
}

long hvxt_raw_ioctl_arg(int fd, unsigned long cmd, unsigned long arg)
{
	long r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno : r;
}

int hvxt_raw_set_region(int vm_fd, const struct hvx_memory_region *r)
{
	return hvxt_raw_ioctl(vm_fd, HVX_SET_USER_MEMORY_REGION, r);
}

/* ------------------------------------------------------------------ */
/* Objects */

bool hvxt_have_device(void)
{
	struct stat st;

	return stat(HVX_DEVICE, &st) == 0;
}

int hvxt_open_sys(void)
{
	int fd = hvx_open();

	if (fd < 0)
		HVXT_FAIL("cannot open %s: %s (is hvx.ko loaded?)", HVX_DEVICE,
			  strerror(-fd));
	return fd;
}

void *hvxt_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		HVXT_FAIL("mmap of %zu bytes: %s", size, strerror(errno));
	return p;
}

uint64_t hvxt_stack_top(enum hvx_guest_mode mode, unsigned int id)
{
	if (mode == HVX_MODE_REAL)
		return 0xf000 - id * 0x400;
	return 0x100000 - id * 0x1000;
}

struct hvxt_vm *hvxt_vm_create(enum hvx_guest_mode mode)
{
	struct hvxt_vm *vm = calloc(1, sizeof(*vm));

	HVXT_CHECK(vm, "out of memory");
	vm->mode = mode;
	vm->sys_fd = hvxt_open_sys();
	vm->fd = HVXT_OK(hvx_create_vm(vm->sys_fd));
	vm->mem_size = HVXT_MEM_SIZE;
	vm->mem = hvxt_alloc(vm->mem_size);
	hvxt_set_memory(vm, HVXT_MEM_SLOT, 0, 0, vm->mem_size, vm->mem);
	return vm;
}

void hvxt_vcpu_destroy(struct hvxt_vcpu *vcpu)
{
	struct hvxt_vm *vm = vcpu->vm;
	unsigned int i;

	for (i = 0; i < HVXT_MAX_VCPUS; i++)
		if (vm->vcpus[i] == vcpu)
			vm->vcpus[i] = NULL;
	hvx_unmap_run(vcpu->run);
	HVXT_CHECK(close(vcpu->fd) == 0, "close vcpu fd: %s", strerror(errno));
	free(vcpu);
}

void hvxt_vm_destroy(struct hvxt_vm *vm)
{
	unsigned int i;

	for (i = 0; i < HVXT_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			hvxt_vcpu_destroy(vm->vcpus[i]);
	if (vm->fd >= 0)
		close(vm->fd);
	close(vm->sys_fd);
	munmap(vm->mem, vm->mem_size);
	free(vm);
}

void *hvxt_gpa_ptr(struct hvxt_vm *vm, uint64_t gpa, size_t len)
{
	HVXT_CHECK(gpa + len >= gpa && gpa + len <= vm->mem_size,
		   "gpa %#" PRIx64 "+%zu is outside slot 0", gpa, len);
	return vm->mem + gpa;
}

uint64_t hvxt_load(struct hvxt_vm *vm, uint64_t gpa, const void *start,
		   const void *end)
{
	size_t len = (const uint8_t *)end - (const uint8_t *)start;

	memcpy(hvxt_gpa_ptr(vm, gpa, len), start, len);
	return gpa;
}

struct hvxt_vcpu *hvxt_vcpu_add(struct hvxt_vm *vm, unsigned int id,
				uint64_t entry)
{
	struct hvxt_vcpu *vcpu = calloc(1, sizeof(*vcpu));
	unsigned int i;

	HVXT_CHECK(vcpu, "out of memory");
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->fd = HVXT_OK(hvx_create_vcpu(vm->fd, id));
	vcpu->run = hvx_map_run(vcpu->fd);
	HVXT_CHECK(vcpu->run, "mmap of the run page of vCPU %u: %s", id,
		   strerror(errno));
	HVXT_OK(hvx_setup_mode(vcpu->fd, vm->mode, entry,
			       hvxt_stack_top(vm->mode, id),
			       vm->mode == HVX_MODE_REAL ? NULL :
			       hvxt_gpa_ptr(vm, HVXT_TABLES_GPA,
					    HVX_LONG_MODE_TABLES_SIZE),
			       HVXT_TABLES_GPA));
	for (i = 0; i < HVXT_MAX_VCPUS; i++) {
		if (!vm->vcpus[i]) {
			vm->vcpus[i] = vcpu;
			vm->nr_vcpus++;
			break;
		}
	}
	return vcpu;
}

struct hvxt_vcpu *hvxt_vm_with_code(enum hvx_guest_mode mode,
				    const void *start, const void *end,
				    const void *entry)
{
	struct hvxt_vm *vm = hvxt_vm_create(mode);

	HVXT_CHECK((size_t)((const uint8_t *)end - (const uint8_t *)start) <=
		   HVXT_CODE_MAX, "guest code too big");
	hvxt_load(vm, HVXT_CODE_GPA, start, end);
	return hvxt_vcpu_add(vm, 0, HVXT_CODE_ADDR(start, entry));
}

/* ------------------------------------------------------------------ */
/* Checked state */

void hvxt_get_regs(struct hvxt_vcpu *vcpu, struct hvx_regs *regs)
{
	HVXT_OK(hvx_get_regs(vcpu->fd, regs));
}

void hvxt_set_regs(struct hvxt_vcpu *vcpu, const struct hvx_regs *regs)
{
	HVXT_OK(hvx_set_regs(vcpu->fd, regs));
}

void hvxt_get_sregs(struct hvxt_vcpu *vcpu, struct hvx_sregs *sregs)
{
	HVXT_OK(hvx_get_sregs(vcpu->fd, sregs));
}

void hvxt_set_sregs(struct hvxt_vcpu *vcpu, const struct hvx_sregs *sregs)
{
	HVXT_OK(hvx_set_sregs(vcpu->fd, sregs));
}

uint64_t hvxt_get_msr(struct hvxt_vcpu *vcpu, uint32_t index)
{
	uint64_t v = 0;
	int r = hvx_get_msr(vcpu->fd, index, &v);

	HVXT_CHECK(r == 0, "HVX_GET_MSRS of MSR %#x: %s", index,
		   hvxt_errno_name(-r));
	return v;
}

void hvxt_set_msr(struct hvxt_vcpu *vcpu, uint32_t index, uint64_t value)
{
	int r = hvx_set_msr(vcpu->fd, index, value);

	HVXT_CHECK(r == 0, "HVX_SET_MSRS of MSR %#x = %#" PRIx64 ": %s",
		   index, value, hvxt_errno_name(-r));
}

void hvxt_set_cpuid(struct hvxt_vcpu *vcpu, const struct hvx_cpuid_entry *e,
		    unsigned int n)
{
	struct hvx_cpuid *c = calloc(1, sizeof(*c) + n * sizeof(*e));

	HVXT_CHECK(c, "out of memory");
	c->nent = n;
	memcpy(c->entries, e, n * sizeof(*e));
	HVXT_OK(hvxt_raw_ioctl(vcpu->fd, HVX_SET_CPUID, c));
	free(c);
}

struct hvx_cpuid *hvxt_supported_cpuid(int sys_fd)
{
	struct hvx_cpuid *c = calloc(1, sizeof(*c) + HVX_MAX_CPUID_ENTRIES *
				     sizeof(struct hvx_cpuid_entry));

	HVXT_CHECK(c, "out of memory");
	c->nent = HVX_MAX_CPUID_ENTRIES;
	HVXT_OK(hvxt_raw_ioctl(sys_fd, HVX_GET_SUPPORTED_CPUID, c));
	return c;
}

void hvxt_get_xsave(struct hvxt_vcpu *vcpu, struct hvx_xsave *xsave)
{
	HVXT_OK(hvxt_raw_ioctl(vcpu->fd, HVX_GET_XSAVE, xsave));
}

void hvxt_set_xsave(struct hvxt_vcpu *vcpu, const struct hvx_xsave *xsave)
{
	HVXT_OK(hvxt_raw_ioctl(vcpu->fd, HVX_SET_XSAVE, xsave));
}

uint64_t hvxt_get_rip(struct hvxt_vcpu *vcpu)
{
	struct hvx_regs r;

	hvxt_get_regs(vcpu, &r);
	return r.rip;
}

void hvxt_set_rip(struct hvxt_vcpu *vcpu, uint64_t rip)
{
	HVXT_SET_REG(vcpu, rip, rip);
}

void hvxt_set_memory(struct hvxt_vm *vm, uint32_t slot, uint32_t flags,
		     uint64_t gpa, uint64_t size, void *hva)
{
	int r = hvx_set_memory(vm->fd, slot, flags, gpa, size, hva);

	HVXT_CHECK(r == 0,
		   "HVX_SET_USER_MEMORY_REGION slot %u flags %#x gpa %#" PRIx64
		   " size %#" PRIx64 ": %s", slot, flags, gpa, size,
		   hvxt_errno_name(-r));
}

/* ------------------------------------------------------------------ */
/* Running */

int hvxt_run_raw(struct hvxt_vcpu *vcpu)
{
	return hvx_run(vcpu->fd);
}

struct hvx_run *hvxt_run(struct hvxt_vcpu *vcpu)
{
	int r = hvx_run(vcpu->fd);

	if (r) {
		char buf[256];

		HVXT_FAIL("HVX_RUN of vCPU %u: %s (%s); run page: %s",
			  vcpu->id, hvxt_errno_name(-r), strerror(-r),
			  hvxt_describe_exit(vcpu->run, buf, sizeof(buf)));
	}
	return vcpu->run;
}

const char *hvxt_describe_exit(const struct hvx_run *run, char *buf,
			       size_t len)
{
	const char *ret = buf;
	int n = snprintf(buf, len, "exit %s (%u)",
			 hvx_exit_name(run->exit_reason), run->exit_reason);
	uint32_t i;

	if (n < 0 || (size_t)n >= len)
		return ret;
	buf += n;
	len -= n;
	switch (run->exit_reason) {
	case HVX_EXIT_IO: {
		uint32_t data = 0;

		memcpy(&data, (const uint8_t *)run + HVX_RUN_IO_DATA_OFFSET,
		       sizeof(data));
		snprintf(buf, len, ": %s port %#x size %u count %u data %#x",
			 run->io.direction == HVX_EXIT_IO_OUT ? "out" : "in",
			 run->io.port, run->io.size, run->io.count, data);
		break;
	}
	case HVX_EXIT_HYPERCALL:
		snprintf(buf, len, ": nr %#llx args %#llx %#llx %#llx %#llx %#llx",
			 (unsigned long long)run->hypercall.nr,
			 (unsigned long long)run->hypercall.args[0],
			 (unsigned long long)run->hypercall.args[1],
			 (unsigned long long)run->hypercall.args[2],
			 (unsigned long long)run->hypercall.args[3],
			 (unsigned long long)run->hypercall.args[4]);
		break;
	case HVX_EXIT_SHUTDOWN:
		n = snprintf(buf, len, ": rip %#llx chain",
			     (unsigned long long)run->shutdown.rip);
		for (i = 0; i < run->shutdown.nr_chain &&
		     i < HVX_SHUTDOWN_MAX_CHAIN && n > 0 && (size_t)n < len; i++)
			n += snprintf(buf + n, len - n, " %u",
				      run->shutdown.chain[i]);
		break;
	case HVX_EXIT_FAIL_ENTRY:
		snprintf(buf, len, ": reason %#llx qualification %#llx cpu %u: %.96s",
			 (unsigned long long)
			 run->fail_entry.hardware_entry_failure_reason,
			 (unsigned long long)run->fail_entry.qualification,
			 run->fail_entry.cpu, run->fail_entry.explanation);
		break;
	case HVX_EXIT_INTERNAL_ERROR:
		n = snprintf(buf, len, ": suberror %u data",
			     run->internal.suberror);
		for (i = 0; i < run->internal.ndata && i < 16 && n > 0 &&
		     (size_t)n < len; i++)
			n += snprintf(buf + n, len - n, " %#llx",
				      (unsigned long long)run->internal.data[i]);
		break;
	case HVX_EXIT_MMIO: {
		uint64_t data = 0;

		memcpy(&data, run->mmio.data,
		       run->mmio.len < 8 ? run->mmio.len : 8);
		snprintf(buf, len, ": %s gpa %#llx len %u data %#llx",
			 run->mmio.is_write ? "write" : "read",
			 (unsigned long long)run->mmio.phys_addr,
			 run->mmio.len, (unsigned long long)data);
		break;
	}
	}
	return ret;
}

static void fail_exit(const char *file, int line, struct hvxt_vcpu *vcpu,
		      const char *what)
{
	char buf[300];
	struct hvx_regs regs = { 0 };

	hvx_get_regs(vcpu->fd, &regs);
	hvxt_describe_exit(vcpu->run, buf, sizeof(buf));
	hvxt_fail_at(file, line, "vCPU %u: %s, got %s at rip %#llx",
		     vcpu->id, what, buf, (unsigned long long)regs.rip);
}

void hvxt_assert_exit_at(const char *file, int line, struct hvxt_vcpu *vcpu,
			 uint32_t reason)
{
	char what[64];

	if (vcpu->run->exit_reason == reason)
		return;
	snprintf(what, sizeof(what), "expected exit %s",
		 hvx_exit_name(reason));
	fail_exit(file, line, vcpu, what);
}

void *hvxt_assert_io_at(const char *file, int line, struct hvxt_vcpu *vcpu,
			uint16_t port, uint8_t size, uint8_t direction)
{
	struct hvx_run *run = vcpu->run;
	char what[80];

	if (run->exit_reason != HVX_EXIT_IO || run->io.port != port ||
	    run->io.size != size || run->io.direction != direction ||
	    run->io.count != 1) {
		snprintf(what, sizeof(what),
			 "expected io: %s port %#x size %u count 1",
			 direction == HVX_EXIT_IO_OUT ? "out" : "in", port,
			 size);
		fail_exit(file, line, vcpu, what);
	}
	if (run->io.data_offset != HVX_RUN_IO_DATA_OFFSET)
		hvxt_fail_at(file, line, "io.data_offset %llu, expected %u",
			     (unsigned long long)run->io.data_offset,
			     HVX_RUN_IO_DATA_OFFSET);
	return hvx_io_data(run);
}

void hvxt_assert_unbacked_at(const char *file, int line,
			     struct hvxt_vcpu *vcpu, uint64_t gpa,
			     bool is_write)
{
	struct hvx_run *run = vcpu->run;
	char what[100];

	if (run->exit_reason == HVX_EXIT_INTERNAL_ERROR &&
	    run->internal.suberror == HVX_INTERNAL_EMULATION &&
	    run->internal.ndata >= 5 && run->internal.data[0] == 48 &&
	    run->internal.data[3] == gpa)
		return;
	if (run->exit_reason == HVX_EXIT_MMIO &&
	    run->mmio.phys_addr == gpa && !!run->mmio.is_write == is_write)
		return;
	snprintf(what, sizeof(what),
		 "expected an mmio %s (or EPT-violation internal error) at gpa %#llx",
		 is_write ? "write" : "read", (unsigned long long)gpa);
	fail_exit(file, line, vcpu, what);
}

bool hvxt_handle_protocol_exit(const char *file, int line,
			       struct hvxt_vcpu *vcpu)
{
	struct hvx_run *run = vcpu->run;
	struct hvx_regs regs;

	if (run->exit_reason != HVX_EXIT_IO ||
	    run->io.direction != HVX_EXIT_IO_OUT)
		return false;
	switch (run->io.port) {
	case HVXT_PORT_REPORT:
		hvxt_get_regs(vcpu, &regs);
		if (vcpu->nr_reports >= HVXT_MAX_REPORTS)
			hvxt_fail_at(file, line, "vCPU %u: too many reports",
				     vcpu->id);
		vcpu->reports[vcpu->nr_reports++] = regs.rax;
		return true;
	case HVXT_PORT_ASSERT: {
		uint32_t guest_line = 0;

		memcpy(&guest_line, hvx_io_data(run),
		       run->io.size < 4 ? run->io.size : 4);
		hvxt_get_regs(vcpu, &regs);
		hvxt_fail_at(file, guest_line,
			     "guest check failed (vCPU %u, guest rip %#llx, reported from line %d)",
			     vcpu->id, (unsigned long long)regs.rip, line);
	}
	default:
		return false;
	}
}

static bool is_done(struct hvx_run *run)
{
	return run->exit_reason == HVX_EXIT_IO &&
	       run->io.direction == HVX_EXIT_IO_OUT &&
	       run->io.port == HVXT_PORT_DONE;
}

void hvxt_run_until_done_at(const char *file, int line,
			    struct hvxt_vcpu *vcpu)
{
	for (;;) {
		hvxt_run(vcpu);
		if (is_done(vcpu->run))
			return;
		if (!hvxt_handle_protocol_exit(file, line, vcpu))
			fail_exit(file, line, vcpu, "expected the guest to finish");
	}
}

uint64_t hvxt_run_until_report_at(const char *file, int line,
				  struct hvxt_vcpu *vcpu)
{
	hvxt_run(vcpu);
	if (!hvxt_handle_protocol_exit(file, line, vcpu))
		fail_exit(file, line, vcpu, "expected a guest report");
	return vcpu->reports[vcpu->nr_reports - 1];
}

/* ------------------------------------------------------------------ */
/* Descriptor tables */

void hvxt_idt_gate64(void *idt, unsigned int vector, uint64_t handler,
		     uint16_t cs, unsigned int dpl)
{
	uint32_t *g = (uint32_t *)((uint8_t *)idt + vector * 16);

	g[0] = (handler & 0xffff) | ((uint32_t)cs << 16);
	g[1] = (handler & 0xffff0000) | 0x8e00 | ((dpl & 3) << 13);
	g[2] = handler >> 32;
	g[3] = 0;
}

uint64_t hvxt_gdt_entry(uint32_t base, uint32_t limit, uint8_t type,
			uint8_t s, uint8_t dpl, uint8_t l, uint8_t db,
			uint8_t g)
{
	uint64_t d = 0;

	d |= limit & 0xffff;
	d |= (uint64_t)(base & 0xffffff) << 16;
	d |= (uint64_t)(type & 15) << 40;
	d |= (uint64_t)(s & 1) << 44;
	d |= (uint64_t)(dpl & 3) << 45;
	d |= 1ULL << 47;				/* present */
	d |= (uint64_t)((limit >> 16) & 15) << 48;
	d |= (uint64_t)(l & 1) << 53;
	d |= (uint64_t)(db & 1) << 54;
	d |= (uint64_t)(g & 1) << 55;
	d |= (uint64_t)(base >> 24) << 56;
	return d;
}

void hvxt_gdt_tss64(uint64_t *slots, uint64_t base, uint32_t limit)
{
	/* Type 9: available 64-bit TSS; LTR (or the host) marks it busy. */
	slots[0] = hvxt_gdt_entry(base, limit, 9, 0, 0, 0, 0, 0);
	slots[1] = base >> 32;
}

/* ------------------------------------------------------------------ */
/* Miscellany */

uint64_t hvxt_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nop_handler(int sig)
{
	(void)sig;
}

void hvxt_catch_signal(int sig)
{
	struct sigaction sa = { .sa_handler = nop_handler };

	sigemptyset(&sa.sa_mask);
	HVXT_CHECK(sigaction(sig, &sa, NULL) == 0, "sigaction: %s",
		   strerror(errno));
}

long hvxt_module_refcnt(void)
{
	const char *name = getenv("HVX_MODULE_NAME");
	char path[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/%s/refcnt",
		 name && *name ? name : "hvx");
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

int hvxt_nr_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}
