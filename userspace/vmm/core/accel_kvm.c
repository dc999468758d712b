// SPDX-License-Identifier: GPL-2.0
/*
 * KVM as the accelerator of hvx run (--accel kvm): the same VM on
 * /dev/kvm. The rest of the CLI sees hvx's run page: this file keeps one
 * (vm->run, in anonymous memory), fills it from KVM's struct kvm_run
 * after each KVM_RUN, and carries the VMM's answers (IN data, MMIO read
 * data) back before the next. No in-kernel irqchip, so HLT comes back to
 * the VMM as with hvx, interrupts go in with KVM_INTERRUPT, and the guest
 * sees the machine hvx gives it: KVM's supported CPUID less the local
 * APIC and KVM's paravirtual leaves. Signals and kicks set KVM's own
 * immediate_exit (vm->immediate_exit points at it).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "accel.h"
#include "util.h"
#include "vm.h"

#define KVM_DEVICE	"/dev/kvm"
#define MAX_CPUID	256
/* Where KVM wants the real-mode TSS when it cannot run real mode itself */
#define KVM_TSS_ADDR	0xfffbd000UL

struct kvm_accel {
	struct kvm_run *krun;
	size_t krun_size;
	/* An IN or an MMIO read waits for the VMM's data. */
	bool pending_in;
	bool pending_mmio_read;
};

static struct kvm_accel *data_of(struct vm *vm)
{
	return vm->accel_data;
}

static int xioctl(int fd, unsigned long cmd, unsigned long arg)
{
	int r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno : r;
}

static int open_kvm(void)
{
	int fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC), r;

	if (fd < 0) {
		r = -errno;
		if (r == -ENOENT)
			error("%s not found: is the kvm module loaded? (modprobe kvm-intel)",
			      KVM_DEVICE);
		else
			error("cannot open %s: %s", KVM_DEVICE, strerror(-r));
		return r;
	}
	r = xioctl(fd, KVM_GET_API_VERSION, 0);
	if (r != KVM_API_VERSION) {
		error("%s: KVM_GET_API_VERSION: %s", KVM_DEVICE,
		      r < 0 ? strerror(-r) : "not version 12");
		close(fd);
		return -EPROTO;
	}
	return fd;
}

/* A kvm_intel module parameter that is Y; true where there is none. */
static bool kvm_intel_param(const char *name)
{
	char path[96], c = 'Y';
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/kvm_intel/parameters/%s",
		 name);
	f = fopen(path, "r");
	if (!f)
		return true;
	if (fread(&c, 1, 1, f) != 1)
		c = 'Y';
	fclose(f);
	return c == 'Y' || c == 'y' || c == '1';
}

#define CPUID_1_EDX_APIC	(1U << 9)
#define CPUID_1_ECX_X2APIC	(1U << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1U << 24)
#define CPUID_KVM_FIRST		0x40000000U
#define CPUID_KVM_LAST		0x400000ffU

/*
 * hvx's guests have no local APIC, and with no in-kernel irqchip neither
 * has a KVM guest here: say so, and leave out KVM's paravirtual leaves,
 * so that both hypervisors present the same machine.
 */
static void cpuid_as_hvx(struct kvm_cpuid2 *cpuid)
{
	uint32_t i, n = 0;

	for (i = 0; i < cpuid->nent; i++) {
		struct kvm_cpuid_entry2 *e = &cpuid->entries[i];

		if (e->function >= CPUID_KVM_FIRST &&
		    e->function <= CPUID_KVM_LAST)
			continue;
		if (e->function == 1) {
			e->edx &= ~CPUID_1_EDX_APIC;
			e->ecx &= ~(CPUID_1_ECX_X2APIC |
				    CPUID_1_ECX_TSC_DEADLINE);
		}
		cpuid->entries[n++] = *e;
	}
	cpuid->nent = n;
}

static int set_cpuid(struct vm *vm)
{
	struct kvm_cpuid2 *cpuid;
	int r;

	cpuid = calloc(1, sizeof(*cpuid) +
		       MAX_CPUID * sizeof(struct kvm_cpuid_entry2));
	if (!cpuid)
		return -ENOMEM;
	cpuid->nent = MAX_CPUID;
	r = xioctl(vm->sys_fd, KVM_GET_SUPPORTED_CPUID, (unsigned long)cpuid);
	if (!r) {
		cpuid_as_hvx(cpuid);
		r = xioctl(vm->vcpu_fd, KVM_SET_CPUID2, (unsigned long)cpuid);
	}
	free(cpuid);
	if (r)
		error("KVM_SET_CPUID2: %s", strerror(-r));
	return r;
}

