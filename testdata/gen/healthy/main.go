// healthy: a dense, long-lived heap. Everything allocated is kept (slices of
// structs, a few maps and strings), with almost no churn, so the spans in use
// are nearly full and HeapInuse is close to HeapAlloc.
package main

import (
	"expvar"
	"runtime"
	"strconv"

	"heapdoc/testdata/gen/snap"
)

// Record is 64 bytes with pointers: size class 64.
type Record struct {
	ID    int64
	Name  string
	Score float64
	Tags  []string
	Next  *Record
}

// Point is 16 bytes, pointer-free; stored inline in one big slice.
type Point struct{ X, Y float64 }

const nRecords = 16384

var (
	records []*Record
	points  []Point
	index   map[int64]*Record
	tags    = []string{"alpha", "beta", "gamma", "delta"}
)

//go:noinline
func loadRecords() {
	records = make([]*Record, 0, nRecords)
	for i := 0; i < nRecords; i++ {
		r := &Record{ID: int64(i), Score: float64(i) / 3, Tags: tags[:i%4]}
		r.Name = "record-" + strconv.Itoa(1000000+i) // 14 bytes -> 16 B class
		if i > 0 {
			r.Next = records[i-1]
		}
		records = append(records, r)
	}
}

//go:noinline
func loadPoints() {
	points = make([]Point, 65536) // 1 MiB, one large object
	for i := range points {
		points[i] = Point{float64(i), float64(-i)}
	}
}

//go:noinline
func buildIndex() {
	index = make(map[int64]*Record, nRecords)
	for _, r := range records {
		index[r.ID] = r
	}
}

func main() {
	runtime.MemProfileRate = 4096
	expvar.NewInt("healthy_records").Set(nRecords)
	loadRecords()
	loadPoints()
	buildIndex()
	snap.Main("healthy", snap.Options{HeapDump: true, Prom: true})
	runtime.KeepAlive(records)
	runtime.KeepAlive(points)
	runtime.KeepAlive(index)
}
