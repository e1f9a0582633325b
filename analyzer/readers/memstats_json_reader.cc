#include "analyzer/readers/memstats_json_reader.h"

#include <cmath>
#include <limits>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyzer/readers/memstats_fields.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

using nlohmann::json;

// 2^64 as a double: the first value that does not fit in uint64.
constexpr double kTwoTo64 = 18446744073709551616.0;

class JsonMemStatsReader {
 public:
  JsonMemStatsReader(const json& object, std::string prefix, const std::string& source)
      : object_(object), prefix_(std::move(prefix)), source_(source) {}

  MemStats Read(MemStatsForm form) {
    std::vector<std::string> missing;
    for (const MemStatsField& f : MemStatsFields())
      if (f.required && !object_.contains(f.go_name)) missing.push_back(f.go_name);
    if (!missing.empty()) throw InputError(source_, MissingFieldsProblem(missing));

    MemStats m;
    m.form = form;
    m.origin = source_;
    for (const MemStatsField& f : MemStatsFields()) {
      std::visit([&](auto slot) { Set(f.go_name, m.*slot); }, f.slot);
    }
    m.pause_ns = U64Array("PauseNs");
    m.pause_end = U64Array("PauseEnd");
    m.by_size = BySize();
    return m;
  }

 private:
  void Set(const char* name, uint64_t& out) const {
    if (auto v = U64(name)) out = *v;
  }
  void Set(const char* name, std::optional<uint64_t>& out) const { out = U64(name); }
  void Set(const char* name, std::optional<uint32_t>& out) const { out = U32(name); }
  void Set(const char* name, std::optional<double>& out) const { out = F64(name); }
  void Set(const char* name, std::optional<bool>& out) const { out = Bool(name); }

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
  for (const MemStatsField& f : MemStatsFields())
    if (f.required && object.contains(f.go_name)) return true;
  return false;
}

std::vector<std::string> RequiredFieldNames() {
  std::vector<std::string> names;
  for (const MemStatsField& f : MemStatsFields())
    if (f.required) names.push_back(f.go_name);
  return names;
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
                                   : fmt::format("{} (with {})", child_path, JoinFieldNames(keys)));
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

}  // namespace

MemStats ParseMemStatsJson(std::string_view text, const std::string& source) {
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
    for (const std::string& name : RequiredFieldNames())
      if (!memstats->contains(name)) missing.push_back(name);
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
                                           JoinFieldNames(missing), missing.size() == 1 ? "" : "s",
                                           keys.empty() ? "" : " (it has " + JoinFieldNames(keys) + ")"));
    }
    return JsonMemStatsReader(*memstats, "memstats.", source).Read(MemStatsForm::kExpvar);
  }

  std::vector<std::string> missing = RequiredFieldNames();
  std::string problem = MissingFieldsProblem(missing);
  std::vector<std::string> others;
  FindOtherMemstats(doc, "", 0, others);
  if (!others.empty()) {
    problem += fmt::format(" and no top-level \"memstats\"; found {}, which {} not Go's runtime.MemStats",
                           JoinFieldNames(others), others.size() == 1 ? "is" : "are");
  } else if (doc.contains("cmdline")) {
    problem += " (an expvar /debug/vars document without \"memstats\"?)";
  }
  throw InputError(source, problem);
}

}  // namespace heapdoc
