// exact: MemProfileRate = 1, so every allocation is recorded and the profile's
// counts are exact (no scaling). Each site below is its own function:
//
//	site              request     slot (bytes label)  allocated  live
//	main.allocBytes100  100 B     112 (noscan)        1000       1000
//	main.allocPairs      24 B      24 (scan)           500        500
//	main.allocKB       1000 B    1024 (noscan)         200        200
//	main.allocLarge   40000 B   40960 (large)           10         10
//	main.allocTemp       64 B      64 (noscan)        3000          0
//	main.allocHalf      200 B     208 (noscan)        1000        500
package main

import (
	"expvar"
	"runtime"

	"heapdoc/testdata/gen/snap"
)

type pair struct {
	a, b *int
	n    int
}

var (
	keptBytes [][]byte
	keptPairs []*pair
	sink      []byte
)

//go:noinline
func allocBytes100(n int) {
	for i := 0; i < n; i++ {
		keptBytes = append(keptBytes, make([]byte, 100))
	}
}

//go:noinline
func allocPairs(n int) {
	for i := 0; i < n; i++ {
		keptPairs = append(keptPairs, &pair{n: i})
	}
}

//go:noinline
func allocKB(n int) {
	for i := 0; i < n; i++ {
		keptBytes = append(keptBytes, make([]byte, 1000))
	}
}

//go:noinline
func allocLarge(n int) {
	for i := 0; i < n; i++ {
		keptBytes = append(keptBytes, make([]byte, 40000))
	}
}

//go:noinline
func allocTemp(n int) {
	for i := 0; i < n; i++ {
		sink = make([]byte, 64)
	}
	sink = nil
}

//go:noinline
func allocHalf(n int) {
	for i := 0; i < n; i++ {
		b := make([]byte, 200)
		if i%2 == 0 {
			keptBytes = append(keptBytes, b)
		} else {
			sink = b
		}
	}
	sink = nil
}

func main() {
	runtime.MemProfileRate = 1
	keptBytes = make([][]byte, 0, 4096)
	keptPairs = make([]*pair, 0, 1024)
	allocBytes100(1000)
	allocPairs(500)
	allocKB(200)
	allocLarge(10)
	allocTemp(3000)
	allocHalf(1000)
	expvar.NewInt("exact_sites").Set(6)
	snap.Main("exact", snap.Options{})
	runtime.KeepAlive(keptBytes)
	runtime.KeepAlive(keptPairs)
}
