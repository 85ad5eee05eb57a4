#!/bin/bash
# test-races.sh — two processes on one cluster, on a real libvirt daemon.
#
# One operation per cluster at a time, across processes (issue 12): two
# slipwayctl processes race create/create, create/destroy and
# reset/destroy on one cluster, and two creates (then two destroys) of
# different clusters run at once. One wins, the other says who holds the
# cluster ("… is being created by slipwayctl, pid N"), and the end state
# is whole: what won is complete, and a destroy leaves nothing behind.
# One-node clusters (a worker, 512 MiB); nothing waits for a boot.
#
# Needs root and a running libvirtd (build-aux/run-tests.sh starts one).
# Environment: SLIPWAYCTL, SLIPWAY_TEST_CACHE, SLIPWAY_E2E_IMAGE as for
# test-e2e.sh; SLIPWAY_RACES_PREFIX (cluster names, default "race") and
# SLIPWAY_RACES_SUBNET (first three octets, default 10.231.60; the next
# two /24s are used too), so that two runs on one host never meet.

set -uo pipefail

E2E_WHAT=races
source "$(dirname "$0")/e2e-lib.sh"

prefix=${SLIPWAY_RACES_PREFIX:-race}
net=${SLIPWAY_RACES_SUBNET:-10.231.60}

a=$prefix
b=${prefix}b
c=${prefix}c

show () { sed 's/^/#   /' "$@"; }

destroy_all () {
  for n in "$a" "$b" "$c"; do
    slipwayctl destroy "$n" --yes --quiet >/dev/null 2>&1 || true
  done
}

finish () {
  destroy_all
  summary
}
trap 'finish; exit $?' EXIT

require_daemon
if [ ! -f "$image" ]; then
  not_ok "the guest image $image exists (tests/e2e/build-image.sh makes it)"
  exit 1
fi
destroy_all

conf () {
  cat > "$work/$1.conf" <<CONF
[cluster]
name=$1
subnet=$2.0/24
network=isolated
image=$image
accelerator=tcg

[gateway]
count=0

[control]
count=0

[worker]
count=1
vcpus=1
memory=512MiB
disk=4GiB
CONF
}
conf "$a" "$net"
conf "$b" "${net%.*}.$(( ${net##*.} + 1 ))"
conf "$c" "${net%.*}.$(( ${net##*.} + 2 ))"

# NAME: nothing of the cluster is left in libvirt.
gone () {
  ! virsh -q -c "$uri" list --all --name | grep -qx "$1-worker0" &&
  ! virsh -q -c "$uri" net-list --all --name | grep -qx "slipway-$1" &&
  ! virsh -q -c "$uri" vol-list slipway 2>/dev/null | awk '{print $1}' | grep -q "^$1-"
}
# NAME: the cluster is whole: its node is defined and runs.
whole () {
  local i
  for i in $(seq 1 30); do
    whole_now "$1" && return 0
    sleep 1
  done
  log "$1: domain $(virsh -q -c "$uri" domstate "$1-worker0" 2>&1 | head -1), networks: $(virsh -q -c "$uri" net-list --name | tr '\n' ' ')"
  return 1
}
whole_now () {
  [ "$(virsh -q -c "$uri" domstate "$1-worker0" 2>/dev/null | head -1)" = running ] &&
  virsh -q -c "$uri" net-list --name | grep -qx "slipway-$1"
}
# NAME: waits (10 s at most) until some process holds NAME's lock.
await_lock () {
  local i
  for i in $(seq 1 200); do
    [ -s "$lockdir/$1.lock" ] && return 0
    sleep 0.05
  done
  return 1
}

