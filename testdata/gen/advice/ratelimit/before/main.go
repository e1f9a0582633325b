// ratelimit, before: the per-client token-bucket limiter of an API gateway.
// Every request looks up the bucket of its tenant/client-IP key, creating one
// on first sight: a *bucket (64 B) with its key string and a small slice of
// recent request times (the burst detector). After a traffic spike - a
// crawler rotating through addresses, a retry storm - the limiter holds
// ~200k buckets; the idle sweep then drops every bucket unused for 10
// minutes and rebuilds the map (Go maps do not shrink), keeping the ~2.5 %
// of clients that are still active. Those survivors sit scattered over the
// spans the spike filled, in three classes (buckets, keys, recent slices),
// so after the GC most of those spans are still in use.
//
// The fix (../after) re-allocates the surviving buckets during the sweep
// (new bucket, cloned key, copied slice), so the spike's spans are freed.
//
// Like dnscache this program keeps Go's default runtime.MemProfileRate
// (512 KiB), as a real service does: its profile holds only a few dozen
// samples. Unlike the other patterns the culprit's function is not marked
// //go:noinline: newBucket is a small constructor the compiler inlines into
// (*Limiter).Allow, as it would in a real service, so the profile names it
// (inlined frames expanded) while the heap dump's stacks name Allow.
package main

import (
	"fmt"
	"math/rand"
	"runtime"
	"strconv"

	"heapdoc/testdata/gen/advice/adsnap"
)

// bucket is one client's token bucket.
type bucket struct {
	key     string
	tokens  float64
	last    int64   // unix ms of the last refill
	recent  []int64 // unix ms of the last few requests
	limit   int32   // requests per second
	strikes int32   // times it was throttled
}

// policy is a tenant's configured limit.
type policy struct {
	Tenant  string
	RPS     int32
	Burst   int32
	Plan    string
	Allowed []string // CIDRs exempted
}

// Limiter maps tenant/IP keys to buckets.
type Limiter struct {
	buckets  map[string]*bucket
	policies map[string]*policy
	allowed  uint64
	denied   uint64
}

func NewLimiter(policies map[string]*policy) *Limiter {
	return &Limiter{buckets: make(map[string]*bucket), policies: policies}
}

func newBucket(key string, limit int32, now int64) *bucket {
	return &bucket{key: key, tokens: float64(limit), last: now, limit: limit, recent: make([]int64, 0, 4)} // heapdoc:culprit
}

// Allow reports whether tenant's client at ip may make a request at now (ms).
func (l *Limiter) Allow(tenant, ip string, now int64) bool {
	key := tenant + "/" + ip
	b := l.buckets[key]
	if b == nil {
		p := l.policies[tenant]
		limit := int32(10)
		if p != nil {
			limit = p.RPS
		}
		b = newBucket(key, limit, now)
		l.buckets[key] = b
	}
	elapsed := float64(now-b.last) / 1000
	b.last = now
	b.tokens += elapsed * float64(b.limit)
	if b.tokens > float64(b.limit) {
		b.tokens = float64(b.limit)
	}
	if len(b.recent) == cap(b.recent) {
		copy(b.recent, b.recent[1:])
		b.recent = b.recent[:len(b.recent)-1]
	}
	b.recent = append(b.recent, now)
	if b.tokens < 1 {
		b.strikes++
		l.denied++
		return false
	}
	b.tokens--
	l.allowed++
	return true
}

// Sweep drops the buckets idle since before cutoff (ms) and rebuilds the map
// so that its table shrinks too.
func (l *Limiter) Sweep(cutoff int64) int {
	kept := make(map[string]*bucket, len(l.buckets)/32)
	for k, b := range l.buckets {
		if b.last >= cutoff {
			kept[k] = b
		}
	}
	dropped := len(l.buckets) - len(kept)
	l.buckets = kept
	return dropped
}

func loadPolicies(n int) map[string]*policy {
	plans := []string{"free", "pro", "business", "enterprise"}
	m := make(map[string]*policy, n)
	for i := 0; i < n; i++ {
		t := fmt.Sprintf("tenant-%05d", i)
		p := &policy{Tenant: t, RPS: int32(5 + i%4*20), Burst: int32(20 + i%4*40), Plan: plans[i%4]}
		for j := 0; j < i%3; j++ {
			p.Allowed = append(p.Allowed, fmt.Sprintf("10.%d.%d.0/24", i%256, j))
		}
		m[t] = p
	}
	return m
}

const (
	numTenants = 20000
	numClients = 200000
	activePct  = 2.5
	t0         = 1767225600000
)

var lim *Limiter

func ip(i int) string {
	return strconv.Itoa(10+i>>24&0xff) + "." + strconv.Itoa(i>>16&0xff) + "." + strconv.Itoa(i>>8&0xff) + "." + strconv.Itoa(i&0xff)
}

func main() {
	dir := adsnap.Dir()
	rng := rand.New(rand.NewSource(11))
	lim = NewLimiter(loadPolicies(numTenants))
	type client struct{ tenant, ip string }
	var active []client
	// The spike: numClients clients over one minute, 1-3 requests each.
	now := int64(t0)
	for i := 0; i < numClients; i++ {
		c := client{fmt.Sprintf("tenant-%05d", rng.Intn(numTenants)), ip(rng.Intn(1 << 28))}
		now = t0 + int64(i)*60000/numClients
		for r := rng.Intn(3); r >= 0; r-- {
			lim.Allow(c.tenant, c.ip, now)
		}
		if rng.Float64()*100 < activePct {
			active = append(active, c)
		}
	}
	// Fifteen minutes of steady traffic from the active clients only.
	for m := 1; m <= 15; m++ {
		for _, c := range active {
			lim.Allow(c.tenant, c.ip, now+int64(m)*60000)
		}
	}
	now += 15 * 60000
	dropped := lim.Sweep(now - 10*60000)
	adsnap.Final(dir, map[string]any{"buckets": len(lim.buckets), "dropped": dropped, "active": len(active),
		"mem_profile_rate": runtime.MemProfileRate})
	runtime.KeepAlive(lim)
	runtime.KeepAlive(active)
}
