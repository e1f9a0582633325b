package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Array lengths from constants, including iota and implicit repetition.
const N = 3

const (
	_ = iota
	One
	Two
	Three
)

const (
	KiB = 1 << (10 * (iota + 1))
	MiB
)

const Mask = KiB/256 | 1 // 5

// BoolPadding pads each bool to 8 bytes.
type BoolPadding struct {
	a bool
	b int64
	c bool
}

// BoolPaddingOptimal is BoolPadding in fieldalignment's order.
type BoolPaddingOptimal struct {
	b int64
	a bool
	c bool
}

// TrailingZero: a trailing zero-size field takes one byte before the final rounding.
type TrailingZero struct {
	a int64
	z struct{}
}

type TrailingZeroArray struct {
	a int32
	z [0]int64
}

type LeadingZero struct {
	z [0]int64
	a bool
}

type Empty struct{}

type OnlyZero struct {
	z struct{}
	e Empty
}

type Nested struct {
	a     bool
	inner struct {
		x int16
		y *int
		z bool
	}
	b bool
}

type ArrayOfStructs struct {
	items [3]BoolPadding
	n     uint8
}

type EmbeddedPointer struct {
	*BoolPadding
	flag bool
	x    int32
}

type WithTime struct {
	ok bool
	t  time.Time
	d  time.Duration
}

type WithSync struct {
	mu   sync.Mutex
	rw   sync.RWMutex
	wg   sync.WaitGroup
	once sync.Once
	flag bool
}

type WithAtomic struct {
	a bool
	n atomic.Int64
	m atomic.Int32
	v atomic.Value
	b atomic.Bool
	u atomic.Uint64
	p atomic.Pointer[BoolPadding]
}

type Complexes struct {
	a    bool
	c64  complex64
	b    bool
	c128 complex128
}

type Strings struct {
	s   string
	buf bytes.Buffer
	sb  strings.Builder
	ctx context.Context
	fl  float32
}

type Collections struct {
	m  map[string]int
	c  chan int
	f  func()
	sl []byte
	i  interface{}
	e  error
	p  unsafe.Pointer
	a  any
	b  bool
}

type MultiName struct {
	a, b bool
	c    int64
	d, e uint16
}

type ConstArray struct {
	buf  [N * 2]byte
	ids  [Three]int32
	grid [2][3]int16
	mask [Mask]bool
	page [KiB / 128]uint64
	big  [MiB >> 18]int8
}

type Defined int32

type DefinedStruct BoolPadding

type Alias = BoolPadding

type UsesDefined struct {
	a Defined
	b bool
	c DefinedStruct
	d Alias
}

type PointerTail struct {
	n int64
	p *int
}

type Tagged struct {
	A int  `json:"a"`
	B bool `json:"b,omitempty"`
}

type Big struct {
	buf [600]byte
	p   *int
}

type Embedded2 struct {
	Tagged
	sync.Mutex
	x bool
}

type Recursive struct {
	next *Recursive
	val  int
}

type Funcs struct {
	cb func(int) (string, error)
	b  bool
}

type Chans struct {
	in  <-chan int
	out chan<- string
	b   byte
}

type Runes struct {
	r rune
	b byte
	f float32
	u uint16
}

type ArrOfArr struct {
	a [2][0]int64
	b int8
}

type ZeroArrays struct {
	a [0]int64
	b int8
	c [0]*int
}

type EmbeddedIface struct {
	error
	n int
}

type Uintptr struct {
	u uintptr
	b bool
}

// Pointers mixes pointers and bools: reordering shrinks it and its pointer bytes.
type Pointers struct {
	a bool
	p *int
	b bool
	s string
	c bool
}

// PointersOptimal is Pointers in fieldalignment's order: s, p, a, b, c.
type PointersOptimal struct {
	s string
	p *int
	a bool
	b bool
	c bool
}

type ArrayOfPointers struct {
	x   int32
	ptr [4]*int
	y   int32
}

type StdTypes struct {
	t   time.Time
	mu  sync.Mutex
	rw  sync.RWMutex
	wg  sync.WaitGroup
	o   sync.Once
	i64 atomic.Int64
	i32 atomic.Int32
	v   atomic.Value
	b   bytes.Buffer
	sb  strings.Builder
	ctx context.Context
}
