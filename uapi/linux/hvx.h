/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hvx: the userspace ABI of the hvx hypervisor module.
 *
 * Three kinds of file descriptor, as in KVM: /dev/hvx (the system), a VM fd
 * from HVX_CREATE_VM and a vCPU fd from HVX_CREATE_VCPU. A vCPU fd is
 * mmap()ed for its run page (struct hvx_run), which carries exit data.
 *
 * Every struct has fixed-size fields and explicit padding. Fields named
 * flags, pad* and reserved* must be zero on input (-EINVAL otherwise) and
 * are zero on output, so the ABI can grow. Optional features are found
 * with HVX_CHECK_EXTENSION; HVX_GET_API_VERSION never changes.
 *
 * docs/abi.md describes every ioctl, its errors and the exit protocol.
 */
#ifndef _UAPI_LINUX_HVX_H
#define _UAPI_LINUX_HVX_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define HVX_API_VERSION		1
#define HVXIO			0xAF

/* HVX_CHECK_EXTENSION arguments; the answer is 0 when absent. */
#define HVX_CAP_VMX_CAPS	1	/* HVX_GET_VMX_CAPS works */
#define HVX_CAP_NR_VCPUS	2	/* answer: vCPUs per VM */
#define HVX_CAP_MAX_VCPU_ID	3	/* answer: highest vCPU id + 1 */
#define HVX_CAP_NR_MEMSLOTS	4	/* answer: memory slots per VM */
#define HVX_CAP_READONLY_MEM	5
#define HVX_CAP_IMMEDIATE_EXIT	6
#define HVX_CAP_UNRESTRICTED	7	/* real mode and unpaged guests */
#define HVX_CAP_XSAVE		8	/* answer: HVX_GET/SET_XSAVE size */
#define HVX_CAP_VMCS_DUMP	9	/* HVX_RUN_FLAG_DUMP_VMCS works */
#define HVX_CAP_INTERRUPTS	10	/* HVX_INTERRUPT, HVX_NMI, windows, events */
#define HVX_CAP_TRANSLATE	11	/* HVX_TRANSLATE */
#define HVX_CAP_MMIO		12	/* decoded HVX_EXIT_MMIO exits */
#define HVX_CAP_IOEVENTFD	13	/* answer: ioeventfds per VM */
#define HVX_CAP_DIRTY_LOG	14	/* 1: write protection, 2: EPT A/D bits */

/*
 * VMX features of this CPU, as decoded by hvx.ko from the capability
 * MSRs (Intel SDM vol. 3D, appendix A).
 */
#define HVX_VMX_EPT			(1ULL << 0)
#define HVX_VMX_EPT_4LEVEL		(1ULL << 1)
#define HVX_VMX_EPT_WB			(1ULL << 2)
#define HVX_VMX_EPT_2M			(1ULL << 3)
#define HVX_VMX_EPT_1G			(1ULL << 4)
#define HVX_VMX_EPT_AD			(1ULL << 5)
#define HVX_VMX_EPT_EXEC_ONLY		(1ULL << 6)
#define HVX_VMX_INVEPT			(1ULL << 7)
#define HVX_VMX_VPID			(1ULL << 8)
#define HVX_VMX_INVVPID			(1ULL << 9)
#define HVX_VMX_UNRESTRICTED		(1ULL << 10)
#define HVX_VMX_PREEMPTION_TIMER	(1ULL << 11)
#define HVX_VMX_TPR_SHADOW		(1ULL << 12)
#define HVX_VMX_APIC_ACCESS		(1ULL << 13)
#define HVX_VMX_X2APIC_MODE		(1ULL << 14)
#define HVX_VMX_APIC_REG_VIRT		(1ULL << 15)
#define HVX_VMX_VIRT_INTR_DELIVERY	(1ULL << 16)
#define HVX_VMX_POSTED_INTR		(1ULL << 17)
#define HVX_VMX_VIRTUAL_NMI		(1ULL << 18)
#define HVX_VMX_PML			(1ULL << 19)
#define HVX_VMX_TSC_SCALING		(1ULL << 20)
#define HVX_VMX_SHADOW_VMCS		(1ULL << 21)
#define HVX_VMX_TRUE_CTLS		(1ULL << 22)
#define HVX_VMX_MSR_BITMAPS		(1ULL << 23)
#define HVX_VMX_SECONDARY_CTLS		(1ULL << 24)
#define HVX_VMX_PAUSE_LOOP_EXITING	(1ULL << 25)
#define HVX_VMX_TSC_OFFSETTING		(1ULL << 26)
#define HVX_VMX_LOAD_EFER		(1ULL << 27)
#define HVX_VMX_LOAD_PAT		(1ULL << 28)
#define HVX_VMX_INS_OUTS_INFO		(1ULL << 29)

