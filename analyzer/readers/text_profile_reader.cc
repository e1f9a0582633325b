#include "analyzer/readers/text_profile_reader.h"

#include <charconv>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <functional>
#include <unordered_map>

#include <fmt/format.h>

#include "analyzer/readers/memstats_trailer_reader.h"
#include "heapmodel/error.h"
#include "heapmodel/site_samples_builder.h"

namespace heapdoc {
namespace {

// The text line by line as it arrives, holding only the line being read (at most kMaxLineBytes):
// memory does not follow the input's size, nor runs of blank lines.
class LineReader {
 public:
  using Fill = std::function<size_t(char*, size_t)>;  // 0 at the end
  LineReader(Fill fill, std::string_view prefix, const std::string& source)
      : fill_(std::move(fill)), buffer_(prefix), end_(prefix.size()), source_(source) {}

  // The next line without its "\n" (or "\r\n"); valid until the next call.
  bool Next(std::string_view& line) {
    if (again_) {
      again_ = false;
      ++number_;
      line = last_;
      return true;
    }
    for (;;) {
      if (const void* nl = std::memchr(buffer_.data() + scanned_, '\n', end_ - scanned_)) {
        size_t at = static_cast<size_t>(static_cast<const char*>(nl) - buffer_.data());
        return Take(at, at + 1, line);
      }
      scanned_ = end_;
      if (eof_) return start_ < end_ && Take(end_, end_, line);
      if (start_ > 0) {  // keep only the unfinished line
        std::memmove(buffer_.data(), buffer_.data() + start_, end_ - start_);
        end_ -= start_;
        scanned_ = end_;
        start_ = 0;
      }
      if (end_ > kMaxLineBytes)
        throw InputError(source_, fmt::format("line {} is longer than {} MiB: not a text heap profile", number_ + 1,
                                              kMaxLineBytes >> 20));
      if (buffer_.size() < end_ + kChunkBytes) buffer_.resize(end_ + kChunkBytes);
      size_t n = fill_(buffer_.data() + end_, buffer_.size() - end_);
      if (n == 0) eof_ = true;
      end_ += n;
    }
  }
  // Makes the line just read the next one again.
  void Back() {
    again_ = true;
    --number_;
  }
  int number() const { return number_; }

 private:
  static constexpr size_t kChunkBytes = 64 * 1024;
  // A record's line holds at most 128 addresses, a MemStats line 256 numbers: a few KiB.
  static constexpr size_t kMaxLineBytes = 1 << 20;

