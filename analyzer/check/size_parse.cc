#include "analyzer/check/size_parse.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "heapmodel/error.h"

namespace heapdoc {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct Unit {
  const char* name;
  uint64_t multiplier;
};

constexpr std::array<Unit, 9> kUnits = {{{"b", 1},
                                         {"kb", 1000ull},
                                         {"mb", 1000ull * 1000},
                                         {"gb", 1000ull * 1000 * 1000},
                                         {"tb", 1000ull * 1000 * 1000 * 1000},
                                         {"kib", 1ull << 10},
                                         {"mib", 1ull << 20},
                                         {"gib", 1ull << 30},
                                         {"tib", 1ull << 40}}};

}  // namespace

uint64_t ParseByteSize(std::string_view text, const std::string& what) {
  auto bad = [&](const std::string& why) {
    return Error(fmt::format("{}: '{}' is not a size ({}); write e.g. 64MiB, 1.5GB, 512KiB or a number of bytes",
                             what, text, why));
  };
  std::string_view s = Trim(text);
  if (s.empty()) throw bad("empty");
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  std::string_view whole = s.substr(0, i);
  std::string_view fraction;
  if (i < s.size() && s[i] == '.') {
    size_t start = ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    fraction = s.substr(start, i - start);
    if (fraction.empty()) throw bad("a digit must follow the decimal point");
  }
  if (whole.empty()) throw bad(s.front() == '-' ? "negative" : "it must start with a digit");
  std::string unit_text = Lower(Trim(s.substr(i)));
  uint64_t multiplier = 1;
  if (!unit_text.empty()) {
    auto it = std::find_if(kUnits.begin(), kUnits.end(), [&](const Unit& u) { return unit_text == u.name; });
    if (it == kUnits.end()) throw bad(fmt::format("unknown unit '{}'", unit_text));
    multiplier = it->multiplier;
  }
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  uint64_t whole_value = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), whole_value);
  if (ec != std::errc() || p != whole.data() + whole.size() || whole_value > kMax / multiplier) throw bad("too large");
  uint64_t bytes = whole_value * multiplier;
  // The fraction in exact integer arithmetic: digits x multiplier / 10^digits must be whole.
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  if (!fraction.empty()) {
    // At most 6 decimals: digits < 10^6 times a multiplier <= 2^40 stays below 2^64.
    if (fraction.size() > 6) throw bad("too many decimals");
    uint64_t digits = 0, scale = 1;
    for (char c : fraction) {
      digits = digits * 10 + static_cast<uint64_t>(c - '0');
      scale *= 10;
    }
    uint64_t part = digits * multiplier;
    if (part % scale != 0) throw bad("not a whole number of bytes");
    uint64_t extra = part / scale;
    if (bytes > kMax - extra) throw bad("too large");
    bytes += extra;
  }
  return bytes;
}

double ParseRatio(std::string_view text, const std::string& what, double max_ratio) {
  auto bad = [&](const std::string& why) {
    return Error(fmt::format("{}: '{}' is not a ratio ({}); write e.g. 0.35 or 35%", what, text, why));
  };
  std::string_view s = Trim(text);
  bool percent = false;
  if (!s.empty() && s.back() == '%') {
    percent = true;
    s = Trim(s.substr(0, s.size() - 1));
  }
  if (s.empty()) throw bad("empty");
  if (!std::isdigit(static_cast<unsigned char>(s.front()))) throw bad(s.front() == '-' ? "negative" : "not a number");
  double value = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(value)) throw bad("not a number");
  if (percent) value /= 100;
  if (value > max_ratio)
    throw bad(fmt::format("at most {}{}", max_ratio == 1 ? "1 (100%)" : fmt::format("{}", max_ratio),
                          percent ? "" : "; for a percentage add %"));
  return value;
}

}  // namespace heapdoc
