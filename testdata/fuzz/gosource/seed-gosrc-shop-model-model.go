// Package model holds types that package shop imports: heapdoc resolves them through go.mod.
package model

import "time"

// MaxTags sizes arrays in package shop.
const MaxTags = 4

type Money int64

// Item is already in the best order.
type Item struct {
	SKU   string
	Price Money
	Qty   int32
	Gift  bool
}

// Audit is 64 B; reordered it is 48 B, a smaller size class.
type Audit struct {
	Deleted bool
	Created time.Time
	Flag    bool
	By      string
	Version uint16
}
