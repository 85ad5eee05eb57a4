#!/bin/bash
# smoke-image.sh — developer tool: prove that a test image built by
# build-image.sh boots under libvirt/TCG, picks up a NoCloud seed, gets a
# DHCP lease and accepts SSH logins.
#
#   usage: tests/e2e/smoke-image.sh IMAGE.qcow2
#
# Needs root and a running qemu:///system daemon (tests/e2e/libvirtd-up.sh).
#
# What it does, all of it undone on exit:
#   * a transient, ISOLATED libvirt network "slipway-smoketest" (no <forward>
#     element, so guest traffic never leaves this machine), 10.251.37.0/24,
#     with a DHCP reservation for the VM's fixed MAC;
#   * in a temp dir: a 4 GiB qcow2 overlay backed by IMAGE (so cloud-init's
#     growpart has something to grow), a fresh ed25519 key pair, and a NoCloud
#     seed ISO (volume label "cidata") attached as a read-only VIRTIO disk
#     (the cloud kernel has no AHCI/CD-ROM driver);
#   * a transient domain "slipway-smoketest": type qemu (TCG), 1 vCPU,
#     1024 MiB, serial pty console (also logged to the temp dir), no graphics.
# Then it waits (at most BOOT_TIMEOUT seconds) until
# `ssh debian@IP hostname` works, prints how long that took, and prints a few
# facts about the guest (datasource, NIC name, root fs size, serial getty,
# boot profile).
#
# Set KEEP_ON_FAILURE=1 to keep the temp dir (console log) after a failure.

set -euo pipefail

readonly URI=qemu:///system
readonly NAME=slipway-smoketest
readonly NET_PREFIX=10.251.37
readonly GUEST_MAC=52:54:00:5a:37:0a
readonly GUEST_IP=$NET_PREFIX.10
readonly GUEST_USER=debian
readonly GUEST_HOSTNAME=smoketest
readonly OVERLAY_SIZE=4G
readonly BOOT_TIMEOUT=${BOOT_TIMEOUT:-360}

