// heapdoc analyze URL against real servers on loopback: the Go service of testdata/gen/service
// (net/http/pprof + expvar, a steady fragmented heap), python3's http.server, and sockets that
// refuse or never answer. What heapdoc fetches must analyze exactly as the same bytes on disk.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/test_support.h"

namespace heapdoc {
namespace {

using nlohmann::json;
using testing::RunHeapdoc;
using testing::SourceDir;
using testing::TestdataPath;

namespace fs = std::filesystem;

// A child process whose stdout we read until a line tells where it listens.
struct Server {
  pid_t pid = -1;
  std::string base_url;  // http://127.0.0.1:PORT

  // Runs argv; reads stdout lines until one contains `marker`, and takes the port after it.
  bool Start(const std::vector<std::string>& argv, const std::string& marker, const std::string& cwd = "") {
    int fds[2];
    if (pipe(fds) != 0) return false;
    pid = fork();
    if (pid == 0) {
      dup2(fds[1], STDOUT_FILENO);
      FILE* quiet = std::freopen("/dev/null", "w", stderr);  // request logs of http.server
      (void)quiet;
      close(fds[0]);
      close(fds[1]);
      if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
      std::vector<char*> args;
      std::vector<std::string> copy = argv;
      for (auto& a : copy) args.push_back(a.data());
      args.push_back(nullptr);
      execvp(args[0], args.data());
      _exit(127);
    }
    close(fds[1]);
    FILE* out = fdopen(fds[0], "r");
    char line[512];
    while (std::fgets(line, sizeof line, out)) {
      std::string text = line;
      auto at = text.find(marker);
      if (at == std::string::npos) continue;
      int port = std::atoi(text.c_str() + at + marker.size());
      base_url = "http://127.0.0.1:" + std::to_string(port);
      // Keep the pipe open (fd leaks into nothing else): the child may log more lines.
      return port > 0;
    }
    return false;
  }
  void Stop() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
      pid = -1;
    }
  }
};

// Builds testdata/gen/service with Debian's Go, as regen.sh does (module mode, no prom tag).
std::string BuildGoService(std::string& log) {
  std::string bin = fs::temp_directory_path().string() + "/heapdoc_live_service_" + std::to_string(getpid());
  std::string cache = std::getenv("HOME") ? "" : "GOCACHE=" + fs::temp_directory_path().string() + "/heapdoc-gocache ";
  std::string cmd = "cd '" + SourceDir() + "/testdata/gen' && env GOFLAGS= GOPROXY=off GOWORK=off GOTOOLCHAIN=local "
                    "CGO_ENABLED=0 GO111MODULE=on " + cache + "go build -o '" + bin + "' ./service 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "";
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) log += buf;
  return pclose(p) == 0 ? bin : "";
}

// Runs curl -fsS -o FILE URL; true on success.
bool Curl(const std::string& url, const std::string& file) {
  std::string cmd = "curl -fsS --max-time 30 -o '" + file + "' '" + url + "'";
  return std::system(cmd.c_str()) == 0;
}

// The summary without the fields that name where the bytes came from.
json Comparable(json report) {
  json s = report["summary"];
  s.erase("source");
  return {{"summary", s}, {"size_classes", report["size_classes"]}, {"sites", report["sites"]}};
}

class LiveService : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string log;
    binary_ = BuildGoService(log);
    ASSERT_FALSE(binary_.empty()) << "cannot build testdata/gen/service with go (scripts/setup.sh installs golang-go):\n"
                                  << log;
    service_ = new Server;
    ASSERT_TRUE(service_->Start({binary_}, "listening on 127.0.0.1:")) << "the Go service did not start";
  }
  static void TearDownTestSuite() {
    if (service_) service_->Stop();
    delete service_;
    service_ = nullptr;
    if (!binary_.empty()) fs::remove(binary_);
  }
  void SetUp() override {
    if (!service_ || service_->pid <= 0) GTEST_SKIP() << "no service";
  }
  static std::string Url(const std::string& path = "") { return service_->base_url + path; }

  static inline std::string binary_;
  static inline Server* service_ = nullptr;
};

