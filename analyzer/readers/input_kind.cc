#include "analyzer/readers/input_kind.h"

#include "analyzer/readers/heap_dump_reader.h"
#include "analyzer/readers/text_profile_reader.h"

namespace heapdoc {
namespace {

std::string_view SkipByteOrderMarkAndSpace(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  size_t first = head.find_first_not_of(" \t\r\n");
  return first == std::string_view::npos ? std::string_view() : head.substr(first);
}

bool IsEmpty(std::string_view head) { return SkipByteOrderMarkAndSpace(head).empty(); }

bool IsJson(std::string_view head) {
  std::string_view text = SkipByteOrderMarkAndSpace(head);
  return !text.empty() && (text.front() == '{' || text.front() == '[') && LooksLikeText(head);
}

bool IsPrometheus(std::string_view head) {
  if (!LooksLikeText(head)) return false;
  return head.find("go_memstats_") != std::string_view::npos || head.starts_with("# HELP ") ||
         head.starts_with("# TYPE ") || head.find("\n# HELP ") != std::string_view::npos ||
         head.find("\n# TYPE ") != std::string_view::npos;
}

bool IsAnyData(std::string_view) { return true; }

}  // namespace

bool LooksLikeText(std::string_view head) {
  size_t control = 0;
  for (unsigned char c : head) {
    if (c == 0) return false;
    control += c < 0x20 && c != '\n' && c != '\r' && c != '\t';
    control += c == 0x7f;
  }
  return control * 100 <= head.size() * 3;
}

const std::vector<InputKindInfo>& InputKindTable() {
  static const std::vector<InputKindInfo> table = {
      {InputKind::kEmpty, "an empty file", false, false, ".empty", IsEmpty},
      {InputKind::kHeapDump, "a Go heap dump", true, false, ".dump", LooksLikeHeapDump},
      {InputKind::kTextProfile, "a text heap profile", true, true, ".txt", LooksLikeTextHeapProfile},
      {InputKind::kMemStatsJson, "runtime.MemStats JSON", false, true, ".json", IsJson},
      {InputKind::kPrometheus, "Prometheus metrics", false, true, ".prom", IsPrometheus},
      {InputKind::kOtherText, "a text file", false, true, ".txt", LooksLikeText},
      {InputKind::kPprof, "a pprof protobuf profile", true, false, ".pb", IsAnyData},
  };
  return table;
}

const InputKindInfo& SniffInputKind(std::string_view head) {
  head = head.substr(0, kSniffBytes);
  for (const InputKindInfo& row : InputKindTable())
    if (row.sniff(head)) return row;
  return InputKindTable().back();
}

std::string ReadSniffHead(ByteStream& stream) {
  std::string head(kSniffBytes, '\0');
  size_t got = 0;
  while (got < head.size()) {
    size_t n = stream.Read(head.data() + got, head.size() - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  return head;
}

}  // namespace heapdoc
