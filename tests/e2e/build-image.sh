#!/bin/bash
# build-image.sh — build the Debian 12 (bookworm) cloud guest image used by
# Slipway's end-to-end tests.
#
#   usage: tests/e2e/build-image.sh OUTPUT.qcow2
#
# The result is a compressed qcow2 (2 GiB virtual size) holding a raw MBR disk
# with one bootable ext4 partition and extlinux.  It is meant to be used as a
# read-only backing file for per-VM overlays.  Inside the guest:
#
#   * cloud-init reads ONLY the NoCloud datasource (a disk labelled "cidata",
#     attached as a virtio disk: the cloud kernel has no AHCI/CD-ROM driver),
#     then falls back to "None"; it never waits for a metadata service.
#     Default user: "debian".
#   * networking: cloud-init's fallback network config (DHCP on the first
#     NIC, whatever udev names it) rendered for ifupdown + dhclient.
#   * the root partition and file system grow to fill a bigger overlay
#     (cloud-init growpart + resizefs; cloud-guest-utils is installed).
#   * kernel and getty on the serial console ttyS0 (115200 8N1).
#   * the QEMU guest agent, started by udev when its virtio port appears
#     (Slipway sets a restored node's clock through it); /sbin/hwclock,
#     without which qemu-ga refuses guest-set-time.
#
# Caching: OUTPUT.recipe records the sha256 of this script.  If OUTPUT exists
# and its recipe matches, the script exits at once.  Where OUTPUT lives (and so
# where the cache is) is the caller's decision.
#
# Needs root, network access to http://deb.debian.org/debian, and the host
# packages: mmdebstrap extlinux qemu-utils e2fsprogs fdisk mount util-linux.

set -euo pipefail

readonly MIRROR=http://deb.debian.org/debian
readonly SUITE=bookworm
readonly DISK_SIZE=2G               # virtual size of the image
readonly PART_START_SECTOR=2048     # 1 MiB alignment, 512-byte sectors
readonly PART_OFFSET=$((PART_START_SECTOR * 512))
readonly MBR_BIN=/usr/lib/EXTLINUX/mbr.bin

# Guest packages.  mmdebstrap installs no Recommends, so list what we rely on.
readonly PACKAGES=(
    systemd-sysv udev dbus                  # init; hostnamectl needs dbus
    linux-image-cloud-amd64 initramfs-tools
    cloud-init cloud-guest-utils fdisk      # growpart needs sfdisk (fdisk)
    e2fsprogs                               # resize2fs, fsck.ext4
    openssh-server sudo passwd
    ifupdown isc-dhcp-client netbase iproute2
    procps kmod
    qemu-guest-agent util-linux-extra       # clock after a restore; qemu-ga needs hwclock
)

