package cmd

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"reformindex/reports"
)

func newStatusCmd(g *globalOptions, runF func(context.Context, *globalOptions) error) *cobra.Command {
	return &cobra.Command{
		Use:     "status",
		Short:   "Show what is loaded: files, rows, rejects, months covered, freshness",
		Example: `  reform status --db province.duckdb`,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(c.Context(), g)
			}
			return statusRun(c.Context(), g, c.OutOrStdout())
		},
	}
}

func statusRun(ctx context.Context, g *globalOptions, out io.Writer) error {
	db, err := g.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := reports.ReadStatus(ctx, db)
	if err != nil {
		return err
	}
	ts := func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(g.loc).Format("2006-01-02 15:04")
	}
	fmt.Fprintf(out, "database: %s\n", g.DB)
	fmt.Fprintf(out, "dossiers: %d (latest states), %d versions loaded, %d rejected values\n", s.Dossiers, s.Versions, s.Rejects)
	if s.FirstMonth != "" {
		fmt.Fprintf(out, "received: %s to %s\n", s.FirstMonth, s.LastMonth)
	}
	fmt.Fprintf(out, "freshness: last file loaded %s, latest event in the data %s\n", ts(s.LastLoaded), ts(s.DataUntil))
	if len(s.Periods) > 0 {
		fmt.Fprintf(out, "built months: %s to %s (%d)\n", s.Periods[0], s.Periods[len(s.Periods)-1], len(s.Periods))
	} else {
		fmt.Fprintln(out, "built months: none (run reform build)")
	}
	fmt.Fprintf(out, "files: %d\n", len(s.Files))
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "id\tloaded\tread\tnew\tupdated\tunchanged\trejected\tpath\t")
	for _, f := range s.Files {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t\n", f.ID, ts(f.LoadedAt), f.Read, f.New, f.Updated, f.Unchanged, f.Reject, f.Path)
	}
	return tw.Flush()
}

type rejectsOptions struct {
	*globalOptions
	File   string
	Limit  int
	Format string
}

func newRejectsCmd(g *globalOptions, runF func(context.Context, *rejectsOptions) error) *cobra.Command {
	opts := &rejectsOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "rejects",
		Short: "List rejected rows: file, line, column, raw value and reason",
		Example: `  reform rejects
  reform rejects --file exports/dossiers_25_2026-10.csv --format csv > rejects.csv`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Format != "table" && opts.Format != "csv" {
				return usageErrorf("--format must be table or csv, not %q", opts.Format)
			}
			if opts.Limit <= 0 {
				return usageErrorf("--limit must be positive")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return rejectsRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.File, "file", "", "only the rejects of this file (the path as it was loaded)")
	c.Flags().IntVar(&opts.Limit, "limit", 1000, "at most this many rows")
	c.Flags().StringVar(&opts.Format, "format", "table", "table or csv")
	return c
}

func rejectsRun(ctx context.Context, opts *rejectsOptions, out io.Writer) error {
	db, err := opts.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rs, err := reports.Rejects(ctx, db, opts.File, opts.Limit)
	if err != nil {
		return err
	}
	t := reports.Table{Columns: []string{"file", "line", "column", "value", "reason"}}
	for _, r := range rs {
		t.Rows = append(t.Rows, []any{r.Path, r.Line, r.Column, r.Value, r.Reason})
	}
	return writeTable(out, t, opts.Format)
}

type queryOptions struct {
	*globalOptions
	SQL    string
	Format string
}

func newQueryCmd(g *globalOptions, runF func(context.Context, *queryOptions) error) *cobra.Command {
	opts := &queryOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "query SQL",
		Short: "Run read-only SQL against the database",
		Long: `Run one SQL statement on a read-only connection. Useful tables: scorecard (every metric,
index and rank per level, period and unit), scorecard_pre2025, unit_metrics, index_components,
unit_trends, explain, explain_procedures, explain_dossiers, data_quality, integrity_flags,
reconcile, portal_evaluation, periods, raw_dossiers (latest state of each dossier),
raw_dossier_history, raw_rejects, load_files, ref_units, ref_agency_units; after reform ingest
logs, the portal_* tables (docs/sites.md).`,
		Example: `  reform query "SELECT unit_name, online_rate, ontime_rate, rank FROM scorecard WHERE period = '2026-10' AND level = 'commune' ORDER BY rank LIMIT 10"
  reform query --format csv "SELECT * FROM scorecard WHERE period = '2026-Q3'" > q3.csv`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("query needs exactly one SQL argument (quote it)")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.SQL = args[0]
			switch opts.Format {
			case "table", "csv", "json":
			default:
				return usageErrorf("--format must be table, csv or json, not %q", opts.Format)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return queryRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Format, "format", "table", "table, csv or json")
	return c
}

func queryRun(ctx context.Context, opts *queryOptions, out io.Writer) error {
	db, err := opts.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := reports.Query(ctx, db, opts.SQL)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return writeTable(out, t, opts.Format)
}

// writeTable prints t as an aligned table, CSV or a JSON array of objects.
func writeTable(out io.Writer, t reports.Table, format string) error {
	switch format {
	case "csv":
		w := csv.NewWriter(out)
		w.Write(t.Columns)
		for _, r := range t.Rows {
			rec := make([]string, len(r))
			for i, v := range r {
				rec[i] = formatValue(v)
			}
			w.Write(rec)
		}
		w.Flush()
		return w.Error()
	case "json":
		objs := make([]map[string]any, 0, len(t.Rows))
		for _, r := range t.Rows {
			o := make(map[string]any, len(r))
			for i, v := range r {
				if tm, ok := v.(time.Time); ok {
					v = tm.Format(time.RFC3339)
				}
				o[t.Columns[i]] = v
			}
			objs = append(objs, o)
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(objs)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(t.Columns, "\t"))
	for _, r := range t.Rows {
		rec := make([]string, len(r))
		for i, v := range r {
			rec[i] = strings.NewReplacer("\t", " ", "\n", " ").Replace(formatValue(v))
		}
		fmt.Fprintln(tw, strings.Join(rec, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(out, "(%d rows)\n", len(t.Rows))
	return err
}

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case time.Time:
		return x.Format(time.RFC3339)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}
