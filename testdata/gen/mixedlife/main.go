// mixedlife: one size class (128 B) shared by a long-lived site and a
// short-lived one, interleaved, with GC running normally:
//
//	main.loadConfig     allocates *ConfigEntry (128 B) and stores it in a global
//	main.handleRequest  allocates *requestCtx (128 B) that dies at once
//
// 1 config entry per 32 request objects; 8192 config entries survive.
package main

import (
	"expvar"
	"runtime"

	"heapdoc/testdata/gen/snap"
)

// ConfigEntry is 128 bytes: class 128.
type ConfigEntry struct {
	Key, Value string
	Version    int64
	Parent     *ConfigEntry
	_          [80]byte
}

// requestCtx is 128 bytes: class 128.
type requestCtx struct {
	ID      int64
	Path    string
	Headers []string
	_       [80]byte
}

const (
	nConfig        = 8192
	requestsPerCfg = 32
)

var (
	config   []*ConfigEntry
	reqSink  *requestCtx
	handled  = expvar.NewInt("mixedlife_requests")
	keyNames = []string{"timeout", "retries", "region", "tier"}
)

//go:noinline
func loadConfig(i int) {
	e := &ConfigEntry{Key: keyNames[i%4], Value: "v", Version: int64(i)}
	if len(config) > 0 {
		e.Parent = config[len(config)-1]
	}
	config = append(config, e)
}

//go:noinline
func handleRequest(i int) {
	reqSink = &requestCtx{ID: int64(i), Path: "/api"}
	handled.Add(1)
}

func main() {
	runtime.MemProfileRate = 4096
	config = make([]*ConfigEntry, 0, nConfig)
	for i := 0; i < nConfig; i++ {
		for j := 0; j < requestsPerCfg/2; j++ {
			handleRequest(i*requestsPerCfg + j)
		}
		loadConfig(i)
		for j := requestsPerCfg / 2; j < requestsPerCfg; j++ {
			handleRequest(i*requestsPerCfg + j)
		}
	}
	reqSink = nil
	snap.Main("mixedlife", snap.Options{HeapDump: true})
	runtime.KeepAlive(config)
}
