// HeapSnapshot: everything the readers learned about one heap at one moment, in plain data.
// Readers fill it; the model and the findings read it. No protobuf or file types here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
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

// One profile record: a call stack and slot size with its (scaled) counts. Its frames are a run of
// HeapSnapshot::stack_frames (one flat array: no allocation per sample).
struct StackSample {
  uint64_t frames_begin = 0;       // into HeapSnapshot::stack_frames
  uint32_t frames_count = 0;       // leaf first, inlined frames expanded
  uint64_t slot_size_bytes = 0;    // the `bytes` label: slot size per object; 0 when absent
  ObjectCounts counts;             // scaled estimates, as pprof reports them
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
  std::vector<StackSample> samples;
  std::vector<FrameIndex> stack_frames;  // every sample's frames, concatenated
  std::optional<MemStats> memstats;
  std::optional<HeapDump> heap_dump;  // exact spans and objects when read from a heap dump
  GoVersionGuess go_version;
  std::vector<std::string> notes;  // what a reader assumed, skipped or could not know

  std::span<const FrameIndex> FramesOf(const StackSample& s) const {
    return {stack_frames.data() + s.frames_begin, s.frames_count};
  }
  // Appends a sample whose frames are `frames` (leaf first) and returns it to fill in.
  StackSample& AddSample(std::span<const FrameIndex> frames) {
    StackSample& s = samples.emplace_back();
    s.frames_begin = stack_frames.size();
    s.frames_count = static_cast<uint32_t>(frames.size());
    stack_frames.insert(stack_frames.end(), frames.begin(), frames.end());
    return s;
  }
};

}  // namespace heapdoc
