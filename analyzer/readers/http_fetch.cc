#include "analyzer/readers/http_fetch.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <cmath>
#include <memory>

#include <fmt/format.h>

#include "analyzer/readers/curl_library.h"
#include "analyzer/readers/memstats_reader.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const char* StandardReason(long status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

struct Transfer {
  HttpResponse* response;
  uint64_t max_body_bytes;
  bool over_cap = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string& body = t->response->body;
  if (body.size() + n > t->max_body_bytes) {
    t->over_cap = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  // Grows by doubling but never past the cap, and straight to the cap when one more doubling would
  // pass it (a copy from just under the cap would hold twice the cap): an endless (chunked) body
  // stops at the cap. (std::string's own growth, reserve() included, doubles past any request.)
  if (body.size() + n > body.capacity()) {
    uint64_t capacity = std::max<uint64_t>(2 * body.capacity(), body.size() + n);
    if (2 * capacity > t->max_body_bytes) capacity = t->max_body_bytes;
    std::string grown;
    grown.reserve(capacity);
    grown.append(body);
    body.swap(grown);
  }
  body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  // Each response of a redirect chain starts with its status line; the last one wins.
  if (line.starts_with("HTTP/")) {
    auto sp1 = line.find(' ');
    auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    std::string reason;
    if (sp2 != std::string_view::npos) reason = std::string(line.substr(sp2 + 1));
    while (!reason.empty() && (reason.back() == '\r' || reason.back() == '\n' || reason.back() == ' ')) reason.pop_back();
    t->response->reason = reason;
  }
  return n;
}

std::string DescribeCurlError(const CurlLibrary& lib, CURL* curl, CURLcode code, const char* detail,
                              const Transfer& t, const FetchOptions& options) {
  long os_errno = 0;
  lib.easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return fmt::format("timed out after {} s (--timeout)", options.timeout_seconds);
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED) return "cannot connect: connection refused (is the service listening there?)";
      return std::string("cannot connect: ") + (os_errno ? std::strerror(static_cast<int>(os_errno)) : detail);
    case CURLE_COULDNT_RESOLVE_HOST:
      return "cannot resolve the host name";
    case CURLE_TOO_MANY_REDIRECTS:
      return fmt::format("more than {} redirects", options.max_redirects);
    case CURLE_FILESIZE_EXCEEDED:
      return fmt::format("the body is larger than the {} MiB cap", options.max_body_bytes >> 20);
    case CURLE_WRITE_ERROR:
      if (t.over_cap) return fmt::format("the body is larger than the {} MiB cap; transfer aborted", options.max_body_bytes >> 20);
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "unsupported protocol (only http:// and https://, also for redirects)";
    default:
      break;
  }
  return std::string(detail[0] ? detail : lib.easy_strerror(code));
}

bool LooksLikeHtml(const HttpResponse& r) {
  if (Lower(r.content_type).find("text/html") != std::string::npos) return true;
  std::string_view body = r.body;
  auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  std::string head = Lower(body.substr(first, 15));
  return head.starts_with("<!doctype html") || head.starts_with("<html");
}

// Splits "scheme://authority/path?query#fragment" at the path; the fragment is dropped.
struct UrlParts {
  std::string origin;  // scheme://authority
  std::string path;
  std::string query;   // without '?'
};

UrlParts SplitUrl(const std::string& url) {
  UrlParts parts;
  std::string rest = url.substr(0, url.find('#'));
  auto scheme_end = rest.find("://");
  auto path_start = rest.find_first_of("/?", scheme_end == std::string::npos ? 0 : scheme_end + 3);
  parts.origin = rest.substr(0, path_start);
  if (path_start == std::string::npos) return parts;
  std::string tail = rest.substr(path_start);
  auto q = tail.find('?');
  parts.path = tail.substr(0, q);
  if (q != std::string::npos) parts.query = tail.substr(q + 1);
  return parts;
}

// The host of "scheme://user:pass@host:port/...", lowercased, without userinfo and port.
std::string HostOf(const std::string& url) {
  std::string authority = SplitUrl(url).origin;
  auto scheme_end = authority.find("://");
  authority = authority.substr(scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority.front() == '[') return Lower(authority.substr(0, authority.find(']') + 1));
  return Lower(authority.substr(0, authority.find(':')));
}

}  // namespace

std::optional<std::string> UrlScheme(std::string_view text) {
  auto end = text.find("://");
  if (end == std::string_view::npos || end == 0 || !std::isalpha(static_cast<unsigned char>(text[0]))) return std::nullopt;
  for (char c : text.substr(0, end))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return std::nullopt;
  return Lower(text.substr(0, end));
}

std::string RedactUrl(std::string_view url) {
  auto start = url.find("://");
  if (start == std::string_view::npos) return std::string(url);
  start += 3;
  auto authority_end = url.find_first_of("/?#", start);
  std::string_view authority = url.substr(start, authority_end == std::string_view::npos ? url.npos : authority_end - start);
  auto at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  auto colon = authority.substr(0, at).find(':');
  if (colon == std::string_view::npos) return std::string(url);  // a user name alone is no secret
  std::string out(url.substr(0, start + colon + 1));
  out += "***";
  out += url.substr(start + at);
  return out;
}

bool IsHttpUrl(std::string_view text) {
  std::string head = Lower(text.substr(0, 8));
  return head.starts_with("http://") || head.starts_with("https://");
}

