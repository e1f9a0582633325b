// Tests of the runtime.MemStats readers on inputs written by a real Go program
// (testdata/memstats/gen), on expvar documents from the corpus, and on broken inputs.
#include "analyzer/readers/memstats_reader.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "analyzer/readers/prometheus_reader.h"
#include "heapmodel/error.h"
#include "tests/test_support.h"

namespace heapdoc {
namespace {

using nlohmann::json;
using testing::ReadFileBytes;
using testing::TempPath;
using testing::TestdataPath;
using testing::WriteFileBytes;

std::string MemstatsData(const std::string& name) { return TestdataPath("memstats/" + name); }
std::string CorpusMemstats(const std::string& name) {
  return std::string(HEAPDOC_SHARED_DIR) + "/corpus/memstats/" + name;
}

constexpr const char* kBeatStats = "influxdata_telegraf__plugins_inputs_beat_beat6_stats.json__f34b9d1f";
const char* const kCorpusExpvar[] = {
    "influxdata_telegraf__plugins_inputs_influxdb_testdata_influx_return2.json__adade0dc",
    "influxdata_telegraf__plugins_inputs_kapacitor_testdata_kapacitor_return.json__0f771d20",
    "influxdata_telegraf__plugins_inputs_influxdb_testdata_influx_return.json__289c6e16",
    "influxdata_telegraf__plugins_inputs_influxdb_testdata_cloud1.json__c193d58d",
};

// The message of the heapdoc::Error `f` throws; fails the test if it throws nothing or anything else.
std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw a non-heapdoc exception: " << e.what();
    return "";
  }
  ADD_FAILURE() << "no error";
  return "";
}

std::string ParseError(const std::string& bytes, const std::string& source = "memstats.json") {
  return ErrorOf([&] { ParseMemStats(bytes, source); });
}

// The value of "# Name = value" in a text profile, read here independently of the reader.
std::string TrailerValue(const std::string& text, const std::string& name) {
  std::string key = "\n# " + name + " = ";
  size_t at = text.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  return text.substr(at, text.find('\n', at) - at);
}

// The value of an unlabelled sample in Prometheus text, read here with strtod.
std::optional<double> PromValue(const std::string& text, const std::string& metric) {
  std::string key = "\n" + metric + " ";
  size_t at = text.find(key);
  if (at == std::string::npos) return std::nullopt;
  return std::strtod(text.c_str() + at + key.size(), nullptr);
}

void ExpectMatchesJson(const MemStats& m, const json& j) {
  EXPECT_EQ(m.heap_inuse, j["HeapInuse"].get<uint64_t>());
  EXPECT_EQ(m.heap_alloc, j["HeapAlloc"].get<uint64_t>());
  EXPECT_EQ(m.heap_sys, j["HeapSys"].get<uint64_t>());
  EXPECT_EQ(m.heap_idle, j["HeapIdle"].get<uint64_t>());
  EXPECT_EQ(m.heap_released, j["HeapReleased"].get<uint64_t>());
  EXPECT_EQ(m.heap_objects, j["HeapObjects"].get<uint64_t>());
  EXPECT_EQ(m.mallocs, j["Mallocs"].get<uint64_t>());
  EXPECT_EQ(m.next_gc, j["NextGC"].get<uint64_t>());
  EXPECT_EQ(m.last_gc, j["LastGC"].get<uint64_t>());
  EXPECT_EQ(m.pause_total_ns, j["PauseTotalNs"].get<uint64_t>());
  ASSERT_TRUE(m.num_gc.has_value());
  EXPECT_EQ(*m.num_gc, j["NumGC"].get<uint32_t>());
  ASSERT_TRUE(m.gc_cpu_fraction.has_value());
  EXPECT_DOUBLE_EQ(*m.gc_cpu_fraction, j["GCCPUFraction"].get<double>());
  ASSERT_EQ(m.by_size.size(), 61u);
  ASSERT_EQ(j["BySize"].size(), 61u);
  for (size_t i : {0, 1, 2, 5, 30, 60}) {
    SCOPED_TRACE(i);
    EXPECT_EQ(m.by_size[i].size, j["BySize"][i]["Size"].get<uint32_t>());
    EXPECT_EQ(m.by_size[i].mallocs, j["BySize"][i]["Mallocs"].get<uint64_t>());
    EXPECT_EQ(m.by_size[i].frees, j["BySize"][i]["Frees"].get<uint64_t>());
  }
  EXPECT_EQ(m.by_size[0].size, 0u);
  EXPECT_EQ(m.by_size[1].size, 8u);
  ASSERT_EQ(m.pause_ns.size(), 256u);
  EXPECT_EQ(m.pause_ns[0], j["PauseNs"][0].get<uint64_t>());
  EXPECT_EQ(m.pause_end.size(), 256u);
}

