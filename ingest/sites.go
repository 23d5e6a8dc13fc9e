package ingest

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// defaultSitesFile is the embedded default sites file: the portal layout that
// `reform sample --logs` writes, documented in docs/sites.md.
//
//go:embed sites_default.yaml
var defaultSitesFile []byte

// ErrBadSites is the cause of every sites-file error.
var ErrBadSites = errors.New("bad sites file")

// Sites is a parsed sites file: how the requests of an access log map to communes
// (unit codes) and procedures, which requests are static assets or online submissions,
// which client networks are commune offices, and when traffic counts as an outage.
// Build it with [ParseSites] or [LoadSites]; it is read-only afterwards and safe for
// concurrent use.
type Sites struct {
	Name   string // "default" or the file's path
	SHA256 string // of the file's bytes

	sites       []site
	aliases     map[string]string // lower-case alias → unit code
	staticExt   map[string]bool   // lower-case extension without the dot
	staticPaths []pathPattern
	offices     []netip.Prefix
	params      bool // some route reads a query parameter
	Outages     OutageRules
}

// OutageRules say when a stretch of traffic is an outage: a run of consecutive
// buckets of BucketMinutes, at least MinMinutes long, in each of which the site
// answered no request successfully (every response 5xx), or answered at least
// MinRequests requests with a 5xx share of ErrorShare or more.
type OutageRules struct {
	BucketMinutes int     `yaml:"bucket_minutes"`
	MinMinutes    int     `yaml:"min_minutes"`
	ErrorShare    float64 `yaml:"error_share"`
	MinRequests   int     `yaml:"min_requests"`
}

// site is one entry of sites: the hosts it serves and its routes, first match wins.
type site struct {
	name      string
	hosts     []string // lower-case path.Match patterns; empty = any host
	province  string
	unit      string
	procedure string
	routes    []route
}

type route struct {
	pattern        pathPattern
	methods        []string // upper case; empty = any
	unit           string
	procedure      string
	unitParam      string
	procedureParam string
	submission     bool
}

// pathPattern is a compiled path pattern: segments that are literals (or path.Match
// globs), "*" (any one segment), "{unit}" / "{procedure}" (capture one segment), and
// a final "**" (any rest, including nothing).
type pathPattern struct {
	text string
	segs []string
	rest bool
}

// sitesYAML is the file layout; see docs/sites.md.
type sitesYAML struct {
	Version        int               `yaml:"version"`
	Sites          []siteYAML        `yaml:"sites"`
	UnitAliases    map[string]string `yaml:"unit_aliases"`
	Static         staticYAML        `yaml:"static"`
	OfficeNetworks []yaml.Node       `yaml:"office_networks"`
	Outages        *OutageRules      `yaml:"outages"`
}

type siteYAML struct {
	Name      string      `yaml:"name"`
	Hosts     []string    `yaml:"hosts"`
	Province  string      `yaml:"province"`
	Unit      string      `yaml:"unit"`
	Procedure string      `yaml:"procedure"`
	Routes    []routeYAML `yaml:"routes"`
}

type routeYAML struct {
	Path           string   `yaml:"path"`
	Methods        []string `yaml:"methods"`
	Unit           string   `yaml:"unit"`
	Procedure      string   `yaml:"procedure"`
	UnitParam      string   `yaml:"unit_param"`
	ProcedureParam string   `yaml:"procedure_param"`
	Submission     bool     `yaml:"submission"`
}

type staticYAML struct {
	Extensions []string `yaml:"extensions"`
	Paths      []string `yaml:"paths"`
}

