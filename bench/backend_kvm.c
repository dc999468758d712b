// SPDX-License-Identifier: GPL-2.0
/*
 * The KVM backend: the ioctls of <linux/kvm.h> on /dev/kvm, exit counts
 * from the vCPU's binary statistics (KVM_GET_STATS_FD, Linux 5.14+).
 * No in-kernel irqchip: HLT comes back to us, as with hvx.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>
#include "backend.h"

#define KVM_DEVICE	"/dev/kvm"
#define MAX_CPUID	256
#define MAX_STATS	128

struct stat_desc {
	char name[48];
	uint32_t offset;	/* in the data block, bytes */
	uint32_t flags;
};

struct bvm {
	int vm_fd;
	int vcpu_fd;
	struct kvm_run *run;
	int stats_fd;
	uint32_t data_offset;
	uint32_t data_size;
	int nr_stats;
	struct stat_desc stats[MAX_STATS];
	uint64_t user_exits;
};

static int sys_fd = -1;
static long run_size;
static struct {
	struct kvm_cpuid2 hdr;
	struct kvm_cpuid_entry2 e[MAX_CPUID];
} cpuid;

static int xioctl(int fd, unsigned long cmd, unsigned long arg)
{
	int r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno : r;
}

static int kvm_be_open(void)
{
	int r;

	sys_fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);
	if (sys_fd < 0) {
		r = -errno;
		fprintf(stderr, "bench: cannot open %s: %s\n", KVM_DEVICE,
			strerror(errno));
		return r;
	}
	r = xioctl(sys_fd, KVM_GET_API_VERSION, 0);
	if (r != KVM_API_VERSION) {
		fprintf(stderr, "bench: %s: API version %d, not %d\n",
			KVM_DEVICE, r, KVM_API_VERSION);
		goto fail;
	}
	run_size = xioctl(sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (long)sizeof(struct kvm_run)) {
		fprintf(stderr, "bench: KVM_GET_VCPU_MMAP_SIZE: %ld\n",
			run_size);
		goto fail;
	}
	cpuid.hdr.nent = MAX_CPUID;
	r = xioctl(sys_fd, KVM_GET_SUPPORTED_CPUID, (unsigned long)&cpuid);
	if (r < 0) {
		fprintf(stderr, "bench: KVM_GET_SUPPORTED_CPUID: %s\n",
			strerror(-r));
		goto fail;
	}
	return 0;
fail:
	close(sys_fd);
	sys_fd = -1;
	return -EPROTO;
}

static void kvm_be_close(void)
{
	if (sys_fd >= 0)
		close(sys_fd);
	sys_fd = -1;
}

static void print_params(FILE *f, const char *module, const char *const *names)
{
	char path[160], buf[64];
	FILE *p;

	for (; *names; names++) {
		snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s",
			 module, *names);
		p = fopen(path, "r");
		if (!p)
			continue;
		if (fgets(buf, sizeof(buf), p)) {
			buf[strcspn(buf, "\n")] = '\0';
			fprintf(f, " %s=%s", *names, buf);
		}
		fclose(p);
	}
}

static void kvm_be_describe(FILE *f)
{
	static const char *const kvm[] = {
		"halt_poll_ns", "nx_huge_pages", "tdp_mmu", "mmio_caching",
		"enable_pmu", NULL,
	};
	static const char *const intel[] = {
		"ept", "vpid", "unrestricted_guest", "enable_apicv",
		"preemption_timer", "pml", "flexpriority",
		"vmentry_l1d_flush", "enable_shadow_vmcs", "eptad", NULL,
	};

	fprintf(f, "kvm:");
	print_params(f, "kvm", kvm);
	print_params(f, "kvm_intel", intel);
	fprintf(f, " irqchip=none (HLT exits to the VMM)\n");
}

static struct bvm *kvm_be_create_vm(void)
{
	struct bvm *vm = calloc(1, sizeof(*vm));
	int r;

	if (!vm)
		return NULL;
	vm->vcpu_fd = vm->stats_fd = -1;
	r = xioctl(sys_fd, KVM_CREATE_VM, 0);
	if (r < 0) {
		fprintf(stderr, "bench: KVM_CREATE_VM: %s\n", strerror(-r));
		free(vm);
		return NULL;
	}
	vm->vm_fd = r;
	return vm;
}

static int kvm_be_set_slot(struct bvm *vm, uint32_t slot, uint64_t gpa,
			   uint64_t size, void *hva)
{
	struct kvm_userspace_memory_region m = {
		.slot = slot,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)hva,
	};

	return xioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, (unsigned long)&m);
}

