package reports

import (
	"context"
	"fmt"
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"reformindex/sql"
)

// figures are one unit's scorecard values for the period: counts are 0 and
// everything else NULL when the unit has no scorecard row.
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
func sortCommunes(us []unit) {
	group := func(u unit) int {
		switch {
		case u.Rank.Valid:
			return 0
		case u.HasData:
			return 1
		}
		return 2
	}
	c := collate.New(language.Vietnamese)
	sort.SliceStable(us, func(i, j int) bool {
		a, b := us[i], us[j]
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

// loadTrend returns the month rows of the province and its communes from first to last.
func loadTrend(ctx context.Context, db *sql.DB, province, first, last string) (map[trendKey]point, error) {
	trend := map[trendKey]point{}
	err := query(ctx, db, "reports/trend.sql", []any{province, first, last}, func(rows *sql.Rows) error {
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
