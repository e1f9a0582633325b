// shardedmap: the survivors of main.newEntry are the values of 16 map shards in a global array,
// main.shards. The maps' storage is allocated between the survivors too; it holds them, but a map
// rebuild would not move them: the lifetime advice stays with main.newEntry, held by main.shards.
package main

import (
	"runtime"

	"heapdoc/testdata/gen/retention/dumpheap"
)

var shards [16]map[int]*dumpheap.Entry

//go:noinline
func newEntry(i int) *dumpheap.Entry { return &dumpheap.Entry{ID: int64(i)} }

func main() {
	for i := range shards {
		shards[i] = map[int]*dumpheap.Entry{}
	}
	dumpheap.Scatter(func(i int) { shards[i%len(shards)][i] = newEntry(i) })
	dumpheap.Write()
	runtime.KeepAlive(&shards)
}
