#!/usr/bin/env python3
# check-potfiles.py — po/POTFILES.in is complete, sorted, and names only real files.
#
#   usage: check-potfiles.py SOURCE-ROOT
#
# Every file under src/ and data/ that marks a string for translation — _(),
# N_(), C_(), NC_(), g_dngettext()/ngettext(), translatable="yes" in a .ui
# file, a GSettings schema with gettext-domain, a desktop or metainfo
# template — must be listed, or its strings never reach translators.
# Output is TAP.

import os
import re
import sys

root = sys.argv[1]
MARKERS = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dngettext|g_dpgettext2|ngettext)\s*\('
                     r'|translatable="yes"'
                     r'|gettext-domain=')
# Naive, but enough for our sources: a comment that mentions N_() is no string.
C_COMMENTS = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
XML_COMMENTS = re.compile(r'<!--.*?-->', re.S)
TEMPLATES = ('.desktop.in', '.metainfo.xml.in', '.appdata.xml.in')
TEXT_SUFFIXES = ('.c', '.h', '.ui', '.xml', '.in')

tests = []


def check(ok, what, details=()):
    tests.append((ok, what, details))


with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    listed = [line.strip() for line in f
              if line.strip() and not line.lstrip().startswith('#')]

missing = [p for p in listed if not os.path.isfile(os.path.join(root, p))]
check(not missing, 'every file in POTFILES.in exists', missing)

check(len(listed) == len(set(listed)), 'no file is listed twice',
      sorted({p for p in listed if listed.count(p) > 1}))
check(listed == sorted(listed), 'POTFILES.in is sorted',
      [f'{a} comes before {b}' for a, b in zip(listed, listed[1:]) if a > b])

needed = []
for top in ('src', 'data'):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if name.endswith(TEMPLATES):
                needed.append(rel)
                continue
            if not name.endswith(TEXT_SUFFIXES):
                continue
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            if name.endswith(('.c', '.h')):
                text = C_COMMENTS.sub(' ', text)
            else:
                text = XML_COMMENTS.sub(' ', text)
            if MARKERS.search(text):
                needed.append(rel)

unlisted = [p for p in needed if p not in listed]
check(not unlisted, 'every file with translatable strings is in POTFILES.in',
      [f'add {p}' for p in unlisted])

for i, (ok, what, details) in enumerate(tests, 1):
    print(f'{"ok" if ok else "not ok"} {i} - {what}')
    for d in details:
        print(f'# {d}')
print(f'1..{len(tests)}')
sys.exit(0 if all(ok for ok, _, _ in tests) else 1)
