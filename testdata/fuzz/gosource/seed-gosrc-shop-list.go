package shop

// List is generic: heapdoc does not lay out types with type parameters.
type List[T any] struct {
	head *node[T]
	size int
	ok   bool
}

type node[T any] struct {
	next *node[T]
	val  T
}

// Matrix is an array type, not generic: [N]T after the name.
type Matrix [rows]float64
