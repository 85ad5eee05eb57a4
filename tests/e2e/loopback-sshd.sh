#!/bin/bash
# loopback-sshd.sh — a throwaway OpenSSH server on a loopback port, the
# "remote" libvirt host of the remote tests (test-remote.sh, test-e2e-gui).
#
#   usage: tests/e2e/loopback-sshd.sh start DIR    prints the port
#          tests/e2e/loopback-sshd.sh stop DIR
#
# start makes, in DIR: a host key and a user key (no passphrase) of their
# own, an sshd_config that takes that user key for root and nothing else
# (no passwords, no PAM), a known_hosts that pins the host key under
# [127.0.0.1]:PORT, and ssh-wrapper: ssh with that known_hosts, checked
# strictly, for the `command=` of a qemu+ssh:// URI (libvirt 9.0's ssh
# transport ignores `known_hosts=`, and ssh takes the home folder from the
# passwd entry, not from $HOME: the wrapper keeps root's own
# ~/.ssh/known_hosts out of it). sshd runs in the background with its own
# pid file; stop ends that pid and nothing else.
# Needs root and /usr/sbin/sshd (Debian: openssh-server).

set -euo pipefail

cmd=${1:?usage: loopback-sshd.sh start|stop DIR}
dir=${2:?usage: loopback-sshd.sh start|stop DIR}

case $cmd in
  stop)
    if [ -s "$dir/sshd.pid" ]; then
      kill "$(cat "$dir/sshd.pid")" 2>/dev/null || true
      rm -f "$dir/sshd.pid"
    fi
    exit 0
    ;;
  start) ;;
  *) echo "usage: loopback-sshd.sh start|stop DIR" >&2; exit 2 ;;
esac

[ -x /usr/sbin/sshd ] || { echo "loopback-sshd: no /usr/sbin/sshd (install openssh-server)" >&2; exit 1; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
rm -f "$dir/host_key" "$dir/host_key.pub" "$dir/user_key" "$dir/user_key.pub"
ssh-keygen -q -t ed25519 -N '' -C slipway-test-host -f "$dir/host_key"
ssh-keygen -q -t ed25519 -N '' -C slipway-test-user -f "$dir/user_key"
cp "$dir/user_key.pub" "$dir/authorized_keys"
# The privilege separation folder sshd wants; Debian's init script makes it.
mkdir -p /run/sshd

# A free loopback port: sshd refuses a taken one, then the next is tried.
for _ in 1 2 3 4 5; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat > "$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
AllowTcpForwarding yes
CONF
  rm -f "$dir/sshd.pid"
  # Daemonizes once it listens; its child writes the pid file.
  if /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"; then
    for _ in $(seq 200); do [ -s "$dir/sshd.pid" ] && break; sleep 0.05; done
  fi
  if [ -s "$dir/sshd.pid" ]; then
    printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$dir/host_key.pub")" > "$dir/known_hosts"
    cat > "$dir/ssh-wrapper" <<WRAP
#!/bin/sh
exec ssh -o UserKnownHostsFile=$dir/known_hosts -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o UpdateHostKeys=no "\$@"
WRAP
    chmod +x "$dir/ssh-wrapper"
    echo "$port"
    exit 0
  fi
done
echo "loopback-sshd: sshd did not start; see $dir/sshd.log" >&2
exit 1
