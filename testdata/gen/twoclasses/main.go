// twoclasses: two size classes fragmenting differently. Interleaved churn
// (GC off while allocating) of
//
//	main.allocSmall: Small, 32 B (class 32, 256 slots/span), 1 in 16 kept
//	main.allocBig:   Big, 256 B (class 256, 32 slots/span), 1 in 2 kept
//
// 8192 survivors each: class 32 ends ~1/16 occupied, class 256 ~1/2.
package main

import (
	"expvar"
	"math/rand"
	"runtime"
	"runtime/debug"

	"heapdoc/testdata/gen/snap"
)

// Small is 32 bytes with a pointer.
type Small struct {
	A, B, C int64
	P       *Small
}

// Big is 256 bytes with a pointer.
type Big struct {
	Data [31]int64
	P    *Big
}

const survivorsEach = 8192

var (
	smalls    []*Small
	bigs      []*Big
	sinkSmall *Small
	sinkBig   *Big
)

//go:noinline
func allocSmall(keep bool, i int) {
	s := &Small{A: int64(i)}
	if keep {
		smalls = append(smalls, s)
	} else {
		sinkSmall = s
	}
}

//go:noinline
func allocBig(keep bool, i int) {
	b := &Big{}
	b.Data[0] = int64(i)
	if keep {
		bigs = append(bigs, b)
	} else {
		sinkBig = b
	}
}

func main() {
	runtime.MemProfileRate = 4096
	smalls = make([]*Small, 0, survivorsEach)
	bigs = make([]*Big, 0, survivorsEach)
	rng := rand.New(rand.NewSource(2))
	old := debug.SetGCPercent(-1)
	// Each block: 16 Smalls (1 kept) interleaved with 2 Bigs (1 kept).
	for block := 0; block < survivorsEach; block++ {
		keepS := rng.Intn(16)
		keepB := rng.Intn(2)
		for j := 0; j < 16; j++ {
			allocSmall(j == keepS, block*16+j)
			if j%8 == 0 {
				allocBig(j/8 == keepB, block*2+j/8)
			}
		}
	}
	sinkSmall, sinkBig = nil, nil
	debug.SetGCPercent(old)
	expvar.NewInt("twoclasses_survivors_each").Set(survivorsEach)
	snap.Main("twoclasses", snap.Options{HeapDump: true})
	runtime.KeepAlive(smalls)
	runtime.KeepAlive(bigs)
}
