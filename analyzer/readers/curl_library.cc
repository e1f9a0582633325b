#include "analyzer/readers/curl_library.h"

#include <dlfcn.h>

#include <atomic>

#include <fmt/format.h>

#include "heapmodel/error.h"

namespace heapdoc {
namespace {

std::atomic<bool> curl_loaded{false};

// Resolves `name` into `function`; false (dlerror in `error`) when the library lacks it.
template <typename Function>
bool Resolve(void* handle, const char* name, Function& function, std::string& error) {
  dlerror();  // clears a stale message
  function = reinterpret_cast<Function>(dlsym(handle, name));
  if (function) return true;
  const char* reason = dlerror();
  error = reason ? reason : fmt::format("{}: no symbol {}", kCurlSoname, name);
  return false;
}

}  // namespace

CurlLoad OpenCurlLibrary(const char* soname) {
  CurlLoad load;
  void* handle = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* reason = dlerror();
    load.error = reason ? reason : fmt::format("{}: cannot be opened", soname);
    return load;
  }
  CurlLibrary& f = load.functions;
  bool ok = Resolve(handle, "curl_global_init", f.global_init, load.error) &&
            Resolve(handle, "curl_easy_init", f.easy_init, load.error) &&
            Resolve(handle, "curl_easy_setopt", f.easy_setopt, load.error) &&
            Resolve(handle, "curl_easy_perform", f.easy_perform, load.error) &&
            Resolve(handle, "curl_easy_getinfo", f.easy_getinfo, load.error) &&
            Resolve(handle, "curl_easy_cleanup", f.easy_cleanup, load.error) &&
            Resolve(handle, "curl_easy_strerror", f.easy_strerror, load.error);
  if (!ok) {
    load.functions = {};
    dlclose(handle);
  }
  return load;
}

const CurlLibrary& Curl(const std::string& url) {
  // A function-local static: opened once even when a fleet fetches from several threads, and
  // curl_global_init (not thread-safe) runs inside that one initialisation.
  static const CurlLoad load = [] {
    CurlLoad opened = OpenCurlLibrary(kCurlSoname);
    if (opened.error.empty()) {
      CURLcode code = opened.functions.global_init(CURL_GLOBAL_DEFAULT);
      if (code != CURLE_OK) {
        opened.error = fmt::format("{}: curl_global_init failed: {}", kCurlSoname, opened.functions.easy_strerror(code));
      } else {
        curl_loaded = true;
      }
    }
    return opened;
  }();
  if (!load.error.empty())
    throw InputError(url, fmt::format("fetching URLs needs libcurl ({}); install it with apt-get install libcurl4", load.error));
  return load.functions;
}

bool CurlLoaded() { return curl_loaded; }

}  // namespace heapdoc
