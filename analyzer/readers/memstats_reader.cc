#include "analyzer/readers/memstats_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyzer/readers/byte_stream.h"
#include "analyzer/readers/prometheus_reader.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

using nlohmann::json;

constexpr std::string_view kTrailerMarker = "# runtime.MemStats";
constexpr std::string_view kFormsWeRead =
    "runtime.MemStats JSON, expvar /debug/vars, a ?debug=1 heap profile or Prometheus go_memstats_* "
    "text";

// The fields every form has; without them there is nothing to analyse.
constexpr const char* kRequiredFields[] = {"HeapInuse", "HeapAlloc", "HeapSys", "HeapIdle",
                                           "HeapReleased"};

// 2^64 as a double: the first value that does not fit in uint64.
constexpr double kTwoTo64 = 18446744073709551616.0;

std::string JoinFields(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string MissingFieldsProblem(const std::vector<std::string>& missing) {
  return fmt::format("not runtime.MemStats: no {} field{}", JoinFields(missing),
                     missing.size() == 1 ? "" : "s");
}

std::string Excerpt(std::string_view text, size_t max = 40) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "...";
}

void Finish(MemStats& stats) { stats.notes = MemStatsConsistencyNotes(stats); }

// ---------------------------------------------------------------------------------------------
// JSON: json.Marshal(runtime.MemStats) and expvar's /debug/vars.

class JsonMemStatsReader {
 public:
  JsonMemStatsReader(const json& object, std::string prefix, const std::string& source)
      : object_(object), prefix_(std::move(prefix)), source_(source) {}

  MemStats Read(MemStatsForm form) {
    std::vector<std::string> missing;
    for (const char* name : kRequiredFields) {
      if (!object_.contains(name)) missing.push_back(name);
    }
    if (!missing.empty()) throw InputError(source_, MissingFieldsProblem(missing));

    MemStats m;
    m.form = form;
    m.origin = source_;
    m.heap_alloc = *U64("HeapAlloc");
    m.heap_sys = *U64("HeapSys");
    m.heap_idle = *U64("HeapIdle");
    m.heap_inuse = *U64("HeapInuse");
    m.heap_released = *U64("HeapReleased");
    m.heap_objects = U64("HeapObjects");
    m.alloc = U64("Alloc");
    m.total_alloc = U64("TotalAlloc");
    m.sys = U64("Sys");
    m.lookups = U64("Lookups");
    m.mallocs = U64("Mallocs");
    m.frees = U64("Frees");
    m.stack_inuse = U64("StackInuse");
    m.stack_sys = U64("StackSys");
    m.mspan_inuse = U64("MSpanInuse");
    m.mspan_sys = U64("MSpanSys");
    m.mcache_inuse = U64("MCacheInuse");
    m.mcache_sys = U64("MCacheSys");
    m.buck_hash_sys = U64("BuckHashSys");
    m.gc_sys = U64("GCSys");
    m.other_sys = U64("OtherSys");
    m.next_gc = U64("NextGC");
    m.last_gc = U64("LastGC");
    m.pause_total_ns = U64("PauseTotalNs");
    m.num_gc = U32("NumGC");
    m.num_forced_gc = U32("NumForcedGC");
    m.gc_cpu_fraction = F64("GCCPUFraction");
    m.enable_gc = Bool("EnableGC");
    m.debug_gc = Bool("DebugGC");
    m.pause_ns = U64Array("PauseNs");
    m.pause_end = U64Array("PauseEnd");
    m.by_size = BySize();
    return m;
  }

