package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"reformindex/sql"
)

// DossierOptions configure [Dossiers].
type DossierOptions struct {
	Source   string         // source system; (source, dossier_code) identifies a dossier
	Location *time.Location // local time of timestamps given without an offset
	Now      time.Time      // recorded as the file's loaded_at; dates after it (+1 day) are rejected
	// Profile is a built-in profile name (generic, vn-headers, dvcqg), a profile file, or
	// "" / "auto" to pick the built-in profile that matches the header.
	Profile string
	// Encoding of text files: "" / "auto" detects it; see [Encodings].
	Encoding string
	// Sheet forces the XLSX sheet to read; by default the sheet whose header maps best.
	Sheet string
	// Progress, when set, is called now and then with the work done and the work to do.
	Progress func(done, total int64)

	staged bool // tests: read CSV in Go even where DuckDB could (both paths must agree)
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
	Ignored       []string // columns of the file that are not read (personal ones among them)

	Format   string // csv, xlsx, json, ndjson, parquet (+ ".gz")
	Encoding string // of a text file: utf-8, utf-16le, utf-16be, windows-1258
	Profile  string // the profile used
	Picked   bool   // the profile was picked by the header (--profile auto)
	Sheet    string // the XLSX sheet read
}

// RejectRate is the share of read rows that were rejected (0 for an empty file).
func (s Summary) RejectRate() float64 {
	if s.Read == 0 {
		return 0
	}
	return float64(s.Rejected) / float64(s.Read)
}

// RowError is bad input at one place of a file: Line is the file's 1-based line (the
// sheet's row for XLSX, the record for a JSON array), Sheet the XLSX sheet.
type RowError struct {
	Sheet  string
	Line   int64
	Column string
	Value  string
	Err    error
}

func (e *RowError) Error() string {
	var b strings.Builder
	if e.Sheet != "" {
		fmt.Fprintf(&b, "sheet %q, row %d", e.Sheet, e.Line)
	} else {
		fmt.Fprintf(&b, "line %d", e.Line)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, ", column %q: %q", e.Column, e.Value)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *RowError) Unwrap() error { return e.Err }

// Causes of file errors, for errors.Is.
var (
	ErrEmptyFile     = errors.New("empty file: no header row")
	ErrNoData        = errors.New("no data rows")
	ErrMissingColumn = errors.New("missing required column")
	ErrNoHeader      = errors.New("no header row")
	ErrDelimiter     = errors.New("the rows are not separated like the header")
	ErrTruncated     = errors.New("truncated file: the compressed data ends early")
)

// reader is one format's way of feeding a file's rows to dossier_typed.sql.
type reader interface {
	// mapping is the file's header mapped through the profile.
	mapping() *mapping
	// trims reports whether the values that dossier_typed.sql reads may need trimming.
	trims() bool
	// load appends the good rows to raw_dossiers and one raw_rejects row per fault,
	// and returns the number of data rows read.
	load(ctx context.Context, tx *sql.Tx, l *loader) (int64, error)
	close() error
}

// loader is what the readers share inside a file's transaction.
type loader struct {
	fileID int64
	source string
	now    time.Time
	cols   []typedColumn
}

func (l *loader) typed(mode, source string) string {
	return render(typedTemplate, typedQuery{Mode: mode, Source: source, FileID: l.fileID,
		SourceName: sql.QuoteString(l.source), Columns: l.cols,
		UnknownUnit: sql.QuoteString(ErrUnknownUnit.Error()), NoFinish: sql.QuoteString(ErrNoFinish.Error())})
}

// stagedSource is the relation of the rows in stage_text (those without a shape fault).
const stagedSource = `SELECT line, true AS shape, * EXCLUDE (line, fault) FROM stage_text WHERE fault IS NULL`

// loadStaged runs dossier_typed.sql over stage_text in both modes, and stores the shape
// faults recorded there.
func (l *loader) loadStaged(ctx context.Context, tx *sql.Tx) error {
	if err := tx.ExecSQL(ctx, l.typed("load", stagedSource)); err != nil {
		return fmt.Errorf("dossier_typed.sql: %w", err)
	}
	if err := tx.ExecSQL(ctx, l.typed("reject", stagedSource)); err != nil {
		return fmt.Errorf("dossier_typed.sql: %w", err)
	}
	return tx.ExecSQL(ctx, `INSERT INTO raw_rejects SELECT ?, line, NULL, NULL, fault FROM stage_text WHERE fault IS NOT NULL`, l.fileID)
}

