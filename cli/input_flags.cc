#include "cli/input_flags.h"

#include "analyzer/readers/heap_input.h"

#include "analyzer/readers/http_fetch.h"
#include "heapmodel/error.h"

namespace heapdoc::cli {

AnalysisReport AnalyzeInput(const std::string& path, const std::string& memstats, const std::string& dump,
                            AnalysisOptions options) {
  options.discover_source = true;
  return Analyze(LoadHeapInput({path, memstats, dump}).snapshot, options);
}

std::optional<GoVersion> ParseGoVersionFlag(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto v = GoVersion::Parse(text);
  if (!v || v->minor < 13) throw Error("--go-version: expected a Go release such as 1.22 (1.13 or newer), got '" + text + "'");
  return v;
}

CLI::Validator ExistingFileOrUrl() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (IsHttpUrl(text)) return "";
        return CLI::ExistingFile(text);
      },
      "FILE|URL");
}

}  // namespace heapdoc::cli
