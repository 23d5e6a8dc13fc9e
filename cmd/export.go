package cmd

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"reformindex/reports"
)

type exportOptions struct {
	*globalOptions
	Parquet string
}

func newExportCmd(g *globalOptions, runF func(context.Context, *exportOptions) error) *cobra.Command {
	opts := &exportOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "export",
		Short: "Export dossiers, metrics and index as a Hive-partitioned Parquet lake",
		Long: `Write DIR/dossiers, DIR/metrics and DIR/index as Parquet partitioned by province and month
(DIR/metrics/province=25/month=2026-10/part_0.parquet), whose schemas are documented in
docs/lake.md; Spark SQL and Trino read them as they are. Each province can export its own
partitions and a ministry can merge the folders. Run reform build first.`,
		Example: "  reform export --parquet lake\n" +
			"  spark-sql -e \"SELECT * FROM parquet.`lake/metrics` WHERE province = '25'\"",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Parquet == "" {
				return usageErrorf("--parquet DIR is required")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return exportRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Parquet, "parquet", "", "folder of the Parquet lake")
	return c
}

func exportRun(ctx context.Context, opts *exportOptions, out io.Writer) error {
	db, err := opts.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	dirs, err := reports.ExportLake(ctx, db, opts.Parquet)
	if err != nil {
		return fmt.Errorf("export %s: %w", opts.Parquet, err)
	}
	if !opts.Quiet {
		for _, d := range dirs {
			fmt.Fprintln(out, d)
		}
	}
	return nil
}
