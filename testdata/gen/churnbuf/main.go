// churnbuf: a churning buffer. main.serve allocates make([]byte, 4096) per
// request, 100000 times, and keeps none (the buffer escapes through an
// io.Writer). The profile shows ~400 MB alloc_space at main.serve (4096 B
// class, noscan) and ~0 inuse_space.
package main

import (
	"expvar"
	"io"
	"runtime"

	"heapdoc/testdata/gen/snap"
)

const requests = 100000

var served = expvar.NewInt("churnbuf_requests")

//go:noinline
func serve(w io.Writer, req int) {
	buf := make([]byte, 4096)
	buf[0] = byte(req)
	w.Write(buf)
	served.Add(1)
}

func main() {
	runtime.MemProfileRate = 4096
	for i := 0; i < requests; i++ {
		serve(io.Discard, i)
	}
	snap.Main("churnbuf", snap.Options{})
}
