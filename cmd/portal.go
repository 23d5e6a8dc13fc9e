package cmd

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"reformindex/ingest"
)

type ingestPortalOptions struct {
	*globalOptions
	Paths      []string
	Period     string
	Province   string
	Endpoint   string
	CapturedAt string
	captured   time.Time
	now        func() time.Time
}

func newIngestPortalCmd(g *globalOptions, runF func(context.Context, *ingestPortalOptions) error) *cobra.Command {
	opts := &ingestPortalOptions{globalOptions: g, now: clock}
	c := &cobra.Command{
		Use:   "portal FILE...",
		Short: "Load national-portal 766 evaluation snapshots (JSON) for reconciliation",
		Long: `Load responses of the national portal's 766 evaluation API (dichvucong.gov.vn,
/api/v1/reporting/evaluation/<endpoint>): the progress tree (dvc-progress-tree), online
services (provide-online-tree), online payment (formality-online-payment-tree), and others
in the same envelope with --endpoint. Every unit and numeric field is kept as given.

--period is required: the responses carry no year, and the payment tree not even a month.
When a file has a monthlyChart, its months with data must fall inside --period.

Each commune unit is matched to a 2025 commune of the province: by the crosswalk (reform
units import) when it knows the unit's code (H44.104), else by name — "UBND xã Hy Cương"
and a " - Tỉnh Phú Thọ" suffix stripped, case, tone-mark placement (Hòa = Hoà) and then
accents ignored. Name matches are added to the crosswalk, so dossiers keyed by the same
agency codes resolve. Units that match no commune are listed; fix them with reform units
import and load the file again under a new name or re-run reform build.
reform build then fills portal_evaluation and reconcile.`,
		Example: `  reform ingest portal --period 2026-08 phu-tho_progress_month.json phu-tho_payment_month.json
  reform ingest portal --period 2026-ytd-09 --captured-at 2026-09-26T18:14:00Z year.json
  reform ingest portal --period 2026-08 --endpoint dossier-digitized --province 25 digitized.json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("ingest portal needs at least one FILE")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths = args
			if opts.Period == "" {
				return usageErrorf("--period is required: the portal's responses do not say their year (2026-08, 2026-Q3, 2026 or 2026-ytd-09)")
			}
			if _, err := ingest.PortalPeriodMonths(opts.Period); err != nil {
				return usageErrorf("--period: %v", err)
			}
			if opts.Province != "" && !isProvinceCode(opts.Province) {
				return usageErrorf("--province %q is not a 2-digit province code such as 25", opts.Province)
			}
			if opts.Endpoint != "" && !isPortalEndpoint(opts.Endpoint) {
				return usageErrorf("--endpoint %q is not one of %s", opts.Endpoint, strings.Join(ingest.PortalEndpoints, ", "))
			}
			if opts.CapturedAt != "" {
				t, err := time.Parse(time.RFC3339, opts.CapturedAt)
				if err != nil {
					return usageErrorf("--captured-at %q is not a time like 2026-09-26T18:14:00Z", opts.CapturedAt)
				}
				opts.captured = t
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return ingestPortalRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Period, "period", "", "period the snapshots cover: 2026-08, 2026-Q3, 2026 or 2026-ytd-09 (required)")
	c.Flags().StringVar(&opts.Province, "province", "", "2-digit province code; default: matched on the snapshot's parent name")
	c.Flags().StringVar(&opts.Endpoint, "endpoint", "", "evaluation endpoint of the files; default: told by their fields")
	c.Flags().StringVar(&opts.CapturedAt, "captured-at", "", "when the snapshots were taken (RFC 3339); a snapshot taken before the period ended covers part of it")
	return c
}

func ingestPortalRun(ctx context.Context, opts *ingestPortalOptions, out io.Writer) error {
	db, err := opts.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return loadFiles(ctx, opts.globalOptions, opts.Paths, 1, "rows", out, func(_ int, path string) (fileLoad, error) {
		s, err := ingest.Portal(ctx, db, path, ingest.PortalOptions{
			Period:     opts.Period,
			Province:   opts.Province,
			Endpoint:   opts.Endpoint,
			CapturedAt: opts.captured,
			Now:        opts.now(),
		})
		if err == nil && len(s.Unmatched) > 0 {
			names := make([]string, len(s.Unmatched))
			for i, u := range s.Unmatched {
				names[i] = fmt.Sprintf("%s %s (%s)", u.Code, u.Name, u.Method)
			}
			fmt.Fprintf(opts.stderr, "reform: %s: %d communes not matched to the registry: %s\nhint: map them with reform units import crosswalk.csv (agency_code,unit_code)\n",
				path, len(s.Unmatched), strings.Join(names, "; "))
		}
		return fileLoad{fileID: s.FileID, alreadyLoaded: s.AlreadyLoaded, lines: []string{
			fmt.Sprintf("%s %s, province %s %s: %d units, %d communes, %d matched, %d not matched",
				s.Endpoint, s.Period, s.ProvinceCode, s.ProvinceName, s.Units, s.Communes, s.Matched, len(s.Unmatched))}}, err
	})
}

func isPortalEndpoint(s string) bool {
	for _, e := range ingest.PortalEndpoints {
		if e == s {
			return true
		}
	}
	return false
}
