// Unit tests of the pprof reader: wire encodings a proto3 writer may choose (packed or not, any
// field order, unknown fields), inlined frames, ids, labels, and one real profile end to end.
#include "analyzer/readers/pprof_reader.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>
#include <gtest/gtest.h>

#include <functional>

#include <fmt/format.h>

#include "analyzer/readers/input_reader.h"
#include "heapmodel/error.h"
#include "heapmodel/heap_breakdown.h"
#include "heapmodel/size_classes.h"
#include "profile.pb.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

namespace pb = perftools::profiles;
using WFL = google::protobuf::internal::WireFormatLite;

// String table indices of Profile() below.
enum : int64_t {
  kEmpty, kAllocObjects, kCount, kAllocSpace, kBytes, kInuseObjects, kInuseSpace, kSpace,
  kMainAlloc, kMainGo, kMainMain, kNewBuf, kNewRecord, kBuild, kBase, kStringCount
};

// A Go heap profile with two functions and locations (ids 1, 2) and no samples yet.
pb::Profile Profile() {
  pb::Profile p;
  for (const char* s : {"", "alloc_objects", "count", "alloc_space", "bytes", "inuse_objects", "inuse_space",
                        "space", "main.alloc", "/src/main.go", "main.main", "main.newBuf", "main.newRecord",
                        "main.build", "pprof::base"})
    p.add_string_table(s);
  for (auto [type, unit] : {std::pair{kAllocObjects, kCount}, {kAllocSpace, kBytes}, {kInuseObjects, kCount},
                            {kInuseSpace, kBytes}}) {
    auto* vt = p.add_sample_type();
    vt->set_type(type);
    vt->set_unit(unit);
  }
  p.mutable_period_type()->set_type(kSpace);
  p.mutable_period_type()->set_unit(kBytes);
  p.set_period(524288);
  for (auto [id, name] : {std::pair<uint64_t, int64_t>{1, kMainAlloc}, {2, kMainMain}}) {
    auto* f = p.add_function();
    f->set_id(id);
    f->set_name(name);
    f->set_filename(kMainGo);
    auto* loc = p.add_location();
    loc->set_id(id);
    auto* line = loc->add_line();
    line->set_function_id(id);
    line->set_line(static_cast<int64_t>(10 * id));
  }
  return p;
}

pb::Sample* AddSample(pb::Profile& p, std::vector<uint64_t> location_ids, std::vector<int64_t> values,
                      int64_t slot_bytes) {
  auto* s = p.add_sample();
  for (uint64_t id : location_ids) s->add_location_id(id);
  for (int64_t v : values) s->add_value(v);
  if (slot_bytes) {
    auto* label = s->add_label();
    label->set_key(kBytes);
    label->set_num(slot_bytes);
  }
  return s;
}

HeapSnapshot Parse(const std::string& bytes) { return ParsePprofHeapProfile(bytes, "test.pb"); }
HeapSnapshot Parse(const pb::Profile& p) { return Parse(p.SerializeAsString()); }

std::string ParseError(const std::string& bytes) {
  try {
    Parse(bytes);
  } catch (const Error& e) {
    return e.what();
  }
  return "(accepted)";
}

// The caller path a site keeps (its heaviest sample's) as "function:line", leaf first.
std::vector<std::string> Stack(const HeapSnapshot& snap, const SiteSamples& s) {
  std::vector<std::string> out;
  for (FrameIndex f : s.heaviest_stack) out.push_back(snap.frames[f].function + ":" + std::to_string(snap.frames[f].line));
  return out;
}

// Everything a reader puts in a snapshot from a pprof profile, for equality checks.
void ExpectSameSnapshot(const HeapSnapshot& a, const HeapSnapshot& b) {
  EXPECT_EQ(a.profile.sample_types, b.profile.sample_types);
  EXPECT_EQ(a.profile.default_sample_type, b.profile.default_sample_type);
  EXPECT_EQ(a.profile.sample_rate_bytes, b.profile.sample_rate_bytes);
  EXPECT_EQ(a.profile.is_delta, b.profile.is_delta);
  EXPECT_EQ(a.profile.comments, b.profile.comments);
  EXPECT_EQ(a.notes, b.notes);
  ASSERT_EQ(a.site_samples.size(), b.site_samples.size());
  for (size_t i = 0; i < a.site_samples.size(); ++i) {
    SCOPED_TRACE("site " + std::to_string(i));
    const SiteSamples &x = a.site_samples[i], &y = b.site_samples[i];
    EXPECT_EQ(Stack(a, x), Stack(b, y));
    EXPECT_EQ(x.slot_size_bytes, y.slot_size_bytes);
    EXPECT_EQ(x.counts, y.counts);
    EXPECT_EQ(x.records, y.records);
  }
}

