package sample

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// LogOptions configure [WriteLogs].
type LogOptions struct {
	Province         string         // province code, used in file names, e.g. "25"
	Months           int            // number of monthly files, at least 1
	From             string         // first month, YYYY-MM
	RequestsPerMonth int            // lines of each monthly file; 0 = 15,000
	Seed             int64          // the same seed gives the same bytes
	Location         *time.Location // the server's zone; nil = UTC+7 (Asia/Ho_Chi_Minh)
	// Gzip compresses every month but the last, as logrotate leaves old logs.
	Gzip bool
	// Host is the portal's host name, seen in the referrers of its own pages;
	// "" = dichvucong.gov.vn.
	Host string
}

// defaultRequests is the volume of a monthly log when LogOptions leave it 0.
const defaultRequests = 15000

// WriteLogs writes one access log per month, access_<province>_<YYYY-MM>.log (.log.gz
// for the earlier months with Gzip), of the provincial public-service portal serving
// units, and returns their paths in order. On error the files it created are removed.
//
// The logs are Apache's combined format followed by the response time in microseconds
// (%D), lines in time order, and follow the default sites file of reform ingest logs
// (ingest/sites_default.yaml): /don-vi/<unit>/thu-tuc/<procedure> pages and the
// POST …/nop-ho-so submission endpoint, /static/ assets, commune offices on 10.25.0.0/16.
// Traffic is realistic rather than real: citizens' sessions through a commune's pages
// to a procedure and sometimes its online submission, on phones (35–80 % by commune),
// tablets and computers, with a working-hours and evening rhythm and weekend dips;
// returning visitors; assisted submissions from the commune offices; search engines,
// link previews, an uptime monitor and vulnerability scanners; one to three outages a
// month (bursts of 502/503/504) and a few truncated lines.
func WriteLogs(dir string, units []Unit, o LogOptions) (paths []string, err error) {
	g, err := newLogPlan(units, o)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			for _, p := range paths {
				os.Remove(p)
			}
			paths = nil
		}
	}()
	for mi := range o.Months {
		start := g.first.AddDate(0, mi, 0)
		name := fmt.Sprintf("access_%s_%s.log", o.Province, start.Format("2006-01"))
		gz := o.Gzip && mi < o.Months-1
		if gz {
			name += ".gz"
		}
		path := filepath.Join(dir, name)
		paths = append(paths, path)
		if err := g.writeMonth(path, mi, start, gz); err != nil {
			return paths, fmt.Errorf("write %s: %w", path, err)
		}
	}
	return paths, nil
}

// logPlan is what every month shares: the communes' traits and the fixed pools.
type logPlan struct {
	o        LogOptions
	loc      *time.Location
	first    time.Time
	units    []Unit // sorted by code
	communes []logCommune
	cum      []float64 // cumulative traffic weights of communes
	procs    []procedure
	procCum  []float64
	self     string // https://host of the portal
}

// logCommune is one commune's traffic traits.
type logCommune struct {
	code       string
	weight     float64
	mobile     float64 // share of sessions on phones
	tablet     float64
	conversion float64 // share of form views that end in a submission
	assisted   float64 // share of traffic from the commune office
	ipBase     [2]uint32
}

