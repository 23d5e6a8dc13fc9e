package sample

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// commune holds the traits of one unit, drawn once from its own stream.
type commune struct {
	code      string
	prefix    []byte  // dossier code prefix, e.g. "H25.7-"
	key       uint64  // stream key
	size      float64 // volume factor, mean 1 over the province
	online    float64 // online share in the first month
	drift     float64 // online share gained per month
	late      float64 // share of dossiers finished after due
	pay       float64 // share of online fee-bearing dossiers paid online (×0.6 at the counter)
	eResult   float64 // share of finished dossiers with an electronic result
	digitized float64 // share of dossiers with digitised inputs
	complaint float64 // share of finished dossiers drawing a complaint
	cum       []float64
	persons   uint32 // applicants drawn so far
}

func (p *plan) newCommune(i int) *commune {
	u := p.units[i]
	c := &commune{code: u.Code, key: hash(u.Code)}
	c.prefix = append(c.prefix, 'H')
	c.prefix = append(c.prefix, p.o.Province...)
	c.prefix = append(c.prefix, '.')
	c.prefix = strconv.AppendInt(c.prefix, int64(i+1), 10)
	c.prefix = append(c.prefix, '-')
	c.size = p.sizes[i]
	rng := rand.New(rand.NewPCG(uint64(p.o.Seed), mix(c.key)))
	c.online = 0.15 + 0.75*rng.Float64()
	c.drift = 0.003 + 0.009*rng.Float64()
	c.late = 0.02 + 0.23*math.Pow(rng.Float64(), 1.5)
	c.pay = 0.45 + 0.5*rng.Float64()
	c.eResult = 0.3 + 0.65*rng.Float64()
	c.digitized = 0.1 + 0.7*rng.Float64()
	c.complaint = 0.005 + 0.015*rng.Float64()
	total := 0.0
	for _, pr := range p.procs {
		total += pr.weight * (0.6 + 0.8*rng.Float64())
		c.cum = append(c.cum, total)
	}
	return c
}

// sizes draws each unit's volume factor (log-normal, wards ×1.5) and scales them to
// mean 1 over the units, so that the province averages the requested volume.
func sizes(units []Unit, seed int64) []float64 {
	out := make([]float64, len(units))
	total := 0.0
	for i, u := range units {
		rng := rand.New(rand.NewPCG(uint64(seed)^0x517e, mix(hash(u.Code))))
		out[i] = logNormal(rng, 0.55)
		if strings.HasPrefix(u.Name, "Phường") {
			out[i] *= 1.5
		}
		total += out[i]
	}
	for i := range out {
		out[i] *= float64(len(out)) / total
	}
	return out
}

// season scales the volume by month: a rush before Tết, a dip in the Tết month.
func season(m int) float64 {
	return [12]float64{1.10, 0.70, 1.05, 1.00, 0.95, 1.00, 1.05, 0.95, 1.00, 1.05, 1.05, 1.10}[m-1]
}

// dossier is one dossier's whole life; a zero instant means the event never happens.
type dossier struct {
	submitted, received, processing, supplement, resumed, finished, returned int64
	day, due                                                                 int32 // civil days of receipt and of the due date (0 = none)
	seq                                                                      int32 // daily sequence in the dossier code
	fee                                                                      int32
	person, phone                                                            uint32
	proc                                                                     uint8
	channel                                                                  byte // '1' direct, '2' online, '3' postal
	final                                                                    int8 // status once nothing more happens
	paid                                                                     byte // '0', '1', '2'
	eResult, digitized, complaint                                            bool
}

// events are the instants after receipt at which the dossier changes, in order.
func (d *dossier) events() [5]int64 {
	return [5]int64{d.processing, d.supplement, d.resumed, d.finished, d.returned}
}

// state is the dossier as exported at cut: its status, the instant of its last change
// and its finish and return instants if they happened (0 otherwise).
func (d *dossier) state(cut int64) (status int8, updated, finished, returned int64) {
	switch d.final {
	case 1:
		return 1, d.submitted, 0, 0
	case 3:
		return 3, d.received, 0, 0
	}
	status, updated = 2, d.received
	step := func(t int64, s int8) {
		if t != 0 && t < cut {
			status, updated = s, t
		}
	}
	step(d.processing, 4)
	step(d.supplement, 5)
	step(d.resumed, 4)
	if d.finished != 0 && d.finished < cut {
		finished = d.finished
		step(d.finished, 9)
		if d.final == 7 {
			status = 7
		}
	}
	if d.returned != 0 && d.returned < cut {
		returned = d.returned
		step(d.returned, 10)
	}
	return status, updated, finished, returned
}

// appendMonth appends the dossiers c receives in month mi, in order of receipt, with
// their daily sequence numbers.
func (p *plan) appendMonth(ds []dossier, c *commune, mi int) []dossier {
	m := &p.months[mi]
	rng := rand.New(rand.NewPCG(uint64(p.o.Seed), mix(c.key^uint64(m.year*12+m.month)<<20)))
	n := int(math.Round(p.mean * c.size * season(m.month) * logNormal(rng, 0.08)))
	n = min(max(n, p.lo), p.hi)
	online := min(c.online+c.drift*float64(mi), 0.97)
	from := len(ds)
	for range n {
		d := p.newDossier(rng, c, m, online)
		if d.received < m.cut { // the last month may end at Now
			ds = append(ds, d)
		}
	}
	month := ds[from:]
	slices.SortStableFunc(month, func(a, b dossier) int {
		switch {
		case a.received < b.received:
			return -1
		case a.received > b.received:
			return 1
		}
		return 0
	})
	for j := range month {
		month[j].seq = 1
		if j > 0 && month[j-1].day == month[j].day {
			month[j].seq = month[j-1].seq + 1
		}
	}
	return ds
}

