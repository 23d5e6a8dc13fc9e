package sql

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/duckdb/duckdb-go/v2/mapping"
)

// ColumnType is the DuckDB type of one column of a [Batch].
type ColumnType uint8

// The column types a [Batch] carries, each in one field of [Column].
const (
	Varchar     ColumnType = iota + 1 // Column.String, valid UTF-8
	BigInt                            // Column.Int64
	Integer                           // Column.Int32
	SmallInt                          // Column.Int16
	Double                            // Column.Float64
	Boolean                           // Column.Bool
	TimestampTZ                       // Column.Int64: the instant in Unix microseconds
)

func (t ColumnType) String() string {
	switch t {
	case Varchar:
		return "VARCHAR"
	case BigInt:
		return "BIGINT"
	case Integer:
		return "INTEGER"
	case SmallInt:
		return "SMALLINT"
	case Double:
		return "DOUBLE"
	case Boolean:
		return "BOOLEAN"
	case TimestampTZ:
		return "TIMESTAMPTZ"
	}
	return fmt.Sprintf("ColumnType(%d)", uint8(t))
}

// duckType is the DuckDB type id of t.
func (t ColumnType) duckType() mapping.Type {
	switch t {
	case Varchar:
		return mapping.TypeVarchar
	case BigInt:
		return mapping.TypeBigInt
	case Integer:
		return mapping.TypeInteger
	case SmallInt:
		return mapping.TypeSmallInt
	case Double:
		return mapping.TypeDouble
	case Boolean:
		return mapping.TypeBoolean
	case TimestampTZ:
		return mapping.TypeTimestampTZ
	}
	return mapping.TypeInvalid
}

// Column is the values of one column of a [Batch]: the slice of its type holds one
// value per row, the others stay empty. Null is nil while no value is NULL; otherwise
// row i is NULL when i < len(Null) and Null[i] (its value slot is ignored), so rows
// after the last NULL need no entry.
type Column struct {
	Int64   []int64   // BIGINT; TIMESTAMPTZ as Unix microseconds
	Int32   []int32   // INTEGER
	Int16   []int16   // SMALLINT
	Float64 []float64 // DOUBLE
	Bool    []bool    // BOOLEAN
	String  []string  // VARCHAR
	Null    []bool
}

// SetNull makes row i NULL; its value slot must exist all the same (append a zero).
func (c *Column) SetNull(i int) {
	for len(c.Null) <= i {
		c.Null = append(c.Null, false)
	}
	c.Null[i] = true
}

// Batch is rows held column by column, for [ColumnAppender.Append]: the way to load
// rows that Go builds itself at memory speed, without a Go interface value per field.
// A batch may hold any number of rows; it is reused after Reset.
type Batch struct {
	Types []ColumnType
	Cols  []Column
}

// NewBatch returns an empty batch with columns of these types, in table order.
func NewBatch(types ...ColumnType) *Batch {
	return &Batch{Types: types, Cols: make([]Column, len(types))}
}

// Reset empties every column, keeping the memory.
func (b *Batch) Reset() {
	for i := range b.Cols {
		c := &b.Cols[i]
		clear(c.String) // let the strings go
		c.Int64, c.Int32, c.Int16 = c.Int64[:0], c.Int32[:0], c.Int16[:0]
		c.Float64, c.Bool, c.String, c.Null = c.Float64[:0], c.Bool[:0], c.String[:0], c.Null[:0]
	}
}

// Grow makes room for n more rows in every column, so that appending them does not
// reallocate.
func (b *Batch) Grow(n int) {
	for i, t := range b.Types {
		c := &b.Cols[i]
		switch t {
		case Varchar:
			c.String = slices.Grow(c.String, n)
		case BigInt, TimestampTZ:
			c.Int64 = slices.Grow(c.Int64, n)
		case Integer:
			c.Int32 = slices.Grow(c.Int32, n)
		case SmallInt:
			c.Int16 = slices.Grow(c.Int16, n)
		case Double:
			c.Float64 = slices.Grow(c.Float64, n)
		case Boolean:
			c.Bool = slices.Grow(c.Bool, n)
		}
	}
}

// Len is the number of rows: the length of the first column.
func (b *Batch) Len() int {
	if len(b.Cols) == 0 {
		return 0
	}
	return b.Cols[0].len(b.Types[0])
}

