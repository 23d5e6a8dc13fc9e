package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// addLogSeeds adds every line of testdata/accesslog/*.log (the real malformed line
// 8899 of the Apache sample among them) as a seed, once per format.
func addLogSeeds(f *testing.F) {
	files, err := filepath.Glob("testdata/accesslog/*.log")
	if err != nil || len(files) == 0 {
		f.Fatalf("no seed files: %v", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, l := range bytes.Split(b, []byte("\n")) {
			for i := range LogFormats() {
				f.Add(uint8(i), l)
			}
		}
	}
}

// FuzzParseLine checks that no line makes a parser panic, and that what a parser
// accepts is sane: a status from 100 to 599, sizes and response times in range, a
// time within years 1000–9999 (Unix µs), fields taken from the line itself (CLF), and
// the same answer twice. A line that does not parse is kept without its client field.
func FuzzParseLine(f *testing.F) {
	addLogSeeds(f)
	f.Fuzz(func(t *testing.T, which uint8, line []byte) {
		formats := LogFormats()
		p, err := newLogParser(formats[int(which)%len(formats)], time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		var a, b logFields
		field, value, err := p.parse(line, &a)
		field2, _, err2 := p.parse(line, &b)
		if field != field2 || (err == nil) != (err2 == nil) {
			t.Fatalf("two parses differ: %q %v, %q %v", field, err, field2, err2)
		}
		if err != nil {
			if field == "" {
				t.Fatalf("an error without the field at fault: %v", err)
			}
			re := logReject(1, field, value, line, p, err)
			switch {
			case maskAddresses(re.Value) != re.Value:
				t.Fatalf("the reject keeps an IP address: %q", re.Value)
			case field != "line":
			case p.format == FormatJSON:
				if re.Value != "" {
					t.Fatalf("a JSON line's reject keeps %q", re.Value)
				}
			case !p.vhost && re.Value != "" && !strings.HasPrefix(re.Value, "<client> "):
				t.Fatalf("the reject of a bad line keeps its client field: %q", re.Value)
			}
			return
		}
		if a.status < 100 || a.status > 599 {
			t.Fatalf("status %d accepted", a.status)
		}
		if a.bytes < -1 || a.respUS < -1 || a.respUS > 86_400_000_000 {
			t.Fatalf("size %d, response time %d", a.bytes, a.respUS)
		}
		const lo, hi = -30610224000000000, 253402300800000000 // 1000-01-01, 10000-01-01
		if a.atUS < lo || a.atUS >= hi || a.offset < -15*60 || a.offset > 15*60 {
			t.Fatalf("time %d %+d", a.atUS, a.offset)
		}
		if len(a.client) == 0 {
			t.Fatal("a request without a client")
		}
		if p.format != FormatJSON {
			for _, fld := range [][]byte{a.vhost, a.client, a.method, a.target, a.referrer, a.agent} {
				if len(fld) > 0 && !bytes.Contains(line, fld) {
					t.Fatalf("field %q is not in the line", fld)
				}
			}
		}
		if !bytes.Equal(a.client, b.client) || a.atUS != b.atUS || !bytes.Equal(a.target, b.target) {
			t.Fatal("two parses differ")
		}
	})
}

// FuzzDetectLogFormat checks that detection never panics and that a detected format
// parses at least one of the lines.
func FuzzDetectLogFormat(f *testing.F) {
	files, _ := filepath.Glob("testdata/accesslog/*.log")
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, sample []byte) {
		format, err := detectLogFormat(sample, time.UTC)
		if err != nil || format == "" {
			return
		}
		p, _ := newLogParser(format, time.UTC)
		var fl logFields
		for _, l := range bytes.Split(sample, []byte("\n")) {
			if _, _, err := p.parse(bytes.TrimRight(l, "\r"), &fl); err == nil {
				return
			}
		}
		t.Fatalf("detected %s, but no line parses", format)
	})
}

// FuzzReadLogChunks checks that cutting a stream into blocks keeps every line exactly
// once, in order, with its number: whole lines in each block, too long lines rejected.
func FuzzReadLogChunks(f *testing.F) {
	f.Add([]byte("a\nbb\n\nccc"), uint16(8))
	f.Add([]byte("a very long line without any break at all\nx\n"), uint16(16))
	f.Add([]byte("\n\n\n"), uint16(4))
	f.Fuzz(func(t *testing.T, data []byte, size uint16) {
		n := int(size)%512 + 4
		pool := make(chan []byte, 4)
		for range cap(pool) {
			pool <- nil
		}
		out := make(chan logChunk, 1)
		errc := make(chan error, 1)
		go func() {
			defer close(out)
			errc <- readLogChunks(context.Background(), bytes.NewReader(data), n, pool, out)
		}()
		var got [][]byte
		var numbers []int64
		seq := 0
		base := int64(0) // lines in the blocks before, as the loader counts them
		for c := range out {
			if c.seq != seq {
				t.Fatalf("block %d sent as %d", seq, c.seq)
			}
			seq++
			if c.data == nil {
				for _, r := range c.rejects {
					numbers = append(numbers, base+r.Line)
					got = append(got, nil)
				}
				base += int64(len(c.rejects))
				continue
			}
			lines := bytes.Split(c.data, []byte("\n"))
			if c.data[len(c.data)-1] == '\n' {
				lines = lines[:len(lines)-1]
			}
			for i, l := range lines {
				numbers = append(numbers, base+1+int64(i))
				got = append(got, bytes.Clone(l))
			}
			base += int64(len(lines))
			pool <- c.buf
		}
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		want := bytes.Split(data, []byte("\n"))
		if len(data) == 0 || data[len(data)-1] == '\n' {
			want = want[:len(want)-1]
		}
		if len(got) != len(want) {
			t.Fatalf("%d lines out of %d (block %d bytes)", len(got), len(want), n)
		}
		for i := range want {
			if numbers[i] != int64(i+1) {
				t.Fatalf("line %d numbered %d", i+1, numbers[i])
			}
			if got[i] == nil {
				if len(want[i]) <= n/4 {
					t.Fatalf("line %d (%d bytes) rejected as too long for blocks of %d", i+1, len(want[i]), n)
				}
				continue
			}
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("line %d = %q, want %q", i+1, got[i], want[i])
			}
		}
	})
}