// ---- Hand-made encodings (what other proto3 writers may emit) ----

std::string Encode(const std::function<void(google::protobuf::io::CodedOutputStream&)>& write) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    write(coded);
  }
  return out;
}

// (WireFormatLite::WriteMessage would trust sizes cached by an earlier serialization.)
void WriteMessage(int field, const google::protobuf::MessageLite& message, google::protobuf::io::CodedOutputStream& out) {
  WFL::WriteBytes(field, message.SerializeAsString(), &out);
}

// A Sample with each repeated varint field either packed or one tag per element.
std::string EncodeSample(const pb::Sample& s, bool packed_ids, bool packed_values) {
  return Encode([&](auto& out) {
    if (packed_ids) {
      std::string run = Encode([&](auto& o) { for (uint64_t id : s.location_id()) o.WriteVarint64(id); });
      WFL::WriteBytes(pb::Sample::kLocationIdFieldNumber, run, &out);
    } else {
      for (uint64_t id : s.location_id()) WFL::WriteUInt64(pb::Sample::kLocationIdFieldNumber, id, &out);
    }
    if (packed_values) {
      std::string run = Encode([&](auto& o) { for (int64_t v : s.value()) o.WriteVarint64(static_cast<uint64_t>(v)); });
      WFL::WriteBytes(pb::Sample::kValueFieldNumber, run, &out);
    } else {
      for (int64_t v : s.value()) WFL::WriteInt64(pb::Sample::kValueFieldNumber, v, &out);
    }
    for (const auto& label : s.label()) WriteMessage(pb::Sample::kLabelFieldNumber, label, out);
  });
}

// The profile with its samples encoded by `encode_sample`, placed before or after the rest.
std::string EncodeProfile(const pb::Profile& p, const std::function<std::string(const pb::Sample&)>& encode_sample,
                          bool samples_first) {
  std::string samples = Encode([&](auto& out) {
    for (const auto& s : p.sample()) WFL::WriteBytes(pb::Profile::kSampleFieldNumber, encode_sample(s), &out);
  });
  pb::Profile rest = p;
  rest.clear_sample();
  return samples_first ? samples + rest.SerializeAsString() : rest.SerializeAsString() + samples;
}

pb::Profile TwoSampleProfile() {
  pb::Profile p = Profile();
  AddSample(p, {1, 2}, {10, 480, 5, 240}, 48);
  AddSample(p, {2}, {3, 3072, 1, 1024}, 1024);
  return p;
}

TEST(PprofReader, PackedAndUnpackedEncodingsGiveTheSameSnapshot) {
  pb::Profile p = TwoSampleProfile();
  HeapSnapshot packed = Parse(p);  // protobuf packs repeated scalars in proto3
  ASSERT_EQ(packed.site_samples.size(), 2u);
  EXPECT_EQ(Stack(packed, packed.site_samples[0]), (std::vector<std::string>{"main.alloc:10", "main.main:20"}));
  for (bool ids : {false, true}) {
    for (bool values : {false, true}) {
      SCOPED_TRACE(fmt::format("packed ids {}, packed values {}", ids, values));
      auto encode = [&](const pb::Sample& s) { return EncodeSample(s, ids, values); };
      ExpectSameSnapshot(Parse(EncodeProfile(p, encode, false)), packed);
    }
  }
}

TEST(PprofReader, SamplesMayComeBeforeOrAfterLocationsFunctionsAndStrings) {
  // Go writes samples first and the string table last; other writers may do the opposite.
  pb::Profile p = TwoSampleProfile();
  auto as_is = [](const pb::Sample& s) { return s.SerializeAsString(); };
  HeapSnapshot after = Parse(EncodeProfile(p, as_is, false));
  HeapSnapshot before = Parse(EncodeProfile(p, as_is, true));
  ExpectSameSnapshot(before, after);
  // Strings first, then functions, locations, sample types, samples: every table reversed.
  std::string reversed = Encode([&](auto& out) {
    for (const auto& s : p.string_table()) WFL::WriteString(pb::Profile::kStringTableFieldNumber, s, &out);
    for (const auto& f : p.function()) WriteMessage(pb::Profile::kFunctionFieldNumber, f, out);
    for (const auto& l : p.location()) WriteMessage(pb::Profile::kLocationFieldNumber, l, out);
    WriteMessage(pb::Profile::kPeriodTypeFieldNumber, p.period_type(), out);
    WFL::WriteInt64(pb::Profile::kPeriodFieldNumber, p.period(), &out);
    for (const auto& t : p.sample_type()) WriteMessage(pb::Profile::kSampleTypeFieldNumber, t, out);
    for (const auto& s : p.sample()) WriteMessage(pb::Profile::kSampleFieldNumber, s, out);
  });
  ExpectSameSnapshot(Parse(reversed), after);
}

