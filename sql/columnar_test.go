package sql

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openColumnarDB(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "c.duckdb"), Options{TZ: "Asia/Ho_Chi_Minh"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

const columnarTable = `CREATE TABLE c (s VARCHAR, i BIGINT, n INTEGER, h SMALLINT, d DOUBLE, b BOOLEAN, ts TIMESTAMPTZ)`

var columnarTypes = []ColumnType{Varchar, BigInt, Integer, SmallInt, Double, Boolean, TimestampTZ}

// columnarRows builds n rows of every type, with NULLs here and there (none in the last
// rows, so that the NULL marks stop short of the batch's end) and strings of every
// length around DuckDB's 12-byte inline limit.
func columnarRows(n int) *Batch {
	b := NewBatch(columnarTypes...)
	words := []string{"", "a", "twelve bytes", "thirteen byte", "Thủ tục hành chính công", strings.Repeat("long ", 40)}
	for r := range n {
		b.Cols[0].String = append(b.Cols[0].String, fmt.Sprintf("%s%d", words[r%len(words)], r))
		b.Cols[1].Int64 = append(b.Cols[1].Int64, int64(r)*1_000_000_007-1<<40)
		b.Cols[2].Int32 = append(b.Cols[2].Int32, int32(r)-70000)
		b.Cols[3].Int16 = append(b.Cols[3].Int16, int16(r%40000-20000))
		b.Cols[4].Float64 = append(b.Cols[4].Float64, float64(r)/8)
		b.Cols[5].Bool = append(b.Cols[5].Bool, r%3 == 0)
		b.Cols[6].Int64 = append(b.Cols[6].Int64, time.Date(2026, 10, 1, 0, 0, r, 0, time.UTC).UnixMicro())
		if r < n-100 {
			for c := range b.Cols {
				if (r+c)%(7+c) == 0 {
					b.Cols[c].SetNull(r)
				}
			}
		}
	}
	return b
}

// dump renders the table in one string, in row order of i.
func dump(t *testing.T, db *DB) string {
	t.Helper()
	var s string
	err := db.QueryRow(context.Background(), `SELECT string_agg(concat_ws('|', coalesce(s, 'NULL'), coalesce(i::VARCHAR, 'NULL'),
		coalesce(n::VARCHAR, 'NULL'), coalesce(h::VARCHAR, 'NULL'), coalesce((d * 8)::BIGINT::VARCHAR, 'NULL'), coalesce(b::VARCHAR, 'NULL'),
		coalesce(epoch_us(ts)::VARCHAR, 'NULL')), E'\n' ORDER BY rowid) FROM c`).Scan(&s)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// want renders the batch as dump renders the table.
func want(b *Batch) string {
	var out []string
	for r := range b.Len() {
		null := func(c int) bool { n := b.Cols[c].Null; return r < len(n) && n[r] }
		f := []string{b.Cols[0].String[r], fmt.Sprint(b.Cols[1].Int64[r]), fmt.Sprint(b.Cols[2].Int32[r]), fmt.Sprint(b.Cols[3].Int16[r]),
			fmt.Sprint(int64(b.Cols[4].Float64[r] * 8)), fmt.Sprint(b.Cols[5].Bool[r]), fmt.Sprint(b.Cols[6].Int64[r])}
		for c := range f {
			if null(c) {
				f[c] = "NULL"
			}
		}
		out = append(out, strings.Join(f, "|"))
	}
	return strings.Join(out, "\n")
}

func TestColumnarAppend(t *testing.T) {
	if !ChunkPath() {
		t.Fatal("the pinned DuckDB driver should take the chunk path: has duckdb.Conn lost its field conn?")
	}
	for _, rowPath := range []bool{false, true} {
		t.Run(fmt.Sprintf("row path %v", rowPath), func(t *testing.T) {
			forceRowPath = rowPath
			defer func() { forceRowPath = false }()
			ctx := context.Background()
			db := openColumnarDB(t)
			if err := db.ExecSQL(ctx, columnarTable); err != nil {
				t.Fatal(err)
			}
			// several batches: one longer than a data chunk, one empty, one short
			b1, b2, b3 := columnarRows(5000), NewBatch(columnarTypes...), columnarRows(3)
			err := db.Tx(ctx, func(tx *Tx) error {
				return tx.AppendColumns(ctx, "c", columnarTypes, func(a *ColumnAppender) error {
					for _, b := range []*Batch{b1, b2, b3} {
						if err := a.Append(b); err != nil {
							return err
						}
					}
					return nil
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Split(dump(t, db), "\n")
			exp := strings.Split(want(b1)+"\n"+want(b3), "\n")
			if len(got) != len(exp) {
				t.Fatalf("%d rows, want %d", len(got), len(exp))
			}
			for i := range exp {
				if got[i] != exp[i] {
					t.Fatalf("row %d:\n got %s\nwant %s", i+1, got[i], exp[i])
				}
			}
		})
	}
}

func TestColumnarTempTable(t *testing.T) {
	ctx := context.Background()
	db := openColumnarDB(t)
	var n int64
	err := db.Tx(ctx, func(tx *Tx) error {
		if err := tx.ExecSQL(ctx, `CREATE TEMP TABLE tmp (i BIGINT)`); err != nil {
			return err
		}
		b := NewBatch(BigInt)
		b.Cols[0].Int64 = []int64{1, 2, 3}
		if err := tx.AppendColumns(ctx, "temp.tmp", b.Types, func(a *ColumnAppender) error { return a.Append(b) }); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT sum(i) FROM temp.tmp`).Scan(&n)
	})
	if err != nil || n != 6 {
		t.Errorf("temp table: sum %d, %v", n, err)
	}
}

func TestColumnarErrors(t *testing.T) {
	ctx := context.Background()
	db := openColumnarDB(t)
	if err := db.ExecSQL(ctx, columnarTable); err != nil {
		t.Fatal(err)
	}
	bad := []ColumnType{Varchar, BigInt, Integer, BigInt, Double, Boolean, TimestampTZ}
	ragged := columnarRows(10)
	ragged.Cols[2].Int32 = ragged.Cols[2].Int32[:9]
	badText := columnarRows(10)
	badText.Cols[0].String[4] = "caf\xe9"
	for _, tc := range []struct {
		name  string
		types []ColumnType
		batch *Batch
		want  string
	}{
		{"a column of another type", bad, nil, "append c: column 4 is not BIGINT"},
		{"fewer columns", columnarTypes[:3], nil, "append c: the table has 7 columns, the batches 3"},
		{"a batch of other types", columnarTypes, NewBatch(bad...), "append c: column 4 is BIGINT in the batch, SMALLINT in the appender"},
		{"a ragged batch", columnarTypes, ragged, "append c: column 3 (INTEGER) has 9 values, column 1 has 10"},
		{"invalid UTF-8", columnarTypes, badText, `append c: column 1, row 5: invalid UTF-8 "caf\xe9"`},
		{"a missing table", columnarTypes, nil, "append nope:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			table := "c"
			if strings.Contains(tc.want, "nope") {
				table = "nope"
			}
			good := columnarRows(3000)
			err := db.Tx(ctx, func(tx *Tx) error {
				return tx.AppendColumns(ctx, table, tc.types, func(a *ColumnAppender) error {
					if err := a.Append(good); err != nil {
						return err
					}
					return a.Append(tc.batch)
				})
			})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			var n int64
			if err := db.QueryRow(ctx, `SELECT count(*) FROM c`).Scan(&n); err != nil || n != 0 {
				t.Errorf("%d rows kept after a failed transaction (%v)", n, err)
			}
		})
	}
}

func TestColumnarCancel(t *testing.T) {
	db := openColumnarDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	if err := db.ExecSQL(ctx, columnarTable); err != nil {
		t.Fatal(err)
	}
	b := columnarRows(5000)
	err := db.Tx(ctx, func(tx *Tx) error {
		return tx.AppendColumns(ctx, "c", columnarTypes, func(a *ColumnAppender) error {
			if err := a.Append(b); err != nil {
				return err
			}
			cancel()
			return a.Append(b)
		})
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// benchColumns is a raw_access_log-like batch: 500,000 rows of 11 number columns.
func benchColumns() *Batch {
	types := []ColumnType{BigInt, BigInt, BigInt, SmallInt, BigInt, BigInt, BigInt, BigInt, SmallInt, BigInt, BigInt}
	b := NewBatch(types...)
	x := uint64(88172645463325252)
	rnd := func(n uint64) int64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return int64(x % n) }
	for r := range 500000 {
		c := b.Cols
		c[0].Int64 = append(c[0].Int64, 7)
		c[1].Int64 = append(c[1].Int64, int64(r+1))
		c[2].Int64 = append(c[2].Int64, 1790000000000000+int64(r)*5000000)
		c[3].Int16 = append(c[3].Int16, 420)
		c[4].Int64 = append(c[4].Int64, rnd(50000)*7919)
		c[5].Int64 = append(c[5].Int64, rnd(3000)*104729)
		c[6].Int64 = append(c[6].Int64, rnd(50)*13)
		c[7].Int64 = append(c[7].Int64, rnd(500)*31)
		c[8].Int16 = append(c[8].Int16, int16(200+rnd(3)*100))
		c[9].Int64 = append(c[9].Int64, rnd(100000))
		c[10].Int64 = append(c[10].Int64, rnd(100000))
		if r%100 == 0 {
			c[9].SetNull(r)
		}
	}
	return b
}

// BenchmarkAppend500k compares the column appender with the driver's row appender on
// 500,000 rows of 11 number columns, committed: the DuckDB side of an access-log load.
func BenchmarkAppend500k(b *testing.B) {
	batch := benchColumns()
	const table = `CREATE TABLE l (file_id BIGINT, line BIGINT, at_us BIGINT, off SMALLINT, client BIGINT, route BIGINT,
		ref BIGINT, agent BIGINT, status SMALLINT, bytes BIGINT, resp BIGINT)`
	for _, rowPath := range []bool{false, true} {
		name := "chunks"
		if rowPath {
			name = "rows"
		}
		b.Run(name, func(b *testing.B) {
			forceRowPath = rowPath
			defer func() { forceRowPath = false }()
			ctx := context.Background()
			for range b.N {
				b.StopTimer()
				db := openColumnarDB(b)
				if err := db.ExecSQL(ctx, table); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				err := db.Tx(ctx, func(tx *Tx) error {
					return tx.AppendColumns(ctx, "l", batch.Types, func(a *ColumnAppender) error { return a.Append(batch) })
				})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
		})
	}
}

// TestColumnarTables appends to two tables at once, batches interleaved; a failure
// in one drops the rows of both.
func TestColumnarTables(t *testing.T) {
	ctx := context.Background()
	db := openColumnarDB(t)
	if err := db.ExecSQL(ctx, `CREATE TABLE a (i BIGINT); CREATE TABLE b (s VARCHAR, f BOOLEAN)`); err != nil {
		t.Fatal(err)
	}
	tables := []ColumnTable{{"a", []ColumnType{BigInt}}, {"b", []ColumnType{Varchar, Boolean}}}
	load := func(fail bool) error {
		return db.Tx(ctx, func(tx *Tx) error {
			return tx.AppendTables(ctx, tables, func(as []*ColumnAppender) error {
				for i := range 3 {
					ba, bb := NewBatch(BigInt), NewBatch(Varchar, Boolean)
					for r := range 1000 {
						ba.Cols[0].Int64 = append(ba.Cols[0].Int64, int64(i*1000+r))
						bb.Cols[0].String = append(bb.Cols[0].String, fmt.Sprintf("row %d of batch %d", r, i))
						bb.Cols[1].Bool = append(bb.Cols[1].Bool, r%2 == 0)
					}
					if fail && i == 2 {
						bb.Cols[1].Bool = bb.Cols[1].Bool[:10]
					}
					if err := as[0].Append(ba); err != nil {
						return err
					}
					if err := as[1].Append(bb); err != nil {
						return err
					}
				}
				return nil
			})
		})
	}
	counts := func() string {
		var s string
		db.QueryRow(ctx, `SELECT (SELECT count(*) || ' ' || sum(i) FROM a) || ' ' || (SELECT count(*) FILTER (f) FROM b)`).Scan(&s)
		return s
	}
	if err := load(true); err == nil || !strings.Contains(err.Error(), "append b: column 2 (BOOLEAN) has 10 values") {
		t.Errorf("a ragged batch: %v", err)
	}
	if got := counts(); got != "" {
		t.Errorf("after a failed load: %q, want no rows", got)
	}
	if err := load(false); err != nil {
		t.Fatal(err)
	}
	if got := counts(); got != "3000 4498500 1500" {
		t.Errorf("counts %q", got)
	}
}
