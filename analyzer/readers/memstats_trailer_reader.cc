#include "analyzer/readers/memstats_trailer_reader.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "analyzer/readers/memstats_fields.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

constexpr std::string_view kTrailerMarker = "# runtime.MemStats";

// "# Stack = inuse / sys" and its two siblings.
struct PairLine {
  std::string_view line, inuse, sys;
};
constexpr PairLine kPairLines[] = {
    {"Stack", "StackInuse", "StackSys"}, {"MSpan", "MSpanInuse", "MSpanSys"}, {"MCache", "MCacheInuse", "MCacheSys"}};

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

  void Set(std::string_view name, std::string_view text, uint64_t& out) const { out = U64(name, text); }
  void Set(std::string_view name, std::string_view text, std::optional<uint64_t>& out) const { out = U64(name, text); }
  void Set(std::string_view name, std::string_view text, std::optional<uint32_t>& out) const { out = U32(name, text); }
  void Set(std::string_view name, std::string_view text, std::optional<double>& out) const { out = F64(name, text); }
  void Set(std::string_view name, std::string_view text, std::optional<bool>& out) const { out = Bool(name, text); }

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
  // The trailer writes three inuse/sys pairs on one line each, and the pause buffers as arrays.
  if (auto pair = std::find_if(std::begin(kPairLines), std::end(kPairLines), [&](const auto& p) { return p.line == name; });
      pair != std::end(kPairLines)) {
    auto [inuse, sys] = r.Pair(name, value);
    m.*std::get<std::optional<uint64_t> MemStats::*>(FindMemStatsField(pair->inuse)->slot) = inuse;
    m.*std::get<std::optional<uint64_t> MemStats::*>(FindMemStatsField(pair->sys)->slot) = sys;
  } else if (name == "PauseNs") {
    m.pause_ns = r.Array(name, value);
  } else if (name == "PauseEnd") {
    m.pause_end = r.Array(name, value);
  } else if (const MemStatsField* field = FindMemStatsField(name)) {
    std::visit([&](auto slot) { r.Set(name, value, m.*slot); }, field->slot);
  }
  return true;
}

MemStats TextProfileTrailerParser::Finish() {
  State& st = *state_;
  MemStats& m = st.m;
  const std::string& source = st.source;
  auto& seen = st.seen;
  std::vector<std::string> missing;
  for (const MemStatsField& f : MemStatsFields())
    if (f.required && !seen.contains(std::string_view(f.go_name))) missing.push_back(f.go_name);
  if (!missing.empty()) {
    throw InputError(source, fmt::format("the # runtime.MemStats block has no {} line{} (the file is cut off?)",
                                         JoinFieldNames(missing), missing.size() == 1 ? "" : "s"));
  }
  // The trailer has no PauseTotalNs; the pause buffer holds it when no more than 256 GCs ran.
  if (m.num_gc && *m.num_gc <= m.pause_ns.size()) {
    uint64_t total = 0;
    for (uint64_t ns : m.pause_ns) total += ns;
    m.pause_total_ns = total;
  }
  m.notes = MemStatsConsistencyNotes(m);
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

}  // namespace

std::optional<MemStats> ParseTextProfileTrailer(std::string_view text, const std::string& source) {
  size_t marker = FindTrailerMarker(text);
  if (marker == std::string_view::npos) return std::nullopt;
  return ParseTrailerBlock(text, marker, source);
}

}  // namespace heapdoc
