// graphdump: benchmark input for heap-dump object graphs (bench/bench_graph.sh). Keeps about -mb
// MiB of 48 B pointerful nodes in chains of 1024 held by a global slice (main.chains), each kept
// node allocated between three short-lived ones of the same class, so the survivors are scattered
// and heapdoc gives lifetime advice whose holder is main.chains. Writes a heap dump to the last
// argument. Not part of regen.sh: its output is large.
//
//	go run ./graphdump -mb 600 /tmp/graph.dump
package main

import (
	"flag"
	"os"
	"runtime"
	"runtime/debug"
)

type node struct {
	next, other *node
	payload     [4]int64
}

var (
	chains []*node
	sink   *node
)

//go:noinline
func keep(prev *node, i int) *node { return &node{next: prev, payload: [4]int64{int64(i)}} }

//go:noinline
func churn(n int) {
	for j := 0; j < n; j++ {
		sink = &node{payload: [4]int64{int64(j)}}
	}
}

func main() {
	mb := flag.Int("mb", 600, "MiB of kept nodes")
	flag.Parse()
	total := *mb << 20 / 48
	old := debug.SetGCPercent(-1)
	var head *node
	for i := 0; i < total; i++ {
		churn(3)
		head = keep(head, i)
		if i%1024 == 1023 {
			chains = append(chains, head)
			head = nil
		}
	}
	sink = nil
	debug.SetGCPercent(old)
	runtime.GC()
	f, err := os.Create(flag.Arg(0))
	if err != nil {
		panic(err)
	}
	debug.WriteHeapDump(f.Fd())
	f.Close()
	runtime.KeepAlive(chains)
}
