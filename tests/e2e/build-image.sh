#!/bin/bash
# build-image.sh — build the Debian 12 (bookworm) cloud guest image used by
# Slipway's end-to-end tests.
#
#   usage: tests/e2e/build-image.sh [--arch amd64|arm64] OUTPUT.qcow2
#
# The result is a compressed qcow2 (2 GiB virtual size).  For amd64 (the
# default) it holds a raw MBR disk with one bootable ext4 partition and
# extlinux (BIOS).  For arm64 it holds a GPT disk: a small EFI system
# partition with systemd-boot as the removable-media loader
# (EFI/BOOT/BOOTAA64.EFI: no boot entry in NVRAM is needed), the kernel and a
# small initrd, then the ext4 root partition; the console is the PL011 UART
# ttyAMA0.  The image is meant to be used as a read-only backing file for
# per-VM overlays.  Inside the guest:
#
#   * cloud-init reads ONLY the NoCloud datasource (a disk labelled "cidata",
#     attached as a virtio disk: the cloud kernel has no AHCI/CD-ROM driver),
#     then falls back to "None"; it never waits for a metadata service.
#     Default user: "debian".
#   * networking: cloud-init's fallback network config (DHCP on the first
#     NIC, whatever udev names it) rendered for ifupdown + dhclient.
#   * the root partition and file system grow to fill a bigger overlay
#     (cloud-init growpart + resizefs; cloud-guest-utils is installed).
#   * kernel and getty on the serial console ttyS0 / ttyAMA0 (115200 8N1).
#   * the QEMU guest agent, started by udev when its virtio port appears
#     (Slipway sets a restored node's clock through it); /sbin/hwclock,
#     without which qemu-ga refuses guest-set-time.
#
# Caching: OUTPUT.recipe records the sha256 of this script.  If OUTPUT exists
# and its recipe matches, the script exits at once.  Where OUTPUT lives (and so
# where the cache is) is the caller's decision.
#
# Needs root, network access to http://deb.debian.org/debian, and the host
# packages: mmdebstrap extlinux qemu-utils e2fsprogs fdisk mount util-linux;
# for arm64 also dosfstools, mtools, cpio, python3.11 and, on another
# architecture, qemu-user-static and binfmt-support (binfmt_misc runs the
# guest's maintainer scripts through QEMU: the script mounts it and enables
# qemu-aarch64 for the build when they are not, and undoes that afterwards).
#
# Building arm64 on x86: mmdebstrap runs dpkg and every maintainer script of
# the guest under qemu-user, where a program runs 10-30 times slower.  Two
# steps that cost most of that time are done natively instead, with the same
# result: Python's byte-compilation (bytecode does not depend on the CPU: the
# host's python3.11 compiles the guest's Python 3.11 sources), and the initrd
# (update-initramfs is diverted to a no-op while packages are installed; a
# small busybox initrd is put together here from the guest's own files).

set -euo pipefail

readonly MIRROR=http://deb.debian.org/debian
readonly SUITE=bookworm
readonly DISK_SIZE=2G               # virtual size of the image
readonly PART_START_SECTOR=2048     # 1 MiB alignment, 512-byte sectors
readonly PART_OFFSET=$((PART_START_SECTOR * 512))
readonly MBR_BIN=/usr/lib/EXTLINUX/mbr.bin
readonly ESP_SIZE_MIB=64            # arm64: systemd-boot, the kernel, the initrd

# Guest packages.  mmdebstrap installs no Recommends, so list what we rely on.
readonly PACKAGES=(
    systemd-sysv udev dbus                  # init; hostnamectl needs dbus
    cloud-init cloud-guest-utils fdisk      # growpart needs sfdisk (fdisk)
    e2fsprogs                               # resize2fs, fsck.ext4
    openssh-server sudo passwd
    ifupdown isc-dhcp-client netbase iproute2
    procps kmod
    qemu-guest-agent util-linux-extra       # clock after a restore; qemu-ga needs hwclock
)

