// Walks the pprof wire format with protobuf's CodedInputStream instead of materialising a
// perftools::profiles::Profile: a heap profile is mostly Sample messages, and building one
// message object per sample cost more than everything else in `heapdoc analyze` together.
//
// Two passes over the message, each inflating the input afresh as it decodes (no buffer holds
// the whole message: memory follows the tables and the sites, not the profile's size), both
// reading only what they need:
//   1. everything but the samples: sample types, scalars, mappings, locations, functions and
//      the string table (Go writes samples first and strings last, so nothing can be resolved
//      before the end); samples are only counted and skipped.
//   2. the samples, each decoded into reusable scratch, its location ids resolved against the
//      now-complete location table, and merged straight into its site (SiteSamplesBuilder): no
//      record per sample, so memory does not grow with the number of distinct stacks.
// Validation and its order are those of the message-based reader this replaced: a malformed
// message anywhere is reported before any semantic problem (Fail() checks the whole wire
// format first), then header, functions, mappings, locations, and samples in file order.
#include "analyzer/readers/pprof_reader.h"

#include <algorithm>
#include <climits>
#include <unordered_map>

#include <fmt/format.h>

#include "analyzer/readers/pprof_tables.h"
#include "analyzer/readers/profile_kind.h"
#include "analyzer/readers/protobuf_wire_reader.h"
#include "analyzer/readers/protobuf_input.h"
#include "heapmodel/counts.h"
#include "heapmodel/error.h"
#include "heapmodel/site_samples_builder.h"
#include "profile.pb.h"

namespace heapdoc {
namespace {

namespace pb = perftools::profiles;
using protowire::FieldOf;
using protowire::kUnboundedMessage;
using protowire::ReadMessage;
using protowire::ReadRepeatedVarint;
using protowire::ReadScalar;
using protowire::WFL;
using protowire::WireError;
using protowire::WireReader;
using protowire::WireTypeOf;

constexpr int kMaxValueColumns = 4;  // the Go heap sample types, each at most once
// Go records at most 128 frames per stack (32 before Go 1.23), inlined calls included. A hostile
// sample could name one many-line location a million times in a few megabytes: its stack is cut
// here, from the caller end, rather than expanded to gigabytes.
constexpr size_t kMaxStackFrames = 4096;

// ---- What pass 1 keeps of the message, as raw wire values. ----

struct RawValueType {
  int64_t type = 0, unit = 0;
};
struct RawFunction {
  uint64_t id = 0;
  int64_t name = 0, system_name = 0, filename = 0;
};
struct RawMapping {
  uint64_t id = 0;
  int64_t filename = 0, build_id = 0;
};
struct RawLine {
  uint64_t function_id = 0;
  int64_t line = 0;
};
struct RawLocation {
  uint64_t id = 0, mapping_id = 0, address = 0;
  uint32_t first_line = 0, line_count = 0;  // into lines_
};
struct RawLabel {
  int64_t key = 0, str = 0, num = 0, num_unit = 0;
};

// One sample as decoded from the wire, reused from sample to sample. Location ids are resolved
// to frames and labels to what they say as they are read (nothing grows with a hostile sample's
// length but its stack, which is capped); the first unknown location and the first bad label
// are kept for the errors, raised only after the value count has been checked (the order the
// checks have always been made in).
struct RawSample {
  std::vector<FrameIndex> frames;
  bool stack_cut = false;  // deeper than kMaxStackFrames
  bool has_unknown_location = false;
  uint64_t unknown_location = 0;
  int64_t values[kMaxValueColumns] = {};
  int value_count = 0;  // all of them, even past kMaxValueColumns
  uint64_t bytes_label = 0;  // the last `bytes` label with a positive value; 0 when none
  bool base_label = false;   // a pprof::base label
  const char* bad_label_field = nullptr;  // the first label field naming no string, and its index
  int64_t bad_label_index = 0;
  void Clear() {
    frames.clear();
    stack_cut = false;
    has_unknown_location = false;
    value_count = 0;
    bytes_label = 0;
    base_label = false;
    bad_label_field = nullptr;
  }
};

void ReadLabel(WireReader& in, uint32_t tag, RawLabel& label) {
  ReadMessage(in, tag, [&](uint32_t t) {
    switch (FieldOf(t)) {
      case pb::Label::kKeyFieldNumber: return ReadScalar(in, t, label.key);
      case pb::Label::kStrFieldNumber: return ReadScalar(in, t, label.str);
      case pb::Label::kNumFieldNumber: return ReadScalar(in, t, label.num);
      case pb::Label::kNumUnitFieldNumber: return ReadScalar(in, t, label.num_unit);
      default: return in.SkipField(t);
    }
  });
}

// The hot loop of the reader: one call per sample; on_location(id) takes each location id and
// on_label(label) each label.
template <typename OnLocation, typename OnLabel>
void ReadSample(WireReader& in, uint32_t tag, RawSample& s, OnLocation&& on_location, OnLabel&& on_label) {
  s.Clear();
  ReadMessage(in, tag, [&](uint32_t t) {
    switch (FieldOf(t)) {
      case pb::Sample::kLocationIdFieldNumber:
        return ReadRepeatedVarint(in, t, on_location);
      case pb::Sample::kValueFieldNumber:
        return ReadRepeatedVarint(in, t, [&](uint64_t v) {
          if (s.value_count < kMaxValueColumns) s.values[s.value_count] = static_cast<int64_t>(v);
          ++s.value_count;
        });
      case pb::Sample::kLabelFieldNumber: {
        if (WireTypeOf(t) != WFL::WIRETYPE_LENGTH_DELIMITED) return in.SkipField(t);
        RawLabel label;
        ReadLabel(in, t, label);
        return on_label(label);
      }
      default: return in.SkipField(t);
    }
  });
}

class PprofReader {
 public:
  PprofReader(const ByteStreamOpener& open, const std::string& source, const PprofLimits& limits)
      : open_(open), source_(source), limits_(limits) {}

