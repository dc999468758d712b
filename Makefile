# SPDX-License-Identifier: GPL-2.0
#
# hvx: build the module, the CLI and the tests; run them in the testbed.
#
#   make            hvx.ko (against KDIR), the hvx CLI, the selftests
#   make check      host unit tests, then every selftest in the testbed
#   make run        boot the testbed, load hvx.ko, run a guest with the CLI
#   make clean      remove everything the build made
#
# KDIR defaults to the running kernel's build directory; make check and
# make run build against the Debian kernel the testbed boots.

KDIR ?= /lib/modules/$(shell uname -r)/build
TESTBED := testbed/hvx-testbed

export CC ?= gcc

.PHONY: all module userspace selftests unit check run bench clean deps

all: module userspace selftests

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

userspace:
	$(MAKE) -C userspace

selftests: userspace
	$(MAKE) -C selftests

unit:
	$(MAKE) -C selftests/unit run

deps:
	scripts/install-deps

check: deps
	scripts/check

run: deps
	scripts/run-demo

bench: deps
	bench/run-bench

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || \
		rm -rf kmod/*.o kmod/x86/*.o kmod/.*.cmd kmod/x86/.*.cmd \
		       hvx.ko hvx.mod* hvx.o .hvx* Module.symvers modules.order
	$(MAKE) -C userspace clean
	$(MAKE) -C selftests clean
	$(MAKE) -C selftests/unit clean
	$(MAKE) -C selftests/fuzz clean
	$(MAKE) -C bench clean
