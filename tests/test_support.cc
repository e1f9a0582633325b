#include "tests/test_support.h"

#include "analyzer/report/gzip_writer.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

namespace heapdoc::testing {

std::string SourceDir() { return HEAPDOC_SOURCE_DIR; }
std::string TestdataPath(const std::string& relative) { return SourceDir() + "/testdata/" + relative; }
std::string CorpusPath(const std::string& file) {
  return std::string(HEAPDOC_SHARED_DIR) + "/corpus/profiles/" + file;
}

bool SharedCorpusMissing() {
  std::string manifest = std::string(HEAPDOC_SHARED_DIR) + "/corpus/MANIFEST.tsv";
  if (std::filesystem::exists(manifest)) return false;
  const char* ci = std::getenv("CI");
  if (ci && *ci) ADD_FAILURE() << manifest << " is missing, and CI is set: the corpus tests cannot run";
  return true;
}

std::string TempPath(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = std::filesystem::temp_directory_path().string() + "/heapdoc_tests_" +
                    std::to_string(getpid()) + "/" + (info ? std::string(info->test_suite_name()) + "." + info->name() : "global");
  std::filesystem::create_directories(dir);
  return dir + "/" + name;
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFileBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string Gzip(const std::string& bytes) { return GzipCompress(bytes); }

RunResult RunHeapdoc(const std::vector<std::string>& args) {
  std::string out_path = TempPath("stdout.txt"), err_path = TempPath("stderr.txt");
  pid_t pid = fork();
  if (pid == 0) {
    FILE* o = std::freopen(out_path.c_str(), "wb", stdout);
    FILE* e = std::freopen(err_path.c_str(), "wb", stderr);
    (void)o;
    (void)e;
    std::vector<char*> argv;
    std::string binary = HEAPDOC_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFileBytes(out_path);
  r.err = ReadFileBytes(err_path);
  return r;
}

std::string GoVersionTestName(const char* version) {
  std::string v = version;
  v.erase(std::remove(v.begin(), v.end(), '.'), v.end());
  return v;
}

}  // namespace heapdoc::testing
