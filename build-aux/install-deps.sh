#!/bin/bash
# install-deps.sh — installs from Debian 12's archive what Slipway needs.
#
#   usage: build-aux/install-deps.sh app|test
#
# "app" is what building and running Slipway needs; "test" adds what the
# whole test suite needs (a libvirt daemon with QEMU, the tools that check
# what Slipway generates, the guest image builder, an X server for UI tests).
# Uses sudo when not run as root. Installs nothing that is already there.

set -euo pipefail

build=(
  meson ninja-build gcc pkg-config gettext libxml2-utils
  libglib2.0-dev libvirt-dev libvirt-glib-1.0-dev libxml2-dev libyaml-dev
  libisofs-dev libjson-glib-dev libosinfo-1.0-dev libsoup-3.0-dev osinfo-db libgtk-4-dev libadwaita-1-dev libvte-2.91-gtk4-dev
  desktop-file-utils appstream bash-completion
  libcrypt-dev libgnutls28-dev
)
run=(
  openssh-client libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils dnsmasq-base
)
test=(
  xvfb xauth dbus-daemon imagemagick cloud-init genisoimage python3-yaml
  mmdebstrap extlinux e2fsprogs fdisk mount iproute2 procps
  virtinst xdotool tini
  flatpak-builder groff-base python3
  clang xz-utils zstd bzip2 stress-ng
  haproxy keepalived ipvsadm
  openssh-server netcat-openbsd
  qemu-system-arm qemu-efi-aarch64                  # the emulated arm64 node
  qemu-user-static binfmt-support arch-test         # its image, built on x86
  dosfstools mtools cpio
)

case "${1:-}" in
  app)  packages=("${build[@]}" "${run[@]}") ;;
  test) packages=("${build[@]}" "${run[@]}" "${test[@]}") ;;
  *)    echo "usage: $0 app|test" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

echo "Installing: ${missing[*]}"
# haproxy and keepalived (only their checkers are used: haproxy -c,
# keepalived -t) would start their services on install; a policy-rc.d that
# refuses every start keeps them off, and goes again afterwards.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\n# install-deps.sh: start no service while installing\nexit 101\n' |
    "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
  "${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
  trap '"${sudo[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
fi
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
# libvirt's and dbus' maintainer scripts try to start services; on machines
# without an init system that fails harmlessly, so keep going.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"

# openssh-server's maintainer scripts may start this machine's sshd. The
# remote tests start their own on a loopback port (tests/e2e/loopback-sshd.sh):
# stop the one the install started, and only that one.
if [[ " ${missing[*]} " == *" openssh-server "* ]] && [ -s /run/sshd.pid ]; then
  "${sudo[@]}" kill "$(cat /run/sshd.pid)" 2>/dev/null || true
fi
