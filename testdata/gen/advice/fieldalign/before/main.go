// fieldalign, before: an in-memory time-series index keeps every ingested
// sample as its own *Point for the query path. Point's fields are in the order
// they were added to the wire format, so padding makes it 72 B, and each
// Point takes an 80 B slot.
//
// The fix (../after) reorders the fields (8-byte fields first, then the
// uint32, then the bools): 48 B, the 48 B size class.
package main

import (
	"runtime"

	"heapdoc/testdata/gen/advice/adsnap"
)

// Point is one sample of one series: 72 B (size class 80), 24 B of padding.
type Point struct {
	Valid     bool    // offset 0, 7 B padding follow
	Timestamp int64   // 8
	Stale     bool    // 16, 3 B padding
	SeriesID  uint32  // 20
	Value     float64 // 24
	Counter   bool    // 32, 7 B padding
	Min       float64 // 40
	Max       float64 // 48
	Monotonic bool    // 56, 7 B padding
	Count     int64   // 64
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
	p := &Point{Valid: true, Timestamp: ts, SeriesID: series, Value: v, Counter: counter, Min: v, Max: v, Count: 1} // heapdoc:culprit
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