 private:
  [[noreturn]] void WrongType(const std::string& field, const json& value, const char* expected) const {
    throw InputError(source_, fmt::format("{}{} is {} ({}), expected {}", prefix_, field,
                                          Described(value), Excerpt(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)), expected));
  }
  static const char* Described(const json& value) {
    if (value.is_number_float()) return "a fraction or out-of-range number";
    if (value.is_number_integer() && !value.is_number_unsigned()) return "negative";
    if (value.is_string()) return "a string";
    if (value.is_null()) return "null";
    if (value.is_boolean()) return "a boolean";
    if (value.is_array()) return "an array";
    if (value.is_object()) return "an object";
    return "a number";
  }

  uint64_t ToU64(const std::string& field, const json& v) const {
    if (v.is_number_unsigned()) return v.get<uint64_t>();
    if (v.is_number_float()) {
      // Go writes integers, but a re-serializer may turn them into 1.2e+07.
      double d = v.get<double>();
      if (std::isfinite(d) && d >= 0 && d < kTwoTo64 && d == std::floor(d)) return static_cast<uint64_t>(d);
    }
    WrongType(field, v, "a non-negative integer below 2^64");
  }

  std::optional<uint64_t> U64(const char* name) const {
    auto it = object_.find(name);
    if (it == object_.end()) return std::nullopt;
    return ToU64(name, *it);
  }

  std::optional<uint32_t> U32(const char* name) const {
    auto it = object_.find(name);
    if (it == object_.end()) return std::nullopt;
    uint64_t v = ToU64(name, *it);
    if (v > std::numeric_limits<uint32_t>::max()) WrongType(name, *it, "a uint32");
    return static_cast<uint32_t>(v);
  }

  std::optional<double> F64(const char* name) const {
    auto it = object_.find(name);
    if (it == object_.end()) return std::nullopt;
    if (!it->is_number()) WrongType(name, *it, "a number");
    return it->get<double>();
  }

  std::optional<bool> Bool(const char* name) const {
    auto it = object_.find(name);
    if (it == object_.end()) return std::nullopt;
    if (!it->is_boolean()) WrongType(name, *it, "true or false");
    return it->get<bool>();
  }

  std::vector<uint64_t> U64Array(const char* name) const {
    std::vector<uint64_t> out;
    auto it = object_.find(name);
    if (it == object_.end()) return out;
    if (!it->is_array()) WrongType(name, *it, "an array of integers");
    out.reserve(it->size());
    for (size_t i = 0; i < it->size(); ++i) out.push_back(ToU64(fmt::format("{}[{}]", name, i), (*it)[i]));
    return out;
  }

  std::vector<BySizeEntry> BySize() const {
    std::vector<BySizeEntry> out;
    auto it = object_.find("BySize");
    if (it == object_.end()) return out;
    if (!it->is_array()) WrongType("BySize", *it, "an array of {Size, Mallocs, Frees}");
    out.reserve(it->size());
    for (size_t i = 0; i < it->size(); ++i) {
      const json& e = (*it)[i];
      std::string where = fmt::format("BySize[{}]", i);
      if (!e.is_object()) WrongType(where, e, "an object {Size, Mallocs, Frees}");
      JsonMemStatsReader entry(e, prefix_ + where + ".", source_);
      BySizeEntry b;
      b.size = entry.U32("Size").value_or(0);
      b.mallocs = entry.U64("Mallocs").value_or(0);
      b.frees = entry.U64("Frees").value_or(0);
      out.push_back(b);
    }
    return out;
  }

  const json& object_;
  std::string prefix_;  // "memstats." inside /debug/vars: names the field as the user sees it
  const std::string& source_;
};

bool HasAnyRequiredField(const json& object) {
  return std::any_of(std::begin(kRequiredFields), std::end(kRequiredFields),
                     [&](const char* name) { return object.contains(name); });
}

// Other programs publish their own "memstats" (Elastic Beats: beat.memstats with gc_next, rss, ...).
// Finding one explains the refusal better than "no HeapInuse".
void FindOtherMemstats(const json& value, const std::string& path, int depth,
                       std::vector<std::string>& found) {
  if (!value.is_object() || depth > 4 || found.size() >= 3) return;
  for (const auto& [key, child] : value.items()) {
    std::string child_path = path.empty() ? key : path + "." + key;
    if (key == "memstats" || key == "MemStats" || key == "mem_stats") {
      std::vector<std::string> keys;
      if (child.is_object()) {
        for (const auto& [k, unused] : child.items()) {
          (void)unused;
          if (keys.size() == 8) {
            keys.push_back("...");
            break;
          }
          keys.push_back(k);
        }
      }
      found.push_back(keys.empty() ? child_path
                                   : fmt::format("{} (with {})", child_path, JoinFields(keys)));
    }
    FindOtherMemstats(child, child_path, depth + 1, found);
  }
}

