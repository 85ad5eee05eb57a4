#!/usr/bin/env python3
# check-flatpak.py — the Flatpak manifest: pinned sources, client-only libvirt,
# and finish-args that the README justifies one by one.
#
#   usage: check-flatpak.py MANIFEST README [FLATPAK-BUILDER]
#
# With FLATPAK-BUILDER, also has it parse the manifest (--show-manifest), in a
# scratch directory because it leaves a .flatpak-builder/ folder behind.
# Output is TAP.

import json
import re
import subprocess
import sys
import tempfile

manifest_path, readme_path = sys.argv[1], sys.argv[2]
builder = sys.argv[3] if len(sys.argv) > 3 else None

tests = []


def check(ok, what, details=()):
    tests.append((bool(ok), what, list(details)))


with open(manifest_path, encoding='utf-8') as f:
    manifest = json.load(f)

# GNOME 43 ships exactly the Debian 12 floor: GLib 2.74, GTK 4.8, libadwaita 1.2.
check(manifest.get('id') == 'io.github.slipway.Slipway', 'the app id')
check(manifest.get('runtime') == 'org.gnome.Platform' and manifest.get('sdk') == 'org.gnome.Sdk'
      and manifest.get('runtime-version') == '43', 'GNOME 43 runtime and SDK')
check(manifest.get('command') == 'slipway', 'the command is slipway')


def walk(modules):
    for m in modules:
        if isinstance(m, dict):
            yield m
            yield from walk(m.get('modules', []))


modules = {m['name']: m for m in walk(manifest.get('modules', []))}
wanted = ['libtirpc', 'libvirt', 'libvirt-glib', 'vte', 'osinfo-db-tools', 'osinfo-db',
          'libosinfo', 'libisofs', 'slipway']
check(all(n in modules for n in wanted), 'every bundled library is a module',
      [f'no module {n}' for n in wanted if n not in modules])
check(list(modules)[-1] == 'slipway', 'slipway is built last')

unpinned = []
for name, m in modules.items():
    for s in m.get('sources', []):
        if s.get('type') in ('archive', 'file'):
            if not s.get('url', '').startswith('https://'):
                unpinned.append(f'{name}: {s.get("url")} is not https')
            if not re.fullmatch(r'[0-9a-f]{64}', s.get('sha256', '')):
                unpinned.append(f'{name}: no sha256')
        elif s.get('type') == 'git':
            if not s.get('commit'):
                unpinned.append(f'{name}: git source without a commit')
        elif not (name == 'slipway' and s.get('type') == 'dir'):
            unpinned.append(f'{name}: source type {s.get("type")}')
check(not unpinned, 'every source is pinned (https url and sha256)', unpinned)

libvirt = modules.get('libvirt', {}).get('config-opts', [])
need = ['-Ddriver_remote=enabled', '-Ddriver_test=enabled', '-Ddriver_libvirtd=disabled',
        '-Ddriver_qemu=disabled', '-Drunstatedir=/run']
check(all(o in libvirt for o in need), 'libvirt is built client-only (remote and test drivers)',
      [f'missing {o}' for o in need if o not in libvirt])
vte = modules.get('vte', {}).get('config-opts', [])
check('-Dgtk4=true' in vte and '-Dgtk3=false' in vte, 'VTE is built for GTK 4 only')

args = manifest.get('finish-args', [])
allowed = {'--share=network', '--share=ipc', '--socket=wayland', '--socket=fallback-x11',
           '--device=dri', '--filesystem=/run/libvirt', '--filesystem=xdg-run/libvirt:create',
           '--env=LIBVIRT_AUTOSTART=0'}
check(set(args) <= allowed, 'finish-args are limited to what Slipway needs',
      [f'unexpected {a}' for a in args if a not in allowed])
check('--socket=x11' not in args and not any(a.startswith('--talk-name') for a in args),
      'no full X11 and no D-Bus names')

with open(readme_path, encoding='utf-8') as f:
    readme = f.read()
section = re.search(r'^## Flatpak\n(.*?)(?=^## |\Z)', readme, re.S | re.M)
check(section, 'the README has a Flatpak section')
text = section.group(1) if section else ''
check(all(f'`{a}`' in text for a in args), 'the README justifies every finish-arg',
      [f'{a} is not in the README' for a in args if f'`{a}`' not in text])

if builder:
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([builder, '--show-manifest', manifest_path], cwd=tmp,
                           capture_output=True, text=True)
    ok = r.returncode == 0
    if ok:
        shown = json.loads(r.stdout)
        ok = shown.get('id') == manifest['id']
    check(ok, 'flatpak-builder --show-manifest reads the manifest', r.stderr.splitlines())

for i, (ok, what, details) in enumerate(tests, 1):
    print(f'{"ok" if ok else "not ok"} {i} - {what}')
    for d in details:
        print(f'# {d}')
print(f'1..{len(tests)}')
sys.exit(0 if all(ok for ok, _, _ in tests) else 1)
