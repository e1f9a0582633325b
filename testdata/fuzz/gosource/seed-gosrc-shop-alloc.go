package shop

import (
	m "example.com/gosrc/shop/model"
)

var sink interface{}

func NewCart() *Cart {
	return &Cart{open: true}
}

func newOrder() *Order {
	o := new(Order)
	return o
}

func buffers(n int) [][]byte {
	out := make([][]byte, 0, 16)
	for i := 0; i < n; i++ {
		out = append(out, make([]byte, 64))
	}
	return out
}

func (c *Cart) Add(it m.Item) {
	c.items = append(c.items, it)
}

func index() map[string]*Cart {
	return make(map[string]*Cart, 8)
}

func literal() []m.Item {
	return []m.Item{{SKU: "a"}, {SKU: "b"}}
}

func escape() {
	sink = Order{ID: 1}
}

func nothing(x int) int {
	if x > 0 {
		return x
	}
	return 0
}

func channel() chan *Order {
	return make(chan *Order, 4)
}

func newItem() *m.Item {
	return &m.Item{SKU: "x"}
}

func sessions(n int) []Session {
	s := make([]Session, n)
	return s
}

func grow(list []Session) []Session {
	var extra []Session
	extra = append(extra, Session{})
	return append(list, extra...)
}

func audit() *m.Audit { return &m.Audit{Deleted: false} }

func newIndex() Index { return Index{"a": nil} }

func newCarts() Carts { return Carts{{open: true}} }
