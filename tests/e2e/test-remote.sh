#!/bin/bash
# test-remote.sh — a lab on another machine: a libvirt host reached over SSH
# (issue 14), on a loopback "remote": an sshd this test starts on a
# loopback port with throwaway keys (loopback-sshd.sh), in front of the
# machine's own libvirt daemon.
#
# One two-node cluster is created and waited for through qemu+ssh://
# (the command= of the URI is ssh with the throwaway known_hosts, see
# loopback-sshd.sh); its nodes answer `ssh -F ssh_config NODE hostname` through the jump to
# the host, with StrictHostKeyChecking=yes, and the user's known_hosts stays
# as it was; the serial console, the exports and the subnet check (it sees
# the host's libvirt networks) work. Then it is listed, reset, waited for,
# reached by ssh again and destroyed. qemu+libssh:// is refused, with a
# message that says to use qemu+ssh:// (libvirt 9.0's client crashes or
# stalls on that transport, see docs/remote.md), and nothing crashes. Last,
# what goes wrong on the way, each with its own message: a wrong port, a key
# the host refuses, no libvirt daemon behind the login (socket= names a
# missing socket, so the shared daemon is never stopped).
#
# Needs root, a running libvirtd (build-aux/run-tests.sh starts one) and
# /usr/sbin/sshd. Environment as for test-e2e.sh.

set -uo pipefail

E2E_WHAT=remote
# shellcheck source=e2e-lib.sh
. "$(dirname "$0")/e2e-lib.sh"

cluster=${SLIPWAY_E2E_REMOTE_CLUSTER:-e2eremote}
subnet_prefix=${SLIPWAY_E2E_REMOTE_SUBNET_PREFIX:-10.231.61}
boot_timeout=${SLIPWAY_E2E_BOOT_TIMEOUT:-900}
sshd_dir=$work/sshd

cleanup () {
  if [ -n "${ssh_uri:-}" ]; then
    for name in "$cluster" "${cluster}b"; do
      "$SLIPWAYCTL" --connect "$ssh_uri" destroy "$name" --yes --quiet >/dev/null 2>&1 || true
    done
  fi
  bash "$here/loopback-sshd.sh" stop "$sshd_dir"
  summary
}
trap cleanup EXIT

require_daemon
if [ ! -x /usr/sbin/sshd ]; then
  not_ok "/usr/sbin/sshd is installed (openssh-server)"
  exit 1
fi

# The user's own known_hosts, here and in the passwd entry's home (ssh
# reads that one): never written.
mkdir -p "$HOME/.ssh"
printf 'example.invalid ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2eSlipwayMustNeverTouchThisLine00000000\n' > "$HOME/.ssh/known_hosts"
cp "$HOME/.ssh/known_hosts" "$work/known_hosts.before"
real_known=$(getent passwd "$(id -u)" | cut -d: -f6)/.ssh/known_hosts
real_known_before=$(sha256sum "$real_known" 2>/dev/null || echo absent)

port=$(bash "$here/loopback-sshd.sh" start "$sshd_dir") || { not_ok "the loopback sshd starts"; exit 1; }
ok "the loopback sshd listens on 127.0.0.1:$port"
keys="keyfile=$sshd_dir/user_key&known_hosts=$sshd_dir/known_hosts"
remote_uri="qemu+libssh://root@127.0.0.1:$port/system?$keys&sshauth=privkey"
ssh_uri="qemu+ssh://root@127.0.0.1:$port/system?$keys&command=$sshd_dir/ssh-wrapper"
# libvirt 9.0's libssh transport crashes or stalls (see docs/remote.md):
# Slipway refuses it, and the cluster's life runs through qemu+ssh://.
uri=$ssh_uri
log "remote: $ssh_uri"

# A leftover of an earlier run goes first.
"$SLIPWAYCTL" --connect "$uri" destroy "$cluster" --yes --quiet >/dev/null 2>&1 || true

{
  printf '[cluster]\nname=%s\nsubnet=%s.0/24\nnetwork=isolated\nimage=%s\naccelerator=tcg\n\n' \
    "$cluster" "$subnet_prefix" "$image"
  printf '[gateway]\ncount=0\n\n[control]\ncount=0\n\n'
  printf '[worker]\ncount=2\nvcpus=1\nmemory=512MiB\ndisk=2GiB\n'
} > "$work/$cluster.conf"

log "create and wait through $ssh_uri"
succeeds "create of a two-node cluster on the remote host" create "$work/$cluster.conf" --quiet
succeeds "wait: both nodes ready through the jump" wait "$cluster" --timeout "$boot_timeout"

folder="root@127.0.0.1_${port}_system"
cdir=$XDG_DATA_HOME/slipway/hosts/$folder/clusters/$cluster
config=$cdir/ssh_config
check "the cluster's files are kept per host ($folder)" test -f "$config" -a -f "$cdir/id_ed25519"
check "nothing in the local clusters' folder" test ! -e "$XDG_DATA_HOME/slipway/clusters/$cluster"
check "ssh_config jumps through the libvirt host with the URI's port and key" \
  bash -c 'grep -q "^  ProxyJump libvirt-host.slipway.invalid$" "$0" &&
           grep -q "^  Port $1$" "$0" && grep -q "^  IdentityFile \"$2\"$" "$0" &&
           grep -q "^  UserKnownHostsFile \"$3\"$" "$0"' \
  "$config" "$port" "$sshd_dir/user_key" "$sshd_dir/known_hosts"

