#!/usr/bin/env python3
"""Checks a screenshot is not blank: decodes the PNG (standard library only) and reports distinct
colours, the non-white share and whether given colours (#rrggbb) appear.

usage: png_check.py FILE.png [--min-colors N] [--need-color #rrggbb ...]
"""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour type {ctype})")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    args = sys.argv[1:]
    path, min_colors, need = args[0], 2, []
    i = 1
    while i < len(args):
        if args[i] == "--min-colors": min_colors = int(args[i + 1]); i += 2
        elif args[i] == "--need-color": need.append(args[i + 1].lstrip("#").lower()); i += 2
        else: raise SystemExit(f"unknown argument {args[i]}")
    width, height, bpp, rows = decode(path)
    colors, non_white = set(), 0
    for row in rows:
        for x in range(0, len(row), bpp):
            rgb = row[x:x + 3]
            colors.add(rgb)
            non_white += rgb != b"\xff\xff\xff"
    share = non_white / (width * height)
    found = {c: bytes.fromhex(c) in colors for c in need}
    print(f"{path}: {width}x{height}, {len(colors)} distinct colours, {share:.1%} non-white, "
          + ", ".join(f"#{c} {'found' if ok else 'MISSING'}" for c, ok in found.items()))
    ok = len(colors) >= min_colors and share > 0.005 and all(found.values())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
