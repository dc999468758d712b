// SPDX-License-Identifier: GPL-2.0
/*
 * hvx.ko: module load and unload, /dev/hvx and its system ioctls.
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/reboot.h>
#include <linux/uaccess.h>
#include "hvx.h"

bool hvx_rebooting;

static long hvx_dev_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case HVX_GET_API_VERSION:
		if (arg)
			return -EINVAL;
		return HVX_API_VERSION;
	case HVX_CHECK_EXTENSION:
		return hvx_arch_check_extension((long)arg);
	case HVX_GET_VCPU_MMAP_SIZE:
		if (arg)
			return -EINVAL;
		return HVX_RUN_SIZE;
	case HVX_GET_VMX_CAPS: {
		struct hvx_vmx_caps caps;

		hvx_arch_get_caps(&caps);
		if (copy_to_user(argp, &caps, sizeof(caps)))
			return -EFAULT;
		return 0;
	}
	case HVX_GET_SUPPORTED_CPUID:
		return hvx_arch_get_supported_cpuid(argp);
	case HVX_CREATE_VM:
		return hvx_vm_create(arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hvx_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= hvx_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/* Root-only by default, like /dev/kvm; a udev rule can grant a group. */
static struct miscdevice hvx_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "hvx",
	.fops	= &hvx_dev_fops,
	.mode	= 0600,
};

static int hvx_reboot(struct notifier_block *nb, unsigned long code,
		      void *unused)
{
	hvx_rebooting = true;
	hvx_arch_emergency_off();
	return NOTIFY_OK;
}

static struct notifier_block hvx_reboot_nb = {
	.notifier_call = hvx_reboot,
};

static int __init hvx_init(void)
{
	int err;

	err = hvx_arch_init();
	if (err)
		return err;
	err = register_reboot_notifier(&hvx_reboot_nb);
	if (err)
		goto err_arch;
	err = hvx_control_init();
	if (err)
		goto err_reboot;
	err = misc_register(&hvx_dev);
	if (err)
		goto err_control;
	return 0;

err_control:
	hvx_control_exit();
err_reboot:
	unregister_reboot_notifier(&hvx_reboot_nb);
err_arch:
	hvx_arch_exit();
	return err;
}

static void __exit hvx_exit(void)
{
	misc_deregister(&hvx_dev);
	hvx_control_exit();
	unregister_reboot_notifier(&hvx_reboot_nb);
	hvx_arch_exit();
}

module_init(hvx_init);
module_exit(hvx_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvx: a hosted hypervisor for Intel VMX with EPT");
