#!/bin/bash
# test-lb.sh — the gateway balances the Kubernetes API (issue 18), end to end.
#
# Two clusters, one per balancer, created together so that their TCG boots
# overlap: gateway + 2 control + 1 worker each, 512 MiB a node, on isolated
# networks, from the test image that carries haproxy, keepalived and ipvsadm
# (build-image.sh). On each control node a stub API server answers every
# connection to port 6443 with its host name. For each cluster:
#   - from the worker (by the name kubernetes.DOMAIN) and from this computer
#     (by the API address), connections reach both control nodes;
#   - slipwayctl status --json reads "2 of 2 backends up" from the balancer;
#   - control1 forced off: waiting on the state, every connection reaches
#     control0, and the balancer says 1 of 2;
#   - control1 started again: both are reached again;
#   - a checkpoint of the working lab; the balancer's program taken off the
#     gateway: status says "not installed", what is missing and why; the
#     checkpoint restored: both are reached again, 2 of 2 up.
# Waits are on states, bounded by generous guards (SLIPWAY_E2E_BOOT_TIMEOUT).
#
# Environment: SLIPWAYCTL, SLIPWAY_E2E_IMAGE (see e2e-lib.sh).

set -u
E2E_WHAT=lb
# shellcheck source=e2e-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/e2e-lib.sh"

# Only a guard: eight TCG nodes boot at once, and on a shared 2-core machine
# under load (load average 20) the first boot took 15 minutes.
boot_timeout=${SLIPWAY_E2E_BOOT_TIMEOUT:-1800}
guard=${SLIPWAY_E2E_LB_GUARD:-180}   # seconds for a fail-over to show
modes=(haproxy ipvs)
declare -A subnet=([haproxy]=10.247.71 [ipvs]=10.247.72)

cleanup () {
  local mode
  for mode in "${modes[@]}"; do
    slipwayctl destroy "e2elb-$mode" --yes --quiet >/dev/null 2>&1 || true
  done
  summary
}
trap cleanup EXIT

if [ "${SLIPWAY_E2E_REQUIRED:-0}" != 1 ] && ! virsh -q -c "$uri" version >/dev/null 2>&1; then
  echo "1..0 # SKIP no libvirt daemon at $uri"
  trap - EXIT
  rm -rf "$work"
  exit 0
fi
require_daemon
if [ ! -f "$image" ]; then
  not_ok "the test image $image exists (tests/e2e/build-image.sh)"
  exit 1
fi

write_lb_conf () {
  local mode=$1 role
  {
    printf '[cluster]\nname=e2elb-%s\nsubnet=%s.0/24\nnetwork=isolated\nimage=%s\n' \
      "$mode" "${subnet[$mode]}" "$image"
    printf 'accelerator=tcg\nbaseline=false\nload-balancer=%s\n' "$mode"
    for role in gateway:1 control:2 worker:1; do
      printf '\n[%s]\ncount=%s\nvcpus=1\nmemory=512MiB\ndisk=2GiB\n' "${role%:*}" "${role#*:}"
    done
  } > "$work/$mode.conf"
}

cfg_of () { echo "$XDG_DATA_HOME/slipway/clusters/e2elb-$1/ssh_config"; }
guest () {
  local mode=$1 node=$2; shift 2
  ssh -F "$(cfg_of "$mode")" -o BatchMode=yes -o ConnectTimeout=5 "$node" "$@"
}

# The stub API server, a unit that comes back when the node boots.
install_stub () {
  local mode=$1 node=$2
  guest "$mode" "$node" 'sudo tee /usr/local/bin/stub-api >/dev/null' <<'PY'
import socket, socketserver
class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall((socket.gethostname() + "\n").encode())
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(("", 6443), Handler).serve_forever()
PY
  guest "$mode" "$node" 'sudo tee /etc/systemd/system/stub-api.service >/dev/null' <<'UNIT'
[Unit]
Description=stub Kubernetes API server (test-lb.sh)
[Service]
ExecStart=/usr/bin/python3 /usr/local/bin/stub-api
Restart=always
[Install]
WantedBy=multi-user.target
UNIT
  guest "$mode" "$node" 'sudo systemctl daemon-reload && sudo systemctl enable --now stub-api.service'
}

# ROUNDS connections to the API, from the worker (by name) or from here (by
# address); prints the host names that answered, one a line.
from_worker () {
  local mode=$1 rounds=$2
  guest "$mode" worker0 "for i in \$(seq $rounds); do timeout 3 bash -c 'exec 3<>/dev/tcp/kubernetes.e2elb-$mode.test/6443 && head -n1 <&3' 2>/dev/null || echo none; done"
}
from_host () {
  local mode=$1 rounds=$2 api i
  api=$(api_of "$mode")
  for ((i = 0; i < rounds; i++)); do
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/6443" && head -n1 <&3' _ "$api" 2>/dev/null || echo none
  done
}
api_of () { slipwayctl status "e2elb-$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_ipv4"])'; }

