/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test ports of a flat binary (debug_ports_dev.c).
 */
#ifndef HVX_DEBUG_PORTS_DEV_H
#define HVX_DEBUG_PORTS_DEV_H

#include "vm.h"

/* Debug console: bytes written to the port go to stdout. */
#define DEBUGCON_PORT	0xe9
int debugcon_init(struct vm *vm);

/* Debug exit: a write ends the VM with the value written as exit status. */
#define DEBUG_EXIT_PORT	0xf4
int debug_exit_init(struct vm *vm);

#endif /* HVX_DEBUG_PORTS_DEV_H */
