#include "analyzer/readers/pprof_reader.h"

#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "analyzer/readers/profile_kind.h"
#include "heapmodel/error.h"
#include "profile.pb.h"

namespace heapdoc {
namespace {

namespace pb = perftools::profiles;

// Maps pprof ids (arbitrary uint64) to dense indices; dense 1..N ids take the fast path.
class IdIndex {
 public:
  void Reserve(size_t n) { sparse_.reserve(n); }
  // Returns false on a duplicate id.
  bool Add(uint64_t id, uint32_t index) {
    if (id == index + 1 && !use_sparse_) return true;  // dense so far
    if (!use_sparse_) {
      use_sparse_ = true;
      for (uint32_t i = 0; i < index; ++i) sparse_.emplace(i + 1, i);
    }
    return sparse_.emplace(id, index).second;
  }
  void Finish(size_t count) { count_ = count; }
  // -1 when the id is unknown.
  int64_t Find(uint64_t id) const {
    if (!use_sparse_) return (id >= 1 && id <= count_) ? static_cast<int64_t>(id - 1) : -1;
    auto it = sparse_.find(id);
    return it == sparse_.end() ? -1 : it->second;
  }

 private:
  bool use_sparse_ = false;
  size_t count_ = 0;
  std::unordered_map<uint64_t, uint32_t> sparse_;
};

class PprofConverter {
 public:
  PprofConverter(const pb::Profile& p, const std::string& source) : p_(p), source_(source) {}

  HeapSnapshot Convert(bool gzipped) {
    HeapSnapshot snap;
    snap.source = source_;
    snap.profile.format = InputFormat::kPprofProto;
    snap.profile.gzipped = gzipped;
    ReadHeader(snap);
    IndexFunctions();
    IndexLocations(snap);
    ReadSamples(snap);
    return snap;
  }

 private:
  [[noreturn]] void Fail(const std::string& problem) const { throw InputError(source_, problem); }

  const std::string& Str(int64_t index, const char* what) const {
    if (index < 0 || index >= p_.string_table_size())
      Fail(fmt::format("{} refers to string {} but the string table has {} entries", what, index,
                       p_.string_table_size()));
    return p_.string_table(static_cast<int>(index));
  }

  void ReadHeader(HeapSnapshot& snap) {
    if (p_.string_table_size() == 0 || !p_.string_table(0).empty())
      Fail("not a pprof profile: the string table must start with an empty string");
    std::vector<SampleTypeName> types;
    for (const auto& vt : p_.sample_type())
      types.push_back({Str(vt.type(), "sample_type"), Str(vt.unit(), "sample_type")});
    if (types.empty()) Fail("not a heap profile: it has no sample types");
    if (!IsGoHeapSampleTypes(types)) {
      auto what = DescribeNonHeapProfile(types);
      Fail(fmt::format("not a Go heap profile: sample types are {}{}", JoinSampleTypes(types),
                       what ? " (" + *what + ")" : ""));
    }
    for (size_t i = 0; i < types.size(); ++i) {
      const std::string& t = types[i].type;
      int* slot = t == kAllocObjects ? &alloc_objects_ : t == kAllocSpace ? &alloc_bytes_
                  : t == kInuseObjects ? &live_objects_ : &live_bytes_;
      if (*slot >= 0) Fail(fmt::format("sample type {} appears twice", t));
      *slot = static_cast<int>(i);
      snap.profile.sample_types.push_back(t + "/" + types[i].unit);
    }
    value_count_ = static_cast<int>(types.size());
    ProfileInfo& info = snap.profile;
    info.has_alloc_values = alloc_bytes_ >= 0 || alloc_objects_ >= 0;
    info.has_live_values = live_bytes_ >= 0 || live_objects_ >= 0;
    info.has_object_counts = alloc_objects_ >= 0 || live_objects_ >= 0;
    if (p_.default_sample_type() != 0) info.default_sample_type = Str(p_.default_sample_type(), "default_sample_type");
    info.is_allocs_profile = info.default_sample_type == kAllocSpace;
    info.sample_rate_bytes = p_.period();
    info.time_nanos = p_.time_nanos();
    info.duration_nanos = p_.duration_nanos();
    for (int64_t c : p_.comment()) info.comments.push_back(Str(c, "comment"));
    if (p_.has_period_type()) {
      const std::string& pt = Str(p_.period_type().type(), "period_type");
      if (!pt.empty() && pt != "space")
        Fail(fmt::format("not a Go heap profile: period type is {} (Go heap profiles use space)", pt));
    }
  }

