#!/usr/bin/env python3
# check-shortcuts.py — the Keyboard Shortcuts window lists every shortcut the code sets.
#
#   usage: check-shortcuts.py SOURCE-ROOT
#
# Reads the accelerators set in src/gui/*.c (gtk_application_set_accels_for_action,
# gtk_widget_class_add_binding*, gtk_shortcut_trigger_parse_string,
# gtk_keyval_trigger_new) and in src/gui/*.ui (GtkShortcut triggers), and the
# GtkShortcutsShortcut entries of src/gui/gtk/help-overlay.ui (an "accelerator",
# or an "action-name" whose accelerators the code sets). Fails when the code
# sets a shortcut the window does not show, when the window shows one nothing
# sets (except the widgets' own, listed in BUILT_IN), or when a call cannot be
# read: then extend this script rather than let a shortcut go unchecked.
# Output is TAP.

import glob
import html
import os
import re
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]
gui = os.path.join(root, 'src', 'gui')

# GtkApplication binds this itself when the app has a help overlay.
IMPLICIT = {'win.show-help-overlay': ['<Control>question']}

# Shortcuts that libadwaita and GTK widgets handle themselves, which the
# window may document without any code of ours setting them (AdwTabView).
BUILT_IN = {
    '<Control>Page_Up', '<Control>Page_Down', '<Control>KP_Page_Up', '<Control>KP_Page_Down',
    '<Control>Tab', '<Control><Shift>Tab', '<Control><Shift>Page_Up', '<Control><Shift>Page_Down',
    '<Control>Home', '<Control>End', '<Control><Shift>Home', '<Control><Shift>End',
    '<Alt>1', '<Alt>2', '<Alt>3', '<Alt>4', '<Alt>5', '<Alt>6', '<Alt>7', '<Alt>8', '<Alt>9',
    '<Alt>0', 'Escape',
}

MODIFIERS = {'control': 'Control', 'ctrl': 'Control', 'primary': 'Control', 'shift': 'Shift',
             'alt': 'Alt', 'mod1': 'Alt', 'super': 'Super', 'meta': 'Meta', 'hyper': 'Hyper'}
MASKS = {'GDK_CONTROL_MASK': 'Control', 'GDK_SHIFT_MASK': 'Shift', 'GDK_ALT_MASK': 'Alt',
         'GDK_SUPER_MASK': 'Super', 'GDK_META_MASK': 'Meta', 'GDK_HYPER_MASK': 'Hyper'}
ORDER = ['Control', 'Shift', 'Alt', 'Super', 'Meta', 'Hyper']

problems = []


def canonical(mods, key):
    key = key if len(key) > 1 else key.lower()
    return ''.join(f'<{m}>' for m in ORDER if m in mods) + key


def parse_accel(text, where):
    """'<Primary><Shift>c' -> '<Control><Shift>c'"""
    m = re.fullmatch(r'((?:<[A-Za-z0-9]+>)*)([A-Za-z0-9_]+)', text.strip())
    if not m:
        problems.append(f'{where}: cannot read the accelerator “{text}”')
        return None
    mods = set()
    for name in re.findall(r'<([A-Za-z0-9]+)>', m.group(1)):
        if name.lower() not in MODIFIERS:
            problems.append(f'{where}: unknown modifier <{name}>')
            return None
        mods.add(MODIFIERS[name.lower()])
    return canonical(mods, m.group(2))


def parse_keyval(keyval, mask, where):
    mods = set()
    mask = mask.strip()
    if mask != '0':
        for part in re.split(r'\s*\|\s*', mask):
            if part not in MASKS:
                problems.append(f'{where}: cannot read the modifiers “{mask}”')
                return None
            mods.add(MASKS[part])
    return canonical(mods, keyval[len('GDK_KEY_'):])


def strip_comments(text):
    return re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)


def c_strings(text):
    return [s for s in re.findall(r'"((?:[^"\\]|\\.)*)"', text)]


# --- what the code sets ------------------------------------------------------
code = {a: f'GTK ({action})' for action, v in IMPLICIT.items() for a in v}   # accel -> where
action_accels = {a: list(v) for a, v in IMPLICIT.items()}

