// mapshrink, before: a message deduplicator remembers the IDs it has seen in
// the last 10 minutes (map[uint64]int64, ID -> first-seen time). A replay
// after an outage pushes 240k IDs through it within the window; the expiry
// sweep then deletes all but the latest ~3 %. A Go map never shrinks, so the
// map keeps the storage it grew to at the peak (buckets up to Go 1.23, Swiss
// tables from Go 1.24) for the few thousand IDs left.
//
// The fix (../after) rebuilds the map after a sweep that leaves it much
// smaller than its peak: a new map sized to what is left, filled from the old.
package main

import (
	"runtime"

	"heapdoc/testdata/gen/advice/adsnap"
)

const (
	windowMs   = 10 * 60 * 1000
	replayIDs  = 240000 // the outage replay: all within one window
	steadyIDs  = 7200   // then normal traffic, 12 messages a second
	replayStep = 2      // replayed messages arrive every 2 ms
	steadyStep = 83     // normal traffic arrives every ~83 ms
	t0         = 1767225600000
)

// Dedup reports whether a message ID was seen within the window.
type Dedup struct {
	seen map[uint64]int64
	peak int
}

var dedup = &Dedup{seen: make(map[uint64]int64)}

// Seen records id as seen at now and reports whether it was seen before.
//
// Not inlined so that heap-dump stacks (which do not expand inlining) name it
// as the pprof profile does.
//
//go:noinline
func (d *Dedup) Seen(id uint64, now int64) bool {
	if _, ok := d.seen[id]; ok {
		return true
	}
	d.seen[id] = now // heapdoc:culprit
	if len(d.seen) > d.peak {
		d.peak = len(d.seen)
	}
	return false
}

// Expire forgets the IDs seen before now - windowMs.
func (d *Dedup) Expire(now int64) {
	for id, t := range d.seen {
		if t < now-windowMs {
			delete(d.seen, id)
		}
	}
}

func main() {
	runtime.MemProfileRate = 4096
	dir := adsnap.Dir()
	now := int64(t0)
	id := uint64(1) << 40 // producer sequence numbers
	dups := 0
	for i := 0; i < replayIDs; i++ {
		dedup.Seen(id, now)
		if i%10 == 9 && dedup.Seen(id-3, now) { // a redelivery of the previous message
			dups++
		}
		id += 3
		now += replayStep
	}
	now += windowMs - steadyIDs*steadyStep
	for i := 0; i < steadyIDs; i++ {
		dedup.Seen(id, now)
		id += 3
		now += steadyStep
	}
	dedup.Expire(now)
	adsnap.Final(dir, map[string]int{"peak_entries": dedup.peak, "entries": len(dedup.seen), "dups": dups})
	runtime.KeepAlive(dedup)
}
