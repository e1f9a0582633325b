// The package of a Go function name and whose code it is, on names as Go profiles spell them.
#include "heapmodel/go_package.h"

#include <gtest/gtest.h>

namespace heapdoc {
namespace {

struct NameCase {
  const char* function;
  const char* package_path;
  CodeOrigin origin;
};

constexpr NameCase kNames[] = {
    {"github.com/acme/x/store.(*Item).Grow", "github.com/acme/x/store", CodeOrigin::kUser},
    {"main.newBuf", "main", CodeOrigin::kUser},
    {"main.main.func1", "main", CodeOrigin::kUser},                 // closure
    {"main.(*T).M-fm", "main", CodeOrigin::kUser},                  // method value
    {"main.Map[...].Get", "main", CodeOrigin::kUser},               // generic, as the runtime prints it
    {"main.Map[go.shape.string,github.com/a/b.T].Get", "main", CodeOrigin::kUser},  // type arguments spelled out
    {"github.com/acme/x/cache.New[...]", "github.com/acme/x/cache", CodeOrigin::kUser},
    {"gopkg.in/yaml%2ev3.(*parser).node", "gopkg.in/yaml.v3", CodeOrigin::kUser},  // escaped last element
    {"go.uber.org/zap.(*Logger).Info", "go.uber.org/zap", CodeOrigin::kUser},      // "go." but a domain
    {"heapdoc/testdata/gen/snap.Write", "heapdoc/testdata/gen/snap", CodeOrigin::kUser},  // dot-less module
    {"example/hello.Run", "example/hello", CodeOrigin::kUser},
    {"bytes.growSlice", "bytes", CodeOrigin::kLibrary},
    {"bytes.(*Buffer).grow", "bytes", CodeOrigin::kLibrary},
    {"strings.(*Builder).grow", "strings", CodeOrigin::kLibrary},
    {"encoding/json.(*decodeState).object", "encoding/json", CodeOrigin::kLibrary},
    {"encoding/json.(*decodeState).literalStore", "encoding/json", CodeOrigin::kLibrary},
    {"reflect.unsafe_New", "reflect", CodeOrigin::kLibrary},
    {"runtime.malg", "runtime", CodeOrigin::kLibrary},
    {"runtime.gcMarkTermination.func3", "runtime", CodeOrigin::kLibrary},
    {"runtime/pprof.(*profileBuilder).emitLocation", "runtime/pprof", CodeOrigin::kLibrary},
    {"net/http.(*conn).serve", "net/http", CodeOrigin::kLibrary},
    {"vendor/golang.org/x/net/http2/hpack.newStaticTable", "vendor/golang.org/x/net/http2/hpack", CodeOrigin::kLibrary},
    {"golang.org/x/net/http2.(*Framer).ReadFrame", "golang.org/x/net/http2", CodeOrigin::kLibrary},
    {"slices.Grow[...]", "slices", CodeOrigin::kLibrary},
    {"type:.eq.main.T", "", CodeOrigin::kUnknown},  // compiler-generated (Go 1.21+)
    {"type..eq.main.T", "", CodeOrigin::kUnknown},  // the same before Go 1.21
    {"go.shape.int", "", CodeOrigin::kUnknown},
    {"0x4a5b6c", "", CodeOrigin::kUnknown},         // unsymbolized
    {"malloc", "", CodeOrigin::kUnknown},           // C
    {"<no stack>", "", CodeOrigin::kUnknown},
    {"", "", CodeOrigin::kUnknown},
};

TEST(GoPackage, PackagePathAndOriginOfRealNames) {
  for (const NameCase& c : kNames) {
    SCOPED_TRACE(c.function);
    EXPECT_EQ(GoPackagePath(c.function), c.package_path);
    EXPECT_EQ(FunctionOrigin(c.function), c.origin);
  }
}

TEST(GoPackage, StandardLibraryIsItsListedRoots) {
  for (const char* std_package : {"bytes", "encoding/json", "runtime", "internal/abi", "log/slog", "iter", "weak", "cmd/go"})
    EXPECT_TRUE(IsGoStandardLibrary(std_package)) << std_package;
  for (const char* other : {"main", "golang.org/x/net/http2", "github.com/acme/x", "heapdoc/gen", "example", "test", "",
                            "bytesx", "encodingx/json"})
    EXPECT_FALSE(IsGoStandardLibrary(other)) << other;
}

}  // namespace
}  // namespace heapdoc
