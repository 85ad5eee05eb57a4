#!/bin/bash
# test-completion.sh — the bash completion of slipwayctl, driven as bash drives it.
#
# Commands and options come from the real slipwayctl's --help; cluster and node
# names from a stand-in that answers "list" and "status" with canned tables in
# slipwayctl's format (no libvirt needed), and hands everything else to the
# real program.
#
#   usage: test-completion.sh COMPLETION-FILE [plain|bash-completion]
#          (SLIPWAYCTL: the real binary)
#
# "bash-completion" loads the bash-completion package first, as interactive
# shells on Debian do (its _init_completion is then used); "plain" does not.

set -uo pipefail

completion=$1
mode=${2:-plain}
: "${SLIPWAYCTL:?SLIPWAYCTL must point at slipwayctl}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fake=$tmp/slipwayctl
cat > "$fake" <<FAKE
#!/bin/bash
args=()
for a in "\$@"; do
  case \$a in --connect=*|-q|--quiet) ;; *) args+=("\$a") ;; esac
done
set -- "\${args[@]}"
[ "\${1:-}" = --connect ] && { echo "\$2" > "$tmp/connect"; shift 2; }
for a in "\$@"; do [ "\$a" = --help ] && exec "$SLIPWAYCTL" "\$@"; done
case "\${1:-}" in
  list)
    printf 'NAME  NODES  RUNNING  SUBNET        DNS DOMAIN  NETWORK\n'
    printf 'lab   3      3        10.77.3.0/24  lab.test    active\n'
    printf 'lab2  1      0        10.77.4.0/24  lab2.test   inactive\n' ;;
  status)
    [ "\${2:-}" = lab ] || exit 4
    printf 'Cluster:       lab\n\n'
    printf 'ID  NAME      ROLE     STATE    IPV4        MAC                CPUS  MEMORY  DISK    DOMAIN\n'
    printf '0   gateway   gateway  Running  10.77.3.10  52:54:00:6c:1d:00  2     2 GiB   20 GiB  lab-gateway\n'
    printf '1   control0  control  Running  10.77.3.11  52:54:00:6c:1d:01  2     2 GiB   20 GiB  lab-control0\n'
    printf '2   worker0   worker   Running  10.77.3.12  52:54:00:6c:1d:02  4     8 GiB   20 GiB  lab-worker0\n' ;;
  *) exec "$SLIPWAYCTL" "\$@" ;;
esac
FAKE
chmod +x "$fake"

if [ "$mode" = bash-completion ]; then
  bash_completion=$(pkg-config --variable=compatdir bash-completion 2>/dev/null)
  bash_completion=${bash_completion%/*}/bash_completion
  [ -r "$bash_completion" ] || bash_completion=/usr/share/bash-completion/bash_completion
  if [ ! -r "$bash_completion" ]; then
    echo "1..0 # SKIP bash-completion is not installed"
    exit 0
  fi
  # shellcheck source=/dev/null
  source "$bash_completion"
  declare -F _init_completion > /dev/null || { echo "Bail out! no _init_completion"; exit 1; }
fi

# shellcheck source=/dev/null
source "$completion"

n=0
failed=0

# complete WORDS... : completes the last word of the line "WORDS..."
complete_line()
{
  COMP_WORDS=("$fake" "$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="${COMP_WORDS[*]}"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _slipwayctl "$fake" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

check()
{
  local what=$1 expected=$2 got=$3
  n=$((n + 1))
  if [ "$got" = "$expected" ]; then
    echo "ok $n - $what"
  else
    echo "not ok $n - $what"
    echo "# expected: $expected"
    echo "#      got: $got"
    failed=$((failed + 1))
  fi
}

check_contains()
{
  local what=$1 needle=$2 got=$3
  n=$((n + 1))
  if [[ " $got " == *" $needle "* ]]; then
    echo "ok $n - $what"
  else
    echo "not ok $n - $what: no “$needle” in: $got"
    failed=$((failed + 1))
  fi
}

# Every command of the help, and nothing else.
commands=$("$SLIPWAYCTL" --help | awk '/^Commands:/ { t = 1; next } t && /^[^ ]/ { t = 0 } t && /^  [a-z]/ { print $1 }' | sort | tr '\n' ' ' | sed 's/ $//')
check "commands come from the help" "$commands" "$(complete_line "")"
for c in $commands; do
  check_contains "command $c is completed" "$c" "$(complete_line "")"
done
check "a prefix narrows the commands" "start status stop" "$(complete_line st)"
check "global options" "--connect --help --quiet --version" "$(complete_line --)"

check "options of destroy" "--connect --delete-image --delete-keys --help --quiet --yes" "$(complete_line destroy lab --)"
check "options of stop" "--connect --help --quiet --timeout" "$(complete_line stop --)"
check "options of list" "--connect --help --json --quiet" "$(complete_line list --)"

check "cluster names" "lab lab2" "$(complete_line status "")"
check "cluster names after a global option" "lab lab2" "$(complete_line --quiet destroy l)"
rm -f "$tmp/connect"
complete_line --connect test:///default status "" > /dev/null
check "--connect is passed on when listing clusters" "test:///default" "$(cat "$tmp/connect" 2>/dev/null)"
check "--connect values" "qemu:///session qemu:///system" "$(complete_line --connect qemu)"

check "node names of console" "control0 gateway worker0" "$(complete_line console lab "")"
check "console takes one node" "" "$(complete_line console lab worker0 "")"
check "nodes and roles of reset" "control control0 gateway worker worker0" "$(complete_line reset lab "")"
check "more nodes and roles after one" "worker worker0" "$(complete_line reset lab gateway w)"
check "an option value is not an argument" "control control0 gateway worker worker0" "$(complete_line stop --timeout 30 lab "")"
check "checkpoint actions" "restore" "$(complete_line checkpoint re)"
check "checkpoint: the cluster after the action" "lab lab2" "$(complete_line checkpoint save "")"
check "help completes commands" "checkpoint console create" "$(complete_line help c)"
check "init takes a name, not a file" "" "$(complete_line init "")"

if [[ " $commands " == *" export "* ]]; then
  check "export --format values" "ansible hosts ssh-config" "$(complete_line export lab --format "")"
  check "export -f is --format" "ansible hosts ssh-config" "$(complete_line export lab -f "")"
fi
if [[ " $commands " == *" wait "* ]]; then
  check "wait --until values" "ready running ssh" "$(complete_line wait lab --until "")"
fi
if [[ " $commands " == *" ssh "* ]]; then
  check "ssh completes a node" "control0 gateway worker0" "$(complete_line ssh lab "")"
  check "ssh: nothing after the node" "" "$(complete_line ssh lab worker0 "")"
  check "ssh: nothing after --" "" "$(complete_line ssh lab worker0 -- "")"
fi

touch "$tmp/lab.conf"
check "create completes files" "$tmp/lab.conf" "$(complete_line create "$tmp/la")"
check "--image completes files" "$tmp/lab.conf" "$(complete_line init lab --image "$tmp/la")"

echo "1..$n"
[ "$failed" -eq 0 ]
