// large: large objects (> 32 KiB) kept alive. A large object takes whole 8 KiB
// pages, so each wastes roundup(size, 8192) - size bytes:
//
//	alloc33K   33 KiB  (33792)   x64 -> 40960 B spans, 7168 B wasted each
//	alloc40K   40 KiB  (40960)   x32 -> 40960 B spans, 0 wasted
//	alloc100K  100 KiB (102400)  x16 -> 106496 B spans, 4096 B wasted each
//	alloc1M1   1 MiB+1 (1048577) x4  -> 1056768 B spans, 8191 B wasted each
//
// All are pointer-free []byte. The sampling countdown is per P and still holds
// a draw made at the default 512 KiB rate when main sets MemProfileRate, so
// the first few large objects could go unsampled; to avoid that the program
// runs on one P (GOMAXPROCS(1)) and main.drainSampler first allocates and
// drops 64 x 64 KiB (alloc-only, no inuse). With it, each of these sites shows its
// exact count (scaled by 1/(1-exp(-size/4096)), i.e. +0.005% or less).
package main

import (
	"expvar"
	"runtime"

	"heapdoc/testdata/gen/snap"
)

var (
	kept [][]byte
	sink []byte
)

//go:noinline
func drainSampler() {
	for i := 0; i < 64; i++ {
		sink = make([]byte, 64*1024)
	}
	sink = nil
}

//go:noinline
func alloc33K(n int) {
	for i := 0; i < n; i++ {
		kept = append(kept, make([]byte, 33*1024))
	}
}

//go:noinline
func alloc40K(n int) {
	for i := 0; i < n; i++ {
		kept = append(kept, make([]byte, 40*1024))
	}
}

//go:noinline
func alloc100K(n int) {
	for i := 0; i < n; i++ {
		kept = append(kept, make([]byte, 100*1024))
	}
}

//go:noinline
func alloc1M1(n int) {
	for i := 0; i < n; i++ {
		kept = append(kept, make([]byte, 1<<20+1))
	}
}

func main() {
	runtime.MemProfileRate = 4096
	runtime.GOMAXPROCS(1)
	drainSampler()
	kept = make([][]byte, 0, 128)
	alloc33K(64)
	alloc40K(32)
	alloc100K(16)
	alloc1M1(4)
	expvar.NewInt("large_objects").Set(int64(len(kept)))
	snap.Main("large", snap.Options{})
	runtime.KeepAlive(kept)
}
