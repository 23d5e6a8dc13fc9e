package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
)

type demoOptions struct {
	*globalOptions
	Out      string
	Province string
	Months   int
	now      func() time.Time
}

func newDemoCmd(g *globalOptions, runF func(context.Context, *demoOptions) error) *cobra.Command {
	opts := &demoOptions{globalOptions: g, now: clock}
	c := &cobra.Command{
		Use:   "demo",
		Short: "Sample province → ingest → build → dashboard, in seconds, with no input",
		Long: `Generate 12 months of realistic sample exports and portal access logs for the 148 communes
of Phú Thọ, load them into a fresh database OUT/reform.duckdb, build the metrics and render the
dashboard of the latest month. Prints the path of index.html; open it in a browser (no network needed).`,
		Example: `  reform demo
  reform demo --out /tmp/reform-demo`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Out == "" {
				return usageErrorf("--out must not be empty")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return demoRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Out, "out", "demo", "folder for the sample exports, the database and the report")
	c.Flags().StringVar(&opts.Province, "province", "25", "2-digit province code")
	c.Flags().IntVar(&opts.Months, "months", 12, "months of sample data")
	return c
}

func demoRun(ctx context.Context, opts *demoOptions, out io.Writer) error {
	start := opts.now()
	g := *opts.globalOptions
	g.DB = filepath.Join(opts.Out, "reform.duckdb")
	for _, p := range []string{g.DB, g.DB + ".wal"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return err
	}
	log := g.logger()
	now := start.In(g.loc)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, g.loc).AddDate(0, -opts.Months, 0)
	last := first.AddDate(0, opts.Months-1, 0).Format("2006-01")
	quiet := g
	quiet.Quiet = true
	paths, logs, err := sampleRun(&sampleOptions{globalOptions: &quiet, Province: opts.Province, Months: opts.Months,
		From: first.Format("2006-01"), Seed: 1, Out: filepath.Join(opts.Out, "exports"), Logs: true}, io.Discard)
	if err != nil {
		return err
	}
	log.Info("sample written", "files", len(paths)+len(logs), "seconds", time.Since(start).Seconds())
	err = ingestDossiersRun(ctx, &ingestDossiersOptions{globalOptions: &quiet, Paths: paths, Source: "mot-cua",
		MaxRejectRate: 0.05, now: opts.now}, io.Discard)
	if err != nil {
		return err
	}
	err = ingestLogsRun(ctx, &ingestLogsOptions{globalOptions: &quiet, Paths: logs, Format: "auto",
		MaxRejectRate: 0.05, now: opts.now}, io.Discard)
	if err != nil {
		return err
	}
	log.Info("ingested", "files", len(paths)+len(logs), "seconds", time.Since(start).Seconds())
	if err := buildRun(ctx, &buildOptions{globalOptions: &quiet, Through: last}, io.Discard); err != nil {
		return err
	}
	log.Info("built", "seconds", time.Since(start).Seconds())
	var index bytesWriter
	err = reportRun(ctx, &reportOptions{globalOptions: &quiet, Period: last, Out: filepath.Join(opts.Out, "report"),
		Province: opts.Province, Lang: "vi", now: opts.now}, &index)
	if err != nil {
		return err
	}
	log.Info("report written", "period", last, "seconds", time.Since(start).Seconds())
	fmt.Fprint(out, string(index))
	return nil
}

type bytesWriter []byte

func (b *bytesWriter) Write(p []byte) (int, error) { *b = append(*b, p...); return len(p), nil }
