// Package shop is test input for heapdoc's Go source reader: struct layouts that reordering
// would move to a smaller size class, ones it would not, and allocation sites.
package shop

import (
	"sync"
	"time"

	m "example.com/gosrc/shop/model"
)

/*
	Status values; a block comment with a `raw` "string" and 'r' inside

type NotAType struct{ a bool }
*/
type Status uint8

const (
	Open Status = iota
	Closed
)

// Cart is 56 B (the 64 B class); reordered it is 40 B (the 48 B class).
type Cart struct {
	open   bool
	total  m.Money
	locked bool
	items  []m.Item
	status Status
}

// Order is laid out well: nothing to report.
type Order struct {
	ID       int64
	Customer string
	Lines    []m.Item
	Placed   time.Time
	Paid     bool
	Shipped  bool
}

type (
	// Session mixes a mutex, pointers and bools: 80 B (class 80), reordered 64 B (class 64).
	Session struct {
		active  bool
		user    *m.Item
		expired bool
		mu      sync.Mutex
		started time.Time
		retries int32
		token   string
	}

	// Tagged has struct tags, embedded fields and a multi-name field: 96 B, reordered 88 B,
	// both in the 96 B class, so it is not reported.
	Tagged struct {
		m.Audit `json:"audit"`
		*Cart
		a, b  bool  `heapdoc:"ab"`
		Count int64 `json:"count,omitempty"`
		c     bool
	}

	// Grid has arrays sized by constants of this and an imported package: 120 B either way.
	Grid struct {
		cells [m.MaxTags][rows]int16
		flag  bool
		tags  [m.MaxTags]string
	}

	// Anon nests an anonymous struct: 32 B (class 32) -> 24 B (class 24).
	Anon struct {
		a     bool
		inner struct {
			x int64
			y bool
		}
		b bool
		c int32
	}

	Alias = Cart
)

const rows = 2 * 3

// Big is pointerful and over 512 B: reordering takes it from 1032 B to 1024 B, which moves it
// from the 1152 B class to the 1024 B class before Go 1.22. From Go 1.22 the 8 B malloc header
// makes both 1040 B and 1032 B requests land in the 1152 B class, so it is not reported.
type Big struct {
	a   bool
	buf [1014]byte
	p   *Cart
	b   bool
}

// Queue uses a generic type from this package: heapdoc skips it with a note.
type Queue struct {
	items List[int]
	ok    bool
}

// Index and Carts are named map and slice types: their literals allocate buckets or an array.
type Index map[string]*Cart

type Carts []Cart
