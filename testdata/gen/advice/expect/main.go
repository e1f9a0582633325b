// expect writes testdata/advice/<pattern>/expect.json: where the culprit
// allocation of a before/after pair is and what its fix saved, computed from
// the programs' sources and their measured.json files (nothing by hand).
//
//	expect -gen testdata/gen/advice -out testdata/advice PATTERN KIND
//
// The culprit is the line of gen/PATTERN/before/main.go that carries a
// "// heapdoc:culprit" comment; its function is the declaration around it,
// named as Go's profiles name it (main.f, main.(*T).m, main.T.m). KIND is the
// advice the fix corresponds to. For each out/PATTERN/go1.NN/{before,after}
// the saving is before minus after:
//   - for programs that snapshot after a forced GC: of heap_inuse (and, for
//     reference, heap_alloc and heap_objects);
//   - for programs that snapshot without a GC (pool): of the median HeapInuse
//     sampled in the request loop (saving_bytes) and of the peak
//     (peak_saving_bytes), with the snapshot's and the after-GC differences
//     for reference.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

const marker = "heapdoc:culprit"

type measured struct {
	GoVersion   string `json:"go_version"`
	ForcedGC    bool   `json:"forced_gc"`
	HeapInuse   int64  `json:"heap_inuse"`
	HeapAlloc   int64  `json:"heap_alloc"`
	HeapObjects int64  `json:"heap_objects"`
	Extra       struct {
		MedianInuse  int64 `json:"median_heap_inuse"`
		PeakInuse    int64 `json:"peak_heap_inuse"`
		AfterGCInuse int64 `json:"after_gc_heap_inuse"`
		SnapshotAt   int   `json:"snapshot_at_request"`
	} `json:"extra"`
}

type culprit struct {
	Function    string `json:"function"`
	File        string `json:"file"` // basename
	Line        int    `json:"line"`
	Source      string `json:"source"`       // repository path of before/main.go
	ProfileFile string `json:"profile_file"` // the file name a -trimpath build records
	Code        string `json:"code"`         // the culprit line, trimmed
}

// version is one Go version's measurement. Pointer fields apply to one kind
// of snapshot only (forced GC, or sampled without GC) and are omitted otherwise.
type version struct {
	GoVersion          string `json:"go_version"`
	SavingBytes        int64  `json:"saving_bytes"`
	BeforeHeapInuse    int64  `json:"before_heap_inuse"`
	AfterHeapInuse     int64  `json:"after_heap_inuse"`
	HeapAllocSaving    *int64 `json:"heap_alloc_saving_bytes,omitempty"`
	HeapObjectsSaving  *int64 `json:"heap_objects_saving,omitempty"`
	BeforeMedianInuse  *int64 `json:"before_median_heap_inuse,omitempty"`
	AfterMedianInuse   *int64 `json:"after_median_heap_inuse,omitempty"`
	PeakSavingBytes    *int64 `json:"peak_saving_bytes,omitempty"`
	BeforePeakInuse    *int64 `json:"before_peak_heap_inuse,omitempty"`
	AfterPeakInuse     *int64 `json:"after_peak_heap_inuse,omitempty"`
	SnapshotSaving     *int64 `json:"snapshot_saving_bytes,omitempty"`
	AfterGCSavingBytes *int64 `json:"after_gc_saving_bytes,omitempty"`
}

func ptr(v int64) *int64 { return &v }

type expectation struct {
	Pattern       string             `json:"pattern"`
	AdviceKind    string             `json:"advice_kind"`
	Culprit       culprit            `json:"culprit"`
	SavingMeasure string             `json:"saving_measure"`
	Versions      map[string]version `json:"versions"` // by "go1.NN" directory
}

func main() {
	gen := flag.String("gen", "", "testdata/gen/advice")
	out := flag.String("out", "", "testdata/advice")
	flag.Parse()
	if *gen == "" || *out == "" || flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: expect -gen DIR -out DIR PATTERN KIND")
		os.Exit(2)
	}
	if err := run(*gen, *out, flag.Arg(0), flag.Arg(1)); err != nil {
		fmt.Fprintf(os.Stderr, "expect %s: %v\n", flag.Arg(0), err)
		os.Exit(1)
	}
}

