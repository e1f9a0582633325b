// service: a long-running HTTP service for live tests (not a snapshot
// program). It serves net/http/pprof under /debug/pprof/, expvar under
// /debug/vars and, when built with -tags prom, Prometheus text at /metrics.
// It keeps a fragmented heap like the scattered scenario (48 B objects, 1 in
// 64 kept) and runs until killed. Its first stdout line is
// "listening on HOST:PORT".
package main

import (
	"expvar"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
	"runtime/debug"
)

// Node is 48 bytes with a pointer: size class 48.
type Node struct {
	ID      int64
	Next    *Node
	Payload [32]byte
}

const (
	keepOneIn = 64
	total     = keepOneIn * 8192
)

var (
	survivors []*Node
	sink      *Node
)

//go:noinline
func churn(rng *rand.Rand) {
	survivors = make([]*Node, 0, total/keepOneIn)
	for block := 0; block < total/keepOneIn; block++ {
		keep := rng.Intn(keepOneIn)
		for j := 0; j < keepOneIn; j++ {
			n := &Node{ID: int64(block*keepOneIn + j)}
			if j == keep {
				survivors = append(survivors, n)
			} else {
				sink = n
			}
		}
	}
	sink = nil
}

func main() {
	runtime.MemProfileRate = 4096
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()

	expvar.NewString("heapdoc_scenario").Set("service")
	expvar.NewInt("service_survivors").Set(total / keepOneIn)
	old := debug.SetGCPercent(-1)
	churn(rand.New(rand.NewSource(1)))
	debug.SetGCPercent(old)
	runtime.GC()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stdout, "listening on %s\n", ln.Addr())
	log.Fatal(http.Serve(ln, nil))
	runtime.KeepAlive(survivors)
}
