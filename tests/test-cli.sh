#!/usr/bin/env bash
# Shell-level tests of slipwayctl: help, argument handling, init, cluster file
# validation, exit codes and JSON shapes. No daemon: libvirt's test driver,
# in the client library. test:///default keeps nothing between processes, so
# clusters that must exist come from a test-driver file written here.
#
# Environment: SLIPWAYCTL, the slipwayctl binary.

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/cli-tap.sh
. "$here/cli-tap.sh"

uri=test:///default

commands=(init create download list status start stop reset rebuild checkpoint force-off destroy console help)

# --- Help and usage ---------------------------------------------------------

expect "--help exits 0" 0 --help
check "--help lists every command" \
  bash -c 'for c in "$@"; do grep -q -- "^  $c\b" "$0" || exit 1; done' "$out" "${commands[@]}"
check "--help documents the exit status" stdout_has "130"
check "--help documents LIBVIRT_DEFAULT_URI" stdout_has "LIBVIRT_DEFAULT_URI"
expect "help exits 0" 0 help
check "help prints the general help" stdout_has "Commands:"
expect "--version exits 0" 0 --version
check "--version prints the version" grep -q -E '^slipwayctl [0-9]+\.[0-9]+' "$out"

for command in "${commands[@]}"; do
  expect "$command --help exits 0" 0 "$command" --help
  check "$command --help names the command" stdout_has "slipwayctl $command"
  if [ "$command" != help ]; then
    check "$command --help offers --connect" stdout_has "--connect"
  fi
  expect "help $command exits 0" 0 help "$command"
  check "help $command names the command" stdout_has "slipwayctl $command"
done

expect "no command is a usage error" 2
check "no command prints the help on stderr" stderr_has "Commands:"
expect "an unknown command exits 2" 2 frobnicate
check "an unknown command is named in the error" stderr_has "slipwayctl: Unknown command “frobnicate”"
expect "help of an unknown command exits 2" 2 help frobnicate
expect "an unknown global option exits 2" 2 --frobnicate list
check "errors start with slipwayctl:" grep -q '^slipwayctl: ' "$err"
expect "an unknown command option exits 2" 2 list --frobnicate
expect "a missing argument exits 2" 2 status
check "a missing argument names what is expected" stderr_has "CLUSTER"
expect "an extra argument exits 2" 2 status lab extra
expect "console without a node exits 2" 2 console lab
expect "create without a file exits 2" 2 create
expect "download with a short --sha256 exits 2" 2 download http://127.0.0.1:9/x.qcow2 --sha256 abc
check "a short --sha256 is explained" stderr_has "is no SHA-256 checksum: give its 64 hexadecimal digits"
expect "download with --sha256 and --checksums exits 2" 2 download http://127.0.0.1:9/x.qcow2 \
  --sha256 "$(printf %064d 0)" --checksums http://127.0.0.1:9/SHA256SUMS
expect "download of a file:// URL exits 1" 1 download file:///etc/passwd -o "$(mktemp -u)"
check "a file:// URL is explained" stderr_has "is not an http:// or https:// address"
expect "a non-number --timeout exits 2" 2 stop lab --timeout soon
expect "an invalid cluster name exits 2" 2 --connect "$uri" status "My Lab"
check "an invalid cluster name is explained" stderr_has "not a valid cluster name"
check "an invalid cluster name comes with a suggestion" stderr_has "my-lab"

# --- init -------------------------------------------------------------------

