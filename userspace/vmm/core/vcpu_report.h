/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Explaining on stderr how a run went wrong: triple fault, failed VM
 * entry, internal error, and the vCPU's registers at that point.
 */
#ifndef HVX_VCPU_REPORT_H
#define HVX_VCPU_REPORT_H

#include "vm.h"

void report_shutdown(struct vm *vm);
void report_fail_entry(struct vm *vm);
void report_internal_error(struct vm *vm);
void report_unexpected_exit(struct vm *vm, uint32_t exit_reason);
/* The registers, for a post-mortem. */
void report_vcpu_state(struct vm *vm);

#endif /* HVX_VCPU_REPORT_H */