/* HVX_GET_VMX_CAPS: what the CPU offers, decoded and raw. */
struct hvx_vmx_caps {
	__u32 vmcs_revision;
	__u32 vmcs_size;
	__u64 features;			/* HVX_VMX_* */
	__u32 preemption_timer_shift;	/* timer ticks at TSC >> shift */
	__u32 flags;
	/* Raw MSRs; the TRUE_* variants where the CPU has them. */
	__u64 msr_basic;
	__u64 msr_pinbased;
	__u64 msr_procbased;
	__u64 msr_procbased2;
	__u64 msr_exit;
	__u64 msr_entry;
	__u64 msr_misc;
	__u64 msr_ept_vpid_cap;
	__u64 reserved[8];
};

/* HVX_SET_USER_MEMORY_REGION */
#define HVX_MEM_READONLY	(1U << 0)
#define HVX_MEM_LOG_DIRTY	(1U << 1)	/* track writes for HVX_GET_DIRTY_LOG */

struct hvx_memory_region {
	__u32 slot;
	__u32 flags;			/* HVX_MEM_* */
	__u64 guest_phys_addr;
	__u64 memory_size;		/* 0 deletes the slot */
	__u64 userspace_addr;
	__u64 reserved[2];
};

/* HVX_GET_REGS, HVX_SET_REGS */
struct hvx_regs {
	__u64 rax, rbx, rcx, rdx, rsi, rdi, rsp, rbp;
	__u64 r8, r9, r10, r11, r12, r13, r14, r15;
	__u64 rip, rflags;
};

/* A segment register as the VMCS holds it (SDM vol. 3C, 25.4.1). */
struct hvx_segment {
	__u64 base;
	__u32 limit;
	__u16 selector;
	__u8 type;
	__u8 present;
	__u8 dpl;
	__u8 db;
	__u8 s;
	__u8 l;
	__u8 g;
	__u8 avl;
	__u8 unusable;
	__u8 pad;
};

struct hvx_dtable {
	__u64 base;
	__u16 limit;
	__u16 pad[3];
};

/* HVX_GET_SREGS, HVX_SET_SREGS */
struct hvx_sregs {
	struct hvx_segment cs, ds, es, fs, gs, ss;
	struct hvx_segment tr, ldt;
	struct hvx_dtable gdt, idt;
	__u64 cr0, cr2, cr3, cr4, cr8;
	__u64 efer;
	__u64 apic_base;
	__u64 reserved[4];
};

/* HVX_GET_MSRS, HVX_SET_MSRS: the answer is how many were done. */
struct hvx_msr_entry {
	__u32 index;
	__u32 reserved;
	__u64 data;
};

#define HVX_MAX_MSR_ENTRIES	256

struct hvx_msrs {
	__u32 nmsrs;
	__u32 pad;
	struct hvx_msr_entry entries[];
};

/* HVX_SET_CPUID, HVX_GET_SUPPORTED_CPUID */
#define HVX_CPUID_FLAG_SIGNIFICANT_INDEX	(1U << 0)

struct hvx_cpuid_entry {
	__u32 function;
	__u32 index;
	__u32 flags;			/* HVX_CPUID_FLAG_* */
	__u32 eax, ebx, ecx, edx;
	__u32 reserved;
};

#define HVX_MAX_CPUID_ENTRIES	256

struct hvx_cpuid {
	__u32 nent;
	__u32 pad;
	struct hvx_cpuid_entry entries[];
};

/*
 * HVX_GET_XSAVE, HVX_SET_XSAVE: the guest's FPU/SSE/AVX state in the
 * standard (non-compacted) XSAVE layout, legacy area first.
 */
struct hvx_xsave {
	__u32 region[1024];
};

/* HVX_INTERRUPT: an external interrupt for a userspace interrupt controller */
struct hvx_interrupt {
	__u32 vector;			/* 16..255 */
	__u32 flags;
};

