#!/usr/bin/env bash
# slipwayctl's SSH-trust commands on libvirt's test driver: wait, ssh,
# export, set-password, init --password and the readiness in status --json.
# The test driver has no guests: readiness stops at "running", and that is
# what these commands must say, no more. The real thing is in e2e.
#
# Environment: SLIPWAYCTL, the slipwayctl binary.

set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/cli-tap.sh
. "$here/cli-tap.sh"

mkdir -p "$HOME/.ssh"
echo "example.invalid ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE2eSlipwayNeverTouches" > "$HOME/.ssh/known_hosts"
cp "$HOME/.ssh/known_hosts" "$work/known_hosts.before"

# --- Help ---------------------------------------------------------------------

for c in wait ssh export set-password; do
  expect "--help exits 0" 0 --help
  check "--help lists $c" grep -q -- "^  $c\b" "$out"
  expect "$c --help exits 0" 0 "$c" --help
done

# --- Passwords ----------------------------------------------------------------

expect "init --password with an empty standard input fails" 1 init lab -o lab.conf --password
"$SLIPWAYCTL" init lab2 -o lab2.conf --password <<< "pass word 1" > "$out" 2> "$err"
status=$?
check "init --password exits 0" test "$status" -eq 0
check "init --password writes a SHA-512 hash" grep -q '^password-hash=\$6\$' lab2.conf
check "init --password never writes the password" bash -c '! grep -q "pass word 1" lab2.conf'
hash=$(sed -n 's/^password-hash=//p' lab2.conf)
check "the hash verifies the password with crypt()" \
  python3 -W ignore -c 'import crypt, sys; sys.exit(0 if crypt.crypt(sys.argv[1], sys.argv[2]) == sys.argv[2] else 1)' "pass word 1" "$hash"
check "the hash does not verify another password" \
  python3 -W ignore -c 'import crypt, sys; sys.exit(0 if crypt.crypt(sys.argv[1], sys.argv[2]) != sys.argv[2] else 1)' "pass word 2" "$hash"
check "the file with the hash is a valid cluster file" bash -c 'grep -q "^console-autologin=false" lab2.conf'

"$SLIPWAYCTL" init lab3 -o lab3.conf > /dev/null 2>&1
sed -i 's/^# Name of the cluster/# A comment of mine\n# Name of the cluster/' lab3.conf
"$SLIPWAYCTL" set-password lab3.conf <<< "another secret" > "$out" 2> "$err"
status=$?
check "set-password exits 0" test "$status" -eq 0
check "set-password says where it stored the hash" stdout_has "lab3.conf"
check "set-password stores a hash" grep -q '^password-hash=\$6\$' lab3.conf
check "set-password keeps the file's comments" grep -q '^# A comment of mine' lab3.conf
check "set-password never writes the password" bash -c '! grep -q "another secret" lab3.conf'
check "set-password leaves the file readable by its owner only" test "$(stat -c %a lab3.conf)" = 600
hash=$(sed -n 's/^password-hash=//p' lab3.conf)
check "set-password's hash verifies with crypt()" \
  python3 -W ignore -c 'import crypt, sys; sys.exit(0 if crypt.crypt(sys.argv[1], sys.argv[2]) == sys.argv[2] else 1)' "another secret" "$hash"
expect "set-password --remove exits 0" 0 set-password lab3.conf --remove
check "set-password --remove empties the key" grep -qx 'password-hash=' lab3.conf
expect "set-password with an empty input fails" 1 set-password lab3.conf
expect "set-password of a missing file exits 3" 3 set-password nosuch.conf
# Waiting for a password that does not come: SIGTERM (or Ctrl+C) cancels
# the command there and then, and nothing is written.
mkfifo "$work/never"
exec 3<> "$work/never"
cp lab3.conf "$work/lab3.before"
timeout -s KILL 60 "$SLIPWAYCTL" set-password lab3.conf < "$work/never" > "$out" 2> "$err" &
pid=$!
sleep 3
kill -TERM "$pid"
wait "$pid"
status=$?
exec 3>&-
check "SIGTERM while set-password waits for the password exits 143" test "$status" -eq 143
check "set-password says it was cancelled" stderr_has "Cancelled."
check "a cancelled set-password changed nothing" cmp -s lab3.conf "$work/lab3.before"
printf '[cluster]\nname=lab\nimage=/x.qcow2\npassword-hash=hunter2\n' > plain.conf
expect "create --check refuses a plain password in the file" 3 create --check plain.conf
check "the refusal explains the hash and never quotes the password" \
  bash -c 'grep -q "password-hash" "$0" && grep -q "set-password" "$0" && ! grep -q hunter2 "$0"' "$err"

# --- A cluster on the test driver ---------------------------------------------

fixture=$work/fixture.xml
cat > "$fixture" <<XML
<node>
  <network>
    <name>slipway-trust</name>
    <metadata>
      <slipway:cluster xmlns:slipway="https://slipway.github.io/xmlns/libvirt/1" name="trust" version="1">
        <slipway:spec>[cluster]
