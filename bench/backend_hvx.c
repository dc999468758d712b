// SPDX-License-Identifier: GPL-2.0
/*
 * The hvx backend: libhvx's ioctls on /dev/hvx, exit counts from the
 * control plane (VM_STATS over generic netlink).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "backend.h"
#include "hvx_genl.h"

/* VMX basic exit reasons (SDM vol. 3D, appendix C) the counts use. */
#define VMX_EXCEPTION_NMI	0
#define VMX_EXTERNAL_INTERRUPT	1
#define VMX_HLT			12
#define VMX_IO			30
#define VMX_EPT_VIOLATION	48
#define VMX_EPT_MISCONFIG	49
#define VMX_PREEMPTION_TIMER	52

struct bvm {
	int vm_fd;
	int vcpu_fd;
	struct hvx_run *run;
	uint32_t id;		/* the control plane's VM id */
	bool have_id;
	uint64_t user_exits;
};

static int sys_fd = -1;

static int hvx_be_open(void)
{
	int r;

	sys_fd = hvx_open();
	if (sys_fd < 0) {
		r = sys_fd;
		fprintf(stderr, "bench: cannot open %s: %s\n", HVX_DEVICE,
			strerror(-r));
		return r;
	}
	r = hvx_api_version(sys_fd);
	if (r != HVX_API_VERSION) {
		fprintf(stderr, "bench: %s speaks API version %d, we speak %d\n",
			HVX_DEVICE, r, HVX_API_VERSION);
		close(sys_fd);
		sys_fd = -1;
		return -EPROTO;
	}
	r = hvx_genl_open();
	if (r)
		fprintf(stderr, "bench: hvx control plane: %s (exit counts unavailable)\n",
			strerror(-r));
	return 0;
}

static void hvx_be_close(void)
{
	hvx_genl_close();
	if (sys_fd >= 0)
		close(sys_fd);
	sys_fd = -1;
}

/*
 * hvx.ko has no knobs: no VPID, a 2 ms preemption-timer slice, six MSRs
 * in the VMCS lists are its fixed design (docs/design.md); only what the
 * CPU offers is read.
 */
static void hvx_be_describe(FILE *f)
{
	struct hvx_vmx_caps caps;

	fprintf(f, "hvx:");
	if (sys_fd >= 0 && !hvx_get_vmx_caps(sys_fd, &caps))
		fprintf(f, " ept=1 vpid=0 (CPU has VPID: %s) preemption-timer=2ms (shift %u) msr-lists=6 l1d-flush=per-l1tf (flush: cond, full: always)",
			caps.features & HVX_VMX_VPID ? "yes" : "no",
			caps.preemption_timer_shift);
	fprintf(f, "\n");
}

static struct bvm *hvx_be_create_vm(void)
{
	struct bvm *vm = calloc(1, sizeof(*vm));
	int r;

	if (!vm)
		return NULL;
	vm->vcpu_fd = -1;
	r = hvx_create_vm(sys_fd);
	if (r < 0) {
		fprintf(stderr, "bench: HVX_CREATE_VM: %s\n", strerror(-r));
		free(vm);
		return NULL;
	}
	vm->vm_fd = r;
	return vm;
}

static int hvx_be_set_slot(struct bvm *vm, uint32_t slot, uint64_t gpa,
			   uint64_t size, void *hva)
{
	return hvx_set_memory(vm->vm_fd, slot, 0, gpa, size, hva);
}

static int hvx_be_create_vcpu(struct bvm *vm)
{
	int r = hvx_create_vcpu(vm->vm_fd, 0);

	if (r < 0)
		return r;
	vm->vcpu_fd = r;
	vm->run = hvx_map_run(vm->vcpu_fd);
	if (!vm->run)
		return -errno;
	return 0;
}

static int hvx_be_get_sregs(struct bvm *vm, struct hvx_sregs *s)
{
	return hvx_get_sregs(vm->vcpu_fd, s);
}

