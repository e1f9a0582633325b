// lifetime, after: the log loader of ../before with one change: the
// incidents (about 1 in 40 parsed entries) are copied into one slab
// ([]Entry, allocated once the count is known) and the index points into it.
// The parsed entries then all die together, and the spans they filled are
// freed instead of being pinned by a few survivors each.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math/rand"
	"runtime"
	"strconv"

	"heapdoc/testdata/gen/advice/adsnap"
)

// Entry is one parsed access-log line: 48 B (size class 48), holds a pointer
// (Host).
type Entry struct {
	Time    int64  // unix ms
	Host    string // interned: points into hostNames
	Latency int64  // µs
	Bytes   int64
	Status  uint16
	Method  uint8
}

const (
	numLines = 300000
	slowUs   = 250000 // a request slower than 250 ms is an incident
	t0       = 1767225600000
)

var (
	hostNames = []string{"api-1", "api-2", "api-3", "api-4", "web-1", "web-2", "auth-1", "search-1"}
	methods   = []string{"GET", "POST", "PUT", "DELETE"}
	hosts     = map[string]string{}
	incidents []*Entry // the incident index, kept for the life of the process
)

var errSyntax = errors.New("malformed log line")

// logReader produces a deterministic access log, one line per Read call
// at most: "<ms> <host> <method> <status> <latency µs> <bytes>\n".
type logReader struct {
	rng  *rand.Rand
	line int
	buf  []byte
}

func (r *logReader) Read(p []byte) (int, error) {
	if len(r.buf) == 0 {
		if r.line == numLines {
			return 0, io.EOF
		}
		status, latency := 200, 1000+r.rng.Intn(50000)
		switch r.rng.Intn(80) {
		case 0:
			status = 503
		case 1:
			latency = slowUs + r.rng.Intn(1000000)
		}
		b := r.buf[:0]
		b = strconv.AppendInt(b, int64(t0+r.line*288), 10)
		b = append(b, ' ')
		b = append(b, hostNames[r.line%len(hostNames)]...)
		b = append(b, ' ')
		b = append(b, methods[r.rng.Intn(len(methods))]...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(status), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(latency), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(200+r.rng.Intn(20000)), 10)
		b = append(b, '\n')
		r.buf = b
		r.line++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// field returns the first space-separated field of line and the rest.
func field(line []byte) ([]byte, []byte) {
	if i := bytes.IndexByte(line, ' '); i >= 0 {
		return line[:i], line[i+1:]
	}
	return line, nil
}

func number(b []byte) int64 {
	var n int64
	for _, c := range b {
		n = n*10 + int64(c-'0')
	}
	return n
}

// parseLine parses one log line into a new Entry.
//
// Not inlined so that heap-dump stacks (which do not expand inlining) name it
// as the pprof profile does.
//
//go:noinline
func parseLine(line []byte) (*Entry, error) {
	var ts, host, method, status, latency, size []byte
	ts, line = field(line)
	host, line = field(line)
	method, line = field(line)
	status, line = field(line)
	latency, size = field(line)
	h, ok := hosts[string(host)]
	if !ok || len(size) == 0 {
		return nil, errSyntax
	}
	e := &Entry{Time: number(ts), Host: h, Latency: number(latency), Bytes: number(size), Status: uint16(number(status))}
	for i, m := range methods {
		if string(method) == m {
			e.Method = uint8(i)
		}
	}
	return e, nil
}

// load parses the whole log.
func load(r io.Reader) ([]*Entry, error) {
	var all []*Entry
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		e, err := parseLine(sc.Bytes())
		if err != nil {
			return nil, err
		}
		all = append(all, e)
	}
	return all, sc.Err()
}

func isIncident(e *Entry) bool { return e.Status >= 500 || e.Latency >= slowUs }

// indexIncidents keeps copies of the incidents among the parsed entries, all
// in one slab, so that they share their memory with nothing that dies.
func indexIncidents(all []*Entry) {
	n := 0
	for _, e := range all {
		if isIncident(e) {
			n++
		}
	}
	slab := make([]Entry, 0, n)
	for _, e := range all {
		if isIncident(e) {
			slab = append(slab, *e)
			incidents = append(incidents, &slab[len(slab)-1])
		}
	}
}

// loadIncidents parses the day's log and indexes its incidents; the parsed
// entries are garbage when it returns.
func loadIncidents() error {
	all, err := load(&logReader{rng: rand.New(rand.NewSource(1)), buf: make([]byte, 0, 128)})
	if err != nil {
		return err
	}
	indexIncidents(all)
	return nil
}

func main() {
	runtime.MemProfileRate = 4096
	dir := adsnap.Dir()
	for _, h := range hostNames {
		hosts[h] = h
	}
	if err := loadIncidents(); err != nil {
		panic(err)
	}
	adsnap.Final(dir, map[string]int{"lines": numLines, "incidents": len(incidents)})
	runtime.KeepAlive(incidents)
}