static int kvm_create(struct vm *vm, uint64_t ram_size)
{
	struct kvm_userspace_memory_region slot = { 0 };
	struct kvm_accel *k;
	long size;
	void *p;
	int r;

	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	vm->accel_data = k;

	r = open_kvm();
	if (r < 0)
		return r;
	vm->sys_fd = r;
	r = xioctl(vm->sys_fd, KVM_CREATE_VM, 0);
	if (r < 0) {
		error("KVM_CREATE_VM: %s%s", strerror(-r),
		      r == -EBUSY ? " (another hypervisor holds VMX: are hvx VMs running?)" : "");
		return r;
	}
	vm->vm_fd = r;
	if (!kvm_intel_param("unrestricted_guest")) {
		r = xioctl(vm->vm_fd, KVM_SET_TSS_ADDR, KVM_TSS_ADDR);
		if (r < 0) {
			error("KVM_SET_TSS_ADDR: %s", strerror(-r));
			return r;
		}
	}

	vm->ram = hvx_alloc_guest_memory(ram_size);
	if (!vm->ram) {
		error("cannot allocate %s of guest RAM", size_str(ram_size));
		return -ENOMEM;
	}
	vm->ram_size = ram_size;
	slot.memory_size = ram_size;
	slot.userspace_addr = (uintptr_t)vm->ram;
	r = xioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, (unsigned long)&slot);
	if (r < 0) {
		error("KVM_SET_USER_MEMORY_REGION (%s at 0x0): %s",
		      size_str(ram_size), strerror(-r));
		return r;
	}

	r = xioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (r < 0) {
		error("KVM_CREATE_VCPU: %s", strerror(-r));
		return r;
	}
	vm->vcpu_fd = r;
	size = xioctl(vm->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (long)sizeof(struct kvm_run)) {
		error("KVM_GET_VCPU_MMAP_SIZE: %s",
		      size < 0 ? strerror(-size) : "too small");
		return size < 0 ? size : -EPROTO;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu_fd,
		 0);
	if (p == MAP_FAILED) {
		r = -errno;
		error("cannot map the vCPU run page: %s", strerror(errno));
		return r;
	}
	k->krun = p;
	k->krun_size = size;
	vm->immediate_exit = &k->krun->immediate_exit;
	r = set_cpuid(vm);
	if (r)
		return r;
	/* hvx's view of the exits, for the rest of the CLI */
	p = mmap(NULL, HVX_RUN_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -ENOMEM;
	vm->run = p;
	return 0;
}

static void kvm_destroy(struct vm *vm)
{
	struct kvm_accel *k = data_of(vm);

	if (!k)
		return;
	if (k->krun)
		munmap(k->krun, k->krun_size);
	if (vm->run)
		munmap(vm->run, HVX_RUN_SIZE);
	vm->run = NULL;
	free(k);
	vm->accel_data = NULL;
}

/* Hand the VMM's answer to the last exit back to KVM. */
static void complete_exit(struct vm *vm, struct kvm_accel *k)
{
	struct kvm_run *kr = k->krun;

	if (k->pending_in)
		memcpy((uint8_t *)kr + kr->io.data_offset, hvx_io_data(vm->run),
		       (size_t)kr->io.count * kr->io.size);
	if (k->pending_mmio_read)
		memcpy(kr->mmio.data, vm->run->mmio.data, sizeof(kr->mmio.data));
	k->pending_in = k->pending_mmio_read = false;
}

static void internal_error(struct vm *vm, uint32_t suberror)
{
	vm->run->exit_reason = HVX_EXIT_INTERNAL_ERROR;
	vm->run->internal.suberror = suberror;
	vm->run->internal.ndata = 0;
}

static void translate_internal(struct vm *vm, const struct kvm_run *kr)
{
	char raw[16 * 20] = "";
	uint32_t i, n = kr->internal.ndata;
	size_t len = 0;

	if (n > 16)
		n = 16;
	for (i = 0; i < n; i++)
		len += snprintf(raw + len, sizeof(raw) - len, " 0x%llx",
				(unsigned long long)kr->internal.data[i]);
	error("KVM internal error, suberror %u, data:%s", kr->internal.suberror,
	      raw);
	switch (kr->internal.suberror) {
	case KVM_INTERNAL_ERROR_EMULATION:
		internal_error(vm, HVX_INTERNAL_EMULATION);
		break;
	case KVM_INTERNAL_ERROR_DELIVERY_EV:
		internal_error(vm, HVX_INTERNAL_DELIVERY_EV);
		break;
	default:
		internal_error(vm, HVX_INTERNAL_UNHANDLED_EXIT);
	}
}

