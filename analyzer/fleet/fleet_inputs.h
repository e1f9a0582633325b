// What `heapdoc analyze A B DIR 'pat*'` names: files, every regular file of a directory (not
// recursive), and glob patterns the shell left unexpanded, in a stable order.
#pragma once

#include <string>
#include <vector>

namespace heapdoc {

struct FleetInput {
  std::string name;             // path or URL, as reported
  bool from_directory = false;  // found by listing a directory: skipped quietly if plainly no profile
};

struct FleetError {
  std::string source;
  std::string message;  // the problem, without the source prefix
};

struct FleetInputs {
  std::vector<FleetInput> inputs;
  std::vector<FleetError> errors;  // unreadable directories, patterns that match nothing
};

// True when the arguments ask for a fleet view: several inputs, a directory, or a glob pattern.
bool IsFleetRequest(const std::vector<std::string>& args);

FleetInputs ExpandFleetInputs(const std::vector<std::string>& args);

// For files found in a directory: true when the first (inflated) bytes are of a kind that is no heap
// input (input_kind.h: JSON, Prometheus, ordinary text such as a README or pprof -raw output, an
// empty file). Binary, heap-profile text and damaged gzip are analyzed and may fail.
bool PlainlyNotAProfile(const std::string& path);

// --inputs FILE: one path or URL a line; blank lines and lines starting with '#' are ignored, as
// is space around a name. "-" reads the list from stdin. Throws Error naming the list.
std::vector<std::string> ReadInputList(const std::string& path);

}  // namespace heapdoc
