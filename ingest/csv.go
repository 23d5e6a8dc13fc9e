package ingest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"reformindex/sql"
)

// DossierOptions configure [Dossiers].
type DossierOptions struct {
	Source   string         // source system; (source, dossier_code) identifies a dossier
	Location *time.Location // local time of timestamps given without an offset
	Now      time.Time      // recorded as the file's loaded_at
	// Progress, when set, is called now and then with the bytes read and the file size.
	Progress func(done, total int64)
}

// Summary is what one file's load did.
type Summary struct {
	Path          string
	FileID        int64
	AlreadyLoaded bool // the same bytes were loaded before; nothing changed
	Read          int64
	New           int64
	Updated       int64
	Unchanged     int64 // identical, stale (older updated_at) or superseded within the file
	Rejected      int64
	Ignored       []string // columns of the file that are not canonical, never read
}

// RejectRate is the share of read rows that were rejected (0 for an empty file).
func (s Summary) RejectRate() float64 {
	if s.Read == 0 {
		return 0
	}
	return float64(s.Rejected) / float64(s.Read)
}

// RowError is a bad value in a data row. Line is the file's 1-based line number.
type RowError struct {
	Line   int64
	Column string
	Value  string
	Err    error
}

func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d, column %q: %q: %v", e.Line, e.Column, e.Value, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// canonical columns of the generic profile, in the order of raw_dossier_history
// after its (file_id, line, source) prefix.
var canonical = []string{
	"dossier_code", "unit_code", "procedure_code", "procedure_name", "field_name",
	"channel", "service_level", "status",
	"submitted_at", "received_at", "due_at", "finished_at", "returned_at",
	"fee_amount", "paid_online", "e_result", "digitized", "complaint", "updated_at",
}

var required = []string{"dossier_code", "unit_code", "channel", "status", "received_at"}

