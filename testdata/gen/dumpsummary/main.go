// dumpsummary reads a Go heap dump (debug.WriteHeapDump output, optionally
// gzipped; format "go1.7 heap dump", the same record layout in the
// runtime/heapdump.go of Go 1.19 through 1.26) and prints a JSON summary of
// the live heap. It is an oracle written from the runtime sources
// (runtime/heapdump.go, mheap.go initSpan, mbitmap.go heapBitsInSpan,
// mgcmark_greenteagc.go), not from heapdoc's C++ reader.
//
// Spans. dumpobjs writes, span by span, every slot of an in-use span that is
// not free; since Go 1.22 it walks span_bytes/elemsize slots but knows free
// slots only below nelems, so the slots over the reserve at the span's end
// are dumped as objects that do not exist (tail pseudo-objects). nelems is
//
//	(span_bytes - reserve) / elemsize, reserve = the sum of
//	  span_bytes/ptrsize/8  scan spans with elemsize <= ptrsize*ptrsize*8 (512 B)
//	                        (pointer bitmap; Go >= 1.22, allocation headers)
//	  128                   spans with 16 <= elemsize <= 512 B, scan or not
//	                        (inline mark bits; Go >= 1.26, Green Tea GC)
//
// A span is scan when one of its dumped objects has a pointer field (free
// slots and pseudo-objects never have one). Spans are found from the object
// addresses: objects are written span by span, a span of a size class has the
// class's pages, and its base is the one page boundary that puts the first
// dumped object on a slot boundary (unique for every class; checked).
//
// Output (keys of earlier versions of this program first, unchanged in
// meaning; pseudo-objects are never counted as objects):
//
//	header, records_by_tag  header line; records per tag as written (tail
//	                        pseudo-objects included in records_by_tag.object)
//	objects, object_bytes   live objects and their bytes
//	by_size                 per slot size: objects, bytes, spans (one-page
//	                        classes: distinct pages; large: one per object;
//	                        null for multi-page classes), slots_per_span
//	                        (one-page classes: nelems when all spans of the
//	                        size have the same one, else omitted) and
//	                        occupancy (objects / slots of those spans)
//	memprof_buckets, alloc_samples, memstats_heap_alloc, memstats_heap_inuse
//
// and then:
//
//	go_version, span_rule   the dump's runtime version and the reserves applied
//	object_records, object_record_bytes, tail_pseudo_objects_dropped,
//	tail_pseudo_object_bytes
//	slot_sizes              per slot size, "all", "scan" and "noscan": spans,
//	                        pages_per_span, span_bytes, slots_per_span, slots,
//	                        live_objects, live_bytes, free_slots,
//	                        free_slot_bytes, tail_bytes (span bytes past the
//	                        last slot: reserve + remainder),
//	                        tail_pseudo_objects_dropped;
//	                        span_bytes = live_bytes + free_slot_bytes + tail_bytes
//	span_totals             the same summed over all sizes
//	memstats                the dump's MemStats record (heap_objects, ...)
//	checks                  live objects == HeapObjects, live bytes ==
//	                        HeapAlloc, span bytes == HeapInuse, every tail slot
//	                        was dumped, every alloc sample is on a live object
//	memprof_stacks          per memory-profile bucket: size, allocs, frees, the
//	                        stack, the allocator frames at its top, the first
//	                        frame outside the allocator and the first frame
//	                        outside package runtime, live sampled objects and
//	                        bytes (alloc samples on live objects), and
//	                        pinned_free_slot_bytes: for each of those objects,
//	                        its span's free-slot bytes / its span's live
//	                        objects, summed
//
// Usage: dumpsummary [-strict] [-go-minor N] [-green-tea auto|on|off] heap.dump[.gz]
//
// -strict exits 3 when a check fails (the JSON is still printed).
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

const pageBytes = 8192

// Go 1.16-1.26 size classes and pages per span (runtime/sizeclasses.go,
// internal/runtime/gc/sizeclasses.go from Go 1.24).
var classSize = []uint64{0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768}
var classPages = []uint64{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1, 2, 1, 3, 2, 3, 1, 3, 2, 3, 4, 5, 6, 1, 7, 6, 5, 4, 3, 5, 7, 2, 9, 7, 5, 8, 3, 10, 7, 4}

