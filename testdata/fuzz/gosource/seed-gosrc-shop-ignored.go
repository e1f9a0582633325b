//go:build ignore

package shop

// Ignored is excluded by its build constraint.
type Ignored struct {
	a bool
	b int64
	c bool
}
