#!/bin/bash
# test-arm64.sh — an emulated arm64 node on this x86 machine, in a mixed
# lab (issue 15).
#
# The arm64 test image is built by the suite itself (build-image.sh --arch
# arm64; cached like the x86 one, and waited for when run-tests.sh is still
# building it). A cluster with arch=aarch64 and the arm64 image, whose
# [gateway] sets arch=x86_64 and the x86 test image (an architecture and an
# image per role), is created on a real libvirtd with QEMU (TCG); both nodes
# boot at once. For the aarch64 worker libvirt picks the UEFI firmware and
# gives it an NVRAM file of its own; the gateway is a plain x86_64 machine on
# a base volume of its own. Both reach ready and answer ssh with the host key
# Slipway pinned (StrictHostKeyChecking=yes); `uname -m` says aarch64 on the
# worker and x86_64 on the gateway. The worker's serial console is the PL011
# UART (the login prompt shows there); the exports work as on x86. A
# checkpoint is refused with the reason (and libvirt's own internal snapshot
# of such a node fails too: the rule Slipway follows is libvirt's). Reset of
# the worker rebuilds it from its own base image (a file written before is
# gone, the pinned key still holds) and leaves the gateway running as it was;
# destroy --delete-image removes the NVRAM file and both base volumes, and
# leaves nothing behind.
#
# Needs root, a running libvirtd with qemu-system-aarch64 and AAVMF
# (qemu-system-arm, qemu-efi-aarch64), and what build-image.sh --arch arm64
# needs. Environment as for test-e2e.sh; the image is SLIPWAY_E2E_ARM64_IMAGE
# (default: debian-12-slipway-test-arm64.qcow2 in the test cache); the
# gateway's is SLIPWAY_E2E_IMAGE, as for test-e2e.sh (built when missing).

set -uo pipefail

E2E_WHAT=arm64
# shellcheck source=e2e-lib.sh
. "$(dirname "$0")/e2e-lib.sh"

cluster=${SLIPWAY_E2E_ARM64_CLUSTER:-e2earm}
subnet_prefix=${SLIPWAY_E2E_ARM64_SUBNET_PREFIX:-10.231.64}
boot_timeout=${SLIPWAY_E2E_BOOT_TIMEOUT:-1800}
arm_image=${SLIPWAY_E2E_ARM64_IMAGE:-$cache/debian-12-slipway-test-arm64.qcow2}
domain=$cluster-worker0
gateway_domain=$cluster-gateway

cleanup () {
  slipwayctl destroy "$cluster" --yes --quiet >/dev/null 2>&1 || true
  summary
}
trap cleanup EXIT

require_daemon
if ! virsh -q -c "$uri" domcapabilities --arch aarch64 --virttype qemu --machine virt 2>/dev/null |
     grep -q "<value>efi</value>"; then
  not_ok "the daemon offers aarch64 guests with UEFI firmware (qemu-system-arm, qemu-efi-aarch64)"
  exit 1
fi

# The image: at once when cached, else built (or waited for, when another
# run builds it: build-image.sh takes a lock on it). meson's environment
# for tests (fatal GLib warnings, malloc checks) stays out of the guest's
# maintainer scripts.
start=$(date +%s)
mkdir -p "$cache"
if [ -n "${SLIPWAY_E2E_ARM64_IMAGE:-}" ]; then
  log "SLIPWAY_E2E_ARM64_IMAGE is set: using $arm_image as it is"
elif ! env -u G_DEBUG -u MALLOC_CHECK_ -u MALLOC_PERTURB_ \
       bash "$here/build-image.sh" --arch arm64 "$arm_image" > "$work/image.log" 2>&1; then
  tail -n 60 "$work/image.log" | sed 's/^/#   /'
  not_ok "the arm64 test image builds"
  exit 1
fi
ok "the arm64 test image builds (or was built)"
log "image ready after $(( $(date +%s) - start )) s"
# The gateway's x86 image: test-e2e.sh built it before (at once when cached).
if [ -z "${SLIPWAY_E2E_IMAGE:-}" ] &&
   ! env -u G_DEBUG -u MALLOC_CHECK_ -u MALLOC_PERTURB_ \
     bash "$here/build-image.sh" "$image" > "$work/image-x86.log" 2>&1; then
  tail -n 60 "$work/image-x86.log" | sed 's/^/#   /'
  not_ok "the x86 test image builds"
  exit 1
