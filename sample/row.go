package sample

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// Kinds of deliberately bad rows.
const (
	badDate    = iota // received_at is 31/02/<year>
	badUnit           // unit_code is not a commune
	badChannel        // channel is empty
	badOrder          // finished_at is before received_at
)

// appendRow appends dossier d as exported at cut, spoilt in the way bad says (-1 = not).
func (p *plan) appendRow(b []byte, c *commune, d *dossier, cut int64, bad int, rng *rand.Rand) []byte {
	pr := &p.procs[d.proc]
	status, updated, finished, returned := d.state(cut)

	b = append(b, c.prefix...)
	y, m, day := date(d.day)
	b = appendPad(b, y%100, 2)
	b = appendPad(b, int(m), 2)
	b = appendPad(b, day, 2)
	b = append(b, '-')
	b = appendPad(b, int(d.seq), 4)
	b = append(b, ',')
	if bad == badUnit {
		b = append(b, p.badUnit...)
	} else {
		b = append(b, c.code...)
	}
	b = append(b, ',')
	b = append(b, pr.code...)
	b = append(b, ',')
	b = append(b, pr.name...)
	b = append(b, ',')
	b = append(b, pr.field...)
	b = append(b, ',')
	if bad != badChannel {
		b = append(b, d.channel)
	}
	b = append(b, ',')
	b = append(b, pr.level...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, ',')
	b = p.appendTime(b, d.submitted)
	b = append(b, ',')
	if bad == badDate {
		b = append(b, "31/02/"...)
		b = strconv.AppendInt(b, int64(y), 10)
	} else {
		b = p.appendTime(b, d.received)
	}
	b = append(b, ',')
	if d.due != 0 {
		dy, dm, dd := date(d.due)
		b = appendPad(b, dy, 4)
		b = append(b, '-')
		b = appendPad(b, int(dm), 2)
		b = append(b, '-')
		b = appendPad(b, dd, 2)
	}
	b = append(b, ',')
	if bad == badOrder {
		finished = d.received - int64(1+rng.IntN(3))*86400 - int64(rng.IntN(8*hour))
	}
	b = p.appendTime(b, finished)
	b = append(b, ',')
	b = p.appendTime(b, returned)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(d.fee), 10)
	b = append(b, ',', d.paid, ',')
	b = appendFlag(b, d.eResult && finished != 0 && status >= 9)
	b = append(b, ',')
	b = appendFlag(b, d.digitized)
	b = append(b, ',')
	b = appendFlag(b, d.complaint && finished != 0)
	b = append(b, ',')
	b = p.appendTime(b, updated)
	b = append(b, ',')
	b = append(b, p.families[d.person%uint32(len(p.families))]...)
	if d.person%2 == 0 {
		b = append(b, " Văn A"...)
	} else {
		b = append(b, " Thị B"...)
	}
	b = strconv.AppendInt(b, int64(d.person), 10)
	b = append(b, ",09"...)
	b = appendPad(b, int(d.phone), 8)
	return append(b, '\n')
}

// appendTime appends t as local ISO 8601 with its offset, e.g. 2026-10-05T08:31:12+07:00;
// nothing for 0.
func (p *plan) appendTime(b []byte, t int64) []byte {
	if t == 0 {
		return b
	}
	return time.Unix(t, 0).In(p.loc).AppendFormat(b, time.RFC3339)
}

// appendPad appends v in decimal, zero-padded to width digits.
func appendPad(b []byte, v, width int) []byte {
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func appendFlag(b []byte, v bool) []byte {
	if v {
		return append(b, '1')
	}
	return append(b, '0')
}