// LoadSites reads a sites file; an empty path gives the embedded default.
func LoadSites(path string) (*Sites, error) {
	if path == "" {
		return ParseSites("default", defaultSitesFile)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSites(path, b)
}

// ParseSites parses the bytes of a sites file called name. Errors carry the line
// of the offending entry and wrap [ErrBadSites].
func ParseSites(name string, b []byte) (*Sites, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrBadSites, yamlTypeRE.ReplaceAllString(err.Error(), ""))
	}
	var y sitesYAML
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&y); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: %s", ErrBadSites, yamlTypeRE.ReplaceAllString(err.Error(), ""))
	}
	sum := sha256.Sum256(b)
	s := &Sites{
		Name:      name,
		SHA256:    hex.EncodeToString(sum[:]),
		aliases:   map[string]string{},
		staticExt: map[string]bool{},
		Outages:   OutageRules{BucketMinutes: 5, MinMinutes: 15, ErrorShare: 0.5, MinRequests: 5},
	}
	if y.Version != 0 && y.Version != 1 {
		return nil, fmt.Errorf("%w: version %d is not supported (want 1)", ErrBadSites, y.Version)
	}
	lines := siteLines(&root)
	for i, sy := range y.Sites {
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		st, err := compileSite(sy, i)
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrBadSites, line, err)
		}
		for _, r := range st.routes {
			if r.unitParam != "" || r.procedureParam != "" {
				s.params = true
			}
		}
		s.sites = append(s.sites, st)
	}
	for alias, code := range y.UnitAliases {
		if strings.TrimSpace(code) == "" {
			return nil, fmt.Errorf("%w: unit_aliases: %q has no unit code", ErrBadSites, alias)
		}
		s.aliases[strings.ToLower(strings.TrimSpace(alias))] = logUnitCode(strings.TrimSpace(code))
	}
	for _, e := range y.Static.Extensions {
		e = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(e), "."))
		if e == "" || strings.ContainsAny(e, "/ ") {
			return nil, fmt.Errorf("%w: static.extensions: %q is not a file extension", ErrBadSites, e)
		}
		s.staticExt[e] = true
	}
	for _, p := range y.Static.Paths {
		pp, err := compilePath(p)
		if err != nil {
			return nil, fmt.Errorf("%w: static.paths: %v", ErrBadSites, err)
		}
		s.staticPaths = append(s.staticPaths, pp)
	}
	for _, n := range y.OfficeNetworks {
		p, err := parseOfficeNetwork(n.Value)
		if err != nil || n.Kind != yaml.ScalarNode {
			return nil, fmt.Errorf("%w: line %d: office_networks: %q is not an address or CIDR range such as 10.25.0.0/16", ErrBadSites, n.Line, n.Value)
		}
		s.offices = append(s.offices, p)
	}
	if o := y.Outages; o != nil {
		switch {
		case o.BucketMinutes < 1 || o.BucketMinutes > 1440:
			return nil, fmt.Errorf("%w: outages.bucket_minutes must be between 1 and 1440, not %d", ErrBadSites, o.BucketMinutes)
		case o.MinMinutes < o.BucketMinutes:
			return nil, fmt.Errorf("%w: outages.min_minutes (%d) must be at least bucket_minutes (%d)", ErrBadSites, o.MinMinutes, o.BucketMinutes)
		case !(o.ErrorShare > 0 && o.ErrorShare <= 1):
			return nil, fmt.Errorf("%w: outages.error_share must be above 0 and at most 1, not %v", ErrBadSites, o.ErrorShare)
		case o.MinRequests < 1:
			return nil, fmt.Errorf("%w: outages.min_requests must be at least 1, not %d", ErrBadSites, o.MinRequests)
		}
		s.Outages = *o
	}
	return s, nil
}

// yamlTypeRE matches the Go type names that yaml.v3 puts in its messages.
var yamlTypeRE = regexp.MustCompile(` in type ingest\.\w+|yaml: `)

// siteLines returns the line of each entry of the top-level sites list.
func siteLines(root *yaml.Node) []int {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "sites" && m.Content[i+1].Kind == yaml.SequenceNode {
			var lines []int
			for _, e := range m.Content[i+1].Content {
				lines = append(lines, e.Line)
			}
			return lines
		}
	}
	return nil
}

func compileSite(sy siteYAML, i int) (site, error) {
	st := site{name: sy.Name, province: strings.TrimSpace(sy.Province),
		unit: logUnitCode(strings.TrimSpace(sy.Unit)), procedure: strings.TrimSpace(sy.Procedure)}
	if st.name == "" {
		st.name = fmt.Sprintf("site %d", i+1)
	}
	for _, h := range sy.Hosts {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, err := path.Match(h, ""); err != nil || h == "" || strings.Contains(h, "/") {
			return st, fmt.Errorf("site %q: host pattern %q is not a host name or glob such as *.phutho.gov.vn", st.name, h)
		}
		st.hosts = append(st.hosts, h)
	}
	for _, ry := range sy.Routes {
		pp, err := compilePath(ry.Path)
		if err != nil {
			return st, fmt.Errorf("site %q: %v", st.name, err)
		}
		r := route{pattern: pp, unit: logUnitCode(strings.TrimSpace(ry.Unit)), procedure: strings.TrimSpace(ry.Procedure),
			unitParam: ry.UnitParam, procedureParam: ry.ProcedureParam, submission: ry.Submission}
		for _, m := range ry.Methods {
			m = strings.ToUpper(strings.TrimSpace(m))
			if m == "" || strings.ContainsAny(m, " /") {
				return st, fmt.Errorf("site %q: route %q: method %q is not an HTTP method", st.name, ry.Path, m)
			}
			r.methods = append(r.methods, m)
		}
		st.routes = append(st.routes, r)
	}
	return st, nil
}

func compilePath(p string) (pathPattern, error) {
	pp := pathPattern{text: p}
	if !strings.HasPrefix(p, "/") {
		return pp, fmt.Errorf("path pattern %q must start with /", p)
	}
	segs := splitPath(p)
	for i, s := range segs {
		switch {
		case s == "**":
			if i != len(segs)-1 {
				return pp, fmt.Errorf("path pattern %q: ** may only end a pattern", p)
			}
			pp.rest = true
			continue
		case s == "{unit}", s == "{procedure}", s == "*":
		case strings.ContainsAny(s, "{}"):
			return pp, fmt.Errorf("path pattern %q: segment %q: only {unit} and {procedure} capture", p, s)
		default:
			if _, err := path.Match(s, ""); err != nil {
				return pp, fmt.Errorf("path pattern %q: segment %q: %v", p, s, err)
			}
		}
		pp.segs = append(pp.segs, s)
	}
	return pp, nil
}

