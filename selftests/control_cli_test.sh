#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# control_cli_test.sh: a smoke test of the hvx CLI's control commands (ps,
# stats, top, events, pause, resume, nmi, destroy) against a live VM that
# the helper control_vm runs beside it (busybox sh, as root, hvx loaded).
#
# The CLI is $HVX if set, else `hvx` on PATH, else ./hvx or ../hvx next
# to this script. The helper is control_vm next to this script. TAP
# output, like the C tests.

here=$(cd "$(dirname "$0")" && pwd)
. "$here/tap.sh"
helper=$here/control_vm
tmp=$(mktemp -d /tmp/hvx-control_cli.XXXXXX) || exit 1
vm_pid=
ev_pid=

cleanup()
{
	[ -z "$ev_pid" ] || kill "$ev_pid" 2>/dev/null
	[ -z "$vm_pid" ] || kill "$vm_pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# check NAME COMMAND...: ok if COMMAND succeeds.
check()
{
	name=$1
	shift
	if "$@"; then
		ok "$name"
	else
		not_ok "$name"
	fi
}

# Show a file as TAP comments (when something failed).
show()
{
	sed 's/^/# | /' "$1"
}

# run_hvx OUT ARGS...: hvx ARGS with stdout in $tmp/OUT, stderr in
# $tmp/OUT.err; its status in $status.
run_hvx()
{
	out=$1
	shift
	"$HVX" "$@" >"$tmp/$out" 2>"$tmp/$out.err"
	status=$?
}

# expect_status NAME WANT OUT [PATTERN]: the last run_hvx exited WANT and
# its stderr (for WANT != 0) or stdout matches PATTERN.
expect_status()
{
	name=$1
	want=$2
	out=$3
	pattern=$4
	file=$tmp/$out
	[ "$want" = 0 ] || file=$tmp/$out.err
	if [ "$status" = "$want" ] &&
	   { [ -z "$pattern" ] || grep -q -e "$pattern" "$file"; }; then
		ok "$name"
	else
		not_ok "$name"
		log "exit status $status (wanted $want), pattern '$pattern'"
		show "$tmp/$out"
		show "$tmp/$out.err"
	fi
}

# A field of "hvx stats --json VM": its first "KEY": NUMBER.
stat_json()
{
	"$HVX" stats --json "$1" | sed -n "s/.*\"$2\": \([0-9]*\).*/\1/p" |
		head -n 1
}

# Wait up to $2 seconds for the pattern $1 in file $3.
wait_for()
{
	i=0
	while ! grep -q -e "$1" "$3" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -le $(($2 * 10)) ] || return 1
		sleep 0.1
	done
}

echo "1..24"

for c in "$HVX" "$(command -v hvx 2>/dev/null)" "$here/hvx" "$here/../hvx"; do
	if [ -n "$c" ] && [ -x "$c" ] && [ ! -d "$c" ]; then
		HVX=$c
		break
	fi
done
if [ -z "$HVX" ] || [ ! -x "$HVX" ]; then
	echo "# the hvx CLI is not here: set HVX or put hvx on PATH"
	exit 1
fi
log "using $HVX"

# 1: help
run_hvx help --help
expect_status "hvx --help lists the control commands" 0 help \
	'^  ps .*every VM'

# The VM.
"$helper" >"$tmp/vm.out" 2>&1 &
vm_pid=$!
if ! wait_for '^ready' 120 "$tmp/vm.out"; then
	show "$tmp/vm.out"
	echo "# control_vm did not start"
	exit 1
fi

# 2-4: ps
run_hvx ps ps
id=$(awk -v p="$vm_pid" '$2 == p { print $1 }' "$tmp/ps")
expect_status "hvx ps exits 0" 0 ps '^ *ID *PID *COMMAND'
check "hvx ps lists the VM of control_vm (id ${id:-none})" [ -n "$id" ]
[ -n "$id" ] || id=999999
check "hvx ps shows its command, vCPUs, memory and state" \
	awk -v p="$vm_pid" 'BEGIN { r = 1 }
		$2 == p && $3 == "control_vm" && $5 == 1 && $6 == 1 &&
		$7 == "MiB" && $8 == "running" { r = 0 } END { exit r }' \
	"$tmp/ps"

# 5: ps --json
run_hvx psj ps --json
if [ "$status" = 0 ] && grep -q "\"id\": $id," "$tmp/psj" &&
   grep -q "\"owner_pid\": $vm_pid," "$tmp/psj" &&
   grep -q '"owner_comm": "control_vm"' "$tmp/psj" &&
   grep -q '"memory": 1048576,' "$tmp/psj" &&
   grep -q '"state": "running"' "$tmp/psj"; then
	ok "hvx ps --json describes the VM"