  bool Take(size_t line_end, size_t next, std::string_view& line) {
    line = std::string_view(buffer_.data() + start_, line_end - start_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start_ = scanned_ = next;
    last_ = line;
    ++number_;
    return true;
  }

  Fill fill_;
  std::string buffer_;
  size_t start_ = 0, scanned_ = 0, end_ = 0;  // the next line starts at start_; no '\n' in [start_, scanned_)
  bool eof_ = false, again_ = false;
  std::string_view last_;
  int number_ = 0;
  const std::string& source_;
};

void SkipSpaces(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
}

bool ParseInt(std::string_view& s, int64_t& out) {
  SkipSpaces(s);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc()) return false;
  s.remove_prefix(static_cast<size_t>(p - s.data()));
  return true;
}

bool Expect(std::string_view& s, char c) {
  SkipSpaces(s);
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

// "I: IB [A: AB]" -> four numbers.
bool ParseCounts(std::string_view& s, int64_t v[4]) {
  return ParseInt(s, v[0]) && Expect(s, ':') && ParseInt(s, v[1]) && Expect(s, '[') && ParseInt(s, v[2]) &&
         Expect(s, ':') && ParseInt(s, v[3]) && Expect(s, ']');
}

std::string Describe(std::string_view first_line) {
  if (first_line.starts_with("--- heapz") || first_line.starts_with("--- heap")) return "a Java heap profile";
  if (first_line.starts_with("heap_v2/")) return "a jemalloc heap profile";
  if (first_line.find("heapz_v2") != std::string_view::npos || first_line.find("heapprofile") != std::string_view::npos)
    return "a C++ (tcmalloc) heap profile";
  return "";
}

}  // namespace

void ScaleHeapSample(int64_t& count, int64_t& bytes, int64_t rate) {
  if (count == 0 || bytes == 0) {
    count = bytes = 0;
    return;
  }
  if (rate <= 1) return;
  double avg = static_cast<double>(bytes) / static_cast<double>(count);
  double scale = 1 / (1 - std::exp(-avg / static_cast<double>(rate)));
  // Huge counts in a hostile file would scale past int64 (undefined in C++): saturate.
  auto scaled = [scale](int64_t v) {
    double x = static_cast<double>(v) * scale;
    constexpr double kLimit = 9.2e18;  // just under 2^63
    return x >= kLimit ? INT64_MAX : x <= -kLimit ? INT64_MIN : static_cast<int64_t>(x);
  };
  count = scaled(count);
  bytes = scaled(bytes);
}

bool LooksLikeTextHeapProfile(std::string_view head) {
  return head.starts_with("heap profile:") || head.starts_with("heap_v2/") || head.starts_with("--- heapz") ||
         head.starts_with("--- heap");
}

namespace {

constexpr std::string_view kMemStatsMarker = "# runtime.MemStats";

// The "# runtime.MemStats" block after the records (`line` is the line that ended them): nullopt
// when there is none.
std::optional<MemStats> ReadTrailer(LineReader& lines, std::string_view line, const std::string& source) {
  // The block starts at a line that is exactly the marker (a longer one ends the records only).
  while (line != kMemStatsMarker)
    if (!lines.Next(line)) return std::nullopt;
  TextProfileTrailerParser trailer(source, static_cast<size_t>(lines.number()));
  while (lines.Next(line))
    if (!trailer.Line(line)) break;
  return trailer.Finish();
}

HeapSnapshot ReadTextLines(LineReader& lines, const std::string& source) {
  std::string_view line;
  if (!lines.Next(line)) throw InputError(source, "empty file");
  std::string other = Describe(line);
  if (!other.empty()) throw InputError(source, "not a Go heap profile: this is " + other);
  // heap profile: I: IB [A: AB] @ heap/2*rate
  std::string_view header = line;
  if (!header.starts_with("heap profile:")) throw InputError(source, "not a text heap profile");
  header.remove_prefix(std::string_view("heap profile:").size());
  int64_t totals[4];
  if (!ParseCounts(header, totals) || !Expect(header, '@'))
    throw InputError(source, "line 1: malformed text heap profile header");
  SkipSpaces(header);
  int64_t rate = 0;
  if (header.starts_with("heap/")) {
    header.remove_prefix(5);
    int64_t twice = 0;
    if (!ParseInt(header, twice) || twice < 0) throw InputError(source, "line 1: malformed sampling rate");
    rate = twice / 2;  // Go writes 2*MemProfileRate
  } else {
    throw InputError(source, fmt::format("not a Go heap profile: header says '@ {}'", header));
  }

  HeapSnapshot snap;
  snap.source = source;
  ProfileInfo& info = snap.profile;
  info.format = InputFormat::kLegacyText;
  info.sample_rate_bytes = rate;
  info.sample_types = {"alloc_objects/count", "alloc_space/bytes", "inuse_objects/count", "inuse_space/bytes"};

  SiteSamplesBuilder sites(snap.frames);
  std::unordered_map<std::string, FrameIndex> frame_of;  // "func\0file:line"
  std::unordered_map<uint64_t, FrameIndex> address_frame;
  uint64_t stackless_records = 0;
  int64_t totals_so_far[4] = {0, 0, 0, 0};
  bool at_trailer = false;
  while (lines.Next(line)) {
    if (line.empty()) continue;
    if (line.starts_with(kMemStatsMarker)) {
      at_trailer = true;
      break;
    }
    if (line.front() == '#') continue;  // frame lines are consumed with their record
    std::string_view rec = line;
    int64_t v[4];
    if (!ParseCounts(rec, v) || !Expect(rec, '@'))
      throw InputError(source, fmt::format("line {}: malformed heap profile record", lines.number()));
    for (int64_t x : v)
      if (x < 0) throw InputError(source, fmt::format("line {}: negative count in record", lines.number()));
    if ((v[0] == 0 && v[1] != 0) || (v[2] == 0 && v[3] != 0))
      throw InputError(source, fmt::format("line {}: object count is 0 but bytes are not", lines.number()));
    std::vector<FrameIndex> frames;
    // Slot size, as pprof's parseHeapSample: inuse bytes/objects, else alloc.
    uint64_t slot_size_bytes = 0;
    if (v[0] != 0) slot_size_bytes = static_cast<uint64_t>(v[1] / v[0]);
    else if (v[2] != 0) slot_size_bytes = static_cast<uint64_t>(v[3] / v[2]);
    ScaleHeapSample(v[0], v[1], rate);
    ScaleHeapSample(v[2], v[3], rate);
    ObjectCounts counts{v[2], v[3], v[0], v[1]};
    std::vector<uint64_t> addresses;
    while (true) {
      SkipSpaces(rec);
      if (rec.empty()) break;
      if (!rec.starts_with("0x")) throw InputError(source, fmt::format("line {}: malformed address", lines.number()));
      rec.remove_prefix(2);
      uint64_t a = 0;
      auto [p, ec] = std::from_chars(rec.data(), rec.data() + rec.size(), a, 16);
      if (ec != std::errc()) throw InputError(source, fmt::format("line {}: malformed address", lines.number()));
      rec.remove_prefix(static_cast<size_t>(p - rec.data()));
      addresses.push_back(a);
    }
    // Symbolized frames: "#\t0xpc\tfunc+0xoff\t\tfile:line" lines after the record.
    std::string_view frame_line;
    while (lines.Next(frame_line)) {
      if (!frame_line.starts_with("#\t")) {
        lines.Back();
        break;
      }
      std::string_view f = frame_line.substr(2);
      size_t t1 = f.find('\t');
      if (t1 == std::string_view::npos) continue;  // "#\t0xpc" only: unknown function
      std::string_view rest = f.substr(t1 + 1);
      size_t t2 = rest.find('\t');
      std::string_view func = rest.substr(0, t2);
      size_t plus = func.rfind("+0x");
      if (plus != std::string_view::npos) func = func.substr(0, plus);
      std::string_view where = t2 == std::string_view::npos ? std::string_view() : rest.substr(t2);
      SkipSpaces(where);
      int64_t line_no = 0;
      size_t colon = where.rfind(':');
      std::string_view file = where;
      if (colon != std::string_view::npos) {
        std::string_view num = where.substr(colon + 1);
        if (ParseInt(num, line_no)) file = where.substr(0, colon);
      }
      std::string key = fmt::format("{}\t{}:{}", func, file, line_no);
      auto [it, fresh] = frame_of.try_emplace(key, static_cast<FrameIndex>(snap.frames.size()));
      if (fresh) snap.frames.push_back({std::string(func), std::string(file), line_no});
      frames.push_back(it->second);
    }
    if (frames.empty()) {
      for (uint64_t a : addresses) {
        auto [it, fresh] = address_frame.try_emplace(a, static_cast<FrameIndex>(snap.frames.size()));
        if (fresh) snap.frames.push_back({fmt::format("0x{:x}", a), "", 0});
        frames.push_back(it->second);
      }
    }
    if (frames.empty()) {
      ++stackless_records;  // "@" and nothing after it: pprof's parser drops these too
      continue;
    }
    for (int i = 0; i < 4; ++i) {
      // Past this no Go heap can be: such figures only overflow the model's arithmetic.
      if (__builtin_add_overflow(totals_so_far[i], v[i], &totals_so_far[i]) || totals_so_far[i] > kMaxPlausibleCount)
        throw InputError(source, fmt::format("line {}: counts add up to more than 2^{} objects or bytes, more than "
                                             "any Go heap holds (a damaged or made-up profile)",
                                             lines.number(), kMaxPlausibleCountLog2));
    }
    sites.Add(frames, slot_size_bytes, counts);
  }
  snap.site_samples = std::move(sites).Finish();
  if (stackless_records)
    snap.notes.push_back(fmt::format("{} record{} without a stack (nothing after '@') dropped, as pprof drops them",
                                     stackless_records, stackless_records == 1 ? "" : "s"));
  if (at_trailer) snap.memstats = ReadTrailer(lines, line, source);
  return snap;
}

}  // namespace

HeapSnapshot ReadTextHeapProfile(ByteStream& stream, std::string_view prefix, const std::string& source) {
  LineReader lines([&](char* buffer, size_t capacity) { return stream.Read(buffer, capacity); }, prefix, source);
  HeapSnapshot snap = ReadTextLines(lines, source);
  snap.profile.gzipped = stream.gzipped();
  return snap;
}

HeapSnapshot ParseTextHeapProfile(std::string_view text, const std::string& source) {
  size_t offset = 0;
  LineReader lines(
      [&](char* buffer, size_t capacity) {
        size_t n = std::min(capacity, text.size() - offset);
        if (n) std::memcpy(buffer, text.data() + offset, n);
        offset += n;
        return n;
      },
      {}, source);
  return ReadTextLines(lines, source);
}

}  // namespace heapdoc
