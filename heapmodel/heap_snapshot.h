// HeapSnapshot: everything the readers learned about one heap at one moment, in plain data.
// Readers fill it; the model and the findings read it. No protobuf or file types here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "heapmodel/counts.h"
#include "heapmodel/go_version.h"
#include "heapmodel/heap_dump.h"
#include "heapmodel/memstats.h"

namespace heapdoc {

using FrameIndex = uint32_t;

// One source-level frame (an inlined call expands to several frames).
struct Frame {
  std::string function;
  std::string file;
  int64_t line = 0;
};

inline constexpr FrameIndex kNoFrame = ~FrameIndex{0};

// What makes an allocation site: the allocating line (leaf frame) and the slot size. Readers merge
// samples by it; the breakdown merges again after mapping sizes to classes.
struct SiteKey {
  FrameIndex leaf = kNoFrame;
  uint64_t slot_size_bytes = 0;
  bool operator==(const SiteKey&) const = default;
};
struct SiteKeyHash {
  size_t operator()(const SiteKey& k) const {
    return std::hash<uint64_t>()((uint64_t{k.leaf} << 40) ^ k.slot_size_bytes);
  }
};

// The profile's samples of one allocation site, merged as a reader reads them: the same leaf frame
// and the same slot size. heapdoc ranks sites, not whole stacks, so memory grows with the number
// of sites, not with the number of distinct stacks (a profile may have millions). The caller path
// kept is that of the heaviest sample merged in.
struct SiteSamples {
  FrameIndex leaf = kNoFrame;      // kNoFrame for samples without a stack
  uint64_t slot_size_bytes = 0;    // the `bytes` label: slot size per object; 0 when unknown
  ObjectCounts counts;             // summed scaled estimates, as pprof reports them
  uint64_t records = 0;            // profile samples merged here (all-zero samples are dropped)
  std::vector<FrameIndex> heaviest_stack;  // leaf first, inlined frames expanded: the sample with
                                           // the most live bytes (then alloc bytes), first on ties
};

enum class InputFormat { kPprofProto, kLegacyText, kHeapDump };

struct ProfileInfo {
  InputFormat format = InputFormat::kPprofProto;
  bool gzipped = false;
  std::vector<std::string> sample_types;  // "alloc_objects/count", ... as in the file
  std::string default_sample_type;        // empty when unset
  bool is_allocs_profile = false;         // /debug/pprof/allocs (default alloc_space)
  int64_t sample_rate_bytes = 0;          // runtime.MemProfileRate (period); <= 1 means exact
  int64_t time_nanos = 0;
  int64_t duration_nanos = 0;
  bool has_alloc_values = true;  // alloc_objects/alloc_space present
  bool has_live_values = true;   // inuse_objects/inuse_space present
  bool has_object_counts = true; // *_objects columns present (pruned profiles may lack them)
  bool is_delta = false;         // negative values or a pprof::base label: not one moment's heap
  std::vector<std::string> comments;

  bool exact() const { return sample_rate_bytes <= 1; }
};

struct HeapSnapshot {
  std::string source;  // file name or URL, used in messages
  ProfileInfo profile;
  std::vector<Frame> frames;
  std::vector<SiteSamples> site_samples;  // in order of each site's first sample
  std::optional<MemStats> memstats;
  std::optional<HeapDump> heap_dump;  // exact spans and objects when read from a heap dump
  GoVersionGuess go_version;
  std::vector<std::string> notes;  // what a reader assumed, skipped or could not know
};

}  // namespace heapdoc
