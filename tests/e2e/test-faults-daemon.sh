#!/bin/bash
# test-faults-daemon.sh — libvirtd killed (SIGKILL) in the middle of
# operations, and started again inside the test, on the real daemon.
#
#   create, killed while it imports the base image: the create says the
#     connection was lost; after the restart the same create finishes (the
#     half-imported base volume is imported again) and a destroy leaves
#     nothing;
#   create, killed while it writes a node's seed: after the restart a
#     destroy removes what was left;
#   rebuild worker0, killed while it makes the new disk: rebuild again works;
#   reset worker0 with a baseline checkpoint, killed while it reverts:
#     reset again works;
#   then a create and a destroy work, and nothing is left (libvirt's
#   domains, networks and pool volumes, lock files: listed before and after).
#
# Restarting the daemon needs to know how it was started: build-aux/
# run-tests.sh exports SLIPWAY_LIBVIRTD_STATE, the state folder of
# tests/e2e/libvirtd-up.sh. Without it, /run/slipway-shared is used if the
# daemon that runs is the one recorded there; otherwise the test fails and
# says why. The daemon is left running as it was found (another pid,
# recorded in the same state folder, so libvirtd-down.sh stops it).
#
# Needs root. Environment as test-faults.sh; SLIPWAY_FAULTS_DAEMON_CLUSTER
# (default "faultd") and SLIPWAY_FAULTS_DAEMON_SUBNET (default 10.231.64).

set -uo pipefail

E2E_WHAT=faults-daemon
source "$(dirname "$0")/e2e-lib.sh"

name=${SLIPWAY_FAULTS_DAEMON_CLUSTER:-faultd}
net=${SLIPWAY_FAULTS_DAEMON_SUBNET:-10.231.64}
state=
op_pid=

# The live pid of the libvirtd recorded in $1/started, if it is the one that
# runs.
recorded_libvirtd () {
  local pid
  pid=$(awk '$1 == "daemon" && $2 == "libvirtd" { print $3 }' "$1/started" 2>/dev/null | tail -n 1)
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = libvirtd ] &&
    [[ $(ps -o stat= -p "$pid") != Z* ]] && echo "$pid"
}

daemon_answers () { timeout 10 virsh -q -c "$uri" version >/dev/null 2>&1; }

restart_daemon () {
  bash "$here/libvirtd-up.sh" "$state" > "$work/up.log" 2>&1
  local status=$?
  sed 's/^/#   /' "$work/up.log"
  [ "$status" -eq 0 ] && daemon_answers
}

kill_daemon () {
  local pid
  pid=$(recorded_libvirtd "$state")
  [ -n "$pid" ] || return 1
  kill -KILL "$pid"
  while [ "$(recorded_libvirtd "$state")" = "$pid" ]; do sleep 0.05; done
  log "libvirtd (pid $pid) killed"
}

finish () {
  # A slipwayctl kill_at stopped, if the test was cut short in between.
  [ -n "$op_pid" ] && kill -CONT "$op_pid" 2>/dev/null
  # As found: a daemon that answers.
  if [ -n "$state" ] && ! daemon_answers; then
    restart_daemon || echo "# could not start libvirtd again: see $state"
  fi
  slipwayctl destroy "$name" --yes --quiet >/dev/null 2>&1 || true
  # The base volume of the test's own image, if a failed case left it.
  if [ -f "$work/image.qcow2" ]; then
    virsh -q -c "$uri" vol-delete --pool slipway \
      "slipway-base-$(sha256sum "$work/image.qcow2" | cut -c1-16).qcow2" >/dev/null 2>&1
  fi
  summary
}
trap 'finish; exit $?' EXIT

require_daemon

if [ -n "${SLIPWAY_LIBVIRTD_STATE:-}" ]; then
  state=$SLIPWAY_LIBVIRTD_STATE
elif [ -n "$(recorded_libvirtd /run/slipway-shared)" ]; then
  state=/run/slipway-shared
