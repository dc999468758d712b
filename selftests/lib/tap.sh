# SPDX-License-Identifier: GPL-2.0
#
# tap.sh: TAP for the shell tests (busybox sh), sourced from beside them:
#   . "$(dirname "$0")/tap.sh"
# ok/not_ok/skip NAME print one numbered result; $failures counts the
# not_oks, so a test can end with: [ "$failures" = 0 ]

n=0
failures=0

ok()
{
	n=$((n + 1))
	echo "ok $n $1"
}

not_ok()
{
	n=$((n + 1))
	failures=$((failures + 1))
	echo "not ok $n $1"
}

# skip NAME REASON
skip()
{
	n=$((n + 1))
	echo "ok $n $1 # SKIP $2"
}

log()
{
	echo "# $*"
}
