// pinning: survivors pinning spans. For every 100 objects of the 64 B size
// class, main.churn allocates 99 that die and main.keepSurvivors allocates 1
// that is kept, interleaved (GC off while allocating). After the final GC the
// 4096 survivors from keepSurvivors pin ~3200 spans of class 64 that are
// otherwise empty; churn has large alloc_space and no inuse_space.
package main

import (
	"expvar"
	"runtime"
	"runtime/debug"

	"heapdoc/testdata/gen/snap"
)

// Obj is 64 bytes with a pointer: class 64.
type Obj struct {
	ID   int64
	Next *Obj
	Data [6]int64
}

const (
	rounds   = 4096
	perRound = 100
)

var (
	kept []*Obj
	sink *Obj
)

//go:noinline
func keepSurvivors(i int) {
	kept = append(kept, &Obj{ID: int64(i)})
}

//go:noinline
func churn(i, n int) {
	for j := 0; j < n; j++ {
		sink = &Obj{ID: int64(i*perRound + j)}
	}
}

func main() {
	runtime.MemProfileRate = 4096
	kept = make([]*Obj, 0, rounds)
	old := debug.SetGCPercent(-1)
	for i := 0; i < rounds; i++ {
		churn(i, perRound/2)
		keepSurvivors(i)
		churn(i, perRound-1-perRound/2)
	}
	sink = nil
	debug.SetGCPercent(old)
	expvar.NewInt("pinning_survivors").Set(rounds)
	snap.Main("pinning", snap.Options{HeapDump: true})
	runtime.KeepAlive(kept)
}
