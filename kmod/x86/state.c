// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU state ioctls: general registers, segment and control registers,
 * MSRs, CPUID and XSAVE state. Input is checked whole before any of it is
 * applied, so a rejected call changes nothing.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/fpu/api.h>
#include "entry_checks.h"
#include "vmx.h"

static void get_regs(struct hvx_vcpu *vcpu, struct hvx_regs *r)
{
	unsigned long *g = vcpu->arch->regs;

	*r = (struct hvx_regs) {
		.rax = g[VCPU_RAX], .rbx = g[VCPU_RBX], .rcx = g[VCPU_RCX],
		.rdx = g[VCPU_RDX], .rsi = g[VCPU_RSI], .rdi = g[VCPU_RDI],
		.rsp = vmcs_read(GUEST_RSP), .rbp = g[VCPU_RBP],
		.r8 = g[VCPU_R8], .r9 = g[VCPU_R9], .r10 = g[VCPU_R10],
		.r11 = g[VCPU_R11], .r12 = g[VCPU_R12], .r13 = g[VCPU_R13],
		.r14 = g[VCPU_R14], .r15 = g[VCPU_R15],
		.rip = vmcs_read(GUEST_RIP), .rflags = vmcs_read(GUEST_RFLAGS),
	};
}

static int set_regs(struct hvx_vcpu *vcpu, const struct hvx_regs *r)
{
	unsigned long *g = vcpu->arch->regs;

	/* Bit 1 is always set; the reserved bits are always clear. */
	if (!(r->rflags & X86_EFLAGS_FIXED) || (r->rflags & ~0x3f7fd7ULL))
		return -EINVAL;
	g[VCPU_RAX] = r->rax;
	g[VCPU_RBX] = r->rbx;
	g[VCPU_RCX] = r->rcx;
	g[VCPU_RDX] = r->rdx;
	g[VCPU_RSI] = r->rsi;
	g[VCPU_RDI] = r->rdi;
	g[VCPU_RBP] = r->rbp;
	g[VCPU_R8] = r->r8;
	g[VCPU_R9] = r->r9;
	g[VCPU_R10] = r->r10;
	g[VCPU_R11] = r->r11;
	g[VCPU_R12] = r->r12;
	g[VCPU_R13] = r->r13;
	g[VCPU_R14] = r->r14;
	g[VCPU_R15] = r->r15;
	vmcs_write(GUEST_RSP, r->rsp);
	vmcs_write(GUEST_RIP, r->rip);
	vmcs_write(GUEST_RFLAGS, r->rflags);
	return 0;
}

/* hvx_sregs order (cs ds es fs gs ss tr ldt) in VMCS order. */
static const int sregs_seg[8] = {
	VMX_SEG_CS, VMX_SEG_DS, VMX_SEG_ES, VMX_SEG_FS, VMX_SEG_GS,
	VMX_SEG_SS, VMX_SEG_TR, VMX_SEG_LDTR
};

static struct hvx_segment *sregs_segment(struct hvx_sregs *s, int i)
{
	struct hvx_segment *segs[8] = {
		&s->cs, &s->ds, &s->es, &s->fs, &s->gs, &s->ss, &s->tr, &s->ldt
	};

	return segs[i];
}

static void get_segment(int seg, struct hvx_segment *s)
{
	u32 ar = vmcs_read32(GUEST_ES_AR_BYTES + seg * 2);

	*s = (struct hvx_segment) {
		.base = vmcs_read(GUEST_ES_BASE + seg * 2),
		.limit = vmcs_read32(GUEST_ES_LIMIT + seg * 2),
		.selector = vmcs_read(GUEST_ES_SELECTOR + seg * 2),
		.type = ar & 15, .s = (ar >> 4) & 1, .dpl = (ar >> 5) & 3,
		.present = (ar >> 7) & 1, .avl = (ar >> 12) & 1,
		.l = (ar >> 13) & 1, .db = (ar >> 14) & 1,
		.g = (ar >> 15) & 1, .unusable = (ar >> 16) & 1,
	};
}