  bool gzipped() const { return gzipped_; }

  HeapSnapshot Read() {
    HeapSnapshot snap;
    snap.source = source_;
    snap.profile.format = InputFormat::kPprofProto;
    ReadAllButSamples(gzipped_);
    snap.profile.gzipped = gzipped_;
    if (message_bytes_ == 0) throw InputError(source_, gzipped_ ? "gzip data inflates to nothing" : "empty file");
    ReadHeader(snap);
    IndexFunctions();
    IndexLocations(snap);
    ReadSamples(snap);
    return snap;
  }

 private:
  // A semantic problem; a malformed message anywhere in the file takes precedence, as it did
  // when the whole message was parsed before anything was checked.
  [[noreturn]] void Fail(const std::string& problem) const {
    if (!wire_checked_) CheckSamplesWireFormat();
    throw InputError(source_, problem);
  }

  // Pass 1 checked everything but the samples' insides; pass 2 checks those as it goes.
  void CheckSamplesWireFormat() const {
    Pass(message_bytes_, [](WireReader& in) {
      RawSample scratch;
      while (uint32_t tag = in.NextTag()) {
        if (FieldOf(tag) == pb::Profile::kSampleFieldNumber)
          ReadSample(in, tag, scratch, [](uint64_t) {}, [](const RawLabel&) {});
        else in.SkipField(tag);
      }
    });
  }

  // One pass over a fresh stream. A stream that failed (corrupt or truncated gzip, a cap) is
  // reported as such, whatever its early end looked like to the wire reader.
  template <typename ReadFields>
  void Pass(int message_bytes, ReadFields&& read_fields, bool* gzipped = nullptr) const {
    std::unique_ptr<ByteStream> stream = open_();
    if (gzipped) *gzipped = stream->gzipped();
    ProtobufInput input(std::move(stream), limits_.max_message_bytes);
    try {
      WireReader in(&input, message_bytes);
      read_fields(in);
    } catch (const WireError&) {
      input.ThrowIfFailed();
      throw;
    }
    input.ThrowIfFailed();
  }

