package reports

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"reformindex/sql"
)

// BenchmarkWriteNational renders one month for the whole country (SPEC §7; issue 7 item 3):
// 34 provinces, 3,321 commune pages, from a synthetic database (see nationalScale: 13
// months of scorecard, 48 million dossiers over 24 months). Building the database is not
// timed; set REFORM_BENCH_DB to a file path to keep it between runs. It reports the pages
// rendered per second, the peak resident memory of the process while rendering, the peak
// of live Go heap objects and what DuckDB's buffer manager holds at the end.
//
//	go test ./reports/ -run '^$' -bench WriteNational -benchtime 3x
func BenchmarkWriteNational(b *testing.B) {
	ctx := context.Background()
	db := nationalDB(b)
	out := b.TempDir()
	var pages int
	resetPeakRSS(b)
	heap := sampleHeap()
	for b.Loop() {
		res, err := Write(ctx, db, out, Options{Period: nationalScale.period, Now: testNow})
		if err != nil {
			b.Fatal(err)
		}
		pages = 1 // the overview
		for _, d := range res.Dirs {
			names, err := os.ReadDir(filepath.Join(d, "communes"))
			if err != nil {
				b.Fatal(err)
			}
			pages += 1 + len(names)
		}
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(peakRSS(b)/1024, "peak-RSS-MB")
	b.ReportMetric(float64(heap())/(1<<20), "peak-Go-heap-MB")
	var duck float64
	if err := db.QueryRow(ctx, `SELECT sum(memory_usage_bytes) FROM duckdb_memory()`).Scan(&duck); err == nil {
		b.ReportMetric(duck/(1<<20), "DuckDB-MB")
	}
}

// sampleHeap watches the bytes of live Go heap objects every 10 ms; the func it returns
// stops watching and gives the largest value seen.
func sampleHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return peak
	}
}

// nationalDB opens the national-scale database read-only, as reform report does, building
// it first if needed (then the peak memory includes what building it left behind: run the
// benchmark a second time with the same REFORM_BENCH_DB for a clean figure).
func nationalDB(b *testing.B) *sql.DB {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("REFORM_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "national.duckdb")
	}
	if _, err := os.Stat(path); os.IsNotExist(err) {
		b.Logf("building %s (not timed)", path)
		db, err := sql.Open(ctx, path, sql.Options{})
		if err != nil {
			b.Fatal(err)
		}
		err = nationalScale.create(ctx, db)
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			b.Fatal(err)
		}
	}
	db, err := sql.Open(ctx, path, sql.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// resetPeakRSS starts a new peak of resident memory (Linux: clear_refs 5 resets VmHWM).
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset the peak RSS (%v): it includes building the database", err)
	}
}

// peakRSS is the peak resident memory of the process in kB (VmHWM), or 0 if unknown.
func peakRSS(b *testing.B) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Log(err)
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb
		}
	}
	return 0
}