fi

# A leftover of an earlier run goes first.
slipwayctl destroy "$cluster" --yes --quiet >/dev/null 2>&1 || true
inventory | sort > "$work/inventory.before"

{
  printf '[cluster]\nname=%s\nsubnet=%s.0/24\nnetwork=isolated\nimage=%s\naccelerator=tcg\narch=aarch64\n\n' \
    "$cluster" "$subnet_prefix" "$arm_image"
  printf '[gateway]\ncount=1\nvcpus=1\nmemory=512MiB\ndisk=3GiB\narch=x86_64\nimage=%s\n\n' "$image"
  printf '[control]\ncount=0\n\n'
  printf '[worker]\ncount=1\nvcpus=2\nmemory=1GiB\ndisk=3GiB\n'
} > "$work/$cluster.conf"

cdir=$XDG_DATA_HOME/slipway/clusters/$cluster
cfg=$cdir/ssh_config
guest_on () {
  local node=$1
  shift
  ssh -F "$cfg" -o BatchMode=yes -o ConnectTimeout=10 -o StrictHostKeyChecking=yes "$node" "$@"
}
guest () { guest_on worker0 "$@"; }
# says_aarch64 WHEN: ssh with the pinned key (strict checking) gets
# `uname -m` = aarch64 from worker0 and prints no warning.
says_aarch64 () {
  local out
  out=$(guest uname -m 2> "$work/ssh.err")
  show ssh "$work/ssh.err"
  check "$1: ssh (StrictHostKeyChecking=yes) worker0 uname -m says aarch64" test "$out" = aarch64
  check "$1: ssh printed no warning (no changed host key)" test ! -s "$work/ssh.err"
}

log "create and wait: an aarch64 worker and an x86_64 gateway, emulated (TCG)"
start=$(date +%s)
succeeds "create of a mixed cluster" create "$work/$cluster.conf" --quiet
log "create took $(( $(date +%s) - start )) s"

# dump_domain NAME: its XML into $work/NAME.xml, for xq NAME EXPR.
dump_domain () { virsh -q -c "$uri" dumpxml "$1" > "$work/$1.xml" 2>/dev/null; }
xq () { xmllint --xpath "$2" "$work/$1.xml" 2>/dev/null; }
# base_volume_of NAME: the name of the volume its first disk stands on.
base_volume_of () {
  local file
  file=$(xq "$1" 'string(/domain/devices/disk[1]/backingStore/source/@file)')
  echo "${file##*/}"
}

dump_domain "$domain"
xpath () { xq "$domain" "$1"; }
check "the domain is an aarch64 guest on the virt machine" \
  bash -c '[[ $0 == aarch64 && $1 == virt* ]]' \
  "$(xpath 'string(/domain/os/type/@arch)')" "$(xpath 'string(/domain/os/type/@machine)')"
check "libvirt chose UEFI firmware for it (a pflash loader)" \
  test "$(xpath 'string(/domain/os/loader/@type)')" = pflash -a -n "$(xpath 'string(/domain/os/loader)')"
nvram=$(xpath 'string(/domain/os/nvram)')
log "loader $(xpath 'string(/domain/os/loader)'), nvram $nvram from $(xpath 'string(/domain/os/nvram/@template)')"
check "the node has an NVRAM file of its own" \
  bash -c '[[ -f $0 && ${0##*/} == "$1"_VARS.fd ]]' "$nvram" "$domain"
check "its serial console is the PL011 UART" \
  test "$(xpath 'string(/domain/devices/serial/target/model/@name)')" = pl011
# The base volume the node's disk stands on: destroy --delete-image takes it
# too (kept from an earlier run, it was in the inventory before: not now).
base=$(base_volume_of "$domain")
log "base volume: $base"
check "the node's disk stands on a base volume of Slipway's" \
  bash -c '[[ $0 == slipway-base-*.qcow2 ]]' "$base"

