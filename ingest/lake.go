package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"

	"reformindex/sql"
)

// LakeSummary is what [Lake] loaded.
type LakeSummary struct {
	Files     int      // partition files read
	Dossiers  int64    // dossiers loaded
	Provinces []string // province codes present
	Months    int      // distinct (province, month) partitions
}

// ErrNotLakeOnly means the database already holds dossiers from reform ingest dossiers,
// which a lake load would double.
var ErrNotLakeOnly = errors.New("the database already holds dossiers loaded by reform ingest dossiers")

var lakeTemplate = template.Must(template.New("lake_load.sql").Parse(sql.File("ingest/lake_load.sql")))

// lakeRequired are the dossier columns a lake must have (docs/lake.md).
var lakeRequired = []string{"source", "dossier_code", "unit_code", "procedure_code", "procedure_name",
	"channel", "status", "received_at", "due_at", "finish_at", "fee_amount", "paid_online", "e_result",
	"digitized", "complaint", "province_code"}

// Lake replaces the dossiers of the database with those of the Parquet lake in dir (the
// layout reform export --parquet writes: dir/dossiers/province=…/month=…/*.parquet), so that a
// build recomputes every metric, index and rank from them. Lakes of several provinces copied
// side by side load together. Dossiers loaded from a lake before are replaced; a database
// that holds dossiers from reform ingest dossiers is refused ([ErrNotLakeOnly]). Everything
// loads in one transaction.
func Lake(ctx context.Context, db *sql.DB, dir string, now time.Time) (LakeSummary, error) {
	var s LakeSummary
	root := filepath.Join(dir, "dossiers")
	files, err := lakeFiles(root)
	if err != nil {
		return s, err
	}
	if len(files) == 0 {
		return s, fmt.Errorf("%s: no Parquet files under %s (expected %s/province=CODE/month=YYYY-MM/*.parquet)\nhint: write a lake with reform export --parquet %s",
			dir, root, root, dir)
	}
	var ingested int64
	err = db.QueryRow(ctx, `SELECT count(*) FROM raw_dossiers d JOIN load_files f USING (file_id) WHERE f.kind <> 'lake'`).Scan(&ingested)
	if err != nil {
		return s, err
	}
	if ingested > 0 {
		return s, fmt.Errorf("%w (%d rows in %s): build --from-lake rebuilds from the lake alone\nhint: use a new database, e.g. reform --db national.duckdb build --from-lake %s",
			ErrNotLakeOnly, ingested, db.Path, dir)
	}
	quoted := make([]string, len(files))
	for i, f := range files {
		quoted[i] = sql.QuoteString(f)
	}
	list := "[" + strings.Join(quoted, ", ") + "]"
	columns, err := lakeColumns(ctx, db, list)
	if err != nil {
		return s, fmt.Errorf("%s: %w", root, err)
	}
	for _, c := range lakeRequired {
		if !columns[c] {
			return s, fmt.Errorf("%s: the dossier files have no column %q (docs/lake.md lists the columns)", root, c)
		}
	}
	load := render(lakeTemplate, struct {
		Files string
		Has   map[string]bool
	}{list, columns})

	err = db.Tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM raw_dossiers WHERE file_id IN (SELECT file_id FROM load_files WHERE kind = 'lake')`,
			`DELETE FROM raw_dossier_superseded WHERE file_id IN (SELECT file_id FROM load_files WHERE kind = 'lake')`,
			`DELETE FROM raw_rejects WHERE file_id IN (SELECT file_id FROM load_files WHERE kind = 'lake')`,
			`DELETE FROM load_files WHERE kind = 'lake'`,
			`CREATE OR REPLACE TEMP TABLE lake_files (file_id BIGINT, path VARCHAR)`,
		} {
			if err := tx.ExecSQL(ctx, q); err != nil {
				return err
			}
		}
		for _, f := range files {
			info, err := os.Stat(f)
			if err != nil {
				return err
			}
			var id int64
			if err := tx.QueryRow(ctx, `SELECT nextval('load_file_seq')`).Scan(&id); err != nil {
				return err
			}
			// A lake file is identified by its path and size: its rows are replaced on every
			// load, so no content hash is needed to skip it.
			if err := tx.ExecSQL(ctx, `INSERT INTO load_files VALUES (?, 'lake', ?, '', ?, 'lake', 'lake', ?, 0, 0, 0, 0, 0)`,
				id, f, info.Size(), now); err != nil {
				return err
			}
			if err := tx.ExecSQL(ctx, `INSERT INTO temp.lake_files VALUES (?, ?)`, id, f); err != nil {
				return err
			}
		}
		if err := tx.ExecSQL(ctx, load); err != nil {
			return fmt.Errorf("%s: lake_load.sql: %w", root, err)
		}
		if err := lakeChecks(ctx, tx); err != nil {
			return fmt.Errorf("%s: %w", root, err)
		}
		err := tx.ExecSQL(ctx, `UPDATE load_files f SET rows_read = n, rows_new = n
			FROM (SELECT file_id, count(*) AS n FROM raw_dossiers GROUP BY file_id) c
			WHERE c.file_id = f.file_id AND f.kind = 'lake'`)
		if err != nil {
			return err
		}
		return tx.ExecSQL(ctx, `DROP TABLE temp.lake_files`)
	})
	if err != nil {
		return s, err
	}
	s.Files = len(files)
	err = db.QueryRow(ctx, `SELECT count(*) FROM raw_dossiers d JOIN load_files f USING (file_id) WHERE f.kind = 'lake'`).Scan(&s.Dossiers)
	if err != nil {
		return s, err
	}
	partitions := map[string]bool{}
	for _, f := range files {
		province, month := hiveValue(f, "province"), hiveValue(f, "month")
		partitions[province+"/"+month] = true
		if province != "" && !slices.Contains(s.Provinces, province) {
			s.Provinces = append(s.Provinces, province)
		}
	}
	slices.Sort(s.Provinces)
	s.Months = len(partitions)
	return s, nil
}

// hiveValue is the value of the key=value folder of path, or "".
func hiveValue(path, key string) string {
	for _, part := range strings.Split(filepath.ToSlash(path), "/") {
		if v, ok := strings.CutPrefix(part, key+"="); ok {
			return v
		}
	}
	return ""
}

// lakeChecks refuses a lake whose dossiers would not rebuild: the same dossier twice (two
// copies of a province's folders) or a unit the registry does not know.
func lakeChecks(ctx context.Context, tx *sql.Tx) error {
	var n int64
	var source, code, first, second string
	err := tx.QueryRow(ctx, `SELECT count(*), coalesce(min(source), ''), coalesce(min(dossier_code), ''),
			coalesce(min(first), ''), coalesce(min(second), '')
		FROM (SELECT d.source, d.dossier_code, min(f.path) AS first, max(f.path) AS second
		      FROM raw_dossiers d JOIN load_files f USING (file_id)
		      GROUP BY d.source, d.dossier_code HAVING count(*) > 1)`).Scan(&n, &source, &code, &first, &second)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%d dossiers are in the lake twice, e.g. %q of source %q in %s and %s: copy each province's folders once",
			n, code, source, first, second)
	}
	var unit, path string
	err = tx.QueryRow(ctx, `SELECT count(*), coalesce(min(d.unit_code), ''), coalesce(min(f.path), '')
		FROM raw_dossiers d JOIN load_files f USING (file_id)
		WHERE d.unit_code NOT IN (SELECT unit_code FROM ref_units)
		  AND d.unit_code NOT IN (SELECT old_code FROM ref_unit_conversion)`).Scan(&n, &unit, &path)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%d dossiers have unit codes the registry does not know, e.g. %q in %s", n, unit, path)
	}
	return nil
}

// lakeFiles lists the Parquet files under root, sorted.
func lakeFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".parquet") {
			files = append(files, p)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	slices.Sort(files)
	return files, err
}

// lakeColumns returns the column names of the Parquet files in list.
func lakeColumns(ctx context.Context, db *sql.DB, list string) (map[string]bool, error) {
	rows, err := db.QuerySQL(ctx, `SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(`+list+
		`, hive_partitioning = true, hive_types = {'province': VARCHAR, 'month': VARCHAR}, union_by_name = true))`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols[c] = true
	}
	return cols, rows.Err()
}
