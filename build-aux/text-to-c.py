#!/usr/bin/env python3
# text-to-c.py NAME INPUT OUTPUT — writes OUTPUT, a C header that holds the
# shell script INPUT as the string constant NAME, without its comment lines
# and blank lines (a script the core sends to its guests, kept in a file of
# its own so that it can be read and checked). bench/boot-pair sends the same
# text through script_text().

import os
import sys


def script_text(source):
    """The lines of the shell script SOURCE that are neither comments nor blank."""
    with open(source, encoding='utf-8') as f:
        lines = [line for line in f.read().splitlines(keepends=True)
                 if line.strip() and not line.lstrip().startswith('#')]
    if not lines:
        sys.exit(f'text-to-c.py: {source} has nothing but comments')
    return lines


def escape(line):
    # "?" too: "??" followed by another character can be a trigraph.
    return (line.replace('\\', '\\\\').replace('"', '\\"').replace('?', '\\?')
            .replace('\t', '\\t').replace('\r', '\\r').replace('\n', '\\n'))


if __name__ == '__main__':
    name, source, output = sys.argv[1:]
    lines = script_text(source)
    with open(output, 'w', encoding='utf-8') as f:
        f.write(f'/* Generated from {os.path.basename(source)} by text-to-c.py: do not edit. */\n\n'
                f'#pragma once\n\nstatic const char {name}[] =\n')
        f.write('\n'.join(f'  "{escape(line)}"' for line in lines) + ';\n')