// ----- The forms written by testdata/memstats/gen (Go 1.19) -----

TEST(MemStatsReader, RuntimeJsonMatchesWhatGoWrote) {
  std::string path = MemstatsData("runtime.json");
  json j = json::parse(ReadFileBytes(path));
  MemStats m = ReadMemStatsFile(path);
  EXPECT_EQ(m.form, MemStatsForm::kRuntimeJson);
  EXPECT_EQ(m.origin, path);
  ExpectMatchesJson(m, j);
  EXPECT_GT(m.heap_inuse, m.heap_alloc);  // the generator leaves a fragmented heap
  EXPECT_TRUE(m.notes.empty()) << m.notes.front();
}

TEST(MemStatsReader, ExpvarMatchesWhatGoWrote) {
  std::string path = MemstatsData("vars.json");
  json doc = json::parse(ReadFileBytes(path));
  ASSERT_TRUE(doc.contains("cmdline"));
  MemStats m = ReadMemStatsFile(path);
  EXPECT_EQ(m.form, MemStatsForm::kExpvar);
  ExpectMatchesJson(m, doc["memstats"]);
  EXPECT_TRUE(m.notes.empty()) << m.notes.front();
}

TEST(MemStatsReader, TextTrailerMatchesWhatGoWrote) {
  std::string path = MemstatsData("heap_debug1.txt");
  std::string text = ReadFileBytes(path);
  ASSERT_TRUE(text.starts_with("heap profile:"));
  MemStats m = ReadMemStatsFile(path);
  EXPECT_EQ(m.form, MemStatsForm::kTextTrailer);
  EXPECT_EQ(m.heap_inuse, std::stoull(TrailerValue(text, "HeapInuse")));
  EXPECT_EQ(m.heap_alloc, std::stoull(TrailerValue(text, "HeapAlloc")));
  EXPECT_EQ(m.heap_sys, std::stoull(TrailerValue(text, "HeapSys")));
  EXPECT_EQ(m.heap_idle, std::stoull(TrailerValue(text, "HeapIdle")));
  EXPECT_EQ(m.heap_released, std::stoull(TrailerValue(text, "HeapReleased")));
  EXPECT_EQ(m.next_gc, std::stoull(TrailerValue(text, "NextGC")));
  ASSERT_TRUE(m.num_gc.has_value());
  EXPECT_EQ(*m.num_gc, std::stoul(TrailerValue(text, "NumGC")));
  ASSERT_TRUE(m.gc_cpu_fraction.has_value());
  EXPECT_DOUBLE_EQ(*m.gc_cpu_fraction, std::stod(TrailerValue(text, "GCCPUFraction")));
  std::string stack = TrailerValue(text, "Stack");  // "inuse / sys"
  EXPECT_EQ(m.stack_inuse, std::stoull(stack));
  EXPECT_EQ(m.stack_sys, std::stoull(stack.substr(stack.find('/') + 1)));
  EXPECT_TRUE(m.mspan_sys.has_value());
  EXPECT_TRUE(m.mcache_sys.has_value());
  EXPECT_EQ(m.debug_gc, false);
  EXPECT_TRUE(m.max_rss.has_value());  // Linux
  EXPECT_TRUE(m.by_size.empty());      // the trailer has no BySize
  ASSERT_EQ(m.pause_ns.size(), 256u);
  EXPECT_EQ(m.pause_end.size(), 256u);
  EXPECT_EQ(m.pause_ns[0], std::stoull(TrailerValue(text, "PauseNs").substr(1)));
  ASSERT_TRUE(m.pause_total_ns.has_value());  // summed from PauseNs: fewer than 256 GCs ran
  EXPECT_TRUE(m.notes.empty()) << m.notes.front();

  // The text-profile reader's entry point finds the same block in the whole profile.
  auto trailer = ParseTextProfileTrailer(text, "heap_debug1.txt");
  ASSERT_TRUE(trailer.has_value());
  EXPECT_EQ(trailer->heap_inuse, m.heap_inuse);
  EXPECT_EQ(trailer->origin, "heap_debug1.txt");
}

