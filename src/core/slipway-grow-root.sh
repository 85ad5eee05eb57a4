#!/bin/sh
# slipway-grow-root.sh — grows the root partition and its file system to the
# end of the disk, as cloud-init's growpart and resizefs modules would.
#
# Slipway's seed turns those two modules off and runs this from runcmd
# instead: they run before sshd starts (3–4 s of a TCG guest's boot), this
# runs in cloud-init's final stage, which on Debian and Ubuntu begins once
# the node accepts logins, and before cloud-init says it is done (which is
# when Slipway calls a node ready). Compiled into the core as a string
# without its comment lines (build-aux/text-to-c.py); the seed passes it to
# "sh -c". tests/test-grow-root.sh runs it against a made-up /sys
# (SLIPWAY_GROW_ROOT_SYSFS) and stand-ins for the tools.
#
# As cloud-init: /etc/growroot-disabled turns it off; a root that is not on a
# partition, or an image without cloud-guest-utils' growpart, still gets its
# file system grown; a failure is a warning in cloud-init-output.log, not an
# error of the boot.
set -u
[ -e /etc/growroot-disabled ] && exit 0
sysfs=${SLIPWAY_GROW_ROOT_SYSFS:-/sys}
# btrfs names the subvolume too: /dev/vda5[/root]
source=$(findmnt -no SOURCE /) || exit 0
source=${source%%\[*}
part=$(basename "$source")
if [ -e "$sysfs/class/block/$part/partition" ] && command -v growpart >/dev/null; then
  disk=/dev/$(basename "$(readlink -f "$sysfs/class/block/$part/..")")
  number=$(cat "$sysfs/class/block/$part/partition")
  # growpart exits 1 when there is nothing to grow.
  status=0
  growpart "$disk" "$number" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "slipway-grow-root: growpart $disk $number failed (exit status $status); the root file system keeps its size" >&2
    exit 0
  fi
fi
status=0
case $(findmnt -no FSTYPE /) in
  ext[234]) resize2fs "$source" || status=$? ;;
  xfs) xfs_growfs / || status=$? ;;
  btrfs) btrfs filesystem resize max / || status=$? ;;
esac
if [ "$status" -ne 0 ]; then
  echo "slipway-grow-root: the root file system ($source) could not be grown (exit status $status)" >&2
fi
exit 0