TEST_F(LiveService, UrlAnalysisEqualsAnalysisOfWhatItSaved) {
  std::string dir = testing::TempPath("saved");
  auto live = RunHeapdoc({"analyze", Url(), "--format", "json", "--save", dir});
  ASSERT_EQ(live.exit_code, 0) << live.err;
  EXPECT_NE(live.err.find("saved " + dir + "/heap.pb.gz, " + dir + "/vars.json"), std::string::npos) << live.err;
  EXPECT_NE(live.err.find("to repeat offline"), std::string::npos) << live.err;
  auto offline = RunHeapdoc({"analyze", dir + "/heap.pb.gz", "--memstats", dir + "/vars.json", "--format", "json"});
  ASSERT_EQ(offline.exit_code, 0) << offline.err;
  json a = json::parse(live.out), b = json::parse(offline.out);
  EXPECT_EQ(a["summary"]["source"], Url("/debug/pprof/heap"));
  EXPECT_EQ(Comparable(a), Comparable(b));
  // The service's heap: 1 in 64 Nodes of 48 B kept after a churn: dangerous fragmentation.
  EXPECT_EQ(a["summary"]["memstats_form"], "expvar /debug/vars");
  EXPECT_EQ(a["summary"]["verdict"], "dangerous");
  EXPECT_GT(a["summary"]["fragmentation_ratio"].get<double>(), 0.5);
  EXPECT_EQ(a["sites"][0]["function"], "main.churn");
  EXPECT_EQ(a["sites"][0]["size"], 48);
}

TEST_F(LiveService, CurlFetchedFilesAnalyzeTheSame) {
  std::string heap = testing::TempPath("heap.pb.gz"), vars = testing::TempPath("vars.json");
  ASSERT_TRUE(Curl(Url("/debug/pprof/heap"), heap));
  ASSERT_TRUE(Curl(Url("/debug/vars"), vars));
  auto offline = RunHeapdoc({"analyze", heap, "--memstats", vars, "--format", "json"});
  auto live = RunHeapdoc({"analyze", Url(), "--format", "json"});
  ASSERT_EQ(offline.exit_code, 0) << offline.err;
  ASSERT_EQ(live.exit_code, 0) << live.err;
  json a = json::parse(live.out)["summary"], b = json::parse(offline.out)["summary"];
  // Two fetches of a live service differ a little (the HTTP handlers allocate); its heap is steady.
  // HeapAlloc of this small heap moves by up to ~5 % with the handlers' garbage between fetches,
  // and the fragmentation ratio with it: both get the HeapInuse tolerance.
  auto near = [&](const char* key, double tolerance) {
    double x = a[key].get<double>(), y = b[key].get<double>();
    EXPECT_LE(std::abs(x - y), tolerance * std::max(x, y)) << key << ": " << x << " vs " << y;
  };
  near("live_bytes", 0.05);
  near("live_objects", 0.05);
  near("heap_inuse_bytes", 0.10);
  near("fragmentation_ratio", 0.10);
  EXPECT_EQ(a["verdict"], b["verdict"]);
  EXPECT_EQ(a["go_version"], b["go_version"]);
}

