package main

// Padded interleaves bools and int64s, so the compiler pads every bool to 8
// bytes: a 0, b 8, c 16, d 24, e 32, f 40, g 48 -> size 56, align 8, which the
// allocator rounds up to the 64 B size class. Reordered as
// {b, d, f int64; a, c, e, g bool} it is 28 -> 32 bytes: the 32 B class, half
// the memory per object.
type Padded struct {
	a bool
	b int64
	c bool
	d int64
	e bool
	f int64
	g bool
}
