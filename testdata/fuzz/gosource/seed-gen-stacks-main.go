// stacks: benchmark input generator. Writes a heap profile (gzipped proto)
// with exactly N distinct allocation stacks, N = -stacks (e.g. 131072 = 2^17,
// 1048576 = 2^20). walk recurses to depth ceil(log2 N), calling itself from
// two call sites per level, so every leaf has its own stack; each of the N
// leaves allocates one 32 B object that is kept alive. MemProfileRate = 1.
//
//	go run ./stacks -stacks 131072 -o /tmp/stacks-2^17.pb.gz
package main

import (
	"flag"
	"fmt"
	"math/bits"
	"os"
	"runtime"
	"runtime/pprof"
)

type cell struct {
	path uint64
	next *cell
	a, b uint64
}

var (
	kept  []*cell
	limit uint64
)

//go:noinline
func leaf(path uint64) {
	kept = append(kept, &cell{path: path})
}

//go:noinline
func walk(d int, path uint64) {
	if d == 0 {
		leaf(path)
		return
	}
	walk(d-1, path<<1) // call site 0
	if (path<<1|1)<<uint(d-1) < limit {
		walk(d-1, path<<1|1) // call site 1
	}
}

func main() {
	runtime.MemProfileRate = 1
	n := flag.Uint64("stacks", 131072, "number of distinct stacks (>= 1)")
	out := flag.String("o", "", "output file (default: first argument)")
	flag.Parse()
	path := *out
	if path == "" {
		path = flag.Arg(0)
	}
	if path == "" || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: stacks -stacks N [-o] OUTFILE")
		os.Exit(2)
	}
	limit = *n
	depth := bits.Len64(*n - 1)
	if depth > 28 {
		fmt.Fprintln(os.Stderr, "stacks: N too large (depth must stay under the runtime's 32-frame stack limit)")
		os.Exit(2)
	}
	kept = make([]*cell, 0, *n)
	walk(depth, 0)
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	runtime.KeepAlive(kept)
}
