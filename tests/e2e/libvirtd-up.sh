#!/bin/bash
# libvirtd-up.sh — make sure a system libvirt daemon (qemu:///system) is
# running for the end-to-end tests, on machines without systemd.
#
#   usage: tests/e2e/libvirtd-up.sh [STATE_DIR]      (default /run/slipway-test)
#
# If a libvirt daemon already answers on qemu:///system, it is used and nothing
# is started.  Otherwise virtlogd and libvirtd are started as daemons
# (libvirtd under tini, a subreaper: see start_daemon).  A
# socket file alone proves nothing: a daemon killed without its clean-up (the
# end of a container session, a crash) leaves its sockets behind, and nothing
# listens on them.  Such stale sockets are removed before starting.
# A daemon STATE_DIR/started lists that is gone (the fault tests kill
# libvirtd on purpose) is started again and recorded anew, so that
# libvirtd-down.sh still stops what runs in its place.
# Everything this script changes is recorded in STATE_DIR/started, one item a
# line, so that libvirtd-down.sh undoes exactly that and nothing else:
#
#   daemon NAME PID          a daemon we started
#   kvm-perms MODE USER GROUP    original owner and mode of /dev/kvm
#
# Daemon logs go to STATE_DIR/NAME.log.
#
# Finally checks that the QEMU driver offers domain type 'qemu' (TCG) for
# x86_64: the tests use TCG because KVM guests hang on these machines.
#
# Needs root.  Host packages: libvirt-daemon-system (libvirtd, virtlogd),
# libvirt-clients (virsh), qemu-system-x86, dnsmasq-base, iptables.

set -euo pipefail

readonly URI=qemu:///system
readonly SOCK=/run/libvirt/libvirt-sock
readonly WAIT_SECONDS=30

state_dir=${1:-/run/slipway-test}
state_file="$state_dir/started"

