// closure: the survivors of main.newEntry are held by a closure stored in a global, main.report.
package main

import (
	"fmt"

	"heapdoc/testdata/gen/retention/dumpheap"
)

var report func() int

//go:noinline
func newEntry(i int) *dumpheap.Entry { return &dumpheap.Entry{ID: int64(i)} }

//go:noinline
func install() {
	var kept []*dumpheap.Entry
	dumpheap.Scatter(func(i int) { kept = append(kept, newEntry(i)) })
	report = func() int { return len(kept) }
}

func main() {
	install()
	dumpheap.Write()
	fmt.Println(report())
}
