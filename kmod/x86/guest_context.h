/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Telling RCU, context tracking and lockdep that the CPU is in the guest.
 * Guest mode counts as an RCU quiescent state, as user mode does, so a
 * long-running guest never stalls grace periods. Same protocol as KVM's.
 */
#ifndef HVX_GUEST_CONTEXT_H
#define HVX_GUEST_CONTEXT_H

#include <linux/context_tracking.h>
#include <linux/ftrace.h>
#include <linux/instrumentation.h>
#include <linux/irqflags.h>
#include <linux/rcupdate.h>

static __always_inline void hvx_guest_enter_irqoff(void)
{
	instrumentation_begin();
	trace_hardirqs_on_prepare();
	lockdep_hardirqs_on_prepare();
	instrumentation_end();
	if (!context_tracking_guest_enter()) {
		instrumentation_begin();
		rcu_virt_note_context_switch(smp_processor_id());
		instrumentation_end();
	}
	lockdep_hardirqs_on(CALLER_ADDR0);
}

static __always_inline void hvx_guest_exit_irqoff(void)
{
	lockdep_hardirqs_off(CALLER_ADDR0);
	context_tracking_guest_exit();
	instrumentation_begin();
	trace_hardirqs_off_finish();
	instrumentation_end();
}

#endif /* HVX_GUEST_CONTEXT_H */