/* HVX_GET_VCPU_EVENTS, HVX_SET_VCPU_EVENTS: events in flight, to save/restore */
struct hvx_vcpu_events {
	struct {
		__u8 pending;		/* queued, not yet delivered */
		__u8 vector;
		__u8 has_error_code;
		__u8 pad;
		__u32 error_code;
	} exception;
	struct {
		__u8 pending;
		__u8 vector;
		__u8 shadow;		/* HVX_SHADOW_STI | HVX_SHADOW_MOV_SS */
		__u8 pad;
	} interrupt;
	struct {
		__u8 pending;
		__u8 masked;		/* NMIs blocked (inside an NMI handler) */
		__u8 pad[2];
	} nmi;
	__u32 flags;
	__u32 reserved[11];
};

#define HVX_SHADOW_STI		(1U << 0)
#define HVX_SHADOW_MOV_SS	(1U << 1)

/* HVX_TRANSLATE: a guest-virtual address through the guest's page tables */
#define HVX_TRANSLATE_WRITE	(1U << 0)
#define HVX_TRANSLATE_USER	(1U << 1)
#define HVX_TRANSLATE_FETCH	(1U << 2)

struct hvx_translation {
	__u64 linear_address;		/* in */
	__u32 access;			/* in: HVX_TRANSLATE_* */
	__u8 valid;			/* out: translation succeeded */
	__u8 pad[3];
	__u64 physical_address;		/* out */
	__u32 page_fault_error;		/* out: when !valid, the #PF error code */
	__u32 reserved;
};

/* HVX_IOEVENTFD: signal an eventfd on a guest write, with no exit */
#define HVX_IOEVENTFD_DATAMATCH	(1U << 0)
#define HVX_IOEVENTFD_PIO	(1U << 1)	/* port I/O; else MMIO */
#define HVX_IOEVENTFD_DEASSIGN	(1U << 2)

struct hvx_ioeventfd {
	__u64 datamatch;
	__u64 addr;			/* port or guest-physical address */
	__u32 len;			/* 1, 2, 4 or 8 (MMIO) */
	__s32 fd;
	__u32 flags;			/* HVX_IOEVENTFD_* */
	__u32 reserved[3];
};

/* HVX_GET_DIRTY_LOG: one bit per page of a slot, fetched and cleared */
struct hvx_dirty_log {
	__u32 slot;
	__u32 flags;
	__u64 bitmap;			/* user pointer, 8-byte aligned */
	__u64 bitmap_size;		/* bytes; at least (pages + 63) / 64 * 8 */
	__u64 reserved[2];
};

/* Exit reasons in hvx_run.exit_reason */
#define HVX_EXIT_NONE		0
#define HVX_EXIT_IO		1
#define HVX_EXIT_HLT		2
#define HVX_EXIT_HYPERCALL	3
#define HVX_EXIT_MMIO		4
#define HVX_EXIT_SHUTDOWN	5
#define HVX_EXIT_FAIL_ENTRY	6
#define HVX_EXIT_INTERNAL_ERROR	7
#define HVX_EXIT_INTR		8
#define HVX_EXIT_IRQ_WINDOW_OPEN 9
#define HVX_EXIT_DESTROYED	10	/* destroyed from outside: for good */

#define HVX_EXIT_IO_IN		0
#define HVX_EXIT_IO_OUT		1

/* Internal-error suberrors */
#define HVX_INTERNAL_UNHANDLED_EXIT	1	/* data: reason, qual, info */
#define HVX_INTERNAL_DELIVERY_EV	2	/* exit while delivering an event */
#define HVX_INTERNAL_EMULATION		3	/* an instruction hvx can't do */

/* Where port I/O data sits in the run page (HVX_EXIT_IO). */
#define HVX_RUN_IO_DATA_OFFSET	2048
#define HVX_RUN_SIZE		4096

/* Input flags in hvx_run.flags_in */
#define HVX_RUN_FLAG_DUMP_VMCS	(1U << 0)	/* dmesg a VMCS dump on FAIL_ENTRY */

#define HVX_SHUTDOWN_MAX_CHAIN	4

/* The run page: mmap() a vCPU fd, HVX_RUN_SIZE bytes at offset 0. */
struct hvx_run {
	/* in */
	__u8 immediate_exit;		/* nonzero: return -EINTR at once */
	__u8 request_interrupt_window;	/* exit once an interrupt can go in */
	__u8 pad_in[2];
	__u32 flags_in;			/* HVX_RUN_FLAG_* */
	/* out */
	__u32 exit_reason;		/* HVX_EXIT_* */
	__u8 ready_for_interrupt_injection;
	__u8 if_flag;			/* the guest's RFLAGS.IF */
	__u8 pad_out[2];
	__u64 reserved[5];

