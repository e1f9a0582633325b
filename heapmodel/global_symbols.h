// Names of a Go binary's global variables (its ELF symbol table, read by
// analyzer/readers/elf_symbols.cc): a root in data or bss is named by the variable holding it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapmodel/object_graph.h"

namespace heapdoc {

struct GlobalSymbol {
  uint64_t address = 0;
  uint64_t size_bytes = 0;
  std::string name;  // "main.survivors", "github.com/x/cache.defaultCache"
};

class GlobalSymbols {
 public:
  GlobalSymbols() = default;
  explicit GlobalSymbols(std::vector<GlobalSymbol> symbols);  // any order
  // The variable whose bytes hold `address`, or nullptr.
  const GlobalSymbol* Find(uint64_t address) const;
  size_t size() const { return symbols_.size(); }

 private:
  std::vector<GlobalSymbol> symbols_;  // by address
};

// What a root is called in the output: a global's variable name (with "+offset" for a word inside
// it), else "bss+0x1a8" / "data+0x40"; a frame's function; a runtime root's description.
std::string RootName(const RootSource& root, const GlobalSymbols* symbols);
bool IsGlobalRoot(const RootSource& root);
// The variable a root belongs to, as a holder is named: "main.state" for a root at main.state+8,
// "main.index" for one inside the static value `var index = &Index{}` points at (*main.index+8);
// RootName for a root in no variable and for every other root.
std::string HolderName(const RootSource& root, const GlobalSymbols* symbols);
// A goroutine frame's function as a reader knows it: main.main.gowrap1 (Go 1.22+'s wrapper of a go
// statement, where the started function is often inlined) is "the goroutine `go` starts in
// main.main (main.main.gowrap1)"; any other function is its own name.
std::string GoroutineFrameName(const std::string& function);

}  // namespace heapdoc