  // ---- Pass 1 ----

  void ReadAllButSamples(bool& gzipped) {
    Pass(kUnboundedMessage, [&](WireReader& in) {
      while (uint32_t tag = in.NextTag()) ReadTopLevelField(in, tag);
      message_bytes_ = in.Position();
    }, &gzipped);
  }

  void ReadTopLevelField(WireReader& in, uint32_t tag) {
    switch (FieldOf(tag)) {
      case pb::Profile::kSampleTypeFieldNumber:
        if (WireTypeOf(tag) != WFL::WIRETYPE_LENGTH_DELIMITED) return in.SkipField(tag);
        return ReadValueType(in, tag, sample_types_.emplace_back());
      case pb::Profile::kSampleFieldNumber:
        // Counted and checked for framing only; pass 2 reads them.
        if (WireTypeOf(tag) == WFL::WIRETYPE_LENGTH_DELIMITED) ++sample_count_;
        return in.SkipField(tag);
      case pb::Profile::kMappingFieldNumber:
        if (WireTypeOf(tag) != WFL::WIRETYPE_LENGTH_DELIMITED) return in.SkipField(tag);
        return ReadMapping(in, tag, mappings_.emplace_back());
      case pb::Profile::kLocationFieldNumber:
        if (WireTypeOf(tag) != WFL::WIRETYPE_LENGTH_DELIMITED) return in.SkipField(tag);
        return ReadLocation(in, tag, locations_.emplace_back());
      case pb::Profile::kFunctionFieldNumber:
        if (WireTypeOf(tag) != WFL::WIRETYPE_LENGTH_DELIMITED) return in.SkipField(tag);
        return ReadFunction(in, tag, functions_.emplace_back());
      case pb::Profile::kStringTableFieldNumber:
        if (WireTypeOf(tag) != WFL::WIRETYPE_LENGTH_DELIMITED) return in.SkipField(tag);
        return ReadString(in);
      case pb::Profile::kTimeNanosFieldNumber: return ReadScalar(in, tag, time_nanos_);
      case pb::Profile::kDurationNanosFieldNumber: return ReadScalar(in, tag, duration_nanos_);
      case pb::Profile::kPeriodTypeFieldNumber:
        if (WireTypeOf(tag) != WFL::WIRETYPE_LENGTH_DELIMITED) return in.SkipField(tag);
        has_period_type_ = true;
        return ReadValueType(in, tag, period_type_);  // a repeated occurrence merges into it
      case pb::Profile::kPeriodFieldNumber: return ReadScalar(in, tag, period_);
      case pb::Profile::kCommentFieldNumber:
        return ReadRepeatedVarint(in, tag, [&](uint64_t c) { comments_.push_back(static_cast<int64_t>(c)); });
      case pb::Profile::kDefaultSampleTypeFieldNumber: return ReadScalar(in, tag, default_sample_type_);
      default:
        // drop_frames, keep_frames, doc_url and unknown fields: not needed.
        return in.SkipField(tag);
    }
  }

  void ReadValueType(WireReader& in, uint32_t tag, RawValueType& vt) {
    ReadMessage(in, tag, [&](uint32_t t) {
      switch (FieldOf(t)) {
        case pb::ValueType::kTypeFieldNumber: return ReadScalar(in, t, vt.type);
        case pb::ValueType::kUnitFieldNumber: return ReadScalar(in, t, vt.unit);
        default: return in.SkipField(t);
      }
    });
  }

  void ReadMapping(WireReader& in, uint32_t tag, RawMapping& m) {
    ReadMessage(in, tag, [&](uint32_t t) {
      switch (FieldOf(t)) {
        case pb::Mapping::kIdFieldNumber: return ReadScalar(in, t, m.id);
        case pb::Mapping::kFilenameFieldNumber: return ReadScalar(in, t, m.filename);
        case pb::Mapping::kBuildIdFieldNumber: return ReadScalar(in, t, m.build_id);
        default: return in.SkipField(t);
      }
    });
  }

