package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"reformindex/ingest"
	"reformindex/sql"
)

// globalOptions are the flags every command has (SPEC §1).
type globalOptions struct {
	DB        string
	TZ        string
	Quiet     bool
	LogFormat string
	MemLimit  string

	stderr io.Writer
	loc    *time.Location
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// Execute runs the command line args and returns the process exit code.
func Execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stderr)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	c, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var se *silentError
	if !errors.As(err, &se) {
		fmt.Fprintf(stderr, "reform: %v\n", err)
	}
	var ue *usageError
	if errors.As(err, &ue) && c != nil {
		fmt.Fprintf(stderr, "\n%s", c.UsageString())
	}
	return exitCode(err)
}

func newRootCmd(stderr io.Writer) *cobra.Command {
	g := &globalOptions{stderr: stderr}
	root := &cobra.Command{
		Use:   "reform",
		Short: "Administrative-reform metrics and dashboards for Vietnamese communes",
		Long: `reform loads one-stop-shop dossier exports (hồ sơ thủ tục hành chính) into DuckDB,
computes per-commune online-submission and on-time rates and a reform index modelled on
Decision 766/QĐ-TTg, ranks communes within their province, and renders an offline HTML
dashboard bundle with a metrics.csv.`,
		Example: `  reform demo                                    # sample province → dashboard, in seconds
  reform ingest dossiers exports/2026-10.csv     # load a month's export
  reform build                                   # compute metrics, index and ranks
  reform report --period 2026-10 --out report    # write report/2026-10/index.html`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(c *cobra.Command, _ []string) error {
			if g.DB == "" {
				return usageErrorf("--db must not be empty")
			}
			loc, err := time.LoadLocation(g.TZ)
			if err != nil {
				return usageErrorf("--tz %q is not a known time zone (for example Asia/Ho_Chi_Minh)", g.TZ)
			}
			g.loc = loc
			switch g.LogFormat {
			case "text", "json":
			default:
				return usageErrorf("--log-format must be text or json, not %q", g.LogFormat)
			}
			return nil
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErrorf("%v", err) })
	root.PersistentFlags().StringVar(&g.DB, "db", envOr("REFORM_DB", "reform.duckdb"), "DuckDB database file (env REFORM_DB)")
	root.PersistentFlags().StringVar(&g.TZ, "tz", "Asia/Ho_Chi_Minh", "time zone of local dates, months and day boundaries")
	root.PersistentFlags().BoolVarP(&g.Quiet, "quiet", "q", false, "print errors only")
	root.PersistentFlags().StringVar(&g.LogFormat, "log-format", "text", "log format on stderr: text or json")
	root.PersistentFlags().StringVar(&g.MemLimit, "memory-limit", envOr("REFORM_MEMORY_LIMIT", ""), "DuckDB memory limit such as 4GB (env REFORM_MEMORY_LIMIT; default: DuckDB's, 80% of RAM)")

	ingestCmd := &cobra.Command{Use: "ingest", Short: "Load source files into the database", Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usageErrorf("ingest needs a subcommand: dossiers, logs or portal")
		}}
	ingestCmd.AddCommand(newIngestDossiersCmd(g, nil))
	ingestCmd.AddCommand(newIngestLogsCmd(g, nil))
	ingestCmd.AddCommand(newIngestPortalCmd(g, nil))
	unitsCmd := &cobra.Command{Use: "units", Short: "Administrative units: the official registry and agency crosswalks", Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return usageErrorf("units needs a subcommand: list or import")
		}}
	unitsCmd.AddCommand(newUnitsListCmd(g, nil), newUnitsImportCmd(g, nil))
	root.AddCommand(
		newDemoCmd(g, nil),
		newSampleCmd(g, nil),
		ingestCmd,
		unitsCmd,
		newBuildCmd(g, nil),
		newRunCmd(g, nil),
		newExportCmd(g, nil),
		newReportCmd(g, nil),
		newServeCmd(g, nil),
		newStatusCmd(g, nil),
		newRejectsCmd(g, nil),
		newQueryCmd(g, nil),
		newLogsCmd(g, nil),
	)
	return root
}

// logger writes structured progress logs on stderr; silent with --quiet.
func (g *globalOptions) logger() *slog.Logger {
	if g.Quiet {
		return slog.New(slog.DiscardHandler)
	}
	if g.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(g.stderr, nil))
	}
	return slog.New(slog.NewTextHandler(g.stderr, nil))
}

// open opens the database for writing and makes sure its schema and registry exist.
func (g *globalOptions) open(ctx context.Context) (*sql.DB, error) {
	db, err := sql.Open(ctx, g.DB, sql.Options{TZ: g.TZ, MemoryLimit: g.MemLimit})
	if err != nil {
		return nil, err
	}
	if err := ingest.Prepare(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare database %s: %w", g.DB, err)
	}
	return db, nil
}

// openRead opens an existing database read-only.
func (g *globalOptions) openRead(ctx context.Context) (*sql.DB, error) {
	if _, err := os.Stat(g.DB); err != nil {
		return nil, fmt.Errorf("database %s does not exist\nhint: load data first with reform ingest dossiers, or pass --db", g.DB)
	}
	return sql.Open(ctx, g.DB, sql.Options{TZ: g.TZ, ReadOnly: true, MemoryLimit: g.MemLimit})
}

func isLocked(err error) bool {
	var le *sql.LockedError
	return errors.As(err, &le)
}

// isTerminal reports whether w is a character device (a terminal), where progress is shown.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress returns a callback that redraws one progress line on a terminal, or nil.
func (g *globalOptions) progress(label string) func(done, total int64) {
	if g.Quiet || !isTerminal(g.stderr) {
		return nil
	}
	return func(done, total int64) {
		pct := 100.0
		if total > 0 {
			pct = 100 * float64(done) / float64(total)
		}
		width := 30
		n := int(pct / 100 * float64(width))
		fmt.Fprintf(g.stderr, "\r%s [%s%s] %5.1f%%", label, strings.Repeat("█", n), strings.Repeat("·", width-n), pct)
		if done >= total {
			fmt.Fprint(g.stderr, "\r\033[K")
		}
	}
}
