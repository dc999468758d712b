/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvx run's side of booting Linux: read the kernel and initrd files,
 * write them into a VM with linux_image.h's loaders, and start the vCPU
 * the way the kernel's entry wants.
 */
#ifndef HVX_LINUX_H
#define HVX_LINUX_H

#include "linux_image.h"
#include "vm.h"

struct linux_files {
	const char *kernel_path;
	uint8_t *kernel;
	size_t kernel_size;
	enum linux_format format;
	const char *initrd_path;
	uint8_t *initrd;		/* NULL: none */
	size_t initrd_size;
};

/*
 * Read @kernel (and @initrd, if not NULL) and check that the kernel is
 * one hvx can boot. Before any VM exists, so that a bad file is the
 * first thing reported. Prints why on failure and returns -errno.
 */
int linux_files_read(struct linux_files *f, const char *kernel,
		     const char *initrd);
void linux_files_free(struct linux_files *f);

/*
 * Load the files into @vm with @cmdline and the ACPI tables at @rsdp,
 * and set up the vCPU. Prints why on failure and returns -errno.
 */
int linux_load(struct vm *vm, const struct linux_files *f,
	       const char *cmdline, uint64_t rsdp);

#endif /* HVX_LINUX_H */