  void ReadLocation(WireReader& in, uint32_t tag, RawLocation& loc) {
    loc.first_line = static_cast<uint32_t>(lines_.size());
    ReadMessage(in, tag, [&](uint32_t t) {
      switch (FieldOf(t)) {
        case pb::Location::kIdFieldNumber: return ReadScalar(in, t, loc.id);
        case pb::Location::kMappingIdFieldNumber: return ReadScalar(in, t, loc.mapping_id);
        case pb::Location::kAddressFieldNumber: return ReadScalar(in, t, loc.address);
        case pb::Location::kLineFieldNumber: {
          if (WireTypeOf(t) != WFL::WIRETYPE_LENGTH_DELIMITED) return in.SkipField(t);
          RawLine& line = lines_.emplace_back();
          return ReadMessage(in, t, [&](uint32_t lt) {
            switch (FieldOf(lt)) {
              case pb::Line::kFunctionIdFieldNumber: return ReadScalar(in, lt, line.function_id);
              case pb::Line::kLineFieldNumber: return ReadScalar(in, lt, line.line);
              default: return in.SkipField(lt);
            }
          });
        }
        default: return in.SkipField(t);
      }
    });
    loc.line_count = static_cast<uint32_t>(lines_.size()) - loc.first_line;
  }

  void ReadFunction(WireReader& in, uint32_t tag, RawFunction& f) {
    ReadMessage(in, tag, [&](uint32_t t) {
      switch (FieldOf(t)) {
        case pb::Function::kIdFieldNumber: return ReadScalar(in, t, f.id);
        case pb::Function::kNameFieldNumber: return ReadScalar(in, t, f.name);
        case pb::Function::kSystemNameFieldNumber: return ReadScalar(in, t, f.system_name);
        case pb::Function::kFilenameFieldNumber: return ReadScalar(in, t, f.filename);
        default: return in.SkipField(t);
      }
    });
  }

  // proto3 `string` fields must be valid UTF-8.
  void ReadString(WireReader& in) {
    std::string s = in.ReadBytes();
    if (!protowire::IsValidUtf8(s)) throw WireError{};
    if (!strings_.Add(s))
      throw InputError(source_, fmt::format("the string table has more than {} strings or {} MiB (heapdoc's limit; "
                                            "a Go heap profile has far fewer)",
                                            StringTable::kMaxStrings, StringTable::kMaxBytes >> 20));
  }

  // ---- Conversion (checks in the order the message-based reader made them) ----

  std::string_view Str(int64_t index, const char* what) const {
    if (index < 0 || static_cast<uint64_t>(index) >= strings_.size())
      Fail(fmt::format("{} refers to string {} but the string table has {} entries", what, index, strings_.size()));
    return strings_[static_cast<size_t>(index)];
  }

  void ReadHeader(HeapSnapshot& snap) {
    if (strings_.empty() || !strings_[0].empty())
      Fail("not a pprof profile: the string table must start with an empty string");
    std::vector<SampleTypeName> types;
    for (const auto& vt : sample_types_)
      types.push_back({std::string(Str(vt.type, "sample_type")), std::string(Str(vt.unit, "sample_type"))});
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
    value_count_ = static_cast<int>(types.size());  // <= kMaxValueColumns: no type twice
    ProfileInfo& info = snap.profile;
    info.has_alloc_values = alloc_bytes_ >= 0 || alloc_objects_ >= 0;
    info.has_live_values = live_bytes_ >= 0 || live_objects_ >= 0;
    info.has_object_counts = alloc_objects_ >= 0 || live_objects_ >= 0;
    if (default_sample_type_ != 0) info.default_sample_type = Str(default_sample_type_, "default_sample_type");
    info.is_allocs_profile = info.default_sample_type == kAllocSpace;
    if (period_ < 0) Fail(fmt::format("invalid sampling period {} (negative)", period_));
    info.sample_rate_bytes = period_;
    info.time_nanos = time_nanos_;
    info.duration_nanos = duration_nanos_;
    for (int64_t c : comments_) info.comments.emplace_back(Str(c, "comment"));
    if (has_period_type_) {
      std::string_view pt = Str(period_type_.type, "period_type");
      if (!pt.empty() && pt != "space")
        Fail(fmt::format("not a Go heap profile: period type is {} (Go heap profiles use space)", pt));
    }
  }

