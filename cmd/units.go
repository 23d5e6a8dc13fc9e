package cmd

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"reformindex/ingest"
)

type unitsListOptions struct {
	*globalOptions
	Province string
	Pre2025  bool
}

func newUnitsListCmd(g *globalOptions, runF func(context.Context, *unitsListOptions) error) *cobra.Command {
	opts := &unitsListOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "list",
		Short: "List the communes of the official registry",
		Example: `  reform units list --province 25          # the 148 communes of Phú Thọ
  reform units list --province 25 --pre2025 # its communes before 1 July 2025`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if opts.Province != "" && !isProvinceCode(opts.Province) {
				return usageErrorf("--province %q is not a 2-digit province code such as 25", opts.Province)
			}
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return unitsListRun(opts, c.OutOrStdout())
		},
	}
	c.Flags().StringVar(&opts.Province, "province", "", "2-digit province code (all provinces when empty)")
	c.Flags().BoolVar(&opts.Pre2025, "pre2025", false, "list the communes before the 2025 reorganisation")
	return c
}

func unitsListRun(opts *unitsListOptions, out io.Writer) error {
	units := ingest.Communes(opts.Province, opts.Pre2025)
	if len(units) == 0 {
		return fmt.Errorf("no province %s in the registry\nhint: reform units list shows every code", opts.Province)
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	if opts.Pre2025 {
		fmt.Fprintln(tw, "province_code\tdistrict_code\tdistrict_name\tunit_code\tunit_name")
		for _, u := range units {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.ProvinceCode, u.DistrictCode, u.DistrictName, u.Code, u.Name)
		}
	} else {
		fmt.Fprintln(tw, "province_code\tprovince_name\tunit_code\tunit_name")
		for _, u := range units {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.ProvinceCode, u.ProvinceName, u.Code, u.Name)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if !opts.Quiet {
		fmt.Fprintf(opts.stderr, "%d communes\n", len(units))
	}
	return nil
}

type unitsImportOptions struct {
	*globalOptions
	Path string
}

func newUnitsImportCmd(g *globalOptions, runF func(context.Context, *unitsImportOptions) error) *cobra.Command {
	opts := &unitsImportOptions{globalOptions: g}
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Import an agency-id crosswalk (agency_code,unit_code)",
		Long: `Import a CSV crosswalk from electronic agency ids (mã định danh, e.g. H44.104) to 5-digit
GSO commune codes. Dossiers whose unit_code is such an agency id are then counted for that
commune. A later import of the same agency code wins.`,
		Example: `  reform units import crosswalk.csv`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("units import needs exactly one FILE")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.Path = args[0]
			if runF != nil {
				return runF(c.Context(), opts)
			}
			return unitsImportRun(c.Context(), opts, c.OutOrStdout())
		},
	}
	return c
}

func unitsImportRun(ctx context.Context, opts *unitsImportOptions, out io.Writer) error {
	db, err := opts.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := ingest.ImportCrosswalk(ctx, db, opts.Path, clock())
	if err != nil {
		return fmt.Errorf("units import %s: %w", opts.Path, unwrapPath(err))
	}
	if !opts.Quiet {
		fmt.Fprintf(out, "%s: %d agency codes imported\n", opts.Path, n)
	}
	return nil
}

func isProvinceCode(s string) bool {
	return len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'
}