TEST(PprofReader, UnknownFieldsAreSkipped) {
  pb::Profile p = TwoSampleProfile();
  std::string unknown = Encode([](auto& out) {
    WFL::WriteInt64(100, 7, &out);
    WFL::WriteString(101, "opaque", &out);
    WFL::WriteFixed32(102, 1, &out);
    WFL::WriteFixed64(103, 1, &out);
    out.WriteTag(WFL::MakeTag(104, WFL::WIRETYPE_START_GROUP));
    WFL::WriteInt64(1, 1, &out);
    out.WriteTag(WFL::MakeTag(104, WFL::WIRETYPE_END_GROUP));
  });
  // At the top level, and inside every sample (the reader's hand-written path).
  auto with_unknown = [&](const pb::Sample& s) { return unknown + s.SerializeAsString() + unknown; };
  std::string bytes = unknown + EncodeProfile(p, with_unknown, true) + unknown;
  ExpectSameSnapshot(Parse(bytes), Parse(p));
}

TEST(PprofReader, InlinedFramesExpandLeafFirst) {
  // One Location, three Line entries: line[0] is the innermost inlined callee, the last its caller.
  pb::Profile p = Profile();
  for (auto [id, name] : {std::pair<uint64_t, int64_t>{3, kNewBuf}, {4, kNewRecord}, {5, kBuild}}) {
    auto* f = p.add_function();
    f->set_id(id);
    f->set_name(name);
    f->set_filename(kMainGo);
  }
  auto* loc = p.add_location();
  loc->set_id(3);
  for (auto [function, line] : {std::pair<uint64_t, int64_t>{3, 22}, {4, 27}, {5, 34}}) {
    auto* l = loc->add_line();
    l->set_function_id(function);
    l->set_line(line);
  }
  AddSample(p, {3, 2}, {1, 208, 1, 208}, 208);
  AddSample(p, {2, 3}, {1, 208, 1, 208}, 208);  // and in the middle of a stack
  HeapSnapshot snap = Parse(p);
  ASSERT_EQ(snap.site_samples.size(), 2u);  // two leaves: two sites
  EXPECT_EQ(Stack(snap, snap.site_samples[0]),
            (std::vector<std::string>{"main.newBuf:22", "main.newRecord:27", "main.build:34", "main.main:20"}));
  EXPECT_EQ(Stack(snap, snap.site_samples[1]),
            (std::vector<std::string>{"main.main:20", "main.newBuf:22", "main.newRecord:27", "main.build:34"}));
  EXPECT_EQ(snap.site_samples[0].heaviest_stack[0], snap.site_samples[1].heaviest_stack[1])
      << "frames are shared, not copied per sample";
}

TEST(PprofReader, HostileStackDepthIsCutNotExpanded) {
  // One location with 100 inlined lines, named 100 times by one sample: 10,000 frames from a few
  // hundred bytes. The stack keeps its leaf end, cut at 4096 frames, and a note says so.
  pb::Profile p = Profile();
  auto* loc = p.mutable_location(0);
  for (int i = 0; i < 99; ++i) {
    auto* l = loc->add_line();
    l->set_function_id(2);
    l->set_line(100 + i);
  }
  pb::Sample* s = AddSample(p, {}, {1, 48, 1, 48}, 48);
  for (int i = 0; i < 100; ++i) s->add_location_id(1);
  HeapSnapshot snap = Parse(p);
  ASSERT_EQ(snap.site_samples.size(), 1u);
  EXPECT_EQ(snap.site_samples[0].heaviest_stack.size(), 4096u);
  EXPECT_EQ(Stack(snap, snap.site_samples[0]).front(), "main.alloc:10");
  ASSERT_EQ(snap.notes.size(), 1u);
  EXPECT_EQ(snap.notes[0], "1 samples had stacks deeper than 4096 frames (Go records at most 128); their caller paths were cut");
}

