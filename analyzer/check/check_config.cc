#include "analyzer/check/check_config.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "analyzer/check/size_parse.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

constexpr const char* kKnownKeys =
    "max-fragmentation, max-external-waste, max-class-waste, max-site-cost, max-growth, min-growth";

std::string Where(const std::string& source, const toml::node& node, const std::string& key) {
  const auto& at = node.source().begin;
  return fmt::format("{}:{}: {}", source, at.line, key);
}

uint64_t SizeValue(const toml::node& node, const std::string& where) {
  if (auto i = node.as_integer()) {
    if (i->get() < 0) throw Error(where + ": a size cannot be negative");
    return static_cast<uint64_t>(i->get());
  }
  if (auto s = node.as_string()) return ParseByteSize(s->get(), where);
  throw Error(where + ": expected a size such as \"64MiB\" or a number of bytes");
}

double RatioValue(const toml::node& node, const std::string& where, double max_ratio) {
  if (auto s = node.as_string()) return ParseRatio(s->get(), where, max_ratio);
  double value = 0;
  if (auto f = node.as_floating_point()) value = f->get();
  else if (auto i = node.as_integer()) value = static_cast<double>(i->get());
  else throw Error(where + ": expected a ratio such as 0.35 or \"35%\"");
  if (!(value >= 0 && value <= max_ratio)) throw Error(fmt::format("{}: {} is outside 0 .. {}", where, value, max_ratio));
  return value;
}

}  // namespace

void CheckThresholds::FillFrom(const CheckThresholds& fallback) {
  if (!max_fragmentation_ratio) max_fragmentation_ratio = fallback.max_fragmentation_ratio;
  if (!max_external_waste_bytes) max_external_waste_bytes = fallback.max_external_waste_bytes;
  if (!max_class_waste_bytes) max_class_waste_bytes = fallback.max_class_waste_bytes;
  if (!max_site_cost_bytes) max_site_cost_bytes = fallback.max_site_cost_bytes;
  if (!max_growth_ratio) max_growth_ratio = fallback.max_growth_ratio;
  if (!min_growth_bytes) min_growth_bytes = fallback.min_growth_bytes;
}

CheckThresholds ParseCheckConfig(const std::string& toml_text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    throw Error(fmt::format("{}:{}:{}: not valid TOML: {}", source, at.line, at.column, e.description()));
  }
  const toml::table* keys = &root;
  if (const toml::table* check = root["check"].as_table()) {
    if (root.size() != 1) throw Error(source + ": put the keys either in [check] or at the top level, not both");
    keys = check;
  }
  CheckThresholds t;
  for (const auto& [key_view, node] : *keys) {
    std::string key(key_view.str());
    std::string where = Where(source, node, key);
    if (key == "max-fragmentation") t.max_fragmentation_ratio = RatioValue(node, where, 1.0);
    else if (key == "max-external-waste") t.max_external_waste_bytes = SizeValue(node, where);
    else if (key == "max-class-waste") t.max_class_waste_bytes = SizeValue(node, where);
    else if (key == "max-site-cost") t.max_site_cost_bytes = SizeValue(node, where);
    else if (key == "max-growth") t.max_growth_ratio = RatioValue(node, where, 1000.0);
    else if (key == "min-growth") t.min_growth_bytes = SizeValue(node, where);
    else throw Error(fmt::format("{}: unknown key (known: {})", where, kKnownKeys));
  }
  return t;
}

CheckThresholds ReadCheckConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot read the config file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path, "cannot read the config file");
  return ParseCheckConfig(text.str(), path);
}

}  // namespace heapdoc
