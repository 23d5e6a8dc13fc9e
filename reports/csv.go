package reports

import (
	"encoding/csv"
	"io"
	"strconv"

	"reformindex/sql"
)

// specHeader is the column contract of SPEC §6, with which every metrics.csv starts.
var specHeader = []string{
	"period", "province_code", "unit_code", "unit_name",
	"received", "received_online", "received_direct", "received_postal", "online_rate",
	"processed", "processed_on_time", "ontime_rate",
	"finished", "finished_early", "finished_on_time", "finished_late", "ontime_rate_finished",
	"open_overdue", "avg_processing_days", "online_payment_rate", "e_result_rate", "digitization_rate",
	"satisfaction", "index_score", "rank", "rank_change", "band", "low_volume",
}

// metricsHeader is the column contract of metrics.csv: SPEC §6, then the portal use of
// SPEC §5 (empty when no access log covers the province in the period).
var metricsHeader = append(specHeader[:len(specHeader):len(specHeader)],
	"portal_visitors", "portal_page_views", "portal_mobile_share", "portal_error_rate", "portal_submissions")

// specRow gives a unit's values in specHeader order: string, int64, float64 (rates as
// percentages) or bool, and nil for NULL.
func specRow(period, province string, u unit) []any {
	f := u.figures
	return []any{
		period, province, u.Code, u.Name,
		f.Received, f.ReceivedOnline, f.ReceivedDirect, f.ReceivedPostal, nullFloat(f.OnlineRate),
		f.Processed, f.ProcessedOnTime, nullFloat(f.OntimeRate),
		f.Finished, f.FinishedEarly, f.FinishedOnTime, f.FinishedLate, nullFloat(f.OntimeRateFinished),
		f.OpenOverdue, nullFloat(f.AvgProcessingDays), nullFloat(f.OnlinePaymentRate),
		nullFloat(f.EResultRate), nullFloat(f.DigitizationRate), nullFloat(f.Satisfaction), nullFloat(f.IndexScore),
		nullInt(f.Rank), nullInt(f.RankChange), nullString(f.Band), nullBool(f.LowVolume),
	}
}

// metricRow gives a unit's values in metricsHeader order, as specRow does.
func metricRow(period, province string, u unit) []any {
	portal := make([]any, 5) // NULL: no access log covers the unit
	if p := u.Portal; p.Known {
		portal = []any{p.Visitors, p.PageViews, nullFloat(p.MobileShare), nullFloat(p.ErrorRate), p.Submissions}
	}
	return append(specRow(period, province, u), portal...)
}

// nullFloat, nullInt, nullString and nullBool give a value, or nil for NULL.
func nullFloat(v sql.NullFloat64) any {
	if !v.Valid {
		return nil
	}
	return v.Float64
}

func nullInt(v sql.NullInt64) any {
	if !v.Valid {
		return nil
	}
	return v.Int64
}

func nullString(v sql.NullString) any {
	if !v.Valid {
		return nil
	}
	return v.String
}

func nullBool(v sql.NullBool) any {
	if !v.Valid {
		return nil
	}
	return v.Bool
}

// writeMetricsCSV writes one row per commune, in the given order; NULL is an empty field.
func writeMetricsCSV(w io.Writer, period, province string, communes []unit) error {
	rows := make([][]any, len(communes))
	for i, u := range communes {
		rows[i] = metricRow(period, province, u)
	}
	return writeCSV(w, metricsHeader, rows)
}

// writeCSV writes a header and rows of values as csvField shows them.
func writeCSV(w io.Writer, header []string, rows [][]any) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for _, row := range rows {
		for i, v := range row {
			rec[i] = csvField(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvField(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return "" // nil: NULL
}