TEST(PprofReader, DuplicateStackAndSizeSamplesAreCountedAndSum) {
  // The runtime keys records by (stack, size); merged profiles may still repeat one. Both count
  // as records of their site, as pprof -raw lists them, and the site adds them up.
  pb::Profile p = Profile();
  AddSample(p, {1, 2}, {10, 480, 5, 240}, 48);
  AddSample(p, {1, 2}, {4, 192, 2, 96}, 48);
  HeapSnapshot snap = Parse(p);
  ASSERT_EQ(snap.site_samples.size(), 1u);
  EXPECT_EQ(snap.site_samples[0].records, 2u);
  HeapBreakdown breakdown = BuildHeapBreakdown(snap, SizeClassTable::For(GoVersion{1, 22}));
  ASSERT_EQ(breakdown.sites.size(), 1u);
  EXPECT_EQ(breakdown.sites[0].sample_records, 2u);
  EXPECT_EQ(breakdown.sites[0].counts, (ObjectCounts{14, 672, 7, 336}));
  EXPECT_EQ(breakdown.totals, (ObjectCounts{14, 672, 7, 336}));
}

TEST(PprofReader, SamplesWithoutBytesLabelDeriveTheirSize) {
  pb::Profile p = Profile();
  AddSample(p, {1}, {10, 480, 5, 240}, 0);  // alloc bytes / alloc objects
  AddSample(p, {1}, {0, 0, 4, 256}, 0);     // live bytes / live objects
  AddSample(p, {1}, {0, 0, 0, 0}, 0);       // nothing to derive from
  AddSample(p, {1}, {1, 48, 1, 48}, 48);
  auto* other_label = p.mutable_sample(3)->add_label();  // a string label does not interfere
  other_label->set_key(kMainAlloc);
  other_label->set_str(kMainMain);
  HeapSnapshot snap = Parse(p);
  // The all-zero sample carries nothing and is dropped; the first and last share a site.
  ASSERT_EQ(snap.site_samples.size(), 2u);
  EXPECT_EQ(snap.site_samples[0].slot_size_bytes, 48u);
  EXPECT_EQ(snap.site_samples[0].records, 2u);
  EXPECT_EQ(snap.site_samples[0].counts, (ObjectCounts{11, 528, 6, 288}));
  EXPECT_EQ(snap.site_samples[1].slot_size_bytes, 64u);
  ASSERT_EQ(snap.notes.size(), 1u);
  EXPECT_EQ(snap.notes[0], "2 samples had no `bytes` label; their slot size was derived from bytes/objects");
  EXPECT_FALSE(snap.profile.is_delta);
}

TEST(PprofReader, BaseLabelOrNegativeValueMarksADelta) {
  pb::Profile p = Profile();
  AddSample(p, {1}, {10, 480, 5, 240}, 48);
  EXPECT_FALSE(Parse(p).profile.is_delta);
  pb::Profile with_base = p;
  auto* label = with_base.mutable_sample(0)->add_label();
  label->set_key(kBase);
  label->set_str(kEmpty);
  EXPECT_TRUE(Parse(with_base).profile.is_delta);
  pb::Profile negative = p;
  negative.mutable_sample(0)->set_value(3, -240);
  EXPECT_TRUE(Parse(negative).profile.is_delta);
}

TEST(PprofReader, SparseHugeIdsResolve) {
  // Ids are arbitrary uint64: not dense, not in order, up to the top of the range.
  const uint64_t kHuge = ~uint64_t{0};
  pb::Profile p = Profile();
  p.mutable_function(0)->set_id(kHuge);
  p.mutable_function(1)->set_id(1ull << 40);
  p.mutable_location(0)->set_id(1ull << 63);
  p.mutable_location(0)->mutable_line(0)->set_function_id(kHuge);
  p.mutable_location(1)->set_id(kHuge - 1);
  p.mutable_location(1)->mutable_line(0)->set_function_id(1ull << 40);
  auto* m = p.add_mapping();
  m->set_id(kHuge);
  p.mutable_location(1)->set_mapping_id(kHuge);
  AddSample(p, {1ull << 63, kHuge - 1}, {10, 480, 5, 240}, 48);
  HeapSnapshot snap = Parse(p);
  ASSERT_EQ(snap.site_samples.size(), 1u);
  EXPECT_EQ(Stack(snap, snap.site_samples[0]), (std::vector<std::string>{"main.alloc:10", "main.main:20"}));

  // An id that is absent from a sparse table is refused, not looked up out of bounds.
  pb::Profile dangling = p;
  dangling.mutable_sample(0)->set_location_id(1, 12345);
  EXPECT_EQ(ParseError(dangling.SerializeAsString()),
            "test.pb: sample 0 refers to location 12345, which does not exist");
  pb::Profile dangling_function = p;
  dangling_function.mutable_location(1)->mutable_line(0)->set_function_id(2);
  EXPECT_EQ(ParseError(dangling_function.SerializeAsString()),
            "test.pb: location 18446744073709551614 refers to function 2, which does not exist");
  pb::Profile dangling_mapping = p;
  dangling_mapping.mutable_location(0)->set_mapping_id(1);
  EXPECT_EQ(ParseError(dangling_mapping.SerializeAsString()),
            "test.pb: location 9223372036854775808 refers to mapping 1, which does not exist");
}

