package ingest

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// watchReads reports the progress of a statement in which DuckDB reads a file of size
// bytes: every 200 ms it adds what this process has read since (rchar in /proc/self/io,
// Linux only; elsewhere it reports nothing). It returns the function that stops it.
func watchReads(p *progress, size int64) (stop func()) {
	if p == nil || p.fn == nil {
		return func() {}
	}
	start, ok := readBytes()
	if !ok {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				p.report(size)
				return
			case <-t.C:
				if n, ok := readBytes(); ok {
					p.report(min(n-start, size))
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

// readBytes is rchar of /proc/self/io: the bytes this process has read.
func readBytes() (int64, bool) {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0, false
	}
	for _, line := range bytes.Split(b, []byte{'\n'}) {
		if v, ok := bytes.CutPrefix(line, []byte("rchar: ")); ok {
			n, err := strconv.ParseInt(string(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