TEST(MemStatsReader, PrometheusMatchesWhatGoWrote) {
  std::string path = MemstatsData("metrics.prom");
  std::string text = ReadFileBytes(path);
  MemStats m = ReadMemStatsFile(path);
  EXPECT_EQ(m.form, MemStatsForm::kPrometheus);
  EXPECT_EQ(m.heap_inuse, static_cast<uint64_t>(*PromValue(text, "go_memstats_heap_inuse_bytes")));
  EXPECT_EQ(m.heap_alloc, static_cast<uint64_t>(*PromValue(text, "go_memstats_heap_alloc_bytes")));
  EXPECT_EQ(m.heap_sys, static_cast<uint64_t>(*PromValue(text, "go_memstats_heap_sys_bytes")));
  EXPECT_EQ(m.heap_idle, static_cast<uint64_t>(*PromValue(text, "go_memstats_heap_idle_bytes")));
  EXPECT_EQ(m.heap_released, static_cast<uint64_t>(*PromValue(text, "go_memstats_heap_released_bytes")));
  EXPECT_EQ(m.heap_objects, static_cast<uint64_t>(*PromValue(text, "go_memstats_heap_objects")));
  // NextGC is ~2^63 with GC off: written as 9.223372036790485e+18.
  EXPECT_EQ(m.next_gc, static_cast<uint64_t>(*PromValue(text, "go_memstats_next_gc_bytes")));
  EXPECT_GT(*m.next_gc, 9'000'000'000'000'000'000ull);
  ASSERT_TRUE(m.num_gc.has_value());
  EXPECT_EQ(*m.num_gc, static_cast<uint32_t>(*PromValue(text, "go_gc_duration_seconds_count")));
  EXPECT_TRUE(m.last_gc.has_value());
  EXPECT_TRUE(m.pause_total_ns.has_value());
  // Only totals: no BySize, no pause buffer. client_golang 1.14 on Go 1.19 has no gc_cpu_fraction.
  EXPECT_TRUE(m.by_size.empty());
  EXPECT_TRUE(m.pause_ns.empty());
  EXPECT_EQ(m.gc_cpu_fraction.has_value(), PromValue(text, "go_memstats_gc_cpu_fraction").has_value());
  EXPECT_TRUE(m.notes.empty()) << m.notes.front();
}

TEST(MemStatsReader, FormsFromOneMomentAgree) {
  MemStats json_form = ReadMemStatsFile(MemstatsData("runtime.json"));
  MemStats expvar_form = ReadMemStatsFile(MemstatsData("vars.json"));
  MemStats text_form = ReadMemStatsFile(MemstatsData("heap_debug1.txt"));
  // The generator retook the set until these agreed exactly (GC off while writing).
  for (const MemStats* other : {&expvar_form, &text_form}) {
    SCOPED_TRACE(MemStatsFormName(other->form));
    EXPECT_EQ(other->heap_sys, json_form.heap_sys);
    EXPECT_EQ(other->heap_inuse, json_form.heap_inuse);
    EXPECT_EQ(other->heap_idle, json_form.heap_idle);
    EXPECT_EQ(other->heap_released, json_form.heap_released);
    EXPECT_EQ(other->num_gc, json_form.num_gc);
    // HeapAlloc counts the writers' own allocations made between the reads.
    EXPECT_NEAR(static_cast<double>(other->heap_alloc), static_cast<double>(json_form.heap_alloc), 1 << 20);
  }
  // client_golang gathers later and allocates while doing so: close, not equal.
  MemStats prom = ReadMemStatsFile(MemstatsData("metrics.prom"));
  auto near = [](uint64_t a, uint64_t b) {
    double tolerance = std::max(4.0 * (1 << 20), 0.05 * static_cast<double>(b));
    return std::abs(static_cast<double>(a) - static_cast<double>(b)) <= tolerance;
  };
  EXPECT_TRUE(near(prom.heap_sys, json_form.heap_sys)) << prom.heap_sys << " vs " << json_form.heap_sys;
  EXPECT_TRUE(near(prom.heap_inuse, json_form.heap_inuse)) << prom.heap_inuse << " vs " << json_form.heap_inuse;
  EXPECT_EQ(prom.num_gc, json_form.num_gc);
}

TEST(MemStatsReader, GzippedInputIsTheSame) {
  std::string bytes = ReadFileBytes(MemstatsData("vars.json"));
  std::string path = TempPath("vars.json.gz");
  WriteFileBytes(path, testing::Gzip(bytes));
  MemStats gz = ReadMemStatsFile(path);
  MemStats plain = ParseMemStats(bytes, "vars.json");
  EXPECT_EQ(gz.heap_inuse, plain.heap_inuse);
  EXPECT_EQ(gz.by_size.size(), 61u);
  EXPECT_EQ(ParseMemStats(testing::Gzip(bytes), "vars.json.gz").heap_alloc, plain.heap_alloc);
}

// ----- The corpus: /debug/vars documents of real services (InfluxDB, Kapacitor) -----

