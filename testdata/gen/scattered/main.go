// scattered: churn many 48-byte objects and keep 1 in 64 of them alive, so the
// survivors are scattered over thousands of mostly empty spans of the 48 B
// size class (high external fragmentation). GC is off while allocating, so the
// churned objects fill spans back to back and the survivors pin ~3100 spans.
package main

import (
	"expvar"
	"math/rand"
	"runtime"
	"runtime/debug"

	"heapdoc/testdata/gen/snap"
)

// Node is 48 bytes (8 + 8 + 32) and contains a pointer: size class 48, scan.
type Node struct {
	ID      int64
	Next    *Node
	Payload [32]byte
}

const (
	keepOneIn = 64
	total     = keepOneIn * 8192 // 524288 allocations, 8192 survivors
)

var (
	survivors []*Node
	sink      *Node
)

//go:noinline
func churn(rng *rand.Rand) {
	survivors = make([]*Node, 0, total/keepOneIn)
	for block := 0; block < total/keepOneIn; block++ {
		keep := rng.Intn(keepOneIn)
		for j := 0; j < keepOneIn; j++ {
			n := &Node{ID: int64(block*keepOneIn + j)}
			if j == keep {
				survivors = append(survivors, n)
			} else {
				sink = n // escapes, dropped on the next iteration
			}
		}
	}
	sink = nil
}

func main() {
	runtime.MemProfileRate = 4096
	expvar.NewInt("scattered_survivors").Set(total / keepOneIn)
	old := debug.SetGCPercent(-1)
	churn(rand.New(rand.NewSource(1)))
	debug.SetGCPercent(old)
	snap.Main("scattered", snap.Options{HeapDump: true, Prom: true})
	runtime.KeepAlive(survivors)
}
