// Command layoutcheck prints the gc layout of the types in types.go as Go itself computes it:
// size, alignment, pointer bytes (the runtime type's ptrdata) and field offsets. heapdoc's
// type_layout_test compares its own computation against this output (expected.txt).
//
// Regenerate: cd testdata/gosrc && go run ./layoutcheck > layoutcheck/expected.txt
package main

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// ptrdata reads the runtime type descriptor's second word (Go 1.19 runtime._type:
// size, ptrdata, ...): the prefix of an object the garbage collector scans.
func ptrdata(t reflect.Type) uintptr {
	type iface struct{ tab, data unsafe.Pointer }
	rtype := (*iface)(unsafe.Pointer(&t)).data
	return *(*uintptr)(unsafe.Add(rtype, unsafe.Sizeof(uintptr(0))))
}

func print(name string, t reflect.Type) {
	fmt.Printf("%s size=%d align=%d ptrdata=%d", name, t.Size(), t.Align(), ptrdata(t))
	if t.Kind() == reflect.Struct {
		var offs []string
		for i := 0; i < t.NumField(); i++ {
			offs = append(offs, fmt.Sprint(t.Field(i).Offset))
		}
		fmt.Printf(" offsets=%s", strings.Join(offs, ","))
	}
	fmt.Println()
}

func main() {
	values := []any{
		BoolPadding{}, BoolPaddingOptimal{}, TrailingZero{}, TrailingZeroArray{}, LeadingZero{}, Empty{},
		OnlyZero{}, Nested{}, ArrayOfStructs{}, EmbeddedPointer{}, WithTime{}, WithSync{}, WithAtomic{},
		Complexes{}, Strings{}, Collections{}, MultiName{}, ConstArray{}, Defined(0), DefinedStruct{},
		UsesDefined{}, PointerTail{}, Tagged{}, Big{}, Embedded2{}, Recursive{}, Funcs{}, Chans{}, Runes{},
		ArrOfArr{}, ZeroArrays{}, EmbeddedIface{}, Uintptr{}, Pointers{}, PointersOptimal{},
		ArrayOfPointers{}, StdTypes{},
	}
	for _, v := range values {
		t := reflect.TypeOf(v)
		print(t.Name(), t)
	}
	// Standard-library types heapdoc keeps a table for (heapmodel/type_layout.cc).
	std := []struct {
		name string
		v    any
	}{
		{"time.Time", time.Time{}}, {"time.Duration", time.Duration(0)}, {"sync.Mutex", &sync.Mutex{}},
		{"sync.RWMutex", &sync.RWMutex{}}, {"sync.WaitGroup", &sync.WaitGroup{}}, {"sync.Once", &sync.Once{}},
		{"sync/atomic.Int64", &atomic.Int64{}}, {"sync/atomic.Uint64", &atomic.Uint64{}},
		{"sync/atomic.Int32", &atomic.Int32{}}, {"sync/atomic.Uint32", &atomic.Uint32{}},
		{"sync/atomic.Bool", &atomic.Bool{}}, {"sync/atomic.Uintptr", &atomic.Uintptr{}},
		{"sync/atomic.Value", &atomic.Value{}}, {"bytes.Buffer", &bytes.Buffer{}},
		{"strings.Builder", &strings.Builder{}}, {"context.CancelFunc", context.CancelFunc(nil)},
		{"time.Month", time.Month(0)}, {"time.Weekday", time.Weekday(0)},
	}
	for _, s := range std {
		t := reflect.TypeOf(s.v)
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		print(s.name, t)
	}
	var ctx context.Context
	print("context.Context", reflect.TypeOf(&ctx).Elem())
}
