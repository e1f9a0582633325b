package fixture

// InTestdata is under testdata/, which heapdoc skips below a root.
type InTestdata struct {
	a bool
	b int64
	c bool
}
