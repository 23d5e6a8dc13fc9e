package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math/bits"
	"net/netip"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"reformindex/sql"
)

// AccessLogOptions configure [AccessLog].
type AccessLogOptions struct {
	Format   string         // "" or "auto": detected from the first lines; else one of [LogFormats]
	Hash     *FileHash      // the file's hash, started with [HashFile] before the database was at hand; nil: started here
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
// The work is a pipeline, every stage on its own goroutine: the file's SHA-256
// ([FileHash], started by the caller before the database opens, or here), a reader
// cutting the file into 1 MiB blocks of whole lines, parsers (one per core) turning
// blocks into column batches of numbers ([sql.Batch]) and dictionary entries, and the
// loader handing the batches to DuckDB's appender a data chunk at a time, in file
// order, while the next blocks are parsed. Memory stays bounded by fixed pools of
// blocks and batches plus the per-file dictionaries (distinct clients, targets,
// referrers and user agents). Client addresses are matched against the office
// networks, then replaced by a keyed hash before anything is stored; rejects never
// carry the client field.
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
	h := o.Hash
	if h == nil || h.path != path {
		h = HashFile(path)
	}
	defer h.Stop()
	size, err := h.Size(ctx)
	if err != nil {
		return s, err
	}
	// A file can only have been loaded before if one of the same size was: only then is
	// its hash awaited before parsing; otherwise it is computed while the lines load.
	var sameSize int64
	if err := db.QueryRow(ctx, `SELECT count(*) FROM load_files WHERE kind = 'logs' AND bytes = ?`, size).Scan(&sameSize); err != nil {
		return s, err
	}
	if sameSize > 0 {
		sum, err := h.Wait(ctx)
		if err != nil {
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
	if err := h.same(f); err != nil {
		return s, err
	}
	// the bytes hashed, no more: a file that grows meanwhile is refused at the end
	var raw io.Reader = &logProgressReader{r: io.LimitReader(f, size), total: size, progress: o.Progress}
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
	restore, err := loadSettings(ctx, db)
	if err != nil {
		return s, err
	}
	defer restore()
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT nextval('load_file_seq')`).Scan(&s.FileID); err != nil {
			return err
		}
		ld := &logLoad{o: o, format: format, fileID: s.FileID}
		if format != "" {
			if err := ld.run(ctx, tx, lr); err != nil {
				return err
			}
		}
		sum, err := h.Wait(ctx)
		if err != nil {
			return err
		}
		if err := h.same(f); err != nil {
			return err
		}
		if sameSize == 0 { // checked already otherwise
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
	if err == nil {
		// Written into the database file now, while DuckDB runs on this thread alone (see
		// loadSettings), rather than when the database closes with all its threads. The
		// load is committed either way: a checkpoint that cannot run now runs at close.
		_ = db.ExecSQL(ctx, "CHECKPOINT")
	}
	if errors.Is(err, errAlreadyLoaded) {
		s = LogSummary{Path: path, FileID: s.FileID, AlreadyLoaded: true}
		return s, nil
	}
	return s, err
}

// loadSettings sets DuckDB up for a load, until restore is called. The load brings its
// own parallelism (parsing goroutines), so DuckDB runs on the calling thread alone:
// with more threads, a query's calling thread spins while the others compress, which
// costs CPU the parsers need. And each full row group (122,880 rows) is compressed and
// written as soon as the appender fills it, while the next lines are parsed, instead
// of five at a time or all at the commit: less memory, and a short commit. Both
// settings are global to the database; nothing else runs during a load.
func loadSettings(ctx context.Context, db *sql.DB) (restore func(), err error) {
	set := [][2]string{{"threads", "1"}, {"write_buffer_row_group_count", "1"}}
	var undo []string
	restore = func() {
		for _, q := range undo {
			_ = db.ExecSQL(context.Background(), q)
		}
	}
	for _, kv := range set {
		var old string
		if err := db.QueryRow(ctx, `SELECT current_setting(?)::VARCHAR`, kv[0]).Scan(&old); err != nil {
			restore()
			return nil, err
		}
		if err := db.ExecSQL(ctx, "SET "+kv[0]+" = "+kv[1]); err != nil {
			restore()
			return nil, err
		}
		undo = append(undo, "SET "+kv[0]+" = "+sql.QuoteString(old))
	}
	return restore, nil
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

// logChunk is a block of whole lines, or (data nil) a line too long, rejected by the
// reader. Lines are numbered within their chunk, from 1: the loader, which takes the
// chunks in order, adds the lines of the chunks before (so the reader never counts).
type logChunk struct {
	seq     int
	data    []byte
	buf     []byte // the pooled buffer data lies in, returned once parsed
	rejects []*RowError
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

// The columns of raw_access_log, in table order, and their types.
const (
	colFile = iota
	colLine
	colAt
	colOffset
	colClient
	colRoute
	colReferrer
	colAgent
	colStatus
	colBytes
	colResponse
)

var logColumnTypes = []sql.ColumnType{sql.BigInt, sql.BigInt, sql.BigInt, sql.SmallInt, sql.BigInt, sql.BigInt,
	sql.BigInt, sql.BigInt, sql.SmallInt, sql.BigInt, sql.BigInt}

// logBatch is one chunk parsed: its requests column by column, ready for DuckDB (the
// file id is filled in by the loader), the dictionary entries its worker saw first,
// its rejects and counts.
type logBatch struct {
	seq     int
	rows    *sql.Batch
	clients []clientEntry
	routes  []routeEntry
	refs    []refEntry
	agents  []agentEntry
	rejects []*RowError
	skipped int64
	lines   int64 // lines of the chunk, numbered from 1 within it in rows and rejects
	stats   logStats
}

func newLogBatch() *logBatch {
	return &logBatch{rows: sql.NewBatch(logColumnTypes...)}
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
	b.rows.Reset()
	b.clients, b.routes, b.refs, b.agents = b.clients[:0], b.routes[:0], b.refs[:0], b.agents[:0]
	b.rejects, b.skipped, b.lines, b.stats = nil, 0, 0, logStats{}
}

// logLoad is one file's load: the file-wide dictionaries and counts.
type logLoad struct {
	o      AccessLogOptions
	format string
	fileID int64

	clients int // each comes once: the workers share who computed which
	routes  map[int64]routeEntry
	refs    map[int64]refEntry
	agents  map[int64]agentEntry
	dicts   [4]*sql.Batch // new entries of raw_access_clients, _routes, _referrers, _agents, not yet appended

	rejects []*RowError
	skipped int64
	stats   logStats
}

// run parses the lines of r in parallel and appends them to raw_access_log in order:
// a reader cuts the stream into blocks of whole lines, workers parse blocks into
// column batches, and this goroutine hands the batches to DuckDB in file order while
// the workers parse the next ones. Memory is bounded by the fixed pools of blocks
// and batches: a block goes back to the reader once parsed, a batch once appended,
// and a worker takes its batch before its block, so at most cap(batches) blocks are
// parsed ahead of the one the loader waits for.
func (ld *logLoad) run(ctx context.Context, tx *sql.Tx, r io.Reader) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ld.routes = map[int64]routeEntry{}
	ld.refs, ld.agents = map[int64]refEntry{}, map[int64]agentEntry{}

	workers := ld.o.Workers
	pool := make(chan []byte, 2*workers+2)
	for range cap(pool) {
		pool <- nil // allocated on first use
	}
	batchPool := make(chan *logBatch, 2*workers+2)
	for range cap(batchPool) {
		batchPool <- nil // allocated on first use
	}
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
	shared := newLogShared()
	for range workers {
		p, _ := newLogParser(ld.format, ld.o.Location)
		wk := newLogWorker(p, ld.o.Sites, ld.o.Key, shared)
		wk.maxLine = size / 4
		go func() {
			defer func() { done <- struct{}{} }()
			for {
				var b *logBatch
				select {
				case b = <-batchPool:
				case <-ctx.Done():
					return
				}
				c, ok := <-chunks
				if !ok {
					return
				}
				if b == nil {
					b = newLogBatch()
				} else {
					b.reset()
				}
				wk.parseChunk(c, b)
				if c.buf != nil {
					pool <- c.buf // nothing parsed refers to the block's bytes: the reader may refill it
				}
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
	base := int64(0) // lines in the chunks appended
	tables := []sql.ColumnTable{{Name: "raw_access_log", Types: logColumnTypes}}
	for i, name := range logDictTables {
		ld.dicts[i] = sql.NewBatch(logDictTypes[i]...)
		tables = append(tables, sql.ColumnTable{Name: name, Types: logDictTypes[i]})
	}
	err := tx.AppendTables(ctx, tables, func(a []*sql.ColumnAppender) error {
		for b := range results {
			pending[b.seq] = b
			for {
				b, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				files, lines := &b.rows.Cols[colFile].Int64, b.rows.Cols[colLine].Int64
				for i := range lines {
					lines[i] += base
					*files = append(*files, ld.fileID)
				}
				for _, r := range b.rejects {
					r.Line += base
				}
				base += b.lines
				if err := a[0].Append(b.rows); err != nil {
					return err
				}
				if err := ld.merge(b); err != nil {
					return err
				}
				if err := ld.appendDicts(a[1:], dictChunk); err != nil {
					return err
				}
				batchPool <- b // never blocks: the pool has room for every batch
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return ld.appendDicts(a[1:], 1)
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
	return nil
}

// ErrHashCollision reports two different values with the same 64-bit dictionary key
// in one file: astronomically unlikely, but never merged silently.
var ErrHashCollision = errors.New("64-bit hash collision between two values")

// The per-file dictionaries, their column types, and how many new entries wait before
// they are appended (one DuckDB data chunk's worth).
var (
	logDictTables = [4]string{"raw_access_clients", "raw_access_routes", "raw_access_referrers", "raw_access_agents"}
	logDictTypes  = [4][]sql.ColumnType{
		{sql.BigInt, sql.BigInt, sql.Varchar, sql.Boolean},
		{sql.BigInt, sql.BigInt, sql.Varchar, sql.Varchar, sql.Varchar, sql.Varchar, sql.Varchar, sql.Varchar, sql.Varchar, sql.Boolean, sql.Boolean},
		{sql.BigInt, sql.BigInt, sql.Varchar},
		{sql.BigInt, sql.BigInt, sql.Varchar, sql.Varchar, sql.Varchar, sql.Varchar},
	}
)

const dictChunk = 2048

// merge takes a batch's counts, rejects and new dictionary entries; the entries not
// seen before join the dictionaries' batches.
func (ld *logLoad) merge(b *logBatch) error {
	ld.rejects = append(ld.rejects, b.rejects...)
	ld.skipped += b.skipped
	ld.stats.add(b.stats)
	ld.clients += len(b.clients)
	for _, e := range b.clients {
		c := ld.dicts[0].Cols
		c[0].Int64 = append(c[0].Int64, ld.fileID)
		c[1].Int64 = append(c[1].Int64, e.hash)
		c[2].String = append(c[2].String, e.kind)
		c[3].Bool = append(c[3].Bool, e.office)
	}
	for _, rt := range b.routes {
		if old, ok := ld.routes[rt.hash]; ok {
			if old.host != rt.host || old.method != rt.method || old.path != rt.path {
				return fmt.Errorf("%w: %q and %q", ErrHashCollision, old.path, rt.path)
			}
			continue
		}
		ld.routes[rt.hash] = rt
		c, in := ld.dicts[1].Cols, rt.info
		c[0].Int64 = append(c[0].Int64, ld.fileID)
		c[1].Int64 = append(c[1].Int64, rt.hash)
		for i, v := range [...]string{rt.host, rt.method, rt.path, in.site, in.province, in.unit, in.procedure} {
			if i >= 3 && v == "" {
				c[2+i].SetNull(len(c[2+i].String))
			}
			c[2+i].String = append(c[2+i].String, v)
		}
		c[9].Bool = append(c[9].Bool, in.static)
		c[10].Bool = append(c[10].Bool, in.submission)
	}
	for _, rf := range b.refs {
		if old, ok := ld.refs[rf.hash]; ok {
			if old.host != rf.host {
				return fmt.Errorf("%w: %q and %q", ErrHashCollision, old.host, rf.host)
			}
			continue
		}
		ld.refs[rf.hash] = rf
		c := ld.dicts[2].Cols
		c[0].Int64 = append(c[0].Int64, ld.fileID)
		c[1].Int64 = append(c[1].Int64, rf.hash)
		c[2].String = append(c[2].String, rf.host)
	}
	for _, ag := range b.agents {
		if old, ok := ld.agents[ag.info.hash]; ok {
			if old.text != ag.text {
				return fmt.Errorf("%w: %q and %q", ErrHashCollision, old.text, ag.text)
			}
			continue
		}
		ld.agents[ag.info.hash] = ag
		c, in := ld.dicts[3].Cols, ag.info
		c[0].Int64 = append(c[0].Int64, ld.fileID)
		c[1].Int64 = append(c[1].Int64, in.hash)
		c[2].String = append(c[2].String, ag.text)
		c[3].String = append(c[3].String, in.class)
		c[4].String = append(c[4].String, in.device)
		c[5].String = append(c[5].String, in.family)
	}
	return nil
}

// appendDicts appends each dictionary's waiting entries once there are atLeast of them.
func (ld *logLoad) appendDicts(a []*sql.ColumnAppender, atLeast int) error {
	for i, d := range ld.dicts {
		if n := d.Len(); n > 0 && n >= atLeast {
			if err := a[i].Append(d); err != nil {
				return err
			}
			d.Reset()
		}
	}
	return nil
}

func (ld *logLoad) summarize(s *LogSummary) {
	st := ld.stats
	s.Requests, s.Rejected, s.Skipped = st.requests, int64(len(ld.rejects)), ld.skipped
	s.Lines = s.Requests + s.Rejected
	s.Mapped, s.Pages, s.Bots, s.Office, s.Clients = st.mapped, st.pages, st.bots, st.office, ld.clients
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

// readLogChunks cuts r into blocks of whole lines, in buffers of size bytes taken
// from pool, and sends them in order. A line longer than a quarter of size becomes a
// reject (a chunk of its own, of one line) and is skipped.
func readLogChunks(ctx context.Context, r io.Reader, size int, pool chan []byte, out chan<- logChunk) error {
	maxLine := size / 4
	var carry []byte
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
		if len(data) > 0 {
			if err := send(logChunk{data: data, buf: buf}); err != nil {
				return err
			}
		} else {
			pool <- buf
		}
		if skipping {
			err := send(logChunk{rejects: []*RowError{{Line: 1, Column: "line", Err: ErrLineTooLong}}})
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

// logWorker parses chunks into column batches. Its caches span chunks: keyed by a
// fast 64-bit hash of the bytes as written, they keep each distinct value's dictionary
// key — the keyed hash and office flag of a client address, the mapping of a target,
// the host of a referrer, the class of a user agent.
type logWorker struct {
	p      *logParser
	sites  *Sites
	hasher *clientHasher

	clients slotCache
	routes  slotCache
	refs    slotCache
	agents  slotCache
	shared  *logShared
	seed    maphash.Seed // of the cache keys, which stay in memory; the dictionary keys are hash64

	noRef   logSlot // the slot of "-" (no referrer), the most frequent one
	noRefOK bool
	maxLine int // longer lines are rejected, wherever blocks cut them
}

// logSlot is a cached dictionary value: its key and what the counts need.
type logSlot struct {
	key    int64
	flag   bool // client: office; route: mapped to a unit; agent: a bot
	static bool // route only
}

// maxCache bounds each worker cache; a full cache is emptied.
const maxCache = 1 << 18

func newLogWorker(p *logParser, sites *Sites, key []byte, shared *logShared) *logWorker {
	return &logWorker{p: p, sites: sites, hasher: newClientHasher(key), shared: shared, seed: shared.seed}
}

// logShared is what the workers of one load compute once for all of them: the slot
// of each client, target and user agent one of them has met (keyed by the hash of
// the bytes as written), so that a value is hashed with the key, mapped through the
// sites file or classified once per file rather than once per worker. The worker that
// computes a value first also hands its dictionary entry to the loader.
type logShared struct {
	seed                    maphash.Seed
	mu                      sync.Mutex
	clients, routes, agents map[uint64]logSlot
}

func newLogShared() *logShared {
	return &logShared{seed: maphash.MakeSeed(),
		clients: map[uint64]logSlot{}, routes: map[uint64]logSlot{}, agents: map[uint64]logSlot{}}
}

func (sh *logShared) get(m map[uint64]logSlot, k uint64) (logSlot, bool) {
	sh.mu.Lock()
	s, ok := m[k]
	sh.mu.Unlock()
	return s, ok
}

// put records s unless another worker did first; it reports whether s is new.
func (sh *logShared) put(m map[uint64]logSlot, k uint64, s logSlot) bool {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := m[k]; ok {
		return false
	}
	m[k] = s
	return true
}

func (w *logWorker) parseChunk(c logChunk, b *logBatch) {
	b.seq = c.seq
	b.rejects = append(b.rejects, c.rejects...)
	data := c.data
	line := int64(1) // within the chunk
	st := &b.stats
	cols := b.rows.Cols
	lines, at, offset := cols[colLine].Int64, cols[colAt].Int64, cols[colOffset].Int16
	clients, routes, refs, agents := cols[colClient].Int64, cols[colRoute].Int64, cols[colReferrer].Int64, cols[colAgent].Int64
	status, size, resp := cols[colStatus].Int16, cols[colBytes].Int64, cols[colResponse].Int64
	var f logFields
	var client, agent logSlot
	var prevClient, prevAgent []byte
	haveClient, haveAgent := false, false
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
		// consecutive lines often come from one client (a page, then its assets): the
		// previous line's client and agent are checked before the caches
		if !haveClient || !bytes.Equal(f.client, prevClient) {
			client, prevClient, haveClient = w.client(b, f.client), f.client, true
		}
		if !haveAgent || !bytes.Equal(f.agent, prevAgent) {
			agent, prevAgent, haveAgent = w.agent(b, f.agent, f.hasAgent), f.agent, true
		}
		route := w.route(b, &f)
		n := len(lines)
		if f.bytes < 0 {
			cols[colBytes].SetNull(n)
		}
		if f.respUS < 0 {
			cols[colResponse].SetNull(n)
		} else {
			st.withResp++
		}
		lines = append(lines, line)
		at = append(at, f.atUS)
		offset = append(offset, f.offset)
		clients = append(clients, client.key)
		routes = append(routes, route.key)
		refs = append(refs, w.ref(b, f.referrer))
		agents = append(agents, agent.key)
		status = append(status, f.status)
		size = append(size, max(f.bytes, 0))
		resp = append(resp, max(f.respUS, 0))
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
	b.lines = line - 1 + int64(len(c.rejects)) // a reader's reject is a line of its own
	cols[colLine].Int64, cols[colAt].Int64, cols[colOffset].Int16 = lines, at, offset
	cols[colClient].Int64, cols[colRoute].Int64, cols[colReferrer].Int64, cols[colAgent].Int64 = clients, routes, refs, agents
	cols[colStatus].Int16, cols[colBytes].Int64, cols[colResponse].Int64 = status, size, resp
}

func (w *logWorker) client(b *logBatch, c []byte) logSlot {
	k := maphash.Bytes(w.seed, c)
	if s, ok := w.clients.get(k); ok {
		return s
	}
	if s, ok := w.shared.get(w.shared.clients, k); ok {
		w.clients.put(k, s)
		return s
	}
	key := string(c)
	e := clientEntry{hash: w.hasher.hash(c), kind: clientKind(key), office: w.sites.office(key)}
	s := logSlot{key: e.hash, flag: e.office}
	w.clients.put(k, s)
	if w.shared.put(w.shared.clients, k, s) {
		b.clients = append(b.clients, e)
	}
	return s
}

// route maps a request target through the sites file. The query string is part of
// the key only when some route reads a query parameter.
func (w *logWorker) route(b *logBatch, f *logFields) logSlot {
	target := f.target
	if !w.sites.usesParams() {
		target = cutQuery(target)
	}
	k := maphash.Bytes(w.seed, target) ^ short(f.method)*0x9E3779B185EBCA87
	if len(f.vhost) > 0 {
		k = k*0xC2B2AE3D27D4EB4F ^ maphash.Bytes(w.seed, f.vhost)
	}
	if s, ok := w.routes.get(k); ok {
		return s
	}
	if s, ok := w.shared.get(w.shared.routes, k); ok {
		w.routes.put(k, s)
		return s
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
	e := routeEntry{hash: int64(hash64(hash64(hash64(1, f.vhost), f.method), target)), host: host, method: method, path: validText(p, 1024)}
	e.info = w.sites.route(host, method, t)
	e.info.unit, e.info.procedure = validText(e.info.unit, 64), validText(e.info.procedure, 64)
	s := logSlot{key: e.hash, flag: e.info.unit != "", static: e.info.static}
	w.routes.put(k, s)
	if w.shared.put(w.shared.routes, k, s) {
		b.routes = append(b.routes, e)
	}
	return s
}

// short packs a method of up to 7 bytes (GET, POST …) into a number, with its length;
// a longer one is hashed (seed 9).
func short(b []byte) uint64 {
	if len(b) > 7 {
		return hash64(9, b)
	}
	v := uint64(len(b))
	for _, c := range b {
		v = v<<8 | uint64(c)
	}
	return v
}

// ref keeps the referrer's host: where visitors come from. Its path and query may
// carry personal data (searches, form values) and are not kept.
func (w *logWorker) ref(b *logBatch, r []byte) int64 {
	none := len(r) == 0 || len(r) == 1 && r[0] == '-'
	if none && w.noRefOK {
		return w.noRef.key
	}
	k := maphash.Bytes(w.seed, r)
	if s, ok := w.refs.get(k); ok {
		return s.key
	}
	host := referrerHost(r)
	e := refEntry{hash: int64(hash64(2, host)), host: strings.ToLower(validText(string(host), 255))}
	s := logSlot{key: e.hash}
	w.refs.put(k, s)
	b.refs = append(b.refs, e)
	if none {
		w.noRef, w.noRefOK = s, true
	}
	return s.key
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

func (w *logWorker) agent(b *logBatch, ua []byte, present bool) logSlot {
	k := maphash.Bytes(w.seed, ua)
	if !present {
		k = 0
	}
	if s, ok := w.agents.get(k); ok {
		return s
	}
	if s, ok := w.shared.get(w.shared.agents, k); ok {
		w.agents.put(k, s)
		return s
	}
	key := string(ua)
	e := agentEntry{text: validText(key, 512), info: classifyAgent(key, present)}
	e.info.hash = int64(hash64(0, ua))
	if !present {
		e.info.hash = int64(hash64(3, nil))
	}
	s := logSlot{key: e.info.hash, flag: e.info.class == "bot"}
	w.agents.put(k, s)
	if w.shared.put(w.shared.agents, k, s) {
		b.agents = append(b.agents, e)
	}
	return s
}

// slotCache is an open-addressing hash table from a 64-bit cache key to its slot,
// key and slot side by side so that a lookup touches one cache line. It grows up to
// maxCache entries, then starts again empty.
type slotCache struct {
	entries []cacheEntry
	n       int
}

type cacheEntry struct {
	k    uint64 // 0: empty (a key 0 is stored as 1; its slot keeps the real dictionary key)
	slot logSlot
}

func (c *slotCache) get(k uint64) (logSlot, bool) {
	if c.n == 0 {
		return logSlot{}, false
	}
	if k == 0 {
		k = 1
	}
	mask := uint64(len(c.entries) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		e := &c.entries[i]
		if e.k == k {
			return e.slot, true
		}
		if e.k == 0 {
			return logSlot{}, false
		}
	}
}

func (c *slotCache) put(k uint64, s logSlot) {
	if k == 0 {
		k = 1
	}
	if 2*(c.n+1) > len(c.entries) {
		if c.n >= maxCache {
			clear(c.entries)
			c.n = 0
		} else {
			c.grow()
		}
	}
	mask := uint64(len(c.entries) - 1)
	i := k & mask
	for c.entries[i].k != 0 && c.entries[i].k != k {
		i = (i + 1) & mask
	}
	if c.entries[i].k == 0 {
		c.n++
	}
	c.entries[i] = cacheEntry{k, s}
}

func (c *slotCache) grow() {
	old := c.entries
	c.entries, c.n = make([]cacheEntry, max(2*len(old), 1024)), 0
	for _, e := range old {
		if e.k != 0 {
			c.put(e.k, e.slot)
		}
	}
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
