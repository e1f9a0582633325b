// Package dumpheap is what every retention test program shares: the survivor type, the churn
// that leaves them scattered one to a span, and writing the heap dump to the path in os.Args[1].
package dumpheap

import (
	"os"
	"runtime"
	"runtime/debug"
)

// Entry is 64 bytes with a pointer: size class 64.
type Entry struct {
	ID   int64
	Next *Entry
	Data [6]int64
}

const (
	Rounds   = 2048
	PerRound = 100
)

var sink *Entry

//go:noinline
func churn(n int) {
	for j := 0; j < n; j++ {
		sink = &Entry{ID: int64(j)}
	}
}

// Scatter calls keep Rounds times between short-lived allocations of the same class (GC off),
// so each survivor pins a span that is otherwise empty.
func Scatter(keep func(i int)) {
	runtime.MemProfileRate = 512
	old := debug.SetGCPercent(-1)
	for i := 0; i < Rounds; i++ {
		churn(PerRound / 2)
		keep(i)
		churn(PerRound - 1 - PerRound/2)
	}
	sink = nil
	debug.SetGCPercent(old)
}

// Write runs a GC and writes the heap dump to os.Args[1].
func Write() {
	runtime.GC()
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	debug.WriteHeapDump(f.Fd())
	if err := f.Close(); err != nil {
		panic(err)
	}
}
