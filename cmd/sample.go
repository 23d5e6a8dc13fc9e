package cmd

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

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
	Logs             bool // also write access logs of the province's public-service portal
	RequestsPerMonth int
	now              func() time.Time
}

func newSampleCmd(g *globalOptions, runF func(context.Context, *sampleOptions) error) *cobra.Command {
	opts := &sampleOptions{globalOptions: g, now: clock}
	c := &cobra.Command{
		Use:   "sample",
		Short: "Write synthetic but realistic dossier exports (and portal access logs) for the real communes of a province",
		Long: `Write one canonical CSV export per month for every commune of a real province, as a
one-stop system would export them: dossiers received in the month plus earlier dossiers that
changed in it, varied channel mixes, late shares, fees, carry-overs and a few bad rows. The
same flags and --seed always give the same bytes.

With --logs, also write one access log per month of the province's public-service portal
(access_<province>_<YYYY-MM>.log, the earlier months gzip-compressed): Apache combined
format with the response time, following the default sites file of reform ingest logs —
citizens on phones and computers, returning visitors, commune offices, crawlers, scanners,
online submissions, a few outages and truncated lines.`,
		Example: `  reform sample --province 25 --months 12 --out exports
  reform sample --province 01 --months 3 --from 2026-08 --dossiers-per-month 100 --seed 7 --out exports
  reform sample --province 25 --months 1 --logs --requests-per-month 500000 --out bench`,
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
			if opts.RequestsPerMonth < 0 || opts.RequestsPerMonth > 50_000_000 {
				return usageErrorf("--requests-per-month must be between 0 and 50000000")
			}
			if c.Flags().Changed("requests-per-month") && !opts.Logs {
				return usageErrorf("--requests-per-month needs --logs")
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			_, _, err := sampleRun(opts, c.OutOrStdout())
			return err
		},
	}
	c.Flags().StringVar(&opts.Province, "province", "25", "2-digit province code (25 = Phú Thọ)")
	c.Flags().IntVar(&opts.Months, "months", 12, "number of months")
	c.Flags().StringVar(&opts.From, "from", "", "first month YYYY-MM (default: the months ending with last month)")
	c.Flags().IntVar(&opts.DossiersPerMonth, "dossiers-per-month", 0, "mean dossiers per commune per month (default about 300)")
	c.Flags().Int64Var(&opts.Seed, "seed", 1, "random seed")
	c.Flags().StringVar(&opts.Out, "out", "", "folder to write the exports to")
	c.Flags().BoolVar(&opts.Logs, "logs", false, "also write the portal's access logs, one per month")
	c.Flags().IntVar(&opts.RequestsPerMonth, "requests-per-month", 0, "lines of each monthly access log (default 15000)")
	return c
}

// sampleRun writes the sample files and returns the paths of the dossier exports and
// of the access logs (none without --logs).
func sampleRun(opts *sampleOptions, out io.Writer) (dossiers, logs []string, err error) {
	communes := ingest.Communes(opts.Province, false)
	if len(communes) == 0 {
		return nil, nil, fmt.Errorf("no province %s in the registry\nhint: reform units list shows every code", opts.Province)
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
		return nil, nil, err
	}
	if opts.Logs {
		logs, err = sample.WriteLogs(opts.Out, units, sample.LogOptions{
			Province:         opts.Province,
			Months:           opts.Months,
			From:             from,
			RequestsPerMonth: opts.RequestsPerMonth,
			Seed:             opts.Seed,
			Location:         opts.loc,
			Gzip:             true,
			Host:             portalHost(communes[0].ProvinceName),
		})
		if err != nil {
			return nil, nil, err
		}
	}
	if !opts.Quiet {
		fmt.Fprintf(out, "wrote %d files for %d communes of %s to %s\n", len(paths)+len(logs), len(units), communes[0].ProvinceName, opts.Out)
	}
	return paths, logs, nil
}

// portalHost is the usual host of a province's public-service portal:
// "Tỉnh Phú Thọ" → dichvucong.phutho.gov.vn.
func portalHost(province string) string {
	name := strings.ToLower(province)
	for _, p := range []string{"tỉnh ", "thành phố "} {
		name = strings.TrimPrefix(name, p)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case r == 'đ':
			b.WriteByte('d')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return "dichvucong." + b.String() + ".gov.vn"
}
