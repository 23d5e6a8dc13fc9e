package reports

import (
	"context"
	"fmt"
	"io"
	"time"

	"reformindex/sql"
)

// reconcileRow is one line of the reconcile table: the portal's figures for a unit and
// endpoint beside ours (docs/index.md, Reconciliation).
type reconcileRow struct {
	Period, Endpoint, Level, Province, Unit                   string
	UnitName, DepartmentCode, DepartmentName, MatchMethod     sql.NullString
	CapturedAt                                                sql.NullTime
	PortalDen, PortalNum, PortalRatio, PortalScore, PortalMax sql.NullFloat64
	OursDen, OursNum                                          sql.NullInt64
	OursRatio, OursScore, OursMax, OursScaled                 sql.NullFloat64
	DenDiff, RatioDiff, ScoreDiff                             sql.NullFloat64
	CarriedOver, EdgeDossiers                                 sql.NullInt64
	Flagged                                                   bool
	LikelyCause                                               sql.NullString
}

// loadReconcile reads the reconcile rows of one province and period; none when the
// database has no reconcile table.
func loadReconcile(ctx context.Context, db *sql.DB, province, period string) ([]reconcileRow, error) {
	if ok, err := db.TableExists(ctx, "reconcile"); err != nil || !ok {
		return nil, err
	}
	var out []reconcileRow
	err := query(ctx, db, "reports/reconcile.sql", []any{province, period}, func(rows *sql.Rows) error {
		var r reconcileRow
		if err := rows.Scan(&r.Period, &r.Endpoint, &r.Level, &r.Province, &r.Unit, &r.UnitName,
			&r.DepartmentCode, &r.DepartmentName, &r.MatchMethod, &r.CapturedAt,
			&r.PortalDen, &r.PortalNum, &r.PortalRatio, &r.PortalScore, &r.PortalMax,
			&r.OursDen, &r.OursNum, &r.OursRatio, &r.OursScore, &r.OursMax, &r.OursScaled,
			&r.DenDiff, &r.RatioDiff, &r.ScoreDiff, &r.CarriedOver, &r.EdgeDossiers,
			&r.Flagged, &r.LikelyCause); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// reconcileHeader is the column contract of reconcile.csv.
var reconcileHeader = []string{
	"period", "endpoint", "level", "province_code", "unit_code", "unit_name",
	"department_code", "department_name", "match_method", "captured_at",
	"portal_denominator", "portal_numerator", "portal_ratio", "portal_score", "portal_max_score",
	"ours_denominator", "ours_numerator", "ours_ratio", "ours_score", "ours_score_max", "ours_score_scaled",
	"denominator_diff", "ratio_diff", "score_diff", "ours_carried_over", "edge_dossiers",
	"flagged", "likely_cause",
}

// writeReconcileCSV writes the rows in the given order; captured_at is RFC 3339 in loc and
// NULL is an empty field.
func writeReconcileCSV(w io.Writer, loc *time.Location, rows []reconcileRow) error {
	recs := make([][]any, len(rows))
	for i, r := range rows {
		var captured any
		if r.CapturedAt.Valid {
			captured = r.CapturedAt.Time.In(loc).Format(time.RFC3339)
		}
		recs[i] = []any{r.Period, r.Endpoint, r.Level, r.Province, r.Unit, nullString(r.UnitName),
			nullString(r.DepartmentCode), nullString(r.DepartmentName), nullString(r.MatchMethod), captured,
			nullFloat(r.PortalDen), nullFloat(r.PortalNum), nullFloat(r.PortalRatio), nullFloat(r.PortalScore), nullFloat(r.PortalMax),
			nullInt(r.OursDen), nullInt(r.OursNum), nullFloat(r.OursRatio), nullFloat(r.OursScore), nullFloat(r.OursMax), nullFloat(r.OursScaled),
			nullFloat(r.DenDiff), nullFloat(r.RatioDiff), nullFloat(r.ScoreDiff), nullInt(r.CarriedOver), nullInt(r.EdgeDossiers),
			r.Flagged, nullString(r.LikelyCause)}
	}
	return writeCSV(w, reconcileHeader, recs)
}

// reconcilePage is reconcile.html: the flagged reconciliation rows of one province.
type reconcilePage struct {
	pageBase
	Summary string
	Rows    []reconcileLine
}

type reconcileLine struct {
	Endpoint, Unit, PortalCount, OursCount, PortalRatio, OursRatio, ScoreDiff, Cause string
}

func (w *words) reconcileView(b pageBase, rows []reconcileRow) reconcilePage {
	pg := reconcilePage{pageBase: b}
	flagged := 0
	show := func(v sql.NullFloat64, suffix string) string {
		if !v.Valid {
			return "—"
		}
		return w.fixed(v.Float64) + suffix
	}
	for _, r := range rows {
		if !r.Flagged {
			continue
		}
		flagged++
		l := reconcileLine{Endpoint: r.Endpoint, Unit: r.UnitName.String, PortalCount: "—", OursCount: "—",
			PortalRatio: show(r.PortalRatio, "%"), OursRatio: show(r.OursRatio, "%"), ScoreDiff: "—", Cause: r.LikelyCause.String}
		if s, ok := w.Endpoints[r.Endpoint]; ok {
			l.Endpoint = s
		}
		if l.Unit == "" {
			l.Unit = r.Unit
		}
		if r.PortalDen.Valid {
			l.PortalCount = w.number(r.PortalDen.Float64)
		}
		if r.OursDen.Valid {
			l.OursCount = w.count(r.OursDen.Int64)
		}
		if r.ScoreDiff.Valid {
			l.ScoreDiff, _ = w.signed(r.ScoreDiff.Float64)
		}
		if s, ok := w.Causes[l.Cause]; ok {
			l.Cause = s
		}
		pg.Rows = append(pg.Rows, l)
	}
	pg.Summary = fmt.Sprintf(w.ReconcileSummary, flagged, len(rows))
	return pg
}
