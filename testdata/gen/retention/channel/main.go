// channel: the survivors of main.newEntry wait in the buffer of a channel held by a global,
// main.queue.
package main

import (
	"runtime"

	"heapdoc/testdata/gen/retention/dumpheap"
)

var queue chan *dumpheap.Entry

//go:noinline
func newEntry(i int) *dumpheap.Entry { return &dumpheap.Entry{ID: int64(i)} }

func main() {
	queue = make(chan *dumpheap.Entry, dumpheap.Rounds)
	dumpheap.Scatter(func(i int) { queue <- newEntry(i) })
	dumpheap.Write()
	runtime.KeepAlive(queue)
}