const maxSmallSize = 32768

// pagesPerSpan returns the pages of a span holding slots of size, and whether
// it is a large-object span (one slot).
func pagesPerSpan(size uint64) (pages uint64, large bool, err error) {
	if size > maxSmallSize {
		if size%pageBytes != 0 {
			return 0, true, fmt.Errorf("large object of %d B is not whole pages", size)
		}
		return size / pageBytes, true, nil
	}
	i := sort.Search(len(classSize), func(i int) bool { return classSize[i] >= size })
	if i == len(classSize) || classSize[i] != size || size == 0 {
		return 0, false, fmt.Errorf("object of %d B is not a size class", size)
	}
	return classPages[i], false, nil
}

// spanRule is how the runtime that wrote the dump sizes a span's slots.
type spanRule struct {
	GoMinor             int    `json:"go_minor"`
	PtrSize             uint64 `json:"ptr_size"`
	HeapBitsInSpan      bool   `json:"heap_bits_in_span"`          // Go >= 1.22: scan spans <= 512 B keep their pointer bitmap at the end
	GreenTeaInlineMarks bool   `json:"green_tea_inline_mark_bits"` // Go >= 1.26: 16..512 B spans keep 128 B of mark bits at the end
}

func (r spanRule) nelems(spanBytes, elem uint64, scan, large bool) uint64 {
	if large {
		return 1
	}
	smallBits := elem <= r.PtrSize*r.PtrSize*8 // heapBitsInSpan: <= minSizeForMallocHeader
	var reserve uint64
	if r.HeapBitsInSpan && scan && smallBits {
		reserve += spanBytes / r.PtrSize / 8
	}
	if r.GreenTeaInlineMarks && smallBits && elem >= 16 {
		reserve += 128 // unsafe.Sizeof(spanInlineMarkBits{}): 63 + 1 + 63 + 1
	}
	return (spanBytes - reserve) / elem
}

// --- records ------------------------------------------------------------

type object struct {
	addr, size uint64
	ptr        bool // has a pointer field
}

type frame struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     uint64 `json:"line"`
}

type bucket struct {
	id, size, allocs, frees uint64
	stack                   []frame
}

type allocSample struct{ addr, bucket uint64 }

type dump struct {
	header   string
	records  map[string]uint64
	version  string
	ptrSize  uint64
	objects  []object
	memstats []uint64 // Alloc .. PauseTotalNs, PauseNs[256], NumGC
	buckets  []bucket
	samples  []allocSample
}

type reader struct{ r *bufio.Reader }

func (r reader) uv() uint64 {
	var x uint64
	for shift := uint(0); shift < 64; shift += 7 {
		b, err := r.r.ReadByte()
		if err != nil {
			panic(err)
		}
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x
		}
	}
	panic(errors.New("uvarint overflow"))
}

func (r reader) skip() uint64 { // a string / memory range: return its length
	n := r.uv()
	if _, err := r.r.Discard(int(n)); err != nil {
		panic(err)
	}
	return n
}

func (r reader) str() string {
	b := make([]byte, r.uv())
	if _, err := io.ReadFull(r.r, b); err != nil {
		panic(err)
	}
	return string(b)
}

func (r reader) uvs(n int) {
	for i := 0; i < n; i++ {
		r.uv()
	}
}

// fields reads a field list and returns how many fields it had.
func (r reader) fields() int {
	n := 0
	for r.uv() != 0 {
		r.uv()
		n++
	}
	return n
}

var tagNames = map[uint64]string{1: "object", 2: "otherroot", 3: "type", 4: "goroutine", 5: "stackframe",
	6: "params", 7: "finalizer", 8: "itab", 9: "osthread", 10: "memstats", 11: "queuedfinalizer",
	12: "data", 13: "bss", 14: "defer", 15: "panic", 16: "memprof", 17: "allocsample"}

