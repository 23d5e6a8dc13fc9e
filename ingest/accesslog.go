package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"math/bits"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"reformindex/sql"
)

// AccessLogOptions configure [AccessLog].
type AccessLogOptions struct {
	Format   string         // "" or "auto": detected from the first lines; else one of [LogFormats]
	Sites    *Sites         // nil: the embedded default ([DefaultSites])
	Key      []byte         // key of the client hashes ([Secret]); at least MinSecretLen bytes
	Location *time.Location // zone of JSON times written without an offset; nil = UTC
	Now      time.Time      // recorded as the file's loaded_at
	Workers  int            // parsing goroutines; 0 = GOMAXPROCS
	// Progress, when set, is called now and then with the bytes read and the file size.
	Progress func(done, total int64)

	chunkSize int // bytes per block of lines; 0 = logChunkSize (tests make it small)
}

// LogSummary is what one access log's load did.
type LogSummary struct {
	Path          string
	FileID        int64
	AlreadyLoaded bool // the same bytes were loaded before; nothing changed
	Format        string
	Lines         int64 // counted lines: requests + rejected (empty and # lines are not counted)
	Skipped       int64 // empty and # lines
	Requests      int64
	Rejected      int64
	Pages         int64 // requests that are not for static assets
	Mapped        int64 // of those, the ones the sites file maps to a unit
	Bots          int64 // requests by bots and scripts
	Office        int64 // requests from office networks (assisted use)
	Clients       int   // distinct clients
	First, Last   time.Time
}

// RejectRate is the share of counted lines that were rejected (0 for an empty file).
func (s LogSummary) RejectRate() float64 {
	if s.Lines == 0 {
		return 0
	}
	return float64(s.Rejected) / float64(s.Lines)
}

// errAlreadyLoaded rolls back a load whose bytes turned out to be loaded already.
var errAlreadyLoaded = errors.New("already loaded")

// logChunkSize is the size of the blocks that parsing goroutines take whole lines from;
// a line longer than a quarter of it (maxLogLine) is rejected.
const logChunkSize = 4 * maxLogLine