TEST(MemStatsReader, CorpusExpvarDocumentsParse) {
  if (testing::SharedCorpusMissing()) GTEST_SKIP() << "no ../shared/corpus";
  for (const char* name : kCorpusExpvar) {
    SCOPED_TRACE(name);
    std::string path = CorpusMemstats(name);
    json doc = json::parse(ReadFileBytes(path));
    MemStats m = ReadMemStatsFile(path);
    EXPECT_EQ(m.form, MemStatsForm::kExpvar);
    const json& j = doc["memstats"];
    EXPECT_EQ(m.heap_inuse, j["HeapInuse"].get<uint64_t>());
    EXPECT_EQ(m.heap_alloc, j["HeapAlloc"].get<uint64_t>());
    EXPECT_EQ(*m.num_gc, j["NumGC"].get<uint32_t>());
    EXPECT_DOUBLE_EQ(*m.gc_cpu_fraction, j["GCCPUFraction"].get<double>());
    ASSERT_EQ(m.by_size.size(), 61u);
    EXPECT_EQ(m.by_size[10].mallocs, j["BySize"][10]["Mallocs"].get<uint64_t>());
    // Older Go (InfluxDB 0.x) had no NumForcedGC: absent, not zero.
    EXPECT_EQ(m.num_forced_gc.has_value(), j.contains("NumForcedGC"));
    EXPECT_TRUE(m.notes.empty()) << m.notes.front();
  }
}

TEST(MemStatsReader, RefusesBeatsMemstatsWithTheMissingFields) {
  std::string path = CorpusMemstats(kBeatStats);
  if (testing::SharedCorpusMissing()) GTEST_SKIP() << "no ../shared/corpus";
  std::string message = ErrorOf([&] { ReadMemStatsFile(path); });
  EXPECT_TRUE(message.starts_with(path + ": not runtime.MemStats: no HeapInuse, HeapAlloc")) << message;
  EXPECT_NE(message.find("beat.memstats"), std::string::npos) << message;
  EXPECT_NE(message.find("gc_next"), std::string::npos) << message;
}

// A ?debug=1 heap profile from a public repository (Go 1.15 era, Windows: pause times of 0).
TEST(MemStatsReader, CorpusTextProfileTrailer) {
  std::string path = testing::CorpusPath("Lolodin_infworld__heap.txt__b19f83bb");
  if (testing::SharedCorpusMissing()) GTEST_SKIP() << "no ../shared/corpus";
  std::string text = ReadFileBytes(path);
  auto m = ParseTextProfileTrailer(text, path);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->heap_inuse, std::stoull(TrailerValue(text, "HeapInuse")));
  EXPECT_EQ(m->heap_alloc, std::stoull(TrailerValue(text, "HeapAlloc")));
  EXPECT_EQ(m->heap_released, std::stoull(TrailerValue(text, "HeapReleased")));
  EXPECT_EQ(m->num_gc, std::stoul(TrailerValue(text, "NumGC")));
  EXPECT_FALSE(m->max_rss.has_value());  // not written on Windows
  EXPECT_TRUE(m->notes.empty()) << m->notes.front();
}

// A gzip-compressed pprof profile given as memstats: refused with a hint.
TEST(MemStatsReader, ProtobufProfileIsNotMemStats) {
  std::string path = testing::CorpusPath("23skdu_longbow__mem.prof__5a6c405c");
  if (testing::SharedCorpusMissing()) GTEST_SKIP() << "no ../shared/corpus";
  std::string s = ErrorOf([&] { ReadMemStatsFile(path); });
  EXPECT_TRUE(s.starts_with(path + ": binary data inside gzip (a pprof profile?), not runtime.MemStats")) << s;
}

// ----- JSON that is not runtime.MemStats, and broken JSON -----

TEST(MemStatsReader, JsonWithoutMemStatsFieldsNamesThem) {
  EXPECT_EQ(ParseError(R"({"foo": 1, "bar": [1, 2]})"),
            "memstats.json: not runtime.MemStats: no HeapInuse, HeapAlloc, HeapSys, HeapIdle, HeapReleased "
            "fields");
  std::string partial = ParseError(R"({"HeapAlloc": 1, "HeapSys": 2, "HeapIdle": 1, "HeapReleased": 0})");
  EXPECT_EQ(partial, "memstats.json: not runtime.MemStats: no HeapInuse field");
  std::string expvar_without = ParseError(R"({"cmdline": ["x"], "other": 1})", "vars.json");
  EXPECT_NE(expvar_without.find("without \"memstats\""), std::string::npos) << expvar_without;
  std::string not_object = ParseError(R"({"cmdline": ["x"], "memstats": "n/a"})", "vars.json");
  EXPECT_NE(not_object.find("\"memstats\" is string"), std::string::npos) << not_object;
  std::string other_memstats = ParseError(R"({"cmdline": [], "memstats": {"rss": 1, "gc_next": 2}})", "v.json");
  EXPECT_EQ(other_memstats,
            "v.json: not runtime.MemStats: its \"memstats\" has no HeapInuse, HeapAlloc, HeapSys, HeapIdle, "
            "HeapReleased fields (it has gc_next, rss)");
  EXPECT_NE(ParseError("[1, 2, 3]").find("an array, not an object"), std::string::npos);
}