/* The descriptors, once: names and where each value sits. */
static int read_stats_layout(struct bvm *vm)
{
	struct kvm_stats_header h;
	size_t desc_size;
	char *descs;
	uint32_t i;

	if (pread(vm->stats_fd, &h, sizeof(h), 0) != sizeof(h))
		return -EIO;
	desc_size = sizeof(struct kvm_stats_desc) + h.name_size;
	descs = malloc(desc_size * h.num_desc);
	if (!descs)
		return -ENOMEM;
	if (pread(vm->stats_fd, descs, desc_size * h.num_desc,
		  h.desc_offset) != (ssize_t)(desc_size * h.num_desc)) {
		free(descs);
		return -EIO;
	}
	vm->data_offset = h.data_offset;
	vm->data_size = 0;
	for (i = 0; i < h.num_desc; i++) {
		struct kvm_stats_desc *d =
			(struct kvm_stats_desc *)(descs + i * desc_size);
		uint32_t end = d->offset + d->size * 8;

		if (end > vm->data_size)
			vm->data_size = end;
		/* Single counters only; histograms are left out. */
		if (d->size != 1 || vm->nr_stats == MAX_STATS)
			continue;
		snprintf(vm->stats[vm->nr_stats].name,
			 sizeof(vm->stats[0].name), "%s", d->name);
		vm->stats[vm->nr_stats].offset = d->offset;
		vm->stats[vm->nr_stats].flags = d->flags;
		vm->nr_stats++;
	}
	free(descs);
	return 0;
}

static int kvm_be_create_vcpu(struct bvm *vm)
{
	void *p;
	int r;

	r = xioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (r < 0)
		return r;
	vm->vcpu_fd = r;
	p = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		 vm->vcpu_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	vm->run = p;
	/* What a VMM normally gives its guest. */
	r = xioctl(vm->vcpu_fd, KVM_SET_CPUID2, (unsigned long)&cpuid);
	if (r < 0)
		return r;
	return 0;
}

static void seg_from_kvm(struct hvx_segment *h, const struct kvm_segment *k)
{
	*h = (struct hvx_segment) {
		.base = k->base, .limit = k->limit, .selector = k->selector,
		.type = k->type, .present = k->present, .dpl = k->dpl,
		.db = k->db, .s = k->s, .l = k->l, .g = k->g, .avl = k->avl,
		.unusable = k->unusable,
	};
}

static void seg_to_kvm(struct kvm_segment *k, const struct hvx_segment *h)
{
	*k = (struct kvm_segment) {
		.base = h->base, .limit = h->limit, .selector = h->selector,
		.type = h->type, .present = h->present, .dpl = h->dpl,
		.db = h->db, .s = h->s, .l = h->l, .g = h->g, .avl = h->avl,
		.unusable = h->unusable,
	};
}

static int kvm_be_get_sregs(struct bvm *vm, struct hvx_sregs *s)
{
	struct kvm_sregs k;
	int r = xioctl(vm->vcpu_fd, KVM_GET_SREGS, (unsigned long)&k);

	if (r < 0)
		return r;
	memset(s, 0, sizeof(*s));
	seg_from_kvm(&s->cs, &k.cs);
	seg_from_kvm(&s->ds, &k.ds);
	seg_from_kvm(&s->es, &k.es);
	seg_from_kvm(&s->fs, &k.fs);
	seg_from_kvm(&s->gs, &k.gs);
	seg_from_kvm(&s->ss, &k.ss);
	seg_from_kvm(&s->tr, &k.tr);
	seg_from_kvm(&s->ldt, &k.ldt);
	s->gdt.base = k.gdt.base;
	s->gdt.limit = k.gdt.limit;
	s->idt.base = k.idt.base;
	s->idt.limit = k.idt.limit;
	s->cr0 = k.cr0;
	s->cr2 = k.cr2;
	s->cr3 = k.cr3;
	s->cr4 = k.cr4;
	s->cr8 = k.cr8;
	s->efer = k.efer;
	s->apic_base = k.apic_base;
	return 0;
}

static int kvm_be_set_sregs(struct bvm *vm, const struct hvx_sregs *s)
{
	struct kvm_sregs k;
	int r = xioctl(vm->vcpu_fd, KVM_GET_SREGS, (unsigned long)&k);

	if (r < 0)
		return r;
	seg_to_kvm(&k.cs, &s->cs);
	seg_to_kvm(&k.ds, &s->ds);
	seg_to_kvm(&k.es, &s->es);
	seg_to_kvm(&k.fs, &s->fs);
	seg_to_kvm(&k.gs, &s->gs);
	seg_to_kvm(&k.ss, &s->ss);
	seg_to_kvm(&k.tr, &s->tr);
	seg_to_kvm(&k.ldt, &s->ldt);
	k.gdt.base = s->gdt.base;
	k.gdt.limit = s->gdt.limit;
	k.idt.base = s->idt.base;
	k.idt.limit = s->idt.limit;
	k.cr0 = s->cr0;
	k.cr2 = s->cr2;
	k.cr3 = s->cr3;
	k.cr4 = s->cr4;
	k.cr8 = s->cr8;
	k.efer = s->efer;
	k.apic_base = s->apic_base;
	return xioctl(vm->vcpu_fd, KVM_SET_SREGS, (unsigned long)&k);
}

/* struct kvm_regs and struct hvx_regs: the same 18 u64s, same order. */
_Static_assert(sizeof(struct kvm_regs) == sizeof(struct hvx_regs),
	       "register layouts differ");

static int kvm_be_get_regs(struct bvm *vm, struct hvx_regs *r)
{
	struct kvm_regs k;
	int e = xioctl(vm->vcpu_fd, KVM_GET_REGS, (unsigned long)&k);

	if (e < 0)
		return e;
	memcpy(r, &k, sizeof(*r));
	return 0;
}