// splitPath splits a URL path into its non-empty segments.
func splitPath(p string) []string {
	var segs []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	return segs
}

func parseOfficeNetwork(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// match reports whether segs match the pattern and fills the captures.
func (pp *pathPattern) match(segs []string, unit, procedure *string) bool {
	if len(segs) < len(pp.segs) || (!pp.rest && len(segs) != len(pp.segs)) {
		return false
	}
	var u, pr string
	for i, p := range pp.segs {
		s := segs[i]
		switch p {
		case "*":
		case "{unit}":
			u = s
		case "{procedure}":
			pr = s
		default:
			if p == s {
				continue
			}
			if ok, _ := path.Match(p, s); !ok {
				return false
			}
		}
	}
	if u != "" {
		*unit = u
	}
	if pr != "" {
		*procedure = pr
	}
	return true
}

// routeInfo is what the sites file says about one request target.
type routeInfo struct {
	site       string
	province   string
	unit       string // as written or captured, after aliases; resolved to a 2025 code by transform
	procedure  string
	static     bool
	submission bool
}

// route maps one request: host ("" when the log has none: then every site is a
// candidate), method and target (path with its query string).
func (s *Sites) route(host, method, target string) routeInfo {
	p, query, _ := strings.Cut(target, "?")
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p = p[:i]
	}
	segs := splitPath(p)
	var info routeInfo
	info.static = s.isStatic(segs)
	host = strings.ToLower(host)
	if h, _, ok := strings.Cut(host, ":"); ok && !strings.Contains(h, "]") {
		host = h
	}
	for i := range s.sites {
		st := &s.sites[i]
		if host != "" && len(st.hosts) > 0 && !matchHost(st.hosts, host) {
			continue
		}
		info.site, info.province, info.unit, info.procedure = st.name, st.province, st.unit, st.procedure
		for j := range st.routes {
			r := &st.routes[j]
			if len(r.methods) > 0 && !containsFold(r.methods, method) {
				continue
			}
			unit, procedure := "", ""
			if !r.pattern.match(segs, &unit, &procedure) {
				continue
			}
			if r.unitParam != "" || r.procedureParam != "" {
				unit, procedure = queryParam(query, r.unitParam, unit), queryParam(query, r.procedureParam, procedure)
			}
			if r.unit != "" {
				unit = r.unit
			}
			if r.procedure != "" {
				procedure = r.procedure
			}
			if unit != "" {
				info.unit = s.unitCode(unit)
			}
			if procedure != "" {
				info.procedure = validText(procedure, 64)
			}
			info.submission = r.submission
			break
		}
		return info
	}
	return info
}

func (s *Sites) unitCode(v string) string {
	if c, ok := s.aliases[strings.ToLower(v)]; ok {
		return c
	}
	return validText(logUnitCode(v), 64)
}

func (s *Sites) isStatic(segs []string) bool {
	if len(segs) > 0 {
		last := segs[len(segs)-1]
		if i := strings.LastIndexByte(last, '.'); i >= 0 && s.staticExt[strings.ToLower(last[i+1:])] {
			return true
		}
	}
	var u, p string
	for i := range s.staticPaths {
		if s.staticPaths[i].match(segs, &u, &p) {
			return true
		}
	}
	return false
}

// office reports whether a client address lies in an office network; host names never do.
func (s *Sites) office(client string) bool {
	if len(s.offices) == 0 {
		return false
	}
	a, err := netip.ParseAddr(client)
	if err != nil {
		return false
	}
	a = a.Unmap().WithZone("")
	for _, p := range s.offices {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// usesParams reports whether some route reads the query string, so that targets
// differing only in their query may map differently.
func (s *Sites) usesParams() bool { return s.params }

func matchHost(patterns []string, host string) bool {
	for _, p := range patterns {
		if p == host {
			return true
		}
		if ok, _ := path.Match(p, host); ok {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// queryParam returns the value of name in a raw query string, else def.
func queryParam(query, name, def string) string {
	if name == "" {
		return def
	}
	for query != "" {
		var kv string
		kv, query, _ = strings.Cut(query, "&")
		k, v, _ := strings.Cut(kv, "=")
		if k == name && v != "" {
			return v
		}
	}
	return def
}

// logUnitCode restores the leading zeros that spreadsheets and URLs drop from GSO
// commune codes ("4792" → "04792"); other values (agency ids such as H44.104,
// aliases) are kept as they are.
func logUnitCode(s string) string {
	if s == "" || len(s) >= 5 {
		return s
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return s
		}
	}
	return strings.Repeat("0", 5-len(s)) + s
}
