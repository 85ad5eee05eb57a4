#!/bin/bash
# libvirtd-down.sh — undo what libvirtd-up.sh did.
#
#   usage: tests/e2e/libvirtd-down.sh [STATE_DIR]    (default /run/slipway-test)
#
# Reads STATE_DIR/started (see libvirtd-up.sh) and undoes only what is listed
# there, newest first: stops the daemons it started, by pid, and restores the
# owner and mode of /dev/kvm.  A daemon that was running before
# libvirtd-up.sh is not listed and is left alone.  Running domains and
# networks are not touched (tests clean up their own); they are reported,
# because their qemu/dnsmasq processes outlive libvirtd.

set -euo pipefail

readonly URI=qemu:///system
readonly WAIT_SECONDS=15

state_dir=${1:-/run/slipway-test}
state_file="$state_dir/started"

log() { printf '[libvirtd-down] %s\n' "$*" >&2; }

[[ $(id -u) -eq 0 ]] || { log "error: must run as root"; exit 1; }

if [[ ! -f $state_file ]]; then
    log "nothing to undo: $state_file does not exist"
    exit 0
fi

# Leftovers are a test bug worth seeing in the CI log.
if grep -q '^daemon libvirtd ' "$state_file"; then
    leftovers=$(
        virsh -q -c "$URI" list --name 2>/dev/null | sed '/^$/d'
        virsh -q -c "$URI" net-list --name 2>/dev/null | sed '/^$/d'
    ) || true
    if [[ -n $leftovers ]]; then
        log "warning: still active, left running: $(tr '\n' ' ' <<<"$leftovers")"
    fi
fi

# Stop one recorded process, if it is still the daemon we started (the pid
# may have been reused after a crash).
stop_daemon() {
    local name=$1 pid=$2 i
    if [[ ! $pid =~ ^[0-9]+$ ]] || [[ ! -d /proc/$pid ]] ||
       [[ $(ps -o stat= -p "$pid" 2>/dev/null) == Z* ]]; then
        log "$name (pid $pid) is not running"
        return 0
    fi
    if [[ $(<"/proc/$pid/comm") != "$name" ]]; then
        log "pid $pid is no longer $name; leaving it alone"
        return 0
    fi
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < WAIT_SECONDS * 4; i++)); do
        [[ -d /proc/$pid ]] || return 0
        sleep 0.25
    done
    log "$name (pid $pid) ignored SIGTERM for ${WAIT_SECONDS}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
}

restore_kvm_perms() {
    local mode=$1 user=$2 group=$3
    [[ -c /dev/kvm ]] || return 0
    log "restoring /dev/kvm to $user:$group $mode"
    chown -- "$user:$group" /dev/kvm
    chmod -- "$mode" /dev/kvm
}

while read -r kind a b c; do
    case $kind in
        daemon)    stop_daemon "$a" "$b"; rm -f -- "$state_dir/$a.pid" ;;
        kvm-perms) restore_kvm_perms "$a" "$b" "$c" ;;
        '')        ;;
        *)         log "warning: ignoring unknown state line: $kind $a $b $c" ;;
    esac
done < <(tac -- "$state_file")

rm -f -- "$state_file"
log "done"