func newLogPlan(units []Unit, o LogOptions) (*logPlan, error) {
	if len(units) == 0 {
		return nil, errors.New("no units: at least one commune is needed")
	}
	if o.Months < 1 || o.Months > maxMonths {
		return nil, fmt.Errorf("months must be between 1 and %d, got %d", maxMonths, o.Months)
	}
	if o.Province == "" || strings.ContainsAny(o.Province, `/\. `) {
		return nil, fmt.Errorf("province %q is not a province code such as \"25\"", o.Province)
	}
	if o.RequestsPerMonth < 0 || o.RequestsPerMonth > 50_000_000 {
		return nil, fmt.Errorf("requests per month must be between 0 (default %d) and 50000000, got %d", defaultRequests, o.RequestsPerMonth)
	}
	if o.RequestsPerMonth == 0 {
		o.RequestsPerMonth = defaultRequests
	}
	loc := o.Location
	if loc == nil {
		loc = time.FixedZone("Asia/Ho_Chi_Minh", 7*3600)
	}
	first, err := time.ParseInLocation("2006-01", o.From, loc)
	if err != nil {
		return nil, fmt.Errorf("from %q is not a month: want YYYY-MM", o.From)
	}
	if o.Host == "" {
		o.Host = "dichvucong.gov.vn"
	}
	if strings.ContainsAny(o.Host, "/ \"") {
		return nil, fmt.Errorf("host %q is not a host name", o.Host)
	}
	g := &logPlan{o: o, loc: loc, first: first, units: slices.Clone(units), procs: catalogue(), self: "https://" + o.Host}
	slices.SortFunc(g.units, func(a, b Unit) int { return strings.Compare(a.Code, b.Code) })
	sz := sizes(g.units, o.Seed^0x10c5)
	total := 0.0
	for i, u := range g.units {
		if strings.ContainsAny(u.Code, " \"/?#") || u.Code == "" {
			return nil, fmt.Errorf("unit %q: code %q is not a commune code", u.Name, u.Code)
		}
		rng := rand.New(rand.NewPCG(uint64(o.Seed)^0x1095, mix(hash(u.Code))))
		c := logCommune{code: u.Code, weight: sz[i],
			mobile:     0.35 + 0.45*rng.Float64(),
			tablet:     0.02 + 0.05*rng.Float64(),
			conversion: 0.08 + 0.37*rng.Float64(),
			assisted:   0.04 + 0.12*rng.Float64(),
		}
		// two home ranges of Vietnamese ISPs (fixed-line and mobile) per commune
		for k := range c.ipBase {
			c.ipBase[k] = vnRanges[rng.IntN(len(vnRanges))] + uint32(rng.IntN(64))<<16
		}
		g.communes = append(g.communes, c)
		total += c.weight
		g.cum = append(g.cum, total)
	}
	t := 0.0
	for _, p := range g.procs {
		t += p.weight * (0.5 + p.online)
		g.procCum = append(g.procCum, t)
	}
	return g, nil
}

// vnRanges are /10-ish starts of address blocks of Vietnamese ISPs (VNPT, Viettel, FPT,
// MobiFone), written as 32-bit numbers.
var vnRanges = []uint32{
	14<<24 | 160<<16, 113<<24 | 160<<16, 27<<24 | 64<<16, 171<<24 | 224<<16, 42<<24 | 112<<16,
	118<<24 | 68<<16, 116<<24 | 96<<16, 125<<24 | 212<<16, 1<<24 | 52<<16, 103<<24 | 199<<16,
}

// logEvent is one request before it is written.
type logEvent struct {
	at     int64 // Unix microseconds
	client string
	agent  string
	method string
	target string
	ref    string
	status int16
	bytes  int32 // -1 writes "-"
	respUS int32
	broken bool // written truncated: a malformed line
}

// monthGen generates one month.
type monthGen struct {
	*logPlan
	rng     *rand.Rand
	start   int64 // Unix seconds
	end     int64
	days    []int32
	dayCum  []float64
	outages [][2]int64 // Unix µs [start, end)
	events  []logEvent
	clients map[string]bool // clients whose static assets are cached today (client|day)
}