std::string RuntimeJsonWith(const std::string& field, const json& value) {
  json j = json::parse(ReadFileBytes(MemstatsData("runtime.json")));
  j[field] = value;
  return j.dump();
}

TEST(MemStatsReader, WrongTypesAreOneClearError) {
  std::string s = ParseError(RuntimeJsonWith("HeapAlloc", "12345"));
  EXPECT_EQ(s, "memstats.json: HeapAlloc is a string (\"12345\"), expected a non-negative integer below 2^64");
  EXPECT_NE(ParseError(RuntimeJsonWith("HeapInuse", -4096)).find("HeapInuse is negative (-4096)"), std::string::npos);
  EXPECT_NE(ParseError(RuntimeJsonWith("HeapIdle", 1.5)).find("HeapIdle is a fraction"), std::string::npos);
  EXPECT_NE(ParseError(RuntimeJsonWith("Mallocs", nullptr)).find("Mallocs is null"), std::string::npos);
  EXPECT_NE(ParseError(RuntimeJsonWith("NumGC", 1ull << 33)).find("expected a uint32"), std::string::npos);
  EXPECT_NE(ParseError(RuntimeJsonWith("GCCPUFraction", "0.1")).find("GCCPUFraction is a string"), std::string::npos);
  EXPECT_NE(ParseError(RuntimeJsonWith("DebugGC", 0)).find("DebugGC"), std::string::npos);
  EXPECT_NE(ParseError(RuntimeJsonWith("BySize", json::object())).find("BySize is an object"), std::string::npos);
  EXPECT_NE(ParseError(RuntimeJsonWith("PauseNs", json::array({1, "x"}))).find("PauseNs[1] is a string"),
            std::string::npos);
  json by_size = json::parse(ReadFileBytes(MemstatsData("runtime.json")))["BySize"];
  by_size[3]["Mallocs"] = -1;
  EXPECT_NE(ParseError(RuntimeJsonWith("BySize", by_size)).find("BySize[3].Mallocs is negative"), std::string::npos);
  // Inside /debug/vars the field is named as the user sees it.
  std::string vars = R"({"cmdline": [], "memstats": {"HeapAlloc": "1", "HeapSys": 2, "HeapIdle": 1,
                         "HeapInuse": 1, "HeapReleased": 0}})";
  EXPECT_NE(ParseError(vars, "vars.json").find("vars.json: memstats.HeapAlloc is a string"), std::string::npos);
}

TEST(MemStatsReader, NumbersUpToUint64Max) {
  MemStats m = ParseMemStats(RuntimeJsonWith("NextGC", json::parse("18446744073709551615")), "m.json");
  EXPECT_EQ(m.next_gc, 18446744073709551615ull);
  // One more does not fit: nlohmann reads it as a double, which the reader refuses.
  std::string s = ParseError(R"({"HeapAlloc": 1, "HeapSys": 2, "HeapIdle": 1, "HeapInuse": 1,
                                 "HeapReleased": 0, "NextGC": 18446744073709551616})");
  EXPECT_NE(s.find("NextGC is a fraction or out-of-range number"), std::string::npos) << s;
  // Integral exponent numbers (a re-serializer's output) are accepted.
  EXPECT_EQ(ParseMemStats(RuntimeJsonWith("HeapReleased", 1.6384e4), "m.json").heap_released, 16384u);
}

TEST(MemStatsReader, TruncatedJsonIsOneClearError) {
  std::string bytes = ReadFileBytes(MemstatsData("vars.json"));
  for (size_t cut : {size_t{1}, size_t{10}, bytes.size() / 2, bytes.size() - 2}) {
    SCOPED_TRACE(cut);
    std::string s = ParseError(bytes.substr(0, cut), "vars.json");
    EXPECT_TRUE(s.starts_with("vars.json: truncated JSON")) << s;
  }
  std::string bad = ParseError(R"({"HeapAlloc": 1,, "x": 2})");
  EXPECT_TRUE(bad.starts_with("memstats.json: invalid JSON: parse error at line 1")) << bad;
}