TEST(PprofReader, DuplicateIdsAreRefusedDenseOrSparse) {
  pb::Profile dense = Profile();
  dense.mutable_location(1)->set_id(1);
  EXPECT_EQ(ParseError(dense.SerializeAsString()), "test.pb: duplicate location id 1");
  pb::Profile sparse = Profile();
  sparse.mutable_function(0)->set_id(7);
  sparse.mutable_function(1)->set_id(7);
  EXPECT_EQ(ParseError(sparse.SerializeAsString()), "test.pb: duplicate function id 7");
}

TEST(PprofReader, MalformedMessageIsReportedBeforeAnyOtherProblem) {
  // As when the whole message was parsed first: a bad string index in a sample that comes before
  // a truncated one is not what the user hears about.
  pb::Profile p = Profile();
  AddSample(p, {1}, {10, 480, 5, 240}, 48)->mutable_label(0)->set_key(999);
  std::string bytes = EncodeProfile(p, [](const pb::Sample& s) { return s.SerializeAsString(); }, false);
  EXPECT_EQ(ParseError(bytes), "test.pb: label key refers to string 999 but the string table has 15 entries");
  std::string truncated_sample = Encode([](auto& out) {
    out.WriteTag(WFL::MakeTag(pb::Profile::kSampleFieldNumber, WFL::WIRETYPE_LENGTH_DELIMITED));
    out.WriteVarint32(3);
    out.WriteTag(WFL::MakeTag(pb::Sample::kValueFieldNumber, WFL::WIRETYPE_LENGTH_DELIMITED));
    out.WriteVarint32(5);  // runs past the sample
    out.WriteVarint32(1);
  });
  EXPECT_EQ(ParseError(bytes + truncated_sample),
            "test.pb: not a pprof profile (neither gzip nor a valid protobuf message)");
  // Strings are proto3 `string`s: invalid UTF-8 makes the message invalid, as for protobuf.
  pb::Profile bad_utf8 = Profile();
  bad_utf8.set_string_table(kMainMain, "main.\xff");
  EXPECT_EQ(ParseError(bad_utf8.SerializeAsString()),
            "test.pb: not a pprof profile (neither gzip nor a valid protobuf message)");
}

TEST(PprofReader, RealInlinedProfileEndToEnd) {
  // testdata/inlined: main.newBuf and main.newRecord are inlined into main.build; the 208 B
  // buffer's Location has three Line entries (README.md).
  HeapSnapshot snap = ReadHeapInputFile(testing::TestdataPath("inlined/heap.pb.gz"));
  EXPECT_TRUE(snap.profile.gzipped);
  EXPECT_EQ(snap.profile.sample_types,
            (std::vector<std::string>{"alloc_objects/count", "alloc_space/bytes", "inuse_objects/count",
                                      "inuse_space/bytes"}));
  const SiteSamples* buffer = nullptr;
  for (const auto& s : snap.site_samples)
    if (s.slot_size_bytes == 208 && s.leaf != kNoFrame && snap.frames[s.leaf].function == "main.newBuf") buffer = &s;
  ASSERT_NE(buffer, nullptr);
  std::vector<std::string> stack = Stack(snap, *buffer);
  ASSERT_GE(stack.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(stack.begin(), stack.begin() + 3),
            (std::vector<std::string>{"main.newBuf:22", "main.newRecord:27", "main.build:34"}));
  EXPECT_EQ(snap.frames[buffer->leaf].file, "heapdoc/testdata/gen/inlined/main.go");
  EXPECT_GT(buffer->counts.live_bytes, 0);
}

}  // namespace
}  // namespace heapdoc
