/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The single VMX instructions as inline helpers. Each tolerates a #UD
 * through the exception table, which only happens after an emergency
 * VMXOFF (reboot, kexec, crash); a VMfail is a host bug and is reported
 * with the field and the VM-instruction error.
 */
#ifndef HVX_VMX_OPS_H
#define HVX_VMX_OPS_H

#include <linux/types.h>
#include <asm/asm.h>
#include "vmcs_fields.h"

void vmx_insn_failed(const char *insn, unsigned long field,
		     unsigned long value);

static __always_inline unsigned long vmcs_read(unsigned long field)
{
	unsigned long value = 0;

	asm volatile("1: vmread %[field], %[value]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [value] "+r" (value)
		     : [field] "r" (field)
		     : "cc");
	return value;
}

static __always_inline u32 vmcs_read32(unsigned long field)
{
	return (u32)vmcs_read(field);
}

static __always_inline void vmcs_write(unsigned long field,
				       unsigned long value)
{
	bool fail = false;

	asm volatile("1: vmwrite %[value], %[field]\n\t"
		     "setna %[fail]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [fail] "+q" (fail)
		     : [field] "r" (field), [value] "rm" (value)
		     : "cc");
	if (unlikely(fail))
		vmx_insn_failed("vmwrite", field, value);
}

static __always_inline void vmcs_set_bits(unsigned long field, u32 bits)
{
	vmcs_write(field, vmcs_read32(field) | bits);
}

static __always_inline void vmcs_clear_bits(unsigned long field, u32 bits)
{
	vmcs_write(field, vmcs_read32(field) & ~bits);
}

/* The instructions that take a physical address operand in memory. */
#define VMX_PA_INSN(name, insn)						\
static inline void name(u64 pa)						\
{									\
	bool fail = false;						\
									\
	asm volatile("1: " insn " %[pa]\n\t"				\
		     "setna %[fail]\n\t"				\
		     "2:\n\t"						\
		     _ASM_EXTABLE(1b, 2b)				\
		     : [fail] "+q" (fail)				\
		     : [pa] "m" (pa)					\
		     : "cc", "memory");					\
	if (unlikely(fail))						\
		vmx_insn_failed(insn, 0, pa);				\
}

VMX_PA_INSN(vmcs_clear, "vmclear")
VMX_PA_INSN(vmcs_load, "vmptrld")

#define INVEPT_SINGLE_CONTEXT	1
#define INVEPT_ALL_CONTEXT	2

static inline void vmx_invept(unsigned long type, u64 eptp)
{
	struct {
		u64 eptp;
		u64 reserved;
	} desc = { eptp, 0 };
	bool fail = false;

	asm volatile("1: invept %[desc], %[type]\n\t"
		     "setna %[fail]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [fail] "+q" (fail)
		     : [desc] "m" (desc), [type] "r" (type)
		     : "cc", "memory");
	if (unlikely(fail))
		vmx_insn_failed(__func__, type, eptp);
}

#endif /* HVX_VMX_OPS_H */
