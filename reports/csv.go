package reports

import (
	"encoding/csv"
	"io"
	"strconv"

	"reformindex/sql"
)

// metricsHeader is the column contract of metrics.csv (SPEC §6).
var metricsHeader = []string{
	"period", "province_code", "unit_code", "unit_name",
	"received", "received_online", "received_direct", "received_postal", "online_rate",
	"processed", "processed_on_time", "ontime_rate",
	"finished", "finished_early", "finished_on_time", "finished_late", "ontime_rate_finished",
	"open_overdue", "avg_processing_days", "online_payment_rate", "e_result_rate", "digitization_rate",
	"satisfaction", "index_score", "rank", "rank_change", "band", "low_volume",
}

// writeMetricsCSV writes one row per commune, in the given order; NULL is an empty field.
func writeMetricsCSV(w io.Writer, period, province string, communes []unit) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(metricsHeader); err != nil {
		return err
	}
	for _, u := range communes {
		f := u.figures
		rec := []string{
			period, province, u.Code, u.Name,
			csvInt(f.Received), csvInt(f.ReceivedOnline), csvInt(f.ReceivedDirect), csvInt(f.ReceivedPostal),
			csvFloat(f.OnlineRate),
			csvInt(f.Processed), csvInt(f.ProcessedOnTime), csvFloat(f.OntimeRate),
			csvInt(f.Finished), csvInt(f.FinishedEarly), csvInt(f.FinishedOnTime), csvInt(f.FinishedLate),
			csvFloat(f.OntimeRateFinished),
			csvInt(f.OpenOverdue), csvFloat(f.AvgProcessingDays), csvFloat(f.OnlinePaymentRate),
			csvFloat(f.EResultRate), csvFloat(f.DigitizationRate), csvFloat(f.Satisfaction), csvFloat(f.IndexScore),
			csvNullInt(f.Rank), csvNullInt(f.RankChange), f.Band.String, csvBool(f.LowVolume),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvInt(n int64) string { return strconv.FormatInt(n, 10) }

func csvNullInt(n sql.NullInt64) string {
	if !n.Valid {
		return ""
	}
	return csvInt(n.Int64)
}

func csvFloat(v sql.NullFloat64) string {
	if !v.Valid {
		return ""
	}
	return strconv.FormatFloat(v.Float64, 'f', -1, 64)
}

func csvBool(b sql.NullBool) string {
	if !b.Valid {
		return ""
	}
	return strconv.FormatBool(b.Bool)
}
