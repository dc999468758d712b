// SPDX-License-Identifier: GPL-2.0
/*
 * VMX ownership: probing what the CPU offers, the control words every
 * VMCS uses, and VMXON/VMXOFF on every online CPU while at least one VM
 * exists (CPU hotplug and reboot included).
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <asm/cpufeature.h>
#include <asm/fpu/xcr.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/tlbflush.h>
#include "vmx.h"

struct hvx_vmx_caps vmx_caps;
u32 vmx_pin_ctls, vmx_proc_ctls, vmx_proc2_ctls;
u32 vmx_exit_ctls, vmx_entry_ctls;
u64 vmx_cr0_fixed0, vmx_cr0_fixed1, vmx_cr4_fixed0, vmx_cr4_fixed1;
u64 host_xcr0;
unsigned long *vmx_msr_bitmap;

static DEFINE_PER_CPU(void *, vmxon_region);
static DEFINE_PER_CPU(bool, vmx_on);

/* Serialises vmx_users and the CPU hotplug callbacks' view of it. */
static DEFINE_MUTEX(vmx_users_lock);
static int vmx_users;
static enum cpuhp_state vmx_hp_state;

bool vmx_cpu_is_on(void)
{
	return this_cpu_read(vmx_on);
}

void vmx_insn_failed(const char *insn, unsigned long field,
		     unsigned long value)
{
	if (hvx_rebooting)
		return;
	WARN_ONCE(1, "hvx: %s failed: field %#lx value %#lx error %u\n",
		  insn, field, value, vmcs_read32(VM_INSTRUCTION_ERROR));
}

static void read_cap_msrs(struct vmx_cap_msrs *m)
{
	bool true_ctls;

	rdmsrl(MSR_VMX_BASIC, m->basic);
	true_ctls = m->basic & VMX_BASIC_TRUE_CTLS;
	rdmsrl(true_ctls ? MSR_VMX_TRUE_PINBASED_CTLS : MSR_VMX_PINBASED_CTLS,
	       m->pinbased);
	rdmsrl(true_ctls ? MSR_VMX_TRUE_PROCBASED_CTLS :
	       MSR_VMX_PROCBASED_CTLS, m->procbased);
	rdmsrl(true_ctls ? MSR_VMX_TRUE_EXIT_CTLS : MSR_VMX_EXIT_CTLS,
	       m->exit);
	rdmsrl(true_ctls ? MSR_VMX_TRUE_ENTRY_CTLS : MSR_VMX_ENTRY_CTLS,
	       m->entry);
	rdmsrl(MSR_VMX_MISC, m->misc);
	m->procbased2 = 0;
	if (vmx_ctl_allowed1(m->procbased) & CPU_SECONDARY_CTLS)
		rdmsrl(MSR_VMX_PROCBASED_CTLS2, m->procbased2);
	m->ept_vpid_cap = 0;
	if (vmx_ctl_allowed1(m->procbased2) & (CPU2_EPT | CPU2_VPID))
		rdmsrl(MSR_VMX_EPT_VPID_CAP, m->ept_vpid_cap);
}

static void fill_caps(const struct vmx_cap_msrs *m)
{
	vmx_caps.vmcs_revision = VMX_BASIC_REVISION(m->basic);
	vmx_caps.vmcs_size = VMX_BASIC_VMCS_SIZE(m->basic);
	vmx_caps.features = vmx_caps_features(m);
	vmx_caps.preemption_timer_shift = VMX_MISC_PREEMPTION_SHIFT(m->misc);
	vmx_caps.msr_basic = m->basic;
	vmx_caps.msr_pinbased = m->pinbased;
	vmx_caps.msr_procbased = m->procbased;
	vmx_caps.msr_procbased2 = m->procbased2;
	vmx_caps.msr_exit = m->exit;
	vmx_caps.msr_entry = m->entry;
	vmx_caps.msr_misc = m->misc;
	vmx_caps.msr_ept_vpid_cap = m->ept_vpid_cap;
}