fi
if [ -z "$state" ] || [ -z "$(recorded_libvirtd "$state")" ]; then
  state=
  not_ok "knows how to restart the daemon: SLIPWAY_LIBVIRTD_STATE is unset or does not record the running libvirtd, and neither does /run/slipway-shared (start it with tests/e2e/libvirtd-up.sh STATE_DIR and set SLIPWAY_LIBVIRTD_STATE=STATE_DIR)"
  exit 1
fi
ok "the running libvirtd is the one recorded in $state"

slipwayctl destroy "$name" --yes --quiet >/dev/null 2>&1 || true
# The test image's base volume stays in the pool between tests: import it
# first, so that it is in the inventory before as after.
write_conf "$name" "$net" baseline=false
succeeds "a first create succeeds" create "$work/$name.conf"
slipwayctl destroy "$name" --yes --quiet > /dev/null 2>&1
inventory | sort > "$work/before"

# kill_at STEP CMD…: runs slipwayctl CMD… (output in $work/op.err), kills
# the daemon when STEP shows, starts it again; sets $status. slipwayctl is
# stopped (SIGSTOP) from the moment the step shows until the daemon is dead,
# so that on a loaded machine it cannot finish the operation in between.
kill_at () {
  local step=$1 label; shift
  label="$1 ${2##*/}"
  "${ctl[@]}" "$@" > /dev/null 2> "$work/op.err" & op_pid=$!
  if wait_step "$op_pid" "$work/op.err" "$step"; then
    kill -STOP "$op_pid" 2>/dev/null
    kill_daemon
    kill -CONT "$op_pid" 2>/dev/null
    wait "$op_pid"; status=$?
    check "$label, libvirtd killed at “$step”: it fails" test "$status" -ne 0
  else
    wait "$op_pid"; status=$?
    not_ok "$label, libvirtd killed at “$step”: the step showed (exit status $status)"
  fi
  log "$label: exit status $status"
  show "$1" "$work/op.err"
  check "$label at “$step”: the message says the connection was lost" \
    grep -q "connection to the libvirt daemon at $uri was lost" "$work/op.err"
  check "$label at “$step”: no lock file left" no_lock_files
  check "$label at “$step”: libvirtd starts again" restart_daemon
}

log "create, libvirtd killed while it imports the base image"
# An image of its own (64 KiB of zeros more), so that it must be imported.
cp "$image" "$work/image.qcow2" && head -c 65536 /dev/zero >> "$work/image.qcow2"
write_conf "$name" "$net" "image=$work/image.qcow2" baseline=false
kill_at "Importing the image" create "$work/$name.conf"
check "the message says what to do next" grep -q "create the cluster again from the same file to finish it, or destroy it" "$work/op.err"
succeeds "the same create then finishes the cluster" create "$work/$name.conf"
succeeds "and a destroy (with the image) succeeds" destroy "$name" --yes --quiet --delete-image
check "nothing is left" same_as "$work/before"

log "create, libvirtd killed while it writes the node's seed"
write_conf "$name" "$net" baseline=false
kill_at "Writing the cloud-init seed" create "$work/$name.conf"
succeeds "a destroy removes what was left" destroy "$name" --yes --quiet
check "nothing is left" same_as "$work/before"

log "rebuild worker0, libvirtd killed while it makes the new disk"
succeeds "a cluster is created" create "$work/$name.conf"
kill_at "Writing the cloud-init seed" rebuild "$name" worker0 --yes
check "the message says to run it again" grep -q "“rebuild” did not finish.*run it again" "$work/op.err"
succeeds "rebuild again succeeds" rebuild "$name" worker0 --yes
check "worker0 runs" test "$(virsh -q -c "$uri" domstate "$name-worker0")" = running

log "reset worker0 to its baseline, libvirtd killed while it reverts"
succeeds "a baseline checkpoint is saved" checkpoint save "$name" baseline
kill_at "Restoring" reset "$name" worker0 --yes
succeeds "reset again succeeds" reset "$name" worker0 --yes
check "worker0 runs" test "$(virsh -q -c "$uri" domstate "$name-worker0")" = running
succeeds "a destroy succeeds" destroy "$name" --yes --quiet
check "nothing is left" same_as "$work/before"

create_destroy_works "$name" "$work/before"
check "the daemon runs, recorded in $state" test -n "$(recorded_libvirtd "$state")"