std::string ParseErrorProblem(const json::parse_error& e, size_t size) {
  std::string what = e.what();
  // "[json.exception.parse_error.101] parse error at line 3, column 7: syntax error ..." -> the tail.
  if (auto at = what.find("parse error"); at != std::string::npos) what = what.substr(at);
  if (e.byte >= size) return "truncated JSON (it ends inside a value): " + what;
  return "invalid JSON: " + what;
}

MemStats ParseJson(std::string_view text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw InputError(source, ParseErrorProblem(e, text.size()));
  } catch (const json::out_of_range& e) {
    // A number no double holds (1E400): nlohmann reports it as out_of_range.406, not a parse error.
    std::string what = e.what();
    if (auto at = what.find("number overflow"); at != std::string::npos) what = what.substr(at);
    throw InputError(source, "invalid JSON: " + what);
  }
  if (!doc.is_object()) {
    throw InputError(source, fmt::format("not runtime.MemStats: the JSON is {}, not an object",
                                         doc.is_array() ? "an array" : "a single value"));
  }
  if (HasAnyRequiredField(doc)) return JsonMemStatsReader(doc, "", source).Read(MemStatsForm::kRuntimeJson);

  auto memstats = doc.find("memstats");
  if (memstats != doc.end()) {
    if (!memstats->is_object()) {
      throw InputError(source, fmt::format("not runtime.MemStats: its \"memstats\" is {}, not an object",
                                           memstats->type_name()));
    }
    std::vector<std::string> missing;
    for (const char* name : kRequiredFields) {
      if (!memstats->contains(name)) missing.push_back(name);
    }
    if (!missing.empty()) {
      std::vector<std::string> keys;
      for (const auto& [k, unused] : memstats->items()) {
        (void)unused;
        if (keys.size() == 8) {
          keys.push_back("...");
          break;
        }
        keys.push_back(k);
      }
      throw InputError(source, fmt::format("not runtime.MemStats: its \"memstats\" has no {} field{}{}",
                                           JoinFields(missing), missing.size() == 1 ? "" : "s",
                                           keys.empty() ? "" : " (it has " + JoinFields(keys) + ")"));
    }
    return JsonMemStatsReader(*memstats, "memstats.", source).Read(MemStatsForm::kExpvar);
  }

  std::vector<std::string> missing(std::begin(kRequiredFields), std::end(kRequiredFields));
  std::string problem = MissingFieldsProblem(missing);
  std::vector<std::string> others;
  FindOtherMemstats(doc, "", 0, others);
  if (!others.empty()) {
    problem += fmt::format(" and no top-level \"memstats\"; found {}, which {} not Go's runtime.MemStats",
                           JoinFields(others), others.size() == 1 ? "is" : "are");
  } else if (doc.contains("cmdline")) {
    problem += " (an expvar /debug/vars document without \"memstats\"?)";
  }
  throw InputError(source, problem);
}

// ---------------------------------------------------------------------------------------------
// The "# runtime.MemStats" trailer of a ?debug=1 heap profile (runtime/pprof writeHeapInternal,
// unchanged from Go 1.12 to current): "# Name = value" lines; Stack, MSpan and MCache as
// "inuse / sys"; PauseNs and PauseEnd as "[n n ...]"; on Linux and macOS a final "# MaxRSS".

class TrailerReader {
 public:
  TrailerReader(const std::string& source, size_t line) : source_(source), line_(line) {}

  void SetLine(size_t line) { line_ = line; }

  [[noreturn]] void Fail(const std::string& problem) const {
    throw InputError(source_, fmt::format("line {}: # runtime.MemStats block: {}", line_, problem));
  }

