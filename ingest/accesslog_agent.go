package ingest

import "strings"

// agentInfo is what reform keeps of a user agent besides its text.
type agentInfo struct {
	hash   int64  // hash64 of the text as written: the same agent has the same hash in every file
	class  string // human, bot, or unknown (the log format carries no user agent)
	device string // mobile, tablet, desktop, bot, or unknown
	family string // browser or robot family, for top lists
}

// botMarkers are lower-case substrings of crawlers, link previewers, monitors,
// scanners and HTTP libraries: automated clients, never counted as people.
var botMarkers = []string{
	"bot", "crawl", "spider", "slurp", "archiver", "facebookexternalhit", "facebookcatalog",
	"bingpreview", "mediapartners", "feedfetcher", "ia_archiver", "embedly", "preview",
	"curl/", "wget/", "python-requests", "python-urllib", "python/", "aiohttp", "httpx", "go-http-client",
	"java/", "libwww-perl", "apache-httpclient", "scrapy", "headlesschrome", "phantomjs",
	"lighthouse", "pingdom", "uptime", "monitor", "statuscake", "check_http", "zabbix",
	"prometheus", "blackbox", "site24x7", "newrelic", "datadog", "zgrab", "masscan", "nmap",
	"nikto", "sqlmap", "nuclei", "postmanruntime", "insomnia", "axios/", "node-fetch",
	"guzzlehttp", "httpclient", "semrush", "ahrefs", "mj12", "sogou", "yandex", "qwant",
	"seznam", "whatsapp", "skypeuripreview", "validator", "scanner", "fetcher",
}

// families are checked in order: the first marker found names the family.
var families = []struct{ marker, name string }{
	{"googlebot", "Googlebot"}, {"bingbot", "Bingbot"}, {"coccocbot", "coccocbot"},
	{"yandex", "YandexBot"}, {"baiduspider", "Baiduspider"}, {"petalbot", "PetalBot"},
	{"ahrefsbot", "AhrefsBot"}, {"semrushbot", "SemrushBot"}, {"facebookexternalhit", "Facebook preview"},
	{"gptbot", "GPTBot"}, {"bytespider", "Bytespider"}, {"applebot", "Applebot"},
	{"curl/", "curl"}, {"wget/", "Wget"}, {"python", "Python"}, {"go-http-client", "Go"},
	{"zalo", "Zalo"}, {"coc_coc_browser", "Cốc Cốc"}, {"fban", "Facebook app"}, {"fbav", "Facebook app"},
	{"samsungbrowser", "Samsung Internet"}, {"edg", "Edge"}, {"opr/", "Opera"}, {"opera", "Opera"},
	{"ucbrowser", "UC Browser"}, {"firefox/", "Firefox"}, {"fxios", "Firefox"},
	{"crios", "Chrome"}, {"chrome/", "Chrome"}, {"msie", "Internet Explorer"},
	{"trident/", "Internet Explorer"}, {"safari/", "Safari"}, {"dalvik", "Android app"},
}

var tabletMarkers = []string{"ipad", "tablet", "kindle", "silk/", "playbook", "sm-t", "nexus 7", "nexus 10"}
var mobileMarkers = []string{"mobi", "iphone", "ipod", "android", "windows phone", "blackberry", "bb10",
	"opera mini", "iemobile", "webos", "symbian", "nokia", "kaios", "dalvik"}

// classifyAgent classifies a user agent. present is false when the log format has no
// user agent at all (common log format): the request is then of unknown class and
// device, and counted as human. An empty agent ("" or "-") in a format that has one
// is a script: browsers always send one.
func classifyAgent(ua string, present bool) agentInfo {
	var info agentInfo
	if !present {
		info.class, info.device, info.family = "unknown", "unknown", ""
		return info
	}
	t := strings.TrimSpace(ua)
	if t == "" || t == "-" {
		info.class, info.device, info.family = "bot", "bot", "no user agent"
		return info
	}
	m := agentMarkers
	var found markerBits
	m.scan(strings.ToLower(t), &found)
	info.family = "other"
	for i, f := range families {
		if found.has(m.family[i]) {
			info.family = f.name
			break
		}
	}
	if found.any(&m.bot) {
		info.class, info.device = "bot", "bot"
		return info
	}
	info.class = "human"
	switch {
	case found.any(&m.tablet) || found.has(m.android) && !found.has(m.mobile) && !found.has(m.dalvik):
		info.device = "tablet"
	case found.any(&m.mobiles):
		info.device = "mobile"
	default:
		info.device = "desktop"
	}
	return info
}

// markerTable finds, in one pass over a lower-case user agent, which of the markers
// above it contains: each position's next three bytes index a table of the markers
// starting with them, then each candidate is compared whole. It gives what
// strings.Contains would, marker by marker, at a tenth of the cost.
type markerTable struct {
	markers []string
	head    [1 << 12]uint16 // hash of a marker's first three bytes → 1 + its first marker
	next    []uint16        // 1 + the next marker with the same hash, 0 at the end

	family                  []int // the marker of each of families
	bot, tablet, mobiles    markerBits
	android, mobile, dalvik int
}

// markerBits has one bit per marker of agentMarkers.
type markerBits [4]uint64

var agentMarkers = newMarkerTable()

func newMarkerTable() *markerTable {
	m := &markerTable{}
	index := map[string]int{}
	add := func(mk string) int {
		if i, ok := index[mk]; ok {
			return i
		}
		if len(mk) < 3 || len(m.markers) == 64*len(markerBits{}) {
			panic("agent marker " + mk + ": shorter than 3 bytes, or too many markers")
		}
		i := len(m.markers)
		index[mk] = i
		m.markers = append(m.markers, mk)
		h := trigram(mk[0], mk[1], mk[2])
		m.next = append(m.next, m.head[h])
		m.head[h] = uint16(i + 1)
		return i
	}
	for _, f := range families {
		m.family = append(m.family, add(f.marker))
	}
	for _, set := range []struct {
		bits    *markerBits
		markers []string
	}{{&m.bot, botMarkers}, {&m.tablet, tabletMarkers}, {&m.mobiles, mobileMarkers}} {
		for _, mk := range set.markers {
			set.bits.set(add(mk))
		}
	}
	m.android, m.mobile, m.dalvik = add("android"), add("mobile"), add("dalvik")
	return m
}

func trigram(a, b, c byte) uint32 {
	return (uint32(a)*0x9E37 ^ uint32(b)*0x79B9 ^ uint32(c)*0x7F4A) & (1<<12 - 1)
}

func (m *markerTable) scan(l string, found *markerBits) {
	for i := 0; i+3 <= len(l); i++ {
		for j := m.head[trigram(l[i], l[i+1], l[i+2])]; j != 0; j = m.next[j-1] {
			if strings.HasPrefix(l[i:], m.markers[j-1]) {
				found.set(int(j - 1))
			}
		}
	}
}

func (b *markerBits) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b *markerBits) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

// any reports whether b and o share a marker.
func (b *markerBits) any(o *markerBits) bool {
	return b[0]&o[0]|b[1]&o[1]|b[2]&o[2]|b[3]&o[3] != 0
}
