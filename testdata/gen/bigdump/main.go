// bigdump: benchmark input generator. Builds a mixed heap of about -mb MiB (small pointerful
// structs, byte slices of many sizes, large objects), frees a random third, and writes a heap dump
// with debug.WriteHeapDump to the path given as the last argument. Not part of regen.sh: its output
// is large (bench/bench_dump.sh makes it in bench/out/).
//
//	go run ./bigdump -mb 1400 /tmp/big.dump
package main

import (
	"flag"
	"math/rand"
	"os"
	"runtime"
	"runtime/debug"
)

type small struct {
	a, b, c *small
	x       [3]int64
}

type wide struct {
	p [16]*small
	s string
	n [8]int64
}

var keep []interface{}

func main() {
	mb := flag.Int("mb", 1400, "approximate heap size to build, in MiB")
	flag.Parse()
	if flag.NArg() != 1 {
		os.Stderr.WriteString("usage: bigdump [-mb N] OUT.dump\n")
		os.Exit(2)
	}
	r := rand.New(rand.NewSource(1))
	total := 0
	var prev *small
	for total < *mb<<20 {
		switch r.Intn(6) {
		case 0, 1:
			s := &small{a: prev}
			prev = s
			keep = append(keep, s)
			total += 48
		case 2:
			w := &wide{}
			w.p[0] = prev
			keep = append(keep, w)
			total += 208
		case 3:
			n := 16 + r.Intn(2000)
			keep = append(keep, make([]byte, n))
			total += n
		case 4:
			n := 16 + r.Intn(30000)
			keep = append(keep, make([]byte, n))
			total += n
		case 5:
			if r.Intn(50) == 0 {
				n := 40000 + r.Intn(400000)
				keep = append(keep, make([]byte, n))
				total += n
			} else {
				keep = append(keep, make([]*small, 1+r.Intn(60)))
				total += 200
			}
		}
	}
	for i := range keep { // free a random third: fragmentation
		if r.Intn(3) == 0 {
			keep[i] = nil
		}
	}
	runtime.GC()
	runtime.GC()
	f, err := os.Create(flag.Arg(0))
	if err != nil {
		panic(err)
	}
	debug.WriteHeapDump(f.Fd())
	f.Close()
	runtime.KeepAlive(keep)
}
