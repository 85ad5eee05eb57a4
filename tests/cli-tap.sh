# cli-tap.sh — what the shell tests of slipwayctl share; sourced, not run.
#
# Sets up a private world (home, XDG folders, untranslated messages, no
# default libvirt URI) in $work, removed on exit, and TAP helpers:
#
#   run ARG...                   slipwayctl with ARGs, no terminal on stdin:
#                                stdout in $out, stderr in $err, $status
#   expect DESCRIPTION STATUS ARG...   run, and check the exit status
#   check DESCRIPTION COMMAND...       check a condition (on the last run)
#   stdout_has / stderr_has TEXT, stdout_empty, valid_json,
#   json PYTHON-EXPRESSION       over the last run's output (`d` is the parsed stdout)
#   tap_finish                   the plan and a summary; the exit status
#
# Environment: SLIPWAYCTL, the slipwayctl binary.

: "${SLIPWAYCTL:?SLIPWAYCTL must name the slipwayctl binary}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Nothing of the user's: keys, caches and configuration stay in $work.
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
export XDG_CACHE_HOME=$work/cache XDG_RUNTIME_DIR=$work/run
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset LIBVIRT_DEFAULT_URI
# Untranslated messages, whatever the machine's locale.
export LC_ALL=C.UTF-8 LANGUAGE=
cd "$work" || exit 1

n=0
failed=0
out=$work/stdout
err=$work/stderr
status=0

pass () { n=$((n + 1)); echo "ok $n - $1"; }
fail () {
  n=$((n + 1)); failed=$((failed + 1))
  echo "not ok $n - $1"
  echo "#   exit status $status"
  sed 's/^/#   stdout: /' "$out" | head -n 20
  sed 's/^/#   stderr: /' "$err" | head -n 20
}

run () {
  local errexit=0
  [[ $- == *e* ]] && errexit=1
  set +e
  "$SLIPWAYCTL" "$@" < /dev/null > "$out" 2> "$err"
  status=$?
  ((errexit)) && set -e
  return 0
}

expect () {
  local description=$1 expected=$2
  shift 2
  run "$@"
  if [ "$status" -eq "$expected" ]; then pass "$description"; else fail "$description (wanted $expected)"; fi
}

check () {
  local description=$1
  shift
  if "$@"; then pass "$description"; else fail "$description"; fi
}

stdout_has () { grep -q -F -e "$1" "$out"; }
stderr_has () { grep -q -F -e "$1" "$err"; }
stdout_empty () { ! [ -s "$out" ]; }
valid_json () { python3 -m json.tool < "$out" > /dev/null; }
json () { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$out"; }

tap_finish () {
  echo "1..$n"
  echo "# $((n - failed)) passed, $failed failed"
  [ "$failed" -eq 0 ]
}
