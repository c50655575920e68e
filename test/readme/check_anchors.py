#!/usr/bin/env python3
"""test/readme/check_anchors.py: do the Markdown files' internal links resolve?

    check_anchors.py FILE.md...       every link ](#anchor) and ](OTHER.md#anchor)
                                      against the headings' GitHub anchors;
                                      prints what does not resolve, exit 1 if any
    check_anchors.py --list FILE.md   each heading's anchor
    check_anchors.py --toc FILE.md    a contents list of the ## and ### headings

Anchors as GitHub makes them: the heading's text without its Markdown,
lowercased, every character but letters, digits, marks, "_", "-" and spaces
dropped, spaces made "-", and "-1", "-2", ... added to repeats.
"""
import os
import re
import sys
import unicodedata


def lines_outside_code(path):
    fence = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            marker = re.match(r"^(`{3,}|~{3,})", line)
            if marker:
                if fence is None:
                    fence = marker.group(1)
                elif line.startswith(fence) and not line[len(fence):].strip():
                    fence = None
                continue
            if fence is None:
                yield number, line


def text_of(markdown):
    markdown = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)   # links: their text
    markdown = re.sub(r"<[^>]+>", "", markdown)                        # inline HTML
    return markdown.replace("`", "")


def slug(text):
    kept = "".join(c for c in text.lower()
                   if unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc"
                   or c in " -")
    return kept.replace(" ", "-")


def headings(path):
    seen = {}
    for number, line in lines_outside_code(path):
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        text = text_of(m.group(2))
        base = slug(text)
        anchor = base if base not in seen else "%s-%d" % (base, seen[base])
        seen[base] = seen.get(base, 0) + 1
        yield number, len(m.group(1)), m.group(2), anchor


def check(paths):
    anchors = {}
    bad = 0
    for path in paths:
        anchors[os.path.abspath(path)] = {a for _, _, _, a in headings(path)}
    for path in paths:
        for number, line in lines_outside_code(path):
            for target, anchor in re.findall(r"\]\(([^)#\s]*)#([^)\s]+)\)", line):
                where = os.path.abspath(os.path.join(os.path.dirname(path), target)) if target \
                    else os.path.abspath(path)
                if where not in anchors:
                    if not os.path.exists(where):
                        print("%s:%d: link to a missing file %s" % (path, number, target))
                        bad += 1
                        continue
                    anchors[where] = {a for _, _, _, a in headings(where)}
                if anchor not in anchors[where]:
                    print("%s:%d: no heading for #%s%s" % (path, number, anchor,
                                                           " in " + target if target else ""))
                    bad += 1
    return bad


def main(argv):
    if len(argv) == 3 and argv[1] == "--list":
        for number, level, text, anchor in headings(argv[2]):
            print("%d\t%s %s\t#%s" % (number, "#" * level, text, anchor))
        return 0
    if len(argv) == 3 and argv[1] == "--toc":
        for _, level, text, anchor in headings(argv[2]):
            if level in (2, 3) and anchor != "contents":
                print("%s- [%s](#%s)" % ("  " * (level - 2), text, anchor))
        return 0
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    bad = check(argv[1:])
    print("%d unresolved link%s" % (bad, "" if bad == 1 else "s"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