name=trust
domain=trust.test
subnet=10.233.8.0/24
network=isolated
image=$work/images/base.qcow2
user=debian

[gateway]
count=1
vcpus=1
memory=512MiB
disk=2GiB

[control]
count=1
vcpus=1
memory=512MiB
disk=2GiB

[worker]
count=1
vcpus=1
memory=512MiB
disk=2GiB
</slipway:spec>
      </slipway:cluster>
    </metadata>
    <bridge name="virbr-trust"/>
    <ip address="10.233.8.1" netmask="255.255.255.0"/>
  </network>
  <domain type="test">
    <name>trust-gateway</name>
    <metadata>
      <slipway:node xmlns:slipway="https://slipway.github.io/xmlns/libvirt/1" cluster="trust" role="gateway" id="0"/>
    </metadata>
    <memory unit="MiB">512</memory>
    <vcpu>1</vcpu>
    <os><type arch="x86_64">hvm</type></os>
  </domain>
  <domain type="test">
    <name>trust-control0</name>
    <metadata>
      <slipway:node xmlns:slipway="https://slipway.github.io/xmlns/libvirt/1" cluster="trust" role="control" id="1"/>
    </metadata>
    <memory unit="MiB">512</memory>
    <vcpu>1</vcpu>
    <os><type arch="x86_64">hvm</type></os>
  </domain>
</node>
XML
furi=test://$fixture
keys=$XDG_DATA_HOME/slipway/clusters/trust

expect "status --json exits 0" 0 --connect "$furi" status trust --json
check "status --json gives each node's readiness" \
  json '[n["readiness"] for n in d["nodes"]] == ["running", "running", "missing"]'
check "status --json wrote the cluster's ssh_config" test -f "$keys/ssh_config"
expect "list --json exits 0" 0 --connect "$furi" list --json
check "list --json has readiness null (not probed)" \
  json 'all(n["readiness"] is None for n in d["clusters"][0]["nodes"])'

expect "wait of a missing cluster exits 4" 4 --connect "$furi" wait nosuch
expect "wait with a bad --until exits 2" 2 --connect "$furi" wait trust --until soon
expect "wait for a cluster with a node missing fails at once" 1 --connect "$furi" wait trust --timeout 30
check "wait names the missing node and what it is" stderr_has "worker0 (No virtual machine)"
check "wait does not name the running nodes" bash -c '! grep -q "gateway (" "$0"' "$err"
check "wait prints progress lines" stderr_has "gateway: Booting"

# A fixture without the missing node: all run, and "running" is as far as
# the test driver goes.
sed -e 's/^count=1$/count=1/' -e '/^\[worker\]/,/^disk/s/^count=1$/count=0/' "$fixture" > "$work/fixture2.xml"
furi2=test://$work/fixture2.xml
expect "wait --until running exits 0 when every node runs" 0 --connect "$furi2" wait trust --until running --timeout 30
check "wait --until running says they are there" stdout_has "All 2 nodes"
start=$(date +%s)
expect "wait on the test driver times out: nobody can see SSH there" 1 --connect "$furi2" wait trust --timeout 3
check "the timeout came after about 3 s" test $(( $(date +%s) - start )) -le 15
check "the timeout names the stuck nodes and their last state" \
  bash -c 'grep -q "Gave up after 3 s" "$0" && grep -q "gateway (Booting)" "$0" && grep -q "control0 (Booting)" "$0"' "$err"

expect "export of a missing cluster exits 4" 4 --connect "$furi" export nosuch
expect "export with a bad format exits 2" 2 --connect "$furi" export trust --format yaml
expect "export --format hosts exits 0" 0 --connect "$furi" export trust --format hosts
check "hosts lines for every node and the API name" \
  bash -c 'grep -qP "^10.233.8.10\tgateway.trust.test gateway$" "$0" && grep -qP "^10.233.8.11\tcontrol0.trust.test control0$" "$0" && grep -qP "^10.233.8.12\tworker0.trust.test worker0$" "$0" && grep -qP "^10.233.8.10\tkubernetes.trust.test kubernetes$" "$0"' "$out"
expect "export --format ssh-config exits 0" 0 --connect "$furi" export trust --format ssh-config
check "export --format ssh-config is the cluster's ssh_config" cmp -s "$out" "$keys/ssh_config"
cp "$out" "$work/exported_config"
check "ssh -G reads every node back from it" \
  bash -c 'for n in gateway:10.233.8.10 control0:10.233.8.11 worker0:10.233.8.12; do ssh -G -F "$0" "${n%%:*}" | grep -qx "hostname ${n#*:}" || exit 1; done' "$work/exported_config"
check "ssh -G: strict checking against the cluster's known_hosts only" \
  bash -c 'g=$(ssh -G -F "$0" worker0); grep -qx "stricthostkeychecking true" <<<"$g" && grep -qx "userknownhostsfile $1/known_hosts" <<<"$g" && grep -qx "globalknownhostsfile /dev/null" <<<"$g" && grep -qx "identitiesonly yes" <<<"$g"' "$work/exported_config" "$keys"
