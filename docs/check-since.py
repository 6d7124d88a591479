#!/usr/bin/env python3
# check-since.py CONFIG GIR: every public symbol in the GIR that the
# reference shows says since which version it exists ("Since:" in its
# docstring, which g-ir-scanner records as version="..."). gi-docgen check
# looks for missing documentation, not for this.
#
# Symbols the gi-docgen configuration hides ([[object]] with hidden = true,
# by name or pattern) are left out, as are the class structures of
# G_DECLARE_FINAL_TYPE, which the reference does not show either.
import fnmatch
import sys
import tomllib
import xml.etree.ElementTree as ET

CORE = '{http://www.gtk.org/introspection/core/1.0}'
GLIB = '{http://www.gtk.org/introspection/glib/1.0}'

# what carries a version: the namespace's children and their members
TOP = {'class', 'interface', 'record', 'enumeration', 'bitfield', 'function',
       'function-macro', 'constant', 'callback', 'alias', 'union'}
MEMBERS = {'method', 'constructor', 'function', 'property',
           GLIB + 'signal'}


def hidden_patterns(config_path):
    with open(config_path, 'rb') as f:
        config = tomllib.load(f)
    patterns = []
    for obj in config.get('object', []):
        if obj.get('hidden'):
            patterns.append(obj.get('pattern') or obj.get('name'))
    return patterns


def main(config_path, gir_path):
    hidden = hidden_patterns(config_path)
    namespace = ET.parse(gir_path).getroot().find(CORE + 'namespace')
    missing = []
    for top in namespace:
        kind = top.tag.replace(CORE, '')
        name = top.get('name')
        if kind not in TOP or any(fnmatch.fnmatchcase(name, p) for p in hidden):
            continue
        if top.get(GLIB + 'is-gtype-struct-for'):
            continue
        if top.get('version') is None:
            missing.append(f'{kind} {name}')
        for member in top:
            if member.tag.replace(CORE, '') not in MEMBERS:
                continue
            if member.get('version') is None:
                kind = member.tag.replace(CORE, '').replace(GLIB, '')
                missing.append(f'{kind} {name}.{member.get("name")}')
    for line in missing:
        print(f'no "Since:": {line}', file=sys.stderr)
    if missing:
        return 1
    print(f'every symbol of {gir_path} says since when it exists')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2]))