# The gateway: its role's architecture and image, not the cluster's.
dump_domain "$gateway_domain"
check "the gateway is an x86_64 guest on a PC machine" \
  bash -c '[[ $0 == x86_64 && $1 == pc* ]]' \
  "$(xq "$gateway_domain" 'string(/domain/os/type/@arch)')" \
  "$(xq "$gateway_domain" 'string(/domain/os/type/@machine)')"
check "the gateway has no UEFI loader and no NVRAM" \
  test -z "$(xq "$gateway_domain" 'string(/domain/os/loader)')" \
       -a -z "$(xq "$gateway_domain" 'string(/domain/os/nvram)')"
gateway_base=$(base_volume_of "$gateway_domain")
log "gateway base volume: $gateway_base"
check "the gateway's disk stands on a base volume of its own image" \
  bash -c '[[ $0 == slipway-base-*.qcow2 && $0 != "$1" ]]' "$gateway_base" "$base"
grep -vxF -e "volume slipway/$base" -e "volume slipway/$gateway_base" \
  "$work/inventory.before" > "$work/inventory.tmp"
mv "$work/inventory.tmp" "$work/inventory.before"

start=$(date +%s)
succeeds "wait: both nodes get ready" wait "$cluster" --timeout "$boot_timeout"
log "both ready after $(( $(date +%s) - start )) s"

says_aarch64 "ready"
gateway_arch=$(guest_on gateway uname -m 2> "$work/ssh.err")
show ssh "$work/ssh.err"
check "ssh (StrictHostKeyChecking=yes) gateway uname -m says x86_64, no warning" \
  test "$gateway_arch" = x86_64 -a ! -s "$work/ssh.err"
check "ssh_config pins the cluster's known_hosts, strictly" \
  bash -c 'ssh -G -F "$1" worker0 | grep -qx "stricthostkeychecking true" && ssh -G -F "$1" worker0 | grep -q "^userknownhostsfile $2"' \
  _ "$cfg" "$cdir/known_hosts"
check "the node offers only its pinned ed25519 host key" \
  test "$(guest 'ls /etc/ssh/ssh_host_*_key.pub' 2>/dev/null)" = /etc/ssh/ssh_host_ed25519_key.pub
check "its hostname is worker0" test "$(guest hostname 2>/dev/null)" = worker0
# The disk is 3 GiB on a 2 GiB image: the seed's runcmd grew the last
# partition of the GPT disk (growpart moves its backup header) and the file
# system (src/core/slipway-grow-root.sh).
root_kib=$(guest "df --output=size -k / | tail -n 1" 2>/dev/null)
log "root file system: ${root_kib:-?} KiB"
check "the root file system grew to the 3 GiB disk" test "${root_kib:-0}" -gt 2800000
check "slipwayctl ssh runs a command there" \
  test "$(slipwayctl ssh "$cluster" worker0 -- uname -m 2>/dev/null)" = aarch64
status_json=$(slipwayctl status "$cluster" --json)
check "status --json says both nodes are running and ready, each of its architecture and image" \
  python3 -c 'import json,sys; d=json.load(sys.stdin); n=d["nodes"]; sys.exit(0 if [(x["name"], x["state"], x["readiness"], x["arch"], x["image"]) for x in n] == [("gateway", "running", "ready", "x86_64", sys.argv[1]), ("worker0", "running", "ready", "aarch64", sys.argv[2])] else 1)' \
  "$image" "$arm_image" <<<"$status_json"

log "the serial console"
# A carriage return every 3 s until the prompt shows (at most 90 s: an
# emulated getty on a loaded machine can be slow to answer).
console_out=$work/console.out
( for _ in $(seq 30); do
    sleep 3
    grep -q "worker0 login:" "$console_out" 2>/dev/null && break
    printf '\r'
  done ) | timeout 95 "$SLIPWAYCTL" --connect "$uri" console "$cluster" worker0 > "$console_out" 2>&1
sed -n '$p' "$console_out" | cut -c1-200 | sed 's/^/#   /'
check "the serial console (ttyAMA0) shows worker0's login prompt" grep -q "worker0 login:" "$console_out"

