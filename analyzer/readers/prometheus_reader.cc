#include "analyzer/readers/prometheus_reader.h"

#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "heapmodel/error.h"

namespace heapdoc {
namespace {

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// A cursor over one line; every failure names the line.
class LineParser {
 public:
  LineParser(std::string_view line, size_t line_number, const std::string& source)
      : line_(line), line_number_(line_number), source_(source) {}

  PromSample ParseSample() {
    PromSample sample;
    sample.line = line_number_;
    if (Peek() == '{') {
      // Prometheus 3 UTF-8 names: {"name.with.dots", label="v"}.
    } else {
      sample.name = ParseName("metric name");
    }
    size_t before = pos_;
    SkipBlanks();
    if (Peek() == '{') {
      ParseLabels(sample);
      before = pos_;
      SkipBlanks();
    }
    if (sample.name.empty()) Fail("a sample without a metric name");
    if (pos_ == before || AtEnd()) Fail(fmt::format("expected a space and a value after {}", sample.name));
    sample.value = ParseFloat(Token(), "value");
    SkipBlanks();
    if (!AtEnd() && Peek() != '#') {
      std::string_view timestamp = Token();
      ParseFloat(timestamp, "timestamp");  // milliseconds (or OpenMetrics seconds): unused
      SkipBlanks();
    }
    // OpenMetrics exemplar: " # {trace_id=...} 1.0 [ts]"; not needed here.
    if (!AtEnd() && Peek() != '#') Fail(fmt::format("unexpected text \"{}\" after the value", Rest()));
    return sample;
  }

 private:
  [[noreturn]] void Fail(const std::string& problem) const {
    throw InputError(source_, fmt::format("line {}: not Prometheus text format: {}", line_number_, problem));
  }
  bool AtEnd() const { return pos_ >= line_.size(); }
  bool AtBlank() const { return !AtEnd() && IsBlank(line_[pos_]); }
  char Peek() const { return AtEnd() ? '\0' : line_[pos_]; }
  void SkipBlanks() {
    while (AtBlank()) ++pos_;
  }
  std::string_view Rest() const { return line_.substr(pos_); }
  std::string_view Token() {
    size_t start = pos_;
    while (!AtEnd() && !IsBlank(line_[pos_])) ++pos_;
    return line_.substr(start, pos_ - start);
  }

  std::string ParseName(const char* what) {
    size_t start = pos_;
    if (!IsNameStart(Peek())) Fail(fmt::format("expected a {} at \"{}\"", what, Rest().substr(0, 40)));
    while (!AtEnd() && IsNameChar(line_[pos_])) ++pos_;
    return std::string(line_.substr(start, pos_ - start));
  }

  std::string ParseQuoted() {
    if (Peek() != '"') Fail("expected a quoted string");
    ++pos_;
    std::string out;
    while (true) {
      if (AtEnd()) Fail("unterminated quoted string");
      char c = line_[pos_++];
      if (c == '"') return out;
      if (c == '\\') {
        if (AtEnd()) Fail("unterminated escape");
        char e = line_[pos_++];
        if (e == 'n') out += '\n';
        else if (e == '\\' || e == '"') out += e;
        else {  // the format defines only \\, \" and \n; keep others as written
          out += '\\';
          out += e;
        }
      } else {
        out += c;
      }
    }
  }

  void ParseLabels(PromSample& sample) {
    ++pos_;  // '{'
    while (true) {
      SkipBlanks();
      if (Peek() == '}') {
        ++pos_;
        return;
      }
      if (AtEnd()) Fail("unterminated label set");
      bool quoted = Peek() == '"';
      std::string key = quoted ? ParseQuoted() : ParseName("label name");
      SkipBlanks();
      if (quoted && Peek() != '=') {  // a quoted metric name inside the braces
        if (!sample.name.empty()) Fail("two metric names");
        sample.name = std::move(key);
      } else {
        if (Peek() != '=') Fail(fmt::format("expected '=' after label {}", key));
        ++pos_;
        SkipBlanks();
        sample.labels.emplace_back(std::move(key), ParseQuoted());
      }
      SkipBlanks();
      if (Peek() == ',') {
        ++pos_;
      } else if (Peek() != '}') {
        Fail("expected ',' or '}' in the label set");
      }
    }
  }

  double ParseFloat(std::string_view token, const char* what) const {
    if (token.empty()) Fail(fmt::format("missing {}", what));
    std::string_view t = token;
    bool negative = false;
    if (t.front() == '+' || t.front() == '-') {
      negative = t.front() == '-';
      t.remove_prefix(1);
    }
    if (t == "Inf" || t == "inf") {
      return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    }
    if (t == "NaN" || t == "nan") return std::numeric_limits<double>::quiet_NaN();
    double v = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec == std::errc::result_out_of_range) Fail(fmt::format("{} \"{}\" is out of range", what, token));
    if (ec != std::errc() || end != t.data() + t.size() || t.empty() || t.front() == '-') {
      Fail(fmt::format("{} \"{}\" is not a number", what, token));
    }
    return negative ? -v : v;
  }

  std::string_view line_;
  size_t line_number_;
  const std::string& source_;
  size_t pos_ = 0;
};

}  // namespace

PromExposition ParsePrometheusText(std::string_view text, const std::string& source) {
  PromExposition out;
  size_t line_number = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t first = 0;
    while (first < line.size() && IsBlank(line[first])) ++first;
    line.remove_prefix(first);
    if (line.empty() || line.front() == '#') continue;  // HELP, TYPE, UNIT, EOF and comments
    out.samples.push_back(LineParser(line, line_number, source).ParseSample());
  }
  return out;
}

std::string FormatPromLabels(const PromSample& sample) {
  if (sample.labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < sample.labels.size(); ++i) {
    if (i) out += ',';
    out += fmt::format("{}=\"{}\"", sample.labels[i].first, sample.labels[i].second);
  }
  return out + "}";
}

}  // namespace heapdoc
