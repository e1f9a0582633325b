// largeobject, before: a block cache keeps decompressed 32 KiB blocks of a
// column file, each with its 64 B header in the same struct. That makes a
// Block 32832 B, just over the largest size class (32768 B): every Block is a
// large object and takes whole 8 KiB pages, 40960 B, wasting 8128 B (20 %).
//
// The fix (../after) makes the payload 64 B smaller (blockData = 32 KiB minus
// the header), so a Block is exactly 32768 B and fits the 32 KiB size class.
// The file format's block size goes with it; readers take a block's length
// from its header.
package main

import (
	"runtime"
	"unsafe"

	"heapdoc/testdata/gen/advice/adsnap"
)

// Header describes one block: 64 B.
type Header struct {
	Offset   int64 // in the file
	Length   int32 // bytes used in Data
	Codec    uint8
	Level    uint8
	Flags    uint16
	Checksum uint32
	Rows     uint32
	MinKey   int64
	MaxKey   int64
	Reserved [24]byte
}

const (
	blockData = 32 << 10 // payload bytes per block
	numBlocks = 320
)

// Block is one cached block: header and payload, pointer-free.
type Block struct {
	Hdr  Header
	Data [blockData]byte
}

// cache maps a block's offset to the block.
var cache = map[int64]*Block{}

// loadBlock "decompresses" the block at offset into a new Block.
//
// Not inlined so that heap-dump stacks (which do not expand inlining) name it
// as the pprof profile does.
//
//go:noinline
func loadBlock(offset int64) *Block {
	b := new(Block) // heapdoc:culprit
	b.Hdr = Header{Offset: offset, Length: blockData, Codec: 2, Level: 3, Rows: blockData / 32}
	for i := 0; i < blockData; i += 32 {
		row := int64(offset + int64(i)/32)
		b.Data[i] = byte(row)
		b.Data[i+1] = byte(row >> 8)
		b.Data[i+2] = byte(row >> 16)
	}
	b.Hdr.MinKey, b.Hdr.MaxKey = offset, offset+blockData/32-1
	return b
}

func main() {
	runtime.MemProfileRate = 4096
	dir := adsnap.Dir()
	for i := 0; i < numBlocks; i++ {
		off := int64(i) * blockData
		cache[off] = loadBlock(off)
	}
	adsnap.Final(dir, map[string]int{"blocks": len(cache), "block_bytes": int(unsafe.Sizeof(Block{}))})
	runtime.KeepAlive(cache)
}
