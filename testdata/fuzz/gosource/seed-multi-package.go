// a.go: a package that uses a type and constants from sub/ (files are split at "@@" lines).
package shop

import (
	"sync"
	"time"

	"example.com/fz/sub"
)

type Order struct {
	Paid    bool
	ID      int64
	Item    sub.Item
	Shipped bool
	At      time.Time
	mu      sync.Mutex
	Tags    [sub.N]uint16
}

type Alias = sub.Item

func New(id int64) *Order { return &Order{ID: id} }

func Many(n int) []sub.Item { return make([]sub.Item, n) }
@@
package sub

const N = 3 << 1

type Item struct {
	A  bool
	B  float64
	C  bool
	Kv map[string][]byte
	*Node
}

type Node struct{ next *Node }
@@
module example.com/fz

go 1.19
@@
package shop

func grow(xs []Order) []Order { return append(xs, Order{}) }
