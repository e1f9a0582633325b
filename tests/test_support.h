// Helpers shared by the tests: paths to test data and running the built heapdoc binary.
#pragma once

#include <string>
#include <vector>

namespace heapdoc::testing {

std::string SourceDir();                      // the repository root
std::string TestdataPath(const std::string& relative);
std::string CorpusPath(const std::string& file);  // ../shared/corpus/profiles/<file>
// True when ../shared/corpus is missing, so that a corpus test skips (GTEST_SKIP) on a checkout
// without it. Under CI (the environment variable CI set and not empty) a missing corpus is a
// failure, recorded here: CI must not pass by skipping.
bool SharedCorpusMissing();
std::string TempPath(const std::string& name);    // a fresh path in a per-test temp dir
std::string ReadFileBytes(const std::string& path);
void WriteFileBytes(const std::string& path, const std::string& bytes);
std::string Gzip(const std::string& bytes);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs build/heapdoc with the given arguments (no shell), capturing stdout and stderr.
RunResult RunHeapdoc(const std::vector<std::string>& args);

// A test parameter "go1.22" as a test name: "go122".
std::string GoVersionTestName(const char* version);

}  // namespace heapdoc::testing
