// fieldalign, after: the index of ../before with one change, Point's fields
// reordered as fieldalignment suggests (8-byte fields, then the uint32, then
// the bools): 48 B with no padding, the 48 B size class instead of 80 B.
package main

import (
	"runtime"

	"heapdoc/testdata/gen/advice/adsnap"
)

// Point is one sample of one series: 48 B (size class 48), no padding.
type Point struct {
	Timestamp int64   // offset 0
	Value     float64 // 8
	Min       float64 // 16
	Max       float64 // 24
	Count     int64   // 32
	SeriesID  uint32  // 40
	Valid     bool    // 44
	Stale     bool    // 45
	Counter   bool    // 46
	Monotonic bool    // 47
}

const (
	numSeries  = 384
	numSamples = 98304         // 256 points per series
	t0         = 1767225600000 // 2026-01-01T00:00:00Z in ms
)

// Index keeps each series' points in time order.
type Index struct {
	series map[uint32][]*Point
	points int
}

var index = &Index{series: make(map[uint32][]*Point)}

// add stores one sample.
//
// Not inlined so that heap-dump stacks (which do not expand inlining) name it
// as the pprof profile does.
//
//go:noinline
func (ix *Index) add(series uint32, ts int64, v float64, counter bool) {
	p := &Point{Valid: true, Timestamp: ts, SeriesID: series, Value: v, Counter: counter, Min: v, Max: v, Count: 1}
	ix.series[series] = append(ix.series[series], p)
	ix.points++
}

// ingest replays a deterministic scrape: every series reports once per 15 s.
// The values are whole numbers that move slowly (so the heap dump, which holds
// every object's bytes, compresses well).
func ingest() {
	for i := 0; i < numSamples; i++ {
		s := uint32(i % numSeries)
		round := i / numSeries
		ts := int64(t0 + round*15000)
		index.add(s, ts, float64(int(s)%90+round%10), s%4 == 0)
	}
}

func main() {
	runtime.MemProfileRate = 4096
	dir := adsnap.Dir()
	ingest()
	adsnap.Final(dir, nil)
	runtime.KeepAlive(index)
}
