// Fetching a live Go service's heap profile (net/http/pprof) and its expvar /debug/vars over HTTP
// with libcurl (opened at the first fetch, curl_library.h): bounded in time and size, every failure
// one line naming the URL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace heapdoc {

struct FetchOptions {
  double timeout_seconds = 30;                 // connect and whole transfer, each
  uint64_t max_body_bytes = 512ull << 20;      // the transfer is aborted past this
  long max_redirects = 5;
};

struct HttpResponse {
  std::string url;             // as requested
  std::string effective_url;   // after redirects
  long status = 0;
  std::string reason;          // "Not Found"; from the status line, or the standard phrase
  std::string content_type;
  std::string body;
};

// True for http:// and https:// (case-insensitive scheme).
bool IsHttpUrl(std::string_view text);

// "ftp" for "ftp://...", lowercased; nullopt when the text does not start like a URL.
std::optional<std::string> UrlScheme(std::string_view text);

// The URL as it may be shown: a password in it becomes *** (http://user:***@host/...).
std::string RedactUrl(std::string_view url);

// One GET. Throws Error("<url>: ...") on transport failures (refused, timeout, DNS, TLS, body over
// the cap, too many redirects, a redirect to another host: only same-host redirects are followed) and when libcurl cannot be loaded; any HTTP status is returned.
HttpResponse HttpGet(const std::string& url, const FetchOptions& options);

// The URLs of one service: a base URL (http://host:6060, or .../debug/pprof/) means its
// /debug/pprof/heap; a profile URL (/debug/pprof/heap, /allocs, any other path) is kept as given.
// /debug/vars sits beside /debug/pprof/ (or at the root). `gc` adds gc=1 to the profile URL.
struct ServiceUrls {
  std::string profile_url;
  std::string vars_url;
  std::string profile_name;  // "allocs" for /debug/pprof/allocs, else "heap": names saved files
};
ServiceUrls ResolveServiceUrls(const std::string& url, bool gc);

// What one visit to a service brought back: the profile body, and /debug/vars when it exists.
struct ServiceFetch {
  ServiceUrls urls;
  std::string profile_bytes;             // as sent (usually gzip)
  std::optional<std::string> vars_bytes; // nullopt when the service has no usable /debug/vars
  std::string vars_note;                 // why vars_bytes is empty, for the report's notes
};

// Fetches the profile (HTTP errors and non-profile bodies such as HTML pages throw Error naming
// the URL), then /debug/vars; a missing or failing /debug/vars is a note, not an error.
ServiceFetch FetchService(const std::string& url, bool gc, const FetchOptions& options);

}  // namespace heapdoc