expect "init writes NAME.conf" 0 init lab
check "lab.conf exists" test -f lab.conf
check "init says what to do next" stdout_has "slipwayctl create lab.conf"
check "lab.conf has a [cluster] group" grep -q '^\[cluster\]' lab.conf
check "lab.conf names the cluster" grep -q '^name *= *lab$' lab.conf
check "lab.conf has comments" grep -q '^#' lab.conf
echo "# changed" >> lab.conf
sum=$(md5sum < lab.conf)
expect "init refuses to overwrite" 1 init lab
check "init says how to overwrite" stderr_has "--force"
check "init left the file alone" test "$(md5sum < lab.conf)" = "$sum"
expect "init --force overwrites" 0 init lab --force
check "init --force rewrote the file" test "$(md5sum < lab.conf)" != "$sum"
expect "init --output - writes to stdout" 0 init other --output -
check "init --output - prints the file" grep -q '^name *= *other$' "$out"
check "init --output - made no file" test ! -e other.conf
expect "init --output FILE" 0 init other -o "$work/sub-other.conf" --quiet
check "init --output FILE wrote FILE" test -f "$work/sub-other.conf"
check "init --quiet prints nothing" stdout_empty
expect "init --image" 0 init img --image ./images/base.qcow2
check "init --image stores an absolute path" grep -q "^image *= *$work/images/base.qcow2\$" img.conf
check "init --image of a file naming no distribution keeps user=debian" grep -q '^user *= *debian$' img.conf
expect "init --image of an Ubuntu cloud image" 0 init ubu --image ./images/ubuntu-24.04-server-cloudimg-amd64.img
check "init --image of an Ubuntu image writes user=ubuntu, as the wizard does" grep -q '^user *= *ubuntu$' ubu.conf
expect "init --image of a Debian cloud image" 0 init deb --image ./images/debian-12-genericcloud-amd64.qcow2
check "init --image of a Debian image writes user=debian" grep -q '^user *= *debian$' deb.conf
expect "init --image of a Fedora cloud image" 0 init fed --image ./images/Fedora-Cloud-Base-39.qcow2
check "init --image of a Fedora image writes user=fedora" grep -q '^user *= *fedora$' fed.conf
expect "init --arch aarch64" 0 init arm --arch aarch64 --image ./images/debian-12-genericcloud-arm64.qcow2
check "init --arch writes libvirt's name" grep -q '^arch *= *aarch64$' arm.conf
expect "init --arch arm64 is aarch64" 0 init arm2 --arch arm64 --image ./images/base.qcow2
check "init --arch arm64 wrote aarch64" grep -q '^arch *= *aarch64$' arm2.conf
check "init --arch with an image whose name says nothing warns" stderr_has "Could not check that base.qcow2 is an image for aarch64"
expect "init --arch with an image for another architecture exits 2" 2 init arm3 --arch aarch64 --image ./images/debian-12-genericcloud-amd64.qcow2
check "init --arch names the image's architecture" stderr_has "is an image for x86_64, but --arch asks for aarch64 nodes"
check "init --arch refused wrote nothing" test ! -e arm3.conf
expect "init --arch of an unknown architecture exits 2" 2 init arm4 --arch sparc
check "init --arch says which architectures there are" stderr_has "write “x86_64” or “aarch64”"
check "init without --arch writes no arch" bash -c "! grep -q '^arch' lab.conf"
expect "init of an invalid name exits 2" 2 init "Bad_Name"
check "init of an invalid name wrote nothing" test ! -e Bad_Name.conf

# --- create: the cluster file ----------------------------------------------

expect "a missing cluster file exits 3" 3 --connect "$uri" create "$work/nope.conf"
check "a missing cluster file is named" stderr_has "nope.conf"

expect "a file without image exits 3" 3 --connect "$uri" create --check lab.conf
check "the missing image is reported with its group and key" stderr_has "lab.conf: [cluster] image: error:"

cat > bad.conf <<'CONF'
[cluster]
name=bad
image=/var/lib/slipway/base.qcow2

[worker]
memory=8Q
vcpus=0
CONF
expect "a bad cluster file exits 3" 3 --connect "$uri" create bad.conf
check "a bad size is reported with its group and key" stderr_has "bad.conf: [worker] memory:"
check "a bad vcpus is reported too (every problem)" stderr_has "[worker] vcpus:"
check "nothing is printed on stdout for a bad file" stdout_empty

printf '[cluster\nname=x\n' > syntax.conf
expect "a syntax error exits 3" 3 --connect "$uri" create syntax.conf
check "a syntax error is reported" stderr_has "syntax.conf:"

mkdir -p images
# A raw disk with an empty MBR: the smallest file the image check takes
{ head -c 510 /dev/zero; printf '\125\252'; } > images/base.qcow2
expect "init of a checkable cluster" 0 init good --image images/base.qcow2 --quiet
expect "create --check of a good file exits 0 on the test driver" 0 --connect "$uri" create --check good.conf
check "create --check says the file is fine" stdout_has "good.conf is fine"
check "create --check picked a subnet" grep -q -E '[0-9]+\.[0-9]+\.[0-9]+\.0/24' "$out"

