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

# Lines that are not comments: drops "// …", "/* …", " * …" lines.
code() { grep -vE '^[[:space:]]*(//|/\*|\*)' "$1"; }

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

for f in src/core/*.c src/core/*.h; do
  [ -e "$f" ] || continue
  check gtk "$f" "core includes no GTK" \
        "$(code "$f" | grep -E '#[[:space:]]*include[[:space:]]*<gtk/' || true)"
done

for f in src/core/*.h; do
  [ -e "$f" ] || continue
  case $f in *-private.h) continue ;; esac
  check public-virt "$f" "public core header includes no libvirt" \
        "$(code "$f" | grep -E '#[[:space:]]*include[[:space:]]*<libvirt' || true)"
done

for f in src/gui/*.c src/gui/*.h src/cli/*.c src/cli/*.h; do
  [ -e "$f" ] || continue
  check ui-virt "$f" "GUI and CLI use no libvirt" \
        "$(code "$f" | grep -E '#[[:space:]]*include[[:space:]]*<libvirt|\bvir[A-Z][A-Za-z]*|\bgvir_[a-z_]+|\bGVir[A-Z]' || true)"
done

for f in src/core/*.c; do
  [ -e "$f" ] || continue
  check umbrella "$f" "internal core file does not include slipway.h" \
        "$(code "$f" | grep -E '#[[:space:]]*include[[:space:]]*"slipway\.h"' || true)"
done

for f in src/gui/*.c src/gui/*.h src/cli/*.c src/cli/*.h bench/*.c; do
  [ -e "$f" ] || continue
  check facade "$f" "GUI, CLI and benchmarks use the object model, not SlipwayProvisioner" \
        "$(code "$f" | grep -E '\bslipway_provisioner_[a-z_]+|\bSlipwayProvisioner\b|\bSlipwayClusterStatus\b' || true)"
done

core_private=$(cd src/core && ls -- *-private.h 2>/dev/null | sed 's/[.]/[.]/g' | paste -sd'|' -)
for f in src/gui/*.c src/gui/*.h src/cli/*.c src/cli/*.h bench/*.c bench/*.h src/core/*.h; do
  [ -e "$f" ] && [ -n "$core_private" ] || continue
  case $f in src/core/*-private.h) continue ;; esac
  check private "$f" "includes no private core header" \
        "$(code "$f" | grep -E "#[[:space:]]*include[[:space:]]*\"($core_private)\"" || true)"
done

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
