// fillevict: repeated fill-and-evict rounds of a cache (map[int][]byte with
// values of 64, 512 and 3000 bytes). Each round fills the cache to 4000
// entries and then evicts a random 90% (fixed seed). The snapshot is taken
// right after the last eviction: 400 live values scattered over spans that
// held 4000, with GC running normally throughout.
package main

import (
	"expvar"
	"math/rand"
	"runtime"

	"heapdoc/testdata/gen/snap"
)

const (
	capacity = 4000
	rounds   = 20
)

var (
	cache  = map[int][]byte{}
	keys   []int
	next   int
	sizes  = []int{64, 512, 3000}
	evicts = expvar.NewInt("fillevict_evictions")
)

//go:noinline
func fill(rng *rand.Rand) {
	for len(keys) < capacity {
		v := make([]byte, sizes[rng.Intn(len(sizes))])
		v[0] = byte(next)
		cache[next] = v
		keys = append(keys, next)
		next++
	}
}

//go:noinline
func evict(rng *rand.Rand) {
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	n := len(keys) * 9 / 10
	for _, k := range keys[:n] {
		delete(cache, k)
	}
	keys = append(keys[:0], keys[n:]...)
	evicts.Add(int64(n))
}

func main() {
	runtime.MemProfileRate = 4096
	rng := rand.New(rand.NewSource(3))
	keys = make([]int, 0, capacity)
	for r := 0; r < rounds; r++ {
		fill(rng)
		evict(rng)
	}
	snap.Main("fillevict", snap.Options{HeapDump: true})
	runtime.KeepAlive(cache)
}
