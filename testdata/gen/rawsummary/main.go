// rawsummary reads the output of `go tool pprof -raw PROFILE` (from a file
// argument or stdin) and prints a JSON summary:
//
//	sample_types         ["alloc_objects/count", ...] ("[dflt]" marker removed)
//	default_sample_type  the type pprof marked [dflt], or "" if none
//	period_type          "space/bytes"
//	period               the Period line
//	totals               per sample type: sum of that value column over all samples
//	by_size              the `bytes` numeric label value (as a string; several
//	                     values joined with ",") -> per-type sums; samples without
//	                     a bytes label under "none"
//	samples              number of sample records pprof printed
//	distinct_stacks      number of distinct location-ID sequences among them
//	file_samples         (only with -profile FILE, for proto files) number of
//	                     Sample messages in the file itself, before pprof merged
//	                     duplicate samples and dropped all-zero ones
//
// Usage: rawsummary [-profile ORIGINAL] [RAWFILE]
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

type summary struct {
	SampleTypes       []string                    `json:"sample_types"`
	DefaultSampleType string                      `json:"default_sample_type"`
	PeriodType        string                      `json:"period_type"`
	Period            int64                       `json:"period"`
	Totals            map[string]int64            `json:"totals"`
	BySize            map[string]map[string]int64 `json:"by_size"`
	Samples           int                         `json:"samples"`
	DistinctStacks    int                         `json:"distinct_stacks"`
	FileSamples       *int                        `json:"file_samples,omitempty"`
}

var (
	sampleRE = regexp.MustCompile(`^\s*(-?\d+(?:\s+-?\d+)*):((?:\s+\d+)*)\s*$`)
	bytesRE  = regexp.MustCompile(`(?:^|\s)bytes:\[([^\]]*)\]`)
)

func parse(r io.Reader) (*summary, error) {
	s := &summary{Totals: map[string]int64{}, BySize: map[string]map[string]int64{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	const (
		header = iota
		types
		samples
		done
	)
	state := header
	stacks := map[string]bool{}
	var last []int64 // values of the current sample, until its label lines pass
	lastKey := ""
	flush := func() {
		if last == nil {
			return
		}
		if s.BySize[lastKey] == nil {
			s.BySize[lastKey] = map[string]int64{}
		}
		for i, v := range last {
			s.BySize[lastKey][typeName(s.SampleTypes[i])] += v
		}
		last = nil
	}
	for sc.Scan() {
		line := sc.Text()
		switch state {
		case header:
			switch {
			case strings.HasPrefix(line, "PeriodType: "):
				s.PeriodType = strings.Join(strings.Fields(strings.TrimPrefix(line, "PeriodType: ")), "/")
			case strings.HasPrefix(line, "Period: "):
				v, err := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(line, "Period: ")), 10, 64)
				if err != nil {
					return nil, fmt.Errorf("bad Period line %q", line)
				}
				s.Period = v
			case line == "Samples:":
				state = types
			}
		case types:
			for _, f := range strings.Fields(line) {
				if strings.HasSuffix(f, "[dflt]") {
					f = strings.TrimSuffix(f, "[dflt]")
					s.DefaultSampleType = f
				}
				s.SampleTypes = append(s.SampleTypes, f)
				s.Totals[typeName(f)] = 0
			}
			if len(s.SampleTypes) == 0 {
				return nil, errors.New("no sample types after Samples:")
			}
			state = samples
		case samples:
			if line == "Locations" || line == "Mappings" {
				flush()
				state = done
				continue
			}
			if m := sampleRE.FindStringSubmatch(line); m != nil {
				flush()
				fs := strings.Fields(m[1])
				if len(fs) != len(s.SampleTypes) {
					return nil, fmt.Errorf("sample has %d values, want %d: %q", len(fs), len(s.SampleTypes), line)
				}
				last = make([]int64, len(fs))
				for i, f := range fs {
					v, err := strconv.ParseInt(f, 10, 64)
					if err != nil {
						return nil, err
					}
					last[i] = v
					s.Totals[typeName(s.SampleTypes[i])] += v
				}
				lastKey = "none"
				s.Samples++
				stacks[strings.Join(strings.Fields(m[2]), " ")] = true
				continue
			}
			if last == nil {
				return nil, fmt.Errorf("unexpected line before any sample: %q", line)
			}
			if m := bytesRE.FindStringSubmatch(line); m != nil {
				var vals []string
				for _, f := range strings.Fields(m[1]) {
					if _, err := strconv.ParseInt(f, 10, 64); err == nil {
						vals = append(vals, f)
					}
				}
				if len(vals) > 0 {
					lastKey = strings.Join(vals, ",")
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	if state == header || state == types {
		return nil, errors.New("no Samples: section found")
	}
	s.DistinctStacks = len(stacks)
	return s, nil
}

// typeName turns "inuse_space/bytes" into "inuse_space".
func typeName(t string) string {
	if i := strings.LastIndexByte(t, '/'); i >= 0 {
		return t[:i]
	}
	return t
}

// countProtoSamples counts the top-level Sample messages (field 2) in a
// (possibly gzipped) pprof proto. ok is false if data is not a proto.
func countProtoSamples(data []byte) (n int, ok bool) {
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return 0, false
		}
		data, err = io.ReadAll(zr)
		if err != nil {
			return 0, false
		}
	}
	uvarint := func() (uint64, bool) {
		var x uint64
		for shift := uint(0); shift < 64; shift += 7 {
			if len(data) == 0 {
				return 0, false
			}
			b := data[0]
			data = data[1:]
			x |= uint64(b&0x7f) << shift
			if b < 0x80 {
				return x, true
			}
		}
		return 0, false
	}
	for len(data) > 0 {
		key, ok := uvarint()
		if !ok {
			return 0, false
		}
		switch key & 7 {
		case 0:
			if _, ok := uvarint(); !ok {
				return 0, false
			}
		case 1:
			if len(data) < 8 {
				return 0, false
			}
			data = data[8:]
		case 2:
			l, ok := uvarint()
			if !ok || l > uint64(len(data)) {
				return 0, false
			}
			data = data[l:]
			if key>>3 == 2 {
				n++
			}
		case 5:
			if len(data) < 4 {
				return 0, false
			}
			data = data[4:]
		default:
			return 0, false
		}
	}
	return n, true
}

func main() {
	profile := flag.String("profile", "", "original profile file, to count its Sample messages (proto only)")
	flag.Parse()
	var in io.Reader = os.Stdin
	if flag.NArg() > 0 {
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		in = f
	}
	s, err := parse(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rawsummary:", err)
		os.Exit(1)
	}
	if *profile != "" {
		data, err := os.ReadFile(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if n, ok := countProtoSamples(data); ok {
			s.FileSamples = &n
		}
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(append(out, '\n'))
}