func run(gen, out, pattern, kind string) error {
	c, err := findCulprit(filepath.Join(gen, pattern, "before", "main.go"))
	if err != nil {
		return err
	}
	c.Source = "testdata/gen/advice/" + pattern + "/before/main.go"
	c.ProfileFile = "heapdoc/" + c.Source
	e := expectation{Pattern: pattern, AdviceKind: kind, Culprit: c, Versions: map[string]version{}}
	dirs, err := filepath.Glob(filepath.Join(out, pattern, "go1.*"))
	if err != nil {
		return err
	}
	sort.Strings(dirs)
	if len(dirs) == 0 {
		return fmt.Errorf("no %s/%s/go1.* directories", out, pattern)
	}
	for _, d := range dirs {
		var before, after measured
		if err := readJSON(filepath.Join(d, "before", "measured.json"), &before); err != nil {
			return err
		}
		if err := readJSON(filepath.Join(d, "after", "measured.json"), &after); err != nil {
			return err
		}
		if before.ForcedGC != after.ForcedGC {
			return fmt.Errorf("%s: before and after snapshots are taken differently", d)
		}
		v := version{GoVersion: before.GoVersion, BeforeHeapInuse: before.HeapInuse, AfterHeapInuse: after.HeapInuse}
		if before.ForcedGC {
			e.SavingMeasure = "heap_inuse after runtime.GC() (twice) at the end of the program, before minus after"
			v.SavingBytes = before.HeapInuse - after.HeapInuse
			v.HeapAllocSaving = ptr(before.HeapAlloc - after.HeapAlloc)
			v.HeapObjectsSaving = ptr(before.HeapObjects - after.HeapObjects)
		} else {
			e.SavingMeasure = "median of HeapInuse sampled in the request loop (no forced GC), before minus after; " +
				"peak_saving_bytes: the same for the peak; before/after_heap_inuse: at the snapshot"
			if before.Extra.MedianInuse == 0 || after.Extra.MedianInuse == 0 {
				return fmt.Errorf("%s: a snapshot without a forced GC needs extra.median_heap_inuse", d)
			}
			v.SavingBytes = before.Extra.MedianInuse - after.Extra.MedianInuse
			v.BeforeMedianInuse, v.AfterMedianInuse = ptr(before.Extra.MedianInuse), ptr(after.Extra.MedianInuse)
			v.PeakSavingBytes = ptr(before.Extra.PeakInuse - after.Extra.PeakInuse)
			v.BeforePeakInuse, v.AfterPeakInuse = ptr(before.Extra.PeakInuse), ptr(after.Extra.PeakInuse)
			v.SnapshotSaving = ptr(before.HeapInuse - after.HeapInuse)
			v.AfterGCSavingBytes = ptr(before.Extra.AfterGCInuse - after.Extra.AfterGCInuse)
		}
		if v.SavingBytes <= 0 {
			return fmt.Errorf("%s: the fix saved nothing (%d bytes)", d, v.SavingBytes)
		}
		e.Versions[filepath.Base(d)] = v
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(e); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, pattern, "expect.json"), []byte(b.String()), 0o644)
}

// findCulprit returns the one line of path with a marker comment and the
// function declared around it.
func findCulprit(path string) (culprit, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		return culprit{}, err
	}
	var found []token.Pos
	for _, g := range f.Comments {
		for _, c := range g.List {
			if strings.TrimSpace(strings.TrimPrefix(c.Text, "//")) == marker {
				found = append(found, c.Pos())
			}
		}
	}
	if len(found) != 1 {
		return culprit{}, fmt.Errorf("%s: want one // %s comment, found %d", path, marker, len(found))
	}
	pos := fset.Position(found[0])
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || found[0] < fd.Pos() || found[0] > fd.End() {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return culprit{}, err
		}
		code := strings.Split(string(src), "\n")[pos.Line-1]
		code = strings.TrimSpace(code[:strings.Index(code, "//")])
		return culprit{Function: funcName(f.Name.Name, fd), File: filepath.Base(path), Line: pos.Line, Code: code}, nil
	}
	return culprit{}, fmt.Errorf("%s:%d: the %s comment is not inside a function", path, pos.Line, marker)
}

// funcName names fd as the Go runtime does in profiles (no generic receivers).
func funcName(pkg string, fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return pkg + "." + fd.Name.Name
	}
	switch t := fd.Recv.List[0].Type.(type) {
	case *ast.StarExpr:
		return fmt.Sprintf("%s.(*%s).%s", pkg, t.X.(*ast.Ident).Name, fd.Name.Name)
	default:
		return fmt.Sprintf("%s.%s.%s", pkg, t.(*ast.Ident).Name, fd.Name.Name)
	}
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