// Dossiers loads one dossier export in the canonical CSV layout. A file whose bytes
// were loaded before is skipped (AlreadyLoaded). File-level problems (unreadable, no
// header, a required column missing) return an error and load nothing; bad rows are
// kept in raw_rejects and the good rows of the file still load, all in one transaction.
func Dossiers(ctx context.Context, db *sql.DB, path string, o DossierOptions) (Summary, error) {
	s := Summary{Path: path}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Source == "" {
		o.Source = "default"
	}
	sum, size, err := hashFile(path)
	if err != nil {
		return s, err
	}
	var prior int64
	err = db.QueryRow(ctx, `SELECT file_id FROM load_files WHERE kind = 'dossiers' AND sha256 = ? AND source = ?`, sum, o.Source).Scan(&prior)
	if err == nil {
		s.FileID, s.AlreadyLoaded = prior, true
		return s, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return s, err
	}
	defer f.Close()
	cr := &countingReader{r: f, total: size, progress: o.Progress}
	br := bufio.NewReaderSize(cr, 1<<20)
	p, err := newDossierParser(br, o)
	if err != nil {
		return s, err
	}
	s.Ignored = p.ignored
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT nextval('load_file_seq')`).Scan(&s.FileID); err != nil {
			return err
		}
		err := tx.ExecSQL(ctx, `INSERT INTO load_files VALUES (?, 'dossiers', ?, ?, ?, 'generic', ?, ?, 0, 0, 0, 0, 0)`,
			s.FileID, path, sum, size, o.Source, o.Now)
		if err != nil {
			return err
		}
		if err := tx.Exec(ctx, "ingest/dossier_stage.sql"); err != nil {
			return err
		}
		var rejects []*RowError
		err = tx.Append(ctx, "temp.stage_dossiers", func(a *sql.Appender) error {
			return p.each(ctx, func(row []any, rerrs []*RowError) error {
				s.Read++
				if rerrs != nil {
					s.Rejected++
					rejects = append(rejects, rerrs...)
					return nil
				}
				row[0] = s.FileID
				return a.AppendRow(row...)
			})
		})
		if err != nil {
			return err
		}
		err = tx.Append(ctx, "raw_rejects", func(a *sql.Appender) error {
			for _, r := range rejects {
				var value any = clip(r.Value)
				if r.Column == "" {
					value = nil // the whole row was at fault
				}
				if err := a.AppendRow(s.FileID, r.Line, nullIfEmpty(r.Column), value, r.Err.Error()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := tx.Exec(ctx, "ingest/dossier_merge.sql"); err != nil {
			return err
		}
		var unknownUnits int64
		err = tx.QueryRow(ctx, `SELECT
			count(*) FILTER (WHERE outcome = 'new'),
			count(*) FILTER (WHERE outcome = 'updated'),
			(SELECT count(*) FROM raw_rejects WHERE file_id = ? AND reason = 'unknown unit')
			FROM stage_result`, s.FileID).Scan(&s.New, &s.Updated, &unknownUnits)
		if err != nil {
			return err
		}
		s.Rejected += unknownUnits
		s.Unchanged = s.Read - s.Rejected - s.New - s.Updated
		if err := tx.Exec(ctx, "ingest/dossier_unstage.sql"); err != nil {
			return err
		}
		return tx.ExecSQL(ctx, `UPDATE load_files SET rows_read = ?, rows_new = ?, rows_updated = ?,
			rows_unchanged = ?, rows_rejected = ? WHERE file_id = ?`,
			s.Read, s.New, s.Updated, s.Unchanged, s.Rejected, s.FileID)
	})
	if err != nil {
		return s, err
	}
	return s, nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// clip keeps a rejected raw value readable: at most 200 bytes, cut on a rune boundary.
func clip(s string) string {
	if len(s) <= 200 {
		return s
	}
	cut := 200
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

type countingReader struct {
	r        io.Reader
	done     int64
	total    int64
	next     int64
	progress func(done, total int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.done += int64(n)
	if c.progress != nil && (c.done >= c.next || err == io.EOF) {
		c.progress(c.done, c.total)
		c.next = c.done + 4<<20
	}
	return n, err
}

// dossierParser turns CSV records into stage_dossiers rows.
type dossierParser struct {
	r       *csv.Reader
	o       DossierOptions
	index   []int // canonical column i is at record field index[i], or -1
	names   []string
	ignored []string
	width   int
}

// errFile marks problems with the file as a whole.
var (
	ErrEmptyFile     = errors.New("empty file: no header row")
	ErrMissingColumn = errors.New("missing required column")
)

func newDossierParser(br *bufio.Reader, o DossierOptions) (*dossierParser, error) {
	first, err := br.Peek(3)
	if err == nil && bytes.Equal(first, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	head, _ := br.Peek(64 << 10)
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, ErrEmptyFile
	}
	r := csv.NewReader(br)
	r.Comma = sniffDelimiter(head)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("line 1: header: %w", err)
	}
	p := &dossierParser{r: r, o: o, index: make([]int, len(canonical)), width: len(header)}
	pos := map[string]int{}
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(h))
		if _, dup := pos[key]; !dup {
			pos[key] = i
		}
	}
	known := map[string]bool{}
	for i, c := range canonical {
		known[c] = true
		if j, ok := pos[c]; ok {
			p.index[i] = j
		} else {
			p.index[i] = -1
		}
	}
	var missing []string
	for _, c := range required {
		if _, ok := pos[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("line 1: %w %s (the generic profile needs %s)",
			ErrMissingColumn, strings.Join(missing, ", "), strings.Join(required, ", "))
	}
	for _, h := range header {
		if !known[strings.ToLower(strings.TrimSpace(h))] {
			p.ignored = append(p.ignored, strings.TrimSpace(h))
		}
	}
	p.names = canonical
	return p, nil
}

// sniffDelimiter picks the most frequent of , ; tab | in the header line.
func sniffDelimiter(head []byte) rune {
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	best, bestN := ',', 0
	for _, d := range []rune{',', ';', '\t', '|'} {
		if n := bytes.Count(line, []byte(string(d))); n > bestN {
			best, bestN = d, n
		}
	}
	return best
}

// each calls fn for every data record with either a full row for stage_dossiers
// (file_id left for the caller) or the record's errors.
func (p *dossierParser) each(ctx context.Context, fn func(row []any, errs []*RowError) error) error {
	row := make([]any, 3+len(canonical))
	for n := 0; ; n++ {
		if n%8192 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := p.r.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := p.r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if err := fn(nil, []*RowError{{Line: int64(pe.StartLine), Err: pe.Err}}); err != nil {
					return err
				}
				continue
			}
			return err
		}
		if len(rec) != p.width {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				n--
				continue // a blank line
			}
			rerr := &RowError{Line: int64(line), Err: fmt.Errorf("wrong number of fields: %d, header has %d", len(rec), p.width)}
			if err := fn(nil, []*RowError{rerr}); err != nil {
				return err
			}
			continue
		}
		errs := p.convert(rec, int64(line), row)
		if errs != nil {
			if err := fn(nil, errs); err != nil {
				return err
			}
			continue
		}
		if err := fn(row, nil); err != nil {
			return err
		}
	}
}

// convert fills row = (file_id, line, source, canonical values...) from rec.
func (p *dossierParser) convert(rec []string, line int64, row []any) []*RowError {
	var errs []*RowError
	bad := func(col, val string, err error) {
		errs = append(errs, &RowError{Line: line, Column: col, Value: val, Err: err})
	}
	get := func(i int) string {
		if p.index[i] < 0 {
			return ""
		}
		return strings.TrimSpace(rec[p.index[i]])
	}
	row[0], row[1], row[2] = nil, line, p.o.Source
	times := map[string]time.Time{}
	for i, col := range canonical {
		v := get(i)
		var out any
		if v == "" {
			for _, r := range required {
				if r == col {
					bad(col, v, ErrMissing)
				}
			}
			row[3+i] = nil
			continue
		}
		var err error
		switch col {
		case "dossier_code", "procedure_code", "procedure_name", "field_name":
			out = v
		case "unit_code":
			out = normalizeUnitCode(v)
		case "channel":
			out, err = parseChannel(v)
		case "status":
			out, err = parseStatus(v)
		case "service_level":
			out, err = parseServiceLevel(v)
		case "submitted_at", "received_at", "due_at", "finished_at", "returned_at", "updated_at":
			t, dateOnly, perr := parseTime(v, p.o.Location)
			if perr == nil && dateOnly && col == "due_at" {
				t = endOfDay(t)
			}
			if perr == nil {
				times[col] = t
				out = t
			}
			err = perr
		case "fee_amount":
			out, err = parseAmount(v)
		case "paid_online":
			out, err = parsePaidOnline(v)
		case "e_result", "digitized", "complaint":
			out, err = parseFlag(v)
		}
		if err != nil {
			bad(col, v, err)
			out = nil
		}
		row[3+i] = out
	}
	if errs != nil {
		return errs
	}
	rec0 := times["received_at"]
	for _, col := range []string{"finished_at", "due_at"} {
		if t, ok := times[col]; ok && t.Before(rec0) {
			bad(col, get(indexOf(col)), orderError(col))
		}
	}
	status := row[3+indexOf("status")].(int8)
	if terminal(status) {
		_, f := times["finished_at"]
		_, r := times["returned_at"]
		_, u := times["updated_at"]
		if !f && !r && !u {
			bad("status", get(indexOf("status")), ErrNoFinish)
		}
	}
	return errs
}

func indexOf(col string) int {
	for i, c := range canonical {
		if c == col {
			return i
		}
	}
	panic("unknown canonical column " + col)
}

// normalizeUnitCode restores the leading zeros that spreadsheets drop from GSO codes
// ("1234" → "01234"); agency ids such as "H44.104" are kept as they are.
func normalizeUnitCode(s string) string {
	if allDigits(s) && len(s) < 5 {
		return strings.Repeat("0", 5-len(s)) + s
	}
	return s
}
