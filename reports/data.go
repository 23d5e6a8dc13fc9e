package reports

import (
	"context"
	"fmt"
	"sort"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"reformindex/sql"
)

// figures are one unit's scorecard values for the period: counts are 0 and
// everything else NULL when the unit has no scorecard row. Portal is its use of the
// public-service portal, from the access logs (not Known when none cover it).
type figures struct {
	HasData                                                  bool
	Received, ReceivedOnline, ReceivedDirect, ReceivedPostal int64
	OnlineRate                                               sql.NullFloat64
	Processed, ProcessedOnTime                               int64
	OntimeRate                                               sql.NullFloat64
	Finished, FinishedEarly, FinishedOnTime, FinishedLate    int64
	OntimeRateFinished                                       sql.NullFloat64
	OpenOverdue                                              int64
	AvgProcessingDays, OnlinePaymentRate, EResultRate        sql.NullFloat64
	DigitizationRate, Satisfaction, IndexScore               sql.NullFloat64
	Rank, RankChange                                         sql.NullInt64
	Band                                                     sql.NullString
	LowVolume                                                sql.NullBool
	SplitMapped                                              int64
	NotMeasured                                              string
	Portal                                                   portalFigures
}

// unit is a commune or a province with its figures.
type unit struct {
	Code, Name string
	figures
}

// dest lists scan targets in the column order of reports/communes.sql and reports/provinces.sql.
func (u *unit) dest() []any {
	f := &u.figures
	return []any{&u.Code, &u.Name, &f.HasData,
		&f.Received, &f.ReceivedOnline, &f.ReceivedDirect, &f.ReceivedPostal, &f.OnlineRate,
		&f.Processed, &f.ProcessedOnTime, &f.OntimeRate,
		&f.Finished, &f.FinishedEarly, &f.FinishedOnTime, &f.FinishedLate, &f.OntimeRateFinished,
		&f.OpenOverdue, &f.AvgProcessingDays, &f.OnlinePaymentRate, &f.EResultRate, &f.DigitizationRate,
		&f.Satisfaction, &f.IndexScore, &f.Rank, &f.RankChange, &f.Band, &f.LowVolume,
		&f.SplitMapped, &f.NotMeasured}
}

// loadUnits runs reports/provinces.sql or reports/communes.sql.
func loadUnits(ctx context.Context, db *sql.DB, file string, args ...any) ([]unit, error) {
	var units []unit
	err := query(ctx, db, file, args, func(rows *sql.Rows) error {
		var u unit
		if err := rows.Scan(u.dest()...); err != nil {
			return err
		}
		units = append(units, u)
		return nil
	})
	return units, err
}

// loadCommunes returns every commune of the province, in ranking order.
func loadCommunes(ctx context.Context, db *sql.DB, province, period string) ([]unit, error) {
	communes, err := loadUnits(ctx, db, "reports/communes.sql", province, period)
	if err != nil {
		return nil, err
	}
	sortCommunes(communes)
	return communes, nil
}

// sortCommunes orders by rank; then communes with data but no rank; then those without
// data. Ties go by Vietnamese collation of the name, then by code.
func sortCommunes(us []unit) { sortRanked(us, func(u *unit) *unit { return u }) }

// sortRanked orders xs as sortCommunes orders the units they hold.
func sortRanked[T any](xs []T, unitOf func(*T) *unit) {
	group := func(u *unit) int {
		switch {
		case u.Rank.Valid:
			return 0
		case u.HasData:
			return 1
		}
		return 2
	}
	c := collate.New(language.Vietnamese)
	sort.SliceStable(xs, func(i, j int) bool {
		a, b := unitOf(&xs[i]), unitOf(&xs[j])
		if ga, gb := group(a), group(b); ga != gb {
			return ga < gb
		}
		if a.Rank.Int64 != b.Rank.Int64 {
			return a.Rank.Int64 < b.Rank.Int64
		}
		if n := c.CompareString(a.Name, b.Name); n != 0 {
			return n < 0
		}
		return a.Code < b.Code
	})
}

