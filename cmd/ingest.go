package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"reformindex/ingest"
)

type ingestDossiersOptions struct {
	*globalOptions
	Paths         []string
	Source        string
	Profile       string
	Encoding      string
	Sheet         string
	MaxRejectRate float64
	now           func() time.Time
}

func newIngestDossiersCmd(g *globalOptions, runF func(context.Context, *ingestDossiersOptions) error) *cobra.Command {
	opts := &ingestDossiersOptions{globalOptions: g, now: clock}
	c := &cobra.Command{
		Use:   "dossiers FILE...",
		Short: "Load dossier exports: CSV, XLSX, JSON, NDJSON, Parquet, gzipped or not",
		Long: `Load dossier exports (one row per dossier) into the database.

Formats: CSV or TSV (delimiter , ; tab or |, found from the header), XLSX (the sheet whose
header maps, title rows above it skipped; --sheet forces one), JSON arrays, NDJSON and
Parquet, each also as .gz. Text encodings: UTF-8 with or without BOM, UTF-16 with BOM,
Windows-1258; detected, or forced with --encoding.

A profile maps the file's columns onto the canonical ones (SPEC §3.1): generic (the
canonical names), vn-headers (Vietnamese titles such as "Mã hồ sơ", "Ngày tiếp nhận"),
dvcqg (the national portal's sync fields MaHoSo, NgayTiepNhan, ...), or a YAML file
that extends one of them (docs/profiles.md). By default the profile is picked by the
header, and the summary says which.

Each file loads in one transaction. A file already loaded (same bytes) changes nothing.
The latest state of each dossier wins (by updated_at, then by load order); every state is
kept in the history. Bad rows are kept with their line, column, value and reason
(see reform rejects); the good rows of the file still load. Personal columns (ChuHoSo,
SoGiayToChuHoSo, SoDienThoai, Email, DiaChi, ...) are never read.`,
		Example: `  reform ingest dossiers exports/dossiers_25_2026-09.csv exports/dossiers_25_2026-10.csv
  reform ingest dossiers --max-reject-rate 0.01 exports/*.csv
  reform ingest dossiers --profile vn-headers "Báo cáo hồ sơ tháng 10.xlsx"
  reform ingest dossiers --profile my-vendor.yaml --encoding windows-1258 export.txt
  reform ingest dossiers dvcqg-sync-2026-10.ndjson.gz`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageErrorf("ingest dossiers needs at least one FILE")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Paths = args
			if opts.MaxRejectRate < 0 || opts.MaxRejectRate > 1 {
				return usageErrorf("--max-reject-rate must be between 0 and 1, not %v", opts.MaxRejectRate)
			}
			if opts.Source == "" || strings.TrimSpace(opts.Source) != opts.Source {
				return usageErrorf("--source must be a non-empty name without surrounding spaces")
			}
			if !slices.Contains(ingest.Encodings(), opts.Encoding) {
				return usageErrorf("--encoding must be one of %s, not %q", strings.Join(ingest.Encodings(), ", "), opts.Encoding)
			}
			if opts.Profile != "auto" {
				if _, err := ingest.LoadProfile(opts.Profile); err != nil {
					return usageErrorf("--profile: %v", err)
				}
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return ingestDossiersRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Source, "source", "mot-cua", "name of the source system; a dossier is identified by (source, dossier_code)")
	c.Flags().StringVar(&opts.Profile, "profile", "auto", "column layout: auto (picked by the header), "+strings.Join(ingest.BuiltinProfiles(), ", ")+", or a profile .yaml file")
	c.Flags().StringVar(&opts.Encoding, "encoding", "auto", "text encoding: "+strings.Join(ingest.Encodings(), ", "))
	c.Flags().StringVar(&opts.Sheet, "sheet", "", "XLSX sheet to read (default: the sheet whose header maps)")
	c.Flags().Float64Var(&opts.MaxRejectRate, "max-reject-rate", 0.05, "exit 3 when a file's share of rejected rows is above this (its good rows are still kept)")
	return c
}

func ingestDossiersRun(ctx context.Context, opts *ingestDossiersOptions, out io.Writer) error {
	db, err := opts.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return loadFiles(ctx, opts.globalOptions, opts.Paths, opts.MaxRejectRate, "rows", out, func(_ int, path string) (fileLoad, error) {
		s, err := ingest.Dossiers(ctx, db, path, ingest.DossierOptions{
			Source:   opts.Source,
			Location: opts.loc,
			Now:      opts.now(),
			Profile:  opts.Profile,
			Encoding: opts.Encoding,
			Sheet:    opts.Sheet,
			Progress: opts.progress(path),
		})
		f := fileLoad{fileID: s.FileID, alreadyLoaded: s.AlreadyLoaded, rejectRate: s.RejectRate()}
		if how := readAs(s); how != "" {
			f.lines = append(f.lines, "read as "+how)
		}
		f.lines = append(f.lines, fmt.Sprintf("%d rows read, %d new, %d updated, %d unchanged, %d rejected",
			s.Read, s.New, s.Updated, s.Unchanged, s.Rejected))
		if len(s.Ignored) > 0 {
			f.lines = append(f.lines, "columns not read: "+strings.Join(s.Ignored, ", "))
		}
		return f, err
	})
}

// fileLoad is what loading one file tells the loop that loads them all.
type fileLoad struct {
	fileID        int64
	alreadyLoaded bool
	rejectRate    float64  // share of the rows or lines rejected
	lines         []string // what was loaded, printed after the file's name unless --quiet
}

// loadFiles loads each path in turn with load and says what it did. A file that cannot be
// loaded is named on stderr with the cause and the next one loads (exit 1 at the end); a
// file with a share of rejected rows (unit: "rows", "lines") above maxRejectRate keeps its
// good ones and gives exit 3 at the end; an interrupt or a locked database stops at once.
func loadFiles(ctx context.Context, g *globalOptions, paths []string, maxRejectRate float64, unit string, out io.Writer,
	load func(i int, path string) (fileLoad, error)) error {
	var failed int
	var over []string
	for i, path := range paths {
		f, err := load(i, path)
		if err != nil {
			if ctx.Err() != nil || isLocked(err) {
				return err
			}
			failed++
			fmt.Fprintf(g.stderr, "reform: ingest %s: %v\n", path, unwrapPath(err))
			continue
		}
		if f.rejectRate > maxRejectRate {
			over = append(over, fmt.Sprintf("%s: %.1f%% of %s rejected (threshold %.1f%%)", path, 100*f.rejectRate, unit, 100*maxRejectRate))
		}
		switch {
		case g.Quiet:
		case f.alreadyLoaded:
			fmt.Fprintf(out, "%s: already loaded (file #%d), nothing changed\n", path, f.fileID)
		default:
			for _, l := range f.lines {
				fmt.Fprintf(out, "%s: %s\n", path, l)
			}
		}
	}
	if len(over) > 0 {
		return &rejectedError{msg: strings.Join(over, "\n") + "\nhint: see the reasons with reform rejects --file FILE; the good " + unit + " were kept"}
	}
	if failed > 0 {
		return &silentError{code: exitError}
	}
	return nil
}

// readAs says how a file was read when it is not the default (canonical UTF-8 CSV):
// "XLSX sheet "Hồ sơ", profile vn-headers (picked by the header)".
func readAs(s ingest.Summary) string {
	if s.Format == "csv" && s.Profile == "generic" && s.Encoding == ingest.EncodingUTF8 {
		return ""
	}
	var parts []string
	format := strings.ToUpper(strings.TrimSuffix(s.Format, ".gz"))
	if strings.HasSuffix(s.Format, ".gz") {
		format = "gzipped " + format
	}
	if s.Sheet != "" {
		format += fmt.Sprintf(" sheet %q", s.Sheet)
	}
	parts = append(parts, format)
	if s.Encoding != "" && s.Encoding != ingest.EncodingUTF8 {
		parts = append(parts, s.Encoding)
	}
	p := "profile " + s.Profile
	if s.Picked {
		p += " (picked by the header)"
	}
	return strings.Join(append(parts, p), ", ")
}

// unwrapPath drops the path from an *fs.PathError, since the caller names the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
