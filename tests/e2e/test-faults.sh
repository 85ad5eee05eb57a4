#!/bin/bash
# test-faults.sh — faults during create, on a real libvirt daemon.
#
# Ctrl+C at every step of `slipwayctl create`: one full create lists the
# steps (its "[ NN%] node: step" progress lines); then, for each step, a
# create gets SIGINT as soon as that step shows. It must exit 130 with a
# message, leave nothing the next create or destroy cannot handle (a
# destroy then leaves nothing in libvirt), and no lock file. One-node
# cluster (a worker, 512 MiB); nothing waits for a boot.
#
# Needs root and a running libvirtd. Environment: SLIPWAYCTL,
# SLIPWAY_TEST_CACHE, SLIPWAY_E2E_IMAGE as for test-e2e.sh;
# SLIPWAY_FAULTS_CLUSTER (default "fault") and SLIPWAY_FAULTS_SUBNET (first
# three octets, default 10.231.63).

set -uo pipefail

E2E_WHAT=faults
source "$(dirname "$0")/e2e-lib.sh"

name=${SLIPWAY_FAULTS_CLUSTER:-fault}
net=${SLIPWAY_FAULTS_SUBNET:-10.231.63}

finish () {
  slipwayctl destroy "$name" --yes --quiet >/dev/null 2>&1 || true
  summary
}
trap 'finish; exit $?' EXIT

require_daemon
slipwayctl destroy "$name" --yes --quiet >/dev/null 2>&1 || true

cat > "$work/$name.conf" <<CONF
[cluster]
name=$name
subnet=$net.0/24
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

# Nothing of the cluster left in libvirt; what is left is printed.
gone () {
  local left
  left=$( { virsh -q -c "$uri" list --all --name | grep -x "$name-worker0"
            virsh -q -c "$uri" net-list --all --name | grep -x "slipway-$name"
            virsh -q -c "$uri" vol-list slipway 2>/dev/null | awk '{print $1}' | grep "^$name-"
          } 2>&1)
  [ -z "$left" ] && return 0
  printf '%s\n' "$left" | sed 's/^/#   left: /'
  return 1
}
# The distinct steps in a create's progress, in order: "node: step".
steps_of () { sed -n 's/^\[ *[0-9]*%\] //p' "$1" | awk '!seen[$0]++'; }

log "A full create lists the steps"
slipwayctl create "$work/$name.conf" > /dev/null 2> "$work/full.err"
status=$?
check "the full create succeeds" test "$status" -eq 0
# What it said, when it failed: the progress lines and the error.
[ "$status" -eq 0 ] || sed 's/^/#   stderr: /' "$work/full.err"
steps_of "$work/full.err" > "$work/steps"
sed 's/^/#   step: /' "$work/steps"
check "it shows at least three steps" test "$(wc -l < "$work/steps")" -ge 3
slipwayctl destroy "$name" --yes --quiet > "$work/destroy.out" 2>&1
sed 's/^/#   destroy: /' "$work/destroy.out"
check "its destroy leaves nothing" gone

n=$(wc -l < "$work/steps")
for k in $(seq 1 "$n"); do
  step=$(sed -n "${k}p" "$work/steps")
  "${ctl[@]}" create "$work/$name.conf" > /dev/null 2> "$work/cancel.err" & pid=$!
  for _ in $(seq 1 6000); do
    [ "$(steps_of "$work/cancel.err" | wc -l)" -ge "$k" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -INT "$pid" 2>/dev/null
  wait "$pid"; status=$?
  sed -n '/^[^[]/s/^/#   stderr: /p' "$work/cancel.err"
  if [ "$status" -eq 0 ]; then
    log "the create ended before Ctrl+C at “$step”"
  else
    check "Ctrl+C at “$step”: exit status 130" test "$status" -eq 130
    check "Ctrl+C at “$step”: a message says so" grep -qv '^\[' "$work/cancel.err"
  fi
  check "Ctrl+C at “$step”: no lock file left" no_lock_files
  slipwayctl destroy "$name" --yes --quiet > "$work/destroy.out" 2>&1
  # Nothing left (0), or nothing to destroy: either way, nothing after.
  sed 's/^/#   destroy: /' "$work/destroy.out"
  check "Ctrl+C at “$step”: destroy then leaves nothing" gone
done

log "After all that, a create and a destroy work"
slipwayctl create "$work/$name.conf" > /dev/null 2> "$work/last.err"
status=$?
check "create succeeds" test "$status" -eq 0
[ "$status" -eq 0 ] || sed 's/^/#   stderr: /' "$work/last.err"
slipwayctl destroy "$name" --yes --quiet > "$work/destroy.out" 2>&1
sed 's/^/#   destroy: /' "$work/destroy.out"
check "destroy succeeds and leaves nothing" gone