// AccessLog loads one web access log (Apache or nginx combined, common, vcombined,
// vcommon, or JSON lines; gzip-compressed or not) into raw_access_log and its
// per-file dictionaries, under the loading rules of dossiers: one transaction per
// file, a file whose bytes were loaded before changes nothing, and a malformed line
// is kept in raw_rejects with its line, field and reason while the file goes on.
//
// Lines are parsed by parallel goroutines over 1 MiB blocks and handed to DuckDB's
// appender in file order; memory stays bounded by a fixed pool of blocks plus the
// per-file dictionaries (distinct clients, targets, referrers and user agents).
// Client addresses are matched against the office networks, then replaced by a
// keyed hash before anything is stored; rejects never carry the client field.
func AccessLog(ctx context.Context, db *sql.DB, path string, o AccessLogOptions) (LogSummary, error) {
	s := LogSummary{Path: path}
	if len(o.Key) < MinSecretLen {
		return s, ErrWeakSecret
	}
	if o.Sites == nil {
		var err error
		if o.Sites, err = ParseSites("default", defaultSitesFile); err != nil {
			panic(err) // the embedded default is valid; a test checks it
		}
	}
	if o.Format == "auto" {
		o.Format = ""
	}
	if o.Format != "" {
		if _, err := newLogParser(o.Format, o.Location); err != nil {
			return s, err
		}
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	check := keyCheck(o.Key)
	var have string
	_ = db.QueryRow(ctx, `SELECT value FROM meta WHERE key = 'access_log_key'`).Scan(&have)
	if have != "" && have != check {
		return s, fmt.Errorf("%w\nhint: set REFORM_SECRET to the key used before, or restore %s.secret", ErrSecretMismatch, db.Path)
	}
	st, err := os.Stat(path)
	if err != nil {
		return s, err
	}
	size := st.Size()
	// A file can only have been loaded before if one of the same size was: only then is
	// it hashed before parsing; otherwise the hash is computed while reading.
	var sameSize int64
	if err := db.QueryRow(ctx, `SELECT count(*) FROM load_files WHERE kind = 'logs' AND bytes = ?`, size).Scan(&sameSize); err != nil {
		return s, err
	}
	sum := ""
	if sameSize > 0 {
		if sum, err = sha256File(path); err != nil {
			return s, err
		}
		if id, ok, err := loadedLog(ctx, db, sum); err != nil || ok {
			s.FileID, s.AlreadyLoaded = id, ok
			return s, err
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return s, err
	}
	defer f.Close()
	var hasher hash.Hash
	var raw io.Reader = &logProgressReader{r: f, total: size, progress: o.Progress}
	if sum == "" {
		hasher = sha256.New()
		raw = io.TeeReader(raw, hasher)
	}
	br := bufio.NewReaderSize(raw, 1<<16)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return s, fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		r = zr
	}
	lr := bufio.NewReaderSize(r, 256<<10)
	head, err := lr.Peek(256 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return s, err
	}
	format := o.Format
	if format == "" {
		format, err = detectLogFormat(head, o.Location)
		if err == nil && format == "" && len(head) == 256<<10 {
			err = ErrNoLogFormat // only empty and # lines in the first 256 KiB
		}
		if err != nil {
			return s, fmt.Errorf("%w\nhint: name it with --format (%s)", err, strings.Join(LogFormats(), ", "))
		}
	}
	s.Format = format
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT nextval('load_file_seq')`).Scan(&s.FileID); err != nil {
			return err
		}
		ld := &logLoad{o: o, format: format, fileID: s.FileID}
		if format != "" {
			if err := ld.run(ctx, tx, lr); err != nil {
				return err
			}
		} else if _, err := io.Copy(io.Discard, lr); err != nil { // an empty file: hash it all
			return err
		}
		if hasher != nil {
			sum = hex.EncodeToString(hasher.Sum(nil))
			if id, ok, err := loadedLog(ctx, tx, sum); err != nil {
				return err
			} else if ok {
				s.FileID = id
				return errAlreadyLoaded
			}
		}
		ld.summarize(&s)
		return ld.finish(ctx, tx, &s, path, sum, size)
	})
	if errors.Is(err, errAlreadyLoaded) {
		s = LogSummary{Path: path, FileID: s.FileID, AlreadyLoaded: true}
		return s, nil
	}
	return s, err
}

// rowQuerier is what loadedLog needs of a database or a transaction.
type rowQuerier interface {
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

// loadedLog looks for an access log with these bytes among the loaded files.
func loadedLog(ctx context.Context, q rowQuerier, sum string) (int64, bool, error) {
	var n, id int64
	err := q.QueryRow(ctx, `SELECT count(*), coalesce(min(file_id), 0) FROM load_files WHERE kind = 'logs' AND sha256 = ?`, sum).Scan(&n, &id)
	return id, n > 0, err
}

func sha256File(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// logProgressReader reports the bytes read of the file (compressed, if it is).
type logProgressReader struct {
	r        io.Reader
	done     int64
	total    int64
	next     int64
	progress func(done, total int64)
}

func (c *logProgressReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.done += int64(n)
	if c.progress != nil && (c.done >= c.next || err == io.EOF) {
		c.progress(c.done, c.total)
		c.next = c.done + 4<<20
	}
	return n, err
}

// logChunk is a block of whole lines, or (data nil) rejects found by the reader.
type logChunk struct {
	seq       int
	firstLine int64
	data      []byte
	buf       []byte // the pooled buffer data lies in, returned after appending
	rejects   []*RowError
}

// Dictionary entries. Every dictionary is keyed by a 64-bit hash that the request
// rows carry: the client's keyed hash, and hash64 of the target (host, method, path),
// of the referrer's host and of the user agent. Workers compute them in parallel; the
// loader only drops the duplicates that several workers found.
type clientEntry struct {
	hash   int64
	kind   string
	office bool
}

type routeEntry struct {
	hash               int64
	host, method, path string
	info               routeInfo
}

type refEntry struct {
	hash int64
	host string
}

type agentEntry struct {
	text string
	info agentInfo
}

// logCols is the width of a raw_access_log row.
const logCols = 11

// logBatch is one chunk parsed: its rows, ready for the appender, the dictionary
// entries its worker saw first, its rejects and counts.
type logBatch struct {
	seq     int
	buf     []byte
	rows    []any // logCols values per request
	clients []clientEntry
	routes  []routeEntry
	refs    []refEntry
	agents  []agentEntry
	rejects []*RowError
	skipped int64
	stats   logStats
}

// logStats are counts a worker keeps while parsing.
type logStats struct {
	requests, mapped, pages, bots, office, withResp int64
	first, last                                     int64 // Unix µs
}

func (a *logStats) add(b logStats) {
	if b.requests == 0 {
		return
	}
	if a.requests == 0 {
		a.first, a.last = b.first, b.last
	}
	a.first, a.last = min(a.first, b.first), max(a.last, b.last)
	a.requests += b.requests
	a.mapped += b.mapped
	a.pages += b.pages
	a.bots += b.bots
	a.office += b.office
	a.withResp += b.withResp
}

func (b *logBatch) reset() {
	clear(b.rows)
	b.rows = b.rows[:0]
	b.clients, b.routes, b.refs, b.agents = b.clients[:0], b.routes[:0], b.refs[:0], b.agents[:0]
	b.rejects, b.skipped, b.stats = nil, 0, logStats{}
}

// logLoad is one file's load: the file-wide dictionaries and counts.
type logLoad struct {
	o      AccessLogOptions
	format string
	fileID int64

	clients map[int64]clientEntry
	routes  map[int64]routeEntry
	refs    map[int64]refEntry
	agents  map[int64]agentEntry

	rejects []*RowError
	skipped int64
	stats   logStats
}

// run parses the lines of r in parallel and appends them to raw_access_log in order.
func (ld *logLoad) run(ctx context.Context, tx *sql.Tx, r io.Reader) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ld.clients, ld.routes = map[int64]clientEntry{}, map[int64]routeEntry{}
	ld.refs, ld.agents = map[int64]refEntry{}, map[int64]agentEntry{}

	workers := ld.o.Workers
	pool := make(chan []byte, 2*workers+2)
	for range cap(pool) {
		pool <- nil // allocated on first use
	}
	batchPool := make(chan *logBatch, 2*workers+2)
	chunks := make(chan logChunk, workers)
	results := make(chan *logBatch, 2*workers+2)
	readErr := make(chan error, 1)
	size := ld.o.chunkSize
	if size <= 0 {
		size = logChunkSize
	}
	go func() {
		defer close(chunks)
		readErr <- readLogChunks(ctx, r, size, pool, chunks)
	}()
	done := make(chan struct{})
	for range workers {
		p, _ := newLogParser(ld.format, ld.o.Location)
		wk := newLogWorker(p, ld.o.Sites, ld.o.Key, ld.fileID)
		wk.maxLine = size / 4
		go func() {
			defer func() { done <- struct{}{} }()
			for c := range chunks {
				var b *logBatch
				select {
				case b = <-batchPool:
					b.reset()
				default:
					b = &logBatch{}
				}
				wk.parseChunk(c, b)
				select {
				case results <- b:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		for range workers {
			<-done
		}
		close(results)
	}()

	pending := map[int]*logBatch{}
	next := 0
	err := tx.Append(ctx, "raw_access_log", func(a *sql.Appender) error {
		for b := range results {
			pending[b.seq] = b
			for {
				b, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				for i := 0; i < len(b.rows); i += logCols {
					if err := a.AppendRow(b.rows[i : i+logCols]...); err != nil {
						return fmt.Errorf("line %d: %w", b.rows[i+1], err)
					}
				}
				if err := ld.merge(b); err != nil {
					return err
				}
				if b.buf != nil {
					pool <- b.buf
				}
				b.buf = nil
				select {
				case batchPool <- b:
				default:
				}
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		cancel()
		for range results { // let the goroutines finish
		}
		<-readErr
		return err
	}
	if err := <-readErr; err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(pending) > 0 {
		return fmt.Errorf("internal error: %d parsed blocks never appended", len(pending))
	}
	return ld.appendDictionaries(ctx, tx)
}

// ErrHashCollision reports two different values with the same 64-bit dictionary key
// in one file: astronomically unlikely, but never merged silently.
var ErrHashCollision = errors.New("64-bit hash collision between two values")

// merge takes a batch's counts, rejects and new dictionary entries.
func (ld *logLoad) merge(b *logBatch) error {
	ld.rejects = append(ld.rejects, b.rejects...)
	ld.skipped += b.skipped
	ld.stats.add(b.stats)
	for _, c := range b.clients {
		ld.clients[c.hash] = c
	}
	for _, rt := range b.routes {
		if old, ok := ld.routes[rt.hash]; ok {
			if old.host != rt.host || old.method != rt.method || old.path != rt.path {
				return fmt.Errorf("%w: %q and %q", ErrHashCollision, old.path, rt.path)
			}
			continue
		}
		ld.routes[rt.hash] = rt
	}
	for _, rf := range b.refs {
		if old, ok := ld.refs[rf.hash]; ok && old.host != rf.host {
			return fmt.Errorf("%w: %q and %q", ErrHashCollision, old.host, rf.host)
		}
		ld.refs[rf.hash] = rf
	}
	for _, ag := range b.agents {
		if old, ok := ld.agents[ag.info.hash]; ok && old.text != ag.text {
			return fmt.Errorf("%w: %q and %q", ErrHashCollision, old.text, ag.text)
		}
		ld.agents[ag.info.hash] = ag
	}
	return nil
}

// appendDictionaries writes the file's clients, routes, referrers and agents.
func (ld *logLoad) appendDictionaries(ctx context.Context, tx *sql.Tx) error {
	err := tx.Append(ctx, "raw_access_clients", func(a *sql.Appender) error {
		for _, c := range ld.clients {
			if err := a.AppendRow(ld.fileID, c.hash, c.kind, c.office); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.Append(ctx, "raw_access_routes", func(a *sql.Appender) error {
		for _, rt := range ld.routes {
			in := rt.info
			if err := a.AppendRow(ld.fileID, rt.hash, rt.host, rt.method, rt.path, nullIfBlank(in.site),
				nullIfBlank(in.province), nullIfBlank(in.unit), nullIfBlank(in.procedure), in.static, in.submission); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.Append(ctx, "raw_access_referrers", func(a *sql.Appender) error {
		for _, rf := range ld.refs {
			if err := a.AppendRow(ld.fileID, rf.hash, rf.host); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return tx.Append(ctx, "raw_access_agents", func(a *sql.Appender) error {
		for _, ag := range ld.agents {
			in := ag.info
			if err := a.AppendRow(ld.fileID, in.hash, ag.text, in.class, in.device, in.family); err != nil {
				return err
			}
		}
		return nil
	})
}

func (ld *logLoad) summarize(s *LogSummary) {
	st := ld.stats
	s.Requests, s.Rejected, s.Skipped = st.requests, int64(len(ld.rejects)), ld.skipped
	s.Lines = s.Requests + s.Rejected
	s.Mapped, s.Pages, s.Bots, s.Office, s.Clients = st.mapped, st.pages, st.bots, st.office, len(ld.clients)
	if st.requests > 0 {
		s.First, s.Last = time.UnixMicro(st.first).UTC(), time.UnixMicro(st.last).UTC()
	}
}

// finish records the rejects, the file and the outage rules, inside the transaction.
func (ld *logLoad) finish(ctx context.Context, tx *sql.Tx, s *LogSummary, path, sum string, size int64) error {
	if err := tx.Exec(ctx, "ingest/access_stage.sql"); err != nil {
		return err
	}
	err := tx.Append(ctx, "temp.access_stage_rejects", func(a *sql.Appender) error {
		for _, r := range ld.rejects {
			var col, val any
			if r.Column != "" {
				col = r.Column
			}
			if r.Value != "" {
				val = r.Value
			}
			if err := a.AppendRow(ld.fileID, r.Line, col, val, r.Err.Error()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := tx.Exec(ctx, "ingest/access_unstage.sql"); err != nil {
		return err
	}
	var first, last any
	if s.Requests > 0 {
		first, last = s.First, s.Last
	}
	err = tx.ExecSQL(ctx, `INSERT INTO raw_access_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ld.fileID, ld.format, ld.o.Sites.Name, ld.o.Sites.SHA256, s.Lines, s.Skipped, s.Requests, s.Rejected,
		ld.stats.withResp, first, last)
	if err != nil {
		return err
	}
	err = tx.ExecSQL(ctx, `INSERT INTO load_files BY NAME SELECT ? AS file_id, 'logs' AS kind, ? AS path,
		? AS sha256, ? AS bytes, ? AS profile, 'access-log' AS source, ? AS loaded_at, ? AS rows_read,
		? AS rows_new, 0 AS rows_updated, 0 AS rows_unchanged, ? AS rows_rejected`,
		ld.fileID, path, sum, size, ld.format, ld.o.Now, s.Lines, s.Requests, s.Rejected)
	if err != nil {
		return err
	}
	if err := tx.ExecSQL(ctx, `INSERT OR IGNORE INTO meta VALUES ('access_log_key', ?)`, keyCheck(ld.o.Key)); err != nil {
		return err
	}
	out := ld.o.Sites.Outages
	if err := tx.ExecSQL(ctx, `DELETE FROM ref_access_settings`); err != nil {
		return err
	}
	return tx.ExecSQL(ctx, `INSERT INTO ref_access_settings VALUES (?, ?, ?, ?, ?, ?)`,
		ld.o.Sites.Name, out.BucketMinutes, out.MinMinutes, out.ErrorShare, out.MinRequests, ld.o.Now)
}

