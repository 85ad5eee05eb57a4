#!/bin/bash
# check-layers.sh — the layering rules of ARCHITECTURE.md §4.1, by grep:
#
#   gtk          src/core includes no <gtk/...>
#   public-virt  no public core header (src/core/*.h not named *-private.h)
#                includes <libvirt...>
#   ui-virt      src/gui and src/cli hold no vir[A-Z]… / gvir_… / GVir… use
#                and no libvirt include
#   umbrella     internal core .c files do not include "slipway.h"
#   facade       src/gui, src/cli and bench/ use the object model, not the
#                engine under it (SlipwayProvisioner)
#   private      src/gui, src/cli, bench/ and the public core headers
#                include no private core header (src/core/*-private.h)
#
#   usage: check-layers.sh SOURCE-ROOT
#
# Output is TAP. Today's violations are listed in ALLOWED below: they are
# reported as "allowed (to be removed)" and pass. Anything else fails. Fix a
# violation, then delete its line here (a stale entry is reported, not failed,
# so that branches merge in any order).

set -uo pipefail

root=${1:-.}
cd "$root" || exit 1

# rule file — one line each; keep sorted; shrink it, never grow it.
ALLOWED="
"

n=0
failed=0
found=""

# The code lines (not comment lines: "// …", "/* …", " * …") of FILE… that
# match PATTERN, as "file:line".  One grep per rule, not one per file: the
# test stays fast on a loaded machine.
matches() {
  local pattern=$1; shift
  [ $# -gt 0 ] || return 0
  grep -HE -- "$pattern" "$@" 2>/dev/null | grep -vE '^[^:]+:[[:space:]]*(//|/\*|\*)' || true
}

check() {
  local rule=$1 file=$2 description=$3 hits=$4

  [ -n "$hits" ] || return 0
  found="$found$rule $file"$'\n'
  n=$((n + 1))
  if grep -qxF "$rule $file" <<< "$ALLOWED"; then
    echo "ok $n - $file: $description # allowed (to be removed)"
  else
    echo "not ok $n - $file: $description"
    sed 's/^/#   /' <<< "$hits"
    failed=$((failed + 1))
  fi
}

# check_rule RULE DESCRIPTION PATTERN FILE…: one check per file that matches.
check_rule() {
  local rule=$1 description=$2 pattern=$3 hits file; shift 3
  hits=$(matches "$pattern" "$@")
  [ -n "$hits" ] || return 0
  while read -r file; do
    check "$rule" "$file" "$description" "$(awk -v f="$file" 'index($0, f ":") == 1 { print substr($0, length(f) + 2) }' <<< "$hits")"
  done < <(cut -d: -f1 <<< "$hits" | sort -u)
}

# Files that exist, of the globs given.
existing() { local f; for f in "$@"; do [ -e "$f" ] && printf '%s\n' "$f"; done; }

mapfile -t core_all < <(existing src/core/*.c src/core/*.h)
mapfile -t core_c < <(existing src/core/*.c)
mapfile -t core_public < <(existing src/core/*.h | grep -v -- '-private[.]h$')
mapfile -t ui < <(existing src/gui/*.c src/gui/*.h src/cli/*.c src/cli/*.h)
mapfile -t ui_bench < <(existing src/gui/*.c src/gui/*.h src/cli/*.c src/cli/*.h bench/*.c)
mapfile -t not_core_private < <(existing src/gui/*.c src/gui/*.h src/cli/*.c src/cli/*.h bench/*.c bench/*.h src/core/*.h |
                                grep -v -- '^src/core/.*-private[.]h$')

check_rule gtk "core includes no GTK" \
  '#[[:space:]]*include[[:space:]]*<gtk/' "${core_all[@]}"
check_rule public-virt "public core header includes no libvirt" \
  '#[[:space:]]*include[[:space:]]*<libvirt' "${core_public[@]}"
check_rule ui-virt "GUI and CLI use no libvirt" \
  '#[[:space:]]*include[[:space:]]*<libvirt|\bvir[A-Z][A-Za-z]*|\bgvir_[a-z_]+|\bGVir[A-Z]' "${ui[@]}"
check_rule umbrella "internal core file does not include slipway.h" \
  '#[[:space:]]*include[[:space:]]*"slipway\.h"' "${core_c[@]}"
check_rule facade "GUI, CLI and benchmarks use the object model, not SlipwayProvisioner" \
  '\bslipway_provisioner_[a-z_]+|\bSlipwayProvisioner\b|\bSlipwayClusterStatus\b' "${ui_bench[@]}"

core_private=$(cd src/core && ls -- *-private.h 2>/dev/null | sed 's/[.]/[.]/g' | paste -sd'|' -)
if [ -n "$core_private" ]; then
  check_rule private "includes no private core header" \
    "#[[:space:]]*include[[:space:]]*\"($core_private)\"" "${not_core_private[@]}"
fi

# Allow-list entries that no longer match: fixed, so the line can go.
while read -r rule file; do
  [ -n "$rule" ] || continue
  if ! grep -qxF "$rule $file" <<< "$found"; then
    echo "# allow-list entry \"$rule $file\" is fixed: remove it from tests/check-layers.sh"
  fi
done <<< "$ALLOWED"

n=$((n + 1))
if [ "$failed" -eq 0 ]; then
  echo "ok $n - no layering violation outside the allow-list"
else
  echo "not ok $n - $failed layering violation(s) outside the allow-list"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