for node in worker0 worker1; do
  out=$(ssh -F "$config" -o StrictHostKeyChecking=yes -o BatchMode=yes "$node" hostname 2> "$work/ssh.err")
  show ssh "$work/ssh.err"
  check "ssh -F ssh_config $node hostname through the jump says $node" test "$out" = "$node"
done
check "the jump logged in to the loopback sshd" grep -q "Accepted publickey for root" "$sshd_dir/sshd.log"

log "the serial console through the remote connection"
console_out=$work/console.out
( sleep 3; printf '\r'; sleep 5 ) | timeout 20 "$SLIPWAYCTL" --connect "$uri" console "$cluster" worker0 > "$console_out" 2>&1
check "the serial console shows worker0's login prompt" grep -q "worker0 login:" "$console_out"

log "exports"
succeeds "export ssh-config" export "$cluster" --format ssh-config
check "the exported ssh_config carries the jump" grep -q "^Host libvirt-host.slipway.invalid$" "$work/out"
succeeds "export ansible" export "$cluster" --format ansible
check "the Ansible inventory hands ssh the cluster's ssh_config" grep -qF -- "-F '$config'" "$work/out"
common_args=$(sed -n 's/^ansible_ssh_common_args=//p' "$work/out")
eval "set -- $common_args"
# worker1 is node 1: address .11.
out=$(ssh "$@" -o BatchMode=yes -i "$cdir/id_ed25519" -l debian "$subnet_prefix.11" hostname 2> "$work/ssh.err")
show ssh "$work/ssh.err"
check "ssh with the inventory's own options reaches worker1 by address" test "$out" = worker1

log "the subnet check asks the remote host"
sed "s/^name=$cluster$/name=${cluster}b/" "$work/$cluster.conf" > "$work/${cluster}b.conf"
fails "a second cluster on the same subnet is refused" create "$work/${cluster}b.conf"
check "naming the remote host's libvirt network that has it" grep -q "slipway-$cluster" "$work/err"

log "qemu+libssh:// once the cluster exists: refused, never a crash"
uri=$remote_uri
for cmd in list "status $cluster" "export $cluster --format ssh-config" "wait $cluster --timeout 60"; do
  # shellcheck disable=SC2086
  slipwayctl $cmd > "$work/out" 2> "$work/err"
  rc=$?
  check "$cmd through qemu+libssh:// fails with exit code 1 (was $rc), no signal" test "$rc" -eq 1
  check "saying to use qemu+ssh:// instead" \
    grep -q "cannot connect through “qemu+libssh://”.*Use “qemu+ssh://” with the same user" "$work/err"
done
uri=$ssh_uri
succeeds "list through qemu+ssh:// shows the cluster" list
check "it is there" grep -q "$cluster" "$work/out"
succeeds "reset worker0 through qemu+ssh://" reset "$cluster" worker0 --quiet
succeeds "wait after the reset through qemu+ssh://" wait "$cluster" --timeout "$boot_timeout"
out=$(ssh -F "$config" -o StrictHostKeyChecking=yes -o BatchMode=yes worker0 hostname 2> "$work/ssh.err")
show ssh "$work/ssh.err"
check "worker0 answers through the jump after the reset, same host key" test "$out" = worker0
succeeds "slipwayctl ssh through qemu+ssh://" ssh "$cluster" worker1 -- hostname
check "it ran on worker1" grep -qx worker1 "$work/out"

log "what goes wrong on the way"
uri="qemu+ssh://root@127.0.0.1:1/system?$keys&command=$sshd_dir/ssh-wrapper"
fails "a wrong port fails" list
check "saying the host cannot be reached, and to check the port" \
  grep -q "Could not reach 127.0.0.1: .*Check the host name and the port" "$work/err"
ssh-keygen -q -t ed25519 -N '' -f "$work/stranger_key"
uri="qemu+ssh://root@127.0.0.1:$port/system?keyfile=$work/stranger_key&known_hosts=$sshd_dir/known_hosts&command=$sshd_dir/ssh-wrapper"
fails "a key the host refuses fails" list
check "saying the login failed, and to check the key" \
  grep -q "Could not log in to 127.0.0.1 over SSH: .*keyfile=" "$work/err"
uri="$ssh_uri&socket=/run/slipway-test-no-such-daemon/libvirt-sock"
fails "no libvirt daemon behind the login fails" list
check "saying libvirt is not running there" \
  grep -q "Logged in to 127.0.0.1, but libvirt is not running there" "$work/err"

log "destroy through qemu+ssh://"
uri=$ssh_uri
succeeds "destroy" destroy "$cluster" --yes --quiet
check "no domain or network of the cluster is left" \
  bash -c '! virsh -q -c qemu:///system list --all --name | grep -q "^$0-" &&
           ! virsh -q -c qemu:///system net-list --all --name | grep -qx "slipway-$0"' "$cluster"
check "the user's known_hosts is untouched" cmp -s "$work/known_hosts.before" "$HOME/.ssh/known_hosts"
check "the account's own known_hosts is untouched" \
  test "$(sha256sum "$real_known" 2>/dev/null || echo absent)" = "$real_known_before"
ssh_uri=
