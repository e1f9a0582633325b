// Looking up global variables by address and naming roots.
#include "heapmodel/global_symbols.h"

#include <algorithm>

#include <fmt/format.h>

namespace heapdoc {

GlobalSymbols::GlobalSymbols(std::vector<GlobalSymbol> symbols) : symbols_(std::move(symbols)) {
  std::sort(symbols_.begin(), symbols_.end(),
            [](const GlobalSymbol& a, const GlobalSymbol& b) { return a.address < b.address; });
}

const GlobalSymbol* GlobalSymbols::Find(uint64_t address) const {
  auto it = std::upper_bound(symbols_.begin(), symbols_.end(), address,
                             [](uint64_t a, const GlobalSymbol& s) { return a < s.address; });
  if (it == symbols_.begin()) return nullptr;
  const GlobalSymbol& s = *(it - 1);
  return address - s.address < std::max<uint64_t>(s.size_bytes, 1) ? &s : nullptr;
}

bool IsGlobalRoot(const RootSource& root) { return root.kind == RootKind::kData || root.kind == RootKind::kBss; }

std::string RootName(const RootSource& root, const GlobalSymbols* symbols) {
  if (IsGlobalRoot(root)) {
    if (symbols)
      if (const GlobalSymbol* s = symbols->Find(root.address))
        return root.address == s->address ? s->name : fmt::format("{}+{}", s->name, root.address - s->address);
    return fmt::format("{}+{:#x}", root.kind == RootKind::kData ? "data" : "bss", root.segment_offset);
  }
  if (root.kind == RootKind::kStackFrame) return GoroutineFrameName(root.name);
  return root.name;
}

std::string HolderName(const RootSource& root, const GlobalSymbols* symbols) {
  const GlobalSymbol* s = symbols && IsGlobalRoot(root) ? symbols->Find(root.address) : nullptr;
  if (!s) return RootName(root, symbols);
  std::string_view name = s->name;
  // A static value is named after the variable pointing at it: "*main.index", "*(main.cfg+16)".
  if (name.starts_with("*(")) {
    name.remove_prefix(2);
    name = name.substr(0, name.rfind('+'));
  } else if (name.starts_with("*")) {
    name.remove_prefix(1);
  }
  return std::string(name);
}

std::string GoroutineFrameName(const std::string& function) {
  // Go 1.22+ wraps the call of a go statement with arguments in F.gowrapN, and the function it
  // starts is often inlined there: the frame is the goroutine started by `go` in F.
  size_t at = function.rfind(".gowrap");
  if (at == std::string::npos || at + 7 >= function.size() ||
      function.find_first_not_of("0123456789", at + 7) != std::string::npos)
    return function;
  return fmt::format("the goroutine `go` starts in {} ({})", function.substr(0, at), function);
}

}  // namespace heapdoc
