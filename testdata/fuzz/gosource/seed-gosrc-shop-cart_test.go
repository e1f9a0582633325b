package shop

import "testing"

// testOnly is in a _test.go file, which heapdoc skips.
type testOnly struct {
	a bool
	b int64
	c bool
}

func TestCart(t *testing.T) {
	if NewCart() == nil || (testOnly{}).b != 0 {
		t.Fatal("no cart")
	}
}