static void translate_exit(struct vm *vm, struct kvm_accel *k)
{
	struct kvm_run *kr = k->krun;
	struct hvx_run *run = vm->run;
	struct kvm_regs regs;
	size_t bytes;

	memset(&run->padding, 0, sizeof(run->padding));
	switch (kr->exit_reason) {
	case KVM_EXIT_IO:
		bytes = (size_t)kr->io.count * kr->io.size;
		if (bytes > HVX_RUN_SIZE - HVX_RUN_IO_DATA_OFFSET) {
			error("KVM: string port I/O of %zu bytes at port 0x%x: more than hvx run handles at once",
			      bytes, kr->io.port);
			internal_error(vm, HVX_INTERNAL_EMULATION);
			return;
		}
		run->exit_reason = HVX_EXIT_IO;
		run->io.direction = kr->io.direction == KVM_EXIT_IO_OUT ?
				    HVX_EXIT_IO_OUT : HVX_EXIT_IO_IN;
		run->io.size = kr->io.size;
		run->io.port = kr->io.port;
		run->io.count = kr->io.count;
		run->io.data_offset = HVX_RUN_IO_DATA_OFFSET;
		if (kr->io.direction == KVM_EXIT_IO_OUT)
			memcpy(hvx_io_data(run),
			       (uint8_t *)kr + kr->io.data_offset, bytes);
		else
			k->pending_in = true;
		return;
	case KVM_EXIT_MMIO:
		run->exit_reason = HVX_EXIT_MMIO;
		run->mmio.phys_addr = kr->mmio.phys_addr;
		run->mmio.len = kr->mmio.len;
		run->mmio.is_write = kr->mmio.is_write;
		memcpy(run->mmio.data, kr->mmio.data, sizeof(run->mmio.data));
		k->pending_mmio_read = !kr->mmio.is_write;
		return;
	case KVM_EXIT_HLT:
		run->exit_reason = HVX_EXIT_HLT;
		return;
	case KVM_EXIT_IRQ_WINDOW_OPEN:
		run->exit_reason = HVX_EXIT_IRQ_WINDOW_OPEN;
		return;
	case KVM_EXIT_SHUTDOWN:
		run->exit_reason = HVX_EXIT_SHUTDOWN;
		if (!ioctl(vm->vcpu_fd, KVM_GET_REGS, &regs))
			run->shutdown.rip = regs.rip;
		return;
	case KVM_EXIT_FAIL_ENTRY:
		run->exit_reason = HVX_EXIT_FAIL_ENTRY;
		run->fail_entry.hardware_entry_failure_reason =
			kr->fail_entry.hardware_entry_failure_reason;
		run->fail_entry.cpu = kr->fail_entry.cpu;
		snprintf(run->fail_entry.explanation,
			 sizeof(run->fail_entry.explanation),
			 "reported by KVM (no explanation)");
		return;
	case KVM_EXIT_INTERNAL_ERROR:
		translate_internal(vm, kr);
		return;
	default:
		error("KVM: exit reason %u, which hvx run does not handle",
		      kr->exit_reason);
		internal_error(vm, HVX_INTERNAL_UNHANDLED_EXIT);
	}
}

static int kvm_run_vcpu(struct vm *vm)
{
	struct kvm_accel *k = data_of(vm);
	int r;

	complete_exit(vm, k);
	vm->run->exit_reason = HVX_EXIT_NONE;
	k->krun->request_interrupt_window = vm->run->request_interrupt_window;
	r = xioctl(vm->vcpu_fd, KVM_RUN, 0);
	vm->run->ready_for_interrupt_injection =
		k->krun->ready_for_interrupt_injection;
	vm->run->if_flag = k->krun->if_flag;
	if (r == -EINTR)
		vm->run->exit_reason = HVX_EXIT_INTR;
	if (r < 0)
		return r;
	translate_exit(vm, k);
	return 0;
}

static int kvm_interrupt(struct vm *vm, uint32_t vector)
{
	struct kvm_interrupt irq = { .irq = vector };

	return xioctl(vm->vcpu_fd, KVM_INTERRUPT, (unsigned long)&irq);
}

static void seg_from_kvm(struct hvx_segment *h, const struct kvm_segment *s)
{
	*h = (struct hvx_segment) {
		.base = s->base, .limit = s->limit, .selector = s->selector,
		.type = s->type, .present = s->present, .dpl = s->dpl,
		.db = s->db, .s = s->s, .l = s->l, .g = s->g, .avl = s->avl,
		.unusable = s->unusable,
	};
}

