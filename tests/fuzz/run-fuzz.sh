#!/bin/bash
# run-fuzz.sh — runs one libFuzzer target for a bounded time on its seeds.
#
#   usage: run-fuzz.sh FUZZER SEED_DIR…
#
# SLIPWAY_FUZZ_SECONDS (default 60) bounds the run. New inputs go to a
# temporary folder, never into the seed corpus. A crash, a leak, undefined
# behaviour or a timeout fails the run; the input that did it is kept in
# $SLIPWAY_FUZZ_ARTIFACTS (default: the build's meson-logs/fuzz) and named
# on stderr, so "FUZZER THAT_FILE" reproduces it.

set -uo pipefail

fuzzer=$1; shift
seconds=${SLIPWAY_FUZZ_SECONDS:-60}
artifacts=${SLIPWAY_FUZZ_ARTIFACTS:-$(dirname "$fuzzer")/../../meson-logs/fuzz}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"

# GLib's own allocations at exit, and libxml2's per-thread state, are not leaks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(dirname "$0")/../lsan.supp:print_suppressions=0}
export G_SLICE=always-malloc

"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$artifacts/$(basename "$fuzzer")-" "$work" "$@"
status=$?
if [ "$status" -ne 0 ]; then
  echo "$(basename "$fuzzer") failed (exit $status); inputs that crashed are in $artifacts" >&2
fi
exit "$status"
