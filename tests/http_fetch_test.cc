// The HTTP fetcher on its own: URL resolution, and HttpGet against tiny in-test servers that
// misbehave on purpose (refuse, never answer, redirect forever, send too much).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "analyzer/readers/heap_input.h"
#include "analyzer/readers/curl_library.h"
#include "analyzer/readers/http_fetch.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

TEST(ResolveServiceUrls, BaseUrlMeansPprofHeap) {
  for (const char* base : {"http://127.0.0.1:6060", "http://127.0.0.1:6060/", "http://127.0.0.1:6060/debug/pprof",
                           "http://127.0.0.1:6060/debug/pprof/"}) {
    ServiceUrls u = ResolveServiceUrls(base, false);
    EXPECT_EQ(u.profile_url, "http://127.0.0.1:6060/debug/pprof/heap") << base;
    EXPECT_EQ(u.vars_url, "http://127.0.0.1:6060/debug/vars") << base;
    EXPECT_EQ(u.profile_name, "heap");
  }
}

TEST(ResolveServiceUrls, ProfileUrlsAreKept) {
  ServiceUrls allocs = ResolveServiceUrls("https://svc.example/debug/pprof/allocs", false);
  EXPECT_EQ(allocs.profile_url, "https://svc.example/debug/pprof/allocs");
  EXPECT_EQ(allocs.vars_url, "https://svc.example/debug/vars");
  EXPECT_EQ(allocs.profile_name, "allocs");
  ServiceUrls text = ResolveServiceUrls("http://h:1/debug/pprof/heap?debug=1", true);
  EXPECT_EQ(text.profile_url, "http://h:1/debug/pprof/heap?debug=1&gc=1");
  ServiceUrls gc = ResolveServiceUrls("http://h:1", true);
  EXPECT_EQ(gc.profile_url, "http://h:1/debug/pprof/heap?gc=1");
  ServiceUrls already = ResolveServiceUrls("http://h:1/debug/pprof/heap?gc=1", true);
  EXPECT_EQ(already.profile_url, "http://h:1/debug/pprof/heap?gc=1");
}

TEST(ResolveServiceUrls, ProxyPrefixAndOtherPaths) {
  ServiceUrls proxied = ResolveServiceUrls("http://proxy/svc-a/debug/pprof/", false);
  EXPECT_EQ(proxied.profile_url, "http://proxy/svc-a/debug/pprof/heap");
  EXPECT_EQ(proxied.vars_url, "http://proxy/svc-a/debug/vars");
  ServiceUrls file = ResolveServiceUrls("http://files/profiles/heap-3.pb.gz#frag", false);
  EXPECT_EQ(file.profile_url, "http://files/profiles/heap-3.pb.gz");
  EXPECT_EQ(file.vars_url, "http://files/debug/vars");
}

TEST(IsHttpUrl, SchemesOnly) {
  EXPECT_TRUE(IsHttpUrl("http://x"));
  EXPECT_TRUE(IsHttpUrl("HTTPS://x"));
  EXPECT_FALSE(IsHttpUrl("heap.pb.gz"));
  EXPECT_FALSE(IsHttpUrl("ftp://x/heap"));
  EXPECT_FALSE(IsHttpUrl("http"));
}

