#!/bin/bash
# test-e2e.sh — Slipway end to end, on a real libvirt daemon with QEMU (TCG).
#
# slipwayctl creates a two-node cluster (gateway + one worker) on an isolated
# network from a Debian 12 image this suite builds and caches itself, then
# checks what a person would: reserved addresses, SSH with the cluster key,
# names resolving in the cluster domain, the serial console, a reset that
# brings a node back fresh at the same address, and a destroy that leaves
# nothing behind.
#
# Needs root and a running libvirtd (build-aux/run-tests.sh starts one).
# Environment: SLIPWAYCTL (the binary), SLIPWAY_TEST_CACHE (image cache,
# default /var/cache/slipway-tests).

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${SLIPWAYCTL:?SLIPWAYCTL must name the slipwayctl binary}"
uri=qemu:///system
cluster=e2e
domain=e2e.test
subnet_prefix=10.231.47
cache=${SLIPWAY_TEST_CACHE:-/var/cache/slipway-tests}
image=$cache/debian-12-slipway-test.qcow2
boot_timeout=${SLIPWAY_E2E_BOOT_TIMEOUT:-900}

passed=0
failed=0
work=$(mktemp -d /tmp/slipway-e2e.XXXXXX)
export XDG_DATA_HOME=$work/data
export LIBVIRT_DEFAULT_URI=$uri

log () { printf '# %s\n' "$*"; }
ok () { passed=$((passed + 1)); printf 'ok %d - %s\n' $((passed + failed)) "$1"; }
not_ok () { failed=$((failed + 1)); printf 'not ok %d - %s\n' $((passed + failed)) "$1"; }
check () {
  local what=$1; shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}

slipwayctl () { "$SLIPWAYCTL" --connect "$uri" "$@"; }

finish () {
  # Whatever happened, leave no cluster behind.
  slipwayctl destroy "$cluster" --yes --quiet >/dev/null 2>&1 || true
  rm -rf "$work"
  echo "1..$((passed + failed))"
  echo "$passed passed, $failed failed"
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
if ! "$here/build-image.sh" "$image" > "$work/image.log" 2>&1; then
  sed 's/^/#   /' "$work/image.log"
  not_ok "the guest image builds"
  exit 1
fi
ok "the guest image builds"

# A crashed earlier run may have left the cluster: it is ours, remove it.
slipwayctl destroy "$cluster" --yes --quiet >/dev/null 2>&1 || true

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

gateway_ip=$subnet_prefix.10
worker_ip=$subnet_prefix.11
key=$XDG_DATA_HOME/slipway/clusters/$cluster/id_ed25519

log "Creating the cluster"
start=$(date +%s)
check "slipwayctl create succeeds" slipwayctl create --quiet "$work/$cluster.conf"
log "create took $(( $(date +%s) - start )) s"

check "the cluster key is private" test "$(stat -c %a "$key" 2>/dev/null)" = 600

guest () {
  local ip=$1; shift
  ssh -i "$key" -F /dev/null -o BatchMode=yes -o ConnectTimeout=5 \
      -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
      "debian@$ip" "$@"
}

wait_ssh () {
  local ip=$1 deadline=$(( $(date +%s) + boot_timeout ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if guest "$ip" true 2>/dev/null; then
      return 0
    fi
    sleep 5
  done
  return 1
}

log "Waiting for SSH on both nodes (TCG boots take a while)"
start=$(date +%s)
check "gateway accepts SSH with the cluster key at its reserved address" wait_ssh "$gateway_ip"
check "worker0 accepts SSH with the cluster key at its reserved address" wait_ssh "$worker_ip"
log "both nodes reachable after $(( $(date +%s) - start )) s"

check "gateway's hostname is gateway" test "$(guest "$gateway_ip" hostname 2>/dev/null)" = gateway
check "worker0's hostname is worker0" test "$(guest "$worker_ip" hostname 2>/dev/null)" = worker0
check "gateway holds its reserved address" \
  sh -c "ip=\$(ssh -i '$key' -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR debian@$gateway_ip ip -4 -o addr show scope global); echo \"\$ip\" | grep -q ' $gateway_ip/24 '"

leases=$(virsh -q -c "$uri" net-dhcp-leases "slipway-$cluster" 2>/dev/null || true)
printf '%s\n' "$leases" | sed 's/^/#   /'
check "the DHCP lease of gateway is its reservation" grep -q "$gateway_ip/24 *gateway" <<<"$leases"
check "the DHCP lease of worker0 is its reservation" grep -q "$worker_ip/24 *worker0" <<<"$leases"

check "gateway resolves worker0.$domain" \
  test "$(guest "$gateway_ip" getent hosts "worker0.$domain" 2>/dev/null | awk '{print $1}')" = "$worker_ip"
check "worker0 resolves gateway.$domain" \
  test "$(guest "$worker_ip" getent hosts "gateway.$domain" 2>/dev/null | awk '{print $1}')" = "$gateway_ip"
check "worker0 resolves the host as vmhost.$domain" \
  test "$(guest "$worker_ip" getent hosts "vmhost.$domain" 2>/dev/null | awk '{print $1}')" = "$subnet_prefix.1"

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

log "Reset of worker0 brings it back fresh, at the same address"
check "a marker file is written on worker0" guest "$worker_ip" 'echo slipway > ~/marker && sync && test -f ~/marker'
start=$(date +%s)
check "slipwayctl reset of worker0 succeeds" slipwayctl reset --quiet "$cluster" worker0
check "worker0 accepts SSH again at the same address" wait_ssh "$worker_ip"
log "worker0 back after $(( $(date +%s) - start )) s"
check "the marker file is gone after the reset" guest "$worker_ip" 'test ! -e ~/marker'
check "worker0 is still worker0" test "$(guest "$worker_ip" hostname 2>/dev/null)" = worker0
check "gateway was not reset" test "$(guest "$gateway_ip" 'cat /proc/uptime | cut -d. -f1')" -gt "$(( $(date +%s) - start - 5 ))"

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
