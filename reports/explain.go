package reports

import (
	"context"
	"io"

	"reformindex/sql"
)

// explainProcedureRows is how many procedures a commune page lists behind its largest loss.
const explainProcedureRows = 5

// explainRow is one index component of a commune with its change since the previous
// period (the explain table, docs/index.md).
type explainRow struct {
	Period, Province, Unit                    string
	Name                                      sql.NullString
	Ord                                       int64
	Component, LabelVI, LabelEN               string
	Rate, RatePrev, Earned, EarnedPrev, Delta sql.NullFloat64
	Contribution, IndexChange                 sql.NullFloat64
	FocusReason                               sql.NullString
}

// explainProcedure is a procedure with many dossiers behind a commune's focus component.
type explainProcedure struct {
	Component, Reason, Code, Name string
	Dossiers                      int64
	Share, MaxDaysLate            sql.NullFloat64
}

// explainData is what the explain tables say about the communes of one province.
type explainData struct {
	rows       []explainRow                  // by unit_code, ord
	byUnit     map[string][]explainRow       // the same rows by commune
	procedures map[string][]explainProcedure // most dossiers first
}

// loadExplain reads the explain tables for one province and period; empty when the
// database has no explain table.
func loadExplain(ctx context.Context, db *sql.DB, province, period string) (explainData, error) {
	x := explainData{byUnit: map[string][]explainRow{}, procedures: map[string][]explainProcedure{}}
	if ok, err := db.TableExists(ctx, "explain"); err != nil || !ok {
		return x, err
	}
	err := query(ctx, db, "reports/explain.sql", []any{province, period}, func(rows *sql.Rows) error {
		var e explainRow
		if err := rows.Scan(&e.Period, &e.Province, &e.Unit, &e.Name, &e.Ord, &e.Component, &e.LabelVI, &e.LabelEN,
			&e.Rate, &e.RatePrev, &e.Earned, &e.EarnedPrev, &e.Delta, &e.Contribution, &e.IndexChange, &e.FocusReason); err != nil {
			return err
		}
		x.rows = append(x.rows, e)
		x.byUnit[e.Unit] = append(x.byUnit[e.Unit], e)
		return nil
	})
	if err != nil {
		return x, err
	}
	if ok, err := db.TableExists(ctx, "explain_procedures"); err != nil || !ok {
		return x, err
	}
	err = query(ctx, db, "reports/explain_procedures.sql", []any{province, period, explainProcedureRows}, func(rows *sql.Rows) error {
		var unit string
		var p explainProcedure
		var name sql.NullString
		if err := rows.Scan(&unit, &p.Component, &p.Reason, &p.Code, &name, &p.Dossiers, &p.Share, &p.MaxDaysLate); err != nil {
			return err
		}
		p.Name = name.String
		x.procedures[unit] = append(x.procedures[unit], p)
		return nil
	})
	return x, err
}

// explainHeader is the column contract of explain.csv.
var explainHeader = []string{
	"period", "province_code", "unit_code", "unit_name", "component", "label",
	"rate", "rate_prev", "points_earned", "points_earned_prev", "points_delta",
	"index_contribution", "index_change", "focus_reason",
}

// writeExplainCSV writes one row per commune and index component, by unit_code and ord;
// label is in the page language and NULL is an empty field.
func writeExplainCSV(w io.Writer, lang string, rows []explainRow) error {
	recs := make([][]any, len(rows))
	for i, e := range rows {
		label := e.LabelVI
		if lang == "en" {
			label = e.LabelEN
		}
		recs[i] = []any{e.Period, e.Province, e.Unit, nullString(e.Name), e.Component, label,
			nullFloat(e.Rate), nullFloat(e.RatePrev), nullFloat(e.Earned), nullFloat(e.EarnedPrev), nullFloat(e.Delta),
			nullFloat(e.Contribution), nullFloat(e.IndexChange), nullString(e.FocusReason)}
	}
	return writeCSV(w, explainHeader, recs)
}
