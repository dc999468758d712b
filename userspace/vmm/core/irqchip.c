// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt lines and the vCPU kick.
 *
 * A kick must reach the vCPU thread wherever it is: halted in the VMM
 * (vcpu.c's wait_for_interrupt() polls vm->wake_fd), about to enter the
 * guest, or in it. For the last two it sets immediate_exit in the run
 * page (the accelerator's flag) and sends VCPU_KICK_SIGNAL, whose handler (vcpu.c) sets it again:
 * HVX_RUN then returns EINTR at once or soon, and the loop looks at the
 * devices before it enters the guest again.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "i8259_dev.h"
#include "irqchip.h"
#include "util.h"
#include "vcpu.h"

void vcpu_kick(struct vm *vm)
{
	static const uint64_t one = 1;

	if (vm->vcpu_halted) {
		if (write(vm->wake_fd, &one, sizeof(one)) != sizeof(one))
			error("cannot wake the vCPU: %s", strerror(errno));
		return;
	}
	/* The vCPU thread itself looks again before it enters. */
	if (!vm->vcpu_started || pthread_equal(pthread_self(), vm->vcpu_thread))
		return;
	*vm->immediate_exit = 1;
	pthread_kill(vm->vcpu_thread, VCPU_KICK_SIGNAL);
}

void irq_set_level(struct vm *vm, unsigned int irq, bool level)
{
	if (!vm->pic || irq >= IRQ_LINES)
		return;
	pic_set_irq(vm->pic, irq, level);
	if (pic_has_interrupt(vm->pic))
		vcpu_kick(vm);
}

void irq_pulse(struct vm *vm, unsigned int irq)
{
	irq_set_level(vm, irq, true);
	irq_set_level(vm, irq, false);
}
