// SPDX-License-Identifier: GPL-2.0
/*
 * L1TF: before every VM entry on an affected CPU, the L1 data cache is
 * flushed so that a guest cannot read host data left in it (the host's
 * l1tf= policy decides whether it is wanted). With the IA32_FLUSH_CMD
 * MSR one write does it; without, reading a buffer twice the size of the
 * cache evicts it, as Intel's guidance for older microcode describes.
 */
#include <linux/gfp.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include "vmx.h"

#define FLUSH_ORDER	4	/* 64 KiB: twice a 32 KiB L1D */
#define FLUSH_SIZE	(PAGE_SIZE << FLUSH_ORDER)
#define CACHE_LINE	64

static bool l1d_flush_wanted;
static u8 *l1d_flush_buf;

int vmx_l1d_flush_init(void)
{
	l1d_flush_wanted = boot_cpu_has_bug(X86_BUG_L1TF) &&
			   l1tf_mitigation != L1TF_MITIGATION_OFF;
	if (!l1d_flush_wanted || boot_cpu_has(X86_FEATURE_FLUSH_L1D))
		return 0;
	l1d_flush_buf = (u8 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					       FLUSH_ORDER);
	return l1d_flush_buf ? 0 : -ENOMEM;
}

void vmx_l1d_flush_exit(void)
{
	free_pages((unsigned long)l1d_flush_buf, FLUSH_ORDER);
}

/* Interrupts off, right before VM entry. */
void vmx_l1d_flush(void)
{
	size_t i;

	if (!l1d_flush_wanted)
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