else
	not_ok "hvx ps --json describes the VM"
	show "$tmp/psj"
fi

# 6-7: stats
run_hvx stats stats "$id"
expect_status "hvx stats VM shows its exits by reason" 0 stats \
	'30 IO_INSTRUCTION'
run_hvx statsj stats --json "$id"
expect_status "hvx stats --json VM has the exit reasons" 0 statsj \
	'"reason": 30,'

# 8-11: pause and resume
run_hvx pause pause "$id"
expect_status "hvx pause VM exits 0" 0 pause
run_hvx ps2 ps
check "hvx ps shows the VM paused" \
	awk -v i="$id" 'BEGIN { r = 1 } $1 == i && $8 == "paused" { r = 0 }
		END { exit r }' "$tmp/ps2"
sleep 1
a=$(stat_json "$id" user_exits)
sleep 2
b=$(stat_json "$id" user_exits)
check "a paused VM makes no progress ($a, then $b user exits)" \
	test -n "$a" -a "$a" = "$b"
run_hvx resume resume "$id"
resumed=$status
sleep 2
c=$(stat_json "$id" user_exits)
check "hvx resume VM: it goes on ($b, then $c user exits)" \
	test "$resumed" = 0 -a -n "$c" -a "${c:-0}" -gt "${b:-0}"

# 12-13: top
run_hvx top top --once
expect_status "hvx top --once shows the VM" 0 top \
	"^ *$id  *$vm_pid control_vm"
run_hvx top1 top -n 1 -d 0.5 "$id"
expect_status "hvx top VM shows its vCPU and exit reasons" 0 top1 \
	'IO_INSTRUCTION'

# 14-15: events
"$HVX" events --json --count 2 --timeout 120 --vm "$id" \
	>"$tmp/ev" 2>"$tmp/ev.err" &
ev_pid=$!
sleep 3
"$HVX" pause "$id" && "$HVX" resume "$id"
wait "$ev_pid"
status=$?
ev_pid=
expect_status "hvx events --count 2 sees pause and resume" 0 ev \
	"\"event\": \"vm-paused\", \"vm_id\": $id,"
check "... in order" \
	awk 'NR == 2 && /"event": "vm-resumed"/ { r = 1 } END { exit !r }' \
	"$tmp/ev"

# 16-21: errors
run_hvx e1 stats 999999
expect_status "hvx stats on a missing VM: exit 1, says so" 1 e1 \
	'^hvx: no VM 999999$'
run_hvx e2 pause 999999
expect_status "hvx pause on a missing VM: exit 1" 1 e2 '^hvx: no VM 999999$'
run_hvx e3 nmi --vcpu 0 999999
expect_status "hvx nmi on a missing VM: exit 1" 1 e3 '^hvx: no VM 999999$'
run_hvx e4 destroy 999999
expect_status "hvx destroy on a missing VM: exit 1" 1 e4 \
	'^hvx: no VM 999999$'
run_hvx e5 stats
expect_status "hvx stats without a VM: usage, exit 2" 2 e5 'missing'
run_hvx e6 pause not-a-number
expect_status "hvx pause with a bad id: exit 2" 2 e6 'is not a VM id'

# 22: another user may not pause the VM
if id hvxuser >/dev/null 2>&1; then
	chmod 0666 /dev/hvx
	su -s /bin/sh hvxuser -c "'$HVX' pause $id" >"$tmp/su" 2>"$tmp/su.err"
	status=$?
	chmod 0600 /dev/hvx
	expect_status "hvx pause as another user: permission denied" 1 su \
		'permission denied'
else
	n=$((n + 1))
	echo "ok $n hvx pause as another user # SKIP no user hvxuser"
fi

# 23-24: destroy
run_hvx destroy destroy "$id"
expect_status "hvx destroy VM exits 0" 0 destroy
wait "$vm_pid"
vm_status=$?
vm_pid=
run_hvx ps3 ps
if [ "$vm_status" = 3 ] && ! awk -v i="$id" '$1 == i { f = 1 } END { exit !f }' \
	"$tmp/ps3"; then
	ok "the destroyed VM's VMM saw HVX_EXIT_DESTROYED; the VM is gone"
else
	not_ok "the destroyed VM's VMM saw HVX_EXIT_DESTROYED; the VM is gone"
	log "control_vm exited with $vm_status"
	show "$tmp/vm.out"
	show "$tmp/ps3"
fi

[ "$failures" = 0 ]