/* The control words of every VMCS, fixed once at load (SDM vol. 3C, 25.6). */
static int setup_controls(const struct vmx_cap_msrs *m)
{
	int err = 0;

	err |= vmx_ctl_adjust(m->pinbased,
			      PIN_EXT_INTR_EXITING | PIN_NMI_EXITING,
			      PIN_VIRTUAL_NMIS | PIN_PREEMPTION_TIMER,
			      &vmx_pin_ctls);
	err |= vmx_ctl_adjust(m->procbased,
			      CPU_HLT_EXITING | CPU_CR8_LOAD_EXITING |
			      CPU_CR8_STORE_EXITING | CPU_MOV_DR_EXITING |
			      CPU_UNCOND_IO_EXITING | CPU_USE_MSR_BITMAPS |
			      CPU_MWAIT_EXITING | CPU_MONITOR_EXITING |
			      CPU_RDPMC_EXITING | CPU_TSC_OFFSETTING |
			      CPU_SECONDARY_CTLS, 0, &vmx_proc_ctls);
	err |= vmx_ctl_adjust(m->procbased2,
			      CPU2_EPT | CPU2_UNRESTRICTED_GUEST |
			      CPU2_WBINVD_EXITING,
			      CPU2_RDTSCP | CPU2_INVPCID, &vmx_proc2_ctls);
	err |= vmx_ctl_adjust(m->exit,
			      EXIT_HOST_ADDR_SPACE_SIZE | EXIT_SAVE_EFER |
			      EXIT_LOAD_EFER | EXIT_SAVE_PAT | EXIT_LOAD_PAT |
			      EXIT_SAVE_DEBUG_CTLS, 0, &vmx_exit_ctls);
	err |= vmx_ctl_adjust(m->entry,
			      ENTRY_LOAD_EFER | ENTRY_LOAD_PAT |
			      ENTRY_LOAD_DEBUG_CTLS, 0, &vmx_entry_ctls);
	/* Control bits forced to 1 that hvx cannot live with. */
	if (vmx_proc_ctls & (CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING))
		vmx_proc_ctls &= ~(CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING);
	return err ? -EOPNOTSUPP : 0;
}