func (c *Column) len(t ColumnType) int {
	switch t {
	case Varchar:
		return len(c.String)
	case BigInt, TimestampTZ:
		return len(c.Int64)
	case Integer:
		return len(c.Int32)
	case SmallInt:
		return len(c.Int16)
	case Double:
		return len(c.Float64)
	case Boolean:
		return len(c.Bool)
	}
	return -1
}

// check reports a batch whose columns differ in length or hold invalid UTF-8.
func (b *Batch) check() error {
	if len(b.Cols) != len(b.Types) {
		return fmt.Errorf("batch has %d columns and %d types", len(b.Cols), len(b.Types))
	}
	n := b.Len()
	for i, t := range b.Types {
		c := &b.Cols[i]
		if m := c.len(t); m != n {
			return fmt.Errorf("column %d (%s) has %d values, column 1 has %d", i+1, t, m, n)
		}
		if len(c.Null) > n {
			return fmt.Errorf("column %d (%s) has %d NULL marks for %d rows", i+1, t, len(c.Null), n)
		}
		if t == Varchar {
			for r, s := range c.String {
				if !utf8.ValidString(s) && !(r < len(c.Null) && c.Null[r]) {
					return fmt.Errorf("column %d, row %d: invalid UTF-8 %q", i+1, r+1, s)
				}
			}
		}
	}
	return nil
}

// ColumnAppender appends batches to one table, inside a transaction ([Tx.AppendColumns]).
// It copies each column into DuckDB's data chunks with one memory copy per 2,048 values
// (strings one by one) and hands them to DuckDB's appender. Not safe for concurrent use.
type ColumnAppender struct {
	ctx   context.Context
	table string
	types []ColumnType

	// the chunk path: DuckDB's C appender and one reusable data chunk
	conn    mapping.Connection
	app     mapping.Appender
	chunk   mapping.DataChunk
	chunkOK bool

	// the row path, when the driver's connection handle cannot be reached
	rows *duckdb.Appender
	row  []driver.Value
}

// connOffset is where a *duckdb.Conn keeps its C connection. The driver (v2.10505)
// appends only row by row, one interface value per field; its Arrow API needs the
// duckdb_arrow build tag on every build and test; its chunk table functions set
// values one by one too. DuckDB's own C API (the driver's exported mapping package)
// appends whole data chunks, but needs the connection handle, which the driver does
// not export: it is found here by name and type, once, and when a driver upgrade
// changes it the row path is taken instead (slower, same rows). TestColumnarAppend
// checks that the pinned driver takes the chunk path.
var connOffset = func() uintptr {
	f, ok := reflect.TypeFor[duckdb.Conn]().FieldByName("conn")
	if !ok || f.Type != reflect.TypeFor[mapping.Connection]() || len(f.Index) != 1 {
		return ^uintptr(0)
	}
	return f.Offset
}()

// forceRowPath makes AppendColumns use the driver's row appender (tests compare both).
var forceRowPath = false

// ChunkPath reports whether [Tx.AppendColumns] hands whole data chunks to DuckDB
// (true with the pinned driver) rather than appending row by row.
func ChunkPath() bool { return connOffset != ^uintptr(0) && !forceRowPath }

// AppendColumns opens a column appender on table ("temp.name" for a temporary table),
// whose columns must have these types in this order; calls fn, which appends batches;
// then flushes. Rows are part of the transaction: a rollback drops them.
func (t *Tx) AppendColumns(ctx context.Context, table string, types []ColumnType, fn func(a *ColumnAppender) error) error {
	return t.AppendTables(ctx, []ColumnTable{{table, types}}, func(a []*ColumnAppender) error { return fn(a[0]) })
}

// ColumnTable names a table for [Tx.AppendTables] and the types of its columns.
type ColumnTable struct {
	Name  string // "temp.name" for a temporary table
	Types []ColumnType
}