# Not a disk image: said by create and create --check alike, before anything is made
printf 'root:x:0:0:root:/root:/bin/bash\n' > images/passwd
expect "init with a text file as the image" 0 init text --image images/passwd --quiet
expect "create of a text file as the image exits 3" 3 --connect "$uri" create text.conf
check "create says the image is a text file" stderr_has "images/passwd” is a text file, not a disk image"
check "create says nothing was created" stderr_has "Nothing was created."
printf '\3757zXZ\0rest' > images/disk.qcow2.xz
expect "init with an xz file as the image" 0 init xz --image images/disk.qcow2.xz --quiet
expect "create --check of an xz file exits 3" 3 --connect "$uri" create --check xz.conf
check "create --check says to decompress it" stderr_has "is compressed with xz, not a disk image: decompress it first (xz -d '$work/images/disk.qcow2.xz')"

# --- list, status and friends on an empty connection ------------------------

expect "list on the test driver exits 0" 0 --connect "$uri" list
check "list says there is no cluster" stdout_has "No clusters on test:///default"
expect "list --json exits 0" 0 --connect "$uri" list --json
check "list --json is JSON" valid_json
check "list --json has the uri and an empty cluster list" json 'd["uri"] == "test:///default" and d["clusters"] == []'
expect "--connect after the command works" 0 list --json --connect "$uri"
check "--connect after the command is used" json 'd["uri"] == "test:///default"'
set +e
LIBVIRT_DEFAULT_URI=$uri "$SLIPWAYCTL" list --json < /dev/null > "$out" 2> "$err"
status=$?
set -e
check "LIBVIRT_DEFAULT_URI is used without --connect" json 'd["uri"] == "test:///default"'
expect "--connect after the command wins" 0 --connect test:///nonexistent-is-never-opened list --json --connect "$uri"
check "the later --connect is the one used" json 'd["uri"] == "test:///default"'

expect "status of a missing cluster exits 4" 4 --connect "$uri" status nosuch
check "status of a missing cluster says so" stderr_has "nosuch"
expect "status --json of a missing cluster exits 4" 4 --connect "$uri" status nosuch --json
check "status --json of a missing cluster prints no JSON" stdout_empty
for command in start stop reset rebuild force-off; do
  expect "$command of a missing cluster exits 4" 4 --connect "$uri" "$command" nosuch
done
expect "destroy --yes of a missing cluster exits 4" 4 --connect "$uri" destroy nosuch --yes
expect "destroy of a missing cluster exits 4" 4 --connect "$uri" destroy nosuch
expect "console of a missing cluster exits 4" 4 --connect "$uri" console nosuch gateway
expect "a connection that fails exits 1" 1 --connect "bogus+frob:///nowhere" list

# --- A cluster that exists: a test-driver file ------------------------------
#
# The test driver loads its initial state from a file, anew in each process.
# The network carries Slipway's metadata as the core writes it (version 1,
# see src/core/slipway-xml.c); only the gateway has a virtual machine. The
# machine "lost-worker0" names a cluster "lost" whose network is gone.

fixture=$work/fixture.xml
cat > "$fixture" <<XML
<node>
  <network>
    <name>slipway-fix</name>
    <metadata>
      <slipway:cluster xmlns:slipway="https://slipway.github.io/xmlns/libvirt/1" name="fix" version="1">
        <slipway:spec>[cluster]
name=fix
domain=fix.test
subnet=10.231.7.0/24
network=isolated
image=$work/images/base.qcow2
user=debian

[gateway]
count=1
vcpus=1
memory=512MiB
disk=2GiB

[control]
count=0

[worker]
count=2
vcpus=2
memory=1GiB
disk=3GiB
arch=aarch64
image=$work/images/arm64.qcow2
</slipway:spec>
      </slipway:cluster>
    </metadata>
    <bridge name="virbr-fix"/>
    <ip address="10.231.7.1" netmask="255.255.255.0"/>
  </network>
  <domain type="test">
    <name>fix-gateway</name>
    <metadata>
      <slipway:node xmlns:slipway="https://slipway.github.io/xmlns/libvirt/1" cluster="fix" role="gateway" id="0"/>
    </metadata>
    <memory unit="MiB">512</memory>
    <vcpu>1</vcpu>
    <os><type arch="x86_64">hvm</type></os>
  </domain>
  <domain type="test">
    <name>lost-worker0</name>
    <metadata>
      <slipway:node xmlns:slipway="https://slipway.github.io/xmlns/libvirt/1" cluster="lost" role="worker" id="0"/>
    </metadata>
    <memory unit="MiB">512</memory>
    <vcpu>1</vcpu>
    <os><type arch="x86_64">hvm</type></os>
  </domain>