func read(in io.Reader) (d *dump, err error) {
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
	d = &dump{header: hdr[:len(hdr)-1], records: map[string]uint64{}}
	r := reader{br}
	for {
		tag := r.uv()
		if tag == 0 {
			return d, nil
		}
		name, ok := tagNames[tag]
		if !ok {
			return nil, fmt.Errorf("unknown tag %d", tag)
		}
		d.records[name]++
		switch tag {
		case 1: // address, contents, fields
			addr := r.uv()
			size := r.skip()
			d.objects = append(d.objects, object{addr, size, r.fields() > 0})
		case 2: // description, pointer
			r.str()
			r.uv()
		case 3: // address, size, name, indirect
			r.uvs(2)
			r.str()
			r.uv()
		case 4: // gp sp goid gopc status system background waitsince, waitreason, ctxt m defer panic
			r.uvs(8)
			r.str()
			r.uvs(4)
		case 5: // sp depth childsp, contents, entry pc continpc, name, fields
			r.uvs(3)
			r.skip()
			r.uvs(3)
			r.str()
			r.fields()
		case 6: // bigendian ptrsize arenastart arenaend, arch, version, ncpu
			r.uv()
			d.ptrSize = r.uv()
			r.uvs(2)
			r.str()
			d.version = r.str()
			r.uv()
		case 7, 11:
			r.uvs(5)
		case 8:
			r.uvs(2)
		case 9:
			r.uvs(3)
		case 10: // MemStats Alloc .. PauseTotalNs (24), PauseNs[256], NumGC
			d.memstats = make([]uint64, 24+256+1)
			for i := range d.memstats {
				d.memstats[i] = r.uv()
			}
		case 12, 13:
			r.uv()
			r.skip()
			r.fields()
		case 14:
			r.uvs(7)
		case 15:
			r.uvs(6)
		case 16: // bucket, size, nstk x (func, file, line), allocs, frees
			b := bucket{id: r.uv(), size: r.uv()}
			n := r.uv()
			for i := uint64(0); i < n; i++ {
				b.stack = append(b.stack, frame{r.str(), r.str(), r.uv()})
			}
			b.allocs, b.frees = r.uv(), r.uv()
			d.buckets = append(d.buckets, b)
		case 17:
			d.samples = append(d.samples, allocSample{r.uv(), r.uv()})
		}
	}
}

// --- spans --------------------------------------------------------------

type span struct {
	base, bytes, elem, pages uint64
	large, scan              bool
	slots                    []bool // dumped slots, span_bytes/elem of them
	nelems                   uint64
	live, pseudo             uint64
	missingTail              uint64 // slots past nelems that were not dumped
}

func (s *span) freeSlots() uint64 { return s.nelems - s.live }

// spanBase finds the base of the span holding a first dumped object at addr.
func spanBase(addr, size, pages uint64) (uint64, error) {
	spanBytes := pages * pageBytes
	var found []uint64
	for j := uint64(0); j < pages; j++ {
		b := addr&^(pageBytes-1) - j*pageBytes
		if (addr-b)%size == 0 && (addr-b)/size < spanBytes/size {
			found = append(found, b)
		}
	}
	if len(found) != 1 {
		return 0, fmt.Errorf("object %#x of %d B: %d candidate span bases", addr, size, len(found))
	}
	return found[0], nil
}

// spans groups the dumped objects into spans (dumpobjs writes them span by
// span, in ascending address order within a span).
func spans(objs []object, rule spanRule) ([]*span, error) {
	var out []*span
	var cur *span
	for _, o := range objs {
		if cur == nil || o.size != cur.elem || o.addr < cur.base || o.addr >= cur.base+cur.bytes {
			pages, large, err := pagesPerSpan(o.size)
			if err != nil {
				return nil, err
			}
			base, err := spanBase(o.addr, o.size, pages)
			if err != nil {
				return nil, err
			}
			cur = &span{base: base, bytes: pages * pageBytes, elem: o.size, pages: pages, large: large}
			cur.slots = make([]bool, cur.bytes/o.size)
			out = append(out, cur)
		}
		i := (o.addr - cur.base) / cur.elem
		if cur.slots[i] {
			return nil, fmt.Errorf("object %#x dumped twice", o.addr)
		}
		cur.slots[i] = true
		cur.scan = cur.scan || o.ptr
	}
	for _, s := range out {
		s.nelems = rule.nelems(s.bytes, s.elem, s.scan, s.large)
		for i, dumped := range s.slots {
			switch {
			case uint64(i) < s.nelems && dumped:
				s.live++
			case dumped:
				s.pseudo++
			case uint64(i) >= s.nelems:
				s.missingTail++
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].base < out[j].base })
	for i := 1; i < len(out); i++ {
		if out[i].base < out[i-1].base+out[i-1].bytes {
			return nil, fmt.Errorf("spans at %#x and %#x overlap", out[i-1].base, out[i].base)
		}
	}
	return out, nil
}