log() { printf '[libvirtd-up] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root"
for tool in libvirtd virtlogd virsh; do
    command -v "$tool" >/dev/null || die "missing host tool: $tool"
done

mkdir -p -- "$state_dir"
touch -- "$state_file"

# /dev/kvm.  Without udev (containers, no systemd) it can stay root:root 0600.
# libvirt then finds that its QEMU user cannot open it, while its capability
# probe (which does open it) says KVM works; the mismatch makes libvirt throw
# away its QEMU capabilities and re-probe QEMU (about 4 s) on nearly every API
# call: one `virsh create` took 60 s.  Give /dev/kvm the owner and mode that
# Debian's udev rules give it (root:kvm 0660; the libvirt-qemu user is in
# group kvm).  Our domains still use TCG (domain type 'qemu').
fix_kvm_perms() {
    [[ -c /dev/kvm ]] || return 0
    if ! getent group kvm >/dev/null; then
        log "warning: no group 'kvm'; leaving /dev/kvm as it is"
        return 0
    fi
    local mode user group
    read -r mode user group < <(stat -c '%a %U %G' /dev/kvm)
    if [[ $group == kvm && $(( 8#$mode & 8#060 )) -eq $(( 8#060 )) ]]; then
        return 0
    fi
    if ! grep -q '^kvm-perms ' "$state_file"; then
        printf 'kvm-perms %s %s %s\n' "$mode" "$user" "$group" >>"$state_file"
    fi
    chgrp kvm /dev/kvm
    chmod g+rw /dev/kvm
    log "/dev/kvm was $user:$group $mode; now root:kvm $(stat -c %a /dev/kvm)"
}

# Bounded wait until virsh can talk to the daemon.
wait_for_daemon() {
    local i
    for ((i = 0; i < WAIT_SECONDS * 4; i++)); do
        if [[ -S $SOCK ]] && virsh -q -c "$URI" version >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.25
    done
    return 1
}

# Start one daemon in the background (with --daemon, or libvirtd under
# tini) so that it writes PIDFILE, and record its pid.  Recording as we go means that
# libvirtd-down.sh can undo a partial start too.
start_daemon() {
    local name=$1 pidfile="$state_dir/$1.pid" pid i
    rm -f -- "$pidfile"
    log "starting $name"
    # A daemon keeps every descriptor it inherits: under
    # `flock /tmp/slipway-e2e.lock -c …` that is the lock, which libvirtd
    # then held for as long as it ran, and every other e2e run waited.
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if ((fd > 2)); then eval "exec $fd>&-"; fi
        done
        export LIBVIRT_LOG_OUTPUTS="3:file:$state_dir/$name.log"
        if [[ $name == libvirtd ]] && command -v tini >/dev/null; then
            # libvirtd runs under tini, a subreaper, in the foreground.
            # QEMU double-forks away from libvirtd, so its exit leaves a
            # zombie for the nearest subreaper, else PID 1; libvirt waits
            # until it is reaped at every stop and revert. systemd reaps at
            # once; the PID 1 of some containers and VM sandboxes only every
            # few seconds (2 s here), which every stopped domain then pays.
            setsid tini -s -- "$name" --pid-file "$pidfile" \
                </dev/null >>"$state_dir/$name.log" 2>&1 &
            exit 0
        fi
        exec "$name" --daemon --pid-file "$pidfile"
    )
    for ((i = 0; i < 40; i++)); do
        [[ -s $pidfile ]] && break
        sleep 0.25
    done
    [[ -s $pidfile ]] || die "$name did not write $pidfile (see $state_dir/$name.log)"
    pid=$(<"$pidfile")
    printf 'daemon %s %s\n' "$name" "$pid" >>"$state_file"
    log "$name running as pid $pid"
}

# Pids of the live processes named NAME. A killed daemon whose parent does
# not reap it (PID 1 of a container may not) stays a zombie: that is no
# daemon.
live_pids() {
    local pid
    for pid in $(pgrep -x "$1"); do
        [[ $(ps -o stat= -p "$pid" 2>/dev/null) == Z* ]] || echo "$pid"
    done
}

# True once process PID, a NAME, is gone. A daemon killed a moment ago may
# still be exiting (its threads, its memory): it gets WAIT_SECONDS.
gone() {
    local name=$1 pid=$2 i
    for ((i = 0; i < WAIT_SECONDS * 4; i++)); do
        grep -qx "$pid" < <(live_pids "$name") || return 0
        sleep 0.25
    done
    log "$name (pid $pid, state $(ps -o stat= -p "$pid")) runs but does not answer"
    return 1
}

# Drops the lines of STATE_FILE for daemons that no longer run.
forget_dead_daemons() {
    local line kind name pid
    local kept="$state_file.kept"
    : >"$kept"
    while IFS= read -r line; do
        read -r kind name pid _ <<<"$line"
        if [[ $kind == daemon && $name == libvirtd ]] && gone "$name" "$pid"; then
            log "$name (pid $pid) is gone; it will be started again"
            continue
        fi
        if [[ $kind == daemon && $name != libvirtd ]] && ! grep -qx "$pid" < <(live_pids "$name"); then
            log "$name (pid $pid) is gone; it will be started again"
            continue
        fi
        printf '%s\n' "$line" >>"$kept"
    done <"$state_file"
    mv -- "$kept" "$state_file"
}

# True if a daemon answers on $URI now (a short bound: a live daemon answers
# in well under a second, a stale socket refuses at once).
daemon_answers() {
    [[ -S $SOCK ]] && timeout 10 virsh -q -c "$URI" version >/dev/null 2>&1
}

# Remove the sockets of daemon NAME if no process NAME runs: they are stale.
remove_stale_sockets() {
    local name=$1 sock
    shift
    [[ -n $(live_pids "$name") ]] && return 0
    for sock in "$@"; do
        if [[ -S $sock ]]; then
            log "removing stale $sock (no $name process is running)"
            rm -f -- "$sock"
        fi
    done
}

fix_kvm_perms

if ! daemon_answers; then
    forget_dead_daemons
fi

if daemon_answers; then
    log "using the libvirt daemon already answering on $SOCK"
elif grep -q '^daemon libvirtd ' "$state_file"; then
    die "the libvirtd $state_file lists runs but does not answer: run libvirtd-down.sh $state_dir first"
elif [[ -n $(live_pids libvirtd) ]]; then
    die "a libvirtd process is running but does not answer on $URI; stop it or fix it first"
else
    # virtlogd first: libvirtd hands it the QEMU console/log output.
    remove_stale_sockets virtlogd /run/libvirt/virtlogd-sock /run/libvirt/virtlogd-admin-sock
    if [[ -z $(live_pids virtlogd) ]]; then
        start_daemon virtlogd
    fi
    remove_stale_sockets libvirtd "$SOCK" /run/libvirt/libvirt-sock-ro \
        /run/libvirt/libvirt-admin-sock
    start_daemon libvirtd
fi

wait_for_daemon || die "libvirtd did not answer on $URI within ${WAIT_SECONDS}s"
log "$(virsh -q -c "$URI" version 2>/dev/null | grep -i 'running hypervisor' || echo connected)"

# The host capabilities must list, under <arch name='x86_64'>, a
# <domain type='qemu'/> (TCG).  Plain text matching keeps xmllint optional.
if ! virsh -q -c "$URI" capabilities | awk '
        /<arch name=.x86_64.>/ { in_arch = 1 }
        in_arch && /<domain type=.qemu./ { found = 1 }
        /<\/arch>/ { in_arch = 0 }
        END { exit !found }'; then
    die "$URI offers no domain type 'qemu' for x86_64 (is qemu-system-x86 installed?)"
fi
log "ok: $URI offers domain type 'qemu' (TCG) for x86_64"
