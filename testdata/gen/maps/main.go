// maps: a heap dump with known Go maps, for the map header recognition (analyzer/readers/
// dump_map_finder.h). Keys and values of several sizes, a small map, maps big enough to have
// overflow buckets (Go <= 1.23) and several tables (1.24+), a map in a struct, a map swept to
// a few percent of its peak and the map its rebuild would make, and an empty one with no storage. Writes heap.dump and maps.json
// (each map's header address and entries, read from the header with unsafe as the ground truth)
// into the directory given as the first argument.
//
//	testdata/gen/maps/regen.sh
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"unsafe"
)

type point struct{ X, Y, Z int64 }

// holder keeps a map in a struct beside other fields.
type holder struct {
	name  string
	byKey map[string]*point
	count int
}

var (
	small   = map[int]int{}
	ints    = map[uint64]int64{}
	narrow  = map[int32]uint8{}
	wide    = map[int64][5]int64{}
	strs    = map[string]string{}
	swept   = map[uint64]int64{}
	crowded = map[uint32]uint32{} // 8 buckets filled to 6.5 each: overflow buckets of their own
	empty   = make(map[int]int)
	sized   map[uint64]int64 // made for the entries swept leaves: what rebuilding swept gives
	inside  = &holder{name: "points", byKey: map[string]*point{}}
	entries []record
)

type record struct {
	Name    string `json:"name"`
	Header  uint64 `json:"header"`
	Entries int    `json:"entries"`
	// Go <= 1.23: B (log2 of the bucket count) and noverflow; 1.24+: dirLen (0: small map).
	B         int `json:"b"`
	NOverflow int `json:"noverflow"`
	DirLen    int `json:"dir_len"`
}

func swiss() bool {
	v := strings.TrimPrefix(runtime.Version(), "go1.")
	minor, _ := strconv.Atoi(strings.SplitN(v, ".", 2)[0])
	return minor >= 24
}

// describe reads the map header the map variable points at (hmap or internal/runtime/maps.Map).
func describe(name string, m unsafe.Pointer) {
	h := *(*unsafe.Pointer)(m)
	r := record{Name: name, Header: uint64(uintptr(h)), Entries: int(*(*uint64)(h))}
	if swiss() {
		r.DirLen = int(*(*int)(unsafe.Add(h, 24)))
	} else {
		r.B = int(*(*uint8)(unsafe.Add(h, 9)))
		r.NOverflow = int(*(*uint16)(unsafe.Add(h, 10)))
	}
	entries = append(entries, r)
}

func main() {
	runtime.MemProfileRate = 4096
	dir := os.Args[1]
	for i := 0; i < 3; i++ {
		small[i] = i * i
	}
	for i := 0; i < 5000; i++ {
		ints[uint64(i)*7919] = int64(i)
	}
	for i := 0; i < 3000; i++ {
		narrow[int32(i)] = uint8(i)
	}
	for i := 0; i < 700; i++ {
		wide[int64(i)] = [5]int64{int64(i)}
	}
	for i := 0; i < 1500; i++ {
		strs[fmt.Sprint("k", i)] = fmt.Sprint("v", i%10)
	}
	for i := 0; i < 400; i++ {
		inside.byKey[fmt.Sprint("p", i)] = &point{X: int64(i)}
		inside.count++
	}
	for i := 0; i < 52; i++ {
		crowded[uint32(i)*2654435761] = uint32(i)
	}
	for i := 0; i < 30000; i++ {
		swept[uint64(i)] = int64(i)
	}
	for i := 0; i < 30000; i++ {
		if i%50 != 0 {
			delete(swept, uint64(i))
		}
	}
	sized = make(map[uint64]int64, len(swept))
	for k, v := range swept {
		sized[k] = v
	}
	describe("small", unsafe.Pointer(&small))
	describe("ints", unsafe.Pointer(&ints))
	describe("narrow", unsafe.Pointer(&narrow))
	describe("wide", unsafe.Pointer(&wide))
	describe("strs", unsafe.Pointer(&strs))
	describe("inside", unsafe.Pointer(&inside.byKey))
	describe("swept", unsafe.Pointer(&swept))
	describe("crowded", unsafe.Pointer(&crowded))
	describe("empty", unsafe.Pointer(&empty))
	describe("sized", unsafe.Pointer(&sized))

	runtime.GC()
	runtime.GC()
	f, err := os.Create(filepath.Join(dir, "heap.dump"))
	if err != nil {
		panic(err)
	}
	debug.WriteHeapDump(f.Fd())
	if err := f.Close(); err != nil {
		panic(err)
	}
	out, _ := json.MarshalIndent(map[string]any{"go_version": runtime.Version(), "maps": entries}, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, "maps.json"), append(out, '\n'), 0o644); err != nil {
		panic(err)
	}
	runtime.KeepAlive(small)
	runtime.KeepAlive(inside)
}