// spanAt returns the span holding addr, or nil.
func spanAt(sorted []*span, addr uint64) *span {
	i := sort.Search(len(sorted), func(i int) bool { return sorted[i].base+sorted[i].bytes > addr })
	if i < len(sorted) && sorted[i].base <= addr {
		return sorted[i]
	}
	return nil
}

// --- the allocator's frames ---------------------------------------------------

// allocatorFrame matches the functions of the Go allocator and the runtime
// entry points that compiled code calls to allocate (new, make, append,
// string conversion and concatenation, interface conversion), with the
// linknamed reflect and map variants, as found in the runtime of Go 1.19,
// 1.22, 1.24 and 1.26 (malloc.go, malloc_generated.go, slice.go, string.go,
// iface.go, chan.go, map*.go, mprof.go). Map operations that allocate as a
// side effect (mapassign, hashGrow, internal/runtime/maps) are not in it:
// first_non_runtime_frame skips those too.
var allocatorFrame = regexp.MustCompile(`^(runtime\.(` +
	`mallocgc[A-Za-z0-9_]*|newobject|newarray|profilealloc|mProf_Malloc|` +
	`makeslice|makeslice64|makeslicecopy|growslice|growsliceBuf|growsliceNoAlias|moveSlice[A-Za-z]*|` +
	`makemap|makemap64|makemap_small|makechan|makechan64|` +
	`rawstring|rawstringtmp|rawbyteslice|rawruneslice|gobytes|` +
	`concatstrings|concatstring[2-5]|concatbytes|concatbyte[2-5]|intstring|` +
	`slicebytetostring|slicerunetostring|stringtoslicebyte|stringtoslicerune|` +
	`convT|convT16|convT32|convT64|convTnoptr|convTslice|convTstring|` +
	`maps_newobject|maps_newarray|reflect_unsafe_New|reflect_unsafe_NewArray|reflectlite_unsafe_New)` +
	`|reflect\.(unsafe_New|unsafe_NewArray|makemap|makechan|growslice)` +
	`|internal/reflectlite\.unsafe_New|internal/runtime/maps\.(newobject|newarray)` +
	`|internal/bytealg\.MakeNoZero)$`)

func runtimeFrame(fn string) bool {
	return strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "internal/runtime/")
}

// --- output -------------------------------------------------------------

type sizeStats struct { // the keys of earlier versions of this program
	Objects      uint64   `json:"objects"`
	Bytes        uint64   `json:"bytes"`
	Spans        *uint64  `json:"spans"`
	SlotsPerSpan *uint64  `json:"slots_per_span,omitempty"`
	Occupancy    *float64 `json:"occupancy,omitempty"`
}

type spanStats struct {
	Spans             uint64 `json:"spans"`
	PagesPerSpan      uint64 `json:"pages_per_span,omitempty"`
	SpanBytes         uint64 `json:"span_bytes"`
	SlotsPerSpan      uint64 `json:"slots_per_span,omitempty"` // nelems; omitted where spans differ
	Slots             uint64 `json:"slots"`
	LiveObjects       uint64 `json:"live_objects"`
	LiveBytes         uint64 `json:"live_bytes"`
	FreeSlots         uint64 `json:"free_slots"`
	FreeSlotBytes     uint64 `json:"free_slot_bytes"`
	TailBytes         uint64 `json:"tail_bytes"`
	TailPseudoObjects uint64 `json:"tail_pseudo_objects_dropped"`
	mixedSlots        bool
}

