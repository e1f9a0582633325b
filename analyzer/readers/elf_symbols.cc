// ELF64 little-endian .symtab reader (System V gABI: Elf64_Ehdr, Elf64_Shdr, Elf64_Sym).
#include "analyzer/readers/elf_symbols.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "heapmodel/error.h"

namespace heapdoc {
namespace {

constexpr uint32_t kShtSymtab = 2;
constexpr uint8_t kSttObject = 1;
constexpr uint64_t kMaxSectionBytes = 1ull << 30;  // a symbol or string table larger than this is not believed

uint64_t Le(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= uint64_t{static_cast<uint8_t>(p[i])} << (8 * i);
  return v;
}

class ElfFile {
 public:
  explicit ElfFile(const std::string& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) throw InputError(path, "cannot open the binary");
    in_.seekg(0, std::ios::end);
    size_ = static_cast<uint64_t>(in_.tellg());
  }
  std::string Read(uint64_t offset, uint64_t length, const char* what) {
    if (length > kMaxSectionBytes || offset > size_ || length > size_ - offset)
      throw InputError(path_, fmt::format("not a readable ELF file: its {} lies outside the file", what));
    std::string out(static_cast<size_t>(length), '\0');
    in_.seekg(static_cast<std::streamoff>(offset));
    if (!in_.read(out.data(), static_cast<std::streamsize>(length)))
      throw InputError(path_, fmt::format("cannot read the binary's {}", what));
    return out;
  }

 private:
  std::string path_;
  std::ifstream in_;
  uint64_t size_ = 0;
};

struct Section {
  std::string name;
  uint64_t address = 0, offset = 0, size = 0, type = 0;
};

std::vector<Section> SectionsOf(ElfFile& elf, const std::string& headers, uint64_t shentsize, uint64_t shnum,
                                uint64_t shstrndx) {
  std::vector<Section> out;
  if (shstrndx >= shnum) return out;
  const char* strsh = &headers[static_cast<size_t>(shstrndx * shentsize)];
  std::string names = elf.Read(Le(strsh + 0x18, 8), Le(strsh + 0x20, 8), "section names");
  for (uint64_t i = 0; i < shnum; ++i) {
    const char* sh = &headers[static_cast<size_t>(i * shentsize)];
    uint64_t name = Le(sh, 4);
    if (name >= names.size()) continue;
    out.push_back({std::string(names.c_str() + name, strnlen(names.c_str() + name, names.size() - name)),
                   Le(sh + 0x10, 8), Le(sh + 0x18, 8), Le(sh + 0x20, 8), Le(sh + 4, 4)});
  }
  return out;
}

// `var index = &Index{}` (or a constructor the compiler inlines, `var c = cache.New()`): the linker
// lays the Index out as an unnamed static in bss or data, and main.index, in .data, starts out
// pointing at it. Every such static (an address in a Go data segment, inside no named symbol, that
// a named variable's initial value points at) is named after that variable, "*main.index", so a root
// inside it reads "*main.index+8" instead of "bss+0xa48". It reaches up to the next symbol or static.
constexpr uint64_t kShtProgbits = 1, kShtNobits = 8;
constexpr uint64_t kMaxStaticValueBytes = 1 << 20;
void AddStaticValues(ElfFile& elf, const std::string& headers, uint64_t shentsize, uint64_t shnum, uint64_t shstrndx,
                     std::vector<GlobalSymbol>& symbols) {
  std::vector<Section> sections = SectionsOf(elf, headers, shentsize, shnum, shstrndx);
  const Section* data = nullptr;
  std::vector<std::pair<uint64_t, uint64_t>> segments;  // Go's data and bss sections: [begin, end)
  for (const Section& s : sections) {
    bool go_data = s.name == ".data" || s.name == ".noptrdata" || s.name == ".bss" || s.name == ".noptrbss";
    if (!go_data || (s.type != kShtProgbits && s.type != kShtNobits)) continue;
    segments.push_back({s.address, s.address + s.size});
    if (s.name == ".data" && s.type == kShtProgbits) data = &s;
  }
  if (!data || data->size > kMaxSectionBytes) return;
  std::sort(symbols.begin(), symbols.end(), [](const GlobalSymbol& a, const GlobalSymbol& b) { return a.address < b.address; });
  GlobalSymbols named(symbols);  // the lookup roots get: an address inside a named variable
  auto in_segment = [&](uint64_t address) {
    return std::any_of(segments.begin(), segments.end(),
                       [&](const auto& r) { return address >= r.first && address < r.second; });
  };
  std::string bytes = elf.Read(data->offset, data->size, ".data section");
  std::map<uint64_t, std::string> statics;  // address -> name; the first variable pointing there names it
  for (const GlobalSymbol& s : symbols) {
    if (s.address < data->address || s.address + s.size_bytes > data->address + data->size) continue;
    for (uint64_t word = (s.address + 7) / 8 * 8; word + 8 <= s.address + s.size_bytes; word += 8) {
      uint64_t target = Le(&bytes[static_cast<size_t>(word - data->address)], 8);
      if (target == 0 || !in_segment(target) || named.Find(target) || statics.count(target)) continue;
      statics[target] = word == s.address ? "*" + s.name : fmt::format("*({}+{})", s.name, word - s.address);
    }
  }
  std::vector<GlobalSymbol> added;
  for (auto it = statics.begin(); it != statics.end(); ++it) {
    uint64_t end = std::next(it) == statics.end() ? it->first + kMaxStaticValueBytes : std::next(it)->first;
    auto next_symbol = std::upper_bound(symbols.begin(), symbols.end(), it->first,
                                        [](uint64_t a, const GlobalSymbol& s) { return a < s.address; });
    if (next_symbol != symbols.end()) end = std::min(end, next_symbol->address);
    for (const auto& [begin, segment_end] : segments)
      if (it->first >= begin && it->first < segment_end) end = std::min(end, segment_end);
    added.push_back({it->first, std::min(end - it->first, kMaxStaticValueBytes), it->second});
  }
  symbols.insert(symbols.end(), added.begin(), added.end());
}

}  // namespace

