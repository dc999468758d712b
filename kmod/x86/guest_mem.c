// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory as hvx.ko itself touches it: guest-physical reads and
 * compare-and-exchange through the memory slots, guest-virtual reads
 * through the guest's own page tables (the pure walker in page_walk.c),
 * and HVX_TRANSLATE, which offers that walk to VMMs and debuggers.
 */
#include <linux/uaccess.h>
#include <asm/processor.h>
#include "page_walk.h"
#include "vmx.h"

/* The user address behind [gpa, gpa + len), which must lie in one slot. */
static void __user *gpa_to_hva(struct hvx_vcpu *vcpu, u64 gpa, size_t len,
			       bool write)
{
	struct hvx_vm *vm = vcpu->vm;
	const struct hvx_memslot *s;
	void __user *hva = NULL;

	spin_lock(&vm->mmu_lock);
	s = hvx_slot_for_gpa(vm, gpa);
	if (s && gpa + len - s->gpa <= s->size &&
	    !(write && (s->flags & HVX_MEM_READONLY)))
		hva = (void __user *)(unsigned long)(s->hva + (gpa - s->gpa));
	spin_unlock(&vm->mmu_lock);
	return hva;
}

int vmx_read_guest(struct hvx_vcpu *vcpu, u64 gpa, void *buf, size_t len)
{
	void __user *hva = gpa_to_hva(vcpu, gpa, len, false);

	if (!hva || copy_from_user(buf, hva, len))
		return -EFAULT;
	return 0;
}

/* Whether [gpa, gpa + len) is guest memory that hvx may write. */
bool vmx_guest_writable(struct hvx_vcpu *vcpu, u64 gpa, size_t len)
{
	return !!gpa_to_hva(vcpu, gpa, len, true);
}

/* Whether [gpa, gpa + len) is memory, not MMIO, for a read or a @write. */
bool vmx_guest_is_ram(struct hvx_vcpu *vcpu, u64 gpa, size_t len, bool write)
{
	return !!gpa_to_hva(vcpu, gpa, len, write);
}

/* hvx's own writes bypass EPT, so they are logged here, not by its D bits. */
static void mark_dirty(struct hvx_vcpu *vcpu, u64 gpa)
{
	spin_lock(&vcpu->vm->mmu_lock);
	hvx_mark_dirty(vcpu->vm, gpa);
	spin_unlock(&vcpu->vm->mmu_lock);
}

/* @len bytes within one page. */
int vmx_write_guest(struct hvx_vcpu *vcpu, u64 gpa, const void *buf,
		    size_t len)
{
	void __user *hva = gpa_to_hva(vcpu, gpa, len, true);

	if (!hva || copy_to_user(hva, buf, len))
		return -EFAULT;
	mark_dirty(vcpu, gpa);
	return 0;
}

static int walk_read(void *opaque, u64 gpa, unsigned int size, u64 *val)
{
	u64 v = 0;

	if (vmx_read_guest(opaque, gpa, &v, size))
		return -EFAULT;
	*val = v;
	return 0;
}

/* Guest page tables live in user memory that other threads may change. */
static int walk_cmpxchg(void *opaque, u64 gpa, unsigned int size, u64 old,
			u64 val)
{
	void __user *hva = gpa_to_hva(opaque, gpa, size, true);
	int r;

	if (!hva || !access_ok(hva, size))
		return -EFAULT;
	if (size == 4) {
		u32 o = old;

		r = __try_cmpxchg_user((u32 __user *)hva, &o, (u32)val, efault4);
	} else {
		r = __try_cmpxchg_user((u64 __user *)hva, &old, val, efault8);
	}
	if (r < 0)
		return -EFAULT;
	if (r)
		return HVX_CMPXCHG_CHANGED;
	mark_dirty(opaque, gpa);
	return HVX_CMPXCHG_DONE;
}

static void walk_ctx_init(struct hvx_vcpu *vcpu, struct hvx_walk_ctx *c)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	int i;

	*c = (struct hvx_walk_ctx) {
		.cr0 = vmx_read_cr0(vcpu), .cr3 = vmcs_read(GUEST_CR3),
		.cr4 = vmx_read_cr4(vcpu),
		.efer = a->efer, .rflags = vmcs_read(GUEST_RFLAGS),
		.maxphyaddr = boot_cpu_data.x86_phys_bits,
		.gbpages = boot_cpu_has(X86_FEATURE_GBPAGES),
		.opaque = vcpu, .read_gpa = walk_read,
		.cmpxchg_gpa = walk_cmpxchg,
	};
	if (hvx_paging_mode(c) == HVX_PAGING_PAE)
		for (i = 0; i < 4; i++)
			c->pdpte[i] = vmcs_read(GUEST_PDPTE0 + i * 2);
}

int vmx_translate(struct hvx_vcpu *vcpu, u64 gva, u32 access,
		  struct hvx_walk_result *res)
{
	struct hvx_walk_ctx c;

	walk_ctx_init(vcpu, &c);
	return hvx_page_walk(&c, gva, access, res);
}

/*
 * Read @len bytes at guest-virtual @gva, page by page. Returns 0, or an
 * enum hvx_walk_status (with @res) when a page does not translate.
 */
int vmx_read_guest_virt(struct hvx_vcpu *vcpu, u64 gva, void *buf,
			size_t len, u32 access, struct hvx_walk_result *res)
{
	u8 *p = buf;
	int r;

	while (len) {
		size_t chunk = min_t(size_t, len, PAGE_SIZE - (gva & ~PAGE_MASK));

		r = vmx_translate(vcpu, gva, access, res);
		if (r)
			return r;
		if (vmx_read_guest(vcpu, res->gpa, p, chunk))
			return HVX_WALK_BAD_GPA;
		gva += chunk;
		p += chunk;
		len -= chunk;
	}
	return 0;
}

#define TRANSLATE_ACCESS (HVX_TRANSLATE_WRITE | HVX_TRANSLATE_USER | \
			  HVX_TRANSLATE_FETCH)

int vmx_translate_ioctl(struct hvx_vcpu *vcpu,
			struct hvx_translation __user *u)
{
	struct hvx_walk_result res;
	struct hvx_translation t;
	u32 access = 0;
	int r;

	if (copy_from_user(&t, u, sizeof(t)))
		return -EFAULT;
	if ((t.access & ~TRANSLATE_ACCESS) || t.pad[0] || t.pad[1] ||
	    t.pad[2] || t.reserved)
		return -EINVAL;
	if (t.access & HVX_TRANSLATE_WRITE)
		access |= HVX_WALK_WRITE;
	if (t.access & HVX_TRANSLATE_USER)
		access |= HVX_WALK_USER;
	if (t.access & HVX_TRANSLATE_FETCH)
		access |= HVX_WALK_FETCH;
	r = vmx_translate(vcpu, t.linear_address, access, &res);
	if (r == HVX_WALK_BAD_GPA || r == HVX_WALK_AGAIN)
		return -EFAULT;
	t.valid = r == HVX_WALK_OK;
	t.physical_address = t.valid ? res.gpa : 0;
	t.page_fault_error = r == HVX_WALK_FAULT ? res.error_code : 0;
	return copy_to_user(u, &t, sizeof(t)) ? -EFAULT : 0;
}
