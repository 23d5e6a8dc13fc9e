package sql

import (
	"context"
	stdsql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// Re-exported so that packages reading results need not import database/sql.
type (
	Rows        = stdsql.Rows
	Row         = stdsql.Row
	NullString  = stdsql.NullString
	NullInt64   = stdsql.NullInt64
	NullFloat64 = stdsql.NullFloat64
	NullBool    = stdsql.NullBool
	NullTime    = stdsql.NullTime
)

// Options configure [Open].
type Options struct {
	TZ          string // IANA time zone set on every connection, e.g. "Asia/Ho_Chi_Minh"
	ReadOnly    bool   // open with access_mode=READ_ONLY
	MemoryLimit string // DuckDB memory_limit such as "4GB"; empty keeps DuckDB's default
	Threads     int    // 0 keeps DuckDB's default
}

// DB is an open DuckDB database.
type DB struct {
	db        *stdsql.DB
	connector *duckdb.Connector
	Path      string
	TZ        string
}

// LockedError reports that another process holds the database file.
type LockedError struct {
	Path   string
	Holder string // what DuckDB says about the other process, if anything
}

func (e *LockedError) Error() string {
	if e.Holder != "" {
		return fmt.Sprintf("database %s is locked by another process (%s)", e.Path, e.Holder)
	}
	return fmt.Sprintf("database %s is locked by another process", e.Path)
}

var lockHolder = regexp.MustCompile(`Conflicting lock is held in (.+?)(?:\. |$|\n| See )`)

// Open opens (creating if needed) the DuckDB file at path. Extension auto-install and
// auto-load are off, since there is no network; the time zone is set on every connection.
func Open(ctx context.Context, path string, o Options) (*DB, error) {
	if o.TZ == "" {
		o.TZ = "Asia/Ho_Chi_Minh"
	}
	q := url.Values{}
	q.Set("autoinstall_known_extensions", "false")
	q.Set("autoload_known_extensions", "false")
	if o.ReadOnly {
		q.Set("access_mode", "READ_ONLY")
	}
	if o.MemoryLimit != "" {
		q.Set("memory_limit", o.MemoryLimit)
	}
	if o.Threads > 0 {
		q.Set("threads", fmt.Sprint(o.Threads))
	}
	dsn := path + "?" + q.Encode()
	setTZ := "SET TimeZone = " + QuoteString(o.TZ)
	connector, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
		_, err := execer.ExecContext(context.Background(), setTZ, nil)
		return err
	})
	if err != nil {
		return nil, openError(path, err)
	}
	db := stdsql.OpenDB(connector)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		connector.Close()
		return nil, openError(path, err)
	}
	return &DB{db: db, connector: connector, Path: path, TZ: o.TZ}, nil
}

func openError(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Could not set lock on file") || strings.Contains(msg, "Conflicting lock") {
		le := &LockedError{Path: path}
		if m := lockHolder.FindStringSubmatch(msg); m != nil {
			le.Holder = strings.TrimSpace(m[1])
		}
		return le
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// Close checkpoints and closes the database.
func (d *DB) Close() error {
	err := d.db.Close()
	if cerr := d.connector.Close(); err == nil {
		err = cerr
	}
	return err
}

// Exec runs the embedded file name (several statements allowed when args is empty).
func (d *DB) Exec(ctx context.Context, name string, args ...any) error {
	if _, err := d.db.ExecContext(ctx, File(name), args...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// ExecSQL runs a statement built at run time; identifiers and paths in it must have
// gone through [QuoteIdent] or [QuoteString].
func (d *DB) ExecSQL(ctx context.Context, query string, args ...any) error {
	_, err := d.db.ExecContext(ctx, query, args...)
	return err
}

// Query runs the embedded query file name.
func (d *DB) Query(ctx context.Context, name string, args ...any) (*Rows, error) {
	rows, err := d.db.QueryContext(ctx, File(name), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rows, nil
}

// QuerySQL runs a query built at run time (see [DB.ExecSQL]).
func (d *DB) QuerySQL(ctx context.Context, query string, args ...any) (*Rows, error) {
	return d.db.QueryContext(ctx, query, args...)
}

// QueryRow runs a one-row query built at run time.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *Row {
	return d.db.QueryRowContext(ctx, query, args...)
}

// TableExists reports whether a table of that name exists in the main schema.
func (d *DB) TableExists(ctx context.Context, table string) (bool, error) {
	var n int
	err := d.db.QueryRowContext(ctx,
		`SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?`, table).Scan(&n)
	return n > 0, err
}

// Tx is one transaction on one connection.
type Tx struct {
	conn *stdsql.Conn
}

// Tx runs fn in a transaction: committed when fn returns nil, rolled back otherwise.
func (d *DB) Tx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	if err := fn(&Tx{conn: conn}); err != nil {
		if _, rerr := conn.ExecContext(context.Background(), "ROLLBACK"); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Exec runs the embedded file name inside the transaction.
func (t *Tx) Exec(ctx context.Context, name string, args ...any) error {
	if _, err := t.conn.ExecContext(ctx, File(name), args...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// ExecSQL runs a statement built at run time inside the transaction.
func (t *Tx) ExecSQL(ctx context.Context, query string, args ...any) error {
	_, err := t.conn.ExecContext(ctx, query, args...)
	return err
}

// QueryRow runs a one-row query built at run time inside the transaction.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *Row {
	return t.conn.QueryRowContext(ctx, query, args...)
}

// Appender appends rows that Go builds itself to one table, at columnar speed.
// Values follow the DuckDB driver's rules: time.Time for TIMESTAMPTZ, nil for NULL,
// integers range-checked by the caller (the driver wraps overflow silently).
type Appender struct {
	a   *duckdb.Appender
	buf []driver.Value
}

// AppendRow buffers one row.
func (a *Appender) AppendRow(values ...any) error {
	if cap(a.buf) < len(values) {
		a.buf = make([]driver.Value, len(values))
	}
	a.buf = a.buf[:len(values)]
	for i, v := range values {
		a.buf[i] = v
	}
	return a.a.AppendRow(a.buf...)
}

// Append opens an appender on table ("temp.name" for a temporary table), calls fn,
// then flushes and closes it.
func (t *Tx) Append(ctx context.Context, table string, fn func(a *Appender) error) error {
	catalog, name := "", table
	if rest, ok := strings.CutPrefix(table, "temp."); ok {
		catalog, name = "temp", rest
	}
	return t.conn.Raw(func(dc any) error {
		conn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("append %s: unexpected driver connection %T", table, dc)
		}
		a, err := duckdb.NewAppender(conn, catalog, "", name)
		if err != nil {
			return fmt.Errorf("append %s: %w", table, err)
		}
		if err := fn(&Appender{a: a}); err != nil {
			_ = a.Clear()
			_ = a.Close()
			return err
		}
		if err := a.CloseWithCancel(ctx); err != nil {
			return fmt.Errorf("append %s: %w", table, err)
		}
		return nil
	})
}

// QuoteIdent quotes an identifier for DuckDB: "a""b".
func QuoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// QuoteString quotes a string literal for DuckDB: 'it”s'.
func QuoteString(s string) string {
	return `'` + strings.ReplaceAll(s, `'`, `''`) + `'`
}
