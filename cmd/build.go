package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"reformindex/ingest"
	"reformindex/transform"
)

type buildOptions struct {
	*globalOptions
	Through     string
	IndexConfig string
	FromLake    string
}

func newBuildCmd(g *globalOptions, runF func(context.Context, *buildOptions) error) *cobra.Command {
	opts := &buildOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "build",
		Short: "Compute metrics, the reform index and ranks for every month, quarter, year and year to date",
		Long: `Run the SQL transforms (sql/transform/*.sql, in order): per-commune and per-province
metrics of SPEC §4 for every month, quarter, year and year to date with data (2026-10,
2026-Q4, 2026, 2026-ytd-10 = January–October; docs/periods.md); the reform index; ranks
within the province, rank change against the previous period of the same kind, bands,
low_volume; 12-month trends; the explanation of each index change by component; data-quality
notes; the pre-2025 communes for periods before 1 July 2025 (scorecard_pre2025); the
reconciliation with loaded portal snapshots; integrity flags.

--index-config names an embedded preset — default (SPEC §4.1) or 766-portal (the national
portal's six groups) — or a YAML file in the same shape (docs/index.md). A preset name wins
over a file of the same name: write ./766-portal for the file.

--from-lake DIR first replaces the database's dossiers with those of a Parquet lake written by
reform export --parquet (DIR/dossiers/province=…/month=…; docs/lake.md), so that a ministry
can merge the lakes of several provinces, copied side by side, and rebuild every metric, index
and rank from them. Use a database of its own: one that holds dossiers from reform ingest
dossiers is refused rather than double counted.`,
		Example: `  reform build
  reform build --through 2026-10
  reform build --index-config 766-portal
  reform build --index-config my-index.yaml
  reform --db national.duckdb build --from-lake lake/`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Through != "" && !isMonth(opts.Through) {
				return usageErrorf("--through %q is not a month like 2026-10", opts.Through)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return buildRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Through, "through", "", "last month to build (YYYY-MM); default: the last month with data")
	c.Flags().StringVar(&opts.FromLake, "from-lake", "", "load the dossiers of this Parquet lake (reform export --parquet) before building")
	c.Flags().StringVar(&opts.IndexConfig, "index-config", "", "index preset ("+strings.Join(transform.PresetNames(), ", ")+") or YAML file; default: default")
	return c
}

func buildRun(ctx context.Context, opts *buildOptions, out io.Writer) error {
	cfg, err := loadIndexConfig(opts.IndexConfig)
	if err != nil {
		return err
	}
	db, err := opts.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	log := opts.logger()
	start := time.Now()
	if opts.FromLake != "" {
		sum, err := ingest.Lake(ctx, db, opts.FromLake, clock())
		if err != nil {
			return err
		}
		log.Info("lake loaded", "dir", opts.FromLake, "files", sum.Files, "dossiers", sum.Dossiers,
			"partitions", sum.Months, "provinces", strings.Join(sum.Provinces, ","), "seconds", time.Since(start).Seconds())
		if !opts.Quiet {
			fmt.Fprintf(out, "loaded %d dossiers from %d files of %s (%d province-months; provinces %s)\n",
				sum.Dossiers, sum.Files, opts.FromLake, sum.Months, strings.Join(sum.Provinces, ", "))
		}
	}
	res, err := transform.Run(ctx, db, transform.Options{
		Index:   cfg,
		Through: opts.Through,
		Step: func(table string, d time.Duration) {
			log.Info("built", "table", table, "seconds", d.Seconds())
		},
	})
	if err != nil {
		return err
	}
	var months, quarters, years int
	var first, last string
	err = db.QueryRow(ctx, `SELECT count(*) FILTER (period_kind = 'month'), count(*) FILTER (period_kind = 'quarter'),
		count(*) FILTER (period_kind = 'year'), coalesce(min(period) FILTER (period_kind = 'month'), ''),
		coalesce(max(period) FILTER (period_kind = 'month'), '') FROM periods`).Scan(&months, &quarters, &years, &first, &last)
	if err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(out, "built %d tables in %.1fs: %d months (%s to %s), %d quarters, %d years\n",
			len(res.Tables), time.Since(start).Seconds(), months, first, last, quarters, years)
	}
	return nil
}

// loadIndexConfig reads the index configuration --index-config names: an embedded preset,
// else a file; nil for the default.
func loadIndexConfig(name string) (*transform.IndexConfig, error) {
	if name == "" {
		return nil, nil
	}
	b, ok := transform.Preset(name)
	if !ok {
		var err error
		if b, err = os.ReadFile(name); err != nil {
			return nil, fmt.Errorf("--index-config %s: %w\nhint: a YAML file, or a preset: %s", name, unwrapPath(err), strings.Join(transform.PresetNames(), ", "))
		}
	}
	cfg, err := transform.ParseIndexConfig(b)
	if err != nil {
		return nil, fmt.Errorf("--index-config %s: %w", name, err)
	}
	cfg.Name = name
	return cfg, nil
}

func isMonth(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil && len(s) == 7
}
