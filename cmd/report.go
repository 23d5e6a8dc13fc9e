package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"time"

	"github.com/spf13/cobra"

	"reformindex/reports"
)

type reportOptions struct {
	*globalOptions
	Period   string
	Units    string
	Out      string
	Province string
	Lang     string
	Targets  string
	now      func() time.Time
}

var periodRE = regexp.MustCompile(`^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-ytd-(0[1-9]|1[0-2]))?$`)

func newReportCmd(g *globalOptions, runF func(context.Context, *reportOptions) error) *cobra.Command {
	opts := &reportOptions{globalOptions: g, now: clock}
	c := &cobra.Command{
		Use:   "report",
		Short: "Render the offline dashboard bundle and metrics.csv for a period",
		Long: `Render DIR/P/index.html (province overview and ranking), DIR/P/communes/<code>.html (one page
per commune), DIR/P/metrics.csv, DIR/P/explain.csv (why each commune's index moved, by
component), DIR/P/metrics.xlsx, DIR/P/data/*.parquet (the scorecard and index components),
DIR/P/reconcile.csv and reconcile.html (when a portal snapshot of P is loaded),
DIR/P/portal.html (use of the public-service portal, when access logs cover P: traffic by day
and hour, errors and outages, devices, procedures from page view to submission, communes) and
DIR/P/assets/ for period P: a month (2026-10), a quarter (2026-Q3), a year (2026) or a year
to date (2026-ytd-10: January–October 2026). metrics.csv has the SPEC columns, then
portal_visitors, portal_page_views, portal_mobile_share, portal_error_rate and
portal_submissions (empty without access logs). The bundle works with no network; every page
uses its one assets/ folder. With several provinces in the database, DIR/P/index.html lists
them and each has its pages and exports in DIR/P/<province_code>/. Pages compare figures with
targets: by default online rate ≥ 50 % and on-time rate ≥ 95 %; --targets FILE replaces them
(same shape as reports/targets.yaml). Open the bundle from disk, or with reform serve --dir DIR.

--units pre2025 renders a period that ends by 30 June 2025 on the units before the
reorganisation of 1 July 2025 into DIR/P/pre2025/: index.html ranks the old districts and the
old communes grouped by district (rank within the district and within the old province,
filter by district), communes/<old_code>.html has one page per old commune, and metrics.csv
the SPEC columns (rank within the old province) then district_code, district_name,
rank_in_district, rank_in_province, province_code_2025 and rank_in_province_2025. With several
old provinces, DIR/P/pre2025/index.html lists them and each has its bundle in
DIR/P/pre2025/<old_province_code>/; --province then names an old province. It shares
DIR/P/assets/ with the 2025 bundle of P.`,
		Example: `  reform report --period 2026-10 --out report
  reform report --period 2026-Q3 --province 25 --lang en
  reform report --period 2026-ytd-10
  reform report --period 2026-10 --targets targets.yaml
  reform report --period 2025-03 --units pre2025 --province 26`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Period == "" {
				return usageErrorf("--period is required (2026-10, 2026-Q3, 2026 or 2026-ytd-10)")
			}
			if !periodRE.MatchString(opts.Period) {
				return usageErrorf("--period %q is not a month (2026-10), quarter (2026-Q3), year (2026) or year to date (2026-ytd-10)", opts.Period)
			}
			if opts.Province != "" && !isProvinceCode(opts.Province) {
				return usageErrorf("--province %q is not a 2-digit province code such as 25", opts.Province)
			}
			if opts.Lang != "vi" && opts.Lang != "en" {
				return usageErrorf("--lang must be vi or en, not %q", opts.Lang)
			}
			switch opts.Units {
			case "2025":
			case "pre2025":
				if old, _ := reports.Pre2025Period(opts.Period); !old { // periodRE has checked the syntax
					return usageErrorf("--units pre2025 needs a period that ends by June 2025 (the communes and districts were reorganised on 1 July 2025); %s ends later\nhint: pick a month up to 2025-06, a quarter up to 2025-Q2, a year up to 2024 or 2025-ytd-06", opts.Period)
				}
			default:
				return usageErrorf("--units must be 2025 or pre2025, not %q", opts.Units)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return reportRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Period, "period", "", "period to report: 2026-10, 2026-Q3, 2026 or 2026-ytd-10")
	c.Flags().StringVar(&opts.Out, "out", "report", "output folder; the bundle goes to OUT/PERIOD/")
	c.Flags().StringVar(&opts.Units, "units", "2025", "administrative units: 2025, or pre2025 for the communes and districts before 1 July 2025")
	c.Flags().StringVar(&opts.Province, "province", "", "2-digit province code, pre-2025 with --units pre2025 (default: every province with data)")
	c.Flags().StringVar(&opts.Lang, "lang", "vi", "language of the pages: vi or en")
	c.Flags().StringVar(&opts.Targets, "targets", "", "targets YAML replacing the default targets (online_rate ≥ 50, ontime_rate ≥ 95)")
	return c
}

func reportRun(ctx context.Context, opts *reportOptions, out io.Writer) error {
	var targets []reports.Target
	if opts.Targets != "" {
		b, err := os.ReadFile(opts.Targets)
		if err != nil {
			return err
		}
		if targets, err = reports.ParseTargets(b); err != nil {
			return fmt.Errorf("%s: %w", opts.Targets, err)
		}
	}
	db, err := opts.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := reports.Write(ctx, db, opts.Out, reports.Options{
		Period:   opts.Period,
		Units:    opts.Units,
		Province: opts.Province,
		Lang:     opts.Lang,
		Targets:  targets,
		Now:      opts.now(),
		Location: opts.loc,
		Progress: opts.progress("rendering"),
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, res.Index)
	return nil
}
