package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// input is one dossier file made ready to read: identified by the SHA-256 of its bytes
// as given, with a plain copy (gunzipped, transcoded to UTF-8 NFC) when DuckDB or Go
// cannot read the original as it is.
type input struct {
	path     string // as given
	plain    string // the file to read: path, or the temporary plain copy
	temp     string // the temporary copy to remove, if any
	format   string // csv, xlsx, json, ndjson, parquet
	encoding string // of text formats
	gzip     bool
	size     int64 // bytes of the original
	bom      int   // BOM bytes at the start of plain

	progress *progress
	digest   *FileHash // the SHA-256 of the original bytes
}

// progress reports to the caller's callback in three equal phases of the file's size:
// copying it (gunzip, transcoding; skipped when not needed), checking it in Go, and
// loading it (the bytes Go or DuckDB read, see watchReads).
type progress struct {
	fn     func(done, total int64)
	size   int64 // of the original
	phase  int64
	of     int64 // bytes of the current phase
	next   int64
	copied bool // the copy phase happened (else the bar starts with the check)
}

const (
	phaseCopy = iota
	phaseCheck
	phaseLoad
)

// start begins a phase of of bytes.
func (p *progress) start(phase int, of int64) {
	if p != nil {
		p.phase, p.of, p.next = int64(phase), max(of, 1), 0
	}
}

func (p *progress) report(done int64) {
	if p == nil || p.fn == nil {
		return
	}
	phases, phase := int64(3), p.phase
	if !p.copied {
		phases, phase = 2, phase-1
	}
	d := phase*p.size + min(done, p.of)*p.size/p.of
	if d >= p.next || done >= p.of {
		p.fn(min(d, phases*p.size), phases*p.size)
		p.next = d + p.size/100
	}
}

// countingReader reports the bytes read through it.
type countingReader struct {
	r    io.Reader
	done int64
	p    *progress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.done += int64(n)
	c.p.report(c.done)
	return n, err
}

// formatOf names the format by the file's extension (after .gz), or "" when unknown.
func formatOf(path string) string {
	name := strings.ToLower(strings.TrimSuffix(strings.ToLower(path), ".gz"))
	switch filepath.Ext(name) {
	case ".csv", ".tsv", ".txt", ".tab":
		return "csv"
	case ".xlsx", ".xlsm":
		return "xlsx"
	case ".json":
		return "json"
	case ".ndjson", ".jsonl":
		return "ndjson"
	case ".parquet", ".pq":
		return "parquet"
	}
	return ""
}

// sniffFormat names the format by the first bytes of the (uncompressed) content.
func sniffFormat(head []byte) string {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "xlsx"
	case bytes.HasPrefix(head, []byte("PAR1")):
		return "parquet"
	case bytes.HasPrefix(t, []byte("[")):
		return "json"
	case bytes.HasPrefix(t, []byte("{")):
		return "ndjson"
	}
	return "csv"
}

// openInput identifies, and when needed decompresses and transcodes, the file at path.
func openInput(ctx context.Context, path string, o DossierOptions) (*input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a file", path)
	}
	in := &input{path: path, plain: path, size: st.Size(), format: formatOf(path)}
	in.progress = &progress{fn: o.Progress, size: max(in.size, 1)}
	if in.size == 0 {
		return nil, ErrEmptyFile
	}
	magic := make([]byte, 2)
	_, _ = io.ReadFull(f, magic)
	in.gzip = magic[0] == 0x1F && magic[1] == 0x8B
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	var content io.Reader = bufio.NewReaderSize(f, 1<<20)
	if in.gzip {
		zr, err := gzip.NewReader(content)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		zr.Multistream(true)
		content = zr
	}
	br := bufio.NewReaderSize(content, 1<<20)
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		if in.gzip {
			return nil, gzipError(head, err)
		}
		return nil, err
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, ErrEmptyFile
	}
	if in.format == "" {
		in.format = sniffFormat(head)
	}
	if in.format == "json" && bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n"), []byte("{")) {
		in.format = "ndjson"
	}
	transcode := false
	if in.format == "csv" || in.format == "json" || in.format == "ndjson" {
		enc, bom, err := detectEncoding(head)
		if err != nil {
			return nil, err
		}
		if o.Encoding != EncodingAuto {
			enc = o.Encoding
			if enc != EncodingUTF8 || !bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}) {
				bom = 0
				if enc != EncodingUTF8 && (bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF})) {
					bom = 2
				}
			}
		}
		in.encoding = enc
		in.bom = bom
		// DuckDB reads UTF-8 only; JSON with a BOM is copied without it.
		transcode = enc != EncodingUTF8 || (in.format != "csv" && bom > 0)
	}
	if !in.gzip && !transcode {
		in.digest = HashFile(path) // in parallel with the checks of the content that follow
		return in, nil
	}
	// One pass over the original: hash it, decompress, transcode, write the plain copy.
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	h := sha256.New()
	in.progress.start(phaseCopy, in.size)
	in.progress.copied = true
	cr := &countingReader{r: io.TeeReader(f, h), p: in.progress}
	content = bufio.NewReaderSize(cr, 1<<20)
	if in.gzip {
		zr, err := gzip.NewReader(content)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		content = zr
	}
	if _, err := io.CopyN(io.Discard, content, int64(in.bom)); err != nil {
		return nil, err
	}
	if transcode && in.encoding != EncodingUTF8 {
		content = decoder(in.encoding, content)
	}
	ext := map[string]string{"csv": ".csv", "xlsx": ".xlsx", "json": ".json", "ndjson": ".ndjson", "parquet": ".parquet"}[in.format]
	tmp, err := createTemp(ext)
	if err != nil {
		return nil, err
	}
	in.temp, in.plain, in.bom = tmp.Name(), tmp.Name(), 0
	w := bufio.NewWriterSize(tmp, 1<<20)
	lines := &lineCounter{w: w}
	_, err = io.Copy(lines, &ctxReader{ctx: ctx, r: content})
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		in.close()
		if in.gzip && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum)) {
			return nil, fmt.Errorf("line %d: %w (after %d bytes of data)", lines.lines+1, ErrTruncated, lines.bytes)
		}
		return nil, err
	}
	in.digest = hashedFile(path, hex.EncodeToString(h.Sum(nil)))
	return in, nil
}