  void IndexFunctions() {
    for (size_t i = 0; i < functions_.size(); ++i) {
      const auto& f = functions_[i];
      if (f.id == 0) Fail(fmt::format("function #{} has id 0", i));
      if (!function_ids_.Add(f.id, static_cast<uint32_t>(i))) Fail(fmt::format("duplicate function id {}", f.id));
      Str(f.name, "function name");
      Str(f.filename, "function filename");
      Str(f.system_name, "function system_name");
    }
    function_ids_.Finish(functions_.size());
    for (size_t i = 0; i < mappings_.size(); ++i) {
      const auto& m = mappings_[i];
      if (m.id == 0) Fail(fmt::format("mapping #{} has id 0", i));
      if (!mapping_ids_.Add(m.id, static_cast<uint32_t>(i))) Fail(fmt::format("duplicate mapping id {}", m.id));
      Str(m.filename, "mapping filename");
      Str(m.build_id, "mapping build_id");
    }
    mapping_ids_.Finish(mappings_.size());
  }

  // Each location becomes a run of frames (inlined callees first), deduplicated by
  // (function, line) into the snapshot's frame table.
  void IndexLocations(HeapSnapshot& snap) {
    location_first_frame_.reserve(locations_.size() + 1);
    std::unordered_map<uint64_t, FrameIndex> frame_of;  // (function index << 32 | line) -> frame
    std::unordered_map<uint64_t, FrameIndex> frame_of_address;
    for (size_t i = 0; i < locations_.size(); ++i) {
      const auto& loc = locations_[i];
      location_first_frame_.push_back(static_cast<uint32_t>(location_frames_.size()));
      if (loc.id == 0) Fail(fmt::format("location #{} has id 0", i));
      if (!location_ids_.Add(loc.id, static_cast<uint32_t>(i))) Fail(fmt::format("duplicate location id {}", loc.id));
      if (loc.mapping_id != 0 && mapping_ids_.Find(loc.mapping_id) < 0)
        Fail(fmt::format("location {} refers to mapping {}, which does not exist", loc.id, loc.mapping_id));
      if (loc.line_count == 0) {
        // Unsymbolized: one frame named by its address.
        auto [it, fresh] = frame_of_address.try_emplace(loc.address, static_cast<FrameIndex>(snap.frames.size()));
        if (fresh) snap.frames.push_back({fmt::format("0x{:x}", loc.address), "", 0});
        location_frames_.push_back(it->second);
        continue;
      }
      for (uint32_t l = loc.first_line; l < loc.first_line + loc.line_count; ++l) {
        const RawLine& line = lines_[l];
        int64_t fi = function_ids_.Find(line.function_id);
        if (fi < 0)
          Fail(fmt::format("location {} refers to function {}, which does not exist", loc.id, line.function_id));
        uint64_t key = (static_cast<uint64_t>(fi) << 32) ^ static_cast<uint64_t>(line.line & 0xffffffff);
        auto [it, fresh] = frame_of.try_emplace(key, static_cast<FrameIndex>(snap.frames.size()));
        if (fresh) {
          const auto& f = functions_[static_cast<size_t>(fi)];
          snap.frames.push_back({std::string(strings_[static_cast<size_t>(f.name)]),
                                 std::string(strings_[static_cast<size_t>(f.filename)]), line.line});
        }
        location_frames_.push_back(it->second);
      }
    }
    location_first_frame_.push_back(static_cast<uint32_t>(location_frames_.size()));
    location_ids_.Finish(locations_.size());
  }

