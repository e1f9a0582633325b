#!/usr/bin/env python3
"""Fails when an #include points up the pipeline, or the model does I/O (docs/architecture.md).

Layers, lowest first: heapmodel < analyzer/readers < analyzer/gosource < analyzer/advice
< analyzer/analysis.{h,cc} < analyzer/check < analyzer/diff < analyzer/fleet < analyzer/report < cli.
A file may include its own layer and the ones below. heapmodel includes no I/O header and no protobuf.
No source file is longer than 600 lines (one concern per file).
Run by the build (target `layer_check`, a dependency of every library) and by ctest.

  scripts/check_layers.py [REPO_ROOT]
"""
import pathlib
import re
import sys

LAYERS = [
    "heapmodel/",
    "analyzer/readers/",
    "analyzer/gosource/",
    "analyzer/advice/",
    "analyzer/analysis",
    "analyzer/check/",
    "analyzer/diff/",
    "analyzer/fleet/",
    "analyzer/report/",
    "cli/",
]
MODEL_FORBIDDEN = re.compile(r'#include\s*[<"](fstream|iostream|cstdio|filesystem|google/protobuf/[^>"]*|proto/[^>"]*|curl/[^>"]*)[>"]')
MAX_LINES = 600
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def layer_of(path: str):
    for rank, prefix in enumerate(LAYERS):
        if path.startswith(prefix):
            return rank
    return None


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    problems = []
    for folder in ("heapmodel", "analyzer", "cli"):
        for f in sorted((root / folder).rglob("*")):
            if f.suffix not in (".h", ".cc"):
                continue
            rel = f.relative_to(root).as_posix()
            mine = layer_of(rel)
            if mine is None:
                problems.append(f"{rel}: in no layer (add its folder to scripts/check_layers.py and docs/architecture.md)")
                continue
            text = f.read_text(errors="replace")
            lines = text.count("\n")
            if lines > MAX_LINES:
                problems.append(f"{rel}: {lines} lines, over {MAX_LINES}: split it by concern")
            for m in INCLUDE.finditer(text):
                theirs = layer_of(m.group(1))
                if theirs is not None and theirs > mine:
                    line = text.count("\n", 0, m.start()) + 1
                    problems.append(f"{rel}:{line}: includes {m.group(1)}, a higher layer ({LAYERS[theirs]} above {LAYERS[mine]})")
            if mine == 0:
                for m in MODEL_FORBIDDEN.finditer(text):
                    line = text.count("\n", 0, m.start()) + 1
                    problems.append(f"{rel}:{line}: the model does no I/O and knows no protobuf: {m.group(0)}")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
