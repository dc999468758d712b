#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# module_test.sh: loading and unloading hvx.ko (busybox sh, as root).
#
#  - rmmod fails while /dev/hvx is open, and while only a VM fd is;
#  - 20 rmmod/insmod cycles, each checking that /dev/hvx goes and comes
#    back and that a guest runs (hvx_hold check);
#  - kernel memory (SUnreclaim + VmallocUsed + Percpu from /proc/meminfo)
#    does not grow by more than MEM_TOLERANCE_KB over those cycles,
#    measured after a warm-up cycle;
#  - hvx is left loaded and working for the tests after this one.
#
# The module file is $HVX_MODULE (the testbed sets it), else
# /lib/modules/hvx/hvx.ko; its name $HVX_MODULE_NAME, else hvx.
# TAP output, like the C tests.

CYCLES=20
MEM_TOLERANCE_KB=256

here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
hold=$here/hvx_hold
module=${HVX_MODULE:-/lib/modules/hvx/hvx.ko}
name=${HVX_MODULE_NAME:-hvx}
tmp=$(mktemp -d /tmp/hvx-module_test.XXXXXX) || exit 1
holder=

cleanup()
{
	[ -z "$holder" ] || kill "$holder" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT


loaded()
{
	grep -q "^$name " /proc/modules
}

# Wait (up to 60 s) for the device node to appear or go ($1 = yes/no).
wait_dev()
{
	local i=0

	while [ $i -lt 600 ]; do
		if [ "$1" = yes ] && [ -c /dev/hvx ]; then
			return 0
		elif [ "$1" = no ] && [ ! -e /dev/hvx ]; then
			return 0
		fi
		usleep 100000
		i=$((i + 1))
	done
	return 1
}

load()
{
	local out

	if ! out=$(insmod "$module" 2>&1); then
		log "insmod $module: $out"
		return 1
	fi
	wait_dev yes || { log "/dev/hvx did not appear"; return 1; }
}

unload()
{
	local out

	if ! out=$(rmmod "$name" 2>&1); then
		log "rmmod $name: $out"
		return 1
	fi
	loaded && { log "$name still listed after rmmod"; return 1; }
	wait_dev no || { log "/dev/hvx still there after rmmod"; return 1; }
}

# Start "hvx_hold $1" and wait for it to hold its objects.
start_holder()
{
	local i=0

	"$hold" "$1" >"$tmp/hold.out" 2>&1 &
	holder=$!
	while [ $i -lt 600 ]; do
		grep -q ready "$tmp/hold.out" && return 0
		kill -0 "$holder" 2>/dev/null || break
		usleep 100000
		i=$((i + 1))
	done
	log "hvx_hold $1 did not get ready: $(cat "$tmp/hold.out")"
	return 1
}

stop_holder()
{
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	holder=
}

# rmmod must fail while "hvx_hold $1" holds its objects.
check_busy()
{
	local what=$1 out

	if ! start_holder "$what"; then
		stop_holder
		not_ok "rmmod_fails_while_${what}_held"
		return
	fi
	if out=$(rmmod "$name" 2>&1); then
		log "rmmod succeeded while hvx_hold $what ran"
		stop_holder
		not_ok "rmmod_fails_while_${what}_held"
		# Put it back for what follows.
		loaded || load
		return
	fi
	log "rmmod refused, as it should: $out"
	if ! loaded || [ ! -c /dev/hvx ]; then
		log "but the module or /dev/hvx is gone"
		stop_holder
		not_ok "rmmod_fails_while_${what}_held"
		return
	fi
	stop_holder
	ok "rmmod_fails_while_${what}_held"
}

# Kernel memory in kB that a leak would grow.
kernel_mem_kb()
{
	sync
	echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
	awk '/^(SUnreclaim|VmallocUsed|Percpu):/ { s += $2 } END { print s }' \
		/proc/meminfo
}

meminfo_line()
{
	awk '/^(MemAvailable|Slab|SUnreclaim|VmallocUsed|Percpu|KernelStack|PageTables):/ { printf "%s %s ", $1, $2 } END { print "" }' \
		/proc/meminfo
}

echo "TAP version 13"
echo "1..5"

if [ ! -f "$module" ] || [ ! -x "$hold" ] || [ "$(id -u)" != 0 ]; then
	why="needs root, $hold and the module file ($module)"
	for t in rmmod_fails_while_dev_held rmmod_fails_while_vm_held \
		 reload_cycles no_kernel_memory_growth left_loaded_and_working; do
		skip "$t" "$why"
	done
	exit 0
fi
loaded || load || log "the module was not loaded and insmod failed"

# 1, 2: busy while in use.
check_busy dev
check_busy vm

# 3, 4: reload cycles, memory measured after a warm-up cycle.
cycle()
{
	unload || return 1
	load || return 1
	"$hold" check || { log "hvx_hold check failed"; return 1; }
}

cycle_failures=0
if loaded; then
	cycle || cycle_failures=$((cycle_failures + 1))
else
	load || cycle_failures=$((cycle_failures + 1))
fi
before=$(kernel_mem_kb)
log "before: $(meminfo_line)"
i=1
while [ $i -le $CYCLES ]; do
	if ! cycle; then
		log "cycle $i failed"
		cycle_failures=$((cycle_failures + 1))
		loaded || load
	fi
	i=$((i + 1))
done
after=$(kernel_mem_kb)
log "after:  $(meminfo_line)"
if [ "$cycle_failures" = 0 ]; then
	ok "reload_cycles"
else
	not_ok "reload_cycles"
fi
growth=$((after - before))
log "SUnreclaim+VmallocUsed+Percpu: $before kB before, $after kB after $CYCLES cycles ($growth kB; tolerance $MEM_TOLERANCE_KB kB)"
if [ "$growth" -le "$MEM_TOLERANCE_KB" ]; then
	ok "no_kernel_memory_growth"
else
	not_ok "no_kernel_memory_growth"
fi

# 5: loaded and working for whatever runs next.
if loaded && [ -c /dev/hvx ] && "$hold" check; then
	ok "left_loaded_and_working"
else
	loaded || load
	not_ok "left_loaded_and_working"
fi

echo "# Totals: pass:$((n - failures)) fail:$failures"
[ "$failures" = 0 ]
