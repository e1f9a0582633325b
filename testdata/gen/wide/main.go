// wide: a very wide call tree. walk recurses to depth 12 and at every level
// calls itself from two different call sites, so each of the 4096 leaves is
// reached through a distinct stack; every leaf allocates and keeps
// 1 + path%4 objects of 32 bytes. MemProfileRate = 1, so counts are exact:
// 4096 distinct leaf stacks, 10240 live 32 B objects from main.leaf.
// GOGC is 800 here (see main).
package main

import (
	"expvar"
	"runtime"
	"runtime/debug"

	"heapdoc/testdata/gen/snap"
)

const depth = 12

type cell struct {
	path uint64
	next *cell
	a, b uint64
}

var kept = make([]*cell, 0, 16384)

//go:noinline
func leaf(path uint64) {
	for i := uint64(0); i <= path%4; i++ {
		kept = append(kept, &cell{path: path, a: i})
	}
}

//go:noinline
func walk(d int, path uint64) {
	if d == 0 {
		leaf(path)
		return
	}
	walk(d-1, path<<1)   // call site 0
	walk(d-1, path<<1|1) // call site 1
}

func main() {
	runtime.MemProfileRate = 1
	// Writing a 4096-stack profile allocates more than the default 4 MB heap
	// goal allows; give the writers headroom so no GC runs mid-snapshot.
	debug.SetGCPercent(800)
	walk(depth, 0)
	expvar.NewInt("wide_leaves").Set(1 << depth)
	snap.Main("wide", snap.Options{GzipText: true}) // heap.txt is ~5 MB raw
	runtime.KeepAlive(kept)
}
