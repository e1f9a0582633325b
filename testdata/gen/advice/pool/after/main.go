// pool, after: the catalog service of ../before with one change: the 32 KiB
// scratch buffer comes from a sync.Pool and goes back to it when the request
// is done, so the requests stop producing garbage and the heap stays near the
// live catalog between collections.
//
// Measured as in ../before: HeapInuse sampled every sampleEvery requests; the
// snapshot taken after that loop, without a GC, at the first later sample
// point whose HeapInuse is at least the loop's median.
package main

import (
	"hash/crc32"
	"runtime"
	"sort"
	"strconv"
	"sync"

	"heapdoc/testdata/gen/advice/adsnap"
)

// Product is one catalog entry: 64 B, pointer-free.
type Product struct {
	ID       int64
	Price    int64 // cents
	Stock    int32
	Category int32
	Name     [40]byte
}

const (
	numProducts  = 128 << 10 // 8 MiB of catalog, live for the whole run
	numRequests  = 30000
	sampleEvery  = 100
	scratchBytes = 32 << 10 // a listing page fits in 32 KiB
	perPage      = 100
)

var (
	categories = []string{"espresso cup", "tea pot", "french press", "milk jug", "grinder", "kettle", "scale", "filter papers"}
	catalog    []Product
	sink       uint32 // the responses' checksums, so the rendering is not dead code
)

func buildCatalog() {
	catalog = make([]Product, numProducts)
	for i := range catalog {
		p := &catalog[i]
		p.ID = int64(100000 + i)
		p.Price = int64(99 + i%50*100)
		p.Stock = int32(i % 13)
		p.Category = int32(i % 64)
		copy(p.Name[:], categories[i%len(categories)])
	}
}

// server holds the request handler's settings.
type server struct {
	scratch int       // bytes of scratch space per request
	pool    sync.Pool // of *[]byte with cap scratch
}

func newServer(scratch int) *server {
	s := &server{scratch: scratch}
	s.pool.New = func() any {
		b := make([]byte, 0, s.scratch)
		return &b
	}
	return s
}

// handle renders page `page` of the listing and returns the response size and
// checksum.
//
// Not inlined so that heap-dump stacks (which do not expand inlining) name it
// as the pprof profile does.
//
//go:noinline
func (s *server) handle(page int) (int, uint32) {
	bp := s.pool.Get().(*[]byte)
	buf := render((*bp)[:0], page)
	n, crc := len(buf), crc32.ChecksumIEEE(buf)
	*bp = buf
	s.pool.Put(bp)
	return n, crc
}

// render appends one line per product of the page: ID, name and price.
func render(buf []byte, page int) []byte {
	first := page * perPage % len(catalog)
	for i := first; i < first+perPage && i < len(catalog); i++ {
		p := &catalog[i]
		buf = strconv.AppendInt(buf, p.ID, 10)
		buf = append(buf, '\t')
		buf = append(buf, p.Name[:]...)
		buf = append(buf, '\t')
		buf = strconv.AppendInt(buf, p.Price, 10)
		buf = append(buf, '\n')
	}
	return buf
}

// sampleStats summarises the HeapInuse samples; it goes into measured.json
// as "extra".
type sampleStats struct {
	Every          int      `json:"every_requests"`
	Count          int      `json:"count"`
	MedianInuse    uint64   `json:"median_heap_inuse"`
	PeakInuse      uint64   `json:"peak_heap_inuse"`
	MinInuse       uint64   `json:"min_heap_inuse"`
	NumGCInLoop    uint32   `json:"num_gc_in_loop"`
	SnapshotAt     int      `json:"snapshot_at_request"`
	AfterGCInuse   uint64   `json:"after_gc_heap_inuse"` // HeapInuse after runtime.GC() at the very end
	AfterGCObjects uint64   `json:"after_gc_heap_objects"`
	HeapInuse      []uint64 `json:"heap_inuse_samples"`
}

func (st *sampleStats) summarise() {
	s := append([]uint64(nil), st.HeapInuse...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	st.Count = len(s)
	st.MinInuse, st.MedianInuse, st.PeakInuse = s[0], s[len(s)/2], s[len(s)-1]
}

// serve handles the next sampleEvery requests, counting them in *r, and
// reads the MemStats into ms right after.
func serve(srv *server, r *int, ms *runtime.MemStats) {
	for i := 0; i < sampleEvery; i++ {
		*r++
		n, crc := srv.handle(*r)
		sink += crc + uint32(n)
	}
	runtime.ReadMemStats(ms)
}

func main() {
	runtime.MemProfileRate = 4096
	// One P: the loop is one goroutine, and with the GC worker and the
	// sweeper sharing its P the samples do not depend on the machine's load
	// (with 2 Ps on a loaded 2-core machine the median moved by 20 % between
	// runs, as background sweeping lagged more or less).
	runtime.GOMAXPROCS(1)
	dir := adsnap.Dir()
	buildCatalog()
	runtime.GC()
	srv := newServer(scratchBytes)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gc0 := ms.NumGC

	// The measured loop: numRequests requests, HeapInuse sampled every
	// sampleEvery of them.
	st := &sampleStats{Every: sampleEvery, HeapInuse: make([]uint64, 0, numRequests/sampleEvery)}
	r := 0
	for r < numRequests {
		serve(srv, &r, &ms)
		st.HeapInuse = append(st.HeapInuse, ms.HeapInuse)
	}
	st.NumGCInLoop = ms.NumGC - gc0
	st.summarise()

	// The snapshot, after the measured loop so that its own allocations do
	// not count in the samples: more requests, up to the first sample point
	// whose HeapInuse is at least the median, and there without a GC (again
	// at a later such point if a GC cycle completed while it was taken).
	for {
		serve(srv, &r, &ms)
		if ms.HeapInuse >= st.MedianInuse && adsnap.Now(dir, nil) == nil {
			break
		}
		if r >= 2*numRequests {
			panic("no snapshot: HeapInuse never reached its median again without a GC meanwhile")
		}
	}
	st.SnapshotAt = r

	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	st.AfterGCInuse, st.AfterGCObjects = ms.HeapInuse, ms.HeapObjects
	adsnap.AddExtra(dir, st)
	runtime.KeepAlive(catalog)
}
