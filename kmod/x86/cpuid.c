// SPDX-License-Identifier: GPL-2.0
/*
 * Guest CPUID: the table hvx can offer on this CPU (the host's, less what
 * hvx does not virtualise), each vCPU's own table set by the VMM, and the
 * CPUID exit's lookup with the bits that follow guest state.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/processor.h>
#include "vmx.h"

/* Leaf 1 ECX: SSE3 PCLMULQDQ SSSE3 FMA CX16 PCID SSE4.1 SSE4.2 MOVBE POPCNT AES XSAVE AVX F16C RDRAND */
#define L1_ECX_KEEP	0x76da3203U
#define L1_ECX_OSXSAVE	(1U << 27)
#define L1_ECX_HYPERVISOR (1U << 31)
/* Leaf 1 EDX: FPU VME DE PSE TSC MSR PAE CX8 SEP PGE CMOV PAT PSE36 CLFSH MMX FXSR SSE SSE2 */
#define L1_EDX_KEEP	0x078ba97fU
/* Leaf 7 EBX: FSGSBASE BMI1 AVX2 SMEP BMI2 ERMS RDSEED ADX SMAP CLFLUSHOPT CLWB SHA */
#define L7_EBX_KEEP	0x219c03a9U
#define L7_EBX_INVPCID	(1U << 10)
/* Leaf 0xd.1 EAX: XSAVEOPT XSAVEC XGETBV1 (no XSAVES) */
#define LD1_EAX_KEEP	0x7U
/* Leaf 0x80000001 ECX: LAHF ABM PREFETCHW; EDX: SYSCALL NX PDPE1GB LM */
#define LX1_ECX_KEEP	0x00000121U
#define LX1_EDX_KEEP	0x24100800U
#define LX1_EDX_RDTSCP	(1U << 27)

#define HVX_CPUID_SIGNATURE	0x40000000
#define MAX_BASIC_LEAF		0xd
#define MAX_EXT_LEAF		0x80000008

struct cpuid_builder {
	struct hvx_cpuid_entry *e;
	u32 n;
};

static void add(struct cpuid_builder *b, u32 fn, u32 idx, u32 flags,
		u32 eax, u32 ebx, u32 ecx, u32 edx)
{
	struct hvx_cpuid_entry *e = &b->e[b->n++];

	*e = (struct hvx_cpuid_entry) {
		.function = fn, .index = idx, .flags = flags,
		.eax = eax, .ebx = ebx, .ecx = ecx, .edx = edx,
	};
}

static void add_host(struct cpuid_builder *b, u32 fn, u32 idx, u32 flags)
{
	u32 eax, ebx, ecx, edx;

	cpuid_count(fn, idx, &eax, &ebx, &ecx, &edx);
	add(b, fn, idx, flags, eax, ebx, ecx, edx);
}

/* Deterministic cache parameters, as one core of one package. */
static void add_leaf4(struct cpuid_builder *b)
{
	u32 eax, ebx, ecx, edx, i;

	for (i = 0; i < 8; i++) {
		cpuid_count(4, i, &eax, &ebx, &ecx, &edx);
		add(b, 4, i, HVX_CPUID_FLAG_SIGNIFICANT_INDEX,
		    eax & 0x3fff, ebx, ecx, edx);
		if (!(eax & 0x1f))
			break;
	}
}

static void add_xsave_leaves(struct cpuid_builder *b)
{
	u64 xcr0 = host_xcr0 & VMX_GUEST_XFEATURES;
	u32 eax, ebx, ecx, edx, size = 576;

	if (xcr0 & XFEATURE_MASK_YMM) {
		cpuid_count(0xd, 2, &eax, &ebx, &ecx, &edx);
		size = ebx + eax;
		add(b, 0xd, 2, HVX_CPUID_FLAG_SIGNIFICANT_INDEX, eax, ebx, 0, 0);
	}
	add(b, 0xd, 0, HVX_CPUID_FLAG_SIGNIFICANT_INDEX, (u32)xcr0, size, size,
	    0);
	cpuid_count(0xd, 1, &eax, &ebx, &ecx, &edx);
	add(b, 0xd, 1, HVX_CPUID_FLAG_SIGNIFICANT_INDEX, eax & LD1_EAX_KEEP,
	    0, 0, 0);
}