static int kvm_be_set_regs(struct bvm *vm, const struct hvx_regs *r)
{
	struct kvm_regs k;

	memcpy(&k, r, sizeof(k));
	return xioctl(vm->vcpu_fd, KVM_SET_REGS, (unsigned long)&k);
}

static int kvm_be_run(struct bvm *vm, struct bench_exit *e)
{
	struct kvm_run *run = vm->run;
	int r = ioctl(vm->vcpu_fd, KVM_RUN, 0);

	if (r < 0)
		return -errno;
	vm->user_exits++;
	e->raw = run->exit_reason;
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		e->kind = BX_IO;
		e->port = run->io.port;
		e->size = run->io.size;
		e->write = run->io.direction == KVM_EXIT_IO_OUT;
		e->data = 0;
		memcpy(&e->data, (uint8_t *)run + run->io.data_offset,
		       e->size);
		break;
	case KVM_EXIT_MMIO:
		e->kind = BX_MMIO;
		e->addr = run->mmio.phys_addr;
		e->size = run->mmio.len;
		e->write = run->mmio.is_write;
		e->data = 0;
		if (e->write)
			memcpy(&e->data, run->mmio.data, e->size);
		else
			memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
		break;
	case KVM_EXIT_HLT:
		e->kind = BX_HLT;
		break;
	case KVM_EXIT_SHUTDOWN:
		e->kind = BX_SHUTDOWN;
		break;
	case KVM_EXIT_FAIL_ENTRY:
		e->kind = BX_FAIL_ENTRY;
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		e->kind = BX_INTERNAL_ERROR;
		break;
	default:
		e->kind = BX_OTHER;
	}
	return 0;
}

static int kvm_be_run_immediate(struct bvm *vm)
{
	int r;

	vm->run->immediate_exit = 1;
	r = xioctl(vm->vcpu_fd, KVM_RUN, 0);
	vm->run->immediate_exit = 0;
	return r == -EINTR ? 0 : r < 0 ? r : -EPROTO;
}

static uint64_t stat_value(const struct exit_counts *c, const char *name)
{
	int i;

	for (i = 0; i < c->nr_named; i++)
		if (!strcmp(c->named[i].name, name))
			return c->named[i].value;
	return 0;
}

static int kvm_be_counts(struct bvm *vm, struct exit_counts *c)
{
	uint64_t *data;
	uint64_t fixed;
	int i;

	memset(c, 0, sizeof(*c));
	if (vm->stats_fd < 0) {
		int r = xioctl(vm->vcpu_fd, KVM_GET_STATS_FD, 0);

		if (r < 0)
			return r;
		vm->stats_fd = r;
		r = read_stats_layout(vm);
		if (r)
			return r;
	}
	data = calloc(1, vm->data_size);
	if (!data)
		return -ENOMEM;
	if (pread(vm->stats_fd, data, vm->data_size, vm->data_offset) !=
	    (ssize_t)vm->data_size) {
		free(data);
		return -EIO;
	}
	for (i = 0; i < vm->nr_stats && c->nr_named < 64; i++) {
		const struct stat_desc *d = &vm->stats[i];

		/* Counters only: instant values and peaks do not subtract. */
		if ((d->flags & KVM_STATS_TYPE_MASK) != KVM_STATS_TYPE_CUMULATIVE)
			continue;
		snprintf(c->named[c->nr_named].name, sizeof(c->named[0].name),
			 "%s", d->name);
		c->named[c->nr_named].value = data[d->offset / 8];
		c->nr_named++;
	}
	free(data);
	c->total = stat_value(c, "exits");
	c->async = stat_value(c, "irq_exits");
	c->io = stat_value(c, "io_exits");
	c->mmio = stat_value(c, "mmio_exits");
	c->hlt = stat_value(c, "halt_exits");
	fixed = stat_value(c, "pf_fixed");
	c->ept_fault = fixed;
	c->user = vm->user_exits;
	c->insn = c->total - c->async - c->io - c->mmio - c->hlt - fixed;
	return 0;
}

static void kvm_be_destroy_vm(struct bvm *vm)
{
	if (!vm)
		return;
	if (vm->stats_fd >= 0)
		close(vm->stats_fd);
	if (vm->run)
		munmap(vm->run, run_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	close(vm->vm_fd);
	free(vm);
}

const struct backend backend_kvm = {
	.name = "kvm",
	.open = kvm_be_open,
	.close = kvm_be_close,
	.describe = kvm_be_describe,
	.create_vm = kvm_be_create_vm,
	.set_slot = kvm_be_set_slot,
	.create_vcpu = kvm_be_create_vcpu,
	.get_sregs = kvm_be_get_sregs,
	.set_sregs = kvm_be_set_sregs,
	.get_regs = kvm_be_get_regs,
	.set_regs = kvm_be_set_regs,
	.run = kvm_be_run,
	.run_immediate = kvm_be_run_immediate,
	.counts = kvm_be_counts,
	.destroy_vm = kvm_be_destroy_vm,
};
