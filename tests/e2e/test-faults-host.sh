#!/bin/bash
# test-faults-host.sh — faults of the host around a create, on the real
# daemon:
#
#   the storage pool's disk full: a pool of the test's own (“pool=” in
#     [cluster]) on a small ext4 file system in a loop file, filled up, so
#     that importing the base image fails; the create says the disk is full
#     and what to do, and leaves nothing; with room again it works, and
#     destroy empties that pool, also once the cluster's network is gone;
#   a download cut off, and one with a wrong checksum (given, or from a
#     SHA256SUMS file), from a local HTTP server on 127.0.0.1
#     (fault-http-server.py): each says so and leaves no file in the cache;
#     the next good download works, and a cluster is created from it;
#   the subnet taken between the check and the network's creation:
#     slipwayctl is stopped (SIGSTOP) when its progress shows the step after
#     the check, a network on the same subnet is defined and started with
#     virsh, slipwayctl goes on (SIGCONT); the create fails naming that
#     network, and leaves nothing.
#
# Each case lists libvirt's domains, networks and pool volumes, Slipway's
# lock files and downloads before and after. One-node clusters of 512 MiB;
# nothing waits for a boot.
#
# Needs root. Environment as test-faults.sh; SLIPWAY_FAULTS_HOST_CLUSTER
# (default "faulth") and SLIPWAY_FAULTS_HOST_SUBNET (default 10.231.65).

set -uo pipefail

E2E_WHAT=faults-host
source "$(dirname "$0")/e2e-lib.sh"

name=${SLIPWAY_FAULTS_HOST_CLUSTER:-faulth}
net=${SLIPWAY_FAULTS_HOST_SUBNET:-10.231.65}
pool=$name-full
squatter=$name-squatter
# Outside $work (mode 0700): QEMU, as libvirt-qemu, opens the disks in it.
mnt=$(mktemp -d /var/tmp/slipway-faults-pool.XXXXXX)
chmod 755 "$mnt"
server_pid=

finish () {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  slipwayctl destroy "$name" --yes --quiet >/dev/null 2>&1 || true
  virsh -q -c "$uri" net-destroy "$squatter" >/dev/null 2>&1
  virsh -q -c "$uri" net-undefine "$squatter" >/dev/null 2>&1
  virsh -q -c "$uri" pool-destroy "$pool" >/dev/null 2>&1
  virsh -q -c "$uri" pool-undefine "$pool" >/dev/null 2>&1
  mountpoint -q "$mnt" && umount "$mnt"
  rmdir "$mnt"
  summary
}
trap 'finish; exit $?' EXIT

require_daemon
slipwayctl destroy "$name" --yes --quiet >/dev/null 2>&1 || true
# The test image's base volume stays in the pool between tests: import it
# first, so that it is in the inventory before as after.
write_conf "$name" "$net" baseline=false
succeeds "a first create succeeds" create "$work/$name.conf"
slipwayctl destroy "$name" --yes --quiet > /dev/null 2>&1

# --------------------------------------------------------------------------
log "The storage pool's disk is full"
# 2400 MiB: room for the node's 2 GiB disk on paper (a larger disk is
# refused before anything is made), filled to 48 MiB free: the base image
# (136 MiB) does not fit. The loop file stays sparse.
truncate -s 2400M "$work/pool.ext4" &&
  mkfs.ext4 -q -F -m 0 "$work/pool.ext4" &&
  mount -o loop "$work/pool.ext4" "$mnt" &&
  fallocate -l $(( $(df --output=avail -B1 "$mnt" | tail -n 1) - 48 * 1024 * 1024 )) "$mnt/filler" &&
  virsh -q -c "$uri" pool-define-as "$pool" dir --target "$mnt/volumes" > /dev/null &&
  virsh -q -c "$uri" pool-build "$pool" > /dev/null &&
  virsh -q -c "$uri" pool-start "$pool" > /dev/null
check "a pool on a full file system is made ($(df -h --output=avail "$mnt" | tail -n 1 | tr -d ' ') free)" test $? -eq 0
inventory "$pool" | sort > "$work/before"

write_conf "$name" "$net" baseline=false "pool=$pool"
fails "create on a full pool fails" create "$work/$name.conf"
check "the message says the disk is full" grep -q "The disk of the storage pool “$pool” is full" "$work/err"
check "and what to do" grep -q "Free space there, or name a pool with room" "$work/err"
check "and that everything made was removed" grep -q "everything it had made was removed" "$work/err"
check "nothing is left" same_as "$work/before" "$pool"

