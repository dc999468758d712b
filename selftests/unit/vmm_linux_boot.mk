# SPDX-License-Identifier: GPL-2.0
vmm_linux_boot_SRCS := $(VMM)/boot/linux_image.c $(VMM)/boot/bzimage.c \
	$(VMM)/boot/pvh.c