// Dossiers loads one dossier export: CSV or TSV (any of , ; tab |), XLSX, JSON (array or
// NDJSON) or Parquet, each optionally gzipped, through a profile that maps its columns.
// A file whose bytes were loaded before is skipped (AlreadyLoaded). File-level problems
// (unreadable, no header, a required column missing) return an error and load nothing;
// bad rows are kept in raw_rejects and the good rows of the file still load, all in one
// transaction.
func Dossiers(ctx context.Context, db *sql.DB, path string, o DossierOptions) (Summary, error) {
	s := Summary{Path: path}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Source == "" {
		o.Source = "default"
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	var err error
	if o.Encoding, err = normalEncoding(o.Encoding); err != nil {
		return s, err
	}
	var profile *Profile
	if o.Profile != "" && o.Profile != "auto" {
		if profile, err = LoadProfile(o.Profile); err != nil {
			return s, err
		}
	}
	in, err := openInput(ctx, path, o)
	if err != nil {
		return s, err
	}
	defer in.close()
	s.Format, s.Encoding = in.format, in.encoding
	if in.gzip {
		s.Format += ".gz"
	}
	// The header and the scan of the content run while the hash is computed (they need
	// both cores); a file loaded before is skipped whatever they found.
	rd, rerr := newReader(ctx, db, in, profile, o)
	if rerr == nil {
		defer rd.close()
	}
	sum, err := in.digest.Wait(ctx)
	if err != nil {
		return s, err
	}
	var prior int64
	err = db.QueryRow(ctx, `SELECT file_id FROM load_files WHERE kind = 'dossiers' AND sha256 = ? AND source = ?`, sum, o.Source).Scan(&prior)
	if err == nil {
		s.FileID, s.AlreadyLoaded = prior, true
		return s, nil
	}
	if rerr != nil {
		return s, rerr
	}
	m := rd.mapping()
	s.Profile, s.Picked, s.Ignored = m.profile.Name, profile == nil, m.ignored
	if xr, ok := rd.(*xlsxReader); ok {
		s.Sheet = xr.sheet
	}
	l := &loader{source: o.Source, now: o.Now, cols: typedColumns(m, o.Now, rd.trims())}
	err = db.Tx(ctx, func(tx *sql.Tx) (err error) {
		// Session settings of the load, put back when it ends: the connection goes back to
		// the pool. A failed statement aborts the transaction and DuckDB then refuses even
		// SET, so on failure the transaction is rolled back here first and an empty one
		// begun for db.Tx to roll back.
		set := "SET disabled_optimizers = 'filter_pushdown,common_subexpressions'; SET preserve_insertion_order = true"
		reset := "RESET disabled_optimizers"
		if o.Location.String() != db.TZ {
			// Timestamps without an offset are local time in the session's time zone.
			set += "; SET TimeZone = " + sql.QuoteString(o.Location.String())
			reset += "; SET TimeZone = " + sql.QuoteString(db.TZ)
		}
		// dossier_typed.sql computes each typed value once in a projection and filters on
		// the result: pushing that filter down would compute every value again in it, and
		// hoisting common subexpressions out of CASE branches would compute for every row
		// what only rare forms need (measured: 3× slower with either). Rows are appended
		// in file order: the CSV reader relies on it.
		defer func() {
			bg := context.Background()
			if err != nil {
				_ = tx.ExecSQL(bg, "ROLLBACK")
				_ = tx.ExecSQL(bg, reset)
				_ = tx.ExecSQL(bg, "BEGIN TRANSACTION")
				return
			}
			err = tx.ExecSQL(bg, reset)
		}()
		if err := tx.ExecSQL(ctx, set); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT nextval('load_file_seq')`).Scan(&s.FileID); err != nil {
			return err
		}
		l.fileID = s.FileID
		err = tx.ExecSQL(ctx, `INSERT INTO load_files VALUES (?, 'dossiers', ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0)`,
			s.FileID, path, sum, in.size, s.Profile, o.Source, o.Now)
		if err != nil {
			return err
		}
		if err := tx.Exec(ctx, "ingest/dossier_stage.sql"); err != nil {
			return err
		}
		if s.Read, err = rd.load(ctx, tx, l); err != nil {
			return err
		}
		if s.Read == 0 {
			return fmt.Errorf("%s: %w below the header", m.at, ErrNoData)
		}
		// The merge finds nothing in a file whose codes are distinct (Go's scan of a CSV
		// proves it) when the source holds no other rows: then it is skipped.
		mq := l.typedQuery()
		if cr, ok := rd.(*csvReader); ok && !cr.staged && cr.layout.irregular == "" {
			mq.Unique = cr.layout.unique // as DuckDB trims and unquotes, not Go's stage
		}
		merge := true
		if mq.Unique {
			err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM raw_dossiers WHERE source = ? AND file_id <> ?)`, o.Source, s.FileID).Scan(&merge)
			if err != nil {
				return err
			}
		}
		updated := "0"
		if merge {
			if err := tx.ExecSQL(ctx, render(mergeTemplate, mq)); err != nil {
				return fmt.Errorf("dossier_merge.sql: %w", err)
			}
			updated = "(SELECT count(*) FROM merge_result WHERE outcome = 'updated')"
		}
		err = tx.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM raw_dossiers WHERE file_id = ?),
			`+updated+`,
			(SELECT count(DISTINCT line) FROM raw_rejects WHERE file_id = ?)`, s.FileID, s.FileID).Scan(&s.New, &s.Updated, &s.Rejected)
		if err != nil {
			return err
		}
		s.New -= s.Updated
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

func (l *loader) typedQuery() typedQuery {
	return typedQuery{FileID: l.fileID, SourceName: sql.QuoteString(l.source)}
}

// newReader reads the header of in and maps it through profile (or picks one).
func newReader(ctx context.Context, db *sql.DB, in *input, profile *Profile, o DossierOptions) (reader, error) {
	switch in.format {
	case "xlsx":
		return newXLSXReader(in, profile, o)
	case "json", "ndjson":
		return newJSONReader(ctx, db, in, profile)
	case "parquet":
		return newParquetReader(ctx, db, in, profile)
	}
	return newCSVReader(ctx, in, profile, o)
}

// mapHeader maps a header through profile, or picks the built-in profile that fits.
func mapHeader(header []string, profile *Profile) (*mapping, error) {
	if profile == nil {
		return pickProfile(header)
	}
	return profile.match(header)
}