TEST_F(LiveService, GcFlagAndProfileUrls) {
  auto gc = RunHeapdoc({"analyze", Url(), "--gc", "--format", "json"});
  ASSERT_EQ(gc.exit_code, 0) << gc.err;
  EXPECT_EQ(json::parse(gc.out)["summary"]["source"], Url("/debug/pprof/heap?gc=1"));
  auto allocs = RunHeapdoc({"analyze", Url("/debug/pprof/allocs"), "--format", "json"});
  ASSERT_EQ(allocs.exit_code, 0) << allocs.err;
  EXPECT_TRUE(json::parse(allocs.out)["summary"]["allocs_profile"].get<bool>());
  auto text = RunHeapdoc({"analyze", Url("/debug/pprof/heap?debug=1"), "--format", "json"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(json::parse(text.out)["summary"]["format"], "text");
}

TEST_F(LiveService, NotFoundPathIsOneLine) {
  auto r = RunHeapdoc({"analyze", Url("/debug/pprof/nosuchprofile")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "heapdoc: " + Url("/debug/pprof/nosuchprofile") + ": HTTP 404 Not Found\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(LiveService, FleetOfUrlAndFileHasMemStatsForBoth) {
  auto r = RunHeapdoc({"analyze", Url(), TestdataPath("healthy/heap.pb.gz"), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json profiles = json::parse(r.out)["fleet"]["profiles"];
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0]["source"], Url());  // dangerous sorts first
  EXPECT_EQ(profiles[0]["verdict"], "dangerous");
  EXPECT_EQ(profiles[1]["verdict"], "healthy");  // healthy/vars.json lies beside the file
}

// python3 -m http.server: an HTML index, and a profile served as a plain file with no /debug/vars.
class PythonServer : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempPath("www");
    fs::create_directories(dir_);
    testing::WriteFileBytes(dir_ + "/index.html", "<!DOCTYPE html>\n<html><body>not a profile</body></html>\n");
    fs::copy_file(TestdataPath("scattered/heap.pb.gz"), dir_ + "/heap.pb.gz");
    ASSERT_TRUE(server_.Start({"python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"}, " port ", dir_))
        << "python3 http.server did not start";
  }
  void TearDown() override { server_.Stop(); }
  std::string dir_;
  Server server_;
};

TEST_F(PythonServer, HtmlPageIsRefusedByName) {
  auto r = RunHeapdoc({"analyze", server_.base_url + "/index.html"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("heapdoc: " + server_.base_url + "/index.html: the server sent an HTML page, not a heap profile", 0), 0u)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST_F(PythonServer, NoDebugVarsIsANote) {
  auto r = RunHeapdoc({"analyze", server_.base_url + "/heap.pb.gz", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json report = json::parse(r.out);
  EXPECT_TRUE(report["summary"]["verdict"] == "unknown");
  bool noted = false;
  for (const auto& note : report["notes"])
    noted |= note.get<std::string>().find("no /debug/vars on this service") != std::string::npos;
  EXPECT_TRUE(noted) << report["notes"].dump();
  // Same figures as the file itself.
  auto file = RunHeapdoc({"analyze", TestdataPath("scattered/heap.pb.gz"), "--format", "json"});
  EXPECT_EQ(Comparable(report)["size_classes"], Comparable(json::parse(file.out))["size_classes"]);
}

// A service as python3's http.server serves it from files: DIR/NAME/debug/pprof/heap and
// DIR/NAME/debug/vars, so that heapdoc finds /debug/vars beside the profile as on a Go service.
std::string ServeAsService(const std::string& dir, const std::string& name, const std::string& scenario) {
  fs::create_directories(dir + "/" + name + "/debug/pprof");
  fs::copy_file(TestdataPath(scenario + "/heap.pb.gz"), dir + "/" + name + "/debug/pprof/heap");
  fs::copy_file(TestdataPath(scenario + "/vars.json"), dir + "/" + name + "/debug/vars");
  return "/" + name + "/debug/pprof/heap";
}

json JsonOf(const testing::RunResult& r) {
  EXPECT_FALSE(r.out.empty()) << r.err;
  return r.out.empty() ? json() : json::parse(r.out);
}

// check and diff read URLs through the same front door as analyze: a URL with its /debug/vars
// gives what the saved files give.
TEST_F(PythonServer, CheckAndDiffTakeUrls) {
  std::string url = server_.base_url + ServeAsService(dir_, "svc", "scattered");
  std::string file = TestdataPath("scattered/heap.pb.gz"), vars = TestdataPath("scattered/vars.json");
  auto live = RunHeapdoc({"check", url, "--max-fragmentation", "0.05", "--format", "json", "--no-config"});
  auto offline = RunHeapdoc({"check", file, "--memstats", vars, "--max-fragmentation", "0.05", "--format", "json", "--no-config"});
  EXPECT_EQ(live.exit_code, 1) << live.err;  // scattered is fragmented far past 5%
  EXPECT_EQ(offline.exit_code, 1) << offline.err;
  EXPECT_EQ(JsonOf(live)["checks"], JsonOf(offline)["checks"]);
  // --memstats and --baseline as URLs too.
  auto mixed = RunHeapdoc({"check", file, "--memstats", server_.base_url + "/svc/debug/vars", "--baseline", url,
                           "--max-fragmentation", "0.05", "--format", "json", "--no-config"});
  EXPECT_EQ(mixed.exit_code, 0) << mixed.err;  // with a baseline only growth fails: none against itself
  EXPECT_EQ(JsonOf(mixed)["baseline"], url);
  auto diff_live = RunHeapdoc({"diff", url, file, "--memstats", vars, "--format", "json"});
  auto diff_files = RunHeapdoc({"diff", file, file, "--base-memstats", vars, "--memstats", vars, "--format", "json"});
  ASSERT_EQ(diff_live.exit_code, 0) << diff_live.err;
  ASSERT_EQ(diff_files.exit_code, 0) << diff_files.err;
  json a = JsonOf(diff_live), b = JsonOf(diff_files);
  a.erase("base"); b.erase("base");  // names the source
  EXPECT_EQ(a.dump(), b.dump());
  auto missing = RunHeapdoc({"diff", server_.base_url + "/nothing/debug/pprof/heap", file});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err.rfind("heapdoc: " + server_.base_url + "/nothing/debug/pprof/heap: ", 0), 0u) << missing.err;
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
}

// --inputs FILE lists URLs and files; each gets MemStats (the URL its /debug/vars, the file what lies
// beside it), rows are ranked by fragmentation, and what --save wrote pairs up again offline.
TEST_F(PythonServer, FleetFromAnInputsListPairsMemStatsEverywhere) {
  std::string bad = server_.base_url + ServeAsService(dir_, "bad", "scattered");
  std::string good = server_.base_url + ServeAsService(dir_, "good", "healthy");
  std::string list = testing::TempPath("fleet.txt");
  testing::WriteFileBytes(list, "# two services and a file\n\n" + good + "\n  " + bad + "\n# " + TestdataPath("wide/heap.pb.gz") +
                                    "\n" + TestdataPath("padded/heap.pb.gz") + "\n");
  std::string saved = testing::TempPath("saved");
  auto r = RunHeapdoc({"analyze", "--inputs", list, "--save", saved, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json rows = JsonOf(r)["fleet"]["profiles"];
  ASSERT_EQ(rows.size(), 3u) << rows.dump();
  for (const json& row : rows) EXPECT_NE(row["verdict"], "unknown") << row.dump();
  for (size_t i = 1; i < rows.size(); ++i) {  // worst first: by verdict, then fragmentation
    if (rows[i]["verdict"] == rows[i - 1]["verdict"]) {
      EXPECT_GE(rows[i - 1]["fragmentation_ratio"].get<double>(), rows[i]["fragmentation_ratio"].get<double>());
    }
  }
  EXPECT_EQ(rows[0]["source"], bad);
  // The saved layout (HOST-heap.pb.gz beside HOST-vars.json) analyzes with the same MemStats.
  json offline = JsonOf(RunHeapdoc({"analyze", saved, "--format", "json"}))["fleet"]["profiles"];
  ASSERT_EQ(offline.size(), 2u) << offline.dump();
  std::vector<double> live_ratios, saved_ratios;
  for (const json& row : rows)
    if (row["source"].get<std::string>().starts_with("http")) live_ratios.push_back(row["fragmentation_ratio"]);
  for (const json& row : offline) saved_ratios.push_back(row["fragmentation_ratio"]);
  EXPECT_EQ(live_ratios, saved_ratios);
  // The list from stdin.
  std::string cmd = std::string("'") + HEAPDOC_BINARY + "' analyze --inputs - --format json < '" + list + "'";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_TRUE(p);
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  EXPECT_EQ(pclose(p), 0);
  EXPECT_EQ(json::parse(out)["fleet"]["profiles"].size(), 3u);
}

// A socket that is bound (and optionally listening) but never answers.
struct QuietSocket {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  explicit QuietSocket(bool listening) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (listening) listen(fd, 4);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  ~QuietSocket() { close(fd); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

TEST(LiveErrors, ConnectionRefused) {
  QuietSocket bound(false);  // bound, not listening: connections are refused
  auto r = RunHeapdoc({"analyze", bound.url()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "heapdoc: " + bound.url() + "/debug/pprof/heap: cannot connect: connection refused (is the service "
                   "listening there?)\n");
}

TEST(LiveErrors, SilentServerTimesOut) {
  QuietSocket silent(true);  // the kernel completes the handshake; nobody ever reads or answers
  auto start = std::chrono::steady_clock::now();
  auto r = RunHeapdoc({"analyze", silent.url(), "--timeout", "1"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "heapdoc: " + silent.url() + "/debug/pprof/heap: timed out after 1 s (--timeout)\n");
  EXPECT_LT(seconds, 10);
}

}  // namespace
}  // namespace heapdoc
