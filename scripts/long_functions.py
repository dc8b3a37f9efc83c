#!/usr/bin/env python3
"""Lists functions longer than a limit (default 60 lines) in C++ sources.

A function is a body whose opening brace stands alone on its line, at the
indentation of the line that names it (the project's format); its length
counts the lines from the name to the closing brace. A heuristic for
reviews, not a parser.
Usage: scripts/long_functions.py [--limit N] FOLDER...
"""
import pathlib
import re
import sys


def functions(path):
    lines = path.read_text(errors="replace").split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^( *)\{$", line)
        if not m or i == 0:
            continue
        indent = m.group(1)
        head = i - 1
        while head > 0 and lines[head].startswith(indent + " ") and not lines[head].strip().endswith(";"):
            head -= 1  # a declaration broken over lines
        if not re.search(r"\)", lines[i - 1]) or re.match(r"^\s*(namespace|struct|class|enum)\b", lines[head]):
            continue
        for j in range(i + 1, len(lines)):
            if lines[j] == indent + "}" or lines[j].startswith(indent + "};"):
                yield lines[head].strip(), head + 1, j - head + 1
                break


def main(argv):
    limit = 60
    if argv[:1] == ["--limit"]:
        limit, argv = int(argv[1]), argv[2:]
    found = 0
    for folder in argv:
        for path in sorted(pathlib.Path(folder).rglob("*")):
            if path.suffix not in (".cpp", ".hpp", ".h"):
                continue
            for name, line, length in functions(path):
                if length > limit:
                    found += 1
                    print(f"{path}:{line}: {length} lines: {name[:90]}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