static int check_firmware(void)
{
	u64 fc;

	if (!boot_cpu_has(X86_FEATURE_VMX)) {
		pr_err("hvx: this CPU has no VMX (Intel VT-x); not loading\n");
		return -ENODEV;
	}
	if (rdmsrl_safe(MSR_FEATURE_CONTROL, &fc))
		fc = 0;
	if ((fc & FEATURE_CONTROL_LOCKED) &&
	    !(fc & FEATURE_CONTROL_VMX_OUTSIDE_SMX)) {
		pr_err("hvx: VMX is disabled by the firmware (IA32_FEATURE_CONTROL %#llx); enable VT-x in the BIOS setup\n",
		       fc);
		return -EOPNOTSUPP;
	}
	if (!boot_cpu_has(X86_FEATURE_XSAVE) || !boot_cpu_has(X86_FEATURE_FXSR)) {
		pr_err("hvx: the host lacks XSAVE; not loading\n");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int probe(void)
{
	struct vmx_cap_msrs m;
	const char *missing;
	int err;

	err = check_firmware();
	if (err)
		return err;
	read_cap_msrs(&m);
	fill_caps(&m);
	missing = vmx_caps_missing(vmx_caps.features);
	if (missing) {
		pr_err("hvx: this CPU's VMX lacks %s, which hvx needs; not loading\n",
		       missing);
		return -EOPNOTSUPP;
	}
	if (setup_controls(&m)) {
		pr_err("hvx: this CPU cannot set the VM-execution controls hvx needs; not loading\n");
		return -EOPNOTSUPP;
	}
	rdmsrl(MSR_VMX_CR0_FIXED0, vmx_cr0_fixed0);
	rdmsrl(MSR_VMX_CR0_FIXED1, vmx_cr0_fixed1);
	rdmsrl(MSR_VMX_CR4_FIXED0, vmx_cr4_fixed0);
	rdmsrl(MSR_VMX_CR4_FIXED1, vmx_cr4_fixed1);
	host_xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	return 0;
}

void hvx_arch_get_caps(struct hvx_vmx_caps *caps)
{
	*caps = vmx_caps;
}

int hvx_arch_check_extension(long ext)
{
	switch (ext) {
	case HVX_CAP_VMX_CAPS:
	case HVX_CAP_READONLY_MEM:
	case HVX_CAP_IMMEDIATE_EXIT:
	case HVX_CAP_UNRESTRICTED:
	case HVX_CAP_VMCS_DUMP:
	case HVX_CAP_INTERRUPTS:
	case HVX_CAP_TRANSLATE:
	case HVX_CAP_MMIO:
		return 1;
	case HVX_CAP_IOEVENTFD:
		return HVX_MAX_IOEVENTFDS;
	case HVX_CAP_DIRTY_LOG:
		return vmx_caps.features & HVX_VMX_EPT_AD ? 2 : 1;
	case HVX_CAP_NR_VCPUS:
		return HVX_MAX_VCPUS;
	case HVX_CAP_MAX_VCPU_ID:
		return HVX_MAX_VCPU_ID;
	case HVX_CAP_NR_MEMSLOTS:
		return HVX_NR_MEMSLOTS;
	case HVX_CAP_XSAVE:
		return sizeof(struct hvx_xsave);
	default:
		return 0;
	}
}

/*
 * VMXON on this CPU. CR4.VMXE already set means another hypervisor owns
 * VMX here (SDM vol. 3C, 24.7): hvx does not share it.
 */
static int cpu_vmx_on(void)
{
	void *region = this_cpu_read(vmxon_region);
	u64 pa = __pa(region);
	bool failed = true;	/* unless VMXON runs and succeeds */
	u64 fc;

	if (this_cpu_read(vmx_on))
		return 0;
	if (__read_cr4() & X86_CR4_VMXE)
		return -EBUSY;
	rdmsrl(MSR_FEATURE_CONTROL, fc);
	if (!(fc & FEATURE_CONTROL_LOCKED))
		wrmsrl(MSR_FEATURE_CONTROL, fc | FEATURE_CONTROL_LOCKED |
		       FEATURE_CONTROL_VMX_OUTSIDE_SMX);
	*(u32 *)region = vmx_caps.vmcs_revision;
	cr4_set_bits(X86_CR4_VMXE);
	asm volatile("1: vmxon %[pa]\n\t"
		     "setna %[failed]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [failed] "+q" (failed)
		     : [pa] "m" (pa)
		     : "memory", "cc");
	if (!failed) {
		this_cpu_write(vmx_on, true);
		return 0;
	}
	cr4_clear_bits(X86_CR4_VMXE);
	pr_err_ratelimited("hvx: VMXON failed on CPU %d\n", smp_processor_id());
	return -EBUSY;
}

static void cpu_vmx_off(void)
{
	if (!this_cpu_read(vmx_on))
		return;
	vmx_clear_loaded_vmcss();
	asm volatile("1: vmxoff\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : : : "cc", "memory");
	cr4_clear_bits(X86_CR4_VMXE);
	this_cpu_write(vmx_on, false);
}

static void cpu_vmx_on_ipi(void *failed)
{
	int err = cpu_vmx_on();

	if (err)
		atomic_cmpxchg(failed, 0, err);
}

static void cpu_vmx_off_ipi(void *unused)
{
	cpu_vmx_off();
}

/* Called when the first VM is created: VMXON everywhere, or nowhere. */
int hvx_arch_enable(void)
{
	atomic_t failed = ATOMIC_INIT(0);
	int err = 0;

	cpus_read_lock();
	mutex_lock(&vmx_users_lock);
	if (vmx_users++ == 0) {
		on_each_cpu(cpu_vmx_on_ipi, &failed, 1);
		err = atomic_read(&failed);
		if (err) {
			on_each_cpu(cpu_vmx_off_ipi, NULL, 1);
			vmx_users--;
		}
	}
	mutex_unlock(&vmx_users_lock);
	cpus_read_unlock();
	if (err == -EBUSY)
		pr_warn_ratelimited("hvx: VMX is in use by another hypervisor (CR4.VMXE is set); close its VMs first\n");
	return err;
}

/* Called when the last VM goes. */
void hvx_arch_disable(void)
{
	cpus_read_lock();
	mutex_lock(&vmx_users_lock);
	if (--vmx_users == 0)
		on_each_cpu(cpu_vmx_off_ipi, NULL, 1);
	mutex_unlock(&vmx_users_lock);
	cpus_read_unlock();
}

/* Reboot and kexec: leave VMX everywhere so firmware and the next kernel can. */
void hvx_arch_emergency_off(void)
{
	on_each_cpu(cpu_vmx_off_ipi, NULL, 1);
}

/* CPU hotplug: a CPU coming online joins VMX if VMs exist. */
static int vmx_cpu_online(unsigned int cpu)
{
	int err = 0;

	mutex_lock(&vmx_users_lock);
	if (vmx_users) {
		local_irq_disable();
		err = cpu_vmx_on();
		local_irq_enable();
	}
	mutex_unlock(&vmx_users_lock);
	return err;
}

static int vmx_cpu_offline(unsigned int cpu)
{
	local_irq_disable();
	cpu_vmx_off();
	local_irq_enable();
	return 0;
}

static void free_vmxon_regions(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		free_page((unsigned long)per_cpu(vmxon_region, cpu));
		per_cpu(vmxon_region, cpu) = NULL;
	}
}

static int alloc_vmxon_regions(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		void *p = (void *)get_zeroed_page(GFP_KERNEL);

		if (!p) {
			free_vmxon_regions();
			return -ENOMEM;
		}
		per_cpu(vmxon_region, cpu) = p;
	}
	return 0;
}

int hvx_arch_init(void)
{
	int err;

	err = probe();
	if (err)
		return err;
	err = alloc_vmxon_regions();
	if (err)
		return err;
	vmx_msr_bitmap = (unsigned long *)get_zeroed_page(GFP_KERNEL);
	if (!vmx_msr_bitmap) {
		err = -ENOMEM;
		goto err_regions;
	}
	vmx_msr_bitmap_init(vmx_msr_bitmap);
	vmx_vmcs_init();
	err = vmx_l1d_flush_init();
	if (err)
		goto err_bitmap;
	err = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hvx:online",
				vmx_cpu_online, vmx_cpu_offline);
	if (err < 0)
		goto err_flush;
	vmx_hp_state = err;
	preempt_notifier_inc();
	return 0;

err_flush:
	vmx_l1d_flush_exit();
err_bitmap:
	free_page((unsigned long)vmx_msr_bitmap);
err_regions:
	free_vmxon_regions();
	return err;
}

void hvx_arch_exit(void)
{
	preempt_notifier_dec();
	cpuhp_remove_state(vmx_hp_state);
	vmx_l1d_flush_exit();
	free_page((unsigned long)vmx_msr_bitmap);
	free_vmxon_regions();
}
