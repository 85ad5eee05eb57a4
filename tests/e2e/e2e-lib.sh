# e2e-lib.sh — sourced by the end-to-end scripts of races and faults
# (test-races.sh, test-faults*.sh): TAP output, a private home, one-node
# cluster files, waiting for a progress step, and the inventory that shows a
# fault left nothing behind.
#
# The caller sets E2E_WHAT (a word for the work folder) before sourcing.
# Environment: SLIPWAYCTL, SLIPWAY_TEST_CACHE and SLIPWAY_E2E_IMAGE as for
# test-e2e.sh.

: "${SLIPWAYCTL:?SLIPWAYCTL must name the slipwayctl binary}"
uri=qemu:///system
cache=${SLIPWAY_TEST_CACHE:-/var/cache/slipway-tests}
image=${SLIPWAY_E2E_IMAGE:-$cache/debian-12-slipway-test.qcow2}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

passed=0
failed=0
work=$(mktemp -d "/tmp/slipway-${E2E_WHAT:-e2e}.XXXXXX")
export XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache HOME=$work/home
export XDG_RUNTIME_DIR=$work/run
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# Where the locks of $uri live: $XDG_RUNTIME_DIR/slipway/<sha256 of the URI, 16 digits>/.
lockdir=$XDG_RUNTIME_DIR/slipway/$(printf %s "$uri" | sha256sum | cut -c1-16)

log () { printf '# %s\n' "$*"; }
ok () { passed=$((passed + 1)); printf 'ok %d - %s\n' $((passed + failed)) "$1"; }
not_ok () { failed=$((failed + 1)); printf 'not ok %d - %s\n' $((passed + failed)) "$1"; }
check () {
  local what=$1; shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}
slipwayctl () { "$SLIPWAYCTL" --connect "$uri" "$@"; }
# Started in the background with &, a function would be a subshell whose pid
# is not slipwayctl's: those run the binary itself.
ctl=("$SLIPWAYCTL" --connect "$uri")

# Every line a command printed on stderr, into the log.
show () {
  local what=$1 file=$2
  sed -n "/^[^[]/s/^/#   $what: /p" "$file"
}

# Prints the exit summary; the callers' EXIT traps end with it.
summary () {
  rm -rf "$work"
  echo "1..$((passed + failed))"
  echo "# $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

require_daemon () {
  if [ "$(id -u)" -ne 0 ] || ! virsh -q -c "$uri" version >/dev/null 2>&1; then
    not_ok "runs as root with a libvirt daemon at $uri"
    exit 1
  fi
}

# write_conf NAME SUBNET [LINE…]: a one-node cluster (a worker, 512 MiB,
# the image's own 2 GiB disk) on an isolated network; the LINEs go into
# [cluster] (“baseline=false”, “pool=…”, “image=…” to replace the image).
write_conf () {
  local name=$1 subnet=$2 img=$image line
  shift 2
  for line in "$@"; do
    case $line in image=*) img=${line#image=} ;; esac
  done
  {
    printf '[cluster]\nname=%s\nsubnet=%s.0/24\nnetwork=isolated\nimage=%s\naccelerator=tcg\n' \
      "$name" "$subnet" "$img"
    for line in "$@"; do
      case $line in image=*) ;; *) printf '%s\n' "$line" ;; esac
    done
    printf '\n[gateway]\ncount=0\n\n[control]\ncount=0\n\n'
    printf '[worker]\ncount=1\nvcpus=1\nmemory=512MiB\ndisk=2GiB\n'
  } > "$work/$name.conf"
}

# What a fault could leave behind: libvirt's domains, networks, the
# volumes of the pools Slipway uses, Slipway's lock files and downloads.
# Two files stay by design and are not listed: a pool's lock file (shared
# by volume creates, so never removed; no_lock_files checks nobody holds
# it) and the checksums of unchanged images (image-checksums).
inventory () {
  local pool
  virsh -q -c "$uri" list --all --name | sed '/^$/d; s/^/domain /'
  virsh -q -c "$uri" net-list --all --name | sed '/^$/d; s/^/network /'
  for pool in slipway "$@"; do
    virsh -q -c "$uri" vol-list "$pool" 2>/dev/null | awk -v p="$pool" 'NF { print "volume " p "/" $1 }'
  done
  find "$lockdir" "$XDG_CACHE_HOME/slipway" -type f ! -name '*.pool-lock' ! -name image-checksums \
    2>/dev/null | sed 's/^/file /'
}

# same_as FILE [POOL…]: the inventory now is the one in FILE; differences
# go to the log.
same_as () {
  local before=$1; shift
  inventory "$@" | sort > "$work/inventory.now"
  if diff "$before" "$work/inventory.now" > "$work/inventory.diff"; then
    return 0
  fi
  sed 's/^/#   left: /' "$work/inventory.diff"
  return 1
}

# No cluster's lock file, and no pool's lock held (a pool's file stays).
no_lock_files () {
  [ -z "$(find "$lockdir" -mindepth 1 ! -name '*.pool-lock' 2>/dev/null)" ] || return 1
  find "$lockdir" -name '*.pool-lock' -print0 2>/dev/null | python3 -c '
import fcntl, os, sys
for path in filter(None, sys.stdin.buffer.read().split(b"\0")):
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # conflicts with OFD locks too
    except OSError:
        print("# held:", path.decode(errors="replace"))
        sys.exit(1)
    finally:
        os.close(fd)
'
}

# wait_step PID FILE STEP: waits until slipwayctl PID shows progress STEP
# (a “[ NN%] node: STEP” line in FILE), or ends. True when the step showed
# while it still ran.
wait_step () {
  local pid=$1 file=$2 step=$3
  while kill -0 "$pid" 2>/dev/null; do
    if grep -q "^\[ *[0-9]*%\] .*$step" "$file" 2>/dev/null; then
      return 0
    fi
    sleep 0.05
  done
  return 1
}

# succeeds WHAT CMD…: runs slipwayctl CMD… (stdout in $work/out), checks
# that it succeeds, and logs what it said on stderr.
succeeds () {
  local what=$1; shift
  slipwayctl "$@" > "$work/out" 2> "$work/err"
  check "$what" test $? -eq 0
  show "$1" "$work/err"
}

# fails WHAT CMD…: the same for a command that must fail; its stderr stays
# in $work/err for the checks of its message.
fails () {
  local what=$1; shift
  slipwayctl "$@" > "$work/out" 2> "$work/err"
  check "$what" test $? -ne 0
  show "$1" "$work/err"
}

# The end of every fault script: a create and a destroy of NAME work, and
# leave the inventory as in the file BEFORE.
create_destroy_works () {
  local name=$1 before=$2
  log "After all that, a create and a destroy work"
  succeeds "create succeeds" create "$work/$name.conf"
  slipwayctl destroy "$name" --yes --quiet > /dev/null 2>&1
  check "destroy succeeds and leaves nothing" same_as "$before"
}