log() { printf '[build-image %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() { echo "usage: $0 [--arch amd64|arm64] OUTPUT.qcow2" >&2; exit 2; }

# The build's mounts stay in a mount namespace of its own: a process that
# copies the host's mounts meanwhile (libvirt gives every QEMU it starts a
# namespace of its own, cloned from the host's) would otherwise keep the
# new file system busy after it is unmounted here, and e2fsck would refuse it.
if [[ -z ${SLIPWAY_BUILD_IMAGE_PRIVATE_MOUNTS-} && $(id -u) -eq 0 ]]; then
    export SLIPWAY_BUILD_IMAGE_PRIVATE_MOUNTS=1
    exec unshare --mount --propagation private -- bash "${BASH_SOURCE[0]}" "$@"
fi

arch=amd64
if [[ ${1-} == --arch ]]; then
    [[ $# -ge 2 ]] || usage
    arch=$2
    shift 2
fi
[[ $# -eq 1 && -n $1 ]] || usage
[[ $(id -u) -eq 0 ]] || die "must run as root (loop devices, mounts, chroot)"

tools=(mmdebstrap qemu-img mkfs.ext4 sfdisk partx losetup flock sha256sum unshare)
case $arch in
    amd64)
        tools+=(extlinux)
        [[ -r $MBR_BIN ]] || die "missing $MBR_BIN (package extlinux)"
        arch_packages=(
            linux-image-cloud-amd64 initramfs-tools
            haproxy keepalived ipvsadm      # the API load balancers (test-lb.sh)
        )
        console=ttyS0
        ;;
    arm64)
        tools+=(mkfs.vfat mmd mcopy cpio gzip python3.11)
        [[ $(dpkg --print-architecture) == arm64 ]] || tools+=(update-binfmts)
        # systemd-boot's EFI loader and busybox for the initrd are taken
        # out of the guest's own packages.
        arch_packages=(linux-image-cloud-arm64 systemd-boot-efi busybox-static)
        console=ttyAMA0
        ;;
    *) die "unknown architecture '$arch': amd64 or arm64" ;;
esac
for tool in "${tools[@]}"; do
    command -v "$tool" >/dev/null || die "missing host tool: $tool"
done

out=$(realpath -m -- "$1")
recipe_file="$out.recipe"
out_dir=$(dirname -- "$out")
mkdir -p -- "$out_dir"

# The recipe is this script: any change to it invalidates the cached image.
script_path=$(realpath -- "${BASH_SOURCE[0]}")
recipe=$({ cat -- "$script_path"; echo "$arch"; } | sha256sum | cut -d' ' -f1)

cache_hit() {
    [[ -f $out && -f $recipe_file ]] && [[ $(<"$recipe_file") == "$recipe" ]]
}

if cache_hit; then
    log "up to date: $out (recipe $recipe)"
    exit 0
fi

# Serialise concurrent builds of the same output; re-check after waiting.
exec {lock_fd}>"$out.lock"
# A build that hangs must not hold the next one forever.
flock -w 2400 "$lock_fd" || die "another build of $out has held its lock for 40 minutes"
if cache_hit; then
    log "up to date: $out (built by a concurrent run)"
    exit 0
fi

# build_arm64_initrd OUTPUT: a gzip'd cpio with the guest's static busybox,
# the kernel modules the root disk needs (with what they depend on, in
# modules.dep order) and an /init that mounts root=UUID=... and hands over
# to systemd.  Everything is taken from the guest tree in $mnt, so nothing
# runs under emulation.  Reads $mnt and $kver; writes under $work.
build_arm64_initrd() {
    local output=$1 dir="$work/initrd" moddir="$mnt/lib/modules/$kver"
    local -A dep_of=() path_of=() loaded=()
    local order=() line path name

    [[ -f $moddir/modules.dep ]] || die "no modules.dep for kernel $kver"
    while IFS= read -r line; do
        path=${line%%:*}
        name=${path##*/}; name=${name%%.ko*}; name=${name//-/_}
        path_of[$name]=$path
        dep_of[$name]=${line#*:}
    done <"$moddir/modules.dep"

    # Depth first: what a module needs is loaded before it.
    want() {
        local module=${1//-/_} d
        [[ -z ${loaded[$module]-} ]] || return 0
        loaded[$module]=1
        if [[ -z ${path_of[$module]-} ]]; then
            grep -qE "/${module//_/[-_]}\.ko" "$moddir/modules.builtin" ||
                die "kernel $kver has no module $module, built in or not"
            return 0
        fi
        for d in ${dep_of[$module]}; do
            d=${d##*/}
            want "${d%%.ko*}"
        done
        order+=("${path_of[$module]}")
    }
    # virtio over PCIe on the "virt" machine; ext4 for root if not built in,
    # with the checksum driver its metadata needs (a soft dependency, which
    # modules.dep does not list).
    for name in virtio_pci virtio_blk ext4; do
        want "$name"
    done
    if [[ -n ${path_of[ext4]-} && -n ${path_of[crc32c_generic]-} ]]; then
        want crc32c_generic
    fi

    mkdir -p -- "$dir"/{bin,dev,proc,sys,root,lib/modules}
    cp -- "$mnt/bin/busybox" "$dir/bin/busybox"
    for name in sh mount umount insmod switch_root sleep cat findfs echo poweroff; do
        ln -s busybox "$dir/bin/$name"
    done
    : >"$dir/modules"
    for path in "${order[@]}"; do
        # Debian 12's kernels ship plain .ko files, which busybox's insmod loads.
        [[ $path == *.ko ]] || die "module $path is compressed: the initrd would need it unpacked"
        name=${path##*/}
        cp -- "$moddir/$path" "$dir/lib/modules/$name"
        printf '%s\n' "$name" >>"$dir/modules"
    done

    cat >"$dir/init" <<'INIT'
#!/bin/sh
# Slipway test image (arm64): load the virtio disk drivers, mount the root
# file system that root=UUID=... names read-only, and start systemd there.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
while read -r module; do
    insmod "/lib/modules/$module" || echo "initrd: could not load $module"
done </modules
root=
for arg in $(cat /proc/cmdline); do
    case $arg in root=*) root=${arg#root=} ;; esac
done
tries=0
until device=$(findfs "$root" 2>/dev/null); do
    tries=$((tries + 1))
    if [ "$tries" -gt 120 ]; then
        echo "initrd: no file system $root after 120 s; powering off"
        poweroff -f
    fi
    sleep 1
done
mount -o ro "$device" /root || { echo "initrd: cannot mount $device; powering off"; poweroff -f; }
umount /proc /sys
mount --move /dev /root/dev
exec switch_root /root /sbin/init
INIT
    chmod 0755 -- "$dir/init"
    (cd "$dir" && find . | LC_ALL=C sort | cpio --quiet -o -H newc --owner=0:0 | gzip -9n) >"$output"
}

# ---------------------------------------------------------------------------
# Work area and cleanup.  Everything below is undone by cleanup() on any exit.
work=""
loop=""
mnt=""
binfmt_mounted=""
binfmt_enabled=""

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
    # What the build set up for arm64 programs, and only that, goes again.
    if [[ -n $binfmt_enabled ]]; then
        update-binfmts --disable qemu-aarch64 >/dev/null
    fi
    if [[ -n $binfmt_mounted ]]; then
        umount /proc/sys/fs/binfmt_misc
    fi
    if [[ $rc -ne 0 ]]; then
        log "FAILED (exit $rc); cleaned up"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# arm64 programs on another host run through qemu-user: binfmt_misc must
# be mounted and qemu-aarch64 enabled while the build runs.
if [[ $arch == arm64 && $(dpkg --print-architecture) != arm64 ]]; then
    if ! mountpoint -q /proc/sys/fs/binfmt_misc; then
        mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc ||
            die "cannot mount binfmt_misc, which running arm64 programs here needs"
        binfmt_mounted=1
    fi
    if ! grep -qx enabled /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null; then
        update-binfmts --enable qemu-aarch64 ||
            die "qemu-user-static cannot run arm64 programs here (update-binfmts --enable qemu-aarch64 failed)"
        binfmt_enabled=1
    fi
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/slipway-image.XXXXXX")
raw="$work/disk.raw"
mnt="$work/root"
mkdir -- "$mnt"

start=$SECONDS
rm -f -- "$recipe_file"

# ---------------------------------------------------------------------------
truncate -s "$DISK_SIZE" -- "$raw"
if [[ $arch == amd64 ]]; then
    log "creating $DISK_SIZE raw disk with one bootable ext4 partition"
    # One primary Linux partition from 1 MiB to the end, marked active: the
    # syslinux MBR boots the active partition.
    printf 'label: dos\nstart=%d, type=83, bootable\n' "$PART_START_SECTOR" |
        sfdisk --quiet --no-reread --no-tell-kernel -- "$raw"
    root_part=1
else
    log "creating $DISK_SIZE raw GPT disk: EFI system partition and ext4 root"
    # The ESP from 1 MiB, ESP_SIZE_MIB long; the root partition after it, to
    # the end (cloud-init's growpart grows the last partition).
    printf 'label: gpt\nstart=%d, size=%dMiB, type=uefi\nstart=%d, type=linux\n' \
        "$PART_START_SECTOR" "$ESP_SIZE_MIB" "$((PART_START_SECTOR + ESP_SIZE_MIB * 2048))" |
        sfdisk --quiet --no-reread --no-tell-kernel -- "$raw"
    root_part=2
fi

# Where the root partition is, as the table says (GPT keeps a backup of
# itself at the end of the disk: the last partition stops before it).
read -r root_start root_sectors < <(partx --noheadings --raw -o START,SECTORS -n "$root_part" -- "$raw")
root_offset=$((root_start * 512))
part_bytes=$((root_sectors * 512))
loop=$(losetup --find --show --offset "$root_offset" --sizelimit "$part_bytes" -- "$raw")
log "root partition attached at $loop (offset $root_offset)"

root_uuid=$(cat /proc/sys/kernel/random/uuid)
# extlinux 6.04 cannot read every modern ext4 feature: keep the set
# conservative (no 64bit, no metadata_csum_seed, no orphan_file).
mkfs.ext4 -q -L slipway-root -U "$root_uuid" \
    -O '^64bit,^metadata_csum_seed,^orphan_file' -- "$loop"
mount -- "$loop" "$mnt"

# ---------------------------------------------------------------------------
hooks=()
if [[ $arch == amd64 ]]; then
    # A small initramfs: the root fs (ext4) is built into the cloud kernel,
    # so only the virtio disk drivers are needed before it is mounted.
    # MODULES=list plus a hook, instead of the default MODULES=most, shrinks
    # the initrd: less to load and unpack under TCG.  These files go in
    # before the kernel is installed (mmdebstrap --essential-hook), so the
    # initrd is built once, already small.  Slipway always gives its guests
    # virtio disks.
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
    hooks+=(--essential-hook='mkdir -p "$1/etc/initramfs-tools"'
            --essential-hook="sync-in $work/initramfs-tools /etc/initramfs-tools")
else
    # Under qemu-user (arm64 on an x86 host) two slow steps are left out
    # while packages are installed and done natively afterwards: py3compile
    # and update-initramfs are diverted to no-ops (dpkg-divert --rename keeps
    # the packages' own programs under another name), and put back at the end.
    for file in /usr/bin/py3compile /usr/sbin/update-initramfs; do
        hooks+=(--essential-hook="chroot \"\$1\" dpkg-divert --quiet --local --rename --divert $file.slipway --add $file"
                --essential-hook="printf '#!/bin/sh\\nexit 0\\n' >\"\$1$file\" && chmod 0755 \"\$1$file\""
                --customize-hook="rm -f \"\$1$file\" && chroot \"\$1\" dpkg-divert --quiet --local --rename --remove $file")
    done
fi

log "running mmdebstrap ($SUITE $arch from $MIRROR); this takes a minute or two (arm64 emulated on x86: about seven)"
# Documentation, man pages and translations are dropped to keep the image
# small (copyright files are kept).  --variant=apt starts from Essential + apt.
# The hooks are run by mmdebstrap with "$1" = the root directory.
# shellcheck disable=SC2016
(IFS=,; mmdebstrap \
    --variant=apt \
    --architectures="$arch" \
    --include="${PACKAGES[*]},${arch_packages[*]}" \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    "${hooks[@]}" \
    --customize-hook='rm -f "$1/etc/resolv.conf"' \
    --customize-hook='echo localhost > "$1/etc/hostname"' \
    --customize-hook='rm -f "$1"/etc/ssh/ssh_host_*' \
    "$SUITE" "$mnt" "$MIRROR")

if [[ $arch == arm64 ]]; then
    log "byte-compiling the guest's Python modules natively"
    # What py3compile would have done in the guest: the same interpreter
    # version makes the same bytecode.  Paths are recorded as the guest sees
    # them (-s/-p).  The standard library's test suites are left out, as
    # Debian's packages leave them out.
    guest_python=$(cd "$mnt/usr/lib" && echo python3.[0-9]*)
    [[ $guest_python == "$(python3.11 -c 'import sys; print("python%d.%d" % sys.version_info[:2])')" ]] ||
        die "the guest's Python is $guest_python, the host's python3.11 cannot compile for it"
    python3.11 -m compileall -q -j 0 -s "$mnt" -p / -x '/usr/lib/python3[^/]*/(.*/)?(test|tests|idle_test)/' \
        "$mnt/usr/lib/python3/dist-packages" "$mnt/usr/lib/$guest_python" >/dev/null ||
        die "compileall failed"
fi

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
kernels=("$mnt"/boot/vmlinuz-*)
[[ ${#kernels[@]} -eq 1 ]] || die "expected one kernel in /boot, found: ${kernels[*]}"
kernel=${kernels[0]##*/}
kver=${kernel#vmlinuz-}
initrd="initrd.img-$kver"
# The last console= becomes /dev/console, so the serial line gets everything
# and systemd starts a getty on it by itself.
cmdline="root=UUID=$root_uuid ro console=tty0 console=$console,115200n8"

if [[ $arch == amd64 ]]; then
    log "installing extlinux"
    [[ -f $mnt/boot/$kernel && -f $mnt/boot/$initrd ]] || die "kernel or initrd missing in /boot"
    log "kernel $kernel, initrd $(du -h -- "$mnt/boot/$initrd" | cut -f1)"
    mkdir -p -- "$mnt/boot/extlinux"
    # PROMPT 0 + TIMEOUT 0: boot the default entry at once, no menu.
    cat >"$mnt/boot/extlinux/extlinux.conf" <<EOF
SERIAL 0 115200
PROMPT 0
TIMEOUT 0
DEFAULT debian

LABEL debian
    LINUX /boot/$kernel
    INITRD /boot/$initrd
    APPEND $cmdline
EOF
    extlinux --install "$mnt/boot/extlinux" >/dev/null
    dd if="$MBR_BIN" of="$raw" bs=440 count=1 conv=notrunc status=none
else
    log "putting together the initrd: busybox and the virtio disk drivers"
    build_arm64_initrd "$work/initrd.img"
    log "kernel $kernel, initrd $(du -h -- "$work/initrd.img" | cut -f1)"

    log "building the EFI system partition: systemd-boot, the kernel, the initrd"
    # systemd-boot as the removable-media loader finds its entry on the ESP
    # and starts the kernel (an EFI program itself) at once (timeout 0).
    loader=$mnt/usr/lib/systemd/boot/efi/systemd-bootaa64.efi
    [[ -f $loader ]] || die "systemd-boot-efi has no $loader"
    esp="$work/esp.img"
    truncate -s "${ESP_SIZE_MIB}M" -- "$esp"
    mkfs.vfat -n SLIPWAY-EFI -- "$esp" >/dev/null
    printf 'default debian.conf\ntimeout 0\nconsole-mode keep\n' >"$work/loader.conf"
    printf 'title Debian (Slipway test image)\nlinux /vmlinuz\ninitrd /initrd.img\noptions %s\n' \
        "$cmdline" >"$work/debian.conf"
    mmd -i "$esp" ::/EFI ::/EFI/BOOT ::/loader ::/loader/entries
    mcopy -i "$esp" -- "$loader" ::/EFI/BOOT/BOOTAA64.EFI
    mcopy -i "$esp" -- "$work/loader.conf" ::/loader/loader.conf
    mcopy -i "$esp" -- "$work/debian.conf" ::/loader/entries/debian.conf
    mcopy -i "$esp" -- "$mnt/boot/$kernel" ::/vmlinuz
    mcopy -i "$esp" -- "$work/initrd.img" ::/initrd.img
    dd if="$esp" of="$raw" bs=1M seek=$((PART_OFFSET / 1024 / 1024)) conv=notrunc status=none
fi

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
