// The one error type of heapdoc: a message a user can act on, and the exit code it maps to.
#pragma once

#include <stdexcept>
#include <string>

namespace heapdoc {

// Process exit codes, documented in `heapdoc --help` and README.md.
enum ExitCode : int {
  kExitOk = 0,
  kExitFindings = 1,     // the analysis ran and a threshold (check) failed
  kExitInputError = 2,   // usage error, or an input that is unreadable, broken or not a Go heap
  kExitInternalError = 3 // a bug in heapdoc (an unexpected exception)
};

class Error : public std::runtime_error {
 public:
  explicit Error(std::string message) : std::runtime_error(std::move(message)) {}
};

// An input problem: names the input and what is wrong with it, e.g.
// InputError("heap.pb.gz", "not gzip and not a protobuf profile").
inline Error InputError(const std::string& source, const std::string& problem) {
  return Error(source + ": " + problem);
}

// A file heapdoc could not write (--save, -o): names the path and why, e.g.
// OutputError("out/heap.pb.gz", "cannot write: No space left on device"). Same exit code.
inline Error OutputError(const std::string& path, const std::string& problem) {
  return Error(path + ": " + problem);
}

}  // namespace heapdoc
