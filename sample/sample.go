package sample

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Unit is a commune to generate dossiers for.
type Unit struct {
	Code string // GSO commune code (5 digits), written as unit_code
	Name string // official name; a "Phường" (ward) gets a larger volume
}

// Options configure [Write].
type Options struct {
	Province         string         // province code, used in file names and dossier codes, e.g. "25"
	Months           int            // number of monthly files, at least 1
	From             string         // first month, YYYY-MM
	DossiersPerMonth int            // mean dossiers received per commune per month; 0 = 300
	Seed             int64          // the same seed gives the same bytes
	Location         *time.Location // local time of the one-stop system; nil = UTC+7 (Asia/Ho_Chi_Minh)
	// Now, when set, is the export time of the last month, which then holds only what
	// happened before it; it must not be before the last month's start.
	Now time.Time
}

// defaultDossiers is the mean volume per commune and month when Options leave it 0.
const defaultDossiers = 300

// maxMonths bounds the files written at once (one open file each).
const maxMonths = 240

// header is the column row of every file: the canonical columns, then two personal
// columns a real export carries and the loader must drop.
const header = "dossier_code,unit_code,procedure_code,procedure_name,field_name,channel,service_level,status," +
	"submitted_at,received_at,due_at,finished_at,returned_at,fee_amount,paid_online,e_result,digitized," +
	"complaint,updated_at,ChuHoSo,SoDienThoai\n"

// Write writes dossiers_<province>_<YYYY-MM>.csv into dir (created if missing), one file
// per month, and returns their paths in order. On error the files it created are removed.
func Write(dir string, units []Unit, o Options) (paths []string, err error) {
	p, err := newPlan(units, o)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	files := make([]*monthFile, 0, len(p.months))
	defer func() {
		if err == nil {
			return
		}
		for _, f := range files {
			f.f.Close()
			os.Remove(f.f.Name())
		}
		paths = nil
	}()
	for i := range p.months {
		f, err := p.createFile(dir, i)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	for i := range p.units {
		p.writeUnit(i, files)
	}
	for _, f := range files {
		if err := f.w.Flush(); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.f.Name(), err)
		}
	}
	for _, f := range files {
		if err := f.f.Close(); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.f.Name(), err)
		}
		paths = append(paths, f.f.Name())
	}
	slices.Sort(paths)
	return paths, nil
}

// plan is everything derived from the options, shared by all communes.
type plan struct {
	o        Options
	loc      *time.Location
	units    []Unit // sorted by code
	procs    []procedure
	sizes    []float64 // volume factor of each unit
	families []string  // family names of the fake applicants
	months   []month
	cal      calendar
	mean     float64
	lo, hi   int    // bounds of a commune's monthly volume
	badUnit  string // unit code of the deliberately bad rows
	scratch  []dossier
	buckets  [][]int32 // per month, indexes into scratch of the dossiers in that file
}

// month is one exported month: dossiers received in [start, cut) are new in its file.
type month struct {
	year, month int
	start, cut  int64     // unix seconds; cut = next month's start, or Now for the last
	days        []int32   // civil days of the month
	cum         []float64 // cumulative receive weights of days
}

