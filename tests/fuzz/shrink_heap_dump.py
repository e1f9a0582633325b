#!/usr/bin/env python3
"""Shrinks a Go heap dump into a small fuzz seed that keeps every record kind.

Usage: shrink_heap_dump.py IN.dump OUT.dump [MAX_OBJECTS]

Keeps the params, memstats, memprof and alloc-sample records whole; keeps the first MAX_OBJECTS
(default 64) object records of at most 1 KiB plus every object of the spans they start; empties
the contents of data/bss segments and stack frames (the reader skips them anyway) and keeps a
few of each other record kind. Record layouts follow analyzer/readers/heap_dump_reader.cc.
"""
import sys

HEADER = b"go1.7 heap dump\n"


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def uvarint(self):
        v, shift = 0, 0
        while True:
            b = self.data[self.pos]
            self.pos += 1
            v |= (b & 0x7F) << shift
            if b < 0x80:
                return v
            shift += 7

    def blob(self):
        n = self.uvarint()
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def fields(self):
        out = []
        while True:
            kind = self.uvarint()
            if kind == 0:
                return out
            out.append((kind, self.uvarint()))


def uv(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def blob(b):
    return uv(len(b)) + b


def fields(fs):
    return b"".join(uv(k) + uv(o) for k, o in fs) + uv(0)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    max_objects = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    data = open(src, "rb").read()
    assert data.startswith(HEADER), "not a go1.7 heap dump"
    r = Reader(data)
    r.pos = len(HEADER)
    out = bytearray(HEADER)
    kept = {}
    objects = 0
    last_size = None
    while True:
        tag = r.uvarint()
        if tag == 0:
            out += uv(0)
            break
        if tag == 1:  # object: address, contents, field list
            addr, contents, fs = r.uvarint(), r.blob(), r.fields()
            size = len(contents)
            same_span = size == last_size
            last_size = size
            if size <= 1024 and (objects < max_objects or (same_span and objects < 4 * max_objects)):
                objects += 1
                out += uv(1) + uv(addr) + blob(contents) + fields(fs)
            continue
        start = r.pos
        if tag == 2:
            r.blob(); r.uvarint()
        elif tag == 3:
            r.uvarint(); r.uvarint(); r.blob(); r.uvarint()
        elif tag == 4:
            for _ in range(8): r.uvarint()
            r.blob()
            for _ in range(4): r.uvarint()
        elif tag == 5:
            sp, depth, child = r.uvarint(), r.uvarint(), r.uvarint()
            r.blob()
            pcs = [r.uvarint() for _ in range(3)]
            name, fs = r.blob(), r.fields()
            if kept.get(tag, 0) < 8:
                kept[tag] = kept.get(tag, 0) + 1
                out += uv(5) + uv(sp) + uv(depth) + uv(child) + blob(b"") + b"".join(map(uv, pcs))
                out += blob(name) + fields([])
            continue
        elif tag == 6:
            r.uvarint(); r.uvarint(); r.uvarint(); r.uvarint(); r.blob(); r.blob(); r.uvarint()
            out += uv(6) + data[start:r.pos]
            continue
        elif tag in (7, 11):
            for _ in range(5): r.uvarint()
        elif tag == 8:
            r.uvarint(); r.uvarint()
        elif tag == 9:
            for _ in range(3): r.uvarint()
        elif tag == 10:
            for _ in range(24 + 256 + 1): r.uvarint()
            out += uv(10) + data[start:r.pos]
            continue
        elif tag in (12, 13):
            addr = r.uvarint(); r.blob(); r.fields()
            out += uv(tag) + uv(addr) + blob(b"") + fields([])
            continue
        elif tag == 14:
            for _ in range(7): r.uvarint()
        elif tag == 15:
            for _ in range(6): r.uvarint()
        elif tag == 16:
            r.uvarint(); r.uvarint()
            for _ in range(r.uvarint()):
                r.blob(); r.blob(); r.uvarint()
            r.uvarint(); r.uvarint()
            out += uv(16) + data[start:r.pos]
            continue
        elif tag == 17:
            r.uvarint(); r.uvarint()
            out += uv(17) + data[start:r.pos]
            continue
        else:
            sys.exit(f"unknown tag {tag} at {start}")
        if kept.get(tag, 0) < 4:
            kept[tag] = kept.get(tag, 0) + 1
            out += uv(tag) + data[start:r.pos]
    open(dst, "wb").write(bytes(out))
    print(f"{dst}: {len(out)} bytes, {objects} objects")


if __name__ == "__main__":
    main()
