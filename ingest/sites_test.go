package ingest

import (
	"errors"
	"strings"
	"testing"
)

func TestDefaultSites(t *testing.T) {
	s, err := LoadSites("")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "default" || s.Outages != (OutageRules{BucketMinutes: 5, MinMinutes: 15, ErrorShare: 0.5, MinRequests: 5}) {
		t.Errorf("default: name %q, outages %+v", s.Name, s.Outages)
	}
	tests := []struct {
		method, target     string
		unit, procedure    string
		static, submission bool
	}{
		{"GET", "/don-vi/04792", "04792", "", false, false},
		{"GET", "/don-vi/4792/lien-he", "04792", "", false, false},
		{"GET", "/don-vi/04792/thu-tuc/1.001193", "04792", "1.001193", false, false},
		{"GET", "/don-vi/04792/thu-tuc/1.001193/nop-ho-so", "04792", "1.001193", false, false},
		{"POST", "/don-vi/04792/thu-tuc/1.001193/nop-ho-so", "04792", "1.001193", false, true},
		{"post", "/don-vi/04792/thu-tuc/1.001193/nop-ho-so/", "04792", "1.001193", false, true},
		{"GET", "/thu-tuc/2.000815", "", "2.000815", false, false},
		{"POST", "/dich-vu-cong/nop-truc-tuyen?ma_don_vi=H44.104&ma_thu_tuc=1.001193", "H44.104", "1.001193", false, true},
		{"GET", "/dich-vu-cong/tra-cuu?ma_thu_tuc=1.001193", "", "1.001193", false, false},
		{"GET", "/", "", "", false, false},
		{"GET", "/static/css/app.css", "", "", true, false},
		{"GET", "/favicon.ico", "", "", true, false},
		{"GET", "/don-vi/04792/thu-tuc/1.001193/mau-don.PDF", "04792", "1.001193", true, false},
	}
	for _, tt := range tests {
		got := s.route("", tt.method, tt.target)
		if got.unit != tt.unit || got.procedure != tt.procedure || got.static != tt.static || got.submission != tt.submission {
			t.Errorf("%s %s = unit %q, procedure %q, static %v, submission %v; want %q, %q, %v, %v", tt.method, tt.target,
				got.unit, got.procedure, got.static, got.submission, tt.unit, tt.procedure, tt.static, tt.submission)
		}
		if got.site != "cong-dich-vu-cong" {
			t.Errorf("%s %s: site %q", tt.method, tt.target, got.site)
		}
	}
	for client, want := range map[string]bool{"10.25.3.11": true, "::ffff:10.1.1.1": true, "14.160.1.1": false,
		"2402:800:6001:1::5": false, "in24.inetnebr.com": false, "": false} {
		if got := s.office(client); got != want {
			t.Errorf("office(%q) = %v, want %v", client, got, want)
		}
	}
}

func TestParseSites(t *testing.T) {
	s, err := ParseSites("sites.yaml", []byte(`
sites:
  - name: xa-hy-cuong
    hosts: [hycuong.phutho.gov.vn]
    unit: "7894"
    routes:
      - path: /thu-tuc/{procedure}/**
  - name: portal
    hosts: ["dichvucong.*.gov.vn"]
    province: "25"
    routes:
      - path: /xa/{unit}/*.html
      - path: /nop/{procedure}
        methods: [POST, PUT]
        submission: true
        unit: "04792"
unit_aliases:
  Tan-Hoa: "04792"
office_networks: [192.0.2.0/24, 2001:db8::1]
outages: {bucket_minutes: 10, min_minutes: 30, error_share: 0.8, min_requests: 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Outages != (OutageRules{BucketMinutes: 10, MinMinutes: 30, ErrorShare: 0.8, MinRequests: 3}) {
		t.Errorf("outages %+v", s.Outages)
	}
	tests := []struct {
		host, method, target     string
		site, province, unit, pr string
		submission               bool
	}{
		{"hycuong.phutho.gov.vn", "GET", "/thu-tuc/1.001193/huong-dan", "xa-hy-cuong", "", "07894", "1.001193", false},
		{"HyCuong.phutho.gov.vn:443", "GET", "/", "xa-hy-cuong", "", "07894", "", false},
		{"dichvucong.phutho.gov.vn", "GET", "/xa/tan-hoa/gioi-thieu.html", "portal", "25", "04792", "", false},
		{"dichvucong.phutho.gov.vn", "GET", "/xa/04795/gioi-thieu.php", "portal", "25", "", "", false},
		{"dichvucong.phutho.gov.vn", "PUT", "/nop/1.001193", "portal", "25", "04792", "1.001193", true},
		{"dichvucong.phutho.gov.vn", "GET", "/nop/1.001193", "portal", "25", "", "", false},
		{"www.example.com", "GET", "/xa/04795/a.html", "", "", "", "", false},
		{"", "GET", "/thu-tuc/2.000815", "xa-hy-cuong", "", "07894", "2.000815", false}, // no host: every site is a candidate
	}
	for _, tt := range tests {
		got := s.route(tt.host, tt.method, tt.target)
		if got.site != tt.site || got.province != tt.province || got.unit != tt.unit || got.procedure != tt.pr || got.submission != tt.submission {
			t.Errorf("%s %s %s = %+v; want site %q, province %q, unit %q, procedure %q, submission %v",
				tt.host, tt.method, tt.target, got, tt.site, tt.province, tt.unit, tt.pr, tt.submission)
		}
	}
	if !s.office("192.0.2.77") || !s.office("2001:db8::1") || s.office("2001:db8::2") {
		t.Error("office networks: a range, a single address")
	}
}

func TestParseSitesErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "sites:\n  - name: a\n    hostz: [x]\n", "line 3: field hostz not found"},
		{"bad office network", "office_networks:\n  - 10.0.0.0/33\n", `line 2: office_networks: "10.0.0.0/33" is not an address or CIDR range`},
		{"path without slash", "sites:\n  - name: a\n    routes:\n      - path: don-vi/{unit}\n", `line 2: site "a": path pattern "don-vi/{unit}" must start with /`},
		{"** in the middle", "sites:\n  - name: a\n    routes:\n      - path: /a/**/b\n", `line 2: site "a": path pattern "/a/**/b": ** may only end a pattern`},
		{"unknown capture", "sites:\n  - routes:\n      - path: /a/{commune}\n", "only {unit} and {procedure} capture"},
		{"bad host glob", "sites:\n  - hosts: ['[abc']\n", `host pattern "[abc" is not a host name`},
		{"bad outage share", "outages: {bucket_minutes: 5, min_minutes: 15, error_share: 1.5, min_requests: 5}\n", "outages.error_share must be above 0 and at most 1"},
		{"min below bucket", "outages: {bucket_minutes: 10, min_minutes: 5, error_share: 0.5, min_requests: 5}\n", "outages.min_minutes (5) must be at least bucket_minutes (10)"},
		{"version", "version: 2\n", "version 2 is not supported"},
		{"not YAML", "sites: [\n", "did not find expected node content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSites("s.yaml", []byte(tt.yaml))
			if !errors.Is(err, ErrBadSites) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want ErrBadSites containing %q", err, tt.want)
			}
		})
	}
	if s, err := ParseSites("empty.yaml", nil); err != nil || s.route("", "GET", "/x").site != "" {
		t.Errorf("an empty sites file maps nothing: %v", err)
	}
}
