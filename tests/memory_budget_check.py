#!/usr/bin/env python3
"""The memory budget (README "Memory"): heapdoc's peak RSS stays under 256 MB on hostile inputs
whose useful content is small, and each refusal is one stderr line naming the input, exit code 2.

Usage: memory_budget_check.py HEAPDOC [--report]   (--report: print every figure, fail nothing)

Runs the built heapdoc under an address-space limit (prlimit --as, when the tool exists and the
binary is not sanitized) and reads each run's peak RSS from wait4(). Inputs are generated here:
  - newline bomb: a gzipped ?debug=1 profile header followed by 900 MiB of newlines;
  - string bomb: a gzipped pprof message of 40 million one-byte strings;
  - device files (/dev/zero, /dev/urandom) as the profile, --memstats and --dump;
  - a source tree whose x.go is a symlink to /dev/zero, and one holding a FIFO named y.go;
  - an HTTP server sending an endless chunked body: refused at the 512 MiB body cap, so its own
    bound is the cap (+10 %), not the budget.
No timing is asserted.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import zlib

BUDGET_BYTES = 256 * 1000 * 1000


def gzip_stream(path, chunks):
    """Writes the gzip of the concatenated chunks (an iterable of bytes) to path."""
    with open(path, "wb") as out:
        z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        for c in chunks:
            out.write(z.compress(c))
        out.write(z.flush())


def newline_bomb(path):
    header = b"heap profile: 1: 288 [2: 296] @ heap/1048576\n"
    block = b"\n" * (1 << 20)
    gzip_stream(path, [header] + [block] * 900)


def string_bomb(path):
    # Profile.string_table is field 6 (tag 0x32); each entry: tag, length 1, one byte.
    entry = b"\x32\x01a"
    block = entry * 1_000_000
    gzip_stream(path, [b"\x32\x00"] + [block] * 40)


def endless_chunked_server():
    """A loopback server answering every request with an endless chunked body; returns its URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    frame = b"%x\r\n" % (1 << 20) + b"\0" * (1 << 20) + b"\r\n"

    def serve(conn):
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            while True:
                conn.sendall(frame)
        except OSError:
            pass
        finally:
            conn.close()

    def accept():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return "http://127.0.0.1:%d/debug/pprof/heap" % listener.getsockname()[1]


def run(heapdoc, args, sanitized):
    cmd = [heapdoc] + args
    if not sanitized and shutil.which("prlimit"):
        cmd = ["prlimit", "--as=2000000000", "--"] + cmd
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, err, usage.ru_maxrss * 1024


def uvarint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def dump_bombs(samples_path, frames_path):
    """Heap dumps whose records repeat: 3x10^7 alloc samples; 3,000 buckets of 65,535 frames."""
    def string(s):
        return uvarint(len(s)) + s
    params = (uvarint(6) + uvarint(0) + uvarint(8) + uvarint(0xC000000000) + uvarint(0xC004000000)
              + string(b"amd64") + string(b"go1.26.0") + uvarint(2))
    head = b"go1.7 heap dump\n" + params
    bucket = uvarint(16) + uvarint(7) + uvarint(48) + uvarint(1) + string(b"main.f") + string(b"main.go") + uvarint(3) + uvarint(1) + uvarint(0)
    sample = uvarint(17) + uvarint(0xC000010000) + uvarint(7)
    block = sample * 1_000_000
    gzip_stream(samples_path, [head, bucket] + [block] * 30 + [uvarint(0)])
    frame = string(b"main.f") + string(b"main.go") + uvarint(3)
    deep = frame * 65535

    def buckets():
        yield head
        for i in range(3000):
            yield uvarint(16) + uvarint(i + 1) + uvarint(48) + uvarint(65535) + deep + uvarint(1) + uvarint(0)
        yield uvarint(0)
    gzip_stream(frames_path, buckets())


def main():
    heapdoc = os.path.abspath(sys.argv[1])
    report = "--report" in sys.argv
    # Sanitizers reserve terabytes of address space and inflate RSS: only the outcomes are checked there.
    sanitized = os.environ.get("HEAPDOC_SANITIZED") in ("1", "ON", "TRUE", "true")
    failures = []
    tmp = tempfile.mkdtemp(prefix="heapdoc-membudget-")
    try:
        bomb = os.path.join(tmp, "newlines.txt.gz")
        newline_bomb(bomb)
        strings = os.path.join(tmp, "strings.pb.gz")
        string_bomb(strings)
        dump_samples = os.path.join(tmp, "samples.dump.gz")
        dump_frames = os.path.join(tmp, "frames.dump.gz")
        dump_bombs(dump_samples, dump_frames)
        profile = os.path.join(tmp, "tiny.txt")
        with open(profile, "w") as f:
            f.write("heap profile: 1: 288 [2: 296] @ heap/1048576\n1: 288 [2: 296] @ 0x1 0x2\n")
        src_link = os.path.join(tmp, "src_link")
        os.mkdir(src_link)
        with open(os.path.join(src_link, "a.go"), "w") as f:
            f.write("package p\ntype T struct{ a int8; b int64; c int8 }\n")
        os.symlink("/dev/zero", os.path.join(src_link, "x.go"))
        src_fifo = os.path.join(tmp, "src_fifo")
        os.mkdir(src_fifo)
        shutil.copy(os.path.join(src_link, "a.go"), src_fifo)
        os.mkfifo(os.path.join(src_fifo, "y.go"))

        # (name, arguments, the path the one stderr line must name or None, expected exit code)
        cases = [
            ("newline bomb", ["analyze", bomb], None, None),
            ("string bomb", ["analyze", strings], strings, 2),
            ("/dev/zero profile", ["analyze", "/dev/zero"], "/dev/zero", 2),
            ("/dev/urandom profile", ["analyze", "/dev/urandom"], "/dev/urandom", 2),
            ("/dev/zero --memstats", ["analyze", profile, "--memstats", "/dev/zero"], "/dev/zero", 2),
            ("/dev/urandom --dump", ["analyze", profile, "--dump", "/dev/urandom"], "/dev/urandom", 2),
            ("dump: 3x10^7 alloc samples", ["analyze", dump_samples], None, None),
            ("dump: 3,000 stacks of 65,535 frames", ["analyze", dump_frames], None, None),
            ("layout: x.go -> /dev/zero", ["layout", src_link], None, 0),
            ("layout: FIFO y.go", ["layout", src_fifo], None, 0),
        ]
        url = endless_chunked_server()
        cases.append(("endless chunked body", ["analyze", url, "--timeout", "300"], url, 2))
        for name, args, names, want_code in cases:
            budget = BUDGET_BYTES if "chunked" not in name else int((512 << 20) * 1.1)
            code, err, peak = run(heapdoc, args, sanitized)
            line = f"{name}: exit {code}, peak RSS {peak / 1e6:.1f} MB"
            print(line + ("" if not err else " | " + err.strip().replace("\n", " / ")[:300]))
            if report:
                continue
            if not sanitized and peak >= budget:
                failures.append(f"{name}: peak RSS {peak / 1e6:.1f} MB over its {budget / 1e6:.0f} MB bound")
            if code not in (0, 2):
                failures.append(f"{name}: exit code {code} (a crash?)")
            if want_code is not None and code != want_code:
                failures.append(f"{name}: exit code {code}, expected {want_code}")
            if names is not None:
                if err.count("\n") != 1:
                    failures.append(f"{name}: expected one line on stderr, got {err!r}")
                if names not in err:
                    failures.append(f"{name}: stderr does not name {names}: {err!r}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