HttpResponse HttpGet(const std::string& url, const FetchOptions& options) {
  const std::string shown = RedactUrl(url);  // every message names the URL without its password
  const CurlLibrary& lib = Curl(shown);  // loads libcurl at the first fetch; throws if it is missing
  std::unique_ptr<CURL, decltype(lib.easy_cleanup)> curl(lib.easy_init(), lib.easy_cleanup);
  if (!curl) throw InputError(shown, "cannot start an HTTP transfer (libcurl)");
  HttpResponse response;
  response.url = url;
  Transfer transfer{&response, options.max_body_bytes};
  char error[CURL_ERROR_SIZE] = {0};
  auto timeout_ms = static_cast<long>(std::ceil(options.timeout_seconds * 1000));
  CURL* c = curl.get();
  lib.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  lib.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  lib.easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  // Redirects are followed here, not by libcurl, so that they stay on the same host: the
  // service's credentials and profile must not be handed to another one.
  lib.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  lib.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  lib.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  lib.easy_setopt(c, CURLOPT_USERAGENT, "heapdoc/0.1");
  lib.easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  lib.easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  lib.easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
  lib.easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  lib.easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
  std::string current = url;
  for (long redirects = 0;; ++redirects) {
    lib.easy_setopt(c, CURLOPT_URL, current.c_str());
    response.body.clear();
    response.reason.clear();
    CURLcode code = lib.easy_perform(c);
    if (code != CURLE_OK) throw InputError(shown, DescribeCurlError(lib, c, code, error, transfer, options));
    lib.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    const char* location = nullptr;
    if (response.status / 100 != 3 || lib.easy_getinfo(c, CURLINFO_REDIRECT_URL, &location) != CURLE_OK || !location)
      break;
    std::string next = location;
    if (redirects == options.max_redirects)
      throw InputError(shown, fmt::format("more than {} redirects", options.max_redirects));
    if (!IsHttpUrl(next))
      throw InputError(shown, fmt::format("redirected to {}, which is not http or https; not followed", RedactUrl(next)));
    if (HostOf(next) != HostOf(current))
      throw InputError(shown, fmt::format("redirected to another host ({}); heapdoc follows redirects only on the "
                                          "same host", RedactUrl(next)));
    current = std::move(next);
  }
  response.effective_url = current;
  const char* type = nullptr;
  if (lib.easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type) response.content_type = type;
  if (response.reason.empty()) response.reason = StandardReason(response.status);
  return response;
}

ServiceUrls ResolveServiceUrls(const std::string& url, bool gc) {
  UrlParts parts = SplitUrl(url);
  ServiceUrls urls;
  std::string path = parts.path;
  static constexpr std::string_view kPprof = "/debug/pprof";
  auto at = path.find(kPprof);
  std::string prefix;
  if (at == std::string::npos) {
    // A base URL means the service's pprof; any other path is taken as the profile's own URL
    // (a file server, a proxy route), its MemStats looked for at the service root.
    if (path.empty() || path == "/") path = "/debug/pprof/heap";
  } else {
    prefix = path.substr(0, at);  // where a reverse proxy mounts the service
    std::string rest = path.substr(at + kPprof.size());
    if (rest.empty() || rest == "/") path = prefix + "/debug/pprof/heap";
  }
  urls.profile_name = path.ends_with("/allocs") ? "allocs" : "heap";
  std::string query = parts.query;
  if (gc && query.find("gc=") == std::string::npos) query += query.empty() ? "gc=1" : "&gc=1";
  urls.profile_url = parts.origin + path + (query.empty() ? "" : "?" + query);
  urls.vars_url = parts.origin + prefix + "/debug/vars";
  return urls;
}

ServiceFetch FetchService(const std::string& url, bool gc, const FetchOptions& options) {
  ServiceFetch fetch;
  fetch.urls = ResolveServiceUrls(url, gc);
  HttpResponse profile = HttpGet(fetch.urls.profile_url, options);
  const std::string purl = RedactUrl(fetch.urls.profile_url);
  if (profile.status != 200)
    throw InputError(purl, fmt::format("HTTP {}{}{}", profile.status, profile.reason.empty() ? "" : " ", profile.reason));
  if (LooksLikeHtml(profile))
    throw InputError(purl, "the server sent an HTML page, not a heap profile (is this the service's net/http/pprof? "
                           "give its base URL, e.g. http://host:6060, or .../debug/pprof/heap)");
  if (profile.body.empty()) throw InputError(purl, "the server sent an empty body, not a heap profile");
  fetch.profile_bytes = std::move(profile.body);

  try {
    FetchOptions vars_options = options;  // MemStats are a few KiB: the MemStats input limit applies
    vars_options.max_body_bytes = std::min(options.max_body_bytes, kMaxMemStatsInputBytes);
    HttpResponse vars = HttpGet(fetch.urls.vars_url, vars_options);
    const std::string vars_url = RedactUrl(fetch.urls.vars_url);
    if (vars.status == 404) {
      fetch.vars_note = fmt::format("no /debug/vars on this service ({}: HTTP 404): MemStats unknown", vars_url);
    } else if (vars.status != 200) {
      fetch.vars_note = fmt::format("{}: HTTP {} {}: MemStats unknown", vars_url, vars.status, vars.reason);
    } else if (LooksLikeHtml(vars)) {
      fetch.vars_note = fmt::format("{} is an HTML page, not expvar JSON: MemStats unknown", vars_url);
    } else {
      fetch.vars_bytes = std::move(vars.body);
    }
  } catch (const Error& e) {
    fetch.vars_note = std::string(e.what()) + ": MemStats unknown";
  }
  return fetch;
}

}  // namespace heapdoc
