package transform

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"reformindex/sql"
)

// Options configure [Run].
type Options struct {
	Index   *IndexConfig // nil: the embedded default
	Through string       // last month to build, "YYYY-MM"; empty: the last month with data
	// Step, when set, is called after each transform with its table and duration.
	Step func(table string, d time.Duration)
}

// Result lists the tables built, in order, and how each transform went.
type Result struct {
	Tables []string
	Steps  []Step // one per transform, in run order
}

// Step is one transform as it ran: its file, the table it built, that table's rows, and the
// wall-clock time it took, its commit included. `reform build` logs them; they show where a
// build spends its time (BENCHMARKS.md, "Pipeline").
type Step struct {
	File     string
	Table    string
	Rows     int64
	Duration time.Duration
}

var monthRE = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

// Run fills the cfg_* tables and runs every transform in order.
func Run(ctx context.Context, db *sql.DB, o Options) (Result, error) {
	var res Result
	cfg := o.Index
	if cfg == nil {
		var err error
		if cfg, err = ParseIndexConfig(DefaultIndexConfig()); err != nil {
			panic(err) // the embedded default is valid; a test checks it
		}
		cfg.Name = "default"
	}
	var through any
	if o.Through != "" {
		if !monthRE.MatchString(o.Through) {
			return res, fmt.Errorf("--through %q is not a month like 2026-10", o.Through)
		}
		through = o.Through + "-01"
	}
	if ok, err := db.TableExists(ctx, "raw_dossiers"); err != nil {
		return res, err
	} else if !ok {
		return res, fmt.Errorf("no dossiers loaded in %s\nhint: run reform ingest dossiers FILE... first", db.Path)
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error { return loadConfig(ctx, tx, cfg, through) })
	if err != nil {
		return res, err
	}
	for _, name := range sql.Files("transform") {
		table := TableOf(name)
		start := time.Now()
		if err := db.Tx(ctx, func(tx *sql.Tx) error { return tx.Exec(ctx, name) }); err != nil {
			return res, err
		}
		ok, err := db.TableExists(ctx, table)
		if err != nil {
			return res, err
		}
		if !ok {
			return res, fmt.Errorf("%s did not create table %s", name, table)
		}
		elapsed := time.Since(start)
		step := Step{File: name, Table: table, Duration: elapsed}
		if err := db.QueryRow(ctx, "SELECT count(*) FROM "+sql.QuoteIdent(table)).Scan(&step.Rows); err != nil {
			return res, fmt.Errorf("count %s: %w", table, err)
		}
		if o.Step != nil {
			o.Step(table, elapsed)
		}
		res.Tables = append(res.Tables, table)
		res.Steps = append(res.Steps, step)
	}
	return res, nil
}

// loadConfig creates the cfg_* tables and the shared macros (sql/config/*.sql) and fills
// the tables from the index configuration and the build options.
func loadConfig(ctx context.Context, tx *sql.Tx, cfg *IndexConfig, through any) error {
	for _, f := range []string{"config/build_config.sql", "config/macros.sql"} {
		if err := tx.Exec(ctx, f); err != nil {
			return err
		}
	}
	name := cfg.Name
	if name == "" {
		name = "(unnamed)"
	}
	if err := tx.ExecSQL(ctx, `INSERT INTO cfg_build (low_volume_below, through_month, index_config, explain_max_dossiers)
		VALUES (?, CAST(? AS DATE), ?, ?)`, cfg.LowVolumeBelow, through, name, *cfg.ExplainMaxDossiers); err != nil {
		return err
	}
	for i, g := range cfg.groupRows() {
		if err := tx.ExecSQL(ctx, `INSERT INTO cfg_index_groups (ord, group_key, label_vi, label_en, points, portal_endpoint)
			VALUES (?, ?, ?, ?, ?, NULLIF(?, ''))`, i+1, g.Key, g.LabelVI, g.LabelEN, g.Points, g.Portal); err != nil {
			return err
		}
	}
	for i, c := range cfg.Components {
		group := c.Group
		if group == "" {
			group = c.Key
		}
		if err := tx.ExecSQL(ctx, `INSERT INTO cfg_index_components
			(ord, component, label_vi, label_en, metric, points, full_at, scoring, factor, na_policy, group_key, target, source)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''))`,
			i+1, c.Key, c.LabelVI, c.LabelEN, c.Metric, c.Points, c.FullAt, c.Scoring, c.Factor, c.NA, group, c.Target, c.Source); err != nil {
			return err
		}
	}
	for _, b := range cfg.Bands {
		if err := tx.ExecSQL(ctx, `INSERT INTO cfg_bands VALUES (?, ?)`, b.Min, b.Label); err != nil {
			return err
		}
	}
	r := cfg.Reconcile
	if err := tx.ExecSQL(ctx, `INSERT INTO cfg_reconcile VALUES (?, ?, ?)`,
		*r.CountTolerancePct, *r.RatioTolerance, *r.ScoreTolerance); err != nil {
		return err
	}
	in := cfg.Integrity
	from, to, _ := strings.Cut(in.OfficeHours, "-")
	days := make([]string, len(in.OfficeDays))
	for i, d := range in.OfficeDays {
		days[i] = strconv.Itoa(d)
	}
	return tx.ExecSQL(ctx, `INSERT INTO cfg_integrity VALUES (?, ?, ?, ?, CAST(? AS TIME), CAST(? AS TIME),
		CAST(string_split(?, ',') AS INTEGER[]))`,
		*in.OnlineJumpPoints, *in.QuickMinutes, *in.QuickSharePct, *in.MinDossiers, from, to, strings.Join(days, ","))
}

// TableOf is the table a transform file creates: "transform/030_unit_metrics.sql" → "unit_metrics".
func TableOf(file string) string {
	base := strings.TrimSuffix(path.Base(file), ".sql")
	if i := strings.IndexByte(base, '_'); i >= 0 {
		return base[i+1:]
	}
	return base
}
