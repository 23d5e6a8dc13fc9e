package ingest

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Causes of row errors, for errors.Is.
var (
	ErrMissing       = errors.New("missing required field")
	ErrBadDate       = errors.New("unparseable date")
	ErrBadNumber     = errors.New("unparseable number")
	ErrUnknownChan   = errors.New("unknown channel")
	ErrUnknownStatus = errors.New("unknown status")
	ErrUnknownValue  = errors.New("unknown value")
	ErrUnknownUnit   = errors.New("unknown unit")
	ErrOrder         = errors.New("date out of order")
	ErrNoFinish      = errors.New("terminal status without a finish time")
)

// orderError is a date that comes before received_at; its text is the reject reason.
type orderError string

func (e orderError) Error() string        { return string(e) + " before received_at" }
func (e orderError) Is(target error) bool { return target == ErrOrder }

// channels maps every accepted spelling (lower case) to the national code
// (1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích).
var channels = map[string]int8{
	"1": 1, "truc_tiep": 1, "direct": 1,
	"2": 2, "truc_tuyen": 2, "online": 2,
	"3": 3, "buu_chinh": 3, "postal": 3,
}

// statuses maps every accepted spelling (lower case) to the national status code 1..10.
var statuses = map[string]int8{
	"registered": 1, "received": 2, "not_received": 3, "processing": 4,
	"supplement_requested": 5, "awaiting_payment": 6, "withdrawn": 7, "stopped": 8,
	"finished": 9, "returned": 10,
	"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9, "10": 10,
}

// terminal reports whether a status code ends the dossier (7 withdrawn, 8 stopped,
// 9 finished, 10 returned).
func terminal(status int8) bool { return status >= 7 }

func parseChannel(s string) (int8, error) {
	if c, ok := channels[strings.ToLower(s)]; ok {
		return c, nil
	}
	return 0, ErrUnknownChan
}

func parseStatus(s string) (int8, error) {
	if c, ok := statuses[strings.ToLower(s)]; ok {
		return c, nil
	}
	return 0, ErrUnknownStatus
}

func parseServiceLevel(s string) (string, error) {
	switch strings.ToLower(s) {
	case "toan_trinh", "4":
		return "toan_trinh", nil
	case "mot_phan", "3":
		return "mot_phan", nil
	}
	return "", ErrUnknownValue
}

func parseFlag(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, ErrUnknownValue
}

func parsePaidOnline(s string) (int8, error) {
	switch s {
	case "0":
		return 0, nil
	case "1":
		return 1, nil
	case "2":
		return 2, nil
	}
	return 0, ErrUnknownValue
}

func parseAmount(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v != v {
		return 0, ErrBadNumber
	}
	return v, nil
}

// layouts with a zone or offset, then local ones; tried in order.
var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02T15:04Z07:00",
}

var localLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2/1/2006 15:04:05",
	"2/1/2006 15:04",
}

// parseTime reads the timestamp forms of SPEC §3.1: ISO 8601 with or without an
// offset (without = local time in loc, fractions allowed), yyyyMMddHHmmss,
// dd/MM/yyyy and dd/MM/yyyy HH:mm[:ss]. dateOnly reports a bare date, which the
// caller turns into local midnight or, for due_at, the end of that day.
func parseTime(s string, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	if n := len(s); n == 14 || n == 8 {
		if allDigits(s) {
			if n == 8 {
				t, err = time.ParseInLocation("20060102", s, loc)
				return t, true, dateErr(err)
			}
			t, err = time.ParseInLocation("20060102150405", s, loc)
			return t, false, dateErr(err)
		}
	}
	if strings.IndexByte(s, '/') > 0 {
		if !strings.Contains(s, ":") {
			t, err = time.ParseInLocation("2/1/2006", s, loc)
			return t, true, dateErr(err)
		}
		for _, l := range localLayouts[4:] {
			if t, err = time.ParseInLocation(l, s, loc); err == nil {
				return t, false, nil
			}
		}
		return time.Time{}, false, ErrBadDate
	}
	if len(s) == 10 {
		t, err = time.ParseInLocation("2006-01-02", s, loc)
		return t, true, dateErr(err)
	}
	if hasZone(s) {
		for _, l := range zonedLayouts {
			if t, err = time.Parse(l, s); err == nil {
				return t, false, nil
			}
		}
		return time.Time{}, false, ErrBadDate
	}
	for _, l := range localLayouts[:4] {
		if t, err = time.ParseInLocation(l, s, loc); err == nil {
			return t, false, nil
		}
	}
	// fractional seconds without offset
	if t, err = time.ParseInLocation("2006-01-02T15:04:05.999999999", s, loc); err == nil {
		return t, false, nil
	}
	if t, err = time.ParseInLocation("2006-01-02 15:04:05.999999999", s, loc); err == nil {
		return t, false, nil
	}
	return time.Time{}, false, ErrBadDate
}

// hasZone reports whether an ISO timestamp ends in Z or a ±hh[:mm] offset.
func hasZone(s string) bool {
	if strings.HasSuffix(s, "Z") || strings.HasSuffix(s, "z") {
		return true
	}
	if len(s) < 16 {
		return false
	}
	tail := s[10:] // after the date part
	return strings.LastIndexAny(tail, "+-") >= 0
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func dateErr(err error) error {
	if err != nil {
		return ErrBadDate
	}
	return nil
}

// endOfDay is the last microsecond of t's local day (DuckDB keeps microseconds).
func endOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 23, 59, 59, 999999000, t.Location())
}