  // ---- Pass 2 ----

  void ReadSamples(HeapSnapshot& snap) {
    for (size_t i = 0; i < strings_.size(); ++i) {
      if (strings_[i] == "bytes") bytes_key_ = static_cast<int64_t>(i);
      else if (strings_[i] == "pprof::base") base_key_ = static_cast<int64_t>(i);
    }
    RawSample raw;
    // Once per location id of every sample: kept small enough to inline, the rare cases apart.
    const uint32_t* first_frame = location_first_frame_.data();
    const FrameIndex* frames = location_frames_.data();
    auto resolve = [&](uint64_t id) __attribute__((always_inline)) {
      int64_t li = location_ids_.Find(id);
      if (li >= 0) {
        uint32_t first = first_frame[li], last = first_frame[li + 1];
        if (raw.frames.size() + (last - first) > kMaxStackFrames) {
          raw.frames.insert(raw.frames.end(), frames + first, frames + first + (kMaxStackFrames - raw.frames.size()));
          raw.stack_cut = true;
        } else if (last - first == 1) {
          raw.frames.push_back(frames[first]);  // no inlined calls
        } else {
          raw.frames.insert(raw.frames.end(), frames + first, frames + last);
        }
        return;
      }
      if (!raw.has_unknown_location) raw.unknown_location = id;
      raw.has_unknown_location = true;
    };
    auto read_label = [&](const RawLabel& label) {
      for (auto [field, index] : {std::pair{"label key", label.key}, {"label value", label.str}, {"label unit", label.num_unit}}) {
        if (!raw.bad_label_field && (index < 0 || static_cast<uint64_t>(index) >= strings_.size())) {
          raw.bad_label_field = field;
          raw.bad_label_index = index;
        }
      }
      if (label.key == bytes_key_ && label.num > 0) raw.bytes_label = static_cast<uint64_t>(label.num);
      if (label.key == base_key_) raw.base_label = true;
    };
    SiteSamplesBuilder sites(snap.frames);
    Pass(message_bytes_, [&](WireReader& in) {
      size_t index = 0;
      while (uint32_t tag = in.NextTag()) {
        if (FieldOf(tag) != pb::Profile::kSampleFieldNumber || WireTypeOf(tag) != WFL::WIRETYPE_LENGTH_DELIMITED) {
          in.SkipField(tag);  // read in pass 1
          continue;
        }
        ReadSample(in, tag, raw, resolve, read_label);
        ConvertSample(snap, sites, raw, index++);
      }
    });
    snap.site_samples = std::move(sites).Finish();
    wire_checked_ = true;
    if (negative_) snap.profile.is_delta = true;
    if (cut_stacks_)
      snap.notes.push_back(fmt::format("{} samples had stacks deeper than {} frames (Go records at most 128); "
                                       "their caller paths were cut", cut_stacks_, kMaxStackFrames));
    if (missing_size_)
      snap.notes.push_back(fmt::format("{} samples had no `bytes` label; their slot size was derived from bytes/objects", missing_size_));
  }

  void ConvertSample(HeapSnapshot& snap, SiteSamplesBuilder& sites, const RawSample& s, size_t si) {
    if (s.value_count != value_count_)
      Fail(fmt::format("sample {} has {} values but the profile has {} sample types", si, s.value_count, value_count_));
    if (s.has_unknown_location)
      Fail(fmt::format("sample {} refers to location {}, which does not exist", si, s.unknown_location));
    if (s.bad_label_field) Str(s.bad_label_index, s.bad_label_field);  // fails, naming it
    if (s.base_label) snap.profile.is_delta = true;
    if (s.stack_cut) ++cut_stacks_;
    CheckPlausible(s, si);
    uint64_t slot_size_bytes = s.bytes_label;
    auto value = [&](int column) { return column >= 0 ? s.values[column] : 0; };
    ObjectCounts counts{value(alloc_objects_), value(alloc_bytes_), value(live_objects_), value(live_bytes_)};
    for (int v = 0; v < s.value_count; ++v) negative_ |= s.values[v] < 0;
    if (slot_size_bytes == 0) slot_size_bytes = SizeFromCounts(counts, missing_size_);
    sites.Add(s.frames, slot_size_bytes, counts);
  }