</node>
XML
furi=test://$fixture

expect "list of the fixture exits 0" 0 --connect "$furi" list
check "list shows the cluster" grep -q -E '^fix +3 +' "$out"
expect "list --json of the fixture exits 0" 0 --connect "$furi" list --json
check "list --json is JSON" valid_json
check "list --json has one cluster named fix" json '[c["name"] for c in d["clusters"]] == ["fix"]'

expect "status of the fixture exits 0" 0 --connect "$furi" status fix
check "status shows the network" stdout_has "slipway-fix"
check "status shows worker1 and its address" grep -q -E '^2 +worker1 +worker .*10\.231\.7\.12' "$out"
expect "status --json of the fixture exits 0" 0 --connect "$furi" status fix --json
check "status --json is JSON" valid_json
check "status --json has the cluster fields" \
  json 'd["name"] == "fix" and d["domain"] == "fix.test" and d["subnet"] == "10.231.7.0/24" and d["network_mode"] == "isolated" and d["network_name"] == "slipway-fix" and isinstance(d["network_active"], bool)'
check "status --json has every node key" \
  json 'all(set(["name", "role", "id", "domain", "state", "mac", "ipv4", "vcpus", "memory_mib", "disk_gib"]) <= set(n) for n in d["nodes"])'
check "status --json lists the nodes in id order" \
  json '[(n["id"], n["name"], n["role"], n["domain"]) for n in d["nodes"]] == [(0, "gateway", "gateway", "fix-gateway"), (1, "worker0", "worker", "fix-worker0"), (2, "worker1", "worker", "fix-worker1")]'
check "status --json gives the derived addresses" \
  json '[n["ipv4"] for n in d["nodes"]] == ["10.231.7.10", "10.231.7.11", "10.231.7.12"]'
check "status --json gives the resources" \
  json '[(n["vcpus"], n["memory_mib"], n["disk_gib"]) for n in d["nodes"]] == [(1, 512, 2), (2, 1024, 3), (2, 1024, 3)]'
check "status --json gives the states" \
  json '[n["state"] for n in d["nodes"]] == ["running", "missing", "missing"]'
check "status --json MACs end with the node id" \
  json '[n["mac"][-2:] for n in d["nodes"]] == ["00", "01", "02"]'
# The workers have an architecture and an image of their own: a mixed lab.
check "status --json gives each node's architecture and image" \
  json "[(n['arch'], n['image']) for n in d['nodes']] == [(None, '$work/images/base.qcow2'), ('aarch64', '$work/images/arm64.qcow2'), ('aarch64', '$work/images/arm64.qcow2')]"
expect "status of the mixed fixture exits 0" 0 --connect "$furi" status fix
check "status shows the workers' own image" grep -q -F "Image of [worker]:  $work/images/arm64.qcow2" "$out"
check "status has an ARCH column: the host's for the gateway, aarch64 for the workers" \
  bash -c 'grep -q -E " ARCH *$" "$0" && grep -q -E "^0 +gateway .* host’s *$" "$0" && grep -q -E "^2 +worker1 .* aarch64 *$" "$0"' "$out"

expect "checkpoint list --json of the fixture exits 0" 0 --connect "$furi" checkpoint list fix --json
check "checkpoint list --json is JSON" valid_json
check "checkpoint list --json names the cluster and lists none" \
  json 'd["cluster"] == "fix" and d["checkpoints"] == []'
