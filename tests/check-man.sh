#!/bin/bash
# check-man.sh — the man pages format cleanly, and slipwayctl.1 documents every
# command and option that "slipwayctl --help" lists.
#
#   usage: check-man.sh DATA-DIR       (SLIPWAYCTL: the built slipwayctl)
#
# Output is TAP.

set -uo pipefail

data=$1
: "${SLIPWAYCTL:?SLIPWAYCTL must point at slipwayctl}"

n=0
failed=0
result() { n=$((n + 1)); if [ "$1" = ok ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

if ! command -v groff > /dev/null; then
  echo "1..0 # SKIP groff is not installed"
  exit 0
fi

for page in slipway.1 slipwayctl.1; do
  out=$(LC_ALL=C.UTF-8 groff -man -ww -z "$data/$page" 2>&1)
  if [ -z "$out" ]; then result ok "$page formats without warnings"; else result fail "$page formats without warnings"; echo "$out" | sed 's/^/# /'; fi
done

# The page as text, with roff's hyphen escapes gone.
text=$(sed 's/\\-/-/g' "$data/slipwayctl.1")

commands=$(LC_ALL=C.UTF-8 "$SLIPWAYCTL" --help | awk '/^Commands:/ { t = 1; next } t && /^[^ ]/ { t = 0 } t && /^  [a-z]/ { print $1 }')
for c in $commands; do
  if grep -Eq "^\.B[IR]? $c( |\$)" <<< "$text"; then
    result ok "slipwayctl.1 documents the command $c"
  else
    result fail "slipwayctl.1 documents the command $c"
  fi
  for o in $(LC_ALL=C.UTF-8 "$SLIPWAYCTL" "$c" --help | grep -Eo -- '--[a-z][a-z-]*' | sort -u); do
    if grep -q -- "$o" <<< "$text"; then
      result ok "slipwayctl.1 documents $c $o"
    else
      result fail "slipwayctl.1 documents $c $o"
    fi
  done
done

echo "1..$n"
[ "$failed" -eq 0 ]
