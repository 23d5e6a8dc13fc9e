package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"reformindex/ingest"
	"reformindex/reports"
)

type ingestLogsOptions struct {
	*globalOptions
	Paths         []string
	Format        string
	SitesPath     string
	MaxRejectRate float64
	now           func() time.Time
}

func newIngestLogsCmd(g *globalOptions, runF func(context.Context, *ingestLogsOptions) error) *cobra.Command {
	opts := &ingestLogsOptions{globalOptions: g, now: clock}
	c := &cobra.Command{
		Use:   "logs FILE...",
		Short: "Load web access logs of the public-service portal",
		Long: `Load web server access logs (Apache/nginx combined, common, vcombined, vcommon or JSON
lines; gzip-compressed or not) into the database. The format is detected per file from its
first lines; --format names it. A trailing response time is read when present (Apache %D in
microseconds, nginx $request_time in seconds).

The sites file (--sites, default: the embedded one, see docs/sites.md) maps hosts and paths to
communes and procedures, names the submission endpoint, the static assets, the office
networks (assisted use) and the outage rules.

Client addresses are never stored: each is replaced by a keyed hash (HMAC-SHA256). The key
comes from REFORM_SECRET, else from the file <db>.secret beside the database, created on
first use with mode 0600. Keep it with the database: the same key must hash every log.

Each file loads in one transaction; a file already loaded (same bytes) changes nothing.
Load rotated files (access.log.1, access.log.2.gz …), not the one the server is still
writing: a file that has grown is another file, and its first part would count twice.
A malformed line is kept with its line, field and reason (reform rejects), never with its
client; the other lines still load.`,
		Example: `  reform ingest logs /var/log/nginx/access.log.1 /var/log/nginx/access.log.2.gz
  reform ingest logs --sites sites.yaml --format vcombined logs/*.log`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("ingest logs needs at least one FILE")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths = args
			if opts.Format != "auto" && !slices.Contains(ingest.LogFormats(), opts.Format) {
				return usageErrorf("--format must be auto, %s, not %q", strings.Join(ingest.LogFormats(), ", "), opts.Format)
			}
			if opts.MaxRejectRate < 0 || opts.MaxRejectRate > 1 {
				return usageErrorf("--max-reject-rate must be between 0 and 1, not %v", opts.MaxRejectRate)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return ingestLogsRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Format, "format", "auto", "log format: auto, "+strings.Join(ingest.LogFormats(), ", "))
	c.Flags().StringVar(&opts.SitesPath, "sites", "", "sites file mapping hosts and paths to communes and procedures (default: the embedded one)")
	c.Flags().Float64Var(&opts.MaxRejectRate, "max-reject-rate", 0.05, "exit 3 when a file's share of rejected lines is above this (its good lines are still kept)")
	return c
}

// logSecret is the key client addresses are hashed with: REFORM_SECRET, else the
// file <db>.secret, created on first use.
func logSecret(g *globalOptions) ([]byte, error) {
	if s := os.Getenv("REFORM_SECRET"); s != "" {
		if len(s) < ingest.MinSecretLen {
			return nil, usageErrorf("REFORM_SECRET must be at least %d characters long", ingest.MinSecretLen)
		}
		return []byte(s), nil
	}
	return ingest.Secret(g.DB + ".secret")
}

func ingestLogsRun(ctx context.Context, opts *ingestLogsOptions, out io.Writer) error {
	// Each file's hash (its identity: the same bytes never load twice) is computed
	// beside the work that comes before its load: the first while the database opens,
	// the next ones while the previous file loads.
	hashes := make([]*ingest.FileHash, len(opts.Paths))
	defer func() {
		for _, h := range hashes {
			if h != nil {
				h.Stop()
			}
		}
	}()
	if len(hashes) > 0 {
		hashes[0] = ingest.HashFile(opts.Paths[0])
	}
	sites, err := ingest.LoadSites(opts.SitesPath)
	if err != nil {
		return fmt.Errorf("sites %s: %w", opts.SitesPath, unwrapPath(err))
	}
	key, err := logSecret(opts.globalOptions)
	if err != nil {
		return err
	}
	db, err := opts.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	format := opts.Format
	if format == "auto" {
		format = ""
	}
	return loadFiles(ctx, opts.globalOptions, opts.Paths, opts.MaxRejectRate, "lines", out, func(i int, path string) (fileLoad, error) {
		if i+1 < len(opts.Paths) {
			hashes[i+1] = ingest.HashFile(opts.Paths[i+1])
		}
		s, err := ingest.AccessLog(ctx, db, path, ingest.AccessLogOptions{
			Hash:     hashes[i],
			Format:   format,
			Sites:    sites,
			Key:      key,
			Location: opts.loc,
			Now:      opts.now(),
			Progress: opts.progress(path),
		})
		return fileLoad{fileID: s.FileID, alreadyLoaded: s.AlreadyLoaded, rejectRate: s.RejectRate(), lines: []string{
			fmt.Sprintf("%s, %d lines, %d requests (%s of pages mapped to a commune, %s by bots, %s from offices), %d rejected",
				formatName(s.Format), s.Lines, s.Requests, pct(s.Mapped, s.Pages), pct(s.Bots, s.Requests),
				pct(s.Office, s.Requests), s.Rejected)}}, err
	})
}

func pct(n, of int64) string {
	if of == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

// formatName names a detected format; an empty file has none.
func formatName(s string) string {
	if s == "" {
		return "empty"
	}
	return s
}

// newLogsCmd groups the commands that read the loaded access logs.
func newLogsCmd(g *globalOptions, runF func(context.Context, *logsStatsOptions) error) *cobra.Command {
	c := &cobra.Command{
		Use:   "logs",
		Short: "Read the loaded access logs",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usageErrorf("logs needs a subcommand: stats")
		},
	}
	c.AddCommand(newLogsStatsCmd(g, runF))
	return c
}

type logsStatsOptions struct {
	*globalOptions
	From, To string
	Format   string
}

var dateRE = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`)

func newLogsStatsCmd(g *globalOptions, runF func(context.Context, *logsStatsOptions) error) *cobra.Command {
	opts := &logsStatsOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "stats",
		Short: "Totals of the loaded access logs, comparable with GoAccess's general panel",
		Long: `Print total_requests, valid_requests, failed_requests, unique_visitors, bandwidth (bytes),
start_date and end_date over every loaded access log, with GoAccess 1.7's definitions:
total = counted lines (empty and # lines are skipped), failed = lines that did not parse,
a unique visitor = the same client, log date and user agent among requests not answered
with a 4xx (crawlers included), bandwidth = the sum of response sizes. Dates are the log's
own dates, as written in it. --from and --to keep the requests of those log dates; failed
lines carry no trusted date and are then left out.`,
		Example: `  reform logs stats
  reform logs stats --from 2026-10-01 --to 2026-10-31 --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			for _, d := range []struct{ flag, v string }{{"--from", opts.From}, {"--to", opts.To}} {
				if d.v == "" {
					continue
				}
				if _, err := time.Parse(time.DateOnly, d.v); err != nil || !dateRE.MatchString(d.v) {
					return usageErrorf("%s %q is not a date like 2026-10-01", d.flag, d.v)
				}
			}
			if opts.From != "" && opts.To != "" && opts.To < opts.From {
				return usageErrorf("--to %s is before --from %s", opts.To, opts.From)
			}
			if opts.Format != "table" && opts.Format != "json" {
				return usageErrorf("--format must be table or json, not %q", opts.Format)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return logsStatsRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.From, "from", "", "first log date, YYYY-MM-DD")
	c.Flags().StringVar(&opts.To, "to", "", "last log date, YYYY-MM-DD")
	c.Flags().StringVar(&opts.Format, "format", "table", "table or json")
	return c
}

func logsStatsRun(ctx context.Context, opts *logsStatsOptions, out io.Writer) error {
	db, err := opts.openRead(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := reports.ReadLogStats(ctx, db, opts.From, opts.To)
	if err != nil {
		return err
	}
	if opts.Format == "json" {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	for _, kv := range []struct {
		k string
		v any
	}{
		{"total_requests", st.TotalRequests}, {"valid_requests", st.ValidRequests},
		{"failed_requests", st.FailedRequests}, {"unique_visitors", st.UniqueVisitors},
		{"bandwidth", st.Bandwidth}, {"start_date", dateOrDash(st.StartDate)}, {"end_date", dateOrDash(st.EndDate)},
	} {
		fmt.Fprintf(tw, "%s\t%v\n", kv.k, kv.v)
	}
	return tw.Flush()
}

func dateOrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
