// SPDX-License-Identifier: GPL-2.0
/*
 * KVM as an accelerator backend: the ioctls of <linux/kvm.h> on
 * /dev/kvm, with the guest machine hvx gives. No in-kernel irqchip, so
 * HLT comes back to the VMM and interrupts go in with KVM_INTERRUPT; the
 * CPUID is KVM's supported one less the local APIC and KVM's
 * paravirtual leaves.
 *
 * The layer's run page is hvx's: each vCPU keeps one of its own, filled
 * from KVM's struct kvm_run after each KVM_RUN, and the VMM's answers in
 * it (IN data, MMIO read data) go back into kvm_run before the next.
 * Kicks set KVM's own immediate_exit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/kvm.h>
#include "accel_backend.h"

#define KVM_DEVICE	"/dev/kvm"
#define MAX_CPUID	256
/* Where KVM wants the real-mode TSS when it cannot run real mode itself */
#define KVM_TSS_ADDR	0xfffbd000UL

#define CPUID_1_EDX_APIC	(1U << 9)
#define CPUID_1_ECX_X2APIC	(1U << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1U << 24)
#define CPUID_KVM_FIRST		0x40000000U
#define CPUID_KVM_LAST		0x400000ffU

/* What the device says once, for every VM and vCPU. */
struct kvm_device {
	long run_size;
	bool need_tss;			/* no unrestricted guest */
	struct kvm_cpuid2 *cpuid;	/* what every vCPU gets */
};

struct kvm_vcpu {
	struct kvm_run *krun;
	size_t krun_size;
	/* An IN or an MMIO read waits for the VMM's data. */
	bool pending_in;
	bool pending_mmio_read;
};

static struct kvm_device *device_of(const struct accel *a)
{
	return a->priv;
}

static struct kvm_vcpu *vcpu_of(const struct accel_vcpu *vcpu)
{
	return vcpu->priv;
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

static int read_cpuid(struct accel *a, struct kvm_device *d)
{
	int r;

	d->cpuid = calloc(1, sizeof(*d->cpuid) +
			  MAX_CPUID * sizeof(struct kvm_cpuid_entry2));
	if (!d->cpuid)
		return accel_fail(a, -ENOMEM, "out of memory");
	d->cpuid->nent = MAX_CPUID;
	r = accel_ioctl(a->fd, KVM_GET_SUPPORTED_CPUID,
			(unsigned long)d->cpuid);
	if (r)
		return accel_fail(a, r, "%s: KVM_GET_SUPPORTED_CPUID: %s",
				  KVM_DEVICE, strerror(-r));
	cpuid_as_hvx(d->cpuid);
	return 0;
}

static void kvm_close(struct accel *a)
{
	struct kvm_device *d = device_of(a);

	if (d)
		free(d->cpuid);
	free(d);
	a->priv = NULL;
}

static int kvm_open(struct accel *a)
{
	struct kvm_device *d;
	int r;

	r = accel_ioctl(a->fd, KVM_GET_API_VERSION, 0);
	if (r != KVM_API_VERSION)
		return accel_fail(a, r < 0 ? r : -EPROTO,
				  "%s: KVM_GET_API_VERSION: %s", KVM_DEVICE,
				  r < 0 ? strerror(-r) : "not version 12");
	d = calloc(1, sizeof(*d));
	if (!d)
		return accel_fail(a, -ENOMEM, "out of memory");
	a->priv = d;
	d->need_tss = !kvm_intel_param("unrestricted_guest");
	d->run_size = accel_ioctl(a->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (d->run_size < (long)sizeof(struct kvm_run))
		r = accel_fail(a, d->run_size < 0 ? d->run_size : -EPROTO,
			       "%s: KVM_GET_VCPU_MMAP_SIZE: %s", KVM_DEVICE,
			       d->run_size < 0 ? strerror(-d->run_size) :
			       "too small");
	else
		r = read_cpuid(a, d);
	if (r)
		kvm_close(a);
	return r;
}

/* Without unrestricted guest support KVM emulates real mode itself. */
static bool kvm_unrestricted(const struct accel *a)
{
	(void)a;
	return true;
}

static int kvm_vm_create(struct accel *a, struct accel_vm *vm)
{
	int r = accel_ioctl(a->fd, KVM_CREATE_VM, 0);

	if (r < 0)
		return r;
	vm->fd = r;
	if (!device_of(a)->need_tss)
		return 0;
	return accel_ioctl(vm->fd, KVM_SET_TSS_ADDR, KVM_TSS_ADDR);
}

static int kvm_set_memory(struct accel_vm *vm, uint32_t slot, uint64_t gpa,
			  uint64_t size, void *hva)
{
	struct kvm_userspace_memory_region m = {
		.slot = slot,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};

	return accel_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION,
			   (unsigned long)&m);
}

static int kvm_ioeventfd(struct accel_vm *vm, int fd, uint64_t addr,
			 uint32_t len, uint32_t flags, uint64_t datamatch)
{
	struct kvm_ioeventfd e = {
		.datamatch = datamatch, .addr = addr, .len = len, .fd = fd,
	};

	if (flags & ~(HVX_IOEVENTFD_DATAMATCH | HVX_IOEVENTFD_PIO |
		      HVX_IOEVENTFD_DEASSIGN))
		return -EINVAL;
	if (flags & HVX_IOEVENTFD_DATAMATCH)
		e.flags |= KVM_IOEVENTFD_FLAG_DATAMATCH;
	if (flags & HVX_IOEVENTFD_PIO)
		e.flags |= KVM_IOEVENTFD_FLAG_PIO;
	if (flags & HVX_IOEVENTFD_DEASSIGN)
		e.flags |= KVM_IOEVENTFD_FLAG_DEASSIGN;
	return accel_ioctl(vm->fd, KVM_IOEVENTFD, (unsigned long)&e);
}

static int map_kvm_run(struct accel_vcpu *vcpu, struct kvm_vcpu *k)
{
	struct accel *a = vcpu->vm->accel;
	long size = device_of(a)->run_size;
	void *p;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd,
		 0);
	if (p == MAP_FAILED)
		return accel_fail(a, -errno, "cannot map the run page of vCPU %u: %s",
				  vcpu->id, strerror(errno));
	k->krun = p;
	k->krun_size = size;
	vcpu->immediate_exit = &k->krun->immediate_exit;
	return 0;
}

