package ingest

import (
	"errors"
	"strings"
)

// Causes of row errors, for errors.Is. Their texts are the reasons stored in
// raw_rejects (sql/ingest/dossier_typed.sql writes the same words).
var (
	ErrMissing       = errors.New("missing required field")
	ErrBadDate       = errors.New("unparseable date")
	ErrBadNumber     = errors.New("unparseable number")
	ErrUnknownChan   = errors.New("unknown channel")
	ErrUnknownStatus = errors.New("unknown status")
	ErrUnknownValue  = errors.New("unknown value")
	ErrUnknownUnit   = errors.New("unknown unit")
	ErrFuture        = errors.New("date in the future")
	ErrNoFinish      = errors.New("terminal status without a finish time")
	ErrFieldCount    = errors.New("wrong number of fields")
	ErrRecordTooLong = errors.New("record too long")
)

// normalizeUnitCode restores the leading zeros that spreadsheets drop from GSO codes
// ("1234" → "01234"); agency ids such as "H44.104" are kept as they are.
func normalizeUnitCode(s string) string {
	if allDigits(s) && len(s) < 5 {
		return strings.Repeat("0", 5-len(s)) + s
	}
	return s
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