// point is one unit's values in one month of a trend.
type point struct {
	OnlineRate, OntimeRate, IndexScore sql.NullFloat64
	Rank                               sql.NullInt64
}

type trendKey struct{ level, unit, month string }

// loadTrend returns the month rows of the province and its units from first to last:
// reports/trend.sql (the 2025 units) or reports/pre2025_trend.sql.
func loadTrend(ctx context.Context, db *sql.DB, file, province, first, last string) (map[trendKey]point, error) {
	trend := map[trendKey]point{}
	err := query(ctx, db, file, []any{province, first, last}, func(rows *sql.Rows) error {
		var k trendKey
		var p point
		if err := rows.Scan(&k.level, &k.unit, &k.month, &p.OnlineRate, &p.OntimeRate, &p.IndexScore, &p.Rank); err != nil {
			return err
		}
		trend[k] = p
		return nil
	})
	return trend, err
}

// component is one line of a commune's index breakdown.
type component struct {
	LabelVI, LabelEN           string
	Rate, PointsMax, PointsWon sql.NullFloat64
}

// loadComponents returns each commune's index components, in order.
func loadComponents(ctx context.Context, db *sql.DB, province, period string) (map[string][]component, error) {
	out := map[string][]component{}
	err := query(ctx, db, "reports/components.sql", []any{province, period}, func(rows *sql.Rows) error {
		var code string
		var ord int
		var c component
		if err := rows.Scan(&code, &ord, &c.LabelVI, &c.LabelEN, &c.Rate, &c.PointsMax, &c.PointsWon); err != nil {
			return err
		}
		out[code] = append(out[code], c)
		return nil
	})
	return out, err
}