expect "checkpoint list of the fixture exits 0" 0 --connect "$furi" checkpoint list fix
check "checkpoint list prints a header" stdout_has "NAME"
expect "checkpoint with an unknown action exits 2" 2 --connect "$furi" checkpoint frob fix
check "checkpoint with an unknown action lists the actions" stderr_has "restore"
expect "checkpoint save without a name exits 2" 2 --connect "$furi" checkpoint save fix
expect "checkpoint save with a bad name exits 2" 2 --connect "$furi" checkpoint save fix "no good"
check "a bad checkpoint name is explained" stderr_has "letters, digits"
expect "checkpoint save with nodes exits 2" 2 --connect "$furi" checkpoint save fix one worker0
expect "checkpoint save of a half-made cluster fails" 4 --connect "$furi" checkpoint save fix one
check "a half-made cluster is named as such" stderr_has "being created or destroyed"
expect "checkpoint restore of a half-made cluster fails" 4 --connect "$furi" checkpoint restore fix one gateway
expect "checkpoint delete of a missing checkpoint exits 4" 4 --connect "$furi" checkpoint delete fix nosuch
check "a missing checkpoint is named" stderr_has "nosuch"
expect "a node that does not exist exits 4" 4 --connect "$furi" start fix worker7
expect "console of a node that does not exist exits 4" 4 --connect "$furi" console fix worker7
expect "console --force of a node that does not exist exits 4" 4 --connect "$furi" console --force fix worker7
expect "console --help exits 0" 0 console --help
check "console --help offers --force" stdout_has "--force"
expect "destroy without --yes and without a terminal exits 2" 2 --connect "$furi" destroy fix
check "destroy without --yes says to pass --yes" stderr_has "--yes"
expect "force-off of the gateway exits 0" 0 --connect "$furi" force-off fix gateway
check "force-off confirms" stdout_has "gateway"
expect "destroy --yes of the fixture exits 0" 0 --connect "$furi" destroy fix --yes
check "destroy confirms" stdout_has "Destroyed"
expect "destroy --yes --quiet prints nothing" 0 --connect "$furi" destroy fix --yes --quiet
check "nothing on stdout with --quiet" stdout_empty
check "no progress with --quiet" test ! -s "$err"
# "lost" has a virtual machine and no network (no cluster file): not a
# cluster in the list, but destroy finds and removes what is left of it.
expect "status of a cluster whose network is gone exits 4" 4 --connect "$furi" status lost
expect "destroy of what is left, without --yes and without a terminal, exits 2" 2 --connect "$furi" destroy lost
check "and says to pass --yes" stderr_has "--yes"
expect "destroy --yes of what is left of a cluster exits 0" 0 --connect "$furi" destroy lost --yes
check "and says what it destroyed" stdout_has "Destroyed what was left of “lost”"
# Worker threads read the cluster's metadata while the watcher does too: a
# fresh process must find the cluster every time and never trip on a half-read
# network (GLib's first number parse of a process once refused "1" there).
# Each process also exits with the watcher's threads just started or ending:
# exit() must not tear libraries down under them (an abort once in a
# thousand runs). MALLOC_PERTURB_ makes a use after free show.
races=0
for i in $(seq 1 60); do
  if ! MALLOC_PERTURB_=$((i % 250 + 1)) "$SLIPWAYCTL" --connect "$furi" destroy fix --yes --quiet \
       < /dev/null > /dev/null 2> "$err" || [ -s "$err" ]; then
    races=$((races + 1))
    sed 's/^/#   /' "$err"
  fi
done
check "60 destroys in fresh processes all succeed and exit cleanly" test "$races" -eq 0
expect "progress without a terminal is plain lines" 0 --connect "$furi" destroy fix --yes
check "plain progress lines look like [ 42%]" grep -q -E '^\[ *[0-9]+%\] ' "$err"
check "no bar redraws without a terminal" bash -c '! grep -q $'"'"'\r'"'"' "$0"' "$err"

# A network named like a cluster that Slipway did not make: not "there is no
# such cluster", but whose it is.
cat > "$work/foreign.xml" <<XML
<node>
  <network>
    <name>slipway-alien</name>
    <bridge name="virbr-alien"/>
    <ip address="10.231.8.1" netmask="255.255.255.0"/>
  </network>
</node>
XML
auri=test://$work/foreign.xml
expect "status of a foreign network exits 1" 1 --connect "$auri" status alien
check "status of a foreign network says Slipway did not make it" \
  stderr_has "The libvirt network “slipway-alien” was not made by Slipway"
expect "status --json of a foreign network exits 1" 1 --connect "$auri" status alien --json
check "status --json of a foreign network prints no JSON" stdout_empty
expect "start of a foreign network exits 1" 1 --connect "$auri" start alien
check "start of a foreign network says Slipway did not make it" stderr_has "was not made by Slipway"
expect "list skips a foreign network" 0 --connect "$auri" list --json
check "list --json of a foreign network has no cluster" json 'd["clusters"] == []'

# --- Summary ----------------------------------------------------------------

tap_finish