func (a *spanStats) add(s *span) {
	if a.Spans == 0 {
		a.PagesPerSpan, a.SlotsPerSpan = s.pages, s.nelems
	} else {
		if a.PagesPerSpan != s.pages {
			a.PagesPerSpan = 0
		}
		if a.mixedSlots = a.mixedSlots || a.SlotsPerSpan != s.nelems; a.mixedSlots {
			a.SlotsPerSpan = 0
		}
	}
	a.Spans++
	a.SpanBytes += s.bytes
	a.Slots += s.nelems
	a.LiveObjects += s.live
	a.LiveBytes += s.live * s.elem
	a.FreeSlots += s.freeSlots()
	a.FreeSlotBytes += s.freeSlots() * s.elem
	a.TailBytes += s.bytes - s.nelems*s.elem
	a.TailPseudoObjects += s.pseudo
}

type split struct {
	All    *spanStats `json:"all"`
	Scan   *spanStats `json:"scan,omitempty"`
	Noscan *spanStats `json:"noscan,omitempty"`
}

func (p *split) add(s *span) {
	if p.All == nil {
		p.All = &spanStats{}
	}
	p.All.add(s)
	part := &p.Noscan
	if s.scan {
		part = &p.Scan
	}
	if *part == nil {
		*part = &spanStats{}
	}
	(*part).add(s)
}

type memstats struct {
	Alloc        uint64 `json:"alloc"`
	TotalAlloc   uint64 `json:"total_alloc"`
	Mallocs      uint64 `json:"mallocs"`
	Frees        uint64 `json:"frees"`
	HeapAlloc    uint64 `json:"heap_alloc"`
	HeapSys      uint64 `json:"heap_sys"`
	HeapIdle     uint64 `json:"heap_idle"`
	HeapInuse    uint64 `json:"heap_inuse"`
	HeapReleased uint64 `json:"heap_released"`
	HeapObjects  uint64 `json:"heap_objects"`
	NumGC        uint64 `json:"num_gc"`
}

type checks struct {
	LiveObjectsEqualHeapObjects bool   `json:"live_objects_equal_heap_objects"`
	LiveBytesEqualHeapAlloc     bool   `json:"live_bytes_equal_heap_alloc"`
	SpanBytesEqualHeapInuse     bool   `json:"span_bytes_equal_heap_inuse"`
	TailSlotsNotDumped          uint64 `json:"tail_slots_not_dumped"`            // 0 when the span rule is right
	AllocSamplesNotOnLive       uint64 `json:"alloc_samples_not_on_live_object"` // 0 expected
	AllocSamplesInsideSlot      uint64 `json:"alloc_samples_inside_slot"`        // address past the slot start (malloc header)
	AllHold                     bool   `json:"all_hold"`
}

type frameAt struct {
	frame
	Depth int `json:"depth"` // index in the stack, 0 = innermost
}

type stackStats struct {
	Size                  uint64   `json:"size"`
	Allocs                uint64   `json:"allocs"`
	Frees                 uint64   `json:"frees"`
	Stack                 []frame  `json:"stack"`
	AllocatorFrames       []string `json:"allocator_frames"`
	FirstOutsideAllocator *frameAt `json:"first_frame_outside_allocator"`
	FirstNonRuntime       *frameAt `json:"first_non_runtime_frame"`
	LiveSampledObjects    uint64   `json:"live_sampled_objects"`
	LiveSampledBytes      uint64   `json:"live_sampled_bytes"`
	PinnedFreeSlotBytes   float64  `json:"pinned_free_slot_bytes"`
	pinned                float64
	key                   string
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

	GoVersion             string            `json:"go_version"`
	Rule                  spanRule          `json:"span_rule"`
	ObjectRecords         uint64            `json:"object_records"`
	ObjectRecordBytes     uint64            `json:"object_record_bytes"`
	TailPseudoObjects     uint64            `json:"tail_pseudo_objects_dropped"`
	TailPseudoObjectBytes uint64            `json:"tail_pseudo_object_bytes"`
	SlotSizes             map[string]*split `json:"slot_sizes"`
	SpanTotals            split             `json:"span_totals"`
	MemStats              memstats          `json:"memstats"`
	Checks                checks            `json:"checks"`
	MemProfStacks         []*stackStats     `json:"memprof_stacks"`
}