  uint64_t U64(std::string_view name, std::string_view text) const {
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc::result_out_of_range) Fail(fmt::format("{} = {} is larger than uint64", name, text));
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      Fail(fmt::format("{} = \"{}\" is not a non-negative integer", name, Excerpt(text)));
    }
    return v;
  }

  uint32_t U32(std::string_view name, std::string_view text) const {
    uint64_t v = U64(name, text);
    if (v > std::numeric_limits<uint32_t>::max()) Fail(fmt::format("{} = {} is larger than uint32", name, text));
    return static_cast<uint32_t>(v);
  }

  double F64(std::string_view name, std::string_view text) const {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || !std::isfinite(v)) {
      Fail(fmt::format("{} = \"{}\" is not a number", name, Excerpt(text)));
    }
    return v;
  }

  bool Bool(std::string_view name, std::string_view text) const {
    if (text == "true") return true;
    if (text == "false") return false;
    Fail(fmt::format("{} = \"{}\" is not true or false", name, Excerpt(text)));
  }

  std::pair<uint64_t, uint64_t> Pair(std::string_view name, std::string_view text) const {
    size_t slash = text.find(" / ");
    if (slash == std::string_view::npos) Fail(fmt::format("{} = \"{}\" is not \"inuse / sys\"", name, Excerpt(text)));
    return {U64(name, text.substr(0, slash)), U64(name, text.substr(slash + 3))};
  }

  std::vector<uint64_t> Array(std::string_view name, std::string_view text) const {
    if (text.size() < 2 || text.front() != '[' || text.back() != ']') {
      Fail(fmt::format("{} = \"{}\" is not an array [n n ...]", name, Excerpt(text)));
    }
    text = text.substr(1, text.size() - 2);
    std::vector<uint64_t> out;
    while (!text.empty()) {
      size_t space = text.find(' ');
      std::string_view item = text.substr(0, space);
      if (!item.empty()) out.push_back(U64(name, item));
      text.remove_prefix(space == std::string_view::npos ? text.size() : space + 1);
    }
    return out;
  }

 private:
  const std::string& source_;
  size_t line_;
};

// Where the marker line starts, or npos.
size_t FindTrailerMarker(std::string_view text) {
  for (size_t at = text.find(kTrailerMarker); at != std::string_view::npos;
       at = text.find(kTrailerMarker, at + 1)) {
    size_t end = at + kTrailerMarker.size();
    bool line_start = at == 0 || text[at - 1] == '\n';
    bool line_end = end == text.size() || text[end] == '\n' || text[end] == '\r';
    if (line_start && line_end) return at;
  }
  return std::string_view::npos;
}

}  // namespace

// The block's state between lines.
struct TextProfileTrailerParser::State {
  State(const std::string& source, size_t marker_line) : r(source, marker_line), line_number(marker_line), source(source) {
    m.form = MemStatsForm::kTextTrailer;
    m.origin = source;
  }
  TrailerReader r;
  size_t line_number;
  const std::string& source;
  MemStats m;
  std::set<std::string, std::less<>> seen;
};

TextProfileTrailerParser::TextProfileTrailerParser(const std::string& source, size_t marker_line)
    : state_(std::make_unique<State>(source, marker_line)) {}
TextProfileTrailerParser::~TextProfileTrailerParser() = default;