static bool segment_valid(const struct hvx_segment *s)
{
	return !s->pad && s->type < 16 && s->dpl < 4 && s->present < 2 &&
	       s->s < 2 && s->l < 2 && s->db < 2 && s->g < 2 &&
	       s->avl < 2 && s->unusable < 2;
}

static void set_segment(int seg, const struct hvx_segment *s)
{
	u32 ar = s->type | s->s << 4 | s->dpl << 5 | s->present << 7 |
		 s->avl << 12 | s->l << 13 | s->db << 14 | s->g << 15 |
		 (u32)s->unusable << 16;

	vmcs_write(GUEST_ES_SELECTOR + seg * 2, s->selector);
	vmcs_write(GUEST_ES_BASE + seg * 2, s->base);
	vmcs_write(GUEST_ES_LIMIT + seg * 2, s->limit);
	vmcs_write(GUEST_ES_AR_BYTES + seg * 2, ar);
}

static void get_sregs(struct hvx_vcpu *vcpu, struct hvx_sregs *s)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	int i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < 8; i++)
		get_segment(sregs_seg[i], sregs_segment(s, i));
	s->gdt.base = vmcs_read(GUEST_GDTR_BASE);
	s->gdt.limit = vmcs_read32(GUEST_GDTR_LIMIT);
	s->idt.base = vmcs_read(GUEST_IDTR_BASE);
	s->idt.limit = vmcs_read32(GUEST_IDTR_LIMIT);
	s->cr0 = vmx_read_cr0(vcpu);
	s->cr2 = a->cr2;
	s->cr3 = vmcs_read(GUEST_CR3);
	s->cr4 = vmx_read_cr4(vcpu);
	s->cr8 = a->cr8;
	s->efer = a->efer;
	s->apic_base = a->apic_base;
}

static bool dtable_valid(const struct hvx_dtable *d)
{
	return !d->pad[0] && !d->pad[1] && !d->pad[2];
}

static int check_sregs(struct hvx_sregs *s)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(s->reserved); i++)
		if (s->reserved[i])
			return -EINVAL;
	for (i = 0; i < 8; i++)
		if (!segment_valid(sregs_segment(s, i)))
			return -EINVAL;
	if (!dtable_valid(&s->gdt) || !dtable_valid(&s->idt))
		return -EINVAL;
	if ((s->cr0 >> 32) || (s->cr4 & CR4_HOST_OWNED) ||
	    (s->cr4 & ~vmx_cr4_fixed1 & ~X86_CR4_VMXE) || s->cr8 > 15 ||
	    (s->efer & ~(u64)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)))
		return -EINVAL;
	return 0;
}

/* PAE paging: the four PDPTEs the CPU holds in registers (SDM vol. 3A, 4.4.1). */
int vmx_load_pdptrs(struct hvx_vcpu *vcpu, u64 cr3)
{
	u64 pdpte[4];
	int i, err;

	err = vmx_read_guest(vcpu, cr3 & 0xffffffe0ULL, pdpte, sizeof(pdpte));
	if (err)
		return err;
	for (i = 0; i < 4; i++)
		vmcs_write(GUEST_PDPTE0 + i * 2, pdpte[i]);
	return 0;
}

static int set_sregs(struct hvx_vcpu *vcpu, struct hvx_sregs *s)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	u64 pdpte[4];
	bool pae = (s->cr0 & X86_CR0_PG) && (s->cr4 & X86_CR4_PAE) &&
		   !(s->efer & EFER_LME);
	int i, err;

	err = check_sregs(s);
	if (err)
		return err;
	if (pae && vmx_read_guest(vcpu, s->cr3 & 0xffffffe0ULL, pdpte,
			      sizeof(pdpte)))
		return -EFAULT;
	for (i = 0; i < 8; i++)
		set_segment(sregs_seg[i], sregs_segment(s, i));
	vmcs_write(GUEST_GDTR_BASE, s->gdt.base);
	vmcs_write(GUEST_GDTR_LIMIT, s->gdt.limit);
	vmcs_write(GUEST_IDTR_BASE, s->idt.base);
	vmcs_write(GUEST_IDTR_LIMIT, s->idt.limit);
	a->cr2 = s->cr2;
	a->cr8 = s->cr8;
	a->apic_base = s->apic_base;
	vmcs_write(GUEST_CR3, s->cr3);
	a->efer = s->efer;
	vmx_set_cr0(vcpu, s->cr0);
	vmx_set_cr4(vcpu, s->cr4);
	if (pae)
		for (i = 0; i < 4; i++)
			vmcs_write(GUEST_PDPTE0 + i * 2, pdpte[i]);
	return 0;
}