// query runs an embedded query file and calls fn for each row.
func query(ctx context.Context, db *sql.DB, file string, args []any, fn func(*sql.Rows) error) error {
	rows, err := db.Query(ctx, file, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

// overdueRows is how many open overdue dossiers a commune page lists at most.
const overdueRows = 100

// topProcedures is how many procedures with the most overdue dossiers a page lists.
const topProcedures = 5

// overdueDossier is a dossier still open and past its due date at the end of the period.
type overdueDossier struct {
	Code, ProcedureCode, ProcedureName string
	Days                               int64
}

type procedureCount struct {
	Code, Name string
	Overdue    int64
}

// channelDays are the dossiers of one channel finished in the period.
type channelDays struct {
	Channel             int64
	Finished, Late      int64
	AvgDays, MedianDays sql.NullFloat64
}

// facts are what the dossiers (stg_dossiers) say beyond the scorecard, keyed by unit code:
// a commune's, or a province's for the province as a whole. They are empty when the
// database has no stg_dossiers table.
type facts struct {
	overdue    map[string][]overdueDossier // communes only
	procedures map[string][]procedureCount
	channels   map[string][]channelDays
	dataUntil  map[string]time.Time // by province: the latest event in its dossiers
}

// loadFacts reads the facts of period p for one province, or for all when province is "".
// Each query scans the dossiers once for every province, not once per province.
func loadFacts(ctx context.Context, db *sql.DB, province string, p period) (facts, error) {
	f := facts{overdue: map[string][]overdueDossier{}, procedures: map[string][]procedureCount{},
		channels: map[string][]channelDays{}, dataUntil: map[string]time.Time{}}
	if ok, err := db.TableExists(ctx, "stg_dossiers"); err != nil || !ok {
		return f, err
	}
	start, end := p.bounds()
	err := query(ctx, db, "reports/overdue.sql", []any{province, end, overdueRows}, func(rows *sql.Rows) error {
		var unit string
		var d overdueDossier
		if err := rows.Scan(&unit, &d.Code, &d.ProcedureCode, &d.ProcedureName, &d.Days); err != nil {
			return err
		}
		f.overdue[unit] = append(f.overdue[unit], d)
		return nil
	})
	if err != nil {
		return f, err
	}
	err = query(ctx, db, "reports/overdue_procedures.sql", []any{province, end, topProcedures}, func(rows *sql.Rows) error {
		var unit string
		var c procedureCount
		if err := rows.Scan(&unit, &c.Code, &c.Name, &c.Overdue); err != nil {
			return err
		}
		f.procedures[unit] = append(f.procedures[unit], c)
		return nil
	})
	if err != nil {
		return f, err
	}
	err = query(ctx, db, "reports/channel_days.sql", []any{province, start, end}, func(rows *sql.Rows) error {
		var unit string
		var c channelDays
		if err := rows.Scan(&unit, &c.Channel, &c.Finished, &c.Late, &c.AvgDays, &c.MedianDays); err != nil {
			return err
		}
		f.channels[unit] = append(f.channels[unit], c)
		return nil
	})
	if err != nil {
		return f, err
	}
	f.dataUntil, err = loadFreshness(ctx, db, province)
	return f, err
}

// loadFreshness returns the latest event in the dossiers of one province, or of each for
// "", by province code; none when the database has no stg_dossiers table.
func loadFreshness(ctx context.Context, db *sql.DB, province string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	if ok, err := db.TableExists(ctx, "stg_dossiers"); err != nil || !ok {
		return out, err
	}
	err := query(ctx, db, "reports/freshness.sql", []any{province}, func(rows *sql.Rows) error {
		var code string
		var until sql.NullTime
		if err := rows.Scan(&code, &until); err != nil {
			return err
		}
		out[code] = until.Time
		return nil
	})
	return out, err
}

// tally is a count by key.
type tally struct {
	key string
	n   int64
}

// unmappedRows is how many unknown unit codes the data-quality panel lists at most.
const unmappedRows = 20

// qualityData is what the whole database says about its loads: the same for every province.
type qualityData struct {
	files      []LoadedFile // oldest first
	reasons    []tally      // rejects by reason
	unmapped   []tally      // rejected unknown unit codes
	lastLoaded time.Time
}

func loadQuality(ctx context.Context, db *sql.DB) (qualityData, error) {
	var q qualityData
	for _, t := range []string{"load_files", "raw_rejects"} {
		if ok, err := db.TableExists(ctx, t); err != nil || !ok {
			return q, err
		}
	}
	var err error
	if q.files, err = loadFiles(ctx, db); err != nil {
		return q, err
	}
	for _, f := range q.files {
		if f.LoadedAt.After(q.lastLoaded) {
			q.lastLoaded = f.LoadedAt
		}
	}
	tallies := func(file string, args []any, into *[]tally) error {
		return query(ctx, db, file, args, func(rows *sql.Rows) error {
			var t tally
			if err := rows.Scan(&t.key, &t.n); err != nil {
				return err
			}
			*into = append(*into, t)
			return nil
		})
	}
	if err := tallies("reports/reject_reasons.sql", nil, &q.reasons); err != nil {
		return q, err
	}
	return q, tallies("reports/unmapped_units.sql", []any{unmappedRows}, &q.unmapped)
}

// loadDistricts returns the pre-2025 districts of each commune of a province, in
// Vietnamese order; nil when the registry tables are missing.
func loadDistricts(ctx context.Context, db *sql.DB, province string) (map[string][]string, error) {
	for _, t := range []string{"ref_unit_conversion", "ref_units_pre2025"} {
		if ok, err := db.TableExists(ctx, t); err != nil || !ok {
			return nil, err
		}
	}
	out := map[string][]string{}
	err := query(ctx, db, "reports/districts.sql", []any{province}, func(rows *sql.Rows) error {
		var code, district string
		if err := rows.Scan(&code, &district); err != nil {
			return err
		}
		out[code] = append(out[code], district)
		return nil
	})
	if len(out) == 0 {
		return nil, err
	}
	c := collate.New(language.Vietnamese)
	for _, ds := range out {
		c.SortStrings(ds)
	}
	return out, err
}
