// subslice, before: a session tracker reads a request log in 32 KiB chunks
// (a fresh buffer per read) and, for every session it has not seen yet, keeps
// a *Session whose Agent is a slice of the chunk: line[a:b], 10-70 B from
// inside the 32 KiB array. A slice keeps its whole backing array alive, so
// every chunk that introduced a session stays in the heap.
//
// The fix (../after) copies the agent out of the chunk, and the chunks die.
package main

import (
	"bytes"
	"math/rand"
	"runtime"
	"strconv"

	"heapdoc/testdata/gen/advice/adsnap"
)

const (
	chunkSize = 32 << 10
	chunks    = 120
	sessions  = 9000
)

var agents = []string{
	"curl/8.5.0", "Wget/1.21.4", "Go-http-client/1.1", "python-requests/2.31.0",
	"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 Safari/605.1.15",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36",
	"okhttp/4.12.0", "Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8)", "kube-probe/1.29",
}

var paths = []string{"/", "/login", "/api/v1/items", "/api/v1/cart", "/static/app.js", "/search?q=shoes", "/healthz"}

// Session is what the tracker keeps per session.
type Session struct {
	ID    uint64
	Agent []byte
	Hits  int
}

// Tracker holds the sessions seen so far.
type Tracker struct {
	sessions map[uint64]*Session
}

// requestLog stands for the log file: Read fills p with whole lines
// "session agent path\n" of a deterministic stream.
type requestLog struct {
	rng  *rand.Rand
	left int
	line []byte // scratch: reading allocates nothing, as reading a file does not
}

func (r *requestLog) Read(p []byte) int {
	if r.left == 0 {
		return 0
	}
	r.left--
	n := 0
	for {
		line := strconv.AppendInt(r.line[:0], int64(r.rng.Intn(sessions)), 10)
		line = append(line, ' ')
		line = append(line, agents[r.rng.Intn(len(agents))]...)
		line = append(line, ' ')
		line = append(line, paths[r.rng.Intn(len(paths))]...)
		line = append(line, '\n')
		if n+len(line) > len(p) {
			return n
		}
		n += copy(p[n:], line)
		r.line = line
	}
}

// addChunk records the sessions of one chunk of the log.
//
//go:noinline
func (t *Tracker) addChunk(chunk []byte) {
	for len(chunk) > 0 {
		nl := bytes.IndexByte(chunk, '\n')
		if nl < 0 {
			return
		}
		line := chunk[:nl]
		chunk = chunk[nl+1:]
		sp1 := bytes.IndexByte(line, ' ')
		sp2 := bytes.LastIndexByte(line, ' ')
		if sp1 <= 0 || sp2 <= sp1 {
			continue
		}
		id := uint64(0)
		for _, c := range line[:sp1] {
			id = id*10 + uint64(c-'0')
		}
		if s := t.sessions[id]; s != nil {
			s.Hits++
			continue
		}
		s := &Session{ID: id, Agent: line[sp1+1 : sp2], Hits: 1} // heapdoc:culprit
		t.sessions[id] = s
	}
}

// load reads the log chunk by chunk, each into a fresh buffer.
//
//go:noinline
func (t *Tracker) load(r *requestLog) {
	for {
		chunk := make([]byte, chunkSize)
		n := r.Read(chunk)
		if n == 0 {
			return
		}
		t.addChunk(chunk[:n])
	}
}

var tracker *Tracker

func main() {
	runtime.MemProfileRate = 4096
	dir := adsnap.Dir()
	tracker = &Tracker{sessions: make(map[uint64]*Session)}
	tracker.load(&requestLog{rng: rand.New(rand.NewSource(7)), left: chunks})
	agentBytes := 0
	for _, s := range tracker.sessions {
		agentBytes += len(s.Agent)
	}
	adsnap.Final(dir, map[string]int{"sessions": len(tracker.sessions), "agent_bytes": agentBytes})
	runtime.KeepAlive(tracker)
}