TEST(MemStatsReader, EmptyAndGarbageInputs) {
  EXPECT_EQ(ParseError(""), "memstats.json: empty file: no runtime.MemStats in it");
  EXPECT_EQ(ParseError(" \n\t\n"), "memstats.json: only whitespace: no runtime.MemStats in it");
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919 + 13) % 256);
  EXPECT_TRUE(ParseError(garbage, "x.bin").starts_with("x.bin: binary data, not runtime.MemStats")) << ParseError(garbage);
  EXPECT_TRUE(ParseError("{\x01\x02\xff\xfe", "x.bin").starts_with("x.bin: ")) ;
  EXPECT_TRUE(ParseError("\x1f\x8b\x08\x00garbage", "x.gz").starts_with("x.gz: ")) << ParseError("\x1f\x8b\x08\x00garbage");
  std::string text = ParseError("hello world\nthis is not memstats\n", "notes.txt");
  EXPECT_TRUE(text.starts_with("notes.txt: not runtime.MemStats in a form heapdoc reads")) << text;
  EXPECT_NE(text.find("\"hello world\""), std::string::npos) << text;
}

TEST(MemStatsReader, ReadErrorsNameTheFile) {
  std::string missing = TempPath("nope.json");
  EXPECT_TRUE(ErrorOf([&] { ReadMemStatsFile(missing); }).starts_with(missing + ": ")) ;
  std::string empty = TempPath("empty.json");
  WriteFileBytes(empty, "");
  EXPECT_EQ(ErrorOf([&] { ReadMemStatsFile(empty); }), empty + ": empty file: no runtime.MemStats in it");
  std::string truncated = TempPath("runtime.json");
  WriteFileBytes(truncated, ReadFileBytes(MemstatsData("runtime.json")).substr(0, 700));
  EXPECT_TRUE(ErrorOf([&] { ReadMemStatsFile(truncated); }).starts_with(truncated + ": truncated JSON"));
}

// ----- The text trailer -----

TEST(MemStatsReader, TextWithoutTrailer) {
  std::string text = ReadFileBytes(MemstatsData("heap_debug1.txt"));
  std::string profile_only = text.substr(0, text.find("\n# runtime.MemStats"));
  EXPECT_FALSE(ParseTextProfileTrailer(profile_only, "heap.txt").has_value());
  EXPECT_FALSE(ParseTextProfileTrailer("", "heap.txt").has_value());
  // "# runtime.MemStats" inside a line is not the marker.
  EXPECT_FALSE(ParseTextProfileTrailer("x # runtime.MemStats\n# HeapAlloc = 1\n", "heap.txt").has_value());
  std::string s = ParseError(profile_only, "heap.txt");
  EXPECT_TRUE(s.starts_with("heap.txt: a ?debug=1 heap profile without its # runtime.MemStats block")) << s;
}

TEST(MemStatsReader, TruncatedTrailerNamesTheMissingLines) {
  std::string text = ReadFileBytes(MemstatsData("heap_debug1.txt"));
  std::string cut = text.substr(0, text.find("# HeapIdle = "));
  std::string s = ErrorOf([&] { ParseTextProfileTrailer(cut, "heap.txt"); });
  EXPECT_EQ(s, "heap.txt: the # runtime.MemStats block has no HeapInuse, HeapIdle, HeapReleased lines "
               "(the file is cut off?)");
  // Cut inside the PauseNs array.
  std::string in_array = text.substr(0, text.find("# PauseNs = ") + 30);
  std::string a = ErrorOf([&] { ParseMemStats(in_array, "heap.txt"); });
  EXPECT_NE(a.find("PauseNs"), std::string::npos) << a;
}

TEST(MemStatsReader, TrailerBadValuesNameTheLine) {
  std::string block = "# runtime.MemStats\n# HeapAlloc = 10\n# HeapSys = 20\n# HeapIdle = 5\n"
                      "# HeapInuse = 15\n# HeapReleased = 1\n";
  MemStats ok = ParseMemStats(block, "t.txt");
  EXPECT_EQ(ok.heap_inuse, 15u);
  EXPECT_FALSE(ok.num_gc.has_value());
  EXPECT_EQ(ErrorOf([&] { ParseMemStats(block + "# NumGC = -3\n", "t.txt"); }),
            "t.txt: line 7: # runtime.MemStats block: NumGC = \"-3\" is not a non-negative integer");
  EXPECT_NE(ErrorOf([&] { ParseMemStats(block + "# Stack = 12\n", "t.txt"); }).find("not \"inuse / sys\""),
            std::string::npos);
  EXPECT_NE(ErrorOf([&] { ParseMemStats(block + "# HeapObjects = 99999999999999999999\n", "t.txt"); })
                .find("larger than uint64"),
            std::string::npos);
  EXPECT_NE(ErrorOf([&] { ParseMemStats(block + "# GCCPUFraction = abc\n", "t.txt"); }).find("not a number"),
            std::string::npos);
  // Lines a newer Go may add are skipped; the block ends at the first line not starting with "# ".
  MemStats more = ParseMemStats(block + "# SomethingNew = [x y]\n# GCCPUFraction = 1.5e-05\nnext 1\n# NumGC = 9\n",
                                "t.txt");
  EXPECT_DOUBLE_EQ(*more.gc_cpu_fraction, 1.5e-05);
  EXPECT_FALSE(more.num_gc.has_value());
}

