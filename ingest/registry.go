package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"

	"reformindex/sql"
)

//go:embed registry/units_2025.csv registry/units_pre2025.csv registry/commune_mapping_2025.csv
var registryFiles embed.FS

// Prepare creates every table ingest writes (sql/ingest/schema*.sql) and, when the database does not hold
// this binary's copy of the official registry yet, (re)loads it.
func Prepare(ctx context.Context, db *sql.DB) error {
	if err := migrateHistory(ctx, db); err != nil {
		return err
	}
	for _, f := range sql.Files("ingest") {
		if strings.HasPrefix(f, "ingest/schema") {
			if err := db.Exec(ctx, f); err != nil {
				return err
			}
		}
	}
	version := registryVersion()
	var have string
	_ = db.QueryRow(ctx, `SELECT value FROM meta WHERE key = 'registry_version'`).Scan(&have)
	if have == version {
		return nil
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for _, t := range []string{"ref_units", "ref_units_pre2025", "ref_unit_conversion"} {
			if err := tx.ExecSQL(ctx, "DELETE FROM "+sql.QuoteIdent(t)); err != nil {
				return err
			}
		}
		if err := loadRegistryCSV(ctx, tx, "registry/units_2025.csv", "ref_units", 5, nil); err != nil {
			return err
		}
		if err := loadRegistryCSV(ctx, tx, "registry/units_pre2025.csv", "ref_units_pre2025", 7, nil); err != nil {
			return err
		}
		seq := map[string]int{}
		err := loadRegistryCSV(ctx, tx, "registry/commune_mapping_2025.csv", "ref_unit_conversion", 2,
			func(rec []string) []any {
				seq[rec[0]]++
				return []any{rec[0], rec[1], int32(seq[rec[0]])}
			})
		if err != nil {
			return err
		}
		return tx.ExecSQL(ctx, `INSERT OR REPLACE INTO meta VALUES ('registry_version', ?)`, version)
	})
}

// migrateHistory turns the raw_dossier_history table of older databases into
// raw_dossier_superseded (sql/ingest/migrate_history.sql); schema.sql then makes
// raw_dossier_history the view of every version.
func migrateHistory(ctx context.Context, db *sql.DB) error {
	var n int
	err := db.QueryRow(ctx, `SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'raw_dossier_history'`).Scan(&n)
	if err != nil || n == 0 {
		return err
	}
	return db.Tx(ctx, func(tx *sql.Tx) error { return tx.Exec(ctx, "ingest/migrate_history.sql") })
}

func registryVersion() string {
	h := sha256.New()
	for _, name := range []string{"registry/units_2025.csv", "registry/units_pre2025.csv", "registry/commune_mapping_2025.csv"} {
		b, _ := registryFiles.ReadFile(name)
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// loadRegistryCSV appends an embedded CSV (header skipped) to table; row maps a record
// to the values appended, or nil for the record as is.
func loadRegistryCSV(ctx context.Context, tx *sql.Tx, name, table string, fields int, row func([]string) []any) error {
	b, err := registryFiles.ReadFile(name)
	if err != nil {
		panic(err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = fields
	if _, err := r.Read(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return tx.Append(ctx, table, func(a *sql.Appender) error {
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			var vals []any
			if row != nil {
				vals = row(rec)
			} else {
				for _, f := range rec {
					vals = append(vals, norm.NFC.String(f))
				}
			}
			if err := a.AppendRow(vals...); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	})
}
