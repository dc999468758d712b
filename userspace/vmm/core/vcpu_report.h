/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Explaining on stderr how a vCPU's run went wrong: triple fault,
 * failed VM entry, internal error, and its registers at that point.
 */
#ifndef HVX_VCPU_REPORT_H
#define HVX_VCPU_REPORT_H

#include <stdint.h>

struct vcpu;

void vcpu_report_shutdown(struct vcpu *vcpu);
void vcpu_report_fail_entry(struct vcpu *vcpu);
void vcpu_report_internal_error(struct vcpu *vcpu);
void vcpu_report_unexpected_exit(struct vcpu *vcpu, uint32_t exit_reason);
/* The registers, for a post-mortem. */
void vcpu_report_state(struct vcpu *vcpu);

#endif /* HVX_VCPU_REPORT_H */