  // Past kMaxPlausibleCount no Go heap can be: such values only overflow the model's arithmetic
  // (a delta profile's negative values count by their size too).
  void CheckPlausible(const RawSample& s, size_t si) {
    for (int v = 0; v < s.value_count && v < kMaxValueColumns; ++v) {
      int64_t x = s.values[v];
      uint64_t size = x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
      column_totals_[v] += std::min<uint64_t>(size, uint64_t{1} << 62);
      if (column_totals_[v] > static_cast<uint64_t>(kMaxPlausibleCount))
        Fail(fmt::format("sample {}: the samples' values add up to more than 2^{} objects or bytes, more than any "
                         "Go heap holds (a damaged or made-up profile)", si, kMaxPlausibleCountLog2));
    }
  }

  // A sample without a `bytes` label: derive the slot size the way the runtime computed it.
  static uint64_t SizeFromCounts(const ObjectCounts& c, uint64_t& missing) {
    if (c.alloc_objects > 0 && c.alloc_bytes > 0) return ++missing, static_cast<uint64_t>(c.alloc_bytes / c.alloc_objects);
    if (c.live_objects > 0 && c.live_bytes > 0) return ++missing, static_cast<uint64_t>(c.live_bytes / c.live_objects);
    return 0;  // all-zero samples carry no size; they add nothing anywhere
  }

  const ByteStreamOpener& open_;
  const std::string& source_;
  const PprofLimits& limits_;
  int message_bytes_ = 0;  // found by pass 1
  bool gzipped_ = false;
  bool wire_checked_ = false;

  // Pass 1: the message minus its samples.
  std::vector<RawValueType> sample_types_;
  RawValueType period_type_;
  bool has_period_type_ = false;
  int64_t period_ = 0, time_nanos_ = 0, duration_nanos_ = 0, default_sample_type_ = 0;
  std::vector<int64_t> comments_;
  std::vector<RawMapping> mappings_;
  std::vector<RawLocation> locations_;
  std::vector<RawLine> lines_;
  std::vector<RawFunction> functions_;
  StringTable strings_;
  size_t sample_count_ = 0;

  // Conversion.
  int alloc_objects_ = -1, alloc_bytes_ = -1, live_objects_ = -1, live_bytes_ = -1;
  int value_count_ = 0;
  IdIndex function_ids_, mapping_ids_, location_ids_;
  std::vector<FrameIndex> location_frames_;      // every location's frames, location after location
  std::vector<uint32_t> location_first_frame_;  // location index -> its first frame there (+ end)
  int64_t bytes_key_ = -1, base_key_ = -1;
  uint64_t missing_size_ = 0;
  uint64_t cut_stacks_ = 0;
  uint64_t column_totals_[kMaxValueColumns] = {};  // of |value|, for the plausibility limit
  bool negative_ = false;
};

}  // namespace

HeapSnapshot ReadPprofHeapProfile(const ByteStreamOpener& open, const std::string& source, const PprofLimits& limits) {
  PprofReader reader(open, source, limits);
  try {
    return reader.Read();
  } catch (const WireError&) {
    throw InputError(source, reader.gzipped() ? "gzip data is not a pprof protobuf profile"
                                              : "not a pprof profile (neither gzip nor a valid protobuf message)");
  }
}

HeapSnapshot ParsePprofHeapProfile(std::string_view bytes, const std::string& source, const PprofLimits& limits) {
  return ReadPprofHeapProfile([&] { return OpenMemoryViewStream(bytes, source, {}); }, source, limits);
}

}  // namespace heapdoc
