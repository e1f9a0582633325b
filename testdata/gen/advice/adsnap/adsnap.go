// Package adsnap writes the snapshot of one before/after advice program
// (testdata/gen/advice/<pattern>/{before,after}) into an output directory:
//
//	heap.dump.gz   debug.WriteHeapDump, gzipped (-9)
//	heap.pb.gz     pprof.Lookup("heap").WriteTo(f, 0)
//	memstats.json  json.Marshal(runtime.MemStats), read just before the dump
//	measured.json  the figures the saving is computed from (Measured)
//
// Final forces two GCs first (the heap as a long-running process would keep
// it); Now takes the snapshot where the program stands, without a GC (for the
// pool pattern, whose saving is the garbage carried between collections).
//
// The MemStats are read first and the heap dump is written next, before
// anything else allocates; the profile and JSON files follow. Write fails if a
// GC cycle completed before the dump was written, so that memstats.json, the
// dump and (after a forced GC) the profile describe the same heap.
//
// Sampling rate: each program sets runtime.MemProfileRate itself, first thing
// in main (4096 in all but dnscache, which keeps Go's default of 512 KiB as a
// real service does), then calls Dir before it allocates anything. When the
// environment variable ADSNAP_MEMPROFILERATE is set, Dir overrides that rate:
// "default" for Go's default (512 KiB), or a number of bytes. It is for
// measuring how heapdoc fares on the same programs at another rate; the
// committed snapshots are written without it.
//
// It differs from ../../snap (used by the scenario programs) in writing
// measured.json, in the no-GC mode and in not writing heap.txt or vars.json.
package adsnap

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
)

// Measured is measured.json. The heap_* and next_gc fields are MemStats read
// at the snapshot (right after the final GC, or mid-loop for Now).
type Measured struct {
	GoVersion    string `json:"go_version"`
	ForcedGC     bool   `json:"forced_gc"` // the snapshot follows runtime.GC()
	HeapInuse    uint64 `json:"heap_inuse"`
	HeapAlloc    uint64 `json:"heap_alloc"`
	HeapObjects  uint64 `json:"heap_objects"`
	HeapSys      uint64 `json:"heap_sys"`
	HeapReleased uint64 `json:"heap_released"`
	NextGC       uint64 `json:"next_gc"`
	NumGC        uint32 `json:"num_gc"`
	TotalAlloc   uint64 `json:"total_alloc"`
	Mallocs      uint64 `json:"mallocs"`
	// Extra holds what a program measured beyond the snapshot (the pool
	// pattern's HeapInuse samples); omitted when nil.
	Extra any `json:"extra,omitempty"`
}

// Final runs runtime.GC() twice and writes the snapshot into dir.
func Final(dir string, extra any) {
	runtime.GC()
	runtime.GC()
	exitOnError(write(dir, true, extra))
}

// ErrGCRan is returned by Now when a GC cycle completed between the MemStats
// read and the end of the heap dump: the caller should try again later.
var ErrGCRan = errors.New("a GC cycle completed while the snapshot was taken")

// Now writes the snapshot into dir without forcing a GC. It returns ErrGCRan
// (and the files written are incomplete) if a GC cycle completed meanwhile;
// it exits on any other error.
func Now(dir string, extra any) error {
	err := write(dir, false, extra)
	if !errors.Is(err, ErrGCRan) {
		exitOnError(err)
	}
	return err
}

// AddExtra sets the Extra field of dir/measured.json, written earlier by
// Now, to extra (for figures measured after the snapshot).
func AddExtra(dir string, extra any) {
	path := filepath.Join(dir, "measured.json")
	b, err := os.ReadFile(path)
	exitOnError(err)
	var m Measured
	exitOnError(json.Unmarshal(b, &m))
	m.Extra = extra
	exitOnError(writeFile(path, jsonWriter(m, true)))
}

// DefaultMemProfileRate is Go's default runtime.MemProfileRate.
const DefaultMemProfileRate = 512 * 1024

// Dir returns the output directory named on the command line. It also applies
// ADSNAP_MEMPROFILERATE (see the package comment), so it must be called before
// the program allocates what it measures.
func Dir() string {
	if len(os.Args) != 2 {
		fmt.Fprintf(os.Stderr, "usage: %s OUTDIR\n", filepath.Base(os.Args[0]))
		os.Exit(2)
	}
	if v, ok := os.LookupEnv("ADSNAP_MEMPROFILERATE"); ok {
		rate := DefaultMemProfileRate
		if v != "default" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				exitOnError(fmt.Errorf("ADSNAP_MEMPROFILERATE=%q: want \"default\" or a number of bytes", v))
			}
			rate = n
		}
		runtime.MemProfileRate = rate
	}
	return os.Args[1]
}

func exitOnError(err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", filepath.Base(os.Args[0]), err)
		os.Exit(1)
	}
}

func write(dir string, forced bool, extra any) error {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	raw := filepath.Join(dir, "heap.dump")
	f, err := os.Create(raw)
	if err != nil {
		return err
	}
	debug.WriteHeapDump(f.Fd())
	if err := f.Close(); err != nil {
		return err
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.NumGC != ms.NumGC {
		return fmt.Errorf("%w (NumGC %d -> %d)", ErrGCRan, ms.NumGC, after.NumGC)
	}

	m := Measured{
		GoVersion: runtime.Version(), ForcedGC: forced,
		HeapInuse: ms.HeapInuse, HeapAlloc: ms.HeapAlloc, HeapObjects: ms.HeapObjects, HeapSys: ms.HeapSys,
		HeapReleased: ms.HeapReleased, NextGC: ms.NextGC, NumGC: ms.NumGC, TotalAlloc: ms.TotalAlloc,
		Mallocs: ms.Mallocs, Extra: extra,
	}
	steps := []struct {
		name string
		fn   func(io.Writer) error
	}{
		{"heap.pb.gz", func(w io.Writer) error { return pprof.Lookup("heap").WriteTo(w, 0) }},
		{"memstats.json", jsonWriter(ms, false)},
		{"measured.json", jsonWriter(m, true)},
	}
	for _, s := range steps {
		if err := writeFile(filepath.Join(dir, s.name), s.fn); err != nil {
			return err
		}
	}
	return gzipAndRemove(raw)
}

func jsonWriter(v any, indent bool) func(io.Writer) error {
	return func(w io.Writer) error {
		b, err := json.Marshal(v)
		if indent {
			b, err = json.MarshalIndent(v, "", "  ")
		}
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}
}

func writeFile(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = fn(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// gzipAndRemove replaces path by path.gz (best compression).
func gzipAndRemove(path string) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	err = writeFile(path+".gz", func(w io.Writer) error {
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		if _, err := io.Copy(zw, in); err != nil {
			return err
		}
		return zw.Close()
	})
	if err != nil {
		return err
	}
	return os.Remove(path)
}