for path in sorted(glob.glob(os.path.join(gui, '**', '*.c'), recursive=True)):
    rel = os.path.relpath(path, root)
    with open(path, encoding='utf-8') as f:
        text = strip_comments(f.read())

    for m in re.finditer(r'gtk_application_set_accels_for_action\s*\(', text):
        call = text[m.end():text.find(';', m.end())]
        args = re.match(r'\s*[^,]+,\s*"([^"]+)"\s*,\s*(.*)\)\s*$', call, re.S)
        if not args:
            problems.append(f'{rel}: cannot read gtk_application_set_accels_for_action ({call.strip()[:60]}…)')
            continue
        action, accels = args.group(1), args.group(2).strip()
        if accels.startswith('(') or accels.startswith('{'):
            strings = c_strings(accels)
        else:
            array = re.search(re.escape(accels) + r'\s*\[\s*\]\s*=\s*\{([^}]*)\}', text)
            if not array:
                problems.append(f'{rel}: cannot find the accelerators “{accels}” of {action}')
                continue
            strings = c_strings(array.group(1))
        for s in strings:
            accel = parse_accel(s, rel)
            if accel:
                action_accels.setdefault(action, []).append(accel)
                code[accel] = f'{rel} ({action})'

    for m in re.finditer(r'gtk_widget_class_add_binding(?:_action|_signal)?\s*\(', text):
        call = text[m.end():text.find(';', m.end())]
        args = re.match(r'\s*[^,]+,\s*(GDK_KEY_\w+)\s*,\s*([^,]+),\s*(.*)$', call, re.S)
        if not args:
            problems.append(f'{rel}: cannot read gtk_widget_class_add_binding… ({call.strip()[:60]}…)')
            continue
        accel = parse_keyval(args.group(1), args.group(2), rel)
        if accel:
            name = c_strings(args.group(3))
            code[accel] = f'{rel} ({name[0] if name else "binding"})'

    for m in re.finditer(r'gtk_shortcut_trigger_parse_string\s*\(\s*([^)]*)\)', text):
        strings = c_strings(m.group(1))
        if not strings:
            problems.append(f'{rel}: cannot read gtk_shortcut_trigger_parse_string ({m.group(1)})')
        for s in strings:
            for alt in s.split('|'):
                if alt not in ('never',):
                    accel = parse_accel(alt, rel)
                    if accel:
                        code[accel] = rel

    for m in re.finditer(r'gtk_keyval_trigger_new\s*\(\s*(GDK_KEY_\w+)\s*,\s*([^)]*)\)', text):
        accel = parse_keyval(m.group(1), m.group(2), rel)
        if accel:
            code[accel] = rel
    for m in re.finditer(r'gtk_keyval_trigger_new\s*\(\s*(?!GDK_KEY_)', text):
        problems.append(f'{rel}: cannot read a gtk_keyval_trigger_new call with a variable key')

overlay_path = os.path.join(gui, 'gtk', 'help-overlay.ui')
for path in sorted(glob.glob(os.path.join(gui, '**', '*.ui'), recursive=True)):
    if os.path.samefile(path, overlay_path):
        continue
    rel = os.path.relpath(path, root)
    for obj in ET.parse(path).iter('object'):
        if obj.get('class') != 'GtkShortcut':
            continue
        for prop in obj.findall('property'):
            if prop.get('name') == 'trigger' and prop.text:
                for alt in prop.text.split('|'):
                    accel = parse_accel(html.unescape(alt), rel)
                    if accel:
                        code[accel] = rel

# --- what the Keyboard Shortcuts window shows -------------------------------
shown = {}
twice = []
for obj in ET.parse(overlay_path).iter('object'):
    if obj.get('class') != 'GtkShortcutsShortcut':
        continue
    props = {p.get('name'): (p.text or '') for p in obj.findall('property')}
    title = props.get('title', '?')
    if props.get('accelerator'):
        for a in props['accelerator'].split():
            accel = parse_accel(a, f'help-overlay.ui “{title}”')
            if accel:
                if accel in shown:
                    twice.append(f'{accel}: “{shown[accel]}” and “{title}”')
                shown[accel] = title
    elif props.get('action-name'):
        accels = action_accels.get(props['action-name'])
        if not accels:
            problems.append(f'help-overlay.ui “{title}”: nothing sets an accelerator for '
                            f'{props["action-name"]}')
        for accel in accels or []:
            shown[accel] = title
    elif props.get('shortcut-type', 'accelerator') == 'accelerator':
        problems.append(f'help-overlay.ui “{title}”: neither accelerator nor action-name')

# --- verdict -----------------------------------------------------------------
tests = [
    (not problems, 'the code and the window can be read', problems),
    (bool(code), 'the code sets shortcuts', []),
]
unlisted = sorted(a for a in code if a not in shown)
tests.append((not unlisted, 'every shortcut set in code is in the Keyboard Shortcuts window',
              [f'{a} from {code[a]}' for a in unlisted]))
tests.append((not twice, 'the window lists each shortcut once', twice))
stale = sorted(a for a in shown if a not in code and a not in BUILT_IN)
tests.append((not stale, 'the window shows no shortcut that nothing sets',
              [f'{a} (“{shown[a]}”)' for a in stale]))

for i, (ok, what, details) in enumerate(tests, 1):
    print(f'{"ok" if ok else "not ok"} {i} - {what}')
    for d in details:
        print(f'# {d}')
for a in sorted(code):
    print(f'# {a}: {code[a]}')
print(f'1..{len(tests)}')
sys.exit(0 if all(ok for ok, _, _ in tests) else 1)
