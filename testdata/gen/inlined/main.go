// inlined: allocations inside small functions that the compiler inlines
// (newBuf into newRecord into build; check with go build -gcflags=-m), so the
// profile's Location for the allocation carries several Line entries:
// main.newBuf, main.newRecord, main.build. Default MemProfileRate.
package main

import (
	"expvar"
	"runtime"

	"heapdoc/testdata/gen/snap"
)

type record struct {
	id  int
	buf []byte
}

var kept []*record

func newBuf(n int) []byte {
	return make([]byte, n)
}

func newRecord(id, n int) *record {
	r := &record{id: id}
	r.buf = newBuf(n)
	return r
}

//go:noinline
func build(count, size int) {
	for i := 0; i < count; i++ {
		kept = append(kept, newRecord(i, size))
	}
}

func main() {
	kept = make([]*record, 0, 1<<17)
	build(1<<17, 200) // 131072 x (32 B record + 208 B buffer) ~ 30 MiB
	expvar.NewInt("inlined_records").Set(int64(len(kept)))
	snap.Main("inlined", snap.Options{})
	runtime.KeepAlive(kept)
}