log "exports"
succeeds "export ssh-config" export "$cluster" --format ssh-config
check "the exported ssh_config is the cluster's" cmp -s "$work/out" "$cfg"
succeeds "export hosts" export "$cluster" --format hosts
check "the hosts lines give worker0's reserved address" grep -qP "^$subnet_prefix\.11\tworker0\." "$work/out"
succeeds "export ansible" export "$cluster" --format ansible
inv_args=$(sed -n 's/^ansible_ssh_common_args=//p' "$work/out")
inv_key=$(sed -n 's/^ansible_ssh_private_key_file=//p' "$work/out")
check "ssh with the inventory's options reaches worker0" \
  bash -c 'key=$2 ip=$3; eval "set -- $1"; test "$(ssh -F /dev/null "$@" -o BatchMode=yes -i "$key" "debian@$ip" uname -m)" = aarch64' \
  _ "$inv_args" "$inv_key" "$subnet_prefix.11"

log "checkpoints: refused, with the reason"
fails "checkpoint save is refused" checkpoint save "$cluster" first
check "saying the node boots with UEFI and its NVRAM cannot be snapshotted" \
  grep -q "boots with UEFI firmware, whose settings (NVRAM) live in a raw file" "$work/err"
succeeds "checkpoint list" checkpoint list "$cluster" --json
check "no checkpoint was made, not even a baseline" \
  python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["checkpoints"] == [] else 1)' < "$work/out"
# The rule is libvirt's and QEMU's: an internal snapshot of this very node
# fails (its NVRAM is a raw pflash drive), and leaves nothing.
virsh -q -c "$uri" snapshot-create-as "$domain" slipway-e2e-probe > "$work/virsh.out" 2>&1
virsh_rc=$?
sed 's/^/#   virsh: /' "$work/virsh.out"
check "libvirt's own internal snapshot of the node fails too" test "$virsh_rc" -ne 0
check "and leaves no snapshot" \
  bash -c 'list=$(virsh -q -c "$0" snapshot-list "$1" --name) && test -z "$(sed "/^$/d" <<<"$list")"' "$uri" "$domain"

log "reset: rebuilt from the base image"
check "a marker file is written on worker0" guest 'echo slipway > ~/marker && sync && test -f ~/marker'
boot_id=$(guest cat /proc/sys/kernel/random/boot_id 2>/dev/null)
check "its boot id is read" test -n "$boot_id"
gateway_boot_id=$(guest_on gateway cat /proc/sys/kernel/random/boot_id 2>/dev/null)
start=$(date +%s)
succeeds "reset of worker0" reset "$cluster" worker0 --quiet
succeeds "wait after the reset" wait "$cluster" --timeout "$boot_timeout"
log "ready again $(( $(date +%s) - start )) s after the reset began"
says_aarch64 "after the reset"
check "the marker file is gone (fresh disks)" guest 'test ! -e ~/marker'
new_boot_id=$(guest cat /proc/sys/kernel/random/boot_id 2>/dev/null)
check "the node booted again (a new boot id)" test -n "$new_boot_id" -a -n "$boot_id" -a "$new_boot_id" != "$boot_id"
check "the gateway was left running as it was (the same boot id)" \
  test -n "$gateway_boot_id" -a "$(guest_on gateway cat /proc/sys/kernel/random/boot_id 2>/dev/null)" = "$gateway_boot_id"

log "destroy"
succeeds "destroy --delete-image" destroy "$cluster" --yes --quiet --delete-image
check "the NVRAM file is gone" test -n "$nvram" -a ! -e "$nvram"
check "both base volumes are gone" \
  bash -c '[[ -n $1 && -n $2 ]] && virsh -q -c "$0" pool-info slipway >/dev/null &&
           ! virsh -q -c "$0" vol-info "$1" --pool slipway >/dev/null 2>&1 &&
           ! virsh -q -c "$0" vol-info "$2" --pool slipway >/dev/null 2>&1' "$uri" "$base" "$gateway_base"
check "nothing is left behind" same_as "$work/inventory.before"
check "no lock file is left" no_lock_files