bool TextProfileTrailerParser::Line(std::string_view line) {
  State& st = *state_;
  MemStats& m = st.m;
  TrailerReader& r = st.r;
  auto& seen = st.seen;
  r.SetLine(++st.line_number);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return true;
  if (!line.starts_with("# ")) return false;  // the block ends (another profile may follow)
  line.remove_prefix(2);
  size_t eq = line.find(" = ");
  if (eq == std::string_view::npos) return true;  // a line newer Go may add: not ours to judge
  std::string_view name = line.substr(0, eq), value = line.substr(eq + 3);
  seen.emplace(name);
  if (name == "Alloc") m.alloc = r.U64(name, value);
  else if (name == "TotalAlloc") m.total_alloc = r.U64(name, value);
  else if (name == "Sys") m.sys = r.U64(name, value);
  else if (name == "Lookups") m.lookups = r.U64(name, value);
  else if (name == "Mallocs") m.mallocs = r.U64(name, value);
  else if (name == "Frees") m.frees = r.U64(name, value);
  else if (name == "HeapAlloc") m.heap_alloc = r.U64(name, value);
  else if (name == "HeapSys") m.heap_sys = r.U64(name, value);
  else if (name == "HeapIdle") m.heap_idle = r.U64(name, value);
  else if (name == "HeapInuse") m.heap_inuse = r.U64(name, value);
  else if (name == "HeapReleased") m.heap_released = r.U64(name, value);
  else if (name == "HeapObjects") m.heap_objects = r.U64(name, value);
  else if (name == "Stack") std::tie(m.stack_inuse, m.stack_sys) = r.Pair(name, value);
  else if (name == "MSpan") std::tie(m.mspan_inuse, m.mspan_sys) = r.Pair(name, value);
  else if (name == "MCache") std::tie(m.mcache_inuse, m.mcache_sys) = r.Pair(name, value);
  else if (name == "BuckHashSys") m.buck_hash_sys = r.U64(name, value);
  else if (name == "GCSys") m.gc_sys = r.U64(name, value);
  else if (name == "OtherSys") m.other_sys = r.U64(name, value);
  else if (name == "NextGC") m.next_gc = r.U64(name, value);
  else if (name == "LastGC") m.last_gc = r.U64(name, value);
  else if (name == "PauseNs") m.pause_ns = r.Array(name, value);
  else if (name == "PauseEnd") m.pause_end = r.Array(name, value);
  else if (name == "NumGC") m.num_gc = r.U32(name, value);
  else if (name == "NumForcedGC") m.num_forced_gc = r.U32(name, value);
  else if (name == "GCCPUFraction") m.gc_cpu_fraction = r.F64(name, value);
  else if (name == "EnableGC") m.enable_gc = r.Bool(name, value);
  else if (name == "DebugGC") m.debug_gc = r.Bool(name, value);
  else if (name == "MaxRSS") m.max_rss = r.U64(name, value);
  return true;
}

MemStats TextProfileTrailerParser::Finish() {
  State& st = *state_;
  MemStats& m = st.m;
  const std::string& source = st.source;
  auto& seen = st.seen;
  std::vector<std::string> missing;
  for (const char* name : kRequiredFields) {
    if (!seen.contains(std::string_view(name))) missing.push_back(name);
  }
  if (!missing.empty()) {
    throw InputError(source, fmt::format("the # runtime.MemStats block has no {} line{} (the file is cut off?)",
                                         JoinFields(missing), missing.size() == 1 ? "" : "s"));
  }
  // The trailer has no PauseTotalNs; the pause buffer holds it when no more than 256 GCs ran.
  if (m.num_gc && *m.num_gc <= m.pause_ns.size()) {
    uint64_t total = 0;
    for (uint64_t ns : m.pause_ns) total += ns;
    m.pause_total_ns = total;
  }
  heapdoc::Finish(m);
  return m;
}

namespace {

MemStats ParseTrailerBlock(std::string_view text, size_t marker, const std::string& source) {
  size_t line_number = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + marker, '\n'));
  TextProfileTrailerParser parser(source, line_number);
  std::string_view rest = text.substr(marker + kTrailerMarker.size());
  rest.remove_prefix(std::min(rest.size(), rest.find('\n') + 1));  // the marker's line end
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    if (!parser.Line(line)) break;
  }
  return parser.Finish();
}

// ---------------------------------------------------------------------------------------------
// Prometheus: client_golang's Go collector. Only totals exist; no BySize, no pause buffer.

uint64_t PromToU64(const PromSample& s, const std::string& source) {
  double v = s.value;
  if (!std::isfinite(v) || v < 0 || v >= kTwoTo64) {
    throw InputError(source, fmt::format("line {}: {} is {}, expected a non-negative count below 2^64",
                                         s.line, s.name, v));
  }
  return static_cast<uint64_t>(std::nearbyint(v));
}

