package reports

import (
	"context"
	"errors"
	"fmt"
	"time"

	"reformindex/sql"
)

// LogStats are the totals of GoAccess's general panel over the loaded access logs,
// with GoAccess 1.7's definitions: every counted line is a request (empty and # lines
// are not counted); failed requests are the lines that did not parse; a unique visitor
// is a distinct (log date, client, user agent) among requests not answered with a 4xx,
// crawlers included; bandwidth is the sum of response sizes. Dates are the log's own,
// as written in its UTC offset, like GoAccess's.
type LogStats struct {
	TotalRequests  int64  `json:"total_requests"`
	ValidRequests  int64  `json:"valid_requests"`
	FailedRequests int64  `json:"failed_requests"`
	UniqueVisitors int64  `json:"unique_visitors"`
	Bandwidth      int64  `json:"bandwidth"`
	StartDate      string `json:"start_date"` // YYYY-MM-DD; "" when no request
	EndDate        string `json:"end_date"`
}

// ErrNoLogs reports a database without access-log tables.
var ErrNoLogs = errors.New("no access logs loaded")

// ReadLogStats computes [LogStats] between the log dates from and to (YYYY-MM-DD,
// inclusive; "" = open). With a bound, rejected lines are not counted: they carry no
// date that can be trusted.
func ReadLogStats(ctx context.Context, db *sql.DB, from, to string) (LogStats, error) {
	var st LogStats
	if ok, err := db.TableExists(ctx, "raw_access_log"); err != nil {
		return st, err
	} else if !ok {
		return st, fmt.Errorf("%w in %s\nhint: load them with reform ingest logs FILE...", ErrNoLogs, db.Path)
	}
	rows, err := db.Query(ctx, "reports/log_stats.sql", logStatsBound(from), logStatsBound(to))
	if err != nil {
		return st, err
	}
	defer rows.Close()
	if rows.Next() {
		var start, end sql.NullTime
		if err := rows.Scan(&st.TotalRequests, &st.ValidRequests, &st.FailedRequests, &st.UniqueVisitors,
			&st.Bandwidth, &start, &end); err != nil {
			return st, err
		}
		if start.Valid {
			st.StartDate = start.Time.Format(time.DateOnly)
		}
		if end.Valid {
			st.EndDate = end.Time.Format(time.DateOnly)
		}
	}
	return st, rows.Err()
}

// logStatsBound binds an open bound as NULL.
func logStatsBound(s string) any {
	if s == "" {
		return nil
	}
	return s
}
