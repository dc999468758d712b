// SPDX-License-Identifier: GPL-2.0
/*
 * L1TF: before a VM entry on an affected CPU, the L1 data cache is
 * flushed so that a guest cannot read host data left in it. With the
 * IA32_FLUSH_CMD MSR one write does it; without, reading a buffer twice
 * the size of the cache evicts it, as Intel's guidance for older
 * microcode describes.
 *
 * When, follows the host's l1tf= policy, as KVM's does: "full" flushes
 * before every entry; the default ("flush") only when host code that may
 * have touched secrets ran since the last entry: the vCPU was loaded for
 * an ioctl (the VMM ran) or scheduled in (another task ran), or a host
 * interrupt came on this CPU (the kernel's entry code notes that in a
 * per-CPU flag). Exits handled in the kernel touch only the guest's own
 * state and pay nothing; "off" never flushes.
 */
#include <linux/gfp.h>
#include <asm/hardirq.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include "vmx.h"

enum l1d_flush_policy {
	L1D_FLUSH_NEVER,
	L1D_FLUSH_COND,
	L1D_FLUSH_ALWAYS,
};

#define FLUSH_ORDER	4	/* 64 KiB: twice a 32 KiB L1D */
#define FLUSH_SIZE	(PAGE_SIZE << FLUSH_ORDER)
#define CACHE_LINE	64

static enum l1d_flush_policy l1d_flush_policy;
static u8 *l1d_flush_buf;

static enum l1d_flush_policy policy_of_host(void)
{
	if (!boot_cpu_has_bug(X86_BUG_L1TF) ||
	    l1tf_mitigation == L1TF_MITIGATION_OFF)
		return L1D_FLUSH_NEVER;
	if (l1tf_mitigation == L1TF_MITIGATION_FULL ||
	    l1tf_mitigation == L1TF_MITIGATION_FULL_FORCE)
		return L1D_FLUSH_ALWAYS;
	return L1D_FLUSH_COND;
}

int vmx_l1d_flush_init(void)
{
	l1d_flush_policy = policy_of_host();
	if (l1d_flush_policy == L1D_FLUSH_NEVER ||
	    boot_cpu_has(X86_FEATURE_FLUSH_L1D))
		return 0;
	l1d_flush_buf = (u8 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					       FLUSH_ORDER);
	return l1d_flush_buf ? 0 : -ENOMEM;
}

void vmx_l1d_flush_exit(void)
{
	free_pages((unsigned long)l1d_flush_buf, FLUSH_ORDER);
}

/* Did a host interrupt run on this CPU since we last asked? */
static bool host_irq_since_last_entry(void)
{
#if IS_ENABLED(CONFIG_KVM_INTEL)
	bool ran = kvm_get_cpu_l1tf_flush_l1d();

	kvm_clear_cpu_l1tf_flush_l1d();
	return ran;
#else
	return true;	/* the kernel does not track it: assume so */
#endif
}

/* Interrupts off, right before VM entry. */
void vmx_l1d_flush(struct hvx_vcpu_arch *a)
{
	bool needed = a->l1d_flush_needed;
	size_t i;

	a->l1d_flush_needed = false;
	if (l1d_flush_policy == L1D_FLUSH_NEVER)
		return;
	needed |= host_irq_since_last_entry();
	if (l1d_flush_policy == L1D_FLUSH_COND && !needed)
		return;
	if (!l1d_flush_buf) {
		wrmsrl(MSR_IA32_FLUSH_CMD, L1D_FLUSH);
		return;
	}
	/* Fill the TLB first, so that the second pass only loads lines. */
	for (i = 0; i < FLUSH_SIZE; i += PAGE_SIZE)
		READ_ONCE(l1d_flush_buf[i]);
	for (i = 0; i < FLUSH_SIZE; i += CACHE_LINE)
		READ_ONCE(l1d_flush_buf[i]);
}