check "known_hosts pins each node under its name, FQDN and address" \
  bash -c 'for h in worker0 worker0.trust.test 10.233.8.12 gateway 10.233.8.10; do ssh-keygen -F "$h" -f "$0/known_hosts" | grep -q ssh-ed25519 || exit 1; done' "$keys"
check "the pinned key of worker0 is its host key file's" \
  bash -c 'test "$(ssh-keygen -F worker0 -f "$0/known_hosts" | grep -v "^#" | cut -d" " -f2-)" = "$(cut -d" " -f1-2 "$0/ssh_host_ed25519_key-worker0.pub")"' "$keys"
expect "export --format ansible exits 0" 0 --connect "$furi" export trust --format ansible
cp "$out" "$work/inventory"
check "the inventory has the groups and nodes = control + worker" \
  python3 - "$work/inventory" <<'PY'
import sys, configparser
c = configparser.ConfigParser(allow_no_value=True, delimiters=("=",))
c.optionxform = str
text = open(sys.argv[1]).read()
c.read_string(text)
hosts = lambda g: [k.split()[0] for k in c[g]]
assert hosts("gateway") == ["gateway ansible_host"] or list(c["gateway"]) == ["gateway ansible_host"], list(c["gateway"])
assert list(c["nodes:children"]) == ["control", "worker"], list(c["nodes:children"])
v = c["all:vars"]
assert v["ansible_user"] == "debian"
assert v["ansible_ssh_private_key_file"].endswith("/slipway/clusters/trust/id_ed25519")
assert "StrictHostKeyChecking=yes" in v["ansible_ssh_common_args"]
assert "/slipway/clusters/trust/known_hosts" in v["ansible_ssh_common_args"]
assert "gateway ansible_host=10.233.8.10" in text and "control0 ansible_host=10.233.8.11" in text and "worker0 ansible_host=10.233.8.12" in text
PY

expect "ssh to a node that does not exist exits 4" 4 --connect "$furi" ssh trust worker7
check "it names the node" stderr_has "worker7"
expect "ssh of a missing cluster exits 4" 4 --connect "$furi" ssh nosuch worker0
# A fake ssh first in PATH shows the exact argv slipwayctl execs.
mkdir -p "$work/bin"
cat > "$work/bin/ssh" <<'SH'
#!/bin/sh
for a in "$@"; do printf '<%s>\n' "$a"; done
exit 7
SH
chmod +x "$work/bin/ssh"
PATH=$work/bin:$PATH "$SLIPWAYCTL" --connect "$furi" ssh trust worker0 -- ls -l '/tmp/a b' < /dev/null > "$out" 2> "$err"
status=$?
check "ssh passes the exit status of ssh on" test "$status" -eq 7
check "ssh execs ssh -F ssh_config -- NODE COMMAND, argument by argument" \
  test "$(tr -d '\n' < "$out")" = "<-F><$keys/ssh_config><--><worker0><ls><-l></tmp/a b>"

# --- Interrupting ssh-keygen ---------------------------------------------------
# The trust files are written in a thread: SIGTERM (or Ctrl+C) cancels a
# slow ssh-keygen at once and stops it, rather than waiting for it to end.
mkdir -p "$work/slowbin"
cat > "$work/slowbin/ssh-keygen" <<SH
#!/bin/sh
echo \$\$ > "$work/keygen.pid"
exec sleep 60
SH
chmod +x "$work/slowbin/ssh-keygen"
XDG_DATA_HOME=$work/data-slow PATH=$work/slowbin:$PATH \
  "$SLIPWAYCTL" --connect "$furi" export trust < /dev/null > "$out" 2> "$err" &
pid=$!
for _ in $(seq 100); do [ -s "$work/keygen.pid" ] && break; sleep 0.2; done
start=$(date +%s)
kill -TERM "$pid"
wait "$pid"
status=$?
check "SIGTERM while ssh-keygen runs exits 143" test "$status" -eq 143
check "it did not wait for ssh-keygen to finish" test $(( $(date +%s) - start )) -le 15
check "ssh-keygen was stopped" bash -c '! kill -0 "$(cat "$0")" 2> /dev/null' "$work/keygen.pid"
rm -f "$work/keygen.pid"
XDG_DATA_HOME=$work/data-slow PATH=$work/slowbin:$PATH \
  "$SLIPWAYCTL" --connect "$furi" status trust --json < /dev/null > "$out" 2> "$err" &
pid=$!
for _ in $(seq 100); do [ -s "$work/keygen.pid" ] && break; sleep 0.2; done
kill -TERM "$pid"
wait "$pid"
status=$?
check "SIGTERM while status --json writes the trust files exits 143" test "$status" -eq 143
check "an interrupted status --json prints no JSON" stdout_empty

check "the user's ~/.ssh/known_hosts is byte for byte unchanged" cmp -s "$work/known_hosts.before" "$HOME/.ssh/known_hosts"

tap_finish