static void seg_to_kvm(struct kvm_segment *s, const struct hvx_segment *h)
{
	*s = (struct kvm_segment) {
		.base = h->base, .limit = h->limit, .selector = h->selector,
		.type = h->type, .present = h->present, .dpl = h->dpl,
		.db = h->db, .s = h->s, .l = h->l, .g = h->g, .avl = h->avl,
		.unusable = h->unusable,
	};
}

static void sregs_from_kvm(struct hvx_sregs *h, const struct kvm_sregs *s)
{
	memset(h, 0, sizeof(*h));
	seg_from_kvm(&h->cs, &s->cs);
	seg_from_kvm(&h->ds, &s->ds);
	seg_from_kvm(&h->es, &s->es);
	seg_from_kvm(&h->fs, &s->fs);
	seg_from_kvm(&h->gs, &s->gs);
	seg_from_kvm(&h->ss, &s->ss);
	seg_from_kvm(&h->tr, &s->tr);
	seg_from_kvm(&h->ldt, &s->ldt);
	h->gdt.base = s->gdt.base;
	h->gdt.limit = s->gdt.limit;
	h->idt.base = s->idt.base;
	h->idt.limit = s->idt.limit;
	h->cr0 = s->cr0;
	h->cr2 = s->cr2;
	h->cr3 = s->cr3;
	h->cr4 = s->cr4;
	h->cr8 = s->cr8;
	h->efer = s->efer;
	h->apic_base = s->apic_base;
}

/* Into @s, keeping what hvx's layout has no field for. */
static void sregs_to_kvm(struct kvm_sregs *s, const struct hvx_sregs *h)
{
	seg_to_kvm(&s->cs, &h->cs);
	seg_to_kvm(&s->ds, &h->ds);
	seg_to_kvm(&s->es, &h->es);
	seg_to_kvm(&s->fs, &h->fs);
	seg_to_kvm(&s->gs, &h->gs);
	seg_to_kvm(&s->ss, &h->ss);
	seg_to_kvm(&s->tr, &h->tr);
	seg_to_kvm(&s->ldt, &h->ldt);
	s->gdt.base = h->gdt.base;
	s->gdt.limit = h->gdt.limit;
	s->idt.base = h->idt.base;
	s->idt.limit = h->idt.limit;
	s->cr0 = h->cr0;
	s->cr2 = h->cr2;
	s->cr3 = h->cr3;
	s->cr4 = h->cr4;
	s->cr8 = h->cr8;
	s->efer = h->efer;
	s->apic_base = h->apic_base;
}

/* struct kvm_regs and struct hvx_regs: the same 18 u64s, same order. */
_Static_assert(sizeof(struct kvm_regs) == sizeof(struct hvx_regs),
	       "register layouts differ");

static int kvm_get_regs(struct vm *vm, struct hvx_regs *regs)
{
	struct kvm_regs k;
	int r = xioctl(vm->vcpu_fd, KVM_GET_REGS, (unsigned long)&k);

	if (!r)
		memcpy(regs, &k, sizeof(*regs));
	return r;
}

static int kvm_get_sregs(struct vm *vm, struct hvx_sregs *sregs)
{
	struct kvm_sregs k;
	int r = xioctl(vm->vcpu_fd, KVM_GET_SREGS, (unsigned long)&k);

	if (!r)
		sregs_from_kvm(sregs, &k);
	return r;
}

static int kvm_set_regs(struct vm *vm, const struct hvx_regs *regs)
{
	struct kvm_regs k;

	memcpy(&k, regs, sizeof(k));
	return xioctl(vm->vcpu_fd, KVM_SET_REGS, (unsigned long)&k);
}

static int kvm_set_sregs(struct vm *vm, const struct hvx_sregs *sregs)
{
	struct kvm_sregs k;
	int r = xioctl(vm->vcpu_fd, KVM_GET_SREGS, (unsigned long)&k);

	if (r)
		return r;
	sregs_to_kvm(&k, sregs);
	return xioctl(vm->vcpu_fd, KVM_SET_SREGS, (unsigned long)&k);
}

/* Without unrestricted guest support KVM emulates real mode itself. */
static bool kvm_unrestricted(struct vm *vm)
{
	(void)vm;
	return true;
}

const struct accel_ops accel_kvm = {
	.name = "kvm",
	.kernel = "KVM",
	.create = kvm_create,
	.destroy = kvm_destroy,
	.run = kvm_run_vcpu,
	.interrupt = kvm_interrupt,
	.get_regs = kvm_get_regs,
	.get_sregs = kvm_get_sregs,
	.set_regs = kvm_set_regs,
	.set_sregs = kvm_set_sregs,
	.unrestricted = kvm_unrestricted,
};
