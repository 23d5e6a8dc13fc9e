package reports

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// period is one reporting period: a month, a quarter, a year or a year to date.
type period struct {
	kind string // "month", "quarter", "year" or "ytd"
	year int
	n    int // month 1–12, quarter 1–4 or the last month of a year to date; 0 for a year
}

var periodPattern = regexp.MustCompile(`^(\d{4})(?:-(\d{2})|-Q([1-4])|-ytd-(\d{2}))?$`)

// parsePeriod reads "2026-10", "2026-Q3", "2026" or "2026-ytd-10" (January–October 2026).
func parsePeriod(s string) (period, error) {
	m := periodPattern.FindStringSubmatch(s)
	if m == nil {
		return period{}, fmt.Errorf("period %q is not YYYY-MM, YYYY-Qn, YYYY or YYYY-ytd-MM", s)
	}
	year, _ := strconv.Atoi(m[1])
	switch {
	case m[4] != "":
		month, _ := strconv.Atoi(m[4])
		if month < 1 || month > 12 {
			return period{}, fmt.Errorf("period %q: month %s is not 01–12", s, m[4])
		}
		return period{kind: "ytd", year: year, n: month}, nil
	case m[2] != "":
		month, _ := strconv.Atoi(m[2])
		if month < 1 || month > 12 {
			return period{}, fmt.Errorf("period %q: month %s is not 01–12", s, m[2])
		}
		return period{kind: "month", year: year, n: month}, nil
	case m[3] != "":
		q, _ := strconv.Atoi(m[3])
		return period{kind: "quarter", year: year, n: q}, nil
	}
	return period{kind: "year", year: year}, nil
}

// String gives the period as scorecard.period spells it.
func (p period) String() string {
	switch p.kind {
	case "month":
		return fmt.Sprintf("%04d-%02d", p.year, p.n)
	case "quarter":
		return fmt.Sprintf("%04d-Q%d", p.year, p.n)
	case "ytd":
		return fmt.Sprintf("%04d-ytd-%02d", p.year, p.n)
	}
	return fmt.Sprintf("%04d", p.year)
}

// previous is the period of the same kind just before p; for a year to date, the one a
// month shorter, or the whole previous year's for January (docs/periods.md). [Write] prefers
// periods.prev_period when the database has it.
func (p period) previous() period {
	switch {
	case p.kind == "year":
		p.year--
	case p.n > 1:
		p.n--
	case p.kind == "month", p.kind == "ytd":
		p.year, p.n = p.year-1, 12
	default:
		p.year, p.n = p.year-1, 4
	}
	return p
}

// months lists the 12 months ("YYYY-MM") ending with the last month of p.
func (p period) months() []string {
	year, last := p.year, 12
	switch p.kind {
	case "month", "ytd":
		last = p.n
	case "quarter":
		last = 3 * p.n
	}
	out := make([]string, 12)
	for i := range out {
		m := last - 11 + i // may be ≤ 0: a month of the year before
		y := year
		if m <= 0 {
			y, m = year-1, m+12
		}
		out[i] = fmt.Sprintf("%04d-%02d", y, m)
	}
	return out
}

// bounds gives the first day of p and the first day after it ("2026-10-01", "2026-11-01"):
// local midnights, as the periods table has them.
func (p period) bounds() (start, end string) {
	first, months := 1, 12
	switch p.kind {
	case "month":
		first, months = p.n, 1
	case "quarter":
		first, months = 3*p.n-2, 3
	case "ytd":
		months = p.n
	}
	s := time.Date(p.year, time.Month(first), 1, 0, 0, 0, 0, time.UTC)
	return s.Format(time.DateOnly), s.AddDate(0, months, 0).Format(time.DateOnly)
}

// pre2025 reports whether p began before the communes of 1 July 2025, when districts
// (huyện) still existed.
func (p period) pre2025() bool {
	start, _ := p.bounds()
	return start < "2025-07-01"
}

// reorganisation is the first day of the 2025 communes (QĐ 19/2025/QĐ-TTg): districts
// were abolished and communes and provinces merged on 1 July 2025.
const reorganisation = "2025-07-01"

// onOldUnits reports whether p ends by the reorganisation, so that it exists on the
// pre-2025 communes, districts and provinces (scorecard_pre2025, docs/periods.md).
func (p period) onOldUnits() bool {
	_, end := p.bounds()
	return end <= reorganisation
}

// Pre2025Period reports whether period s ("2025-03", "2025-Q2", "2024", "2025-ytd-06")
// ends by 1 July 2025, so that [Write] can render it on the pre-2025 units
// (Options.Units "pre2025").
func Pre2025Period(s string) (bool, error) {
	p, err := parsePeriod(s)
	if err != nil {
		return false, err
	}
	return p.onOldUnits(), nil
}