static int hvx_be_set_sregs(struct bvm *vm, const struct hvx_sregs *s)
{
	return hvx_set_sregs(vm->vcpu_fd, s);
}

static int hvx_be_get_regs(struct bvm *vm, struct hvx_regs *r)
{
	return hvx_get_regs(vm->vcpu_fd, r);
}

static int hvx_be_set_regs(struct bvm *vm, const struct hvx_regs *r)
{
	return hvx_set_regs(vm->vcpu_fd, r);
}

static int hvx_be_run(struct bvm *vm, struct bench_exit *e)
{
	struct hvx_run *run = vm->run;
	int r = hvx_run(vm->vcpu_fd);

	if (r < 0)
		return r;
	vm->user_exits++;
	e->raw = run->exit_reason;
	switch (run->exit_reason) {
	case HVX_EXIT_IO:
		e->kind = BX_IO;
		e->port = run->io.port;
		e->size = run->io.size;
		e->write = run->io.direction == HVX_EXIT_IO_OUT;
		e->data = 0;
		memcpy(&e->data, hvx_io_data(run), e->size);
		break;
	case HVX_EXIT_MMIO:
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
	case HVX_EXIT_HLT:
		e->kind = BX_HLT;
		break;
	case HVX_EXIT_SHUTDOWN:
		e->kind = BX_SHUTDOWN;
		break;
	case HVX_EXIT_FAIL_ENTRY:
		e->kind = BX_FAIL_ENTRY;
		break;
	case HVX_EXIT_INTERNAL_ERROR:
		e->kind = BX_INTERNAL_ERROR;
		break;
	default:
		e->kind = BX_OTHER;
	}
	return 0;
}

static int hvx_be_run_immediate(struct bvm *vm)
{
	int r;

	vm->run->immediate_exit = 1;
	r = hvx_run(vm->vcpu_fd);
	vm->run->immediate_exit = 0;
	return r == -EINTR ? 0 : r < 0 ? r : -EPROTO;
}

static int hvx_be_counts(struct bvm *vm, struct exit_counts *c)
{
	const uint64_t *n = c->reasons;
	uint64_t ept_exits;
	int r;

	if (!vm->have_id) {
		r = hvx_genl_find_vm(getpid(), &vm->id);
		if (r)
			return r;
		vm->have_id = true;
	}
	r = hvx_genl_vm_counts(vm->id, c);
	if (r)
		return r;
	c->async = n[VMX_EXTERNAL_INTERRUPT] + n[VMX_PREEMPTION_TIMER] +
		   n[VMX_EXCEPTION_NMI];
	c->io = n[VMX_IO];
	ept_exits = n[VMX_EPT_VIOLATION] + n[VMX_EPT_MISCONFIG];
	c->mmio = ept_exits > c->ept_fault ? ept_exits - c->ept_fault : 0;
	c->hlt = n[VMX_HLT];
	c->insn = c->total - c->async - c->io - c->mmio - c->hlt -
		  c->ept_fault;
	return 0;
}

static void hvx_be_destroy_vm(struct bvm *vm)
{
	if (!vm)
		return;
	if (vm->run)
		hvx_unmap_run(vm->run);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	close(vm->vm_fd);
	free(vm);
}

const struct backend backend_hvx = {
	.name = "hvx",
	.open = hvx_be_open,
	.close = hvx_be_close,
	.describe = hvx_be_describe,
	.create_vm = hvx_be_create_vm,
	.set_slot = hvx_be_set_slot,
	.create_vcpu = hvx_be_create_vcpu,
	.get_sregs = hvx_be_get_sregs,
	.set_sregs = hvx_be_set_sregs,
	.get_regs = hvx_be_get_regs,
	.set_regs = hvx_be_set_regs,
	.run = hvx_be_run,
	.run_immediate = hvx_be_run_immediate,
	.counts = hvx_be_counts,
	.destroy_vm = hvx_be_destroy_vm,
};
