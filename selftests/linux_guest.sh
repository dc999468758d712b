#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# linux_guest.sh: hvx run boots the testbed's own Debian kernel as a
# nested guest, once as a bzImage and once as a vmlinux through PVH, with
# a tiny initramfs whose /init (guest_init) reaches user space, reads a
# marker from the first virtio disk, writes a reply to it, checks that
# the second disk is read-only, and powers off; then the same vmlinux on
# KVM with --accel kvm (hvx-testbed --kvm); then the CLI's answers to bad
# input. TAP output; busybox sh inside the testbed, as root, with
# hvx.ko loaded and the kernel in /guest (hvx-testbed --linux-guest).
#
# HVX_LINUX_BOOT_TIMEOUT (seconds, default 900) bounds each boot.

here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
hvx=${HVX:-$here/hvx}
guest=${HVX_GUEST_DIR:-/guest}
boot_timeout=${HVX_LINUX_BOOT_TIMEOUT:-900}
tmp=$(mktemp -d /tmp/hvx-linux_guest.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT

# disk FILE TOKEN: 1 MiB, the marker in sector 0.
make_disk()
{
	dd if=/dev/zero of="$1" bs=1024 count=1024 2>/dev/null &&
	printf 'HVX-MARKER %s\n' "$2" | dd of="$1" conv=notrunc 2>/dev/null
}

# sector FILE N: the text of sector N up to its first newline.
sector()
{
	dd if="$1" bs=512 skip="$2" count=1 2>/dev/null | head -n 1
}

# boot NAME KERNEL [HVX-RUN-OPTIONS...]: one nested boot and its checks.
boot()
{
	local name=$1 kernel=$2 token status start secs

	shift 2
	token=$name-$$-$(date +%s)
	make_disk "$tmp/vda.img" "$token" && make_disk "$tmp/vdb.img" "ro-$token" &&
		cp "$tmp/vdb.img" "$tmp/vdb.orig" || {
		not_ok "$name: cannot make the disk images"
		return
	}
	start=$(date +%s)
	timeout "$boot_timeout" "$hvx" run "$@" --kernel "$kernel" \
		--initrd "$tmp/initrd.cpio" --mem 160M \
		--disk "$tmp/vda.img" --disk "$tmp/vdb.img,ro" \
		</dev/null >"$tmp/$name.raw" 2>&1
	status=$?
	# The guest's tty ends its lines with CR LF.
	tr -d '\r' <"$tmp/$name.raw" >"$tmp/$name.out"
	secs=$(($(date +%s) - start))
	log "$name: hvx run exited $status after $secs s (guest time); console:"
	sed 's/^/#   /' "$tmp/$name.out"

	[ $status = 0 ] && ok "$name: the guest powered off (status 0)" ||
		not_ok "$name: status $status, not 0 (power-off)"
	grep -q "Linux version" "$tmp/$name.out" &&
		ok "$name: the kernel's messages reach the console" ||
		not_ok "$name: no 'Linux version' line on the console"
	grep -q "^hvx-guest: user space reached" "$tmp/$name.out" &&
		ok "$name: user space reached" ||
		not_ok "$name: the guest's /init never spoke"
	grep -q "^hvx-guest: marker $token\$" "$tmp/$name.out" &&
		ok "$name: the guest read the marker from /dev/vda" ||
		not_ok "$name: the marker did not come back from /dev/vda"
	[ "$(sector "$tmp/vda.img" 1)" = "HVX-REPLY $token" ] &&
		ok "$name: the guest's reply is in sector 1 of the image" ||
		not_ok "$name: sector 1 holds '$(sector "$tmp/vda.img" 1)'"
	grep -q "^hvx-guest: vdb read-only, marker ro-$token\$" "$tmp/$name.out" &&
		cmp -s "$tmp/vdb.img" "$tmp/vdb.orig" &&
		ok "$name: the ,ro disk is read-only in the guest and unchanged" ||
		not_ok "$name: the read-only disk misbehaved"
}

# Debian's kvm modules, where hvx-testbed --kvm put them; no halt polling
# (hvx has none either).
load_kvm()
{
	local m=/lib/modules/kvm

	[ -e $m/kvm-intel.ko ] || return 1
	insmod $m/irqbypass.ko && insmod $m/kvm.ko halt_poll_ns=0 &&
		insmod $m/kvm-intel.ko
}

unload_kvm()
{
	rmmod kvm_intel kvm irqbypass
}

# bad NAME WANT-STATUS WANT-TEXT ARGS...: hvx run refuses, and says why.
bad()
{
	local name=$1 want=$2 text=$3 status

	shift 3
	timeout 120 "$hvx" run "$@" </dev/null >"$tmp/bad.out" 2>&1
	status=$?
	if [ $status = "$want" ] && grep -q "$text" "$tmp/bad.out"; then
		ok "bad input: $name"
	else
		not_ok "bad input: $name (status $status, wanted $want and '$text')"
		sed 's/^/#   /' "$tmp/bad.out"
	fi
}

echo "TAP version 13"
echo "1..32"
if ! "$here/guest_initramfs.sh" "$tmp/initrd.cpio"; then
	echo "Bail out! cannot build the guest's initramfs"
	exit 1
fi

boot bzimage "$guest/vmlinuz"
boot pvh "$guest/vmlinux"
# The same VMM on KVM (--accel kvm), where the testbed has it (--kvm).
if load_kvm; then
	boot kvm "$guest/vmlinux" --accel kvm
	unload_kvm
else
	for i in 1 2 3 4 5 6; do
		skip "kvm: check $i" "no KVM in this testbed (hvx-testbed --kvm)"
	done
fi

k=$guest/vmlinuz
head -c 20000 "$k" >"$tmp/short"
echo "not a kernel" >"$tmp/text"
dd if=/dev/zero of="$tmp/big" bs=1024 count=65536 2>/dev/null
bad "missing kernel" 120 "cannot open" --kernel "$tmp/none"
bad "truncated bzImage" 120 "truncated" --kernel "$tmp/short"
bad "not a kernel" 120 "not a Linux kernel" --kernel "$tmp/text"
bad "ELF without a PVH note" 120 "no PVH entry point" --kernel "$here/guest_init"
bad "initrd that does not fit" 120 "does not fit" --kernel "$k" \
	--initrd "$tmp/big" --mem 128M
bad "memory too small for the kernel" 120 "more guest memory" \
	--kernel "$k" --mem 32M
bad "malformed memory size" 120 "not a size" --kernel "$k" --mem 12Q
bad "memory too small" 120 "too small" --kernel "$k" --mem 1M
bad "disk that cannot be opened" 120 "$tmp/none.img" --kernel "$k" \
	--disk "$tmp/none.img"
bad "disk option with junk" 120 "rw" --kernel "$k" --disk "$tmp/big,rw"
bad "two vCPUs" 120 "one vCPU" --kernel "$k" --cpus 2
bad "raw options on a kernel" 120 "for --raw" --kernel "$k" --mode long
bad "kernel and raw at once" 120 "one guest at a time" --kernel "$k" \
	--raw "$tmp/text"
bad "missing initrd" 120 "cannot open" --kernel "$k" --initrd "$tmp/none"

[ $failures = 0 ]
