// Which Go package a function name belongs to, and whether that is the user's own code: a site
// whose leaf is in the standard library is acted on at the first caller the user can change.
#pragma once

#include <string>
#include <string_view>

namespace heapdoc {

// The package path of a Go function name, as runtime.funcpkgpath finds it: up to the first dot
// after the last slash. "github.com/acme/x/store.(*Item).Grow" -> "github.com/acme/x/store",
// "main.main.func1" -> "main", "encoding/json.(*decodeState).object" -> "encoding/json".
// Empty when the name is no Go function of a package: an unsymbolized address ("0x4a5b6c"), a
// compiler-generated function ("type:.eq.main.T", "go.shape.int"), a C symbol ("malloc").
std::string GoPackagePath(std::string_view function);

// True for a package of Go's standard library, runtime included ("bytes", "encoding/json",
// "vendor/golang.org/x/net/http2/hpack").
bool IsGoStandardLibrary(std::string_view package_path);

enum class CodeOrigin {
  kUser,     // what a report should point at: the user's own code, or a third-party module's
             // (a profile does not say which module is the user's)
  kLibrary,  // Go's standard library or golang.org/x
  kUnknown,  // unsymbolized or compiler-generated: nobody's code to change
};

CodeOrigin FunctionOrigin(std::string_view function);

}  // namespace heapdoc
