#!/bin/bash
# test-e2e.sh — Slipway end to end, on a real libvirt daemon with QEMU (TCG).
#
# slipwayctl creates a two-node cluster (gateway + one worker) on an isolated
# network from a Debian 12 image this suite builds and caches itself, then
# checks what a person would: reserved addresses, SSH with the cluster key,
# names resolving in the cluster domain, the serial console, checkpoints (the
# baseline `wait` takes, a reset that restores it without a boot and sets
# the clock through the QEMU guest agent, a restore of the whole cluster
# with one node's agent stopped (its clock set over SSH), a rebuild that
# brings a node back fresh at the same address), and a destroy that leaves
# nothing behind.
#
# SSH trust (issue 3): every ssh here goes through the cluster's own
# ssh_config with StrictHostKeyChecking=yes and the host keys Slipway pinned;
# `slipwayctl wait` tells when the nodes are ready; a reset brings a node
# back with the same identity (no changed-key warning); a host key replaced
# behind Slipway's back is reported, not trusted; a console password and
# console autologin work; the user's own ~/.ssh/known_hosts is untouched.
#
# Needs root and a running libvirtd (build-aux/run-tests.sh starts one).
# Environment: SLIPWAYCTL (the binary), SLIPWAY_TEST_CACHE (image cache,
# default /var/cache/slipway-tests), SLIPWAY_E2E_IMAGE (use this image
# instead of building one).

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${SLIPWAYCTL:?SLIPWAYCTL must name the slipwayctl binary}"
uri=qemu:///system
# Overridable, so that two runs on one host never meet.
cluster=${SLIPWAY_E2E_CLUSTER:-e2e}
domain=$cluster.test
subnet_prefix=${SLIPWAY_E2E_SUBNET_PREFIX:-10.231.47}
subnet2_prefix=${SLIPWAY_E2E_SUBNET2_PREFIX:-10.231.48}
cache=${SLIPWAY_TEST_CACHE:-/var/cache/slipway-tests}
image=${SLIPWAY_E2E_IMAGE:-$cache/debian-12-slipway-test.qcow2}
boot_timeout=${SLIPWAY_E2E_BOOT_TIMEOUT:-900}

passed=0
failed=0
work=$(mktemp -d /tmp/slipway-e2e.XXXXXX)
export XDG_DATA_HOME=$work/data
export LIBVIRT_DEFAULT_URI=$uri
# The user's own known_hosts must come out byte for byte the same: a fake
# home with one, and the real home of this account (ssh reads the passwd
# entry, not $HOME) checked as well.
real_home=$(getent passwd "$(id -u)" | cut -d: -f6)
real_known=$real_home/.ssh/known_hosts
real_known_before=$(sha256sum "$real_known" 2>/dev/null || echo absent)
export HOME=$work/home
mkdir -p "$HOME/.ssh"
printf 'example.invalid ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2eSlipwayMustNeverTouchThisLine00000000\n' > "$HOME/.ssh/known_hosts"
cp "$HOME/.ssh/known_hosts" "$work/known_hosts.before"
cluster2=${cluster}auto
password='e2e console pass'


# What slipwayctl said on stderr outside a check, as TAP comments: shown
# by the next log line or check.
flush_stderr () {
  if [ -s "$work/stderr.log" ]; then cat "$work/stderr.log"; : > "$work/stderr.log"; fi
}
log () { flush_stderr; printf '# %s\n' "$*"; }
ok () { passed=$((passed + 1)); printf 'ok %d - %s\n' $((passed + failed)) "$1"; }
not_ok () { failed=$((failed + 1)); printf 'not ok %d - %s\n' $((passed + failed)) "$1"; }
# WHAT COMMAND...: one test. What COMMAND says on stderr goes into the log
# as TAP comments, before its verdict, whether it passes or not.
check () {
  local what=$1; shift
  local rc=0
  local in_check=1
  flush_stderr
  "$@" 2> "$work/check.err" || rc=$?
  if [ -s "$work/check.err" ]; then sed 's/^/#   stderr: /' "$work/check.err"; fi
  if [ "$rc" -eq 0 ]; then ok "$what"; else not_ok "$what"; fi
}