static int kvm_vcpu_create(struct accel_vcpu *vcpu)
{
	struct accel *a = vcpu->vm->accel;
	struct kvm_vcpu *k;
	int r;

	r = accel_ioctl(vcpu->vm->fd, KVM_CREATE_VCPU, vcpu->id);
	if (r < 0)
		return accel_fail(a, r, "KVM_CREATE_VCPU %u: %s", vcpu->id,
				  strerror(-r));
	vcpu->fd = r;
	k = calloc(1, sizeof(*k));
	/* hvx's view of the exits, for everything above this layer */
	vcpu->run = calloc(1, HVX_RUN_SIZE);
	vcpu->priv = k;
	if (!k || !vcpu->run)
		return accel_fail(a, -ENOMEM, "out of memory");
	r = map_kvm_run(vcpu, k);
	if (r)
		return r;
	r = accel_ioctl(vcpu->fd, KVM_SET_CPUID2,
			(unsigned long)device_of(a)->cpuid);
	if (r)
		return accel_fail(a, r, "KVM_SET_CPUID2: %s", strerror(-r));
	return 0;
}

static void kvm_vcpu_release(struct accel_vcpu *vcpu)
{
	struct kvm_vcpu *k = vcpu_of(vcpu);

	if (k && k->krun)
		munmap(k->krun, k->krun_size);
	free(k);
	free(vcpu->run);
	vcpu->priv = NULL;
}

/* Hand the VMM's answer to the last exit back to KVM. */
static void complete_exit(struct accel_vcpu *vcpu, struct kvm_vcpu *k)
{
	struct kvm_run *kr = k->krun;

	if (k->pending_in)
		memcpy((uint8_t *)kr + kr->io.data_offset,
		       hvx_io_data(vcpu->run),
		       (size_t)kr->io.count * kr->io.size);
	if (k->pending_mmio_read)
		memcpy(kr->mmio.data, vcpu->run->mmio.data,
		       sizeof(kr->mmio.data));
	k->pending_in = k->pending_mmio_read = false;
}

