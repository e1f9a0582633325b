// ELF64 little-endian .symtab reader (System V gABI: Elf64_Ehdr, Elf64_Shdr, Elf64_Sym).
#include "analyzer/readers/elf_symbols.h"

#include <cstring>
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
    return GlobalSymbols(std::move(out));
  }
  throw InputError(path, "the binary has no symbol table (stripped, e.g. built with -ldflags=-s): globals cannot be named");
}

}  // namespace heapdoc
