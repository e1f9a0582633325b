// Package snap writes one consistent snapshot of the process heap state for
// the heapdoc test-data generators.
//
// Write forces a full GC, reads MemStats, and then writes, in order:
//
//	heap.dump.gz   (optional) debug.WriteHeapDump, gzipped
//	heap.pb.gz     pprof.Lookup("heap").WriteTo(f, 0)
//	heap.txt       pprof.Lookup("heap").WriteTo(f, 1) (heap.txt.gz with GzipText)
//	memstats.json  json.Marshal(runtime.MemStats), read right after the GC
//	vars.json      what expvar's /debug/vars handler serves
//	metrics.prom   (only in binaries built with -tags prom) client_golang text exposition
//
// The heap profile reflects the heap as of the forced GC; nothing the writers
// allocate afterwards can show up in it because no further GC cycle runs (Write
// fails if one did). The
// heap dump is taken before any other output is written. The MemStats copies
// in heap.txt's trailer and vars.json are read a little later and so count
// the writers' own (small) allocations. metrics.prom is gathered last, after
// the no-GC check: gathering allocates a few MB, so a GC cycle may run during
// it (its go_memstats_* then describe the heap after that cycle, which holds
// the same live objects).
package snap

import (
	"compress/gzip"
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
)

// Options selects optional outputs.
type Options struct {
	HeapDump bool // write heap.dump.gz
	Prom     bool // write metrics.prom (if built with -tags prom)
	GzipText bool // store the legacy text profile gzipped, as heap.txt.gz
}

var scenario = expvar.NewString("heapdoc_scenario")

// promWriter is set by prom.go when the binary is built with -tags prom.
var promWriter func(w io.Writer) error

// PromAvailable reports whether this binary was built with Prometheus support.
func PromAvailable() bool { return promWriter != nil }

// Write writes the snapshot into dir (created if needed). name is published
// as the expvar "heapdoc_scenario".
func Write(dir, name string, o Options) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	scenario.Set(name)

	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	// The writers below allocate a little. The heap profile stays as of the GC
	// above unless another GC cycle completes, so check that none did before
	// the (allocation-heavy) metrics.prom gathering and heap dump compression.

	if o.HeapDump {
		raw := filepath.Join(dir, "heap.dump")
		f, err := os.Create(raw)
		if err != nil {
			return err
		}
		debug.WriteHeapDump(f.Fd())
		if err := f.Close(); err != nil {
			return err
		}
	}

	if err := writeFile(filepath.Join(dir, "heap.pb.gz"), func(w io.Writer) error {
		return pprof.Lookup("heap").WriteTo(w, 0)
	}); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "heap.txt"), func(w io.Writer) error {
		return pprof.Lookup("heap").WriteTo(w, 1)
	}); err != nil {
		return err
	}
	if o.GzipText {
		defer func() {
			if err == nil {
				raw := filepath.Join(dir, "heap.txt")
				err = gzipFile(raw, raw+".gz")
			}
		}()
	}
	if err := writeFile(filepath.Join(dir, "memstats.json"), func(w io.Writer) error {
		b, err := json.Marshal(ms)
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	}); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "vars.json"), func(w io.Writer) error {
		rec := httptest.NewRecorder()
		expvar.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/debug/vars", nil))
		if rec.Code != 200 {
			return fmt.Errorf("expvar handler: status %d", rec.Code)
		}
		_, err := w.Write(rec.Body.Bytes())
		return err
	}); err != nil {
		return err
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if after.NumGC != ms.NumGC {
		return fmt.Errorf("a GC cycle ran while writing the snapshot (NumGC %d -> %d)", ms.NumGC, after.NumGC)
	}
	if o.Prom && promWriter != nil {
		if err := writeFile(filepath.Join(dir, "metrics.prom"), promWriter); err != nil {
			return err
		}
	}
	if o.HeapDump {
		raw := filepath.Join(dir, "heap.dump")
		if err := gzipFile(raw, raw+".gz"); err != nil {
			return err
		}
	}
	return nil
}

// Main is the common entry point: it writes the snapshot into os.Args[1].
func Main(name string, o Options) {
	if len(os.Args) < 2 {
		fmt.Fprintf(os.Stderr, "usage: %s OUTDIR\n", name)
		os.Exit(2)
	}
	if err := Write(os.Args[1], name, o); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
}

func writeFile(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

func gzipFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(out, gzip.BestCompression)
	if _, err := io.Copy(zw, in); err != nil {
		out.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Remove(src)
}