	union {
		/* HVX_EXIT_IO: data at HVX_RUN_IO_DATA_OFFSET */
		struct {
			__u8 direction;		/* HVX_EXIT_IO_IN or _OUT */
			__u8 size;		/* 1, 2 or 4 */
			__u16 port;
			__u32 count;
			__u64 data_offset;
		} io;
		/* HVX_EXIT_HYPERCALL: VMCALL; ret goes back in RAX */
		struct {
			__u64 nr;		/* RAX */
			__u64 args[5];		/* RBX, RCX, RDX, RSI, RDI */
			__u64 ret;
		} hypercall;
		/* HVX_EXIT_FAIL_ENTRY */
		struct {
			__u64 hardware_entry_failure_reason;
			__u64 qualification;
			__u32 cpu;
			__u32 pad;
			char explanation[96];	/* which check failed */
		} fail_entry;
		/* HVX_EXIT_SHUTDOWN: the exceptions hvx saw, oldest first */
		struct {
			__u32 nr_chain;
			__u8 chain[HVX_SHUTDOWN_MAX_CHAIN];	/* vectors */
			__u64 rip;
		} shutdown;
		/* HVX_EXIT_INTERNAL_ERROR */
		struct {
			__u32 suberror;		/* HVX_INTERNAL_* */
			__u32 ndata;
			__u64 data[16];
		} internal;
		/* HVX_EXIT_MMIO */
		struct {
			__u64 phys_addr;
			__u8 data[8];
			__u32 len;
			__u8 is_write;
			__u8 pad[3];
		} mmio;
		__u8 padding[256];
	};
};

/* ioctls on /dev/hvx */
#define HVX_GET_API_VERSION	_IO(HVXIO, 0x00)
#define HVX_CREATE_VM		_IO(HVXIO, 0x01)
#define HVX_CHECK_EXTENSION	_IO(HVXIO, 0x02)
#define HVX_GET_VCPU_MMAP_SIZE	_IO(HVXIO, 0x03)
#define HVX_GET_VMX_CAPS	_IOR(HVXIO, 0x04, struct hvx_vmx_caps)
#define HVX_GET_SUPPORTED_CPUID	_IOWR(HVXIO, 0x05, struct hvx_cpuid)

/* ioctls on a VM fd */
#define HVX_CREATE_VCPU		_IO(HVXIO, 0x40)
#define HVX_SET_USER_MEMORY_REGION _IOW(HVXIO, 0x41, struct hvx_memory_region)
#define HVX_IOEVENTFD		_IOW(HVXIO, 0x42, struct hvx_ioeventfd)
#define HVX_GET_DIRTY_LOG	_IOW(HVXIO, 0x43, struct hvx_dirty_log)

/* ioctls on a vCPU fd */
#define HVX_RUN			_IO(HVXIO, 0x80)
#define HVX_GET_REGS		_IOR(HVXIO, 0x81, struct hvx_regs)
#define HVX_SET_REGS		_IOW(HVXIO, 0x82, struct hvx_regs)
#define HVX_GET_SREGS		_IOR(HVXIO, 0x83, struct hvx_sregs)
#define HVX_SET_SREGS		_IOW(HVXIO, 0x84, struct hvx_sregs)
#define HVX_GET_MSRS		_IOWR(HVXIO, 0x85, struct hvx_msrs)
#define HVX_SET_MSRS		_IOW(HVXIO, 0x86, struct hvx_msrs)
#define HVX_SET_CPUID		_IOW(HVXIO, 0x87, struct hvx_cpuid)
#define HVX_GET_XSAVE		_IOR(HVXIO, 0x88, struct hvx_xsave)
#define HVX_SET_XSAVE		_IOW(HVXIO, 0x89, struct hvx_xsave)
#define HVX_INTERRUPT		_IOW(HVXIO, 0x8a, struct hvx_interrupt)
#define HVX_NMI			_IO(HVXIO, 0x8b)
#define HVX_GET_VCPU_EVENTS	_IOR(HVXIO, 0x8c, struct hvx_vcpu_events)
#define HVX_SET_VCPU_EVENTS	_IOW(HVXIO, 0x8d, struct hvx_vcpu_events)
#define HVX_TRANSLATE		_IOWR(HVXIO, 0x8e, struct hvx_translation)

#endif /* _UAPI_LINUX_HVX_H */
