#!/bin/bash
# check-translations.sh — every language in po/LINGUAS is complete and valid:
# msgfmt --check passes, and nothing is fuzzy or untranslated against the
# sources (the catalog is merged with a fresh template first, so a string
# changed in the code and not in the translation shows up as fuzzy here).
#
#   usage: check-translations.sh SOURCE_ROOT

set -uo pipefail

root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A fresh template from POTFILES.in, with the keywords of meson's "glib" preset.
(cd "$root" && xgettext --files-from=po/POTFILES.in --from-code=UTF-8 \
    --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
    -o "$work/slipway.pot") || { echo "Bail out! xgettext failed"; exit 1; }

n=0
failed=0
while read -r lang; do
    [[ -z $lang || $lang == \#* ]] && continue
    n=$((n + 1))
    msgmerge --quiet --no-fuzzy-matching -o "$work/$lang.po" "$root/po/$lang.po" "$work/slipway.pot"
    stats=$(msgfmt --check --statistics -o /dev/null "$work/$lang.po" 2>&1)
    if [[ $? -eq 0 && $stats != *fuzzy* && $stats != *untranslated* ]]; then
        echo "ok $n - $lang: $stats"
    else
        failed=$((failed + 1))
        echo "not ok $n - $lang: $stats"
        msgattrib --untranslated --only-fuzzy "$work/$lang.po" 2>/dev/null | grep '^msgid' | head -n 10 | sed 's/^/#   /'
        msgattrib --untranslated "$work/$lang.po" 2>/dev/null | grep '^msgid' | head -n 10 | sed 's/^/#   /'
    fi
done < "$root/po/LINGUAS"
echo "1..$n"
[ "$failed" -eq 0 ]