// goMinor parses "go1.22.12", "go1.26rc1" or "devel go1.27-..." to 22, 26, 27.
func goMinor(v string) int {
	m := regexp.MustCompile(`go1\.(\d+)`).FindStringSubmatch(v)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func summarize(d *dump, rule spanRule) (*summary, error) {
	if len(d.memstats) == 0 {
		return nil, errors.New("no memstats record")
	}
	all, err := spans(d.objects, rule)
	if err != nil {
		return nil, err
	}
	s := &summary{Header: d.header, Records: d.records, BySize: map[string]*sizeStats{},
		MemProfs: uint64(len(d.buckets)), AllocSamples: uint64(len(d.samples)),
		GoVersion: d.version, Rule: rule, SlotSizes: map[string]*split{}}
	ms := d.memstats
	s.MemStats = memstats{Alloc: ms[0], TotalAlloc: ms[1], Mallocs: ms[4], Frees: ms[5], HeapAlloc: ms[6],
		HeapSys: ms[7], HeapIdle: ms[8], HeapInuse: ms[9], HeapReleased: ms[10], HeapObjects: ms[11], NumGC: ms[280]}
	s.HeapAlloc, s.HeapInuse = s.MemStats.HeapAlloc, s.MemStats.HeapInuse
	for _, o := range d.objects {
		s.ObjectRecords++
		s.ObjectRecordBytes += o.size
	}

	legacyPages := map[uint64]map[uint64]bool{}
	legacySlots := map[uint64][]uint64{} // nelems of each span of a one-page class
	for _, sp := range all {
		key := strconv.FormatUint(sp.elem, 10)
		if s.SlotSizes[key] == nil {
			s.SlotSizes[key] = &split{}
		}
		s.SlotSizes[key].add(sp)
		s.SpanTotals.add(sp)
		s.TailPseudoObjects += sp.pseudo
		s.TailPseudoObjectBytes += sp.pseudo * sp.elem
		s.Checks.TailSlotsNotDumped += sp.missingTail
		if sp.live == 0 {
			continue
		}
		s.Objects += sp.live
		s.ObjectBytes += sp.live * sp.elem
		st := s.BySize[key]
		if st == nil {
			st = &sizeStats{}
			s.BySize[key] = st
			legacyPages[sp.elem] = map[uint64]bool{}
		}
		st.Objects += sp.live
		st.Bytes += sp.live * sp.elem
		for i, dumped := range sp.slots {
			if dumped && uint64(i) < sp.nelems {
				legacyPages[sp.elem][(sp.base+uint64(i)*sp.elem)&^(pageBytes-1)] = true
			}
		}
		legacySlots[sp.elem] = append(legacySlots[sp.elem], sp.nelems)
	}
	for key, st := range s.BySize {
		size, _ := strconv.ParseUint(key, 10, 64)
		pages, large, _ := pagesPerSpan(size)
		switch {
		case large:
			n := st.Objects
			st.Spans = &n
		case pages == 1:
			n := uint64(len(legacyPages[size]))
			var slots uint64
			uniform := true
			for _, k := range legacySlots[size] {
				slots += k
				uniform = uniform && k == legacySlots[size][0]
			}
			occ := float64(st.Objects) / float64(slots)
			occ = float64(int64(occ*10000+0.5)) / 10000
			st.Spans, st.Occupancy = &n, &occ
			if uniform {
				k := legacySlots[size][0]
				st.SlotsPerSpan = &k
			}
		}
	}

	// Alloc samples: the sampled live objects of each bucket.
	stacks := map[uint64]*stackStats{}
	for _, b := range d.buckets {
		st := &stackStats{Size: b.size, Allocs: b.allocs, Frees: b.frees, Stack: b.stack, AllocatorFrames: []string{}}
		for i, f := range b.stack {
			if st.FirstOutsideAllocator == nil {
				if allocatorFrame.MatchString(f.Function) {
					st.AllocatorFrames = append(st.AllocatorFrames, f.Function)
				} else {
					st.FirstOutsideAllocator = &frameAt{f, i}
				}
			}
			if st.FirstNonRuntime == nil && !runtimeFrame(f.Function) {
				st.FirstNonRuntime = &frameAt{f, i}
			}
		}
		var k strings.Builder
		for _, f := range b.stack {
			fmt.Fprintf(&k, "%s %s:%d\n", f.Function, f.File, f.Line)
		}
		st.key = fmt.Sprintf("%s%012d", k.String(), b.size)
		stacks[b.id] = st
		s.MemProfStacks = append(s.MemProfStacks, st)
	}
	for _, a := range d.samples {
		sp := spanAt(all, a.addr)
		st := stacks[a.bucket]
		if sp == nil || st == nil {
			s.Checks.AllocSamplesNotOnLive++
			continue
		}
		off := a.addr - sp.base
		if i := off / sp.elem; i >= sp.nelems || !sp.slots[i] {
			s.Checks.AllocSamplesNotOnLive++
			continue
		}
		if off%sp.elem != 0 {
			s.Checks.AllocSamplesInsideSlot++
		}
		st.LiveSampledObjects++
		st.LiveSampledBytes += sp.elem
		st.pinned += float64(sp.freeSlots()*sp.elem) / float64(sp.live)
	}
	for _, st := range s.MemProfStacks {
		st.PinnedFreeSlotBytes = math.Round(st.pinned*100) / 100
	}
	sort.Slice(s.MemProfStacks, func(i, j int) bool {
		a, b := s.MemProfStacks[i], s.MemProfStacks[j]
		if a.LiveSampledBytes != b.LiveSampledBytes {
			return a.LiveSampledBytes > b.LiveSampledBytes
		}
		return a.key < b.key
	})

	c := &s.Checks
	c.LiveObjectsEqualHeapObjects = s.SpanTotals.All != nil && s.SpanTotals.All.LiveObjects == s.MemStats.HeapObjects
	c.LiveBytesEqualHeapAlloc = s.SpanTotals.All != nil && s.SpanTotals.All.LiveBytes == s.MemStats.HeapAlloc
	c.SpanBytesEqualHeapInuse = s.SpanTotals.All != nil && s.SpanTotals.All.SpanBytes == s.MemStats.HeapInuse
	c.AllHold = c.LiveObjectsEqualHeapObjects && c.LiveBytesEqualHeapAlloc && c.SpanBytesEqualHeapInuse &&
		c.TailSlotsNotDumped == 0 && c.AllocSamplesNotOnLive == 0
	return s, nil
}

func main() {
	strict := flag.Bool("strict", false, "exit 3 when a check fails")
	minor := flag.Int("go-minor", 0, "Go 1.N that wrote the dump (default: the dump's params record)")
	greenTea := flag.String("green-tea", "auto", "Green Tea inline mark bits: auto (Go >= 1.26), on, off (GOEXPERIMENT=nogreenteagc)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: dumpsummary [-strict] [-go-minor N] [-green-tea auto|on|off] heap.dump[.gz]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	d, err := read(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dumpsummary:", err)
		os.Exit(1)
	}
	rule := spanRule{GoMinor: *minor, PtrSize: d.ptrSize}
	if rule.GoMinor == 0 {
		rule.GoMinor = goMinor(d.version)
	}
	if rule.GoMinor < 0 || rule.PtrSize == 0 {
		fmt.Fprintf(os.Stderr, "dumpsummary: no Go version (%q) or pointer size in the dump; pass -go-minor\n", d.version)
		os.Exit(1)
	}
	rule.HeapBitsInSpan = rule.GoMinor >= 22
	switch *greenTea {
	case "auto":
		rule.GreenTeaInlineMarks = rule.GoMinor >= 26
	case "on", "off":
		rule.GreenTeaInlineMarks = *greenTea == "on"
	default:
		flag.Usage()
		os.Exit(2)
	}
	s, err := summarize(d, rule)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dumpsummary:", err)
		os.Exit(1)
	}
	out, _ := json.MarshalIndent(s, "", "  ")
	os.Stdout.Write(append(out, '\n'))
	if !s.Checks.AllHold {
		fmt.Fprintf(os.Stderr, "dumpsummary: %s: checks do not all hold: %+v\n", flag.Arg(0), s.Checks)
		if *strict {
			os.Exit(3)
		}
	}
}
