#!/bin/bash
# test-grow-root.sh — src/core/slipway-grow-root.sh, the script a node's seed
# runs to grow its root partition and file system, run by dash against a
# made-up /sys (SLIPWAY_GROW_ROOT_SYSFS) with stand-ins for findmnt,
# growpart, resize2fs, xfs_growfs and btrfs that record how they were called.
# On real guests it runs in tests/e2e/test-e2e.sh (ext4 on an MBR partition).
#
#   usage: test-grow-root.sh SCRIPT

set -uo pipefail

script=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

# The tools the script may use, and nothing else: no growpart of the host's.
mkdir -p "$tmp/bin" "$tmp/fake"
for tool in basename cat readlink; do
  ln -s "$(command -v "$tool")" "$tmp/bin/$tool"
done
cat > "$tmp/fake/findmnt" <<'FAKE'
#!/bin/sh
case "$*" in
  "-no SOURCE /") echo "$FAKE_SOURCE" ;;
  "-no FSTYPE /") echo "$FAKE_FSTYPE" ;;
  *) echo "findmnt: unexpected arguments: $*" >&2; exit 2 ;;
esac
FAKE
for tool in growpart resize2fs xfs_growfs btrfs; do
  cat > "$tmp/fake/$tool" <<FAKE
#!/bin/sh
echo "$tool \$*" >> "\$FAKE_CALLS"
case $tool in growpart) exit "\${FAKE_GROWPART_STATUS:-0}" ;; *) exit "\${FAKE_RESIZE_STATUS:-0}" ;; esac
FAKE
done
chmod +x "$tmp/fake/"*

# A /sys with DISK and its partition PART (number NUMBER), as the kernel
# links them: class/block/PART -> ../../devices/…/DISK/PART.
sysfs () {
  local root=$tmp/sys disk=$1 part=$2 number=$3
  rm -rf "$root"
  mkdir -p "$root/class/block" "$root/devices/virtual/$disk/$part"
  echo "$number" > "$root/devices/virtual/$disk/$part/partition"
  ln -s "../../devices/virtual/$disk/$part" "$root/class/block/$part"
  ln -s "../../devices/virtual/$disk" "$root/class/block/$disk"
}

# run_case NAME SOURCE FSTYPE EXPECTED-CALLS [VAR=VALUE…]: runs the script
# with / on SOURCE (a FSTYPE file system); it must exit 0 and call exactly
# EXPECTED-CALLS (lines joined by "; ").
run_case () {
  local name=$1 source=$2 fstype=$3 expected=$4 status calls
  shift 4
  n=$((n + 1))
  : > "$tmp/calls"
  env -i PATH="$tmp/fake:$tmp/bin" SLIPWAY_GROW_ROOT_SYSFS="$tmp/sys" FAKE_CALLS="$tmp/calls" \
    FAKE_SOURCE="$source" FAKE_FSTYPE="$fstype" "$@" /bin/dash "$script" > "$tmp/out" 2>&1
  status=$?
  calls=$(paste -sd';' "$tmp/calls" | sed 's/;/; /g')
  if [ "$status" -eq 0 ] && [ "$calls" = "$expected" ]; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name"
    echo "#   exit status $status, called: ${calls:-nothing}"
    echo "#   expected: ${expected:-nothing}"
    sed 's/^/#   output: /' "$tmp/out"
    failed=1
  fi
}

# said NAME PATTERN [STATUS]: what the last run printed matches PATTERN
# (unless it is empty) and STATUS, if given, is 0.
said () {
  n=$((n + 1))
  if [ "${3:-0}" -eq 0 ] && { [ -z "$2" ] || grep -q -- "$2" "$tmp/out"; }; then
    echo "ok $n - $1"
  else
    echo "not ok $n - $1"; sed 's/^/#   /' "$tmp/out"; failed=1
  fi
}

sysfs vda vda1 1
run_case "ext4 on vda1: growpart /dev/vda 1, then resize2fs" /dev/vda1 ext4 \
  "growpart /dev/vda 1; resize2fs /dev/vda1"
run_case "growpart finds nothing to grow (exit 1): the file system is still grown" /dev/vda1 ext4 \
  "growpart /dev/vda 1; resize2fs /dev/vda1" FAKE_GROWPART_STATUS=1
run_case "growpart fails (exit 2): a warning, no resize, exit 0" /dev/vda1 ext4 \
  "growpart /dev/vda 1" FAKE_GROWPART_STATUS=2
said "and the warning says what failed" "^slipway-grow-root: growpart /dev/vda 1 failed (exit status 2)"
run_case "resize2fs fails: a warning, exit 0" /dev/vda1 ext4 \
  "growpart /dev/vda 1; resize2fs /dev/vda1" FAKE_RESIZE_STATUS=1
said "and the warning says so" "^slipway-grow-root: the root file system (/dev/vda1) could not be grown"
run_case "xfs on vda1: xfs_growfs /" /dev/vda1 xfs "growpart /dev/vda 1; xfs_growfs /"
rm "$tmp/fake/growpart"
run_case "no growpart in the image: the file system is grown alone" /dev/vda1 ext4 "resize2fs /dev/vda1"
cat > "$tmp/fake/growpart" <<FAKE
#!/bin/sh
echo "growpart \$*" >> "\$FAKE_CALLS"
FAKE
chmod +x "$tmp/fake/growpart"

sysfs vda vda5 5
run_case "btrfs subvolume on vda5: growpart /dev/vda 5, btrfs resize" "/dev/vda5[/root]" btrfs \
  "growpart /dev/vda 5; btrfs filesystem resize max /"
sysfs nvme0n1 nvme0n1p2 2
run_case "ext4 on nvme0n1p2: growpart /dev/nvme0n1 2" /dev/nvme0n1p2 ext4 \
  "growpart /dev/nvme0n1 2; resize2fs /dev/nvme0n1p2"
sysfs vda vda1 1
run_case "ext4 on the whole disk (no partition): resize2fs alone" /dev/vda ext4 "resize2fs /dev/vda"
run_case "a file system it does not know: nothing" /dev/vda1 zfs "growpart /dev/vda 1"

dash -n "$script" > "$tmp/out" 2>&1
said "dash parses it" "" "$?"

echo "1..$n"
exit $failed