rm -f "$mnt/filler"
succeeds "with room again, the create succeeds" create "$work/$name.conf"
check "its disks are in that pool" test -n "$(virsh -q -c "$uri" vol-list "$pool" | grep "$name-worker0")"
succeeds "destroy (with the image) succeeds" destroy "$name" --yes --quiet --delete-image
check "nothing is left" same_as "$work/before" "$pool"
# The network carries the cluster file, and so the pool's name. With the
# network gone the cluster is not listed; destroy finds what is left of it
# by the machines' metadata, and the pool from their disks.
succeeds "created again in that pool" create "$work/$name.conf"
virsh -q -c "$uri" net-destroy "slipway-$name" > /dev/null 2>&1
check "its network removed behind Slipway's back" virsh -q -c "$uri" net-undefine "slipway-$name"
fails "status says there is no such cluster" status "$name"
succeeds "destroy without the network succeeds" destroy "$name" --yes --delete-image
check "saying it destroyed what was left" grep -q "Destroyed what was left of “$name”" "$work/out"
check "nothing is left in the pool either" same_as "$work/before" "$pool"
virsh -q -c "$uri" pool-destroy "$pool" > /dev/null 2>&1
virsh -q -c "$uri" pool-undefine "$pool" > /dev/null 2>&1
umount "$mnt"

# --------------------------------------------------------------------------
log "A download cut off, or with a wrong checksum"
mkdir -p "$work/www"
cp "$image" "$work/www/image.qcow2"
sum=$(sha256sum "$work/www/image.qcow2" | cut -d' ' -f1)
printf '%s  image.qcow2\n' "$(printf %064d 0)" > "$work/www/SHA256SUMS"
python3 "$here/fault-http-server.py" "$work/www" "$work/port" 2> "$work/server.log" & server_pid=$!
while [ ! -s "$work/port" ] && kill -0 "$server_pid" 2>/dev/null; do sleep 0.05; done
base=http://127.0.0.1:$(cat "$work/port" 2>/dev/null)
inventory | sort > "$work/before"

fails "a download cut off fails" download "$base/cut/image.qcow2" --sha256 "$sum"
check "it says it stopped, and to try again" grep -q "The download of image.qcow2 stopped after .* of .*Nothing was kept: try again" "$work/err"
check "no file is left in the cache" same_as "$work/before"

fails "a download with a wrong checksum fails" download "$base/image.qcow2" --sha256 "$(printf %064d 0)"
check "it says the checksum is wrong, and both checksums" \
  grep -q "is corrupt: its SHA-256 checksum is $sum, not $(printf %064d 0) as expected" "$work/err"
check "no file is left in the cache" same_as "$work/before"

fails "a download that its SHA256SUMS contradicts fails" download "$base/image.qcow2" --checksums "$base/SHA256SUMS"
check "it says so" grep -q "differs from the one its distribution publishes" "$work/err"
check "no file is left in the cache" same_as "$work/before"

succeeds "the next good download succeeds" download "$base/image.qcow2" --sha256 "$sum"
downloaded=$(cat "$work/out")
check "it prints the file, which has the right checksum" \
  test "$(sha256sum "$downloaded" 2>/dev/null | cut -d' ' -f1)" = "$sum"
check "only that file is in the cache" \
  test "$(find "$XDG_CACHE_HOME/slipway" -type f ! -name image-checksums)" = "$downloaded"
write_conf "$name" "$net" baseline=false "image=$downloaded"
succeeds "a cluster is created from it" create "$work/$name.conf"
slipwayctl destroy "$name" --yes --quiet > /dev/null 2>&1
rm -f "$downloaded"
check "destroy leaves nothing" same_as "$work/before"
kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=

# --------------------------------------------------------------------------
log "The subnet is taken between the check and the network's creation"
# A fresh copy of the image: its checksum is not remembered yet (a file
# changed in the last seconds never is), so create reads the whole image
# between "Preparing the SSH keys" and the network, which is when the
# test stops it.
cp "$image" "$work/fresh.qcow2"
write_conf "$name" "$net" baseline=false "image=$work/fresh.qcow2"
inventory | sort > "$work/before"
"${ctl[@]}" create "$work/$name.conf" > /dev/null 2> "$work/race.err" & pid=$!
if wait_step "$pid" "$work/race.err" "Preparing the SSH keys"; then
  kill -STOP "$pid"
  check "slipwayctl is stopped before it makes the network" \
    test -z "$(grep 'Creating the network' "$work/race.err")"
  cat > "$work/squatter.xml" <<XML
<network>
  <name>$squatter</name>
  <ip address='$net.1' netmask='255.255.255.0'/>
</network>
XML
  virsh -q -c "$uri" net-define "$work/squatter.xml" > /dev/null &&
    virsh -q -c "$uri" net-start "$squatter" > /dev/null
  check "another network takes the subnet meanwhile" test $? -eq 0
  kill -CONT "$pid"
else
  not_ok "the create showed “Preparing the SSH keys”"
fi
wait "$pid"; status=$?
show "create" "$work/race.err"
check "the create fails" test "$status" -ne 0
check "it names the subnet and the network that has it" \
  grep -q "The subnet $net.0/24 was taken after it was checked.*the libvirt network “$squatter”" "$work/race.err"
check "its network was not made" test -z "$(virsh -q -c "$uri" net-list --all --name | grep -x "slipway-$name")"
virsh -q -c "$uri" net-destroy "$squatter" > /dev/null 2>&1
virsh -q -c "$uri" net-undefine "$squatter" > /dev/null 2>&1
rm -f "$work/fresh.qcow2"
write_conf "$name" "$net" baseline=false
check "nothing is left" same_as "$work/before"
check "no lock file left" no_lock_files

create_destroy_works "$name" "$work/before"
