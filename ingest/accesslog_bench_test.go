package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// benchLog is the log the benchmarks read: REFORM_BENCH_LOG names one (such as the
// 500,000-line sample of make bench-logs), else 200,000 lines like the sample's are
// written: 50,000 clients, a few hundred targets, bots and browsers, response times.
func benchLog(b *testing.B) []byte {
	b.Helper()
	if p := os.Getenv("REFORM_BENCH_LOG"); p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	agents := []string{
		testUA,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
		"Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
		"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
	}
	var buf bytes.Buffer
	x := uint64(88172645463325252)
	rnd := func(n int) int { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return int(x % uint64(n)) }
	at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.FixedZone("", 7*3600))
	for i := range 200000 {
		c := rnd(50000)
		ref := "-"
		if rnd(10) == 0 {
			ref = "https://www.google.com/search?q=thu+tuc"
		}
		fmt.Fprintf(&buf, "%d.%d.%d.%d - - [%s] \"GET /don-vi/%05d/thu-tuc/1.00%04d HTTP/1.1\" %d %d \"%s\" \"%s\" %d\n",
			14+c%200, c/200%250, c%7, c%251, at.Add(time.Duration(i)*5*time.Second).Format("02/Jan/2006:15:04:05 -0700"),
			4792+rnd(150), rnd(300), []int{200, 200, 200, 304, 404, 500}[rnd(6)], rnd(40000), ref, agents[rnd(len(agents))], rnd(200000))
	}
	return buf.Bytes()
}

// BenchmarkParseChunk measures the workers' part of a load: lines parsed into column
// batches and dictionary entries, on one goroutine, without DuckDB.
func BenchmarkParseChunk(b *testing.B) {
	data := benchLog(b)
	lines := bytes.Count(data, []byte{'\n'})
	sites, err := ParseSites("default", defaultSitesFile)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		p, _ := newLogParser(FormatCombined, nil)
		w := newLogWorker(p, sites, testKey, newLogShared())
		w.maxLine = maxLogLine
		batch := newLogBatch()
		for off, seq := 0, 0; off < len(data); seq++ {
			end := min(off+logChunkSize, len(data))
			if i := bytes.LastIndexByte(data[off:end], '\n'); i >= 0 && end < len(data) {
				end = off + i + 1
			}
			batch.reset()
			w.parseChunk(logChunk{seq: seq, data: data[off:end]}, batch)
			off = end
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*lines), "ns/line")
}

// BenchmarkAccessLog measures a whole load into a new database: reading and hashing,
// parsing on every core, appending to DuckDB and committing.
func BenchmarkAccessLog(b *testing.B) {
	data := benchLog(b)
	lines := bytes.Count(data, []byte{'\n'})
	path := filepath.Join(b.TempDir(), "access.log")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db := openLogDB(b)
		b.StartTimer()
		s, err := AccessLog(context.Background(), db, path, AccessLogOptions{Key: testKey})
		if err != nil || s.Lines != int64(lines) {
			b.Fatalf("%+v %v", s, err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*lines), "ns/line")
}