static int msrs_ioctl(struct hvx_vcpu *vcpu, struct hvx_msrs __user *umsrs,
		      bool set)
{
	struct hvx_msr_entry *e;
	struct hvx_msrs hdr;
	u32 i;
	int r = 0;

	if (copy_from_user(&hdr, umsrs, sizeof(hdr)))
		return -EFAULT;
	if (hdr.pad || hdr.nmsrs > HVX_MAX_MSR_ENTRIES)
		return -EINVAL;
	e = memdup_user(umsrs->entries, hdr.nmsrs * sizeof(*e));
	if (IS_ERR(e))
		return PTR_ERR(e);
	for (i = 0; i < hdr.nmsrs; i++) {
		if (e[i].reserved) {
			r = -EINVAL;
			goto out;
		}
	}
	/* Like KVM: stop at the first MSR that fails, report how many went. */
	for (i = 0; i < hdr.nmsrs; i++) {
		if (set ? vmx_set_msr(vcpu, e[i].index, e[i].data, true) :
		    vmx_get_msr(vcpu, e[i].index, &e[i].data, true))
			break;
	}
	r = i;
	if (!set && copy_to_user(umsrs->entries, e, i * sizeof(*e)))
		r = -EFAULT;
out:
	kfree(e);
	return r;
}

static int xsave_ioctl(struct hvx_vcpu *vcpu, void __user *argp, bool set)
{
	struct hvx_xsave *x;
	u32 pkru = 0;
	int r = 0;

	if (set) {
		x = memdup_user(argp, sizeof(*x));
		if (IS_ERR(x))
			return PTR_ERR(x);
		r = fpu_copy_uabi_to_guest_fpstate(&vcpu->arch->fpu, x->region,
						   host_xcr0 & VMX_GUEST_XFEATURES,
						   &pkru);
	} else {
		x = kzalloc(sizeof(*x), GFP_KERNEL);
		if (!x)
			return -ENOMEM;
		fpu_copy_guest_fpstate_to_uabi(&vcpu->arch->fpu, x->region,
					       sizeof(x->region),
					       host_xcr0 & VMX_GUEST_XFEATURES,
					       0);
		if (copy_to_user(argp, x, sizeof(*x)))
			r = -EFAULT;
	}
	kfree(x);
	return r;
}

long vmx_state_ioctl(struct hvx_vcpu *vcpu, unsigned int cmd,
		     void __user *argp)
{
	union {
		struct hvx_regs regs;
		struct hvx_sregs sregs;
	} u;

	switch (cmd) {
	case HVX_GET_REGS:
		get_regs(vcpu, &u.regs);
		return copy_to_user(argp, &u.regs, sizeof(u.regs)) ? -EFAULT : 0;
	case HVX_SET_REGS:
		if (copy_from_user(&u.regs, argp, sizeof(u.regs)))
			return -EFAULT;
		return set_regs(vcpu, &u.regs);
	case HVX_GET_SREGS:
		get_sregs(vcpu, &u.sregs);
		return copy_to_user(argp, &u.sregs, sizeof(u.sregs)) ?
		       -EFAULT : 0;
	case HVX_SET_SREGS:
		if (copy_from_user(&u.sregs, argp, sizeof(u.sregs)))
			return -EFAULT;
		return set_sregs(vcpu, &u.sregs);
	case HVX_GET_MSRS:
		return msrs_ioctl(vcpu, argp, false);
	case HVX_SET_MSRS:
		return msrs_ioctl(vcpu, argp, true);
	case HVX_SET_CPUID:
		return vmx_set_cpuid(vcpu, argp);
	case HVX_GET_XSAVE:
		return xsave_ioctl(vcpu, argp, false);
	case HVX_SET_XSAVE:
		return xsave_ioctl(vcpu, argp, true);
	default:
		return -ENOTTY;
	}
}