// A loopback listening socket; Serve() answers each connection with `respond` in a thread.
class TestServer {
 public:
  TestServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 16);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~TestServer() {
    stop_ = true;
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    if (thread_.joinable()) thread_.join();
  }
  std::string url(const std::string& path = "") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

  // Answers every request with the bytes `respond(request_path)` returns.
  template <typename F>
  void Serve(F respond) {
    thread_ = std::thread([this, respond] {
      while (!stop_) {
        int c = accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        std::string request;
        char buf[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
          ssize_t n = recv(c, buf, sizeof buf, 0);
          if (n <= 0) break;
          request.append(buf, static_cast<size_t>(n));
        }
        auto sp = request.find(' ');
        std::string path = request.substr(sp + 1, request.find(' ', sp + 1) - sp - 1);
        std::string reply = respond(path);
        for (size_t off = 0; off < reply.size();) {
          ssize_t n = send(c, reply.data() + off, reply.size() - off, MSG_NOSIGNAL);
          if (n <= 0) break;
          off += static_cast<size_t>(n);
        }
        close(c);
      }
    });
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::string Response(int status, const std::string& reason, const std::string& body,
                     const std::string& extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n" + extra_headers + "\r\n" + body;
}

std::string ErrorOf(const std::string& url, const FetchOptions& options = {}) {
  try {
    HttpGet(url, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(HttpGet, ReturnsStatusReasonAndBody) {
  TestServer server;
  server.Serve([](const std::string& path) {
    return path == "/ok" ? Response(200, "OK", "hello", "Content-Type: text/plain\r\n")
                         : Response(418, "I'm a teapot", "no");
  });
  HttpResponse ok = HttpGet(server.url("/ok"), {});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "hello");
  EXPECT_EQ(ok.content_type, "text/plain");
  HttpResponse teapot = HttpGet(server.url("/x"), {});
  EXPECT_EQ(teapot.status, 418);
  EXPECT_EQ(teapot.reason, "I'm a teapot");
}

TEST(HttpGet, FollowsRedirectsUpToFive) {
  TestServer server;
  server.Serve([](const std::string& path) {
    if (path == "/final") return Response(200, "OK", "done");
    if (path.starts_with("/hop")) {
      int n = std::stoi(path.substr(4));
      std::string next = n >= 3 ? "/final" : "/hop" + std::to_string(n + 1);
      return Response(302, "Found", "", "Location: " + next + "\r\n");
    }
    return Response(302, "Found", "", "Location: /loop\r\n");  // forever
  });
  HttpResponse r = HttpGet(server.url("/hop0"), {});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "done");
  EXPECT_EQ(r.effective_url, server.url("/final"));
  std::string error = ErrorOf(server.url("/loop"));
  EXPECT_NE(error.find(server.url("/loop") + ": more than 5 redirects"), std::string::npos) << error;
}

TEST(HttpGet, AbortsBodiesOverTheCap) {
  TestServer server;
  std::string big(3 << 20, 'x');
  server.Serve([&big](const std::string& path) {
    // /chunked sends no Content-Length, so only the running count can stop it.
    if (path == "/chunked") return "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + big;
    return Response(200, "OK", big);
  });
  FetchOptions options;
  options.max_body_bytes = 1 << 20;
  for (const char* path : {"/sized", "/chunked"}) {
    std::string error = ErrorOf(server.url(path), options);
    EXPECT_NE(error.find("larger than the 1 MiB cap"), std::string::npos) << path << ": " << error;
  }
}

TEST(HttpGet, RefusedAndTimedOut) {
  int port;
  {
    TestServer closed;  // bound, then closed: nothing listens on the port any more
    port = std::stoi(closed.url().substr(17));
  }
  std::string refused = ErrorOf("http://127.0.0.1:" + std::to_string(port) + "/");
  EXPECT_NE(refused.find("connection refused"), std::string::npos) << refused;

  TestServer silent;  // listens (the kernel accepts the connection) but never answers
  FetchOptions options;
  options.timeout_seconds = 0.5;
  auto start = std::chrono::steady_clock::now();
  std::string timed_out = ErrorOf(silent.url("/debug/pprof/heap"), options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(timed_out.find(silent.url("/debug/pprof/heap") + ": timed out after 0.5 s"), std::string::npos) << timed_out;
  EXPECT_LT(seconds, 5);
}

TEST(FetchService, HtmlAndErrorsNameTheUrl) {
  TestServer server;
  server.Serve([](const std::string& path) {
    if (path == "/debug/pprof/heap") return Response(200, "OK", "<!DOCTYPE html><html><body>login</body></html>");
    return Response(500, "Internal Server Error", "boom");
  });
  try {
    FetchService(server.url(), false, {});
    FAIL() << "an HTML page was taken for a profile";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(server.url("/debug/pprof/heap") + ": the server sent an HTML page"),
              std::string::npos)
        << e.what();
  }
}

TEST(FetchService, MissingVarsIsANote) {
  TestServer server;
  server.Serve([](const std::string& path) {
    if (path == "/debug/pprof/heap") return Response(200, "OK", "not parsed here");
    return Response(404, "Not Found", "404 page not found");
  });
  ServiceFetch fetch = FetchService(server.url(), false, {});
  EXPECT_EQ(fetch.profile_bytes, "not parsed here");
  EXPECT_FALSE(fetch.vars_bytes);
  EXPECT_NE(fetch.vars_note.find("no /debug/vars on this service"), std::string::npos) << fetch.vars_note;
  EXPECT_NE(fetch.vars_note.find("MemStats unknown"), std::string::npos);
}

TEST(RedactUrl, PasswordsAreNeverShown) {
  EXPECT_EQ(RedactUrl("http://user:pass@host:6060/debug/pprof/heap"), "http://user:***@host:6060/debug/pprof/heap");
  EXPECT_EQ(RedactUrl("https://u:p%40ss@h"), "https://u:***@h");
  EXPECT_EQ(RedactUrl("http://user@host/"), "http://user@host/");
  EXPECT_EQ(RedactUrl("http://host/a@b:c"), "http://host/a@b:c");  // an @ in the path is no userinfo
  EXPECT_EQ(RedactUrl("heap.pb.gz"), "heap.pb.gz");
  EXPECT_EQ(UrlScheme("FTP://x/y"), "ftp");
  EXPECT_EQ(UrlScheme("heap.pb.gz"), std::nullopt);
  EXPECT_EQ(UrlScheme("dir/a://b"), std::nullopt);
}

TEST(HttpGet, RedirectsToAnotherHostAreRefused) {
  TestServer server;
  int port = std::stoi(server.url().substr(17));
  server.Serve([port](const std::string& path) {
    if (path == "/away") return Response(302, "Found", "", "Location: http://localhost:" + std::to_string(port) + "/x\r\n");
    if (path == "/near") return Response(302, "Found", "", "Location: http://127.0.0.1:" + std::to_string(port) + "/ok\r\n");
    return Response(200, "OK", "fine");
  });
  std::string secret = "http://user:hunter2@127.0.0.1:" + std::to_string(port);
  std::string error = ErrorOf(secret + "/away");
  EXPECT_NE(error.find("redirected to another host (http://localhost:"), std::string::npos) << error;
  EXPECT_NE(error.find("http://user:***@127.0.0.1:"), std::string::npos) << error;
  EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
  EXPECT_EQ(HttpGet(server.url("/near"), {}).body, "fine");
}

TEST(SaveDir, TwoUrlsOfOneServiceGetTheirOwnFilesAndLinksAreNotFollowed) {
  std::ifstream in(std::string(HEAPDOC_SOURCE_DIR) + "/testdata/scattered/heap.pb.gz", std::ios::binary);
  std::string profile((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  TestServer server;
  server.Serve([&profile](const std::string& path) {
    if (path.ends_with("/debug/pprof/heap")) return Response(200, "OK", profile);
    if (path.ends_with("/debug/pprof/allocs")) return Response(200, "OK", "plain words, no profile\n");
    return Response(404, "Not Found", "404 page not found");
  });
  std::string dir = ::testing::TempDir() + "heapdoc-save-" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string victim = dir + "-victim";
  { std::ofstream(victim) << "keep me"; }
  std::string host = "127.0.0.1_" + server.url().substr(17) + "-";
  std::filesystem::create_symlink(victim, dir + "/" + host + "heap.pb.gz");  // planted
  LoadOptions options;
  options.save_dir = dir;
  options.save_with_host = true;
  LoadedInput a = LoadHeapInput({server.url("/a/debug/pprof/heap")}, options);
  LoadedInput b = LoadHeapInput({server.url("/b/debug/pprof/heap")}, options);
  ASSERT_EQ(a.saved_files.size(), 1u);
  ASSERT_EQ(b.saved_files.size(), 1u);
  EXPECT_EQ(a.saved_files[0], dir + "/" + host + "heap.pb.gz");
  EXPECT_EQ(b.saved_files[0], dir + "/" + host.substr(0, host.size() - 1) + "-2-heap.pb.gz");
  EXPECT_FALSE(std::filesystem::is_symlink(a.saved_files[0]));
  EXPECT_EQ(std::filesystem::file_size(a.saved_files[0]), profile.size());
  // A body heapdoc refuses is kept, and the error says where.
  try {
    LoadHeapInput({server.url("/c/debug/pprof/allocs")}, options);
    ADD_FAILURE() << "a text body was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("(the body was saved as " + dir + "/" + host.substr(0, host.size() - 1) +
                                         "-3-allocs.txt)"),  // named by its kind: text
              std::string::npos)
        << e.what();
  }
  std::ifstream v(victim);
  std::string kept((std::istreambuf_iterator<char>(v)), std::istreambuf_iterator<char>());
  EXPECT_EQ(kept, "keep me");
  std::filesystem::remove_all(dir);
  std::filesystem::remove(victim);
}

// Whether any libcurl (libcurl.so.4, libcurl-gnutls.so.4, ...) is mapped into this process.
bool MapsLibcurl() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line))
    if (line.find("/libcurl") != std::string::npos) return true;
  return false;
}