// AppendTables is [Tx.AppendColumns] for several tables at once: fn gets one appender
// per table, in order, and may interleave their batches (say, rows and the dictionary
// entries they bring); all are flushed when fn returns nil.
func (t *Tx) AppendTables(ctx context.Context, tables []ColumnTable, fn func(a []*ColumnAppender) error) error {
	return t.conn.Raw(func(dc any) error {
		conn, ok := dc.(*duckdb.Conn)
		if !ok {
			return fmt.Errorf("append: unexpected driver connection %T", dc)
		}
		as := make([]*ColumnAppender, 0, len(tables))
		abort := func() {
			for _, a := range as {
				a.abort()
			}
		}
		for _, tb := range tables {
			catalog, name := "", tb.Name
			if rest, ok := strings.CutPrefix(tb.Name, "temp."); ok {
				catalog, name = "temp", rest
			}
			a := &ColumnAppender{ctx: ctx, table: tb.Name, types: tb.Types}
			var err error
			if ChunkPath() {
				a.conn = *(*mapping.Connection)(unsafe.Add(unsafe.Pointer(conn), connOffset))
				err = a.openChunks(catalog, name)
			} else {
				err = a.openRows(conn, catalog, name)
			}
			if err != nil {
				abort()
				return fmt.Errorf("append %s: %w", tb.Name, err)
			}
			as = append(as, a)
		}
		if err := fn(as); err != nil {
			abort()
			return err
		}
		var errs []error
		for _, a := range as {
			if err := a.close(); err != nil {
				errs = append(errs, fmt.Errorf("append %s: %w", a.table, err))
			}
		}
		return errors.Join(errs...)
	})
}

func (a *ColumnAppender) openChunks(catalog, name string) error {
	if mapping.AppenderCreateExt(a.conn, catalog, "", name, &a.app) == mapping.StateError {
		msg := mapping.AppenderError(a.app)
		mapping.AppenderDestroy(&a.app)
		return errors.New(msg)
	}
	n := int(mapping.AppenderColumnCount(a.app))
	types := make([]mapping.LogicalType, n)
	defer func() {
		for i := range types {
			mapping.DestroyLogicalType(&types[i])
		}
	}()
	var bad []string
	for i := range n {
		types[i] = mapping.AppenderColumnType(a.app, mapping.IdxT(i))
		if i < len(a.types) && mapping.GetTypeId(types[i]) != a.types[i].duckType() {
			bad = append(bad, fmt.Sprintf("column %d is not %s", i+1, a.types[i]))
		}
	}
	if n != len(a.types) {
		bad = append(bad, fmt.Sprintf("the table has %d columns, the batches %d", n, len(a.types)))
	}
	if len(bad) > 0 {
		mapping.AppenderDestroy(&a.app)
		return errors.New(strings.Join(bad, "; "))
	}
	a.chunk = mapping.CreateDataChunk(types)
	a.chunkOK = true
	return nil
}

func (a *ColumnAppender) openRows(conn *duckdb.Conn, catalog, name string) error {
	var err error
	a.rows, err = duckdb.NewAppender(conn, catalog, "", name)
	if err != nil {
		return err
	}
	a.row = make([]driver.Value, len(a.types))
	return nil
}

// Append appends the rows of b, whose column types must be the appender's.
func (a *ColumnAppender) Append(b *Batch) error {
	if len(b.Types) != len(a.types) {
		return fmt.Errorf("append %s: batch of %d columns, table of %d", a.table, len(b.Types), len(a.types))
	}
	for i, t := range b.Types {
		if t != a.types[i] {
			return fmt.Errorf("append %s: column %d is %s in the batch, %s in the appender", a.table, i+1, t, a.types[i])
		}
	}
	if err := b.check(); err != nil {
		return fmt.Errorf("append %s: %w", a.table, err)
	}
	n := b.Len()
	if a.rows != nil {
		return a.appendRows(b, n)
	}
	size := duckdb.GetDataChunkCapacity()
	for from := 0; from < n; from += size {
		if err := a.ctx.Err(); err != nil {
			return err
		}
		m := min(size, n-from)
		mapping.DataChunkReset(a.chunk)
		for i, t := range a.types {
			fillVector(mapping.DataChunkGetVector(a.chunk, mapping.IdxT(i)), t, &b.Cols[i], from, m)
		}
		mapping.DataChunkSetSize(a.chunk, mapping.IdxT(m))
		if mapping.AppendDataChunk(a.app, a.chunk) == mapping.StateError {
			return fmt.Errorf("append %s: %s", a.table, mapping.AppenderError(a.app))
		}
	}
	return nil
}

