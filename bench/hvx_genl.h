/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal client of hvx's control plane (generic netlink family "hvx",
 * uapi/linux/hvx_genl.h) over a raw netlink socket: just what the
 * benchmarks need to read a VM's exit counts, with no library to link.
 */
#ifndef BENCH_HVX_GENL_H
#define BENCH_HVX_GENL_H

#include <stdint.h>
#include <sys/types.h>
#include "backend.h"

/* Open the socket and resolve the family. -errno; -ENOENT: no hvx.ko. */
int hvx_genl_open(void);
void hvx_genl_close(void);

/* The id of the newest VM created by process @pid, or -errno. */
int hvx_genl_find_vm(pid_t pid, uint32_t *vm_id);

/* VM_STATS of @vm_id, summed over its vCPUs, into @c. */
int hvx_genl_vm_counts(uint32_t vm_id, struct exit_counts *c);

#endif /* BENCH_HVX_GENL_H */
