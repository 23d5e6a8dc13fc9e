package sample

import "time"

// Civil days are int32 day numbers (days since 1970-01-01) of local calendar dates.

// calendar holds, for a range of civil days, whether each is a working day and the
// instant of its local midnight.
type calendar struct {
	first    int32
	work     []bool
	midnight []int64
	loc      *time.Location
}

func newCalendar(from, to time.Time, loc *time.Location) calendar {
	c := calendar{first: civilDay(from), loc: loc}
	for d := c.first; d < civilDay(to); d++ {
		c.work = append(c.work, isWorkday(d))
		c.midnight = append(c.midnight, midnightOf(d, loc))
	}
	return c
}

// civilDay is the day number of t's local date.
func civilDay(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// date is the calendar date of civil day d.
func date(d int32) (year int, month time.Month, day int) {
	return time.Unix(int64(d)*86400, 0).UTC().Date()
}

// weekday of civil day d (1970-01-01 was a Thursday).
func weekday(d int32) time.Weekday { return time.Weekday((int64(d)%7 + 11) % 7) }

// isWorkday: Monday to Friday except the fixed solar public holidays (1/1, 30/4, 1/5,
// 1–2/9). Tết and the Hùng Kings' day follow the lunar calendar and are left out; the
// February volume dip stands in for Tết.
func isWorkday(d int32) bool {
	if wd := weekday(d); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, m, day := date(d)
	switch {
	case m == time.January && day == 1, m == time.April && day == 30, m == time.May && day == 1,
		m == time.September && (day == 1 || day == 2):
		return false
	}
	return true
}

func midnightOf(d int32, loc *time.Location) int64 {
	y, m, day := date(d)
	return time.Date(y, m, day, 0, 0, 0, 0, loc).Unix()
}

func (c *calendar) isWorkday(d int32) bool {
	if i := d - c.first; i >= 0 && int(i) < len(c.work) {
		return c.work[i]
	}
	return isWorkday(d)
}

// at is the instant sec seconds after local midnight of day d.
func (c *calendar) at(d int32, sec int) int64 {
	if i := d - c.first; i >= 0 && int(i) < len(c.midnight) {
		return c.midnight[i] + int64(sec)
	}
	return midnightOf(d, c.loc) + int64(sec)
}

// addWorkdays is the n-th working day after d (d itself when n is 0).
func (c *calendar) addWorkdays(d int32, n int) int32 {
	for n > 0 {
		d++
		if c.isWorkday(d) {
			n--
		}
	}
	return d
}

// receiveWeight is how busy the counter is on day d: working days 1, Saturday mornings
// (many communes open them) 0.35, holidays and Sundays 0.02 (a few online dossiers).
func (c *calendar) receiveWeight(d int32) float64 {
	switch {
	case c.isWorkday(d):
		return 1
	case weekday(d) == time.Saturday:
		return 0.35
	}
	return 0.02
}