MemStats ParsePrometheus(std::string_view text, const std::string& source) {
  PromExposition exposition = ParsePrometheusText(text, source);

  // One series per metric: several (instances, jobs) would mix processes.
  std::map<std::string, const PromSample*, std::less<>> series;
  for (const PromSample& s : exposition.samples) {
    bool wanted = s.name.starts_with("go_memstats_") || s.name == "go_gc_duration_seconds_count" ||
                  s.name == "go_gc_duration_seconds_sum";
    if (!wanted) continue;
    auto [it, inserted] = series.emplace(s.name, &s);
    if (!inserted) {
      throw InputError(source, fmt::format(
          "line {}: a second {} series ({} and {} on line {}): the metrics of several processes; "
          "give heapdoc one process's /metrics",
          s.line, s.name, FormatPromLabels(s).empty() ? "no labels" : FormatPromLabels(s),
          FormatPromLabels(*it->second).empty() ? "no labels" : FormatPromLabels(*it->second),
          it->second->line));
    }
  }

  static constexpr std::pair<const char*, const char*> kRequiredMetrics[] = {
      {"HeapInuse", "go_memstats_heap_inuse_bytes"},   {"HeapAlloc", "go_memstats_heap_alloc_bytes"},
      {"HeapSys", "go_memstats_heap_sys_bytes"},       {"HeapIdle", "go_memstats_heap_idle_bytes"},
      {"HeapReleased", "go_memstats_heap_released_bytes"}};
  std::vector<std::string> missing;
  for (const auto& [field, metric] : kRequiredMetrics) {
    if (!series.contains(std::string_view(metric))) missing.push_back(metric);
  }
  if (!missing.empty()) {
    bool any = std::any_of(series.begin(), series.end(),
                           [](const auto& kv) { return kv.first.starts_with("go_memstats_"); });
    throw InputError(source, fmt::format(
        "not runtime.MemStats: Prometheus metrics without {}{}", JoinFields(missing),
        any ? "" : " (no go_memstats_* at all: not a Go service, or client_golang's Go collector is not "
                   "registered)"));
  }

  auto u64 = [&](const char* metric) -> std::optional<uint64_t> {
    auto it = series.find(std::string_view(metric));
    if (it == series.end()) return std::nullopt;
    return PromToU64(*it->second, source);
  };
  MemStats m;
  m.form = MemStatsForm::kPrometheus;
  m.origin = source;
  m.heap_alloc = *u64("go_memstats_heap_alloc_bytes");
  m.heap_sys = *u64("go_memstats_heap_sys_bytes");
  m.heap_idle = *u64("go_memstats_heap_idle_bytes");
  m.heap_inuse = *u64("go_memstats_heap_inuse_bytes");
  m.heap_released = *u64("go_memstats_heap_released_bytes");
  m.heap_objects = u64("go_memstats_heap_objects");
  m.alloc = u64("go_memstats_alloc_bytes");
  m.total_alloc = u64("go_memstats_alloc_bytes_total");
  m.sys = u64("go_memstats_sys_bytes");
  m.lookups = u64("go_memstats_lookups_total");
  m.mallocs = u64("go_memstats_mallocs_total");
  m.frees = u64("go_memstats_frees_total");
  m.stack_inuse = u64("go_memstats_stack_inuse_bytes");
  m.stack_sys = u64("go_memstats_stack_sys_bytes");
  m.mspan_inuse = u64("go_memstats_mspan_inuse_bytes");
  m.mspan_sys = u64("go_memstats_mspan_sys_bytes");
  m.mcache_inuse = u64("go_memstats_mcache_inuse_bytes");
  m.mcache_sys = u64("go_memstats_mcache_sys_bytes");
  m.buck_hash_sys = u64("go_memstats_buck_hash_sys_bytes");
  m.gc_sys = u64("go_memstats_gc_sys_bytes");
  m.other_sys = u64("go_memstats_other_sys_bytes");
  m.next_gc = u64("go_memstats_next_gc_bytes");
  if (auto it = series.find(std::string_view("go_memstats_last_gc_time_seconds")); it != series.end()) {
    PromSample ns = *it->second;
    ns.value *= 1e9;  // seconds since the epoch -> LastGC's nanoseconds (to float precision)
    m.last_gc = PromToU64(ns, source);
  }
  if (auto it = series.find(std::string_view("go_memstats_gc_cpu_fraction")); it != series.end()) {
    if (!std::isfinite(it->second->value)) {
      throw InputError(source, fmt::format("line {}: go_memstats_gc_cpu_fraction is {}", it->second->line,
                                           it->second->value));
    }
    m.gc_cpu_fraction = it->second->value;
  }
  // go_gc_duration_seconds is a summary over debug.ReadGCStats: _count = NumGC, _sum = PauseTotal.
  if (auto count = u64("go_gc_duration_seconds_count")) {
    if (*count > std::numeric_limits<uint32_t>::max()) {
      throw InputError(source, fmt::format("go_gc_duration_seconds_count {} is larger than uint32", *count));
    }
    m.num_gc = static_cast<uint32_t>(*count);
  }
  if (auto it = series.find(std::string_view("go_gc_duration_seconds_sum")); it != series.end()) {
    PromSample ns = *it->second;
    ns.value *= 1e9;
    m.pause_total_ns = PromToU64(ns, source);
  }
  return m;
}