log "create/create of one cluster"
"${ctl[@]}" create "$work/$a.conf" > /dev/null 2> "$work/c1.err" & p1=$!
"${ctl[@]}" create "$work/$a.conf" > /dev/null 2> "$work/c2.err" & p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
log "exit statuses $s1 and $s2"
show "$work/c1.err" "$work/c2.err" | grep -v '^#   \[' || true
check "exactly one of two creates of one cluster succeeds" test $(( (s1 == 0) + (s2 == 0) )) -eq 1
loser=$work/c1.err; [ "$s1" -eq 0 ] && loser=$work/c2.err
check "the other says who holds the cluster, or that it exists" \
  grep -Eq "Cluster “$a” is being created by slipwayctl( create)?, pid [0-9]+|exists already" "$loser"
check "the cluster that won is whole" whole "$a"

log "reset/destroy of one cluster"
"${ctl[@]}" reset "$a" worker0 > /dev/null 2> "$work/reset.err" & p1=$!
if await_lock "$a"; then
  slipwayctl destroy "$a" --yes > /dev/null 2> "$work/destroy.err"; s2=$?
  show "$work/destroy.err"
  check "a destroy during a reset fails" test "$s2" -ne 0
  check "it says that worker0 is being reset, by whom" \
    grep -Eq "worker0 of cluster “$a” is being reset by slipwayctl( reset)?, pid $p1\b" "$work/destroy.err"
else
  not_ok "the reset takes the lock"
fi
wait $p1; s1=$?
show "$work/reset.err" | grep -v '^#   \[' || true
check "the reset itself succeeds" test "$s1" -eq 0
check "the cluster is whole after the reset" whole "$a"

log "create/destroy of one cluster"
slipwayctl destroy "$a" --yes --quiet > /dev/null 2>&1
check "the destroy after the reset leaves nothing" gone "$a"
"${ctl[@]}" create "$work/$a.conf" > /dev/null 2> "$work/create.err" & p1=$!
# A destroy before the cluster's network exists finds no cluster to destroy
# ("There is no cluster named …"): wait until it does (see README.md).
net_made () {
  local i
  for i in $(seq 1 600); do
    virsh -q -c "$uri" net-list --all --name | grep -qx "slipway-$a" && return 0
    sleep 0.1
  done
  return 1
}
if await_lock "$a" && net_made; then
  slipwayctl destroy "$a" --yes > /dev/null 2> "$work/destroy.err"; s2=$?
  show "$work/destroy.err"
  check "a destroy during a create fails" test "$s2" -ne 0
  check "it says the cluster is being created, by whom" \
    grep -Eq "Cluster “$a” is being created by slipwayctl( create)?, pid $p1\b" "$work/destroy.err"
else
  not_ok "the create takes the lock"
fi
wait $p1; s1=$?
check "the create itself succeeds" test "$s1" -eq 0
check "the cluster is whole after it" whole "$a"
slipwayctl destroy "$a" --yes --quiet > /dev/null 2> "$work/destroy.err"
check "then a destroy succeeds" test $? -eq 0
check "and leaves nothing" gone "$a"

log "two creates of different clusters at once (the pool is shared)"
"${ctl[@]}" create "$work/$b.conf" > /dev/null 2> "$work/b.err" & p1=$!
"${ctl[@]}" create "$work/$c.conf" > /dev/null 2> "$work/c.err" & p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
show "$work/b.err" "$work/c.err" | grep -v '^#   \[' || true
check "both creates succeed" test "$s1" -eq 0 -a "$s2" -eq 0
check "no pool error" bash -c '! grep -q "asynchronous jobs" "$1" "$2"' _ "$work/b.err" "$work/c.err"
both_whole () { whole "$b" && whole "$c"; }
check "both clusters are whole" both_whole

"${ctl[@]}" destroy "$b" --yes --quiet > /dev/null 2> "$work/b.err" & p1=$!
"${ctl[@]}" destroy "$c" --yes --quiet > /dev/null 2> "$work/c.err" & p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
show "$work/b.err" "$work/c.err"
check "two destroys of different clusters at once succeed" test "$s1" -eq 0 -a "$s2" -eq 0
both_gone () { gone "$b" && gone "$c"; }
check "and leave nothing" both_gone
check "no lock file is left behind" no_lock_files
