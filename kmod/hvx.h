/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx internals: the arch-neutral objects (VM, vCPU, memory slots) and the
 * one seam between them and the VMX backend in x86/. Everything named
 * hvx_arch_* is implemented by the backend.
 */
#ifndef HVX_H
#define HVX_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/mmu_notifier.h>
#include <linux/file.h>
#include <linux/sched.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/hvx.h>
#include <linux/hvx_genl.h>

#define HVX_MAX_VCPUS		16
#define HVX_MAX_VCPU_ID		256
#define HVX_NR_MEMSLOTS		32
#define HVX_MAX_IOEVENTFDS	256

struct hvx_memslot {
	u64 gpa;
	u64 size;		/* 0: slot unused */
	u64 hva;
	u32 flags;		/* HVX_MEM_* */
	unsigned long *dirty_bitmap;	/* with HVX_MEM_LOG_DIRTY */
};

struct hvx_vm_arch;
struct hvx_vcpu_arch;

/* Exits are counted by the backend's basic exit reason; the last: others. */
#define HVX_STAT_EXIT_REASONS	66

/*
 * Per-vCPU counters, written only by the vCPU's own thread and summed by
 * readers without locks: nothing on the exit path but increments.
 */
struct hvx_vcpu_stats {
	u64 exits[HVX_STAT_EXIT_REASONS];
	u64 latency[HVX_STAT_EXIT_REASONS][HVX_LATENCY_BUCKETS];
	u64 guest_cycles;
	u64 ept_faults;
	u64 irqs;
	u64 nmis;
	u64 halts;
	u64 user_exits;
};

/* Requests to a vCPU from other threads, bits of hvx_vcpu.requests. */
#define HVX_REQ_NMI		0

struct hvx_vm {
	struct mutex lock;		/* vCPU creation, slot changes, state */
	struct list_head list_link;	/* on hvx_vm_list */
	u32 id;
	pid_t owner_pid;
	kuid_t owner_uid;
	char owner_comm[TASK_COMM_LEN];
	u64 created_ns;			/* boot-time clock */
	int state;			/* enum hvx_vm_state */
	wait_queue_head_t state_wq;	/* paused vCPUs wait here */

	struct hvx_vcpu *vcpus[HVX_MAX_VCPUS];
	int nr_vcpus;

	/*
	 * mmu_lock guards the slots and the EPT tables. A fault resolves a
	 * host page without the lock, then installs it only if no host
	 * invalidation began or ended meanwhile (mmu_seq, mmu_invalidating).
	 */
	spinlock_t mmu_lock;
	struct hvx_memslot slots[HVX_NR_MEMSLOTS];
	unsigned long mmu_seq;
	long mmu_invalidating;

	spinlock_t ioeventfd_lock;
	struct list_head ioeventfds;

	struct mm_struct *mm;
	struct mmu_notifier mn;
	struct hvx_vm_arch *arch;
};

struct hvx_vcpu {
	struct hvx_vm *vm;
	struct file *vm_file;		/* the vCPU holds its VM alive */
	u32 id;
	struct mutex run_lock;		/* one HVX_RUN (and state ioctl) at a time */
	struct hvx_run *run;		/* the shared run page */
	struct task_struct *task;	/* in HVX_RUN, for kicks; RCU-freed */
	unsigned long requests;		/* HVX_REQ_* bits */
	struct hvx_vcpu_stats *stats;
	struct hvx_vcpu_arch *arch;
};

/* main.c */
extern bool hvx_rebooting;

/* vm.c: every VM on the host, for the control plane */
extern struct mutex hvx_vm_list_lock;
extern struct list_head hvx_vm_list;

int hvx_vm_create(unsigned long flags);
const struct hvx_memslot *hvx_slot_for_gpa(struct hvx_vm *vm, u64 gpa);
struct hvx_vm *hvx_vm_find(u32 id);
u64 hvx_vm_memory(struct hvx_vm *vm);
int hvx_vm_set_state(struct hvx_vm *vm, int state);
int hvx_vm_request_nmi(struct hvx_vm *vm, u32 vcpu_id);

/* dirty_log.c */
unsigned long *hvx_dirty_bitmap_alloc(u64 size);
void hvx_mark_dirty(struct hvx_vm *vm, u64 gpa);
int hvx_get_dirty_log(struct hvx_vm *vm, struct hvx_dirty_log __user *u);

/* ioeventfd.c */
int hvx_ioeventfd_ioctl(struct hvx_vm *vm, struct hvx_ioeventfd __user *u);
bool hvx_ioeventfd_write(struct hvx_vm *vm, bool pio, u64 addr, u32 len,
			 u64 value);
bool hvx_ioeventfd_registered(struct hvx_vm *vm, bool pio, u64 addr, u32 len,
			      const u64 *value);
void hvx_ioeventfd_free_all(struct hvx_vm *vm);

/* vcpu.c */
int hvx_vcpu_create(struct hvx_vm *vm, struct file *vm_file, unsigned long id);
void hvx_vcpu_kick(struct hvx_vcpu *vcpu);
int hvx_vcpu_check_requests(struct hvx_vcpu *vcpu);
bool hvx_vcpu_must_leave(struct hvx_vcpu *vcpu);
void hvx_vcpu_count_exit(struct hvx_vcpu *vcpu, u32 reason, u64 cycles);

/* control.c: the generic netlink family */
int hvx_control_init(void);
void hvx_control_exit(void);
void hvx_control_vm_event(struct hvx_vm *vm, u32 event);
void hvx_control_vcpu_event(struct hvx_vcpu *vcpu, u32 event, u64 data);

/* The VMX backend */
int hvx_arch_init(void);
void hvx_arch_exit(void);
void hvx_arch_get_caps(struct hvx_vmx_caps *caps);
int hvx_arch_check_extension(long ext);
int hvx_arch_enable(void);
void hvx_arch_disable(void);
void hvx_arch_emergency_off(void);

int hvx_arch_vm_init(struct hvx_vm *vm);
void hvx_arch_vm_destroy(struct hvx_vm *vm);
void hvx_arch_zap_gpa_range(struct hvx_vm *vm, u64 gpa, u64 size);
void hvx_arch_flush_tlbs(struct hvx_vm *vm);
void hvx_arch_harvest_dirty(struct hvx_vm *vm, const struct hvx_memslot *s);

int hvx_arch_vcpu_create(struct hvx_vcpu *vcpu);
void hvx_arch_vcpu_destroy(struct hvx_vcpu *vcpu);
void hvx_arch_request_nmi(struct hvx_vcpu *vcpu);
const char *hvx_arch_exit_name(u32 reason);
long hvx_arch_vcpu_ioctl(struct hvx_vcpu *vcpu, unsigned int cmd,
			 void __user *argp);
int hvx_arch_get_supported_cpuid(struct hvx_cpuid __user *ucpuid);

#endif /* HVX_H */
