package cmd

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"reformindex/ingest"
	"reformindex/sample"
)

type sampleOptions struct {
	*globalOptions
	Province         string
	Months           int
	From             string
	DossiersPerMonth int
	Seed             int64
	Out              string
	now              func() time.Time
}

func newSampleCmd(g *globalOptions, runF func(context.Context, *sampleOptions) error) *cobra.Command {
	opts := &sampleOptions{globalOptions: g, now: time.Now}
	c := &cobra.Command{
		Use:   "sample",
		Short: "Write synthetic but realistic dossier exports for the real communes of a province",
		Long: `Write one canonical CSV export per month for every commune of a real province, as a
one-stop system would export them: dossiers received in the month plus earlier dossiers that
changed in it, varied channel mixes, late shares, fees, carry-overs and a few bad rows. The
same flags and --seed always give the same bytes.`,
		Example: `  reform sample --province 25 --months 12 --out exports
  reform sample --province 01 --months 3 --from 2026-08 --dossiers-per-month 100 --seed 7 --out exports`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if !isProvinceCode(opts.Province) {
				return usageErrorf("--province must be a 2-digit province code such as 25")
			}
			if opts.Months < 1 || opts.Months > 120 {
				return usageErrorf("--months must be between 1 and 120")
			}
			if opts.From != "" && !isMonth(opts.From) {
				return usageErrorf("--from %q is not a month like 2026-01", opts.From)
			}
			if opts.DossiersPerMonth < 0 {
				return usageErrorf("--dossiers-per-month must not be negative")
			}
			if opts.Out == "" {
				return usageErrorf("--out is required")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			_, err := sampleRun(opts, c.OutOrStdout())
			return err
		},
	}
	c.Flags().StringVar(&opts.Province, "province", "25", "2-digit province code (25 = Phú Thọ)")
	c.Flags().IntVar(&opts.Months, "months", 12, "number of months")
	c.Flags().StringVar(&opts.From, "from", "", "first month YYYY-MM (default: the months ending with last month)")
	c.Flags().IntVar(&opts.DossiersPerMonth, "dossiers-per-month", 0, "mean dossiers per commune per month (default about 300)")
	c.Flags().Int64Var(&opts.Seed, "seed", 1, "random seed")
	c.Flags().StringVar(&opts.Out, "out", "", "folder to write the exports to")
	return c
}

func sampleRun(opts *sampleOptions, out io.Writer) ([]string, error) {
	communes := ingest.Communes(opts.Province, false)
	if len(communes) == 0 {
		return nil, fmt.Errorf("no province %s in the registry\nhint: reform units list shows every code", opts.Province)
	}
	from := opts.From
	if from == "" {
		now := opts.now().In(opts.loc)
		first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, opts.loc).AddDate(0, -opts.Months, 0)
		from = first.Format("2006-01")
	}
	units := make([]sample.Unit, len(communes))
	for i, u := range communes {
		units[i] = sample.Unit{Code: u.Code, Name: u.Name}
	}
	paths, err := sample.Write(opts.Out, units, sample.Options{
		Province:         opts.Province,
		Months:           opts.Months,
		From:             from,
		DossiersPerMonth: opts.DossiersPerMonth,
		Seed:             opts.Seed,
		Location:         opts.loc,
	})
	if err != nil {
		return nil, err
	}
	if !opts.Quiet {
		fmt.Fprintf(out, "wrote %d files for %d communes of %s to %s\n", len(paths), len(units), communes[0].ProvinceName, opts.Out)
	}
	return paths, nil
}
