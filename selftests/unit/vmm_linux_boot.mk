vmm_linux_boot_SRCS := $(TOP)/userspace/vmm/linux_boot.c \
	$(TOP)/userspace/vmm/bzimage.c $(TOP)/userspace/vmm/pvh.c