func (g *logPlan) writeMonth(path string, mi int, start time.Time, gz bool) error {
	m := &monthGen{logPlan: g, start: start.Unix(), end: start.AddDate(0, 1, 0).Unix(),
		rng:     rand.New(rand.NewPCG(uint64(g.o.Seed), mix(uint64(start.Year()*12+int(start.Month()))^0x10a))),
		clients: map[string]bool{}}
	for d := civilDay(start); d < civilDay(start.AddDate(0, 1, 0)); d++ {
		m.days = append(m.days, d)
		w := dayWeight(d) * season(int(start.Month()))
		if len(m.dayCum) > 0 {
			w += m.dayCum[len(m.dayCum)-1]
		}
		m.dayCum = append(m.dayCum, w)
	}
	for range 1 + m.rng.IntN(3) {
		d := m.days[m.rng.IntN(len(m.days))]
		at := m.midnight(d) + int64(8*3600+m.rng.IntN(9*3600))
		dur := int64(20+m.rng.IntN(100)) * 60
		m.outages = append(m.outages, [2]int64{at * 1e6, (at + dur) * 1e6})
	}
	n := g.o.RequestsPerMonth
	m.events = make([]logEvent, 0, n+64)
	m.background(n)
	for len(m.events) < n {
		m.session()
	}
	m.events = m.events[:n]
	slices.SortStableFunc(m.events, func(a, b logEvent) int {
		switch {
		case a.at < b.at:
			return -1
		case a.at > b.at:
			return 1
		}
		return 0
	})
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if gz {
		zw, _ = gzip.NewWriterLevel(f, gzip.BestSpeed)
		w = zw
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var line []byte
	for i := range m.events {
		line = m.appendLine(line[:0], &m.events[i])
		bw.Write(line)
	}
	err = bw.Flush()
	if zw != nil && err == nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func (m *monthGen) midnight(d int32) int64 {
	y, mo, day := date(d)
	return time.Date(y, mo, day, 0, 0, 0, 0, m.loc).Unix()
}

// dayWeight: working days full, Saturday less, Sunday and fixed holidays least.
func dayWeight(d int32) float64 {
	switch {
	case isWorkday(d):
		return 1
	case weekday(d) == time.Saturday:
		return 0.45
	}
	return 0.3
}

// citizenHours is the hourly rhythm of people: office hours and the evening on phones.
var citizenHours = []float64{0.2, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 1.6, 2.6, 2.8, 2.6, 2.0,
	1.2, 1.4, 2.4, 2.6, 2.2, 1.5, 1.0, 1.2, 1.6, 1.5, 1.0, 0.5}

// officeHours: 7:30–11:30 and 13:30–17:00 (hours with any office work).
var officeHours = []float64{0, 0, 0, 0, 0, 0, 0, 0.5, 1, 1, 1, 0.5, 0, 0.5, 1, 1, 0.8, 0.1, 0, 0, 0, 0, 0, 0}

func (m *monthGen) pickTime(hours []float64, workdaysOnly bool) int64 {
	for {
		d := m.days[pick(m.rng, m.dayCum)]
		if workdaysOnly && !isWorkday(d) {
			continue
		}
		h := pickWeight(m.rng, hours)
		return (m.midnight(d)+int64(h*3600+m.rng.IntN(3600)))*1e6 + int64(m.rng.IntN(1e6))
	}
}

func pickWeight(rng *rand.Rand, w []float64) int {
	t := 0.0
	for _, x := range w {
		t += x
	}
	r := rng.Float64() * t
	for i, x := range w {
		if r < x {
			return i
		}
		r -= x
	}
	return len(w) - 1
}

func (m *monthGen) inOutage(at int64) bool {
	for _, o := range m.outages {
		if at >= o[0] && at < o[1] {
			return true
		}
	}
	return false
}

// background adds the traffic that is not people: the uptime monitor, crawlers,
// link previews and scanners, about 12 % of n.
func (m *monthGen) background(n int) {
	// the uptime monitor: every 5 minutes, or less often on a small log (at most 3 % of it)
	every := int64(300)
	if span := m.end - m.start; span/every > int64(n)*3/100 {
		every = span / max(int64(n)*3/100, 1)
	}
	for t := m.start + 17; t < m.end; t += every {
		m.add(logEvent{at: t * 1e6, client: "45.77.180.23", agent: "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
			method: "HEAD", target: "/", ref: "-", status: 200, bytes: -1}, pageResp)
	}
	bots := []struct {
		ip    string
		agent string
		share float64
	}{
		{"66.249.66.%d", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 0.30},
		{"66.249.68.%d", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.7339.207 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 0.15},
		{"40.77.167.%d", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 0.12},
		{"123.30.175.%d", "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)", 0.15},
		{"54.36.148.%d", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 0.08},
		{"114.119.134.%d", "Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)", 0.06},
		{"31.13.115.%d", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", 0.06},
		{"185.220.101.%d", "python-requests/2.32.3", 0.04},
		{"193.41.206.%d", "-", 0.04},
	}
	crawl := n * 10 / 100
	for range crawl {
		r := m.rng.Float64()
		b := bots[len(bots)-1]
		for _, x := range bots {
			if r < x.share {
				b = x
				break
			}
			r -= x.share
		}
		ev := logEvent{at: m.pickTime(flatHours, false), client: fmt.Sprintf(b.ip, 1+m.rng.IntN(250)), agent: b.agent,
			method: "GET", ref: "-", status: 200}
		switch {
		case b.agent == "-" || strings.HasPrefix(b.agent, "python"):
			ev.target = scanTargets[m.rng.IntN(len(scanTargets))]
			ev.status, ev.bytes = 404, 209
		case m.rng.Float64() < 0.1:
			ev.target, ev.bytes = "/robots.txt", 68
		default:
			ev.target, ev.bytes = m.pagePath(), int32(14_000+m.rng.IntN(40_000))
		}
		m.add(ev, pageResp)
	}
}

var flatHours = []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}

var scanTargets = []string{"/wp-login.php", "/.env", "/admin/config.php", "/phpmyadmin/", "/.git/config",
	"/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci/;stok=/locale", "/xmlrpc.php"}

// pagePath is a page a crawler might fetch.
func (m *monthGen) pagePath() string {
	c := m.communes[pick(m.rng, m.cum)]
	switch m.rng.IntN(4) {
	case 0:
		return "/don-vi/" + c.code
	case 1:
		return "/thu-tuc/" + m.procs[pick(m.rng, m.procCum)].code
	}
	return "/don-vi/" + c.code + "/thu-tuc/" + m.procs[pick(m.rng, m.procCum)].code
}

type respKind int

const (
	pageResp respKind = iota
	staticResp
	postResp
)

// add appends ev, turning it into a server error during an outage and now and then
// into a truncated line.
func (m *monthGen) add(ev logEvent, kind respKind) {
	switch kind {
	case staticResp:
		ev.respUS = int32(800 + m.rng.IntN(4000))
	case postResp:
		ev.respUS = int32(180_000 * logNormal(m.rng, 0.6))
	default:
		ev.respUS = int32(60_000 * logNormal(m.rng, 0.7))
	}
	if m.inOutage(ev.at) && m.rng.Float64() < 0.92 {
		ev.status = []int16{502, 503, 504, 504}[m.rng.IntN(4)]
		ev.bytes = int32(150 + m.rng.IntN(400))
		if ev.status == 504 {
			ev.respUS = int32(60_000_000 + m.rng.IntN(500_000))
		}
	} else if ev.status < 400 && m.rng.Float64() < 0.0015 {
		ev.status, ev.bytes = 500, 612
	}
	ev.broken = m.rng.Float64() < 0.00004
	m.events = append(m.events, ev)
}

// session adds one visit by a person: a landing page, static assets, a procedure's
// pages and sometimes its form and an online submission.
func (m *monthGen) session() {
	ci := pick(m.rng, m.cum)
	c := &m.communes[ci]
	office := m.rng.Float64() < c.assisted
	var client, agent string
	var at int64
	if office {
		client = fmt.Sprintf("10.25.%d.%d", ci%250, 11+m.rng.IntN(8))
		agent = desktopAgent(m.rng, true)
		at = m.pickTime(officeHours, true)
	} else {
		// a returning visitor as often as not: few addresses per commune and month
		pool := max(int(float64(m.o.RequestsPerMonth)*c.weight/float64(len(m.communes))/14), 3)
		id := uint32(m.rng.IntN(pool))
		r := rand.New(rand.NewPCG(uint64(m.o.Seed)^uint64(ci), uint64(id)))
		base := c.ipBase[id%2]
		if r.Float64() < 0.12 {
			client = fmt.Sprintf("2402:800:%x:%x::%x", 0x6000+ci, r.IntN(0x10000), 1+r.IntN(0xfff))
		} else {
			v := base + uint32(r.IntN(1<<16))
			client = fmt.Sprintf("%d.%d.%d.%d", v>>24, v>>16&255, v>>8&255, max(v&255, 1))
		}
		switch x := r.Float64(); {
		case x < c.mobile:
			agent = mobileAgent(r)
		case x < c.mobile+c.tablet:
			agent = tabletAgent(r)
		default:
			agent = desktopAgent(r, false)
		}
		at = m.pickTime(citizenHours, false)
	}
	proc := m.procs[pick(m.rng, m.procCum)]
	unitPath := "/don-vi/" + c.code
	procPath := unitPath + "/thu-tuc/" + proc.code
	ref := []string{"-", "-", "https://www.google.com/", "https://www.google.com.vn/", "https://www.facebook.com/",
		"https://zalo.me/", "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"}[m.rng.IntN(7)]
	step := func(target, referrer string) {
		m.add(logEvent{at: at, client: client, agent: agent, method: "GET", target: target, ref: referrer,
			status: 200, bytes: int32(14_000 + m.rng.IntN(40_000))}, pageResp)
		// the page's assets: fetched once a day, then answered 304 from the cache
		day := strconv.FormatInt(at/86_400_000_000, 10)
		cached := m.clients[client+"|"+day]
		m.clients[client+"|"+day] = true
		for k, a := range staticAssets {
			ev := logEvent{at: at + int64(40_000*(k+1)), client: client, agent: agent, method: "GET", target: a.path,
				ref: m.self + target, status: 200, bytes: a.size}
			if cached {
				ev.status, ev.bytes = 304, -1
			}
			m.add(ev, staticResp)
		}
		at += int64(5+m.rng.IntN(80)) * 1e6
	}
	landing := unitPath
	switch x := m.rng.Float64(); {
	case x < 0.25:
		landing = "/"
	case x < 0.4:
		landing = "/thu-tuc/" + proc.code
	}
	step(landing, ref)
	if landing == "/" {
		step(unitPath, "-")
	}
	step(procPath, "-")
	if m.rng.Float64() < 0.35 {
		step(procPath+"/huong-dan", "-")
	}
	if m.rng.Float64() < 0.03 {
		m.add(logEvent{at: at, client: client, agent: agent, method: "GET", target: procPath + "/mau-don.pdf",
			ref: "-", status: 404, bytes: 209}, pageResp)
	}
	formRate := 0.25 + 0.5*proc.online
	if office {
		formRate = 0.9
	}
	if m.rng.Float64() >= formRate {
		if m.rng.Float64() < 0.2 {
			step("/tra-cuu-ho-so?ma="+strconv.Itoa(100000+m.rng.IntN(900000)), "-")
		}
		return
	}
	form := procPath + "/nop-ho-so"
	step(form, "-")
	conv := c.conversion
	if office {
		conv = 0.85
	}
	if m.rng.Float64() >= conv {
		return
	}
	at += int64(60+m.rng.IntN(600)) * 1e6 // filling the form in
	if m.rng.Float64() < 0.08 {           // a validation error first
		m.add(logEvent{at: at, client: client, agent: agent, method: "POST", target: form, ref: form,
			status: 422, bytes: 2_300}, postResp)
		at += int64(30+m.rng.IntN(200)) * 1e6
	}
	m.add(logEvent{at: at, client: client, agent: agent, method: "POST", target: form, ref: form,
		status: 302, bytes: 0}, postResp)
	at += 1e6
	step(form+"/ket-qua", form)
}

var staticAssets = []struct {
	path string
	size int32
}{
	{"/static/css/app.css", 48_213}, {"/static/js/app.js", 182_377}, {"/static/img/logo.png", 9_810}, {"/favicon.ico", 1_150},
}

var androidModels = []string{"SM-A155F", "SM-A256E", "SM-A057F", "Redmi Note 13", "Redmi 13C", "CPH2591", "CPH2579",
	"vivo 1906", "V2250", "RMX3834", "TECNO KI5q", "Nokia C32", "SM-S918B", "2201117TG"}

func mobileAgent(r *rand.Rand) string {
	chrome := 128 + r.IntN(13)
	switch x := r.Float64(); {
	case x < 0.30:
		ios := []string{"17_6", "18_3", "18_5", "18_6", "26_0"}[r.IntN(5)]
		return "Mozilla/5.0 (iPhone; CPU iPhone OS " + ios + " like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/" +
			strings.ReplaceAll(ios, "_", ".") + " Mobile/15E148 Safari/604.1"
	case x < 0.45:
		return fmt.Sprintf("Mozilla/5.0 (Linux; Android %d; %s Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/%d.0.0.0 Mobile Safari/537.36 Zalo android/12%03d ZaloTheme/light ZaloLanguage/vi",
			11+r.IntN(5), androidModels[r.IntN(len(androidModels))], chrome, r.IntN(200))
	case x < 0.52:
		return fmt.Sprintf("Mozilla/5.0 (Linux; Android %d; %s) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/%d.0.%d Mobile Chrome/%d.0.0.0 Mobile Safari/537.36",
			11+r.IntN(5), androidModels[r.IntN(len(androidModels))], 130+r.IntN(10), r.IntN(300), chrome)
	case x < 0.58:
		return fmt.Sprintf("Mozilla/5.0 (Linux; Android %d; %s Build/UP1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/%d.0.0.0 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/%d.0.0.%d;]",
			12+r.IntN(4), androidModels[r.IntN(len(androidModels))], chrome, 480+r.IntN(40), r.IntN(60))
	}
	return fmt.Sprintf("Mozilla/5.0 (Linux; Android %d; %s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36",
		10+r.IntN(6), androidModels[r.IntN(len(androidModels))], chrome)
}

func tabletAgent(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		return "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	}
	return fmt.Sprintf("Mozilla/5.0 (Linux; Android 13; SM-X%d) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36",
		200+r.IntN(20)*5, 128+r.IntN(13))
}

func desktopAgent(r *rand.Rand, office bool) string {
	chrome := 128 + r.IntN(13)
	x := r.Float64()
	if office && x < 0.35 {
		return "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36"
	}
	switch {
	case x < 0.45:
		return fmt.Sprintf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36", chrome)
	case x < 0.70:
		return fmt.Sprintf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/%d.0.%d Chrome/%d.0.0.0 Safari/537.36",
			130+r.IntN(10), r.IntN(300), chrome)
	case x < 0.85:
		return fmt.Sprintf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0", chrome, chrome)
	case x < 0.93:
		return fmt.Sprintf("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0", 130+r.IntN(13), 130+r.IntN(13))
	}
	return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15"
}

// appendLine writes ev in Apache's combined format plus %D.
func (m *monthGen) appendLine(b []byte, ev *logEvent) []byte {
	start := len(b)
	b = append(b, ev.client...)
	b = append(b, " - - ["...)
	b = time.UnixMicro(ev.at).In(m.loc).AppendFormat(b, "02/Jan/2006:15:04:05 -0700")
	b = append(b, "] \""...)
	b = append(b, ev.method...)
	b = append(b, ' ')
	b = append(b, ev.target...)
	b = append(b, " HTTP/1.1\" "...)
	b = strconv.AppendInt(b, int64(ev.status), 10)
	b = append(b, ' ')
	if ev.bytes < 0 {
		b = append(b, '-')
	} else {
		b = strconv.AppendInt(b, int64(ev.bytes), 10)
	}
	b = append(b, " \""...)
	b = append(b, ev.ref...)
	b = append(b, "\" \""...)
	b = append(b, ev.agent...)
	b = append(b, "\" "...)
	b = strconv.AppendInt(b, int64(ev.respUS), 10)
	if ev.broken {
		// a line cut short, as a crash or a full disk leaves it: before its status
		cut := start + int(math.Min(float64(len(b)-start), float64(40+int(ev.respUS)%30)))
		b = b[:cut]
	}
	return append(b, '\n')
}
