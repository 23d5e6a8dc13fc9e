package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClassifyAgent(t *testing.T) {
	tests := []struct {
		ua                    string
		present               bool
		class, device, family string
	}{
		{testUA, true, "human", "mobile", "Chrome"},
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1", true, "human", "mobile", "Safari"},
		{"Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", true, "human", "tablet", "Safari"},
		{"Mozilla/5.0 (Linux; Android 13; SM-X205) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36", true, "human", "tablet", "Chrome"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/140.0.192 Chrome/134.0.0.0 Safari/537.36", true, "human", "desktop", "Cốc Cốc"},
		{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0", true, "human", "desktop", "Edge"},
		{"Mozilla/5.0 (Linux; Android 14; CPH2591 Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/139.0.0.0 Mobile Safari/537.36 Zalo android/12100 ZaloTheme/light ZaloLanguage/vi", true, "human", "mobile", "Zalo"},
		{"Dalvik/2.1.0 (Linux; U; Android 11; SM-A125F Build/RP1A.200720.012)", true, "human", "mobile", "Android app"},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true, "bot", "bot", "Googlebot"},
		{"Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.7339.207 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true, "bot", "bot", "Googlebot"},
		{"Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)", true, "bot", "bot", "coccocbot"},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html", true, "bot", "bot", "Googlebot"},
		{"python-requests/2.32.3", true, "bot", "bot", "Python"},
		{"curl/8.5.0", true, "bot", "bot", "curl"},
		{"Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", true, "bot", "bot", "other"},
		{"-", true, "bot", "bot", "no user agent"},
		{"", true, "bot", "bot", "no user agent"},
		{"", false, "unknown", "unknown", ""},
	}
	for _, tt := range tests {
		got := classifyAgent(tt.ua, tt.present)
		if got.class != tt.class || got.device != tt.device || got.family != tt.family {
			t.Errorf("classifyAgent(%q, %v) = %s, %s, %q; want %s, %s, %q", tt.ua, tt.present,
				got.class, got.device, got.family, tt.class, tt.device, tt.family)
		}
	}
}

// classifyAgentContains is classifyAgent as it was first written, marker by marker
// with strings.Contains: the one-pass marker table must agree with it.
func classifyAgentContains(ua string, present bool) agentInfo {
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
	containsAny := func(markers []string) bool {
		for _, m := range markers {
			if strings.Contains(l, m) {
				return true
			}
		}
		return false
	}
	if containsAny(botMarkers) {
		info.class, info.device = "bot", "bot"
		return info
	}
	info.class = "human"
	switch {
	case containsAny(tabletMarkers) || strings.Contains(l, "android") && !strings.Contains(l, "mobile") && !strings.Contains(l, "dalvik"):
		info.device = "tablet"
	case containsAny(mobileMarkers):
		info.device = "mobile"
	default:
		info.device = "desktop"
	}
	return info
}

// TestClassifyAgentMarkers compares the marker table with strings.Contains on the user
// agents of the test logs, on every marker alone and inside text, and on random
// splices of markers.
func TestClassifyAgentMarkers(t *testing.T) {
	var uas []string
	files, _ := filepath.Glob("testdata/accesslog/*.log")
	files = append(files, "../testdata/access_logs/elastic_apache_combined_10k.log")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, l := range strings.Split(string(b), "\n") {
			if q := strings.Split(l, `"`); len(q) >= 6 {
				uas = append(uas, q[5])
			}
		}
	}
	all := append(append(append([]string{"android", "mobile", "dalvik"}, botMarkers...), tabletMarkers...), mobileMarkers...)
	for _, f := range families {
		all = append(all, f.marker)
	}
	for _, m := range all {
		uas = append(uas, m, strings.ToUpper(m), "x"+m+"y", m[:len(m)-1], " "+m[1:])
	}
	x := uint64(1)
	for range 20000 {
		var b strings.Builder
		for range 1 + x%5 {
			x = x*6364136223846793005 + 1442695040888963407
			m := all[x>>33%uint64(len(all))]
			b.WriteString(m[:1+int(x>>20)%len(m)])
			if x&(1<<40) != 0 {
				b.WriteString(m)
			}
		}
		uas = append(uas, b.String())
	}
	if len(uas) < 20000 {
		t.Fatalf("only %d user agents", len(uas))
	}
	for _, ua := range uas {
		for _, present := range []bool{true, false} {
			if got, want := classifyAgent(ua, present), classifyAgentContains(ua, present); got != want {
				t.Fatalf("classifyAgent(%q) = %+v, want %+v", ua, got, want)
			}
		}
	}
}