func newPlan(units []Unit, o Options) (*plan, error) {
	if len(units) == 0 {
		return nil, errors.New("no units: at least one commune is needed")
	}
	if o.Months < 1 || o.Months > maxMonths {
		return nil, fmt.Errorf("months must be between 1 and %d, got %d", maxMonths, o.Months)
	}
	if o.Province == "" || strings.ContainsFunc(o.Province, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z')
	}) {
		return nil, fmt.Errorf("province %q is not a province code such as \"25\"", o.Province)
	}
	if o.DossiersPerMonth < 0 || o.DossiersPerMonth > 100000 {
		return nil, fmt.Errorf("dossiers per month must be between 0 (default %d) and 100000, got %d", defaultDossiers, o.DossiersPerMonth)
	}
	loc := o.Location
	if loc == nil {
		loc = time.FixedZone("Asia/Ho_Chi_Minh", 7*3600)
	}
	first, err := time.ParseInLocation("2006-01", o.From, loc)
	if err != nil {
		return nil, fmt.Errorf("from %q is not a month: want YYYY-MM", o.From)
	}
	p := &plan{o: o, loc: loc, procs: catalogue(), badUnit: "99999",
		families: []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"}}
	p.units = slices.Clone(units)
	slices.SortFunc(p.units, func(a, b Unit) int { return strings.Compare(a.Code, b.Code) })
	for i, u := range p.units {
		if u.Code == "" || strings.ContainsAny(u.Code, ",\"\r\n") {
			return nil, fmt.Errorf("unit %q: code %q is not a commune code", u.Name, u.Code)
		}
		if i > 0 && p.units[i-1].Code == u.Code {
			return nil, fmt.Errorf("unit code %q appears twice", u.Code)
		}
		if u.Code == p.badUnit {
			p.badUnit = "00000"
		}
	}
	p.sizes = sizes(p.units, o.Seed)
	for i := range p.procs {
		p.procs[i].name = csvField(p.procs[i].name)
		p.procs[i].field = csvField(p.procs[i].field)
	}
	p.mean = float64(defaultDossiers)
	if o.DossiersPerMonth > 0 {
		p.mean = float64(o.DossiersPerMonth)
	}
	p.lo, p.hi = max(1, int(p.mean/6)), int(p.mean*5)

	end := first.AddDate(0, o.Months, 0)
	p.cal = newCalendar(first.AddDate(0, 0, -7), end.AddDate(1, 0, 0), loc)
	for i := range o.Months {
		s, e := first.AddDate(0, i, 0), first.AddDate(0, i+1, 0)
		m := month{year: s.Year(), month: int(s.Month()), start: s.Unix(), cut: e.Unix()}
		total := 0.0
		for d := civilDay(s); d < civilDay(e); d++ {
			m.days = append(m.days, d)
			total += p.cal.receiveWeight(d)
			m.cum = append(m.cum, total)
		}
		p.months = append(p.months, m)
	}
	last := &p.months[len(p.months)-1]
	if !o.Now.IsZero() {
		if o.Now.Unix() < last.start {
			return nil, fmt.Errorf("now %s is before the last month %04d-%02d", o.Now.Format(time.RFC3339), last.year, last.month)
		}
		last.cut = min(last.cut, o.Now.Unix())
	}
	p.buckets = make([][]int32, len(p.months))
	return p, nil
}

// monthFile is one output file being written, with its own stream for bad rows.
type monthFile struct {
	f       *os.File
	w       *bufio.Writer
	rng     *rand.Rand
	badRate float64
}

func (p *plan) createFile(dir string, i int) (*monthFile, error) {
	m := p.months[i]
	name := fmt.Sprintf("dossiers_%s_%04d-%02d.csv", p.o.Province, m.year, m.month)
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(uint64(p.o.Seed)^0x5bd1e995, mix(uint64(m.year*12+m.month)^0xbad)))
	mf := &monthFile{f: f, w: bufio.NewWriterSize(f, 1<<18), rng: rng, badRate: 0.001 + 0.002*rng.Float64()}
	mf.w.WriteString(header)
	return mf, nil
}

// writeUnit generates every dossier of unit i and writes its rows into the files of
// the months in which it was received or changed.
func (p *plan) writeUnit(i int, files []*monthFile) {
	c := p.newCommune(i)
	ds := p.scratch[:0]
	for mi := range p.months {
		ds = p.appendMonth(ds, c, mi)
	}
	p.scratch = ds
	for mi := range p.buckets {
		p.buckets[mi] = p.buckets[mi][:0]
	}
	for j := range ds {
		p.placeDossier(int32(j), &ds[j])
	}
	for mi, idx := range p.buckets {
		f, cut := files[mi], p.months[mi].cut
		for _, j := range idx {
			bad := -1
			if f.rng.Float64() < f.badRate {
				bad = f.rng.IntN(4)
			}
			buf := p.appendRow(f.w.AvailableBuffer(), c, &ds[j], cut, bad, f.rng)
			f.w.Write(buf)
		}
	}
}

// placeDossier adds dossier j to the bucket of every month whose file shows it: the
// month it was received in and each later month in which one of its events happened.
func (p *plan) placeDossier(j int32, d *dossier) {
	mi := p.monthOf(d.received, 0)
	if mi < 0 {
		return
	}
	p.buckets[mi] = append(p.buckets[mi], j)
	last := mi
	for _, t := range d.events() {
		if t == 0 {
			continue
		}
		k := p.monthOf(t, last)
		if k > last {
			p.buckets[k] = append(p.buckets[k], j)
			last = k
		}
	}
}

// monthOf is the index of the month whose window holds t, searching from month from;
// -1 when t is after the last export.
func (p *plan) monthOf(t int64, from int) int {
	for k := from; k < len(p.months); k++ {
		if t < p.months[k].cut {
			return k
		}
	}
	return -1
}

// csvField quotes s when it holds a comma, quote or line break.
func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// mix is splitmix64's finaliser: it spreads a key over 64 bits for a PCG stream.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// hash is FNV-1a of s.
func hash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// logNormal draws exp(N(0, sigma²)) normalised to mean 1.
func logNormal(rng *rand.Rand, sigma float64) float64 {
	return math.Exp(rng.NormFloat64()*sigma - sigma*sigma/2)
}
