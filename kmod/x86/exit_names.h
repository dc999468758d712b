/* SPDX-License-Identifier: GPL-2.0 */
/* The names of VMX basic exit reasons. No kernel headers. */
#ifndef HVX_EXIT_NAMES_H
#define HVX_EXIT_NAMES_H

#include "../hvx_types.h"

/* "CPUID", "EPT_VIOLATION", ...; "OTHER" for an unknown reason. */
const char *hvx_arch_exit_name(u32 reason);

#endif /* HVX_EXIT_NAMES_H */
