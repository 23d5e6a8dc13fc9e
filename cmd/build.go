package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"reformindex/transform"
)

type buildOptions struct {
	*globalOptions
	Through     string
	IndexConfig string
}

func newBuildCmd(g *globalOptions, runF func(context.Context, *buildOptions) error) *cobra.Command {
	opts := &buildOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "build",
		Short: "Compute metrics, the reform index and ranks for every month, quarter and year",
		Long: `Run the SQL transforms (sql/transform/*.sql, in order): per-commune and per-province
metrics of SPEC §4 for every month, quarter and year with data; the reform index of
SPEC §4.1 (default weights embedded; --index-config replaces them); ranks within the
province, rank change against the previous period of the same kind, bands, low_volume.`,
		Example: `  reform build
  reform build --through 2026-10
  reform build --index-config my-index.yaml`,
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
	c.Flags().StringVar(&opts.IndexConfig, "index-config", "", "index YAML replacing the embedded default weights")
	return c
}

func buildRun(ctx context.Context, opts *buildOptions, out io.Writer) error {
	var cfg *transform.IndexConfig
	if opts.IndexConfig != "" {
		b, err := os.ReadFile(opts.IndexConfig)
		if err != nil {
			return err
		}
		if cfg, err = transform.ParseIndexConfig(b); err != nil {
			return fmt.Errorf("%s: %w", opts.IndexConfig, err)
		}
	}
	db, err := opts.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	log := opts.logger()
	start := time.Now()
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

func isMonth(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil && len(s) == 7
}