// office hours: mornings 7:30–11:30, afternoons 13:30–17:00.
const (
	amStart, amEnd = 7*3600 + 1800, 11*3600 + 1800
	pmStart, pmEnd = 13*3600 + 1800, 17 * 3600
	minute, hour   = 60, 3600
)

// officeTime draws a time of day at the counter; weekends and holidays have mornings only.
func (p *plan) officeTime(rng *rand.Rand, d int32) int {
	if p.cal.isWorkday(d) && rng.Float64() >= 0.68 {
		return pmStart + rng.IntN(pmEnd-pmStart)
	}
	return amStart + rng.IntN(amEnd-amStart)
}

func (p *plan) newDossier(rng *rand.Rand, c *commune, m *month, online float64) dossier {
	var d dossier
	cal := &p.cal
	d.proc = uint8(pick(rng, c.cum))
	pr := &p.procs[d.proc]
	d.day = m.days[pick(rng, m.cum)]
	sec := p.officeTime(rng, d.day)
	d.received = cal.at(d.day, sec)
	c.persons++
	d.person = c.persons
	d.phone = rng.Uint32N(100_000_000)
	d.digitized = rng.Float64() < c.digitized

	switch u := rng.Float64(); {
	case u < 0.01:
		d.channel = '3'
		d.submitted = d.received - int64(1+rng.IntN(3))*86400 - int64(rng.IntN(8*hour))
	case u < 0.01+min(online*pr.online, 0.98)*0.99:
		d.channel = '2'
		if rng.Float64() < 0.35 { // filed the evening before
			d.submitted = cal.at(d.day-1, 18*hour+rng.IntN(5*hour+30*minute))
		} else {
			d.submitted = d.received - int64(10*minute+rng.IntN(3*hour))
		}
	default:
		d.channel = '1'
		d.submitted = d.received - int64(minute+rng.IntN(14*minute))
	}
	d.fee = int32(pr.fee * (1 + rng.IntN(pr.maxQty)))
	d.paid = '0'
	if d.channel == '2' {
		switch u := rng.Float64(); {
		case u < 0.005: // registered online, never taken in
			d.final = 1
			d.submitted = d.received - int64(rng.IntN(3*hour))
			d.received = d.submitted
			return d
		case u < 0.02: // refused at the counter
			d.final = 3
			return d
		}
	}
	pay := c.pay // online dossiers pay on the portal; at the counter some pay by QR code
	if d.channel != '2' {
		pay *= 0.6
	}
	if d.fee > 0 && rng.Float64() < pay {
		d.paid = '1'
		if rng.Float64() < 0.3 {
			d.paid = '2'
		}
	}

	// Due date: k working days after receipt. A same-day procedure received after 15:00,
	// or on a Saturday or holiday, is due the next working day.
	k := int(math.Ceil(pr.days))
	if k == 1 && pr.days < 1 && sec < 15*hour && cal.isWorkday(d.day) {
		k = 0
	}
	d.due = cal.addWorkdays(d.day, k)
	if rng.Float64() < 0.7 {
		d.processing = d.received + int64(3*minute+rng.IntN(90*minute))
	}

	late := rng.Float64() < c.late*pr.late
	var j int // working days from receipt to the finish
	switch {
	case late:
		j = k + 1 + min(int(rng.ExpFloat64()*math.Max(1, pr.days/4)), 60)
	default:
		j = min(int(float64(k+1)*math.Pow(rng.Float64(), 1.6)), k)
	}
	finishDay := cal.addWorkdays(d.day, j)
	if j == 0 {
		left := max(pmEnd+30*minute-sec-15*minute, 10*minute)
		d.finished = d.received + int64(15*minute+rng.IntN(min(left, 4*hour)))
	} else {
		d.finished = cal.at(finishDay, p.officeTime(rng, finishDay))
	}
	d.final = 9
	switch u := rng.Float64(); {
	case u < 0.01: // withdrawn by the applicant
		d.final = 7
	case u < 0.05 && j >= 2 && pr.days >= 2: // supplement requested the next working day
		s := cal.addWorkdays(d.day, 1)
		d.supplement = cal.at(s, p.officeTime(rng, s))
		if rng.Float64() < 0.25 { // the applicant never came back
			d.finished, d.final = 0, 5
			break
		}
		r := cal.addWorkdays(d.day, 2+rng.IntN(j-1))
		d.resumed = cal.at(r, p.officeTime(rng, r))
		if r == finishDay && d.resumed >= d.finished {
			d.resumed = d.finished - int64(10*minute+rng.IntN(hour))
		}
	}
	if d.processing != 0 && d.finished != 0 && d.processing >= d.finished {
		d.processing = 0
	}
	if d.final != 9 {
		return d
	}
	d.eResult = rng.Float64() < c.eResult
	risk := c.complaint
	if late {
		risk *= 4
	}
	d.complaint = rng.Float64() < risk
	if rng.Float64() < 0.88 { // result handed over; the rest wait at the counter
		r := 0
		if d.channel != '2' || !d.eResult {
			r = [...]int{0, 0, 0, 1, 1, 2, 3}[rng.IntN(7)] // working days until collected
		}
		if r == 0 {
			d.returned = d.finished + int64(5*minute+rng.IntN(2*hour))
		} else {
			rd := cal.addWorkdays(finishDay, r)
			d.returned = cal.at(rd, p.officeTime(rng, rd))
		}
		d.final = 10
	}
	return d
}

// pick draws an index with probability proportional to the steps of cum.
func pick(rng *rand.Rand, cum []float64) int {
	u := rng.Float64() * cum[len(cum)-1]
	i, _ := slices.BinarySearch(cum, u)
	return min(i, len(cum)-1)
}
