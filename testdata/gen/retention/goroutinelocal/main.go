// goroutinelocal: the survivors of main.newEntry are held by a local variable of a goroutine
// (main.holder) that waits while the dump is written.
package main

import (
	"runtime"

	"heapdoc/testdata/gen/retention/dumpheap"
)

//go:noinline
func newEntry(i int) *dumpheap.Entry { return &dumpheap.Entry{ID: int64(i)} }

//go:noinline
func holder(ready, done chan struct{}) {
	var kept []*dumpheap.Entry
	dumpheap.Scatter(func(i int) { kept = append(kept, newEntry(i)) })
	ready <- struct{}{}
	<-done
	runtime.KeepAlive(kept)
}

func main() {
	ready, done := make(chan struct{}), make(chan struct{})
	go holder(ready, done)
	<-ready
	dumpheap.Write()
	close(done)
}
