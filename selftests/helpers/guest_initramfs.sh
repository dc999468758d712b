#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest_initramfs.sh OUT: the nested Linux guest's initramfs (newc cpio):
# guest_init as /init and the virtio modules from $HVX_GUEST_DIR/modules
# (default /guest/modules, where hvx-testbed --linux-guest puts them).
# Runs in the testbed (busybox sh and cpio).

here=$(cd "$(dirname "$0")" && pwd)
out=$1
guest=${HVX_GUEST_DIR:-/guest}
root=$(mktemp -d /tmp/hvx-initramfs.XXXXXX) || exit 1
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/modules" &&
cp "$here/guest_init" "$root/init" &&
cp "$guest"/modules/*.ko "$root/modules/" &&
(cd "$root" && find . -mindepth 1 | cpio -o -H newc 2>/dev/null) >"$out"
