// Writes a small heap dump with a known mix of objects, for heapdoc's heap dump reader tests.
// Run (see README.md): go run -trimpath main.go /tmp/heap.dump && gzip -9 -c /tmp/heap.dump > heap.dump.gz
package main

import (
	"os"
	"runtime"
	"runtime/debug"
)

// node is 48 bytes with pointers: class 48, scan spans.
type node struct {
	next  *node
	value [5]int64
}

var (
	nodes  []*node
	blobs  [][]byte // 200-byte pointer-free slices: class 208, noscan spans
	larges [][]byte // 100 KiB: large objects, one span each
	mids   [][]byte // 20000 bytes: class 20480, 2 per 40960-byte span
)

//go:noinline
func makeNodes(n int) {
	for i := 0; i < n; i++ {
		nd := &node{value: [5]int64{int64(i)}}
		if i > 0 {
			nd.next = nodes[i-1]
		}
		nodes = append(nodes, nd)
	}
}

//go:noinline
func makeBlobs(n int) {
	all := make([][]byte, n)
	for i := range all {
		all[i] = make([]byte, 200)
	}
	for i := 0; i < n; i += 2 { // keep every other one: the 208 B spans end up half full
		blobs = append(blobs, all[i])
	}
}

//go:noinline
func makeLarges(n int) {
	for i := 0; i < n; i++ {
		larges = append(larges, make([]byte, 100<<10))
	}
}

//go:noinline
func makeMids(n int) {
	for i := 0; i < n; i++ {
		mids = append(mids, make([]byte, 20000))
	}
}

func main() {
	runtime.MemProfileRate = 1 // sample every allocation: every live object has an alloc sample
	makeNodes(10000)
	makeBlobs(4000)
	makeLarges(4)
	makeMids(5)
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	runtime.GC()
	runtime.GC()
	debug.WriteHeapDump(f.Fd())
	f.Close()
	runtime.KeepAlive(nodes)
	runtime.KeepAlive(blobs)
	runtime.KeepAlive(larges)
	runtime.KeepAlive(mids)
}
