#!/bin/bash
# virt-install-way.sh — a cluster with `virt-install`, once per node, the way
# its manual shows: an isolated network made with virsh, then one
# `virt-install --import` per node with a disk backed by the base image and a
# cloud-init seed.
#
#   usage: virt-install-way.sh create|reset|destroy
#
# SEED_MODE=cloud-init (default): `virt-install --cloud-init user-data=…`,
#   virt-install's own seed, attached as a CD-ROM (IDE on the i440fx machine
#   virt-install picks for an unknown OS).
# SEED_MODE=virtio: a genisoimage seed attached as a read-only virtio disk
#   (`--disk seed.iso,device=disk,bus=virtio,readonly=on`), for images whose
#   kernel has no CD-ROM driver. bench/run uses the default.
# Same environment as script-way.sh.
set -euo pipefail

: "${PREFIX:?}" "${NODES:?}" "${SUBNET3:?}" "${MACPFX:?}" "${BASE:?}" "${DIR:?}" "${PUBKEY:?}"
MEMORY_MIB=${MEMORY_MIB:-512}
VCPUS=${VCPUS:-1}
DISK_GIB=${DISK_GIB:-4}
SEED_MODE=${SEED_MODE:-cloud-init}
. "$(dirname "$0")/network.sh"

install_node () { # name id
  local n=$1 i=$2 seed=()
  cat > "$DIR/$PREFIX-$n-user-data" <<YAML
#cloud-config
hostname: $n
ssh_authorized_keys:
  - $PUBKEY
YAML
  cat > "$DIR/$PREFIX-$n-meta-data" <<YAML
instance-id: $PREFIX-$n-$(date +%s%N)
local-hostname: $n
YAML
  if [ "$SEED_MODE" = virtio ]; then
    genisoimage -quiet -output "$DIR/$PREFIX-$n-seed.iso" -volid cidata -joliet -rock \
      -graft-points "user-data=$DIR/$PREFIX-$n-user-data" "meta-data=$DIR/$PREFIX-$n-meta-data"
    seed=(--disk "path=$DIR/$PREFIX-$n-seed.iso,device=disk,bus=virtio,readonly=on,format=raw")
  else
    seed=(--cloud-init "user-data=$DIR/$PREFIX-$n-user-data,meta-data=$DIR/$PREFIX-$n-meta-data")
  fi
  virt-install --quiet --name "$PREFIX-$n" --virt-type qemu \
    --memory "$MEMORY_MIB" --vcpus "$VCPUS" --osinfo detect=on,require=off --import \
    --disk "path=$DIR/$PREFIX-$n.qcow2,size=$DISK_GIB,format=qcow2,backing_store=$BASE,backing_format=qcow2,bus=virtio" \
    "${seed[@]}" \
    --network "network=$net,mac=$MACPFX:$(printf %02x "$i"),model=virtio" \
    --graphics none --noautoconsole --noreboot
}

remove_node () { # name
  local n=$1
  virsh -q destroy "$PREFIX-$n" >/dev/null 2>&1 || true
  virsh -q undefine "$PREFIX-$n" --remove-all-storage >/dev/null 2>&1 || true
  rm -f "$DIR/$PREFIX-$n.qcow2" "$DIR/$PREFIX-$n-seed.iso" \
        "$DIR/$PREFIX-$n-user-data" "$DIR/$PREFIX-$n-meta-data"
}

case "${1:-}" in
  create)
    mkdir -p "$DIR"
    make_network
    i=0
    for n in $NODES; do
      install_node "$n" $i
      i=$((i + 1))
    done
    ;;
  reset)
    i=0
    for n in $NODES; do
      remove_node "$n"
      install_node "$n" $i
      i=$((i + 1))
    done
    ;;
  destroy)
    for n in $NODES; do
      remove_node "$n"
    done
    remove_network
    ;;
  *)
    echo "usage: $0 create|reset|destroy" >&2
    exit 2
    ;;
esac
