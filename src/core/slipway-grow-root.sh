#!/bin/sh
# slipway-grow-root.sh — grows the root partition and its file system to the
# end of the disk, as cloud-init's growpart and resizefs modules would.
#
# Slipway's seed turns those two modules off and runs this from runcmd
# instead: they run before sshd starts (3–4 s of a TCG guest's boot), this
# runs once the node already accepts logins, and before cloud-init says it is
# done (which is when Slipway calls a node ready). Compiled into the core as a
# string without its comments (build-aux/text-to-c.py); the seed passes it
# to "sh -c".
#
# A root that is not a plain partition (LVM, LUKS), or an image without
# cloud-guest-utils' growpart, is left as it is, as cloud-init would leave it.
set -eu
command -v growpart >/dev/null || exit 0
# btrfs names the subvolume too: /dev/vda5[/root]
source=$(findmnt -no SOURCE /)
source=${source%%\[*}
part=$(basename "$source")
[ -e "/sys/class/block/$part/partition" ] || exit 0
disk=/dev/$(basename "$(readlink -f "/sys/class/block/$part/..")")
# growpart exits 1 when there is nothing to grow.
status=0
growpart "$disk" "$(cat "/sys/class/block/$part/partition")" || status=$?
[ "$status" -le 1 ] || exit "$status"
case $(findmnt -no FSTYPE /) in
  ext[234]) resize2fs "$source" ;;
  xfs) xfs_growfs / ;;
  btrfs) btrfs filesystem resize max / ;;
esac
