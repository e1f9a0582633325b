// retainedcap, before: a StatsD-style receiver reads each datagram into a
// fresh 4 KiB buffer (the largest datagram it accepts) and keeps the latest
// datagram of every source in a map for the "last seen" page: it stores
// buf[:n], so each 25-660 B payload keeps its whole 4 KiB backing array alive.
//
// The fix (../after) stores a copy of the payload in an exact-size slice
// instead, and the 4 KiB buffers become garbage.
package main

import (
	"math/rand"
	"runtime"
	"strconv"

	"heapdoc/testdata/gen/advice/adsnap"
)

const (
	maxDatagram = 4096
	numSources  = 3000
	numPackets  = 4 * numSources
)

var metricNames = []string{"cpu.user", "cpu.system", "mem.rss", "disk.read_bytes", "disk.write_bytes", "net.rx", "net.tx", "http.requests", "http.errors", "gc.pause_ns"}

// packetConn stands for a UDP socket: ReadFrom fills p with the next datagram
// of a deterministic stream, a few metric lines from one source.
type packetConn struct {
	rng  *rand.Rand
	sent int
}

func (c *packetConn) ReadFrom(p []byte) (n int, source int, ok bool) {
	if c.sent == numPackets {
		return 0, 0, false
	}
	source = c.rng.Intn(numSources)
	b := p[:0]
	for lines := 1 + c.rng.Intn(20); lines > 0; lines-- {
		b = append(b, "host-"...)
		b = strconv.AppendInt(b, int64(source), 10)
		b = append(b, '.')
		b = append(b, metricNames[c.rng.Intn(len(metricNames))]...)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(c.rng.Intn(1000)), 10)
		b = append(b, "|g\n"...)
	}
	c.sent++
	return len(b), source, true
}

// lastSeen holds the latest datagram of each source.
var lastSeen = map[int][]byte{}

// receive reads one datagram and records it as its source's latest.
//
// Not inlined so that heap-dump stacks (which do not expand inlining) name it
// as the pprof profile does.
//
//go:noinline
func receive(conn *packetConn) bool {
	buf := make([]byte, maxDatagram) // heapdoc:culprit
	n, src, ok := conn.ReadFrom(buf)
	if !ok {
		return false
	}
	lastSeen[src] = buf[:n]
	return true
}

func main() {
	runtime.MemProfileRate = 4096
	dir := adsnap.Dir()
	conn := &packetConn{rng: rand.New(rand.NewSource(1))}
	for receive(conn) {
	}
	payload := 0
	for _, p := range lastSeen {
		payload += len(p)
	}
	adsnap.Final(dir, map[string]int{"sources": len(lastSeen), "payload_bytes": payload})
	runtime.KeepAlive(lastSeen)
}
