#!/bin/bash
# run-tests.sh — installs what the test suite needs, builds Slipway and runs
# every test: unit and integration tests (libvirt's test driver), UI tests
# (under Xvfb), end-to-end tests (a real libvirt daemon with QEMU and a
# Debian guest image the suite builds and caches), and the core tests again
# under AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   usage: build-aux/run-tests.sh
#
# Starts libvirtd/virtlogd only when no daemon is running, and stops only
# what it started. Ends with one line "N passed, N failed, N skipped".

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

build-aux/install-deps.sh test || exit 1

builddir=${SLIPWAY_BUILDDIR:-_build-test}
asandir=${SLIPWAY_ASAN_BUILDDIR:-_build-asan}
fuzzdir=${SLIPWAY_FUZZ_BUILDDIR:-_build-fuzz}
state_dir=$(mktemp -d /tmp/slipway-test-state.XXXXXX)
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

setup () {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi && meson compile -C "$dir"
}

stop_daemons () {
  "${sudo[@]}" tests/e2e/libvirtd-down.sh "$state_dir" >/dev/null 2>&1 || true
  rm -rf "$state_dir"
}
trap stop_daemons EXIT

status=0
setup "$builddir" -Dwerror=true || exit 1
setup "$asandir" -Db_sanitize=address,undefined -Db_lundef=false || exit 1

"${sudo[@]}" tests/e2e/libvirtd-up.sh "$state_dir" || exit 1
# The fault tests kill this daemon and start it again with libvirtd-up.sh
# on the same state, so that stop_daemons still stops what runs then.
export SLIPWAY_LIBVIRTD_STATE=$state_dir

# The end-to-end tests share one guest image, built once and cached; with
# it, the daemon and root all here, they must run rather than skip.
image=/var/cache/slipway-tests/debian-12-slipway-test.qcow2
"${sudo[@]}" mkdir -p "$(dirname "$image")"
"${sudo[@]}" tests/e2e/build-image.sh "$image" ||
  "${sudo[@]}" tests/e2e/build-image.sh "$image" || status=1
export SLIPWAY_E2E_REQUIRED=1

# The arm64 image is built under emulation (qemu-user), which takes minutes:
# in the background, at the lowest priority, beside the tests that come
# first. e2e-arm64 comes after the other e2e scripts and waits for it (the
# builder holds a lock on the image), or builds it again if this build failed.
arm_image=/var/cache/slipway-tests/debian-12-slipway-test-arm64.qcow2
arm_log=$builddir/meson-logs/build-image-arm64.log
"${sudo[@]}" nice -n 19 ionice -c 3 tests/e2e/build-image.sh --arch arm64 "$arm_image" \
  > "$arm_log" 2>&1 &
arm_build=$!
# Stopped with the rest if this script is: its own traps clean up.
trap 'kill "$arm_build" 2>/dev/null; wait "$arm_build" 2>/dev/null; stop_daemons' EXIT

# Everything, in one run: core, ui and e2e suites.
xvfb-run -a -s '-screen 0 1280x800x24' \
  meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=1
wait "$arm_build" || tail -n 60 "$arm_log" | sed 's/^/arm64 image: /'
trap stop_daemons EXIT

# The core again, with the sanitizers. Everything runs several times slower
# there: the tests' hang guards (SLIPWAY_TEST_SLOWDOWN, tests/test-slowdown.h)
# and meson's time limits grow with it.
export SLIPWAY_TEST_SLOWDOWN=4
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  meson test -C "$asandir" --suite core --print-errorlogs --num-processes 2 --timeout-multiplier 4 || status=1

# The window's tests again under the sanitizers (their G_DEBUG has
# fatal-warnings, which makes criticals fatal too). GTK and fontconfig keep
# caches to the end, so leaks are not checked here.
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  xvfb-run -a -s '-screen 0 1280x800x24' \
  meson test -C "$asandir" --suite ui --logbase asan-ui --print-errorlogs --num-processes 1 \
    --timeout-multiplier 4 || status=1

# The libFuzzer targets (clang), SLIPWAY_FUZZ_SECONDS (60) each.
# Only the targets are built: the rest of the tree is not fuzzed.
if { [ -f "$fuzzdir/build.ninja" ] ||
     CC=clang meson setup "$fuzzdir" -Dfuzzing=true -Db_sanitize=address,undefined \
       -Db_lundef=false >/dev/null; } &&
   meson compile -C "$fuzzdir" tests/fuzz/fuzz-spec tests/fuzz/fuzz-render; then
  meson test -C "$fuzzdir" --suite fuzz --no-rebuild --print-errorlogs --num-processes 1 || status=1
else
  status=1
fi

stop_daemons
trap - EXIT

python3 - "$builddir/meson-logs/testlog.json" "$asandir/meson-logs/testlog.json" \
  "$asandir/meson-logs/asan-ui.json" "$fuzzdir/meson-logs/testlog.json" <<'PY'
# The failed subtests again, right above the summary: a log cut to its
# last lines still says what failed and why.
import json, sys
sys.stdout.reconfigure(errors="replace")
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                try:
                    test = json.loads(line)
                except ValueError:
                    failed += 1
                    print(f"FAILED: a result in {path} cannot be read")
                    continue
                r = test.get("result")
                if r in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                    continue
                if r == "SKIP":
                    skipped += 1
                    continue
                failed += 1
                print(f"FAILED: {test.get('name')} ({r}, {path})")
                lines = (test.get("stdout") or "").splitlines()
                shown = 0
                for i, out in enumerate(lines):
                    if out.startswith("not ok") and shown < 10:
                        shown += 1
                        print(f"  {out}")
                        for more in lines[i + 1:i + 9]:
                            if not more.startswith("#"):
                                break
                            print(f"  {more}")
                if shown == 0:
                    for out in lines[-20:]:
                        print(f"  {out}")
    except FileNotFoundError:
        failed += 1
        print(f"FAILED: no results in {path}")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY

exit $status