log() { printf '[build-image %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() { echo "usage: $0 OUTPUT.qcow2" >&2; exit 2; }

[[ $# -eq 1 && -n $1 ]] || usage
[[ $(id -u) -eq 0 ]] || die "must run as root (loop devices, mounts, chroot)"

for tool in mmdebstrap extlinux qemu-img mkfs.ext4 sfdisk losetup flock sha256sum; do
    command -v "$tool" >/dev/null || die "missing host tool: $tool"
done
[[ -r $MBR_BIN ]] || die "missing $MBR_BIN (package extlinux)"

out=$(realpath -m -- "$1")
recipe_file="$out.recipe"
out_dir=$(dirname -- "$out")
mkdir -p -- "$out_dir"

# The recipe is this script: any change to it invalidates the cached image.
script_path=$(realpath -- "${BASH_SOURCE[0]}")
recipe=$(sha256sum -- "$script_path" | cut -d' ' -f1)

cache_hit() {
    [[ -f $out && -f $recipe_file ]] && [[ $(<"$recipe_file") == "$recipe" ]]
}

if cache_hit; then
    log "up to date: $out (recipe $recipe)"
    exit 0
fi

# Serialise concurrent builds of the same output; re-check after waiting.
exec {lock_fd}>"$out.lock"
flock "$lock_fd"
if cache_hit; then
    log "up to date: $out (built by a concurrent run)"
    exit 0
fi

# ---------------------------------------------------------------------------
# Work area and cleanup.  Everything below is undone by cleanup() on any exit.
work=""
loop=""
mnt=""

cleanup() {
    local rc=$?
    set +e
    trap '' PIPE INT TERM   # finish cleaning up even if stderr is gone
    if [[ -n $mnt ]] && mountpoint -q -- "$mnt"; then
        # mmdebstrap unmounts its own /proc, /sys, /dev; be thorough anyway.
        umount -R -- "$mnt" || umount -R -l -- "$mnt"
    fi
    if [[ -n $loop ]]; then
        losetup -d "$loop"
    fi
    if [[ -n $work ]]; then
        rm -rf --one-file-system -- "$work"
    fi
    rm -f -- "$out.tmp"
    if [[ $rc -ne 0 ]]; then
        log "FAILED (exit $rc); cleaned up"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

work=$(mktemp -d "${TMPDIR:-/var/tmp}/slipway-image.XXXXXX")
raw="$work/disk.raw"
mnt="$work/root"
mkdir -- "$mnt"

start=$SECONDS
rm -f -- "$recipe_file"

# ---------------------------------------------------------------------------
log "creating $DISK_SIZE raw disk with one bootable ext4 partition"
truncate -s "$DISK_SIZE" -- "$raw"
# One primary Linux partition from 1 MiB to the end, marked active: the
# syslinux MBR boots the active partition.
printf 'label: dos\nstart=%d, type=83, bootable\n' "$PART_START_SECTOR" |
    sfdisk --quiet --no-reread --no-tell-kernel -- "$raw"

part_bytes=$(( $(stat -c %s -- "$raw") - PART_OFFSET ))
loop=$(losetup --find --show --offset "$PART_OFFSET" --sizelimit "$part_bytes" -- "$raw")
log "partition attached at $loop (offset $PART_OFFSET)"

root_uuid=$(cat /proc/sys/kernel/random/uuid)
# extlinux 6.04 cannot read every modern ext4 feature: keep the set
# conservative (no 64bit, no metadata_csum_seed, no orphan_file).
mkfs.ext4 -q -L slipway-root -U "$root_uuid" \
    -O '^64bit,^metadata_csum_seed,^orphan_file' -- "$loop"
mount -- "$loop" "$mnt"

# A small initramfs: the root fs (ext4) is built into the cloud kernel, so only
# the virtio disk drivers are needed before it is mounted.  MODULES=list plus
# a hook, instead of the default MODULES=most, shrinks the initrd: less to load
# and unpack under TCG.  These files go in before the kernel is installed
# (mmdebstrap --essential-hook), so the initrd is built once, already small.
# Slipway always gives its guests virtio disks.
mkdir -p -- "$work/initramfs-tools/conf.d" "$work/initramfs-tools/hooks"
printf 'MODULES=list\n' >"$work/initramfs-tools/conf.d/slipway"
cat >"$work/initramfs-tools/hooks/slipway-virtio" <<'HOOK'
#!/bin/sh
# Slipway test image: the only drivers needed to reach the root file system.
[ "$1" = prereqs ] && exit 0
. /usr/share/initramfs-tools/hook-functions
manual_add_modules virtio_pci virtio_blk
HOOK
chmod 0755 -- "$work/initramfs-tools/hooks/slipway-virtio"

# ---------------------------------------------------------------------------
log "running mmdebstrap ($SUITE from $MIRROR); this takes a minute or two"
# Documentation, man pages and translations are dropped to keep the image
# small (copyright files are kept).  --variant=apt starts from Essential + apt.
# The hooks are run by mmdebstrap with "$1" = the root directory.
# shellcheck disable=SC2016
(IFS=,; mmdebstrap \
    --variant=apt \
    --include="${PACKAGES[*]}" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --essential-hook='mkdir -p "$1/etc/initramfs-tools"' \
    --essential-hook="sync-in $work/initramfs-tools /etc/initramfs-tools" \
    --customize-hook='rm -f "$1/etc/resolv.conf"' \
    --customize-hook='echo localhost > "$1/etc/hostname"' \
    --customize-hook='rm -f "$1"/etc/ssh/ssh_host_*' \
    "$SUITE" "$mnt" "$MIRROR")

# ---------------------------------------------------------------------------
log "configuring the guest"

cat >"$mnt/etc/fstab" <<EOF
# <file system>   <mount point>  <type>  <options>                  <dump> <pass>
UUID=$root_uuid   /              ext4    errors=remount-ro,discard  0      1
EOF

# cloud-init: NoCloud only (seed disk labelled "cidata"), then None.  No
# metadata-service probing, so no network timeouts at boot.
cat >"$mnt/etc/cloud/cloud.cfg.d/90-slipway-datasource.cfg" <<'EOF'
# Slipway test image: only the NoCloud seed disk (label "cidata") is used.
datasource_list: [ NoCloud, None ]
EOF

# Boot speed under TCG: generating an RSA host key is slow, ed25519 and ECDSA
# are quick.  C.UTF-8 is built into glibc, so cloud-init's locale module has
# nothing to do (its default, en_US.UTF-8, makes update-locale fail in this
# minimal image and would run locale-gen).  Grow the root partition and file
# system on first boot.
cat >"$mnt/etc/cloud/cloud.cfg.d/91-slipway-boot.cfg" <<'EOF'
ssh_genkeytypes: [ ed25519, ecdsa ]
locale: C.UTF-8
growpart:
  mode: auto
  devices: [ "/" ]
resize_rootfs: true
EOF

# ifupdown must read what cloud-init renders into interfaces.d.
if ! grep -qs '^source /etc/network/interfaces.d/\*' "$mnt/etc/network/interfaces"; then
    cat >"$mnt/etc/network/interfaces" <<'EOF'
# Interfaces are configured by cloud-init (see interfaces.d/50-cloud-init).
source /etc/network/interfaces.d/*

auto lo
iface lo inet loopback
EOF
fi

printf 'LANG=C.UTF-8\n' >"$mnt/etc/default/locale"

# The guest agent has no [Install] section: udev's rule pulls its service in
# when the virtio port org.qemu.guest_agent.0 appears, at boot or later.
# guest-set-time fails as "unsupported" without /sbin/hwclock.
for file in lib/udev/rules.d/60-qemu-guest-agent.rules lib/systemd/system/qemu-guest-agent.service \
            usr/sbin/qemu-ga sbin/hwclock; do
    [[ -e $mnt/$file ]] || die "the guest agent is not complete: /$file is missing"
done
grep -q 'SYSTEMD_WANTS.*qemu-guest-agent.service' "$mnt/lib/udev/rules.d/60-qemu-guest-agent.rules" ||
    die "udev does not start qemu-guest-agent.service when its port appears"

# Empty machine-id: systemd generates a fresh one on first boot, per VM.
: >"$mnt/etc/machine-id"
rm -f -- "$mnt/var/lib/dbus/machine-id"

# Timers and services a short-lived test VM does not need.
for unit in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer \
            e2scrub_reap.service fstrim.timer; do
    if [[ -e $mnt/lib/systemd/system/$unit ]]; then
        systemctl --root="$mnt" --quiet disable "$unit" 2>/dev/null || true
        systemctl --root="$mnt" --quiet mask "$unit"
    fi
done

# ---------------------------------------------------------------------------
log "installing extlinux"
kernels=("$mnt"/boot/vmlinuz-*)
[[ ${#kernels[@]} -eq 1 ]] || die "expected one kernel in /boot, found: ${kernels[*]}"
kernel=${kernels[0]##*/}
initrd="initrd.img-${kernel#vmlinuz-}"
[[ -f $mnt/boot/$kernel && -f $mnt/boot/$initrd ]] || die "kernel or initrd missing in /boot"
log "kernel $kernel, initrd $(du -h -- "$mnt/boot/$initrd" | cut -f1)"

mkdir -p -- "$mnt/boot/extlinux"
# PROMPT 0 + TIMEOUT 0: boot the default entry at once, no menu.  The last
# console= becomes /dev/console, so the serial line gets everything and
# systemd starts a getty on ttyS0 by itself.
cat >"$mnt/boot/extlinux/extlinux.conf" <<EOF
SERIAL 0 115200
PROMPT 0
TIMEOUT 0
DEFAULT debian

LABEL debian
    LINUX /boot/$kernel
    INITRD /boot/$initrd
    APPEND root=UUID=$root_uuid ro console=tty0 console=ttyS0,115200n8
EOF
extlinux --install "$mnt/boot/extlinux" >/dev/null
dd if="$MBR_BIN" of="$raw" bs=440 count=1 conv=notrunc status=none

# ---------------------------------------------------------------------------
log "trimming and unmounting"
# Give freed blocks (apt's downloaded .debs) back as holes so the qcow2 stays
# small.  Not fatal if the loop driver cannot discard.
fstrim -- "$mnt" 2>/dev/null || log "fstrim unsupported here; image may be larger"
umount -- "$mnt"
e2fsck -f -p -- "$loop" >/dev/null || [[ $? -le 1 ]] || die "e2fsck found errors"
losetup -d "$loop"
loop=""

log "converting to compressed qcow2"
qemu-img convert -c -f raw -O qcow2 -- "$raw" "$out.tmp"
mv -f -- "$out.tmp" "$out"
printf '%s\n' "$recipe" >"$recipe_file"

log "done in $((SECONDS - start)) s: $out ($(du -h -- "$out" | cut -f1), recipe $recipe)"
