/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx_control: a typed C client of hvx's control plane, the generic
 * netlink family "hvx" (uapi/linux/hvx_genl.h, docs/control.md). It sees
 * every VM on the host: list them, read their statistics, pause, resume,
 * send an NMI, destroy, and follow the "events" multicast group.
 *
 * Like libhvx it never prints or exits: calls return 0 (or a count) on
 * success and -errno on failure, the errno the kernel answered with
 * (ENXIO: no such VM, EPERM: not allowed, EINVAL/ERANGE: a rejected
 * attribute, EOPNOTSUPP: a command this hvx.ko does not know). Opening
 * fails with -ENOENT when the family does not exist, i.e. hvx.ko is not
 * loaded. A handle is not thread-safe; use one per thread.
 *
 * Built on libnl (-lnl-genl-3 -lnl-3), which stays hidden behind the
 * opaque struct hvx_ctl.
 */
#ifndef HVX_CONTROL_H
#define HVX_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/hvx_genl.h>

struct hvx_ctl;

/* What the generic netlink controller says about the family. */
struct hvx_ctl_family {
	uint16_t id;
	uint32_t version;
	uint32_t events_group;		/* multicast group id; 0: none */
};

/* A handle for requests. -ENOENT: no family "hvx" (module not loaded). */
int hvx_ctl_open(struct hvx_ctl **ctl);
/* A handle subscribed to the "events" group, for hvx_ctl_event_read(). */
int hvx_ctl_open_events(struct hvx_ctl **ctl);
void hvx_ctl_close(struct hvx_ctl *ctl);

const struct hvx_ctl_family *hvx_ctl_family(const struct hvx_ctl *ctl);

/*
 * The kernel's own words about the last failed request (its extended
 * ack message, e.g. "Attribute failed policy validation"), or NULL.
 */
const char *hvx_ctl_error_message(const struct hvx_ctl *ctl);

/* The socket, for poll(); readable when events wait. */
int hvx_ctl_fd(const struct hvx_ctl *ctl);

/* ------------------------------------------------------------------ */
/* VMs */

#define HVX_CTL_COMM_LEN	32

struct hvx_vm_info {
	uint32_t id;
	uint32_t owner_pid;
	uint32_t owner_uid;
	uint32_t nr_vcpus;
	uint32_t state;			/* HVX_VM_STATE_*; 0 if not reported */
	uint64_t memory;		/* bytes of guest memory in slots */
	uint64_t uptime_ns;
	char owner_comm[HVX_CTL_COMM_LEN];
};

/*
 * Every VM on the host (VM_GET dump), ordered by id: *@vms is a
 * malloc()ed array the caller frees (NULL when there is none). Returns
 * the number of VMs or -errno.
 */
int hvx_ctl_vm_list(struct hvx_ctl *ctl, struct hvx_vm_info **vms);

/* One VM (VM_GET do). -ENXIO: no such VM. */
int hvx_ctl_vm_get(struct hvx_ctl *ctl, uint32_t vm_id,
		   struct hvx_vm_info *info);

/* ------------------------------------------------------------------ */
/* Statistics */

/* The STAT_* counters, of a vCPU or summed over a VM. */
struct hvx_counters {
	uint64_t guest_ns;		/* time in the guest */
	uint64_t exits;			/* all VM exits */
	uint64_t ept_faults;		/* EPT faults resolved in the kernel */
	uint64_t irqs;			/* interrupts injected */
	uint64_t nmis;			/* NMIs injected */
	uint64_t halts;			/* HLT exits */
	uint64_t user_exits;		/* returns to the VMM */
};

#define HVX_CTL_EXIT_NAME_LEN	32

/* One VMX exit reason of one vCPU. */
struct hvx_exit_stats {
	uint32_t reason;		/* VMX basic exit reason */
	char name[HVX_CTL_EXIT_NAME_LEN];	/* e.g. "EPT_VIOLATION" */
	uint64_t count;
	/* Bucket n: exits handled in [2^n, 2^(n+1)) TSC cycles. */
	uint64_t latency[HVX_LATENCY_BUCKETS];
	bool has_latency;
};

struct hvx_vcpu_stats {
	uint32_t id;
	struct hvx_counters counters;
	unsigned int nr_exits;
	struct hvx_exit_stats *exits;	/* ordered by reason */
};

struct hvx_vm_stats {
	uint32_t vm_id;
	struct hvx_counters totals;
	unsigned int nr_vcpus;
	struct hvx_vcpu_stats *vcpus;	/* ordered by id */
};

/*
 * A VM's statistics (VM_STATS): totals, then per vCPU its counters and
 * each exit reason seen with its count and latency histogram. Free
 * *@stats with hvx_vm_stats_free(). -ENXIO: no such VM.
 */
int hvx_ctl_vm_stats(struct hvx_ctl *ctl, uint32_t vm_id,
		     struct hvx_vm_stats **stats);
void hvx_vm_stats_free(struct hvx_vm_stats *stats);

/* ------------------------------------------------------------------ */
/* Changing a VM: root (CAP_SYS_ADMIN) or the VM's owner; else -EPERM. */

int hvx_ctl_vm_pause(struct hvx_ctl *ctl, uint32_t vm_id);
int hvx_ctl_vm_resume(struct hvx_ctl *ctl, uint32_t vm_id);
int hvx_ctl_vm_destroy(struct hvx_ctl *ctl, uint32_t vm_id);
/* @vcpu_id < 0: leave HVX_A_VCPU_ID out (the kernel picks vCPU 0). */
int hvx_ctl_vm_nmi(struct hvx_ctl *ctl, uint32_t vm_id, long vcpu_id);

/* ------------------------------------------------------------------ */
/* Events */

struct hvx_event_msg {
	uint32_t event;			/* HVX_EVENT_* */
	uint32_t vm_id;
	bool has_vcpu;
	uint32_t vcpu_id;
	bool has_data;
	uint64_t data;			/* exit reason, or suberror */
};

/*
 * The next event on a handle from hvx_ctl_open_events(), waiting up to
 * @timeout_ms (-1: forever). Returns 1 with *@ev filled, 0 on timeout,
 * -ENOBUFS when the kernel dropped events because we were too slow
 * (reading may go on), -EINTR when a signal came, or another -errno.
 */
int hvx_ctl_event_read(struct hvx_ctl *ctl, struct hvx_event_msg *ev,
		       int timeout_ms);

/* ------------------------------------------------------------------ */
/* Names, for printing */

/* "vm-created", "vcpu-shutdown"...; NULL for an unknown event. */
const char *hvx_event_name(uint32_t event);
/* "running", "paused", "destroyed"; NULL for an unknown state. */
const char *hvx_vm_state_name(uint32_t state);

#endif /* HVX_CONTROL_H */
