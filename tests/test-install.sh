#!/bin/bash
# test-install.sh — "meson install" into a scratch folder puts every file where
# GNOME, D-Bus, man and bash-completion look for it.
#
#   usage: test-install.sh BUILD-DIR PREFIX APP-ID BASH-COMPLETION-DIR LINGUAS-FILE
#
# BASH-COMPLETION-DIR is absolute or relative to PREFIX. Output is TAP.

set -uo pipefail

build=$1 prefix=$2 app_id=$3 completion_dir=$4 linguas=$5
case $completion_dir in /*) ;; *) completion_dir=$prefix/$completion_dir ;; esac

destdir=$(mktemp -d)
trap 'rm -rf "$destdir"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@" > "$destdir/.out" 2>&1; then ok "$what"; else not_ok "$what"; sed 's/^/# /' "$destdir/.out"; fi; }

if ! meson install -C "$build" --no-rebuild --destdir "$destdir" --quiet > "$destdir/.log" 2>&1; then
  echo "Bail out! meson install failed"
  sed 's/^/# /' "$destdir/.log"
  exit 1
fi

root=$destdir$prefix
files=(
  "bin/slipway"
  "bin/slipwayctl"
  "share/applications/$app_id.desktop"
  "share/metainfo/$app_id.metainfo.xml"
  "share/icons/hicolor/scalable/apps/$app_id.svg"
  "share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
  "share/glib-2.0/schemas/io.github.slipway.Slipway.gschema.xml"
  "share/dbus-1/services/$app_id.service"
  "share/man/man1/slipway.1"
  "share/man/man1/slipwayctl.1"
)
for f in "${files[@]}"; do
  check "$f is installed" test -f "$root/$f"
done
check "bin/slipway and bin/slipwayctl are executable" test -x "$root/bin/slipway" -a -x "$root/bin/slipwayctl"
check "the bash completion is in ${completion_dir#"$prefix"/}" test -f "$destdir$completion_dir/slipwayctl"

while read -r lang; do
  case $lang in ''|'#'*) continue ;; esac
  check "share/locale/$lang/LC_MESSAGES/slipway.mo is installed" \
    test -f "$root/share/locale/$lang/LC_MESSAGES/slipway.mo"
done < "$linguas"

# The pieces agree with each other.
check "the desktop file is named after the app id and validates" \
  desktop-file-validate "$root/share/applications/$app_id.desktop"
check "the desktop file's icon is the installed icon" \
  grep -qx "Icon=$app_id" "$root/share/applications/$app_id.desktop"
check "the desktop file is D-Bus activatable" \
  grep -qx "DBusActivatable=true" "$root/share/applications/$app_id.desktop"
check "the D-Bus service owns the app id" \
  grep -qx "Name=$app_id" "$root/share/dbus-1/services/$app_id.service"
check "the D-Bus service starts the installed slipway" \
  grep -qx "Exec=$prefix/bin/slipway --gapplication-service" "$root/share/dbus-1/services/$app_id.service"
check "the metainfo launches the installed desktop file" \
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$root/share/metainfo/$app_id.metainfo.xml"
check "the installed schema compiles" \
  glib-compile-schemas --strict --dry-run "$root/share/glib-2.0/schemas"
check "the man pages format without warnings" \
  bash -c 'for m in "$1"/share/man/man1/slipway*.1; do out=$(LC_ALL=C.UTF-8 groff -man -ww -z "$m" 2>&1) || exit 1; [ -z "$out" ] || { echo "$out"; exit 1; }; done' _ "$root"
check "the desktop file and metainfo are translated" \
  bash -c 'grep -q "^Comment\[" "$1" || exit 1; grep -q "xml:lang=" "$2"' _ \
  "$root/share/applications/$app_id.desktop" "$root/share/metainfo/$app_id.metainfo.xml"

echo "1..$n"
[ "$failed" -eq 0 ]
