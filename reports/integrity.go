package reports

import (
	"context"

	"reformindex/sql"
)

// integrityFlag is one sign that online dossiers may have been filed at the counter
// (integrity_flags, docs/index.md): kept apart from the index.
type integrityFlag struct {
	Unit, Flag                 string
	Value, Threshold           sql.NullFloat64
	Dossiers, DossiersFlagged  sql.NullInt64
	OnlineRate, OnlineRatePrev sql.NullFloat64
}

// loadIntegrity reads the flags of one province and period; ok is false when the database
// has no integrity_flags table (the check did not run).
func loadIntegrity(ctx context.Context, db *sql.DB, province, period string) (flags []integrityFlag, ok bool, err error) {
	if ok, err = db.TableExists(ctx, "integrity_flags"); err != nil || !ok {
		return nil, ok, err
	}
	err = query(ctx, db, "reports/integrity_flags.sql", []any{province, period}, func(rows *sql.Rows) error {
		var f integrityFlag
		if err := rows.Scan(&f.Unit, &f.Flag, &f.Value, &f.Threshold, &f.Dossiers, &f.DossiersFlagged,
			&f.OnlineRate, &f.OnlineRatePrev); err != nil {
			return err
		}
		flags = append(flags, f)
		return nil
	})
	return flags, true, err
}

// integrityView is the index.html panel of integrity flags.
type integrityView struct {
	Checked bool // the database has the integrity_flags table
	Rows    []integrityRow
}

type integrityRow struct {
	Code, Name, Flag, Value, Threshold, Dossiers, OnlineRate string
	HasPage                                                  bool // the commune has a page in the bundle
}

func (w *words) integrity(flags []integrityFlag, checked bool, communes []unit) integrityView {
	v := integrityView{Checked: checked}
	names := map[string]string{}
	for _, u := range communes {
		names[u.Code] = u.Name
	}
	pct := func(x sql.NullFloat64) string {
		if !x.Valid {
			return "—"
		}
		return w.fixed(x.Float64) + "%"
	}
	for _, f := range flags {
		r := integrityRow{Code: f.Unit, Name: names[f.Unit], Flag: f.Flag, Value: "—", Threshold: "—", Dossiers: "—"}
		r.HasPage = r.Name != "" && safeName.MatchString(f.Unit)
		if r.Name == "" {
			r.Name = f.Unit
		}
		if s, ok := w.Flags[f.Flag]; ok {
			r.Flag = s
		}
		unit := "%"
		if f.Flag == "online_jump" {
			unit = w.PercentPoints
		}
		if f.Value.Valid {
			r.Value = w.fixed(f.Value.Float64) + unit
		}
		if f.Threshold.Valid {
			r.Threshold = w.number(f.Threshold.Float64) + unit
		}
		switch {
		case f.DossiersFlagged.Valid && f.Dossiers.Valid:
			r.Dossiers = w.count(f.DossiersFlagged.Int64) + " / " + w.count(f.Dossiers.Int64)
		case f.Dossiers.Valid:
			r.Dossiers = w.count(f.Dossiers.Int64)
		}
		r.OnlineRate = pct(f.OnlineRate)
		if f.OnlineRatePrev.Valid {
			r.OnlineRate = pct(f.OnlineRatePrev) + " → " + r.OnlineRate
		}
		v.Rows = append(v.Rows, r)
	}
	return v
}