func nullIfBlank(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// readLogChunks cuts r into blocks of whole lines, in buffers of size bytes taken
// from pool, and sends them in order. A line longer than a quarter of size becomes a
// reject and is skipped.
func readLogChunks(ctx context.Context, r io.Reader, size int, pool chan []byte, out chan<- logChunk) error {
	maxLine := size / 4
	var carry []byte
	line := int64(1)
	seq := 0
	skipping := false // inside a line that is too long
	send := func(c logChunk) error {
		c.seq = seq
		seq++
		select {
		case out <- c:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for {
		var buf []byte
		select {
		case buf = <-pool:
		case <-ctx.Done():
			return ctx.Err()
		}
		if buf == nil {
			buf = make([]byte, size)
		}
		n := copy(buf, carry)
		carry = carry[:0]
		m, err := fill(r, buf[n:])
		eof := err == io.EOF
		if err != nil && !eof {
			return err
		}
		data := buf[:n+m]
		start := line
		if skipping {
			i := bytes.IndexByte(data, '\n')
			if i < 0 {
				pool <- buf
				if eof {
					return nil
				}
				continue
			}
			data = data[i+1:]
			skipping = false
			line++
			start = line
		}
		if !eof {
			last := bytes.LastIndexByte(data, '\n')
			tail := data[last+1:]
			if len(tail) > maxLine {
				skipping = true
				tail = nil
			} else {
				carry = append(carry, tail...)
			}
			data = data[:last+1]
			if last < 0 {
				data = data[:0]
			}
		}
		lines := int64(bytes.Count(data, []byte{'\n'}))
		if eof && len(data) > 0 && data[len(data)-1] != '\n' {
			lines++
		}
		line = start + lines
		if len(data) > 0 {
			if err := send(logChunk{firstLine: start, data: data, buf: buf}); err != nil {
				return err
			}
		} else {
			pool <- buf
		}
		if skipping {
			err := send(logChunk{rejects: []*RowError{{Line: line, Column: "line", Err: ErrLineTooLong}}})
			if err != nil {
				return err
			}
		}
		if eof {
			return nil
		}
	}
}

// fill reads into b until it is full or the reader ends (io.EOF). Unlike io.ReadFull
// it passes on an io.ErrUnexpectedEOF of the reader itself: a truncated gzip stream is
// an error, not a shorter file.
func fill(r io.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// logWorker parses chunks into appender rows. Its caches span chunks: keyed by a fast
// 64-bit hash of the bytes as written, they keep each distinct value's dictionary key,
// already boxed for the appender — the keyed hash and office flag of a client address,
// the mapping of a target, the host of a referrer, the class of a user agent.
type logWorker struct {
	p      *logParser
	sites  *Sites
	hasher *clientHasher
	file   any // the file id, boxed

	clients map[uint64]*logSlot
	routes  map[uint64]*logSlot
	refs    map[uint64]*logSlot
	agents  map[uint64]*logSlot

	status  [600]any
	offset  int16
	offBox  any
	maxLine int // longer lines are rejected, wherever blocks cut them
}

// logSlot is a cached dictionary value: its boxed key and what the counts need.
type logSlot struct {
	box    any
	flag   bool // client: office; route: mapped to a unit; agent: a bot
	static bool // route only
}

// maxCache bounds each worker cache; a full cache is emptied.
const maxCache = 1 << 18

func newLogWorker(p *logParser, sites *Sites, key []byte, fileID int64) *logWorker {
	w := &logWorker{p: p, sites: sites, hasher: newClientHasher(key), file: fileID,
		clients: map[uint64]*logSlot{}, routes: map[uint64]*logSlot{},
		refs: map[uint64]*logSlot{}, agents: map[uint64]*logSlot{}, offset: -1 << 15}
	for i := range w.status {
		w.status[i] = int16(i)
	}
	return w
}

func (w *logWorker) parseChunk(c logChunk, b *logBatch) {
	b.seq, b.buf = c.seq, c.buf
	b.rejects = append(b.rejects, c.rejects...)
	data := c.data
	line := c.firstLine
	st := &b.stats
	var f logFields
	var client, agent *logSlot
	var prevClient, prevAgent []byte
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var l []byte
		if i < 0 {
			l, data = data, nil
		} else {
			l, data = data[:i], data[i+1:]
		}
		if len(l) > 0 && l[len(l)-1] == '\r' {
			l = l[:len(l)-1]
		}
		if skipLogLine(l) {
			b.skipped++
			line++
			continue
		}
		if len(l) > w.maxLine {
			b.rejects = append(b.rejects, &RowError{Line: line, Column: "line", Err: ErrLineTooLong})
			line++
			continue
		}
		field, value, err := w.p.parse(l, &f)
		if err != nil {
			b.rejects = append(b.rejects, logReject(line, field, value, l, w.p, err))
			line++
			continue
		}
		if f.offset != w.offset {
			w.offset, w.offBox = f.offset, f.offset
		}
		// consecutive lines often come from one client (a page, then its assets): the
		// previous line's client and agent are checked before the caches
		if !bytes.Equal(f.client, prevClient) || client == nil {
			client, prevClient = w.client(b, f.client), f.client
		}
		if !bytes.Equal(f.agent, prevAgent) || agent == nil {
			agent, prevAgent = w.agent(b, f.agent, f.hasAgent), f.agent
		}
		route := w.route(b, &f)
		var size, resp any
		if f.bytes >= 0 {
			size = f.bytes
		}
		if f.respUS >= 0 {
			resp = f.respUS
			st.withResp++
		}
		b.rows = append(b.rows, w.file, line, f.atUS, w.offBox, client.box, route.box,
			w.ref(b, f.referrer).box, agent.box, w.status[f.status], size, resp)
		if st.requests == 0 {
			st.first, st.last = f.atUS, f.atUS
		}
		st.first, st.last = min(st.first, f.atUS), max(st.last, f.atUS)
		st.requests++
		if !route.static {
			st.pages++
			if route.flag {
				st.mapped++
			}
		}
		if agent.flag {
			st.bots++
		}
		if client.flag {
			st.office++
		}
		line++
	}
}

func (w *logWorker) client(b *logBatch, c []byte) *logSlot {
	k := hash64(0, c)
	if s, ok := w.clients[k]; ok {
		return s
	}
	if len(w.clients) >= maxCache {
		clear(w.clients)
	}
	key := string(c)
	e := clientEntry{hash: w.hasher.hash(c), kind: clientKind(key), office: w.sites.office(key)}
	s := &logSlot{box: e.hash, flag: e.office}
	w.clients[k] = s
	b.clients = append(b.clients, e)
	return s
}

// route maps a request target through the sites file. The query string is part of
// the key only when some route reads a query parameter.
func (w *logWorker) route(b *logBatch, f *logFields) *logSlot {
	target := f.target
	if !w.sites.usesParams() {
		target = cutQuery(target)
	}
	k := hash64(hash64(hash64(1, f.vhost), f.method), target)
	if s, ok := w.routes[k]; ok {
		return s
	}
	if len(w.routes) >= maxCache {
		clear(w.routes)
	}
	host := string(f.vhost)
	if h, _, ok := strings.Cut(host, ":"); ok && !strings.HasPrefix(host, "[") {
		host = h
	}
	host = strings.ToLower(validText(host, 255))
	method := validText(string(f.method), 24)
	t := string(target)
	p := t
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	e := routeEntry{hash: int64(k), host: host, method: method, path: validText(p, 1024)}
	e.info = w.sites.route(host, method, t)
	e.info.unit, e.info.procedure = validText(e.info.unit, 64), validText(e.info.procedure, 64)
	s := &logSlot{box: e.hash, flag: e.info.unit != "", static: e.info.static}
	w.routes[k] = s
	b.routes = append(b.routes, e)
	return s
}

// ref keeps the referrer's host: where visitors come from. Its path and query may
// carry personal data (searches, form values) and are not kept.
func (w *logWorker) ref(b *logBatch, r []byte) *logSlot {
	host := referrerHost(r)
	k := hash64(2, host)
	if s, ok := w.refs[k]; ok {
		return s
	}
	if len(w.refs) >= maxCache {
		clear(w.refs)
	}
	e := refEntry{hash: int64(k), host: strings.ToLower(validText(string(host), 255))}
	s := &logSlot{box: e.hash}
	w.refs[k] = s
	b.refs = append(b.refs, e)
	return s
}

// referrerHost is the host of a referrer URL ("" for none, "-"); a referrer that is
// not a URL is kept whole, up to its query.
func referrerHost(r []byte) []byte {
	if len(r) == 0 || len(r) == 1 && r[0] == '-' {
		return nil
	}
	if i := bytes.IndexByte(r, ':'); i > 0 && i < 12 && len(r) > i+2 && r[i+1] == '/' && r[i+2] == '/' {
		r = r[i+3:]
		if j := bytes.IndexByte(r, '/'); j >= 0 {
			r = r[:j]
		}
		r = cutQuery(r)
		if j := bytes.LastIndexByte(r, '@'); j >= 0 {
			r = r[j+1:] // user:password@host
		}
		return r
	}
	return cutQuery(r)
}

// cutQuery drops a query string or fragment.
func cutQuery(b []byte) []byte {
	if i := bytes.IndexByte(b, '?'); i >= 0 {
		b = b[:i]
	}
	if i := bytes.IndexByte(b, '#'); i >= 0 {
		b = b[:i]
	}
	return b
}

func (w *logWorker) agent(b *logBatch, ua []byte, present bool) *logSlot {
	k := hash64(0, ua)
	if !present {
		k = hash64(3, nil)
	}
	if s, ok := w.agents[k]; ok {
		return s
	}
	if len(w.agents) >= maxCache {
		clear(w.agents)
	}
	key := string(ua)
	e := agentEntry{text: validText(key, 512), info: classifyAgent(key, present)}
	e.info.hash = int64(k)
	s := &logSlot{box: e.info.hash, flag: e.info.class == "bot"}
	w.agents[k] = s
	b.agents = append(b.agents, e)
	return s
}

// hash64 is a fast 64-bit hash of b chained from seed (xxHash's round and
// finaliser): the same bytes give the same value in every run, so agents keep their
// key across files. It is not a defence against crafted collisions.
func hash64(seed uint64, b []byte) uint64 {
	const p1, p2, p3 = 0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9
	h := seed*p3 ^ uint64(len(b))*p1
	for len(b) >= 8 {
		h = bits.RotateLeft64(h^binary.LittleEndian.Uint64(b)*p2, 31) * p1
		b = b[8:]
	}
	if len(b) > 0 {
		var w uint64
		for i := len(b) - 1; i >= 0; i-- {
			w = w<<8 | uint64(b[i])
		}
		h = bits.RotateLeft64(h^w*p2, 31) * p1
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 29
	h *= 0xc4ceb9fe1a85ec53
	return h ^ h>>32
}

// clientKind tells IP addresses from host names.
func clientKind(c string) string {
	a, err := netip.ParseAddr(c)
	switch {
	case err != nil:
		return "host"
	case a.Is4() || a.Is4In6():
		return "ipv4"
	}
	return "ipv6"
}

// validText makes s valid UTF-8 (DuckDB refuses anything else) and at most max bytes.
func validText(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return s
}

// logReject describes a bad line without its client: the value is the field at fault,
// or for a line that does not parse, the line with its client field cut off. In both,
// anything that reads as an IP address is masked too, for a line that is not laid out
// as the format says may hold its client elsewhere.
func logReject(line int64, field string, value, l []byte, p *logParser, err error) *RowError {
	re := &RowError{Line: line, Column: field, Err: err}
	if field == "line" {
		re.Value = redactLine(l, p)
	} else {
		re.Value = maskAddresses(validText(string(value), 200))
	}
	return re
}

// redactLine drops the client field: the first field of common and combined lines,
// the second of vcommon and vcombined ones, and masks IP addresses. A JSON line, or
// one with no field separator at all, is not kept.
func redactLine(l []byte, p *logParser) string {
	if p.format == FormatJSON {
		return ""
	}
	skip := 1
	if p.vhost {
		skip = 2
	}
	rest := l
	for range skip {
		i := bytes.IndexByte(rest, ' ')
		if i < 0 {
			return ""
		}
		rest = rest[i+1:]
	}
	head := ""
	if p.vhost {
		head = string(l[:bytes.IndexByte(l, ' ')+1])
	}
	return maskAddresses(validText(head+"<client> "+string(rest), 200))
}

// maskAddresses replaces every run of hex digits, dots and colons that parses as an
// IPv4 or IPv6 address with <ip>.
func maskAddresses(s string) string {
	isAddr := func(c byte) bool {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':'
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !isAddr(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isAddr(s[j]) {
			j++
		}
		run := strings.Trim(s[i:j], ".")
		if strings.ContainsAny(run, ".:") {
			if _, err := netip.ParseAddr(run); err == nil {
				start := i + strings.Index(s[i:j], run)
				b.WriteString(s[last:start])
				b.WriteString("<ip>")
				last = start + len(run)
			}
		}
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
