package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"reformindex/ingest"
	"reformindex/reports"
	"reformindex/sql"
	"reformindex/transform"
)

type runOptions struct {
	*globalOptions
	Period        string
	Inbox         string
	Out           string
	Province      string
	Lang          string
	Source        string
	MaxRejectRate float64
	Wait          bool
	IndexConfig   string
	now           func() time.Time
}

func newRunCmd(g *globalOptions, runF func(context.Context, *runOptions) error) *cobra.Command {
	opts := &runOptions{globalOptions: g, now: clock}
	c := &cobra.Command{
		Use:   "run",
		Short: "The monthly job: ingest new inbox files, build, and publish the bundle atomically",
		Long: `Ingest the files of --inbox that are not loaded yet (sorted by name; files loaded before are
recognised by content and skipped), build every metric, render the bundle for --period into a
temporary folder beside the target and publish it by renaming: a failed or killed run never
leaves a half-written bundle and keeps the previous one. Safe to re-run.

Exit codes: 0 published; 1 failure (nothing published); 3 a file's reject share was above
--max-reject-rate (the bundle is published with the good rows; the rejects are listed by
reform rejects); 4 the database is held by another process (use --wait to wait for it).
Logs go to stderr, one line per stage with its timing and counts (--log-format json for
machines).`,
		Example: `  reform run --period 2026-10 --inbox /srv/reform/inbox --out /srv/reform/www --db /srv/reform/reform.duckdb
  reform run --period 2026-Q4 --inbox inbox --out www --wait --log-format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			switch {
			case opts.Period == "":
				return usageErrorf("--period is required (2026-10, 2026-Q3 or 2026)")
			case !periodRE.MatchString(opts.Period):
				return usageErrorf("--period %q is not a month (2026-10), quarter (2026-Q3) or year (2026)", opts.Period)
			case opts.Inbox == "":
				return usageErrorf("--inbox is required")
			case opts.Out == "":
				return usageErrorf("--out is required")
			case opts.Province != "" && !isProvinceCode(opts.Province):
				return usageErrorf("--province %q is not a 2-digit province code such as 25", opts.Province)
			case opts.Lang != "vi" && opts.Lang != "en":
				return usageErrorf("--lang must be vi or en, not %q", opts.Lang)
			case opts.MaxRejectRate < 0 || opts.MaxRejectRate > 1:
				return usageErrorf("--max-reject-rate must be between 0 and 1, not %v", opts.MaxRejectRate)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return runRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Period, "period", "", "period to publish: 2026-10, 2026-Q3 or 2026")
	c.Flags().StringVar(&opts.Inbox, "inbox", "", "folder of dossier exports to ingest")
	c.Flags().StringVar(&opts.Out, "out", "", "folder the bundle is published to, as OUT/PERIOD/")
	c.Flags().StringVar(&opts.Province, "province", "", "2-digit province code (default: every province with data)")
	c.Flags().StringVar(&opts.Lang, "lang", "vi", "language of the pages: vi or en")
	c.Flags().StringVar(&opts.Source, "source", "mot-cua", "name of the source system of the inbox files")
	c.Flags().Float64Var(&opts.MaxRejectRate, "max-reject-rate", 0.05, "exit 3 when a file's share of rejected rows is above this")
	c.Flags().StringVar(&opts.IndexConfig, "index-config", "", "index preset ("+strings.Join(transform.PresetNames(), ", ")+") or YAML file; default: default")
	c.Flags().BoolVar(&opts.Wait, "wait", false, "wait for another process holding the database instead of exiting 4")
	return c
}

// inboxExtensions are the file kinds run picks up from the inbox.
var inboxExtensions = []string{".csv", ".tsv", ".txt", ".xlsx", ".json", ".ndjson", ".jsonl", ".parquet"}

func inboxFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", unwrapPath(err))
	}
	var files []string
	for _, e := range entries {
		name := strings.ToLower(e.Name())
		if e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		name = strings.TrimSuffix(name, ".gz")
		for _, ext := range inboxExtensions {
			if strings.HasSuffix(name, ext) {
				files = append(files, filepath.Join(dir, e.Name()))
				break
			}
		}
	}
	sort.Strings(files)
	return files, nil
}

func runRun(ctx context.Context, opts *runOptions, out io.Writer) error {
	log := opts.logger()
	start := time.Now()
	cfg, err := loadIndexConfig(opts.IndexConfig)
	if err != nil {
		return err
	}
	files, err := inboxFiles(opts.Inbox)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	removeStaleTemps(opts.Out, log.Warn)
	db, err := opts.openWaiting(ctx, opts.Wait, func() { log.Info("waiting for the database", "db", opts.DB) })
	if err != nil {
		var le *sql.LockedError
		if errors.As(err, &le) {
			return fmt.Errorf("%w\nhint: another reform run may be in progress; --wait waits for it", err)
		}
		return err
	}
	defer db.Close()

	stage := time.Now()
	var read, loaded, skipped int64
	var over []string
	for _, path := range files {
		s, err := ingest.Dossiers(ctx, db, path, ingest.DossierOptions{Source: opts.Source, Location: opts.loc, Now: opts.now()})
		if err != nil {
			return fmt.Errorf("ingest %s: %w (nothing published)", path, unwrapPath(err))
		}
		if s.AlreadyLoaded {
			skipped++
			continue
		}
		loaded++
		read += s.Read
		log.Info("ingested", "file", path, "rows", s.Read, "new", s.New, "updated", s.Updated,
			"unchanged", s.Unchanged, "rejected", s.Rejected)
		if s.RejectRate() > opts.MaxRejectRate {
			over = append(over, fmt.Sprintf("%s: %.1f%% of rows rejected (threshold %.1f%%)", path, 100*s.RejectRate(), 100*opts.MaxRejectRate))
		}
	}
	log.Info("stage done", "stage", "ingest", "seconds", time.Since(stage).Seconds(), "files_loaded", loaded,
		"files_skipped", skipped, "rows", read)

	stage = time.Now()
	res, err := transform.Run(ctx, db, transform.Options{Index: cfg})
	if err != nil {
		return fmt.Errorf("build: %w (nothing published)", err)
	}
	log.Info("stage done", "stage", "build", "seconds", time.Since(stage).Seconds(), "tables", len(res.Tables))

	stage = time.Now()
	index, err := publish(ctx, db, opts)
	if err != nil {
		return fmt.Errorf("%w (nothing published; the previous bundle is kept)", err)
	}
	log.Info("stage done", "stage", "report", "seconds", time.Since(stage).Seconds(), "index", index)
	log.Info("run done", "period", opts.Period, "seconds", time.Since(start).Seconds())
	fmt.Fprintln(out, index)
	if len(over) > 0 {
		return &rejectedError{msg: strings.Join(over, "\n") + "\nhint: the bundle was published with the good rows; see reform rejects --file FILE"}
	}
	return nil
}

// publish renders the bundle into a temporary folder beside OUT/PERIOD and swaps it in.
func publish(ctx context.Context, db *sql.DB, opts *runOptions) (string, error) {
	tmp, err := os.MkdirTemp(opts.Out, ".reform-tmp-")
	if err != nil {
		return "", fmt.Errorf("output folder %s: %w", opts.Out, unwrapPath(err))
	}
	defer os.RemoveAll(tmp)
	res, err := reports.Write(ctx, db, tmp, reports.Options{
		Period: opts.Period, Province: opts.Province, Lang: opts.Lang, Now: opts.now(), Location: opts.loc,
	})
	if err != nil {
		// The temporary folder is gone when the user reads this: name the output folder.
		msg := strings.ReplaceAll(err.Error(), tmp+string(filepath.Separator), "")
		return "", fmt.Errorf("report into %s: %s", opts.Out, msg)
	}
	target := filepath.Join(opts.Out, opts.Period)
	if err := swapDir(filepath.Join(tmp, opts.Period), target); err != nil {
		return "", err
	}
	rel, err := filepath.Rel(tmp, res.Index)
	if err != nil {
		return "", err
	}
	return filepath.Join(opts.Out, rel), nil
}

// swapDir replaces dst by src with two renames; if the second fails the old dst is put back.
func swapDir(src, dst string) error {
	old := ""
	if _, err := os.Stat(dst); err == nil {
		old = filepath.Join(filepath.Dir(src), "previous")
		if err := os.Rename(dst, old); err != nil {
			return fmt.Errorf("publish %s: %w", dst, unwrapPath(err))
		}
	}
	if err := os.Rename(src, dst); err != nil {
		if old != "" {
			if rerr := os.Rename(old, dst); rerr != nil {
				return fmt.Errorf("publish %s: %w; the previous bundle is at %s", dst, unwrapPath(err), old)
			}
		}
		return fmt.Errorf("publish %s: %w", dst, unwrapPath(err))
	}
	return nil
}

// removeStaleTemps deletes the temporary folders of runs that were killed.
func removeStaleTemps(out string, warn func(msg string, args ...any)) {
	stale, _ := filepath.Glob(filepath.Join(out, ".reform-tmp-*"))
	for _, d := range stale {
		if err := os.RemoveAll(d); err != nil {
			warn("cannot remove a stale temporary folder", "path", d, "error", err.Error())
		}
	}
}

// openWaiting opens the database for writing; with wait it retries while another
// process holds it, calling waiting once.
func (g *globalOptions) openWaiting(ctx context.Context, wait bool, waiting func()) (*sql.DB, error) {
	told := false
	for {
		db, err := g.open(ctx)
		if err == nil || !wait || !isLocked(err) {
			return db, err
		}
		if !told {
			waiting()
			told = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
}