log() { printf '[smoke-image %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }
virsh() { command virsh -q -c "$URI" "$@"; }

[[ $# -eq 1 && -n $1 ]] || { echo "usage: $0 IMAGE.qcow2" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || die "must run as root"
for tool in virsh qemu-img genisoimage ssh ssh-keygen ip; do
    command -v "$tool" >/dev/null || die "missing host tool: $tool"
done

image=$(realpath -e -- "$1") || die "no such image: $1"
virsh version >/dev/null 2>&1 || die "no libvirt daemon on $URI (run tests/e2e/libvirtd-up.sh)"

# Refuse to shadow a real network on this host.
if ip -4 -o addr show | grep -qF " $NET_PREFIX."; then
    if ! virsh net-info "$NAME" >/dev/null 2>&1; then
        die "$NET_PREFIX.0/24 is already in use on this host"
    fi
fi

# ---------------------------------------------------------------------------
# Cleanup: remove exactly what this script created.
work=""
domain_started=0
network_started=0

destroy_leftovers() {
    # A previous run that was killed hard may have left our names behind.
    if virsh dominfo "$NAME" >/dev/null 2>&1; then
        log "removing leftover domain $NAME"
        virsh destroy "$NAME" >/dev/null 2>&1 || true
        virsh undefine "$NAME" >/dev/null 2>&1 || true
    fi
    if virsh net-info "$NAME" >/dev/null 2>&1; then
        log "removing leftover network $NAME"
        virsh net-destroy "$NAME" >/dev/null 2>&1 || true
        virsh net-undefine "$NAME" >/dev/null 2>&1 || true
    fi
}

cleanup() {
    local rc=$?
    set +e
    trap '' PIPE INT TERM   # finish cleaning up even if stderr is gone
    if ((domain_started)); then
        virsh destroy "$NAME" >/dev/null 2>&1   # transient: gone once destroyed
    fi
    if ((network_started)); then
        virsh net-destroy "$NAME" >/dev/null 2>&1
    fi
    if [[ -n $work ]]; then
        if [[ $rc -ne 0 && -f $work/console.log ]]; then
            log "last lines of the serial console:"
            tail -n 40 -- "$work/console.log" | sed 's/^/    | /' >&2
        fi
        if [[ $rc -ne 0 && ${KEEP_ON_FAILURE:-0} == 1 ]]; then
            log "kept $work"
        else
            rm -rf -- "$work"
        fi
    fi
    if [[ $rc -eq 0 ]]; then
        log "cleaned up"
    else
        log "FAILED (exit $rc); cleaned up"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

destroy_leftovers

# The qemu process runs as an unprivileged user: it must be able to enter
# the directory that holds the overlay and the seed.
work=$(mktemp -d "${TMPDIR:-/var/tmp}/slipway-smoke.XXXXXX")
chmod 0755 -- "$work"

# ---------------------------------------------------------------------------
log "creating the isolated network $NAME ($NET_PREFIX.0/24)"
cat >"$work/network.xml" <<EOF
<network>
  <name>$NAME</name>
  <!-- no <forward>: isolated, guests reach only each other and the host -->
  <domain name='$NAME.test' localOnly='yes'/>
  <ip address='$NET_PREFIX.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='$NET_PREFIX.100' end='$NET_PREFIX.199'/>
      <host mac='$GUEST_MAC' name='$GUEST_HOSTNAME' ip='$GUEST_IP'/>
    </dhcp>
  </ip>
</network>
EOF
virsh net-create "$work/network.xml" >/dev/null
network_started=1

# ---------------------------------------------------------------------------
log "creating overlay, key pair and NoCloud seed in $work"
qemu-img create -q -f qcow2 -b "$image" -F qcow2 "$work/overlay.qcow2" "$OVERLAY_SIZE"

ssh-keygen -q -t ed25519 -N '' -C "$NAME" -f "$work/id_ed25519"

mkdir -- "$work/seed"
cat >"$work/seed/meta-data" <<EOF
instance-id: $NAME-$(date +%s)
local-hostname: $GUEST_HOSTNAME
EOF
{
    echo '#cloud-config'
    echo 'ssh_authorized_keys:'
    echo "  - $(<"$work/id_ed25519.pub")"
} >"$work/seed/user-data"
genisoimage -quiet -output "$work/seed.iso" -V cidata -J -r \
    "$work/seed/user-data" "$work/seed/meta-data"

# ---------------------------------------------------------------------------
cat >"$work/domain.xml" <<EOF
<domain type='qemu'>
  <name>$NAME</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <boot dev='hd'/>
  </os>
  <features><acpi/><apic/></features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$work/overlay.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <!-- the NoCloud seed: a read-only virtio disk, not a cdrom -->
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$work/seed.iso'/>
      <target dev='vdb' bus='virtio'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <source network='$NAME'/>
      <mac address='$GUEST_MAC'/>
      <model type='virtio'/>
    </interface>
    <serial type='pty'>
      <log file='$work/console.log' append='off'/>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <rng model='virtio'>
      <backend model='random'>/dev/urandom</backend>
    </rng>
    <memballoon model='none'/>
  </devices>
</domain>
EOF

log "starting domain $NAME (TCG, 1 vCPU, 1024 MiB)"
boot_start=$SECONDS
virsh create "$work/domain.xml" >/dev/null
domain_started=1

# ---------------------------------------------------------------------------
ssh_opts=(
    -i "$work/id_ed25519"
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
    -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR
)
# shellcheck disable=SC2029  # the command line is meant for the guest's shell
guest() { ssh "${ssh_opts[@]}" "$GUEST_USER@$GUEST_IP" "$@"; }

log "waiting up to ${BOOT_TIMEOUT}s for ssh $GUEST_USER@$GUEST_IP"
deadline=$((boot_start + BOOT_TIMEOUT))
until reply=$(guest hostname 2>/dev/null); do
    if ((SECONDS >= deadline)); then
        die "no SSH login after ${BOOT_TIMEOUT}s"
    fi
    state=$(virsh domstate "$NAME" 2>/dev/null || echo gone)
    [[ $state == running ]] || die "domain is $state"
    sleep 3
done
boot_seconds=$((SECONDS - boot_start))
log "SSH works after ${boot_seconds}s: hostname is '$reply'"
[[ $reply == "$GUEST_HOSTNAME" ]] || log "warning: expected hostname '$GUEST_HOSTNAME'"

# A few facts worth knowing when this image changes.  Not fatal.
log "guest facts:"
# shellcheck disable=SC2016  # expanded by the guest's shell
guest 'timeout 120 cloud-init status --wait --long
       echo "nics: $(ip -o -4 addr show scope global | awk "{print \$2, \$4}" | tr "\n" " ")"
       echo "root: $(df -h --output=size,source / | tail -n1)"
       echo "kernel: $(uname -r)"
       echo "serial getty: $(systemctl is-active serial-getty@ttyS0.service)"
       systemd-analyze 2>/dev/null | head -n1
       systemd-analyze blame 2>/dev/null | head -n 8
       sudo -n grep -E "WARNING|ERROR|Traceback" /var/log/cloud-init.log | tail -n 20' 2>&1 | sed 's/^/    /' >&2 || true

log "PASS: boot to SSH in ${boot_seconds}s"