func gzipError(head []byte, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) {
		return fmt.Errorf("line %d: %w (after %d bytes of data)", bytes.Count(head, []byte{'\n'})+1, ErrTruncated, len(head))
	}
	return fmt.Errorf("gzip: %w", err)
}

// plainSize is the size of the file to read.
func (in *input) plainSize() int64 {
	st, err := os.Stat(in.plain)
	if err != nil {
		return in.size
	}
	return st.Size()
}

// tempPrefix starts the names of the temporary files ingest writes; the process id
// follows, so that a later run can remove those of a process that was killed.
const tempPrefix = "reform-ingest-"

var cleanTemps sync.Once

// createTemp creates a temporary file named reform-ingest-<pid>-*<ext>, after removing,
// once per process, the ones left by processes that no longer run (kill -9).
func createTemp(ext string) (*os.File, error) {
	return createTempIn("", ext)
}

// createTempIn is createTemp in dir ("" for the temporary directory).
func createTempIn(dir, ext string) (*os.File, error) {
	cleanTemps.Do(removeStaleTemps)
	return os.CreateTemp(dir, fmt.Sprintf("%s%d-*%s", tempPrefix, os.Getpid(), ext))
}

// shmDir is the memory-backed file system (tmpfs) of Linux.
const shmDir = "/dev/shm"

// copyDir is where to write a temporary copy of size bytes that is read once and removed:
// in memory (tmpfs) when TMPDIR is not set and the memory available holds the copy four
// times over, else "" (the temporary directory). Writing a new file to disk costs about
// five times as much CPU as to tmpfs (measured here: 1.58 s against 0.32 s for 670 MB).
func copyDir(size int64) string {
	if runtime.GOOS != "linux" || os.Getenv("TMPDIR") != "" {
		return ""
	}
	if st, err := os.Stat(shmDir); err != nil || !st.IsDir() {
		return ""
	}
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemAvailable:" {
			if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil && kb<<10 >= 4*size {
				return shmDir
			}
		}
	}
	return ""
}

func removeStaleTemps() {
	if runtime.GOOS == "windows" { // no signal 0 to ask whether a process runs
		return
	}
	names, _ := filepath.Glob(filepath.Join(os.TempDir(), tempPrefix+"*"))
	shm, _ := filepath.Glob(filepath.Join(shmDir, tempPrefix+"*"))
	for _, name := range append(names, shm...) {
		pid, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(filepath.Base(name), tempPrefix), "-", 2)[0])
		if err != nil || pid == os.Getpid() {
			continue
		}
		if p, err := os.FindProcess(pid); err == nil && p.Signal(syscall.Signal(0)) != nil {
			os.Remove(name)
		}
	}
}

func (in *input) close() {
	if in.digest != nil {
		in.digest.Stop() // a file refused before its hash is done does not wait for it
	}
	if in.temp != "" {
		os.Remove(in.temp)
	}
}

// lineCounter counts the lines and bytes written through it.
type lineCounter struct {
	w            io.Writer
	lines, bytes int64
}

func (l *lineCounter) Write(b []byte) (int, error) {
	l.lines += int64(bytes.Count(b, []byte{'\n'}))
	l.bytes += int64(len(b))
	return l.w.Write(b)
}

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}
