package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"reformindex/sql"
)

// Unit is a commune of the official registry.
type Unit struct {
	ProvinceCode, ProvinceName string
	DistrictCode, DistrictName string // pre-2025 units only
	Code, Name, Type           string
}

// Communes lists the communes of the embedded registry in registry order: the 2025
// units, or the pre-2025 ones with pre2025; all provinces when province is "".
func Communes(province string, pre2025 bool) []Unit {
	name, fields := "registry/units_2025.csv", 5
	if pre2025 {
		name, fields = "registry/units_pre2025.csv", 7
	}
	b, err := registryFiles.ReadFile(name)
	if err != nil {
		panic(err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = fields
	recs, err := r.ReadAll()
	if err != nil {
		panic(fmt.Sprintf("embedded %s: %v", name, err))
	}
	var units []Unit
	for _, rec := range recs[1:] {
		if province != "" && rec[0] != province {
			continue
		}
		for i := range rec {
			rec[i] = norm.NFC.String(rec[i])
		}
		u := Unit{ProvinceCode: rec[0], ProvinceName: rec[1]}
		if pre2025 {
			u.DistrictCode, u.DistrictName, u.Code, u.Name, u.Type = rec[2], rec[3], rec[4], rec[5], rec[6]
		} else {
			u.Code, u.Name, u.Type = rec[2], rec[3], rec[4]
		}
		units = append(units, u)
	}
	return units
}

// ErrBadCrosswalk is the cause of crosswalk file errors.
var ErrBadCrosswalk = errors.New("bad crosswalk")

// ImportCrosswalk stores a crosswalk CSV with header agency_code,unit_code (electronic
// agency ids such as H44.104 → 5-digit GSO commune codes). Every unit_code must be a
// commune of the registry; the whole file is refused otherwise, with each bad line named.
// A later import of the same agency code wins.
func ImportCrosswalk(ctx context.Context, db *sql.DB, path string, now time.Time) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	known := map[string]bool{}
	for _, pre := range []bool{false, true} {
		for _, u := range Communes("", pre) {
			known[u.Code] = true
		}
	}
	r := csv.NewReader(f)
	r.FieldsPerRecord = 2
	header, err := r.Read()
	if err != nil {
		return 0, fmt.Errorf("line 1: %w", err)
	}
	h0 := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(header[0])), "\ufeff")
	if h0 != "agency_code" || strings.ToLower(strings.TrimSpace(header[1])) != "unit_code" {
		return 0, fmt.Errorf("line 1: %w: header must be agency_code,unit_code, got %q", ErrBadCrosswalk, strings.Join(header, ","))
	}
	type pair struct{ agency, unit string }
	var pairs []pair
	var errs []error
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		agency, unit := strings.TrimSpace(rec[0]), normalizeUnitCode(strings.TrimSpace(rec[1]))
		switch {
		case agency == "":
			errs = append(errs, fmt.Errorf("line %d: %w: empty agency_code", line, ErrBadCrosswalk))
		case !known[unit]:
			errs = append(errs, fmt.Errorf("line %d: %w: unit_code %q is not a commune of the registry", line, ErrBadCrosswalk, rec[1]))
		default:
			pairs = append(pairs, pair{agency, unit})
		}
	}
	if len(errs) > 0 {
		return 0, joinLimited(errs, 10)
	}
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		return tx.Append(ctx, "ref_agency_units", func(a *sql.Appender) error {
			for _, p := range pairs {
				if err := a.AppendRow(p.agency, p.unit, now); err != nil {
					return err
				}
			}
			return nil
		})
	})
	return len(pairs), err
}

// joinLimited joins up to max errors and says how many more there were.
func joinLimited(errs []error, max int) error {
	if len(errs) <= max {
		return errors.Join(errs...)
	}
	return errors.Join(append(errs[:max:max], fmt.Errorf("and %d more", len(errs)-max))...)
}