TEST(MemStatsReader, TrailerWithWindowsLineEnds) {
  std::string text = ReadFileBytes(MemstatsData("heap_debug1.txt"));
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  MemStats a = ParseMemStats(text, "a"), b = ParseMemStats(crlf, "b");
  EXPECT_EQ(a.heap_inuse, b.heap_inuse);
  EXPECT_EQ(a.gc_cpu_fraction, b.gc_cpu_fraction);
  EXPECT_EQ(a.pause_ns, b.pause_ns);
  EXPECT_EQ(a.max_rss, b.max_rss);
}

// ----- Prometheus exposition details -----

constexpr const char* kPromHeap =
    "go_memstats_heap_alloc_bytes 1.2345e+07\n"
    "go_memstats_heap_sys_bytes 3.3554432e+07\n"
    "go_memstats_heap_idle_bytes 1.6777216e+07\n"
    "go_memstats_heap_inuse_bytes 1.6777216e+07\n"
    "go_memstats_heap_released_bytes 8.388608e+06\n";

TEST(MemStatsReader, PrometheusExpositionFeatures) {
  std::string text =
      "# HELP go_memstats_heap_alloc_bytes Number of heap bytes allocated and still in use.\n"
      "# TYPE go_memstats_heap_alloc_bytes gauge\n"
      "# a free comment with go_memstats_ in it\n"
      "go_memstats_heap_alloc_bytes{job=\"api\",instance=\"10.0.0.1:9090\",} 1.2345e+07 1700000000000\r\n"
      "go_memstats_heap_sys_bytes{job=\"api\", note=\"a \\\"quoted\\\", {braced} \\\\ value\\n\"} 33554432\n"
      "go_memstats_heap_idle_bytes 1.6777216E+07\n"
      "  go_memstats_heap_inuse_bytes\t16777216\n"
      "go_memstats_heap_released_bytes +8.388608e+06 -5\n"
      "go_memstats_mallocs_total 1e3 # {trace_id=\"abc\"} 1 1700000000.5\n"
      "go_memstats_frees_total 400\n"
      "go_memstats_heap_objects 600\n"
      "go_memstats_gc_cpu_fraction 1.5e-05\n"
      "go_memstats_last_gc_time_seconds 1.7e+09\n"
      "go_gc_duration_seconds{quantile=\"0.5\"} 1e-05\n"
      "go_gc_duration_seconds_sum 0.25\n"
      "go_gc_duration_seconds_count 42\n"
      "process_virtual_memory_max_bytes 1.8446744073709552e+19\n"
      "some_nan_metric NaN\n"
      "some_inf_metric{le=\"+Inf\"} +Inf\n"
      "{\"utf8.metric.name\", label=\"x\"} 1\n"
      "# EOF\n";
  MemStats m = ParseMemStats(text, "metrics.prom");
  EXPECT_EQ(m.form, MemStatsForm::kPrometheus);
  EXPECT_EQ(m.heap_alloc, 12'345'000u);
  EXPECT_EQ(m.heap_sys, 33'554'432u);
  EXPECT_EQ(m.heap_idle, 16'777'216u);
  EXPECT_EQ(m.heap_inuse, 16'777'216u);
  EXPECT_EQ(m.heap_released, 8'388'608u);
  EXPECT_EQ(m.mallocs, 1000u);
  EXPECT_EQ(m.frees, 400u);
  EXPECT_EQ(m.heap_objects, 600u);
  EXPECT_DOUBLE_EQ(*m.gc_cpu_fraction, 1.5e-05);
  EXPECT_EQ(m.last_gc, 1'700'000'000'000'000'000u);
  EXPECT_EQ(m.num_gc, 42u);
  EXPECT_EQ(m.pause_total_ns, 250'000'000u);
  EXPECT_FALSE(m.total_alloc.has_value());
  EXPECT_TRUE(m.by_size.empty());
  EXPECT_TRUE(m.notes.empty()) << m.notes.front();

  PromExposition e = ParsePrometheusText(text, "metrics.prom");
  const PromSample& sys = e.samples[1];
  ASSERT_EQ(sys.labels.size(), 2u);
  EXPECT_EQ(sys.labels[1].second, "a \"quoted\", {braced} \\ value\n");
  EXPECT_EQ(e.samples.back().name, "utf8.metric.name");
  EXPECT_TRUE(std::isnan(e.samples[e.samples.size() - 3].value));
}