// ---------------------------------------------------------------------------------------------

bool LooksBinary(std::string_view text) {
  std::string_view head = text.substr(0, 4096);
  size_t control = 0;
  for (unsigned char c : head) {
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') ++control;
  }
  return control * 20 > head.size();  // more than 5% control bytes
}

bool LooksPrometheus(std::string_view text) {
  return text.find("go_memstats_") != std::string_view::npos || text.starts_with("# HELP ") ||
         text.starts_with("# TYPE ") || text.find("\n# HELP ") != std::string_view::npos ||
         text.find("\n# TYPE ") != std::string_view::npos;
}

}  // namespace

std::optional<MemStats> ParseTextProfileTrailer(std::string_view text, const std::string& source) {
  size_t marker = FindTrailerMarker(text);
  if (marker == std::string_view::npos) return std::nullopt;
  return ParseTrailerBlock(text, marker, source);
}

namespace {

// `bytes` are already inflated; `gzipped` only improves a message.
MemStats ParseInflated(std::string_view bytes, const std::string& source, bool gzipped) {
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    throw InputError(source, bytes.empty() ? "empty file: no runtime.MemStats in it"
                                           : "only whitespace: no runtime.MemStats in it");
  }

  MemStats m;
  if (text[first] == '{' || text[first] == '[') {
    m = ParseJson(text, source);
  } else if (auto trailer = ParseTextProfileTrailer(text, source)) {
    return *trailer;
  } else if (text.substr(first).starts_with("heap profile:")) {
    throw InputError(source, "a ?debug=1 heap profile without its # runtime.MemStats block (cut off before "
                             "the end?)");
  } else if (LooksBinary(text)) {
    throw InputError(source, fmt::format("binary data{}, not runtime.MemStats ({})",
                                         gzipped ? " inside gzip (a pprof profile?)" : "", kFormsWeRead));
  } else if (LooksPrometheus(text)) {
    m = ParsePrometheus(text, source);
  } else {
    throw InputError(source, fmt::format("not runtime.MemStats in a form heapdoc reads ({}); it starts "
                                         "with \"{}\"",
                                         kFormsWeRead, Excerpt(text.substr(first, text.find('\n', first) - first))));
  }
  Finish(m);
  return m;
}

}  // namespace

MemStats ParseMemStats(std::string_view bytes, const std::string& source) {
  if (!LooksGzipped(bytes)) {
    if (bytes.size() > kMaxMemStatsInputBytes)
      throw InputError(source, fmt::format("larger than the {} MiB limit for MemStats (runtime.MemStats is a few KiB)",
                                           kMaxMemStatsInputBytes >> 20));
    return ParseInflated(bytes, source, false);
  }
  InputLimits limits;
  limits.max_inflated_bytes = kMaxMemStatsInputBytes;
  limits.max_file_bytes = kMaxMemStatsInputBytes;
  auto stream = OpenMemoryStream(std::string(bytes), source, limits);
  return ParseInflated(ReadAll(*stream, kMaxMemStatsInputBytes).bytes, source, true);
}

MemStats ReadMemStatsFile(const std::string& path) {
  InputLimits limits;
  limits.max_inflated_bytes = kMaxMemStatsInputBytes;
  limits.max_file_bytes = kMaxMemStatsInputBytes;
  InputBytes input = ReadInputFile(path, limits);
  return ParseInflated(input.bytes, path, input.gzipped);
}

}  // namespace heapdoc