GlobalSymbols ReadElfGlobalSymbols(const std::string& path) {
  ElfFile elf(path);
  std::string header = elf.Read(0, 64, "header");
  if (header.compare(0, 4, "\x7f" "ELF") != 0) throw InputError(path, "--binary is not an ELF file");
  if (header[4] != 2 || header[5] != 1)
    throw InputError(path, "--binary is not a 64-bit little-endian ELF file (heapdoc reads those)");
  uint64_t shoff = Le(&header[0x28], 8);
  uint64_t shentsize = Le(&header[0x3a], 2), shnum = Le(&header[0x3c], 2);
  if (shentsize < 64 || shnum == 0) throw InputError(path, "the binary has no section headers");
  std::string sections = elf.Read(shoff, shentsize * shnum, "section headers");
  auto section = [&](uint64_t i) { return &sections[static_cast<size_t>(i * shentsize)]; };
  for (uint64_t i = 0; i < shnum; ++i) {
    const char* sh = section(i);
    if (Le(sh + 4, 4) != kShtSymtab) continue;
    uint64_t link = Le(sh + 0x28, 4), entsize = Le(sh + 0x38, 8);
    if (link >= shnum || entsize < 24) throw InputError(path, "the binary's symbol table is malformed");
    std::string symtab = elf.Read(Le(sh + 0x18, 8), Le(sh + 0x20, 8), "symbol table");
    const char* strsh = section(link);
    std::string strtab = elf.Read(Le(strsh + 0x18, 8), Le(strsh + 0x20, 8), "symbol names");
    std::vector<GlobalSymbol> out;
    for (uint64_t off = 0; off + entsize <= symtab.size(); off += entsize) {
      const char* sym = &symtab[static_cast<size_t>(off)];
      uint64_t name = Le(sym, 4), value = Le(sym + 8, 8), size = Le(sym + 16, 8);
      if ((static_cast<uint8_t>(sym[4]) & 0xf) != kSttObject || size == 0 || name >= strtab.size()) continue;
      const char* s = &strtab[static_cast<size_t>(name)];
      size_t len = strnlen(s, strtab.size() - static_cast<size_t>(name));
      out.push_back({value, size, std::string(s, len)});
    }
    AddStaticValues(elf, sections, shentsize, shnum, Le(&header[0x3e], 2), out);
    return GlobalSymbols(std::move(out));
  }
  throw InputError(path, "the binary has no symbol table (stripped, e.g. built with -ldflags=-s): globals cannot be named");
}

}  // namespace heapdoc
