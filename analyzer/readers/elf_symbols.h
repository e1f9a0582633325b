// Reads the global variables of a Go binary (--binary) from its ELF symbol table, so heap-dump
// roots in data and bss get their variable's name. A reader of our own for ELF64 little-endian
// files (.symtab and the string table it links): every offset and count is checked against the
// file's size, so a bad file gives one error line.
#pragma once

#include <string>

#include "heapmodel/global_symbols.h"

namespace heapdoc {

// Data objects (STT_OBJECT with a size) of the binary at `path`. Throws Error when the file is not
// an ELF64 little-endian executable, is truncated, or has no symbol table (stripped: -ldflags=-s).
GlobalSymbols ReadElfGlobalSymbols(const std::string& path);

}  // namespace heapdoc