// duckString is DuckDB's string_t (duckdb_string_t in duckdb.h): a length, then up to
// 12 bytes inline, or a 4-byte prefix and a pointer.
type duckString struct {
	length uint32
	inline [12]byte
}

// fillVector copies rows [from, from+n) of c into the flat vector vec.
func fillVector(vec mapping.Vector, t ColumnType, c *Column, from, n int) {
	data := mapping.VectorGetData(vec)
	switch t {
	case BigInt, TimestampTZ:
		copy(unsafe.Slice((*int64)(data), n), c.Int64[from:from+n])
	case Integer:
		copy(unsafe.Slice((*int32)(data), n), c.Int32[from:from+n])
	case SmallInt:
		copy(unsafe.Slice((*int16)(data), n), c.Int16[from:from+n])
	case Double:
		copy(unsafe.Slice((*float64)(data), n), c.Float64[from:from+n])
	case Boolean:
		copy(unsafe.Slice((*bool)(data), n), c.Bool[from:from+n])
	case Varchar:
		strs := unsafe.Slice((*duckString)(data), n)
		for r, s := range c.String[from : from+n] {
			if len(s) <= 12 {
				strs[r] = duckString{length: uint32(len(s))}
				copy(strs[r].inline[:], s)
				continue
			}
			mapping.VectorAssignStringElementLen(vec, mapping.IdxT(r), unsafe.Slice(unsafe.StringData(s), len(s)))
		}
	}
	if from >= len(c.Null) {
		return
	}
	nulls := c.Null[from:min(from+n, len(c.Null))]
	some := false
	for _, null := range nulls {
		some = some || null
	}
	if !some {
		return
	}
	mapping.VectorEnsureValidityWritable(vec) // all valid
	mask := unsafe.Slice((*uint64)(mapping.VectorGetValidity(vec)), (n+63)/64)
	for r, null := range nulls {
		if null {
			mask[r/64] &^= 1 << (r % 64)
		}
	}
}

func (a *ColumnAppender) appendRows(b *Batch, n int) error {
	for r := range n {
		for i, t := range a.types {
			a.row[i] = rowValue(t, &b.Cols[i], r)
		}
		if err := a.rows.AppendRow(a.row...); err != nil {
			return fmt.Errorf("append %s: %w", a.table, err)
		}
	}
	return a.ctx.Err()
}

func rowValue(t ColumnType, c *Column, r int) driver.Value {
	if r < len(c.Null) && c.Null[r] {
		return nil
	}
	switch t {
	case Varchar:
		return c.String[r]
	case BigInt:
		return c.Int64[r]
	case TimestampTZ:
		return time.UnixMicro(c.Int64[r]).UTC()
	case Integer:
		return c.Int32[r]
	case SmallInt:
		return c.Int16[r]
	case Double:
		return c.Float64[r]
	case Boolean:
		return c.Bool[r]
	}
	return nil
}

// close flushes what was appended and frees the appender.
func (a *ColumnAppender) close() error {
	if a.rows != nil {
		return a.rows.CloseWithCancel(a.ctx)
	}
	a.destroyChunk()
	// an interrupted flush fails: the transaction is then rolled back
	stop := context.AfterFunc(a.ctx, func() { mapping.Interrupt(a.conn) })
	state := mapping.AppenderFlush(a.app)
	stop()
	var err error
	if state == mapping.StateError {
		err = errors.Join(a.ctx.Err(), errors.New(mapping.AppenderError(a.app)))
		mapping.AppenderClear(a.app)
	}
	if mapping.AppenderDestroy(&a.app) == mapping.StateError && err == nil {
		err = errors.New("could not close the appender")
	}
	return err
}

// abort drops what was appended and not flushed, and frees the appender.
func (a *ColumnAppender) abort() {
	if a.rows != nil {
		_ = a.rows.Clear()
		_ = a.rows.Close()
		return
	}
	a.destroyChunk()
	mapping.AppenderClear(a.app)
	mapping.AppenderDestroy(&a.app)
}

func (a *ColumnAppender) destroyChunk() {
	if a.chunkOK {
		mapping.DestroyDataChunk(&a.chunk)
		a.chunkOK = false
	}
}