# Both control nodes answer, and nothing else.
both () { [ "$(sort -u | tr '\n' ' ')" = "control0 control1 " ]; }
# Every connection reached control0.
only_control0 () { [ "$(sort -u | tr '\n' ' ')" = "control0 " ]; }

# until_true GUARD CMD…: runs CMD until it succeeds; false after GUARD s.
until_true () {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 1
  done
}

both_from_everywhere () {
  from_worker "$1" 8 | both && from_host "$1" 8 | both
}
control0_from_everywhere () {
  from_worker "$1" 8 | only_control0 && from_host "$1" 8 | only_control0
}
lb_json () {
  slipwayctl status "e2elb-$1" --json |
    python3 -c 'import json,sys; lb = json.load(sys.stdin)["load_balancer"]; print(lb["state"], lb["backends_up"], lb["backends"], lb["endpoint"])'
}
lb_says () { [ "$(lb_json "$1")" = "$2" ]; }

start=$(date +%s)
pids=()
for mode in "${modes[@]}"; do
  write_lb_conf "$mode"
  slipwayctl create "$work/$mode.conf" --quiet > "$work/create-$mode.out" 2>&1 &
  pids+=($!)
done
for i in "${!modes[@]}"; do
  check "create the ${modes[$i]} cluster" wait "${pids[$i]}"
  show create "$work/create-${modes[$i]}.out"
done
for mode in "${modes[@]}"; do
  check "$mode: every node gets ready" slipwayctl wait "e2elb-$mode" --timeout "$boot_timeout" --quiet
done
log "create and wait, both clusters: $(( $(date +%s) - start )) s"

for mode in "${modes[@]}"; do
  t=$(date +%s)
  for node in control0 control1; do
    check "$mode: the stub API server runs on $node" install_stub "$mode" "$node"
  done
  log "$mode: API address $(api_of "$mode")"
  check "$mode: from the worker and from this computer, connections reach both control nodes" \
    until_true "$guard" both_from_everywhere "$mode"
  check "$mode: status --json reads 2 of 2 backends up from the balancer" \
    until_true "$guard" lb_says "$mode" "running 2 2 kubernetes.e2elb-$mode.test:6443"
  slipwayctl status "e2elb-$mode" | grep 'API endpoint' | sed 's/^/#   /'

  check "$mode: control1 forced off" slipwayctl force-off "e2elb-$mode" control1 --quiet
  t_off=$(date +%s)
  check "$mode: every connection then reaches control0" \
    until_true "$guard" control0_from_everywhere "$mode"
  log "$mode: fail-over seen after $(( $(date +%s) - t_off )) s"
  check "$mode: the balancer says 1 of 2 backends up" \
    until_true "$guard" lb_says "$mode" "running 1 2 kubernetes.e2elb-$mode.test:6443"

  check "$mode: control1 started" slipwayctl start "e2elb-$mode" control1 --quiet
  check "$mode: control1 gets ready" slipwayctl wait "e2elb-$mode" --timeout "$boot_timeout" --quiet
  check "$mode: connections reach both control nodes again" \
    until_true "$guard" both_from_everywhere "$mode"

  # A checkpoint keeps the balancer. Take one of the working lab, take the
  # balancer's program off the gateway (as an image without it would be):
  # the gateway says it is not installed, and why; a restore brings back
  # the working balancer, without a boot.
  check "$mode: checkpoint of the working lab saved" \
    slipwayctl checkpoint save "e2elb-$mode" lb-working --quiet
  program=haproxy
  [ "$mode" = ipvs ] && program=keepalived
  check "$mode: $program taken off the gateway and stopped" \
    guest "$mode" gateway "sudo sh -c 'mv \"\$(command -v $program)\" /root/ && systemctl stop $program'"
  check "$mode: status --json says the balancer is missing" \
    until_true "$guard" lb_says "$mode" "missing None 2 kubernetes.e2elb-$mode.test:6443"
  slipwayctl status "e2elb-$mode" --json > "$work/status-missing.json"
  check "$mode: and says what is missing and what to do" \
    python3 -c 'import json,sys; m = json.load(open(sys.argv[1]))["load_balancer"]["message"]; sys.exit(not ("not installed: " + sys.argv[2] + " missing" in m and "isolated network" in m))' \
      "$work/status-missing.json" "$program"
  check "$mode: the checkpoint restored" \
    slipwayctl checkpoint restore "e2elb-$mode" lb-working --yes --quiet
  check "$mode: after the restore, connections reach both control nodes" \
    until_true "$guard" both_from_everywhere "$mode"
  check "$mode: and the balancer says 2 of 2 again" \
    until_true "$guard" lb_says "$mode" "running 2 2 kubernetes.e2elb-$mode.test:6443"
  log "$mode: $(( $(date +%s) - t )) s"
done
