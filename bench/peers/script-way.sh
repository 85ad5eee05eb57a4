#!/bin/bash
# script-way.sh — a cluster the way lab tutorials build one by hand:
# qemu-img overlays on a base image, genisoimage NoCloud seeds, a libvirt
# network XML and domain XML written from templates, virsh define + start.
# bench/run times it against Slipway; it is written the way the tutorials
# write it, not tuned.
#
#   usage: script-way.sh create|reset|destroy
#
# Environment (bench/run sets it):
#   PREFIX   name prefix of the domains and of the network ("benchsc")
#   NODES    space-separated node names ("gateway control0 worker0")
#   SUBNET3  first three octets of the /24 ("10.236.2")
#   MACPFX   five MAC bytes ("52:54:00:be:02")
#   BASE     the base qcow2 image
#   DIR      working folder for overlays and seeds
#   PUBKEY   the SSH public key to inject
#   MEMORY_MIB, VCPUS, DISK_GIB
set -euo pipefail

: "${PREFIX:?}" "${NODES:?}" "${SUBNET3:?}" "${MACPFX:?}" "${BASE:?}" "${DIR:?}" "${PUBKEY:?}"
MEMORY_MIB=${MEMORY_MIB:-512}
VCPUS=${VCPUS:-1}
DISK_GIB=${DISK_GIB:-4}
. "$(dirname "$0")/network.sh"

make_disks () { # name
  local n=$1 seed
  rm -f "$DIR/$PREFIX-$n.qcow2" "$DIR/$PREFIX-$n-seed.iso"
  qemu-img create -q -f qcow2 -b "$BASE" -F qcow2 "$DIR/$PREFIX-$n.qcow2" "${DISK_GIB}G"
  seed=$(mktemp -d "$DIR/seed.XXXXXX")
  cat > "$seed/meta-data" <<YAML
instance-id: $PREFIX-$n-$(date +%s%N)
local-hostname: $n
YAML
  cat > "$seed/user-data" <<YAML
#cloud-config
hostname: $n
ssh_authorized_keys:
  - $PUBKEY
YAML
  genisoimage -quiet -output "$DIR/$PREFIX-$n-seed.iso" -volid cidata -joliet -rock \
    "$seed/user-data" "$seed/meta-data"
  rm -rf "$seed"
}

define_domain () { # name id
  local n=$1 i=$2
  cat > "$DIR/$PREFIX-$n.xml" <<XML
<domain type='qemu'>
  <name>$PREFIX-$n</name>
  <memory unit='MiB'>$MEMORY_MIB</memory>
  <vcpu>$VCPUS</vcpu>
  <os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>
  <features><acpi/><apic/></features>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$DIR/$PREFIX-$n.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$DIR/$PREFIX-$n-seed.iso'/>
      <target dev='vdb' bus='virtio'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <source network='$net'/>
      <mac address='$MACPFX:$(printf %02x "$i")'/>
      <model type='virtio'/>
    </interface>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>
XML
  virsh -q define "$DIR/$PREFIX-$n.xml" >/dev/null
}

case "${1:-}" in
  create)
    mkdir -p "$DIR"
    make_network
    i=0
    for n in $NODES; do
      make_disks "$n"
      define_domain "$n" $i
      virsh -q start "$PREFIX-$n" >/dev/null
      i=$((i + 1))
    done
    ;;
  reset)
    for n in $NODES; do
      virsh -q destroy "$PREFIX-$n" >/dev/null 2>&1 || true
      make_disks "$n"
      virsh -q start "$PREFIX-$n" >/dev/null
    done
    ;;
  destroy)
    for n in $NODES; do
      virsh -q destroy "$PREFIX-$n" >/dev/null 2>&1 || true
      virsh -q undefine "$PREFIX-$n" >/dev/null 2>&1 || true
      rm -f "$DIR/$PREFIX-$n.qcow2" "$DIR/$PREFIX-$n-seed.iso" "$DIR/$PREFIX-$n.xml"
    done
    remove_network
    ;;
  *)
    echo "usage: $0 create|reset|destroy" >&2
    exit 2
    ;;
esac
