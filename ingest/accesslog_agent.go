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
	l := strings.ToLower(t)
	for _, f := range families {
		if strings.Contains(l, f.marker) {
			info.family = f.name
			break
		}
	}
	if info.family == "" {
		info.family = "other"
	}
	for _, m := range botMarkers {
		if strings.Contains(l, m) {
			info.class, info.device = "bot", "bot"
			return info
		}
	}
	info.class = "human"
	switch {
	case containsAny(l, tabletMarkers) ||
		strings.Contains(l, "android") && !strings.Contains(l, "mobile") && !strings.Contains(l, "dalvik"):
		info.device = "tablet"
	case containsAny(l, mobileMarkers):
		info.device = "mobile"
	default:
		info.device = "desktop"
	}
	return info
}

func containsAny(s string, markers []string) bool {
	for _, m := range markers {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}
