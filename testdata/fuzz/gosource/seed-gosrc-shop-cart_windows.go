package shop

// WindowsOnly is excluded by its file name on linux.
type WindowsOnly struct {
	a bool
	b int64
	c bool
}
