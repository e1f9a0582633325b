// globalslice: the survivors of main.newEntry are held by a global slice, main.survivors.
package main

import (
	"runtime"

	"heapdoc/testdata/gen/retention/dumpheap"
)

var survivors []*dumpheap.Entry

//go:noinline
func newEntry(i int) *dumpheap.Entry { return &dumpheap.Entry{ID: int64(i)} }

func main() {
	dumpheap.Scatter(func(i int) { survivors = append(survivors, newEntry(i)) })
	dumpheap.Write()
	runtime.KeepAlive(survivors)
}
