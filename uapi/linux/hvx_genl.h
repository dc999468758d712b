/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hvx's control plane: the generic netlink family "hvx". It sees every VM
 * on the host, not only the caller's own: the toolstack's view (Xen's
 * Dom0). docs/control.md describes each command and its attributes.
 *
 * Reading (VM_GET, VM_STATS) needs the right to open /dev/hvx. Changing a
 * VM (PAUSE, RESUME, NMI, DESTROY) needs CAP_SYS_ADMIN in the initial user
 * namespace, or to be the VM's owner (the effective uid that created it).
 */
#ifndef _UAPI_LINUX_HVX_GENL_H
#define _UAPI_LINUX_HVX_GENL_H

#define HVX_GENL_NAME		"hvx"
#define HVX_GENL_VERSION	1
#define HVX_GENL_MCGRP_EVENTS	"events"

enum hvx_genl_cmd {
	HVX_CMD_UNSPEC,
	HVX_CMD_VM_GET,		/* dump: every VM; do: the VM of HVX_A_VM_ID */
	HVX_CMD_VM_STATS,	/* do: HVX_A_VM_ID -> totals, HVX_A_VCPU nests */
	HVX_CMD_VM_PAUSE,	/* do: HVX_A_VM_ID */
	HVX_CMD_VM_RESUME,	/* do: HVX_A_VM_ID */
	HVX_CMD_VM_NMI,		/* do: HVX_A_VM_ID [, HVX_A_VCPU_ID (default 0)] */
	HVX_CMD_VM_DESTROY,	/* do: HVX_A_VM_ID */
	HVX_CMD_EVENT,		/* multicast on "events": HVX_A_EVENT, ids */
	__HVX_CMD_MAX,
};
#define HVX_CMD_MAX (__HVX_CMD_MAX - 1)

enum hvx_genl_attr {
	HVX_A_UNSPEC,
	HVX_A_VM_ID,		/* u32 */
	HVX_A_VM_OWNER_PID,	/* u32: the creating process */
	HVX_A_VM_OWNER_COMM,	/* string */
	HVX_A_VM_OWNER_UID,	/* u32 */
	HVX_A_VM_NR_VCPUS,	/* u32 */
	HVX_A_VM_MEMORY,	/* u64: bytes of guest memory in slots */
	HVX_A_VM_STATE,		/* u32: HVX_VM_STATE_* */
	HVX_A_VM_UPTIME_NS,	/* u64 */
	HVX_A_VCPU,		/* nested: one vCPU's statistics */
	HVX_A_VCPU_ID,		/* u32 */
	HVX_A_STAT_GUEST_NS,	/* u64: time in the guest */
	HVX_A_STAT_EXITS,	/* u64: all exits */
	HVX_A_STAT_EPT_FAULTS,	/* u64: EPT faults resolved in the kernel */
	HVX_A_STAT_IRQS,	/* u64: interrupts injected */
	HVX_A_STAT_NMIS,	/* u64: NMIs injected */
	HVX_A_STAT_HALTS,	/* u64: HLT exits */
	HVX_A_STAT_USER_EXITS,	/* u64: returns to the VMM */
	HVX_A_EXIT,		/* nested: one exit reason's count and latency */
	HVX_A_EXIT_REASON,	/* u32: the hardware's (VMX) basic exit reason */
	HVX_A_EXIT_NAME,	/* string, e.g. "EPT_VIOLATION" */
	HVX_A_EXIT_COUNT,	/* u64 */
	HVX_A_EXIT_LATENCY,	/* binary: u64[HVX_LATENCY_BUCKETS] */
	HVX_A_EVENT,		/* u32: HVX_EVENT_* */
	HVX_A_EVENT_DATA,	/* u64: the exit reason of vCPU events */
	HVX_A_PAD,
	__HVX_A_MAX,
};
#define HVX_A_MAX (__HVX_A_MAX - 1)

/*
 * Exit latency histogram: bucket n counts exits whose handling (from the
 * VM exit to the next VM entry or return to the VMM) took [2^n, 2^(n+1))
 * TSC cycles; bucket 0 also holds 0 and 1.
 */
#define HVX_LATENCY_BUCKETS	32

enum hvx_vm_state {
	HVX_VM_STATE_RUNNING = 1,
	HVX_VM_STATE_PAUSED,
	HVX_VM_STATE_DESTROYED,	/* from outside; freed when its VMM closes it */
};

enum hvx_event {
	HVX_EVENT_VM_CREATED = 1,
	HVX_EVENT_VM_PAUSED,
	HVX_EVENT_VM_RESUMED,
	HVX_EVENT_VM_DESTROYED,		/* from outside, or its last fd closed */
	HVX_EVENT_VCPU_SHUTDOWN,	/* triple fault */
	HVX_EVENT_VCPU_FAIL_ENTRY,
	HVX_EVENT_VCPU_INTERNAL_ERROR,
};

#endif /* _UAPI_LINUX_HVX_GENL_H */