// 0 when libcurl is not loaded before a first fetch and is loaded after it; else says why on stderr.
int CheckCurlLoadsAtTheFirstFetch() {
  if (MapsLibcurl() || CurlLoaded()) {
    std::fputs("libcurl is loaded before any URL fetch\n", stderr);
    return 1;
  }
  bool fetched;
  {
    TestServer server;
    server.Serve([](const std::string&) { return Response(200, "OK", "hello"); });
    fetched = HttpGet(server.url("/"), {}).body == "hello";
  }
  if (!fetched || !MapsLibcurl() || !CurlLoaded()) {
    std::fprintf(stderr, "after a fetch: fetched %d, libcurl mapped %d, CurlLoaded %d\n", fetched, MapsLibcurl(),
                 CurlLoaded());
    return 2;
  }
  return 0;
}

// Starting heapdoc must not pay for libcurl and its TLS stack: it is opened at the first fetch. Checked
// in a fresh process (a threadsafe death test re-executes this binary), as other tests here fetch.
TEST(CurlLibrary, LoadedAtTheFirstFetchNotBefore) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(std::_Exit(CheckCurlLoadsAtTheFirstFetch()), ::testing::ExitedWithCode(0), "");
}

TEST(CurlLibrary, MissingLibraryIsAnErrorNotACrash) {
  CurlLoad load = OpenCurlLibrary("libcurl-heapdoc-absent.so.4");
  EXPECT_NE(load.error.find("libcurl-heapdoc-absent.so.4"), std::string::npos) << load.error;
  EXPECT_EQ(load.functions.easy_init, nullptr);
  CurlLoad real = OpenCurlLibrary(kCurlSoname);
  EXPECT_EQ(real.error, "");
  EXPECT_NE(real.functions.easy_setopt, nullptr);
}

}  // namespace
}  // namespace heapdoc