# Outside a check, stderr still reaches the caller's redirection, and a
# copy goes into the log (check() logs everything itself).
slipwayctl () {
  local rc=0 err
  if [ -n "${in_check:-}" ]; then "$SLIPWAYCTL" --connect "$uri" "$@"; return; fi
  err=$(mktemp "$work/slipwayctl.XXXXXX")
  "$SLIPWAYCTL" --connect "$uri" "$@" 2> "$err" || rc=$?
  cat "$err" >&2
  sed "s/^/#   slipwayctl $1: /" "$err" >> "$work/stderr.log"
  rm -f "$err"
  return "$rc"
}

not_running () { ! kill -0 "$1" 2>/dev/null; }

# COMMAND...: runs it with its standard output as TAP comments.
commented () { "$@" | sed 's/^/#   /'; return "${PIPESTATUS[0]}"; }

# The progress of create, without a terminal, as plain lines in create.err.
create_logged () { slipwayctl create "$1" > "$work/create.out" 2> "$work/create.err"; }

finish () {
  # Whatever happened, leave no cluster behind.
  slipwayctl destroy "$cluster" --yes --quiet >/dev/null 2>&1 || true
  slipwayctl destroy "$cluster2" --yes --quiet >/dev/null 2>&1 || true
  flush_stderr
  rm -rf "$work"
  echo "1..$((passed + failed))"
  echo "# $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
trap 'finish; exit $?' EXIT

if [ "$(id -u)" -ne 0 ]; then
  not_ok "runs as root (needed for qemu:///system and the image build)"
  exit 1
fi
if ! virsh -q -c "$uri" version >/dev/null 2>&1; then
  not_ok "a libvirt daemon answers at $uri (start one with tests/e2e/libvirtd-up.sh)"
  exit 1
fi

log "Building or reusing the guest image $image"
mkdir -p "$cache"
if [ -n "${SLIPWAY_E2E_IMAGE:-}" ]; then
  log "SLIPWAY_E2E_IMAGE is set: using $image as it is"
elif ! "$here/build-image.sh" "$image" > "$work/image.log" 2>&1; then
  sed 's/^/#   /' "$work/image.log"
  not_ok "the guest image builds"
  exit 1
fi
ok "the guest image builds"

# A crashed earlier run may have left the cluster: it is ours, remove it.
slipwayctl destroy "$cluster" --yes --quiet >/dev/null 2>&1 || true
slipwayctl destroy "$cluster2" --yes --quiet >/dev/null 2>&1 || true

cat > "$work/$cluster.conf" <<CONF
[cluster]
name=$cluster
domain=$domain
subnet=$subnet_prefix.0/24
network=isolated
image=$image
user=debian
accelerator=tcg

[gateway]
count=1
vcpus=1
memory=768MiB
disk=4GiB

[control]
count=0

[worker]
count=1
vcpus=1
memory=768MiB
disk=4GiB
CONF

# A console password, stored as its hash only.
printf '%s\n' "$password" | "$SLIPWAYCTL" set-password --quiet "$work/$cluster.conf"
check "set-password stores a SHA-512 hash" grep -q '^password-hash=\$6\$' "$work/$cluster.conf"
check "the cluster file never holds the password" bash -c '! grep -qF "$1" "$2"' _ "$password" "$work/$cluster.conf"

gateway_ip=$subnet_prefix.10
worker_ip=$subnet_prefix.11
key=$XDG_DATA_HOME/slipway/clusters/$cluster/id_ed25519
cfg=$XDG_DATA_HOME/slipway/clusters/$cluster/ssh_config

log "Creating the cluster"
start=$(date +%s)
# Without a terminal, progress comes as plain "[ 42%] node: step" lines.
check "slipwayctl create succeeds" create_logged "$work/$cluster.conf"
log "create took $(( $(date +%s) - start )) s"
grep -c '^\[' "$work/create.err" | sed 's/^/#   progress lines: /'
check "create's progress never goes back (uploads included)" \
  awk -F'[][%]' '/^\[ *[0-9]+%\]/ { p = $2 + 0; if (p < last) { print "#   " last "% then " $0; bad = 1 } last = p }
                 END { exit bad || last != 100 }' "$work/create.err"

check "the cluster key is private" test "$(stat -c %a "$key" 2>/dev/null)" = 600
for n in gateway worker0; do
  check "the pinned host key of $n is private" \
    test "$(stat -c %a "$XDG_DATA_HOME/slipway/clusters/$cluster/ssh_host_ed25519_key-$n" 2>/dev/null)" = 600
  seed=$(virsh -q -c "$uri" vol-path "$cluster-$n-seed.iso" --pool slipway 2>/dev/null)
  log "seed of $n: $(stat -c '%a %U:%G %n' "$seed" 2>&1)"
  check "the seed of $n (it holds a private key) is readable by its owner only" \
    test "$(stat -c %a "$seed" 2>/dev/null)" = 600
  check "the seed of $n belongs to root or libvirt's qemu user" \
    bash -c 'case $(stat -c %U "$1") in root|libvirt-qemu) ;; *) exit 1;; esac' _ "$seed"
done
check "ssh_config pins the known_hosts, strictly" \
  bash -c 'ssh -G -F "$1" worker0 | grep -qx "stricthostkeychecking true" && ssh -G -F "$1" worker0 | grep -q "^userknownhostsfile $2"' _ "$cfg" "$XDG_DATA_HOME/slipway/clusters/$cluster/known_hosts"

# Every ssh below: the cluster's ssh_config, pinned keys, strict checking.
guest () {
  local node=$1; shift
  ssh -F "$cfg" -o BatchMode=yes -o ConnectTimeout=5 -o StrictHostKeyChecking=yes "$node" "$@"
}

wait_ssh () {
  local node=$1 deadline=$(( $(date +%s) + boot_timeout ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if guest "$node" true 2>/dev/null; then
      return 0
    fi
    sleep 5
  done
  return 1
}

log "slipwayctl wait: both nodes ready (TCG boots take a while)"
start=$(date +%s)
check "slipwayctl wait returns 0 once every node is ready" \
  commented slipwayctl wait "$cluster" --timeout "$boot_timeout"
log "wait took $(( $(date +%s) - start )) s"

for n in gateway worker0; do
  out=$(guest "$n" hostname 2> "$work/ssh.err")
  check "ssh -F ssh_config $n hostname prints $n, with strict host key checking" test "$out" = "$n"
  check "ssh to $n printed no warning" test ! -s "$work/ssh.err"
  sed 's/^/#   stderr: /' "$work/ssh.err"
done
check "gateway accepts SSH with the cluster key at its reserved address" wait_ssh gateway
check "worker0 accepts SSH with the cluster key at its reserved address" wait_ssh worker0
check "slipwayctl ssh runs a command on worker0" test "$(slipwayctl ssh "$cluster" worker0 -- hostname -s 2>/dev/null)" = worker0
check "the node offers only its pinned ed25519 host key" \
  test "$(guest worker0 'ls /etc/ssh/ssh_host_*_key.pub' 2>/dev/null)" = /etc/ssh/ssh_host_ed25519_key.pub
# The image is 2 GiB, the node's disk 4 GiB: once the node is ready (cloud-init
# done), runcmd has grown the root partition and its file system.
root_size=$(guest worker0 df -B1 --output=size / 2>/dev/null | tail -n 1 | tr -d ' ')
log "worker0's root file system: ${root_size:-?} bytes"
check "worker0's root file system fills its 4 GiB disk once it is ready" \
  test "${root_size:-0}" -gt $((3 * 1024 * 1024 * 1024))
check "cloud-init's own growpart did not run (the seed turns it off)" \
  guest worker0 "sudo grep -q 'growpart disabled' /var/log/cloud-init.log"

status_json=$(slipwayctl status "$cluster" --json)
check "status --json reports both nodes ready" \
  python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if [n["readiness"] for n in d["nodes"]] == ["ready", "ready"] else 1)' <<<"$status_json"

slipwayctl export "$cluster" --format hosts > "$work/hosts"
check "export --format hosts gives every node's address and names" \
  bash -c 'grep -qP "^$1\tgateway.$3 gateway$" "$0" && grep -qP "^$2\tworker0.$3 worker0$" "$0"' "$work/hosts" "$gateway_ip" "$worker_ip" "$domain"
slipwayctl export "$cluster" --format ssh-config > "$work/exported_config"
check "export --format ssh-config is the cluster's ssh_config" cmp -s "$work/exported_config" "$cfg"
slipwayctl export "$cluster" --format ansible > "$work/inventory"
check "export --format ansible has the groups" \
  bash -c 'grep -qx "\[gateway\]" "$0" && grep -qx "\[worker\]" "$0" && grep -qx "\[nodes:children\]" "$0"' "$work/inventory"
# Ansible runs ssh with these options; so do we, against the inventory's own words.
inv_args=$(sed -n 's/^ansible_ssh_common_args=//p' "$work/inventory")
inv_key=$(sed -n 's/^ansible_ssh_private_key_file=//p' "$work/inventory")
check "ssh with the inventory's options reaches worker0" \
  bash -c 'key=$2 ip=$3; eval "set -- $1"; test "$(ssh -F /dev/null "$@" -o BatchMode=yes -i "$key" "debian@$ip" hostname)" = worker0' _ "$inv_args" "$inv_key" "$worker_ip"

check "gateway's hostname is gateway" test "$(guest gateway hostname 2>/dev/null)" = gateway
check "worker0's hostname is worker0" test "$(guest worker0 hostname 2>/dev/null)" = worker0
check "gateway holds its reserved address" \
  sh -c "ip=\$(ssh -F '$cfg' -o BatchMode=yes gateway ip -4 -o addr show scope global); echo \"\$ip\" | grep -q ' $gateway_ip/24 '"

leases=$(virsh -q -c "$uri" net-dhcp-leases "slipway-$cluster" 2>/dev/null || true)
printf '%s\n' "$leases" | sed 's/^/#   /'
check "the DHCP lease of gateway is its reservation" grep -q "$gateway_ip/24 *gateway" <<<"$leases"
check "the DHCP lease of worker0 is its reservation" grep -q "$worker_ip/24 *worker0" <<<"$leases"

check "gateway resolves worker0.$domain" \
  test "$(guest gateway getent hosts "worker0.$domain" 2>/dev/null | awk '{print $1}')" = "$worker_ip"
check "worker0 resolves gateway.$domain" \
  test "$(guest worker0 getent hosts "gateway.$domain" 2>/dev/null | awk '{print $1}')" = "$gateway_ip"
check "worker0 resolves the host as vmhost.$domain" \
  test "$(guest worker0 getent hosts "vmhost.$domain" 2>/dev/null | awk '{print $1}')" = "$subnet_prefix.1"

status_json=$(slipwayctl status "$cluster" --json)
check "status --json reports both nodes running" \
  python3 -c 'import json,sys; d=json.load(sys.stdin); s={n["name"]: n["state"] for n in d["nodes"]}; sys.exit(0 if s == {"gateway": "running", "worker0": "running"} else 1)' <<<"$status_json"
check "status --json gives the derived addresses" \
  python3 -c 'import json,sys; d=json.load(sys.stdin); s={n["name"]: n["ipv4"] for n in d["nodes"]}; sys.exit(0 if s == {"gateway": sys.argv[1], "worker0": sys.argv[2]} else 1)' \
  "$gateway_ip" "$worker_ip" <<<"$status_json"

log "The serial console through a libvirt stream"
console_out=$work/console.out
( sleep 3; printf '\r'; sleep 5 ) | timeout 20 "$SLIPWAYCTL" --connect "$uri" console "$cluster" worker0 > "$console_out" 2>&1
sed -n '$p' "$console_out" | cut -c1-200 | sed 's/^/#   /'
check "the serial console shows worker0's login prompt" grep -q "worker0 login:" "$console_out"

log "A console that another program has is left alone, unless --force"
# The holder: input that never ends, so only a closed console ends it.
sleep 120 | "$SLIPWAYCTL" --connect "$uri" console "$cluster" worker0 > "$work/holder.out" 2>&1 &
holder=$!
sleep 3
check "the first console client is attached" kill -0 "$holder"
timeout 20 "$SLIPWAYCTL" --connect "$uri" console "$cluster" worker0 < /dev/null \
  > /dev/null 2> "$work/busy.err"
busy_rc=$?
sed 's/^/#   stderr: /' "$work/busy.err"
check "a second client without --force exits 1" test "$busy_rc" -eq 1
check "and says another program has the console" grep -q "in use by another program" "$work/busy.err"
check "and tells how to take it over" grep -q -- "--force" "$work/busy.err"
check "the first client is still attached" kill -0 "$holder"
( sleep 2; printf '\r'; sleep 3 ) |
  timeout 10 "$SLIPWAYCTL" --connect "$uri" console --force "$cluster" worker0 > "$work/force.out" 2>&1
check "console --force takes the console and sees worker0" grep -q "worker0 login:" "$work/force.out"
for _ in $(seq 20); do kill -0 "$holder" 2>/dev/null || break; sleep 0.5; done
check "the first client was disconnected by --force" not_running "$holder"
wait "$holder"
holder_rc=$?
tail -n 1 "$work/holder.out" | cut -c1-200 | sed 's/^/#   /'
check "the disconnected client exits 1" test "$holder_rc" -eq 1
check "and says another program may have taken the console" grep -q "taken it over" "$work/holder.out"

log "Checkpoints: the baseline wait took, restores without a boot"
checkpoints_json=$(slipwayctl checkpoint list "$cluster" --json)
printf '%s\n' "$checkpoints_json" | sed 's/^/#   /'
check "wait took a complete baseline" \
  python3 -c 'import json,sys; d=json.load(sys.stdin); c=[c for c in d["checkpoints"] if c["name"] == "baseline"]; sys.exit(0 if c and c[0]["baseline"] and c[0]["complete"] and c[0]["nodes"] == ["gateway", "worker0"] else 1)' <<<"$checkpoints_json"
boot_gateway=$(guest gateway cat /proc/sys/kernel/random/boot_id 2>/dev/null)
boot_worker=$(guest worker0 cat /proc/sys/kernel/random/boot_id 2>/dev/null)
cloud_worker=$(guest worker0 'sudo stat -c %Y /var/lib/cloud/instance/boot-finished' 2>/dev/null)
check "a marker file is written on worker0" guest worker0 'echo slipway > ~/marker && sync && test -f ~/marker'
check "a marker file is written on gateway" guest gateway 'echo slipway > ~/marker && sync && test -f ~/marker'

# The guest clock against the host's, in whole seconds, with the ssh time.
clock_ok () {
  local before after guest_now
  before=$(date +%s)
  guest_now=$(guest "$1" date +%s 2>/dev/null) || return 1
  after=$(date +%s)
  printf '#   %s: guest %s, host %s..%s\n' "$1" "$guest_now" "$before" "$after"
  test "$guest_now" -ge $(( before - 2 )) && test "$guest_now" -le $(( after + 2 ))
}

log "Reset of worker0 restores the baseline: no boot, same address and identity"
sleep 5   # so that a clock left at the checkpoint's time shows
start=$(date +%s.%N)
check "slipwayctl reset of worker0 succeeds" slipwayctl reset --quiet "$cluster" worker0
log "reset returned after $(python3 -c "import sys,time; print(round(time.time() - float(sys.argv[1]), 1))" "$start") s"
check "slipwayctl wait returns 0 after the reset" commented slipwayctl wait "$cluster" --timeout "$boot_timeout"
log "worker0 ready after $(python3 -c "import sys,time; print(round(time.time() - float(sys.argv[1]), 1))" "$start") s"
out=$(guest worker0 hostname 2> "$work/ssh.err")
check "after the reset, ssh (StrictHostKeyChecking=yes) worker0 hostname works at once" test "$out" = worker0
check "after the reset, no changed-key warning (stderr empty)" test ! -s "$work/ssh.err"
sed 's/^/#   stderr: /' "$work/ssh.err"
check "the marker file is gone from worker0 after the reset" guest worker0 'test ! -e ~/marker'
check "gateway's marker file is kept" guest gateway 'test -f ~/marker'
check "worker0 did not boot again (same boot id)" test "$(guest worker0 cat /proc/sys/kernel/random/boot_id 2>/dev/null)" = "$boot_worker"
check "cloud-init did not run again on worker0" test "$(guest worker0 'sudo stat -c %Y /var/lib/cloud/instance/boot-finished' 2>/dev/null)" = "$cloud_worker"
check "worker0's clock is within 2 s of the host's" clock_ok worker0
check "gateway was not reset" test "$(guest gateway cat /proc/sys/kernel/random/boot_id 2>/dev/null)" = "$boot_gateway"

log "Restore of the whole cluster; gateway has no guest agent, so its clock is set over SSH"
# The agent's state is part of what a checkpoint holds: stopped before
# the save, it is stopped again after the restore.
check "the QEMU guest agent runs on gateway" guest gateway 'systemctl is-active --quiet qemu-guest-agent'
check "the guest agent of gateway stops" \
  guest gateway 'sudo systemctl stop qemu-guest-agent && ! systemctl is-active --quiet qemu-guest-agent'
guest gateway 'rm -f ~/marker && sync' 2>/dev/null
check "slipwayctl checkpoint save of the cluster succeeds" \
  slipwayctl checkpoint save --quiet "$cluster" e2e-agentless
check "a marker file is written on both nodes after the save" \
  bash -c 'for n in gateway worker0; do "$0" -F "$1" -o BatchMode=yes "$n" "echo slipway > ~/marker && sync" || exit 1; done' ssh "$cfg"
restore_logged () { slipwayctl checkpoint restore "$cluster" "$1" > "$work/restore.out" 2> "$work/restore.err"; }
sleep 3
start=$(date +%s.%N)
check "slipwayctl checkpoint restore of the cluster succeeds" restore_logged e2e-agentless
log "restore returned after $(python3 -c "import sys,time; print(round(time.time() - float(sys.argv[1]), 1))" "$start") s"
sed 's/^/#   /' "$work/restore.err"
check "gateway's clock was set over SSH (no guest agent)" grep -q '\] gateway: Setting the clock' "$work/restore.err"
check "worker0's clock was set through its guest agent" bash -c '! grep -q "\] worker0: Setting the clock" "$0"' "$work/restore.err"
check "gateway's clock is within 2 s of the host's" clock_ok gateway
check "worker0's clock is within 2 s of the host's" clock_ok worker0
check "slipwayctl wait returns 0 after the restore" commented slipwayctl wait "$cluster" --timeout "$boot_timeout"
log "both nodes ready after $(python3 -c "import sys,time; print(round(time.time() - float(sys.argv[1]), 1))" "$start") s"
check "after the restore, ssh to gateway works with the pinned key" test "$(guest gateway hostname 2>/dev/null)" = gateway
check "the marker files are gone from both nodes" bash -c '! "$0" -F "$1" -o BatchMode=yes gateway test -e marker && ! "$0" -F "$1" -o BatchMode=yes worker0 test -e marker' ssh "$cfg"
check "gateway did not boot again" test "$(guest gateway cat /proc/sys/kernel/random/boot_id 2>/dev/null)" = "$boot_gateway"
check "gateway's guest agent is still stopped, as it was saved" \
  guest gateway '! systemctl is-active --quiet qemu-guest-agent'

log "Rebuild of worker0 gives it a fresh disk, and deletes the checkpoints"
check "a marker file is written on worker0 again" guest worker0 'echo slipway > ~/marker && sync'
start=$(date +%s)
check "slipwayctl rebuild of worker0 succeeds" slipwayctl rebuild --quiet "$cluster" worker0
check "the rebuild deleted every checkpoint" \
  python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["checkpoints"] == [] else 1)' \
  <<<"$(slipwayctl checkpoint list "$cluster" --json)"
check "slipwayctl wait returns 0 after the rebuild" commented slipwayctl wait "$cluster" --timeout "$boot_timeout"
log "worker0 rebuilt and ready after $(( $(date +%s) - start )) s"
check "after the rebuild, ssh -F ssh_config worker0 hostname works at once" test "$(guest worker0 hostname 2>/dev/null)" = worker0
check "the marker file is gone after the rebuild" guest worker0 'test ! -e ~/marker'
check "worker0 booted again (a new boot id)" test "$(guest worker0 cat /proc/sys/kernel/random/boot_id 2>/dev/null)" != "$boot_worker"
check "wait took a new baseline after the rebuild" \
  python3 -c 'import json,sys; sys.exit(0 if [c["name"] for c in json.load(sys.stdin)["checkpoints"]] == ["baseline"] else 1)' \
  <<<"$(slipwayctl checkpoint list "$cluster" --json)"

log "The console password: log in on gateway's serial console"
console_out=$work/console-login.out
( sleep 3; printf '\r'; sleep 3; printf 'debian\r'; sleep 4; printf '%s\r' "$password"; sleep 6
  printf 'echo E2E-$((6*7))\r'; sleep 4 ) |
  timeout 30 "$SLIPWAYCTL" --connect "$uri" console "$cluster" gateway > "$console_out" 2>&1
tail -n 3 "$console_out" | cut -c1-200 | sed 's/^/#   /'
check "the password from set-password logs in on the serial console" grep -q "E2E-42" "$console_out"

log "A host key replaced behind Slipway's back is reported, not trusted"
guest gateway 'sudo rm -f /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub &&
  sudo ssh-keygen -q -t ed25519 -N "" -f /etc/ssh/ssh_host_ed25519_key && sudo systemctl restart ssh' \
  > /dev/null 2>&1
sleep 2
start=$(date +%s)
slipwayctl wait "$cluster" --timeout 120 > /dev/null 2> "$work/wait.err"
wait_status=$?
sed 's/^/#   /' "$work/wait.err" | tail -n 4
log "wait gave up after $(( $(date +%s) - start )) s"
check "slipwayctl wait fails on the replaced host key" test "$wait_status" -eq 1
check "slipwayctl wait names gateway as not trusted" \
  bash -c 'grep -q "Not trusted" "$0" && grep -q "gateway" "$0"' "$work/wait.err"
status_json=$(slipwayctl status "$cluster" --json)
check "status --json reports gateway's host key mismatch, worker0 ready" \
  python3 -c 'import json,sys; d=json.load(sys.stdin); r={n["name"]: n["readiness"] for n in d["nodes"]}; sys.exit(0 if r == {"gateway": "host-key-mismatch", "worker0": "ready"} else 1)' <<<"$status_json"
check "ssh with the pinned config refuses gateway" \
  bash -c '! ssh -F "$0" -o BatchMode=yes gateway true 2> "$1" && grep -q "Host key verification failed" "$1"' "$cfg" "$work/ssh.err"
check "slipwayctl reset of gateway succeeds" slipwayctl reset --quiet "$cluster" gateway
check "after the reset gateway is trusted again" commented slipwayctl wait "$cluster" --timeout "$boot_timeout"

log "cloud-init errors are reported, not called ready"
# A per-boot script that fails, and cloud-init's final stage run again on
# the running worker0: cloud-init itself records the error in result.json,
# as it would at boot; no new boot needed.
guest worker0 'printf "#!/bin/sh\necho slipway-e2e-fails >&2\nexit 3\n" |
  sudo tee /var/lib/cloud/scripts/per-boot/slipway-e2e-fail >/dev/null &&
  sudo chmod +x /var/lib/cloud/scripts/per-boot/slipway-e2e-fail &&
  sudo cloud-init modules --mode final' > /dev/null 2>&1
check "cloud-init's result on worker0 lists an error" \
  guest worker0 'python3 -c "import json,sys; sys.exit(0 if json.load(open(\"/run/cloud-init/result.json\"))[\"v1\"][\"errors\"] else 1)"'
slipwayctl wait "$cluster" --timeout 300 > /dev/null 2> "$work/wait.err"
wait_status=$?
sed 's/^/#   /' "$work/wait.err" | tail -n 3
check "slipwayctl wait fails on cloud-init's errors" test "$wait_status" -eq 1
check "slipwayctl wait names worker0 and the failed module" \
  bash -c 'grep -q "cloud-init finished with errors" "$0" && grep -q "worker0 (" "$0" && grep -q "scripts" "$0"' "$work/wait.err"
status_json=$(slipwayctl status "$cluster" --json)
check "status --json: worker0 ready with cloud-init errors, gateway ready" \
  python3 -c 'import json,sys; d=json.load(sys.stdin); n={x["name"]: x for x in d["nodes"]}; sys.exit(0 if n["worker0"]["readiness"] == "ready-with-errors" and n["worker0"]["cloud_init_errors"] and n["gateway"]["readiness"] == "ready" and n["gateway"]["cloud_init_errors"] == [] else 1)' <<<"$status_json"

log "Stop and start"
check "slipwayctl stop succeeds" slipwayctl stop --quiet "$cluster"
check "every node is stopped" \
  sh -c "'$SLIPWAYCTL' --connect '$uri' status '$cluster' --json | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if all(n[\"state\"] == \"stopped\" for n in d[\"nodes\"]) else 1)'"

log "Destroy leaves nothing"
check "slipwayctl destroy succeeds" slipwayctl destroy "$cluster" --yes --quiet
check "no domain of the cluster remains" \
  sh -c "! virsh -q -c '$uri' list --all --name | grep -q '^$cluster-'"
check "the cluster network is gone" \
  sh -c "! virsh -q -c '$uri' net-list --all --name | grep -qx 'slipway-$cluster'"
check "no volume of the cluster remains" \
  sh -c "! virsh -q -c '$uri' vol-list slipway | grep -q ' *$cluster-'"
check "status of the destroyed cluster says not found (exit 4)" \
  sh -c "'$SLIPWAYCTL' --connect '$uri' status '$cluster' >/dev/null 2>&1; test \$? -eq 4"

log "Console autologin: a one-node cluster whose serial console logs in by itself"
cat > "$work/$cluster2.conf" <<CONF
[cluster]
name=$cluster2
domain=$cluster2.test
subnet=$subnet2_prefix.0/24
network=isolated
image=$image
user=debian
accelerator=tcg
console-autologin=true

[gateway]
count=0

[control]
count=0

[worker]
count=1
vcpus=1
memory=768MiB
disk=4GiB
CONF
start=$(date +%s)
check "slipwayctl create of $cluster2 succeeds" slipwayctl create --quiet "$work/$cluster2.conf"
check "slipwayctl wait for $cluster2 returns 0" slipwayctl wait --quiet "$cluster2" --timeout "$boot_timeout"
log "$cluster2 ready after $(( $(date +%s) - start )) s"
console_out=$work/console-auto.out
( sleep 3; printf '\r'; sleep 3; printf 'echo AUTO-$((6*7)) $(id -un)\r'; sleep 4 ) |
  timeout 20 "$SLIPWAYCTL" --connect "$uri" console "$cluster2" worker0 > "$console_out" 2>&1
tail -n 3 "$console_out" | cut -c1-200 | sed 's/^/#   /'
check "the serial console gives a shell as debian without a login" grep -q "AUTO-42 debian" "$console_out"
check "slipwayctl destroy --delete-keys of $cluster2 succeeds" slipwayctl destroy "$cluster2" --yes --quiet --delete-keys
check "destroy --delete-keys removed the cluster's key folder" test ! -e "$XDG_DATA_HOME/slipway/clusters/$cluster2"

check "the user's ~/.ssh/known_hosts (\$HOME) is byte for byte unchanged" cmp -s "$work/known_hosts.before" "$HOME/.ssh/known_hosts"
check "the account's real ~/.ssh/known_hosts is unchanged" \
  test "$(sha256sum "$real_known" 2>/dev/null || echo absent)" = "$real_known_before"
