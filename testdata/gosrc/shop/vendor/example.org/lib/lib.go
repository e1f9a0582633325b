// Package lib stands in for vendored code: heapdoc layout skips it unless --include-vendor.
package lib

type Vendored struct {
	a bool
	b int64
	c bool
}