  void IndexFunctions() {
    function_ids_.Reserve(0);
    for (int i = 0; i < p_.function_size(); ++i) {
      const auto& f = p_.function(i);
      if (f.id() == 0) Fail(fmt::format("function #{} has id 0", i));
      if (!function_ids_.Add(f.id(), static_cast<uint32_t>(i))) Fail(fmt::format("duplicate function id {}", f.id()));
      Str(f.name(), "function name");
      Str(f.filename(), "function filename");
      Str(f.system_name(), "function system_name");
    }
    function_ids_.Finish(static_cast<size_t>(p_.function_size()));
    for (int i = 0; i < p_.mapping_size(); ++i) {
      const auto& m = p_.mapping(i);
      if (m.id() == 0) Fail(fmt::format("mapping #{} has id 0", i));
      if (!mapping_ids_.Add(m.id(), static_cast<uint32_t>(i))) Fail(fmt::format("duplicate mapping id {}", m.id()));
      Str(m.filename(), "mapping filename");
      Str(m.build_id(), "mapping build_id");
    }
    mapping_ids_.Finish(static_cast<size_t>(p_.mapping_size()));
  }

  // Each location becomes a run of frames (inlined callees first), deduplicated by
  // (function, line) into the snapshot's frame table.
  void IndexLocations(HeapSnapshot& snap) {
    location_frames_.resize(static_cast<size_t>(p_.location_size()));
    std::unordered_map<uint64_t, FrameIndex> frame_of;  // (function index << 32 | line) -> frame
    std::unordered_map<uint64_t, FrameIndex> frame_of_address;
    for (int i = 0; i < p_.location_size(); ++i) {
      const auto& loc = p_.location(i);
      if (loc.id() == 0) Fail(fmt::format("location #{} has id 0", i));
      if (!location_ids_.Add(loc.id(), static_cast<uint32_t>(i))) Fail(fmt::format("duplicate location id {}", loc.id()));
      if (loc.mapping_id() != 0 && mapping_ids_.Find(loc.mapping_id()) < 0)
        Fail(fmt::format("location {} refers to mapping {}, which does not exist", loc.id(), loc.mapping_id()));
      auto& frames = location_frames_[static_cast<size_t>(i)];
      if (loc.line_size() == 0) {
        // Unsymbolized: one frame named by its address.
        auto [it, fresh] = frame_of_address.try_emplace(loc.address(), static_cast<FrameIndex>(snap.frames.size()));
        if (fresh) snap.frames.push_back({fmt::format("0x{:x}", loc.address()), "", 0});
        frames.push_back(it->second);
        continue;
      }
      for (const auto& line : loc.line()) {
        int64_t fi = function_ids_.Find(line.function_id());
        if (fi < 0)
          Fail(fmt::format("location {} refers to function {}, which does not exist", loc.id(), line.function_id()));
        uint64_t key = (static_cast<uint64_t>(fi) << 32) ^ static_cast<uint64_t>(line.line() & 0xffffffff);
        auto [it, fresh] = frame_of.try_emplace(key, static_cast<FrameIndex>(snap.frames.size()));
        if (fresh) {
          const auto& f = p_.function(static_cast<int>(fi));
          snap.frames.push_back({p_.string_table(static_cast<int>(f.name())),
                                 p_.string_table(static_cast<int>(f.filename())), line.line()});
        }
        frames.push_back(it->second);
      }
    }
    location_ids_.Finish(static_cast<size_t>(p_.location_size()));
  }

