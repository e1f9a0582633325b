// libcurl, opened with dlopen at the first URL fetch rather than linked: most runs read files, and a
// linked libcurl maps its TLS stack (~30 libraries, ~6 MB RSS, ~5 ms) into every start of heapdoc.
#pragma once

#include <curl/curl.h>  // types and constants only: no libcurl symbol is linked

#include <string>

namespace heapdoc {

// libcurl's SONAME (Debian's libcurl4, which libcurl4-openssl-dev builds against).
inline constexpr const char* kCurlSoname = "libcurl.so.4";

// The libcurl functions heapdoc calls, resolved with dlsym; same signatures as <curl/curl.h>
// (easy_setopt and easy_getinfo are variadic there too).
struct CurlLibrary {
  decltype(&curl_global_init) global_init = nullptr;
  decltype(&curl_easy_init) easy_init = nullptr;
  decltype(&curl_easy_setopt) easy_setopt = nullptr;
  decltype(&curl_easy_perform) easy_perform = nullptr;
  decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&curl_easy_strerror) easy_strerror = nullptr;
};

// What opening a libcurl brought: every function, or why not (dlerror's text, which names the file).
struct CurlLoad {
  CurlLibrary functions;
  std::string error;  // empty on success
};

// Opens `soname` and resolves every function of CurlLibrary; never throws. Keeps it open.
CurlLoad OpenCurlLibrary(const char* soname);

// The process's libcurl: opened and curl_global_init'ed once, thread-safely, by the first call.
// When it cannot be loaded, every call throws InputError(url, "fetching URLs needs libcurl ...").
const CurlLibrary& Curl(const std::string& url);

// Whether Curl() has loaded libcurl in this process (nothing loads it before the first fetch).
bool CurlLoaded();

}  // namespace heapdoc
