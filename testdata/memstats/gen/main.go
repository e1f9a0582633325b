// Command gen writes the runtime.MemStats test inputs of heapdoc's memstats reader, all
// describing one moment of this process:
//
//	runtime.json     json.Marshal(runtime.MemStats)
//	vars.json        what expvar's /debug/vars handler serves (via net/http/httptest)
//	heap_debug1.txt  pprof.Lookup("heap").WriteTo(w, 1): the text profile and its
//	                 "# runtime.MemStats" trailer
//	metrics.prom     client_golang's /metrics text exposition (only when built with -tags prom)
//
// Each writer reads MemStats itself, so the copies are a few microseconds apart. To make
// them describe the same heap, GC is off while they are taken (a forced GC before each
// attempt leaves free slots for the writers' own allocations, so they need no new spans),
// and the set is retaken until every copy has the same HeapSys, HeapIdle, HeapInuse,
// HeapReleased and NumGC (the scavenger may release pages in between). HeapAlloc, Mallocs
// and the like still differ by the writers' own small allocations. metrics.prom is
// gathered last and is not held to that check (client_golang derives its go_memstats_*
// from runtime/metrics and allocates a lot while gathering).
//
// Usage: gen <output dir>   (see regen.sh; GEN_DEBUG=1 prints each attempt's heap fields)
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"expvar"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
)

// promWriter is set by prom.go when built with -tags prom.
var promWriter func(w io.Writer) error

var published = expvar.NewString("heapdoc_generator")

// A fragmented heap: many small objects of a few classes with most freed, so
// HeapInuse - HeapAlloc is large, plus some large objects.
type node struct {
	next *node
	key  uint64
	val  [4]uint64
}

var keep []interface{}

func buildHeap() {
	var all []interface{}
	for i := 0; i < 200000; i++ {
		all = append(all, &node{key: uint64(i)})
	}
	for i := 0; i < 40000; i++ {
		all = append(all, make([]byte, 1000))
	}
	for i := 0; i < 2000; i++ {
		all = append(all, make([]byte, 5000))
	}
	for i := 0; i < 20; i++ {
		all = append(all, make([]byte, 100000))
	}
	for i, o := range all {
		if i%7 == 0 {
			keep = append(keep, o)
		}
	}
	all = nil
	runtime.GC()
	runtime.GC()
}

type snapshot struct {
	runtimeJSON, varsJSON, heapText, prom []byte
}

func take() (snapshot, error) {
	var s snapshot
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b, err := json.Marshal(ms)
	if err != nil {
		return s, err
	}
	s.runtimeJSON = b

	rec := httptest.NewRecorder()
	expvar.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/debug/vars", nil))
	if rec.Code != 200 {
		return s, fmt.Errorf("expvar: status %d", rec.Code)
	}
	s.varsJSON = rec.Body.Bytes()

	var txt bytes.Buffer
	if err := pprof.Lookup("heap").WriteTo(&txt, 1); err != nil {
		return s, err
	}
	s.heapText = txt.Bytes()

	if promWriter != nil {
		var p bytes.Buffer
		if err := promWriter(&p); err != nil {
			return s, err
		}
		s.prom = p.Bytes()
	}
	return s, nil
}

type heapFields struct{ sys, idle, inuse, released, numGC uint64 }

func fromStruct(m runtime.MemStats) heapFields {
	return heapFields{m.HeapSys, m.HeapIdle, m.HeapInuse, m.HeapReleased, uint64(m.NumGC)}
}

func fromTrailer(text []byte) (heapFields, error) {
	i := bytes.Index(text, []byte("\n# runtime.MemStats\n"))
	if i < 0 {
		return heapFields{}, fmt.Errorf("no trailer")
	}
	v := map[string]uint64{}
	sc := bufio.NewScanner(bytes.NewReader(text[i+1:]))
	for sc.Scan() {
		name, value, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "# "), " = ")
		if !ok {
			continue
		}
		if n, err := strconv.ParseUint(value, 10, 64); err == nil {
			v[name] = n
		}
	}
	return heapFields{v["HeapSys"], v["HeapIdle"], v["HeapInuse"], v["HeapReleased"], v["NumGC"]}, nil
}

func consistent(s snapshot) (bool, error) {
	var rj runtime.MemStats
	if err := json.Unmarshal(s.runtimeJSON, &rj); err != nil {
		return false, err
	}
	var vars struct{ Memstats runtime.MemStats }
	if err := json.Unmarshal(s.varsJSON, &vars); err != nil {
		return false, err
	}
	tr, err := fromTrailer(s.heapText)
	if err != nil {
		return false, err
	}
	a := fromStruct(rj)
	if os.Getenv("GEN_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "runtime %+v\nvars    %+v\ntrailer %+v\n", a, fromStruct(vars.Memstats), tr)
	}
	return a == fromStruct(vars.Memstats) && a == tr, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen <output dir>")
		os.Exit(2)
	}
	dir := os.Args[1]
	runtime.MemProfileRate = 4096
	published.Set("heapdoc testdata/memstats/gen")
	buildHeap()
	debug.SetGCPercent(-1) // no GC between the copies

	var s snapshot
	ok := false
	for attempt := 0; attempt < 50 && !ok; attempt++ {
		// The garbage of the previous attempt leaves free slots in swept spans of the
		// classes the writers use, so this attempt's allocations need no new spans.
		runtime.GC()
		var err error
		if s, err = take(); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		if ok, err = consistent(s); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	if !ok {
		fmt.Fprintln(os.Stderr, "gen: the MemStats copies kept disagreeing; try again")
		os.Exit(1)
	}
	runtime.KeepAlive(keep)

	files := map[string][]byte{
		"runtime.json":    s.runtimeJSON,
		"vars.json":       s.varsJSON,
		"heap_debug1.txt": s.heapText,
	}
	if s.prom != nil {
		files["metrics.prom"] = s.prom
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("gen: wrote %d files to %s (%s)\n", len(files), dir, runtime.Version())
}
