// staticptr: the survivors of main.newEntry are held by an index declared the common way,
// `var index = &Index{}`: the linker lays the Index out as an unnamed static and main.index starts
// out pointing at it, so the root that holds the survivors is inside no named symbol. heapdoc names
// it after the variable that points at it: held by main.index, through *main.index+8 (the entries field).
package main

import (
	"runtime"
	"sync"

	"heapdoc/testdata/gen/retention/dumpheap"
)

type Index struct {
	mu      sync.Mutex
	entries []*dumpheap.Entry
}

var index = &Index{}

func (ix *Index) add(e *dumpheap.Entry) {
	ix.mu.Lock()
	ix.entries = append(ix.entries, e)
	ix.mu.Unlock()
}

//go:noinline
func newEntry(i int) *dumpheap.Entry { return &dumpheap.Entry{ID: int64(i)} }

func main() {
	dumpheap.Scatter(func(i int) { index.add(newEntry(i)) })
	dumpheap.Write()
	runtime.KeepAlive(index)
}