/* An exit hvx's run page has no words for: KVM's own data, raw. */
static void internal_error(struct hvx_run *run, uint32_t suberror,
			   const uint64_t *data, uint32_t ndata)
{
	uint32_t i;

	if (ndata > 16)
		ndata = 16;
	run->exit_reason = HVX_EXIT_INTERNAL_ERROR;
	run->internal.suberror = suberror;
	run->internal.ndata = ndata;
	for (i = 0; i < ndata; i++)
		run->internal.data[i] = data[i];
}

static void translate_internal(struct hvx_run *run, const struct kvm_run *kr)
{
	uint32_t suberror;

	switch (kr->internal.suberror) {
	case KVM_INTERNAL_ERROR_EMULATION:
		suberror = HVX_INTERNAL_EMULATION;
		break;
	case KVM_INTERNAL_ERROR_DELIVERY_EV:
		suberror = HVX_INTERNAL_DELIVERY_EV;
		break;
	default:
		suberror = HVX_INTERNAL_UNHANDLED_EXIT;
	}
	internal_error(run, suberror, (const uint64_t *)kr->internal.data,
		       kr->internal.ndata);
}

static void translate_io(struct accel_vcpu *vcpu, struct kvm_vcpu *k)
{
	const struct kvm_run *kr = k->krun;
	struct hvx_run *run = vcpu->run;
	uint64_t bytes = (uint64_t)kr->io.count * kr->io.size;

	if (bytes > HVX_RUN_SIZE - HVX_RUN_IO_DATA_OFFSET) {
		/* More string I/O at once than hvx's page holds. */
		uint64_t what[2] = { kr->io.port, bytes };

		internal_error(run, HVX_INTERNAL_EMULATION, what, 2);
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
		memcpy(hvx_io_data(run), (const uint8_t *)kr + kr->io.data_offset,
		       bytes);
	else
		k->pending_in = true;
}

static void translate_mmio(struct hvx_run *run, struct kvm_vcpu *k)
{
	const struct kvm_run *kr = k->krun;

	run->exit_reason = HVX_EXIT_MMIO;
	run->mmio.phys_addr = kr->mmio.phys_addr;
	run->mmio.len = kr->mmio.len;
	run->mmio.is_write = kr->mmio.is_write;
	memcpy(run->mmio.data, kr->mmio.data, sizeof(run->mmio.data));
	k->pending_mmio_read = !kr->mmio.is_write;
}

static void translate_shutdown(struct accel_vcpu *vcpu)
{
	struct hvx_run *run = vcpu->run;
	struct kvm_regs regs;

	run->exit_reason = HVX_EXIT_SHUTDOWN;
	/* KVM does not say which exceptions led there. */
	run->shutdown.nr_chain = 0;
	run->shutdown.rip = 0;
	if (!accel_ioctl(vcpu->fd, KVM_GET_REGS, (unsigned long)&regs))
		run->shutdown.rip = regs.rip;
}

static void translate_fail_entry(struct hvx_run *run, const struct kvm_run *kr)
{
	run->exit_reason = HVX_EXIT_FAIL_ENTRY;
	run->fail_entry.hardware_entry_failure_reason =
		kr->fail_entry.hardware_entry_failure_reason;
	run->fail_entry.qualification = 0;
	run->fail_entry.cpu = kr->fail_entry.cpu;
	snprintf(run->fail_entry.explanation,
		 sizeof(run->fail_entry.explanation),
		 "reported by KVM (no explanation)");
}

static void translate_exit(struct accel_vcpu *vcpu, struct kvm_vcpu *k)
{
	const struct kvm_run *kr = k->krun;
	struct hvx_run *run = vcpu->run;
	uint64_t reason = kr->exit_reason;

	switch (kr->exit_reason) {
	case KVM_EXIT_IO:
		translate_io(vcpu, k);
		return;
	case KVM_EXIT_MMIO:
		translate_mmio(run, k);
		return;
	case KVM_EXIT_HLT:
		run->exit_reason = HVX_EXIT_HLT;
		return;
	case KVM_EXIT_IRQ_WINDOW_OPEN:
		run->exit_reason = HVX_EXIT_IRQ_WINDOW_OPEN;
		return;
	case KVM_EXIT_SHUTDOWN:
		translate_shutdown(vcpu);
		return;
	case KVM_EXIT_FAIL_ENTRY:
		translate_fail_entry(run, kr);
		return;
	case KVM_EXIT_INTERNAL_ERROR:
		translate_internal(run, kr);
		return;
	default:
		/* data[0]: KVM's exit reason, which hvx has no name for */
		internal_error(run, HVX_INTERNAL_UNHANDLED_EXIT, &reason, 1);
	}
}

static int kvm_vcpu_run(struct accel_vcpu *vcpu)
{
	struct kvm_vcpu *k = vcpu_of(vcpu);
	struct hvx_run *run = vcpu->run;
	int r;

	complete_exit(vcpu, k);
	run->exit_reason = HVX_EXIT_NONE;
	k->krun->request_interrupt_window = run->request_interrupt_window;
	r = accel_ioctl(vcpu->fd, KVM_RUN, 0);
	run->ready_for_interrupt_injection =
		k->krun->ready_for_interrupt_injection;
	run->if_flag = k->krun->if_flag;
	if (r == -EINTR)
		run->exit_reason = HVX_EXIT_INTR;
	if (r < 0)
		return r;
	translate_exit(vcpu, k);
	return 0;
}

static int kvm_vcpu_interrupt(struct accel_vcpu *vcpu, uint32_t vector)
{
	struct kvm_interrupt irq = { .irq = vector };

	return accel_ioctl(vcpu->fd, KVM_INTERRUPT, (unsigned long)&irq);
}

/* struct kvm_regs and struct hvx_regs: the same 18 u64s, same order. */
_Static_assert(sizeof(struct kvm_regs) == sizeof(struct hvx_regs),
	       "register layouts differ");

static int kvm_vcpu_get_regs(struct accel_vcpu *vcpu, struct hvx_regs *regs)
{
	struct kvm_regs k;
	int r = accel_ioctl(vcpu->fd, KVM_GET_REGS, (unsigned long)&k);

	if (!r)
		memcpy(regs, &k, sizeof(*regs));
	return r;
}

static int kvm_vcpu_set_regs(struct accel_vcpu *vcpu,
			     const struct hvx_regs *regs)
{
	struct kvm_regs k;

	memcpy(&k, regs, sizeof(k));
	return accel_ioctl(vcpu->fd, KVM_SET_REGS, (unsigned long)&k);
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

static int kvm_vcpu_get_sregs(struct accel_vcpu *vcpu,
			      struct hvx_sregs *sregs)
{
	struct kvm_sregs k;
	int r = accel_ioctl(vcpu->fd, KVM_GET_SREGS, (unsigned long)&k);

	if (!r)
		sregs_from_kvm(sregs, &k);
	return r;
}

static int kvm_vcpu_set_sregs(struct accel_vcpu *vcpu,
			      const struct hvx_sregs *sregs)
{
	struct kvm_sregs k;
	int r = accel_ioctl(vcpu->fd, KVM_GET_SREGS, (unsigned long)&k);

	if (r)
		return r;
	sregs_to_kvm(&k, sregs);
	return accel_ioctl(vcpu->fd, KVM_SET_SREGS, (unsigned long)&k);
}

const struct accel_ops accel_kvm_ops = {
	.name = "kvm",
	.kernel = "KVM",
	.device = KVM_DEVICE,
	.load_hint = "modprobe kvm-intel",
	.busy_hint = "another hypervisor holds VMX: are hvx VMs running?",
	.open = kvm_open,
	.close = kvm_close,
	.unrestricted = kvm_unrestricted,
	.vm_create = kvm_vm_create,
	.set_memory = kvm_set_memory,
	.ioeventfd = kvm_ioeventfd,
	.vcpu_create = kvm_vcpu_create,
	.vcpu_release = kvm_vcpu_release,
	.run = kvm_vcpu_run,
	.interrupt = kvm_vcpu_interrupt,
	.get_regs = kvm_vcpu_get_regs,
	.set_regs = kvm_vcpu_set_regs,
	.get_sregs = kvm_vcpu_get_sregs,
	.set_sregs = kvm_vcpu_set_sregs,
};