  void ReadSamples(HeapSnapshot& snap) {
    int64_t bytes_key = -1, base_key = -1;
    for (int i = 0; i < p_.string_table_size(); ++i) {
      const std::string& s = p_.string_table(i);
      if (s == "bytes") bytes_key = i;
      else if (s == "pprof::base") base_key = i;
    }
    snap.samples.reserve(static_cast<size_t>(p_.sample_size()));
    uint64_t missing_size = 0;
    bool negative = false;
    for (int si = 0; si < p_.sample_size(); ++si) {
      const auto& s = p_.sample(si);
      if (s.value_size() != value_count_)
        Fail(fmt::format("sample {} has {} values but the profile has {} sample types", si, s.value_size(), value_count_));
      StackSample out;
      for (uint64_t id : s.location_id()) {
        int64_t li = location_ids_.Find(id);
        if (li < 0) Fail(fmt::format("sample {} refers to location {}, which does not exist", si, id));
        const auto& frames = location_frames_[static_cast<size_t>(li)];
        out.frames.insert(out.frames.end(), frames.begin(), frames.end());
      }
      for (const auto& label : s.label()) {
        Str(label.key(), "label key");
        Str(label.str(), "label value");
        Str(label.num_unit(), "label unit");
        if (label.key() == bytes_key && label.num() > 0) out.slot_size_bytes = static_cast<uint64_t>(label.num());
        if (label.key() == base_key) snap.profile.is_delta = true;
      }
      auto value = [&](int column) { return column >= 0 ? s.value(column) : 0; };
      out.counts.alloc_objects = value(alloc_objects_);
      out.counts.alloc_bytes = value(alloc_bytes_);
      out.counts.live_objects = value(live_objects_);
      out.counts.live_bytes = value(live_bytes_);
      for (int v = 0; v < s.value_size(); ++v) negative |= s.value(v) < 0;
      if (out.slot_size_bytes == 0) out.slot_size_bytes = SizeFromCounts(out.counts, missing_size);
      snap.samples.push_back(std::move(out));
    }
    if (negative) snap.profile.is_delta = true;
    if (missing_size)
      snap.notes.push_back(fmt::format("{} samples had no `bytes` label; their slot size was derived from bytes/objects", missing_size));
  }

  // A sample without a `bytes` label: derive the slot size the way the runtime computed it.
  static uint64_t SizeFromCounts(const ObjectCounts& c, uint64_t& missing) {
    if (c.alloc_objects > 0 && c.alloc_bytes > 0) return ++missing, static_cast<uint64_t>(c.alloc_bytes / c.alloc_objects);
    if (c.live_objects > 0 && c.live_bytes > 0) return ++missing, static_cast<uint64_t>(c.live_bytes / c.live_objects);
    return 0;  // all-zero samples carry no size; they add nothing anywhere
  }

  const pb::Profile& p_;
  const std::string& source_;
  int alloc_objects_ = -1, alloc_bytes_ = -1, live_objects_ = -1, live_bytes_ = -1;
  int value_count_ = 0;
  IdIndex function_ids_, mapping_ids_, location_ids_;
  std::vector<std::vector<FrameIndex>> location_frames_;
};

}  // namespace

HeapSnapshot ParsePprofHeapProfile(std::string_view bytes, const std::string& source, bool gzipped,
                                   const PprofLimits& limits) {
  if (bytes.empty()) throw InputError(source, "empty file");
  if (bytes.size() > limits.max_message_bytes)
    throw InputError(source, fmt::format("profile is larger than the {} MiB limit", limits.max_message_bytes >> 20));
  google::protobuf::ArenaOptions options;
  options.start_block_size = 1 << 20;
  options.max_block_size = 16 << 20;
  google::protobuf::Arena arena(options);
  auto* profile = google::protobuf::Arena::CreateMessage<pb::Profile>(&arena);
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  in.SetRecursionLimit(16);
  if (!profile->ParseFromCodedStream(&in) || !in.ConsumedEntireMessage())
    throw InputError(source, gzipped ? "gzip data is not a pprof protobuf profile"
                                     : "not a pprof profile (neither gzip nor a valid protobuf message)");
  return PprofConverter(*profile, source).Convert(gzipped);
}

}  // namespace heapdoc
