// mapinstruct: the survivors of main.newEntry are held by a map in a struct in a global,
// main.registry (its byID field).
package main

import (
	"runtime"
	"sync"

	"heapdoc/testdata/gen/retention/dumpheap"
)

type Registry struct {
	mu   sync.Mutex
	byID map[int]*dumpheap.Entry
}

var registry = Registry{byID: map[int]*dumpheap.Entry{}}

//go:noinline
func newEntry(i int) *dumpheap.Entry { return &dumpheap.Entry{ID: int64(i)} }

func main() {
	dumpheap.Scatter(func(i int) {
		registry.mu.Lock()
		registry.byID[i] = newEntry(i)
		registry.mu.Unlock()
	})
	dumpheap.Write()
	runtime.KeepAlive(&registry)
}