static void build_supported(struct cpuid_builder *b)
{
	u32 eax, ebx, ecx, edx, fn, max_ext;

	cpuid(0, &eax, &ebx, &ecx, &edx);
	add(b, 0, 0, 0, min_t(u32, eax, MAX_BASIC_LEAF), ebx, ecx, edx);
	cpuid(1, &eax, &ebx, &ecx, &edx);
	add(b, 1, 0, 0, eax, ebx & 0xff00, (ecx & L1_ECX_KEEP) |
	    L1_ECX_HYPERVISOR, edx & L1_EDX_KEEP);
	add_host(b, 2, 0, 0);
	add_leaf4(b);
	cpuid_count(7, 0, &eax, &ebx, &ecx, &edx);
	if (vmx_proc2_ctls & CPU2_INVPCID)
		ebx &= L7_EBX_KEEP | L7_EBX_INVPCID;
	else
		ebx &= L7_EBX_KEEP;
	add(b, 7, 0, HVX_CPUID_FLAG_SIGNIFICANT_INDEX, 0, ebx, 0, 0);
	add_xsave_leaves(b);
	add(b, HVX_CPUID_SIGNATURE, 0, 0, HVX_CPUID_SIGNATURE,
	    0x68787668, 0x76687876, 0x00000078);

	max_ext = min_t(u32, cpuid_eax(0x80000000), MAX_EXT_LEAF);
	add(b, 0x80000000, 0, 0, max_ext, 0, 0, 0);
	cpuid(0x80000001, &eax, &ebx, &ecx, &edx);
	edx &= LX1_EDX_KEEP | ((vmx_proc2_ctls & CPU2_RDTSCP) ?
			       LX1_EDX_RDTSCP : 0);
	add(b, 0x80000001, 0, 0, eax, 0, ecx & LX1_ECX_KEEP, edx);
	for (fn = 0x80000002; fn <= 0x80000004 && fn <= max_ext; fn++)
		add_host(b, fn, 0, 0);
	if (max_ext >= 0x80000006)
		add_host(b, 0x80000006, 0, 0);
	if (max_ext >= 0x80000008)
		add(b, 0x80000008, 0, 0, cpuid_eax(0x80000008), 0, 0, 0);
}

int hvx_arch_get_supported_cpuid(struct hvx_cpuid __user *ucpuid)
{
	struct cpuid_builder b = { 0 };
	struct hvx_cpuid hdr;
	int err = 0;

	if (copy_from_user(&hdr, ucpuid, sizeof(hdr)))
		return -EFAULT;
	if (hdr.pad)
		return -EINVAL;
	b.e = kcalloc(HVX_MAX_CPUID_ENTRIES, sizeof(*b.e), GFP_KERNEL);
	if (!b.e)
		return -ENOMEM;
	build_supported(&b);
	if (hdr.nent < b.n) {
		err = -E2BIG;
	} else if (copy_to_user(ucpuid->entries, b.e, b.n * sizeof(*b.e))) {
		err = -EFAULT;
	} else {
		hdr.nent = b.n;
		if (copy_to_user(ucpuid, &hdr, sizeof(hdr)))
			err = -EFAULT;
	}
	kfree(b.e);
	return err;
}

/* A new vCPU starts with everything hvx supports, APIC ID = vCPU id. */
void vmx_cpuid_init(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	struct cpuid_builder b = { .e = a->cpuid };
	u32 i;

	build_supported(&b);
	a->cpuid_nent = b.n;
	for (i = 0; i < b.n; i++)
		if (b.e[i].function == 1)
			b.e[i].ebx |= (vcpu->id & 0xff) << 24;
}

int vmx_set_cpuid(struct hvx_vcpu *vcpu, struct hvx_cpuid __user *ucpuid)
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	struct hvx_cpuid_entry *e;
	struct hvx_cpuid hdr;
	u32 i;

	if (copy_from_user(&hdr, ucpuid, sizeof(hdr)))
		return -EFAULT;
	if (hdr.pad || hdr.nent > HVX_MAX_CPUID_ENTRIES)
		return -EINVAL;
	e = memdup_user(ucpuid->entries, hdr.nent * sizeof(*e));
	if (IS_ERR(e))
		return PTR_ERR(e);
	for (i = 0; i < hdr.nent; i++) {
		if ((e[i].flags & ~HVX_CPUID_FLAG_SIGNIFICANT_INDEX) ||
		    e[i].reserved) {
			kfree(e);
			return -EINVAL;
		}
	}
	memcpy(a->cpuid, e, hdr.nent * sizeof(*e));
	a->cpuid_nent = hdr.nent;
	kfree(e);
	return 0;
}

/* XSAVE area size for the features enabled in @xcr0 (SDM vol. 1, 13.2). */
static u32 xsave_size(u64 xcr0)
{
	u32 eax, ebx, ecx, edx;

	if (!(xcr0 & XFEATURE_MASK_YMM))
		return 576;
	cpuid_count(0xd, 2, &eax, &ebx, &ecx, &edx);
	return ebx + eax;
}

void vmx_cpuid(struct hvx_vcpu *vcpu, u32 function, u32 index, u32 out[4])
{
	struct hvx_vcpu_arch *a = vcpu->arch;
	const struct hvx_cpuid_entry *e = NULL;
	u32 i;

	for (i = 0; i < a->cpuid_nent; i++) {
		const struct hvx_cpuid_entry *c = &a->cpuid[i];

		if (c->function == function &&
		    (!(c->flags & HVX_CPUID_FLAG_SIGNIFICANT_INDEX) ||
		     c->index == index)) {
			e = c;
			break;
		}
	}
	if (!e) {
		out[0] = out[1] = out[2] = out[3] = 0;
		return;
	}
	out[0] = e->eax;
	out[1] = e->ebx;
	out[2] = e->ecx;
	out[3] = e->edx;
	/* Bits the hardware derives from the current state. */
	if (function == 1) {
		out[2] &= ~L1_ECX_OSXSAVE;
		if (vmx_read_cr4(vcpu) & X86_CR4_OSXSAVE)
			out[2] |= L1_ECX_OSXSAVE;
	} else if (function == 0xd && index == 0) {
		out[1] = xsave_size(a->xcr0);
	}
}
