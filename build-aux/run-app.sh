#!/bin/bash
# run-app.sh — installs what Slipway needs, builds it and starts it.
#
#   usage: build-aux/run-app.sh [slipway options, e.g. --connect qemu:///session]

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

build-aux/install-deps.sh app
if [ ! -f _build/build.ninja ]; then
  meson setup _build
fi
meson compile -C _build
GSETTINGS_SCHEMA_DIR="$top/_build/data" exec _build/src/gui/slipway "$@"
