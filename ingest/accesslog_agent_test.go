package ingest

import "testing"

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