TEST(MemStatsReader, PrometheusProblems) {
  std::string two = std::string(kPromHeap) + "go_memstats_heap_inuse_bytes{instance=\"b\"} 1\n";
  std::string s = ParseError(two, "m.prom");
  EXPECT_TRUE(s.starts_with("m.prom: line 6: a second go_memstats_heap_inuse_bytes series")) << s;
  std::string no_go = ParseError("# TYPE process_open_fds gauge\nprocess_open_fds 9\n", "m.prom");
  EXPECT_NE(no_go.find("no go_memstats_* at all"), std::string::npos) << no_go;
  std::string partial = ParseError("go_memstats_heap_alloc_bytes 1\n", "m.prom");
  EXPECT_EQ(partial, "m.prom: not runtime.MemStats: Prometheus metrics without go_memstats_heap_inuse_bytes, "
                     "go_memstats_heap_sys_bytes, go_memstats_heap_idle_bytes, go_memstats_heap_released_bytes");
  EXPECT_EQ(ParseError(std::string(kPromHeap) + "go_memstats_heap_objects{x=\"1} 5\n", "m.prom"),
            "m.prom: line 6: not Prometheus text format: unterminated quoted string");
  EXPECT_EQ(ParseError(std::string(kPromHeap) + "go_memstats_heap_objects 5 6 7\n", "m.prom"),
            "m.prom: line 6: not Prometheus text format: unexpected text \"7\" after the value");
  EXPECT_EQ(ParseError(std::string(kPromHeap) + "go_memstats_heap_objects twelve\n", "m.prom"),
            "m.prom: line 6: not Prometheus text format: value \"twelve\" is not a number");
  std::string heap(kPromHeap);
  std::string nan = ParseError("go_memstats_heap_alloc_bytes NaN\n" + heap.substr(heap.find('\n') + 1), "m.prom");
  EXPECT_NE(nan.find("go_memstats_heap_alloc_bytes is nan, expected a non-negative count"), std::string::npos)
      << nan;
  std::string negative = ParseError(std::string(kPromHeap) + "go_memstats_heap_objects -1\n", "m.prom");
  EXPECT_NE(negative.find("line 6: go_memstats_heap_objects is -1"), std::string::npos) << negative;
}

// ----- Consistency -----

TEST(MemStatsReader, InconsistenciesBecomeNotes) {
  json j = json::parse(ReadFileBytes(MemstatsData("runtime.json")));
  j["HeapSys"] = j["HeapSys"].get<uint64_t>() + 8192;
  j["HeapReleased"] = j["HeapIdle"].get<uint64_t>() + 1;
  j["HeapAlloc"] = j["HeapInuse"].get<uint64_t>() + 1;
  MemStats m = ParseMemStats(j.dump(), "edited.json");
  ASSERT_GE(m.notes.size(), 3u);
  EXPECT_TRUE(m.notes[0].starts_with("HeapSys (")) << m.notes[0];
  EXPECT_TRUE(m.notes[1].starts_with("HeapReleased (")) << m.notes[1];
  EXPECT_TRUE(m.notes[2].starts_with("HeapAlloc (")) << m.notes[2];
  EXPECT_EQ(m.heap_sys, j["HeapSys"].get<uint64_t>());  // still usable
}

// Truncations and byte flips of every real input: each either parses or throws heapdoc::Error.
TEST(MemStatsReader, MutatedInputsNeverCrash) {
  for (const char* name : {"runtime.json", "vars.json", "heap_debug1.txt", "metrics.prom"}) {
    SCOPED_TRACE(name);
    std::string bytes = ReadFileBytes(MemstatsData(name));
    uint32_t state = 12345;
    auto next = [&] { return state = state * 1103515245u + 12345u; };
    for (int i = 0; i < 300; ++i) {
      std::string mutated = bytes;
      if (i % 3 == 0) {
        mutated.resize(next() % mutated.size());
      } else {
        for (int flips = 0; flips < 1 + i % 5; ++flips) mutated[next() % mutated.size()] = static_cast<char>(next() >> 8);
      }
      try {
        ParseMemStats(mutated, name);
      } catch (const Error& e) {
        EXPECT_TRUE(std::string(e.what()).starts_with(std::string(name) + ": ")) << e.what();
      }
    }
  }
}

TEST(MemStatsReader, FormNames) {
  std::set<std::string> names;
  for (auto form : {MemStatsForm::kRuntimeJson, MemStatsForm::kExpvar, MemStatsForm::kTextTrailer,
                    MemStatsForm::kPrometheus, MemStatsForm::kHeapDump}) {
    names.insert(MemStatsFormName(form));
  }
  EXPECT_EQ(names.size(), 5u);
}

}  // namespace
}  // namespace heapdoc
