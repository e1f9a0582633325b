// dnscache, before: the caching DNS resolver a service embeds so that it does
// not look a name up for every outbound request. After a cold start it
// resolves 180k names in a burst (service discovery, a crawler's frontier,
// a fan-out over many shards) and caches each answer as a *Record together
// with its name, its addresses and its CNAME chain: separate allocations in
// their own size classes, all made together, answer after answer. Most
// answers carry short TTLs (30-300 s); about 3 % carry long ones (1-24 h).
// Five minutes later the expiry sweep deletes the expired 97 %: the ~3 % that
// survive are scattered over every span that the burst filled, in every
// class their parts occupy (Record 80 B, names 24-64 B, address lists 16-64 B,
// CNAME slices and strings), so after the GC nearly every one of those spans
// is still in use, holding a few live objects each.
//
// The fix (../after) compacts the cache after the sweep: it deep-copies each
// surviving record (new Record, new name string, new slices) and replaces the
// map entry. The copies fill a few spans densely; the old spans are freed.
//
// Unlike the other patterns this program keeps Go's default
// runtime.MemProfileRate (512 KiB), as a real service does: its profile holds
// only a few dozen samples.
package main

import (
	"encoding/binary"
	"errors"
	"math/rand"
	"runtime"
	"strconv"

	"heapdoc/testdata/gen/advice/adsnap"
)

// Record is one cached answer: 80 B (size class 80), pointerful. Its name,
// address list and CNAME chain are separate allocations.
type Record struct {
	Name   string     // owner name
	Addrs  [][16]byte // A/AAAA answers, IPv4 ones IPv4-mapped; 1-4
	CNAMEs []string   // the alias chain that led to Name; usually nil
	Expiry int64      // unix seconds
	TTL    uint32
	Type   uint16 // 1 = A, 28 = AAAA
	Rcode  uint8
}

const (
	numNames  = 180000
	burstSecs = 60 // the cold-start burst spreads over a minute
	sweepAt   = 360
	t0        = 1767225600
)

// Cache maps an owner name to its answer.
type Cache struct {
	m       map[string]*Record
	expired int
}

var (
	cache    = &Cache{m: make(map[string]*Record)}
	services = []string{"orders", "inventory-api", "sessions", "metrics-gw", "auth", "search-frontend", "ledger", "img"}
	zones    = []string{
		"svc", "db.internal", "payments.eu-west-1.svc.cluster.local", "cdn.example.net",
		"api.example.com", "shard.us-east-2.compute.internal", "k8s", "mesh.corp.example.org",
	}
)

var errShort = errors.New("truncated answer")

// upstream builds the (simplified, already decompressed) wire answer for the
// i-th name: len name, name, type u16, ttl u32, n addrs, n x 16 bytes,
// n cnames, (len cname, cname) each.
type upstream struct {
	rng          *rand.Rand
	buf, scratch []byte
}

func (u *upstream) answer(i int) []byte {
	b := u.buf[:0]
	name := append(u.scratch[:0], services[u.rng.Intn(len(services))]...)
	name = append(name, '-')
	name = strconv.AppendInt(name, int64(i)*7919%1000003, 36)
	name = append(name, '.')
	name = append(name, zones[u.rng.Intn(len(zones))]...)
	b = append(b, byte(len(name)))
	b = append(b, name...)
	qtype := uint16(1)
	if u.rng.Intn(4) == 0 {
		qtype = 28
	}
	ttl := uint32(30 + u.rng.Intn(271))
	if u.rng.Intn(100) < 3 {
		ttl = uint32(3600 + u.rng.Intn(82800))
	}
	b = binary.BigEndian.AppendUint16(b, qtype)
	b = binary.BigEndian.AppendUint32(b, ttl)
	var n int
	switch x := u.rng.Intn(20); {
	case x < 9:
		n = 1
	case x < 14:
		n = 2
	case x < 16:
		n = 3
	default:
		n = 4
	}
	b = append(b, byte(n))
	for j := 0; j < n; j++ {
		var a [16]byte
		if qtype == 1 {
			a[10], a[11] = 0xff, 0xff
			binary.BigEndian.PutUint32(a[12:], 0x0a000000|uint32(i*4+j))
		} else {
			binary.BigEndian.PutUint64(a[:], 0x20010db800000000)
			binary.BigEndian.PutUint64(a[8:], uint64(i*4+j))
		}
		b = append(b, a[:]...)
	}
	var nc int
	switch x := u.rng.Intn(20); {
	case x < 3:
		nc = 1
	case x < 4:
		nc = 2
	}
	b = append(b, byte(nc))
	for j := 0; j < nc; j++ {
		alias := append(u.scratch[:0], "edge-"...)
		alias = strconv.AppendInt(alias, int64(i*3+j), 36)
		alias = append(alias, ".lb."...)
		alias = append(alias, zones[u.rng.Intn(len(zones))]...)
		b = append(b, byte(len(alias)))
		b = append(b, alias...)
	}
	u.buf = b
	return b
}

// parseAnswer decodes one answer into a new Record expiring TTL seconds
// after now.
//
// Not inlined so that heap-dump stacks (which do not expand inlining) name it
// as the pprof profile does.
//
//go:noinline
func parseAnswer(msg []byte, now int64) (*Record, error) {
	if len(msg) < 1 || len(msg) < 1+int(msg[0])+7 {
		return nil, errShort
	}
	name := string(msg[1 : 1+msg[0]])
	msg = msg[1+msg[0]:]
	qtype := binary.BigEndian.Uint16(msg)
	ttl := binary.BigEndian.Uint32(msg[2:])
	n := int(msg[6])
	msg = msg[7:]
	if len(msg) < n*16+1 {
		return nil, errShort
	}
	addrs := make([][16]byte, n)
	for j := range addrs {
		copy(addrs[j][:], msg[j*16:])
	}
	msg = msg[n*16:]
	var cnames []string
	if nc := int(msg[0]); nc > 0 {
		cnames = make([]string, 0, nc)
		msg = msg[1:]
		for j := 0; j < nc; j++ {
			if len(msg) < 1 || len(msg) < 1+int(msg[0]) {
				return nil, errShort
			}
			cnames = append(cnames, string(msg[1:1+msg[0]]))
			msg = msg[1+msg[0]:]
		}
	}
	r := &Record{Name: name, Addrs: addrs, CNAMEs: cnames, Expiry: now + int64(ttl), TTL: ttl, Type: qtype} // heapdoc:culprit
	return r, nil
}

// Put caches r under its name.
func (c *Cache) Put(r *Record) { c.m[r.Name] = r }

// Sweep deletes the records expired at now.
func (c *Cache) Sweep(now int64) {
	for name, r := range c.m {
		if r.Expiry <= now {
			delete(c.m, name)
			c.expired++
		}
	}
}

// warm resolves numNames names in a burst and caches the answers.
func warm() error {
	up := &upstream{rng: rand.New(rand.NewSource(1)), buf: make([]byte, 0, 512), scratch: make([]byte, 0, 128)}
	for i := 0; i < numNames; i++ {
		r, err := parseAnswer(up.answer(i), t0+int64(i*burstSecs/numNames))
		if err != nil {
			return err
		}
		cache.Put(r)
	}
	return nil
}

func main() {
	dir := adsnap.Dir()
	if err := warm(); err != nil {
		panic(err)
	}
	cache.Sweep(t0 + sweepAt)
	adsnap.Final(dir, map[string]int{"names": numNames, "cached": len(cache.m), "expired": cache.expired,
		"mem_profile_rate": runtime.MemProfileRate})
	runtime.KeepAlive(cache)
}
