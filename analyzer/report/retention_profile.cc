// Writing the reference chains as perftools.profiles.Profile with the generated protobuf classes.
#include "analyzer/report/retention_profile.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "analyzer/report/gzip_writer.h"
#include "profile.pb.h"

namespace heapdoc {
namespace {

namespace pb = perftools::profiles;

// Interns strings (index 0 is ""), and frames as one function and one location each.
class ProfileTables {
 public:
  explicit ProfileTables(pb::Profile& profile) : profile_(profile) { String(""); }

  int64_t String(const std::string& s) {
    auto [it, inserted] = strings_.try_emplace(s, static_cast<int64_t>(strings_.size()));
    if (inserted) profile_.add_string_table(s);
    return it->second;
  }

  // The location of a frame named `name`, created on first use.
  uint64_t Location(const std::string& name) {
    auto [it, inserted] = locations_.try_emplace(name, locations_.size() + 1);
    if (inserted) {
      pb::Function* f = profile_.add_function();
      f->set_id(it->second);
      f->set_name(String(name));
      f->set_system_name(f->name());
      pb::Location* l = profile_.add_location();
      l->set_id(it->second);
      l->set_mapping_id(1);
      l->add_line()->set_function_id(it->second);
    }
    return it->second;
  }

 private:
  pb::Profile& profile_;
  std::unordered_map<std::string, int64_t> strings_;
  std::unordered_map<std::string, uint64_t> locations_;
};

// The outermost frame: a global as `main.survivors (global)`, a goroutine frame as its function.
std::string RootFrame(const RetentionHolder& h) {
  switch (h.root_kind) {
    case RootKind::kData:
    case RootKind::kBss: return fmt::format("{} (global)", h.name);
    case RootKind::kStackFrame: return h.name;
    case RootKind::kFinalizer:
    case RootKind::kOther: break;
  }
  return fmt::format("{} ({})", h.name, h.kind);
}

int64_t Value(uint64_t v) { return static_cast<int64_t>(std::min<uint64_t>(v, std::numeric_limits<int64_t>::max())); }

void AddLabel(pb::Sample& sample, ProfileTables& tables, const char* key, const std::string& value) {
  pb::Label* label = sample.add_label();
  label->set_key(tables.String(key));
  label->set_str(tables.String(value));
}

}  // namespace

std::string RenderRetentionProfile(const AnalysisReport& report) {
  pb::Profile profile;
  ProfileTables tables(profile);
  constexpr std::pair<const char*, const char*> kSampleTypes[] = {
      {kRetainedSampleType, "bytes"}, {kPinnedSampleType, "bytes"}, {kHeldSampleType, "count"}};
  for (auto [type, unit] : kSampleTypes) {
    pb::ValueType* vt = profile.add_sample_type();
    vt->set_type(tables.String(type));
    vt->set_unit(tables.String(unit));
  }
  profile.set_default_sample_type(tables.String(kPinnedSampleType));
  // Frames are names, not addresses: one mapping that says so keeps pprof from symbolizing.
  pb::Mapping* mapping = profile.add_mapping();
  mapping->set_id(1);
  mapping->set_filename(tables.String(report.snapshot.source));
  mapping->set_has_functions(true);
  profile.add_comment(tables.String(fmt::format(
      "heapdoc retention profile of {}: stacks are reference chains, the survivors first and the root that "
      "holds them outermost; retained = the survivors and what only they keep alive, pinned = the free-slot "
      "bytes of the spans they keep in use (shared between holders by survivors held)",
      report.snapshot.source)));

  for (const RetentionHolder& h : report.holders) {
    if (h.path.empty()) continue;
    pb::Sample* sample = profile.add_sample();
    sample->add_location_id(tables.Location(h.survivors.empty() ? h.path.back() : h.survivors));
    for (size_t i = h.path.size() - 1; i-- > 1;) sample->add_location_id(tables.Location(h.path[i]));
    sample->add_location_id(tables.Location(RootFrame(h)));
    sample->add_value(Value(h.retained_share_bytes));
    sample->add_value(Value(h.pinned_bytes));
    sample->add_value(Value(h.held_objects));
    AddLabel(*sample, tables, "holder", h.name);
    AddLabel(*sample, tables, "root_kind", h.kind);
    AddLabel(*sample, tables, "site", h.site);
  }
  return GzipCompress(profile.SerializeAsString());
}

}  // namespace heapdoc
