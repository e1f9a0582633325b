// dumpsummary reads a Go heap dump (debug.WriteHeapDump output, optionally
// gzipped; format "go1.7 heap dump", runtime/heapdump.go of Go 1.19) and
// prints a JSON summary of the live heap by slot size:
//
//	objects, bytes        live objects of that slot size and their total size
//	spans                 for size classes whose spans are one 8 KiB page: the
//	                      number of distinct pages holding them (= spans in use);
//	                      null for multi-page classes (base not recoverable
//	                      from the dump alone); large objects: one span each
//	slots_per_span        8192/size for one-page classes
//	occupancy             objects / (spans * slots_per_span)
//
// plus record counts per tag, the memprof bucket count and alloc samples.
// It is a cross-check written alongside heapdoc, not an independent oracle.
//
// Usage: dumpsummary heap.dump[.gz]
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
)

// Go 1.16-1.26 size classes and pages per span (runtime/sizeclasses.go).
var classSize = []uint64{0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768}
var classPages = []uint64{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1, 2, 1, 3, 2, 3, 1, 3, 2, 3, 4, 5, 6, 1, 7, 6, 5, 4, 3, 5, 7, 2, 9, 7, 5, 8, 3, 10, 7, 4}

type sizeStats struct {
	Objects      uint64   `json:"objects"`
	Bytes        uint64   `json:"bytes"`
	Spans        *uint64  `json:"spans"`
	SlotsPerSpan *uint64  `json:"slots_per_span,omitempty"`
	Occupancy    *float64 `json:"occupancy,omitempty"`
	pages        map[uint64]bool
}

type summary struct {
	Header       string                `json:"header"`
	Records      map[string]uint64     `json:"records_by_tag"`
	Objects      uint64                `json:"objects"`
	ObjectBytes  uint64                `json:"object_bytes"`
	BySize       map[string]*sizeStats `json:"by_size"`
	MemProfs     uint64                `json:"memprof_buckets"`
	AllocSamples uint64                `json:"alloc_samples"`
	HeapAlloc    uint64                `json:"memstats_heap_alloc"`
	HeapInuse    uint64                `json:"memstats_heap_inuse"`
}

type reader struct{ r *bufio.Reader }

func (r reader) uv() uint64 {
	v, err := readUvarint(r.r)
	if err != nil {
		panic(err)
	}
	return v
}

func readUvarint(r *bufio.Reader) (uint64, error) {
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		b, err := r.ReadByte()
		if err != nil {
			return 0, err
		}
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x, nil
		}
	}
	return 0, errors.New("uvarint overflow")
}

func (r reader) bytes() uint64 { // skip a string / memory range, return its length
	n := r.uv()
	if _, err := r.r.Discard(int(n)); err != nil {
		panic(err)
	}
	return n
}

func (r reader) str() string {
	n := r.uv()
	b := make([]byte, n)
	if _, err := io.ReadFull(r.r, b); err != nil {
		panic(err)
	}
	return string(b)
}

func (r reader) fields() {
	for r.uv() != 0 {
		r.uv()
	}
}

func summarize(in io.Reader) (s *summary, err error) {
	defer func() {
		if e := recover(); e != nil {
			err = fmt.Errorf("%v", e)
		}
	}()
	br := bufio.NewReaderSize(in, 1<<20)
	if b, _ := br.Peek(2); len(b) == 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		br = bufio.NewReaderSize(zr, 1<<20)
	}
	hdr, err := br.ReadString('\n')
	if err != nil || hdr != "go1.7 heap dump\n" {
		return nil, fmt.Errorf("bad header %q", hdr)
	}
	s = &summary{Header: hdr[:len(hdr)-1], Records: map[string]uint64{}, BySize: map[string]*sizeStats{}}
	r := reader{br}
	names := map[uint64]string{1: "object", 2: "otherroot", 3: "type", 4: "goroutine", 5: "stackframe",
		6: "params", 7: "finalizer", 8: "itab", 9: "osthread", 10: "memstats", 11: "queuedfinalizer",
		12: "data", 13: "bss", 14: "defer", 15: "panic", 16: "memprof", 17: "allocsample"}
	for {
		tag := r.uv()
		if tag == 0 {
			break
		}
		name, ok := names[tag]
		if !ok {
			return nil, fmt.Errorf("unknown tag %d", tag)
		}
		s.Records[name]++
		switch tag {
		case 1:
			addr := r.uv()
			size := r.bytes()
			r.fields()
			s.Objects++
			s.ObjectBytes += size
			key := strconv.FormatUint(size, 10)
			st := s.BySize[key]
			if st == nil {
				st = &sizeStats{pages: map[uint64]bool{}}
				s.BySize[key] = st
			}
			st.Objects++
			st.Bytes += size
			st.pages[addr&^8191] = true
		case 2:
			r.str()
			r.uv()
		case 3:
			r.uv()
			r.uv()
			r.str()
			r.uv()
		case 4:
			for i := 0; i < 8; i++ { // gp sp goid gopc status system background waitsince
				r.uv()
			}
			r.str()
			for i := 0; i < 4; i++ { // ctxt m defer panic
				r.uv()
			}
		case 5:
			r.uv()
			r.uv()
			r.uv()
			r.bytes()
			r.uv()
			r.uv()
			r.uv()
			r.str()
			r.fields()
		case 6:
			for i := 0; i < 4; i++ {
				r.uv()
			}
			r.str()
			r.str()
			r.uv()
		case 7, 11:
			for i := 0; i < 5; i++ {
				r.uv()
			}
		case 8:
			r.uv()
			r.uv()
		case 9:
			r.uv()
			r.uv()
			r.uv()
		case 10:
			var v [24 + 256 + 1]uint64
			for i := range v {
				v[i] = r.uv()
			}
			s.HeapAlloc, s.HeapInuse = v[6], v[9]
		case 12, 13:
			r.uv()
			r.bytes()
			r.fields()
		case 14:
			for i := 0; i < 7; i++ {
				r.uv()
			}
		case 15:
			for i := 0; i < 6; i++ {
				r.uv()
			}
		case 16:
			s.MemProfs++
			r.uv()
			r.uv()
			n := r.uv()
			for i := uint64(0); i < n; i++ {
				r.str()
				r.str()
				r.uv()
			}
			r.uv()
			r.uv()
		case 17:
			s.AllocSamples++
			r.uv()
			r.uv()
		}
	}
	for key, st := range s.BySize {
		size, _ := strconv.ParseUint(key, 10, 64)
		idx := sort.Search(len(classSize), func(i int) bool { return classSize[i] >= size })
		switch {
		case size > 32768:
			n := st.Objects
			st.Spans = &n
		case idx < len(classSize) && classSize[idx] == size && classPages[idx] == 1:
			n := uint64(len(st.pages))
			slots := 8192 / size
			occ := float64(st.Objects) / float64(n*slots)
			occ = float64(int64(occ*10000+0.5)) / 10000
			st.Spans, st.SlotsPerSpan, st.Occupancy = &n, &slots, &occ
		}
	}
	return s, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: dumpsummary heap.dump[.gz]")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	s, err := summarize(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dumpsummary:", err)
		os.Exit(1)
	}
	out, _ := json.MarshalIndent(s, "", "  ")
	os.Stdout.Write(append(out, '\n'))
}
