// padded: a million live *Padded (56 bytes, 64 B class) whose fieldalignment
// optimal order would fit in 32 bytes. Default MemProfileRate (512 KiB).
package main

import (
	"expvar"
	"runtime"

	"heapdoc/testdata/gen/snap"
)

const nPadded = 1 << 20

var items []*Padded

//go:noinline
func buildPadded(n int) []*Padded {
	out := make([]*Padded, 0, n)
	for i := 0; i < n; i++ {
		p := &Padded{a: i&1 == 0, b: int64(i), c: i&2 == 0, d: int64(-i), e: true, f: int64(i * 3), g: false}
		out = append(out, p)
	}
	return out
}

func main() {
	items = buildPadded(nPadded)
	expvar.NewInt("padded_items").Set(int64(len(items)))
	snap.Main("padded", snap.Options{})
	runtime.KeepAlive(items)
}
