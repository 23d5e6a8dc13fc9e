package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Access-log formats that [AccessLog] reads. Apache's and nginx's:
//
//	common     %h %l %u %t "%r" %>s %b
//	combined   common + "%{Referer}i" "%{User-Agent}i"
//	vcommon    %v[:%p] + common (virtual host first)
//	vcombined  %v[:%p] + combined (Apache's vhost_combined)
//	json       one JSON object per line (nginx escape=json, Apache, Caddy; docs/sites.md lists the keys)
//
// A combined line may end with the response time: an integer is microseconds (Apache
// %D), a decimal is seconds (nginx $request_time).
const (
	FormatCommon    = "common"
	FormatCombined  = "combined"
	FormatVCommon   = "vcommon"
	FormatVCombined = "vcombined"
	FormatJSON      = "json"
)

// LogFormats lists the formats --format accepts besides "auto".
func LogFormats() []string {
	return []string{FormatCombined, FormatVCombined, FormatCommon, FormatVCommon, FormatJSON}
}

// Causes of rejected log lines, for errors.Is. A bad timestamp is [ErrBadDate].
var (
	ErrMalformedLine = errors.New("malformed log line")
	ErrBadStatus     = errors.New("HTTP status is not a number from 100 to 599")
	ErrLineTooLong   = errors.New("line too long (over 256 KiB)")
	ErrNoLogFormat   = errors.New("no access-log format matches the first lines")
)

// maxLogLine bounds one line; a longer one is rejected and skipped.
const maxLogLine = 256 << 10

// logFields is one parsed request. Byte slices point into the line (CLF) or into
// decoded JSON values; they are valid until the next line is parsed.
type logFields struct {
	vhost, client, method, target, referrer, agent []byte
	atUS                                           int64 // Unix microseconds
	offset                                         int16 // minutes east of UTC, as written in the log
	status                                         int16
	bytes                                          int64 // -1: not a number
	respUS                                         int64 // -1: the line has no response time
	hasAgent                                       bool  // the format carries a user agent (combined, json)
}

// logParser parses lines of one format. It keeps a one-entry timestamp cache and
// decoding buffers, so each goroutine needs its own.
type logParser struct {
	format   string
	vhost    bool
	combined bool
	strict   bool // exactly two fields (ident, user) before the time; used to detect formats
	loc      *time.Location

	lastTS  [32]byte
	lastLen int
	lastUS  int64
	lastOff int16
	json    jsonLine
}

func newLogParser(format string, loc *time.Location) (*logParser, error) {
	p := &logParser{format: format, loc: loc}
	switch format {
	case FormatCommon:
	case FormatCombined:
		p.combined = true
	case FormatVCommon:
		p.vhost = true
	case FormatVCombined:
		p.vhost, p.combined = true, true
	case FormatJSON:
	default:
		return nil, fmt.Errorf("unknown log format %q (want auto, %s)", format, strings.Join(LogFormats(), ", "))
	}
	if p.loc == nil {
		p.loc = time.UTC
	}
	return p, nil
}

// parse fills f from one line (without its line break). On failure it returns the
// field at fault ("line" for the structure) and the cause.
func (p *logParser) parse(line []byte, f *logFields) (field string, value []byte, err error) {
	if p.format == FormatJSON {
		return p.parseJSON(line, f)
	}
	return p.parseCLF(line, f)
}

func (p *logParser) parseCLF(line []byte, f *logFields) (string, []byte, error) {
	*f = logFields{bytes: -1, respUS: -1, hasAgent: p.combined}
	rest := line
	if p.vhost {
		sp := bytes.IndexByte(rest, ' ')
		if sp <= 0 {
			return "line", nil, ErrMalformedLine
		}
		f.vhost, rest = rest[:sp], rest[sp+1:]
	}
	sp := bytes.IndexByte(rest, ' ')
	if sp <= 0 {
		return "line", nil, ErrMalformedLine
	}
	f.client, rest = rest[:sp], rest[sp+1:]
	lb := 4 // the usual "- - [" needs no search
	if len(rest) < 5 || rest[0] != '-' || rest[1] != ' ' || rest[2] != '-' || rest[3] != ' ' || rest[4] != '[' {
		if lb = bytes.IndexByte(rest, '['); lb < 0 {
			return "line", nil, ErrMalformedLine
		}
	}
	if p.strict && !twoFields(rest[:lb]) {
		return "line", nil, ErrMalformedLine
	}
	rest = rest[lb+1:]
	// the usual time is 26 bytes long; one that parses holds no ']'
	if len(rest) > 26 && rest[26] == ']' && p.clfTime(rest[:26], f) {
		rest = rest[27:]
	} else {
		rb := bytes.IndexByte(rest, ']')
		if rb < 0 {
			return "line", nil, ErrMalformedLine
		}
		if !p.clfTime(rest[:rb], f) {
			return "time", rest[:rb], ErrBadDate
		}
		rest = rest[rb+1:]
	}
	if len(rest) < 2 || rest[0] != ' ' || rest[1] != '"' {
		return "line", nil, ErrMalformedLine
	}
	rest = rest[2:]
	q := closingQuote(rest)
	if q < 0 {
		return "request", rest, ErrMalformedLine
	}
	splitRequest(rest[:q], f)
	rest = rest[q+1:]
	if len(rest) < 2 || rest[0] != ' ' {
		return "line", nil, ErrMalformedLine
	}
	var tok []byte
	if len(rest) > 5 && rest[4] == ' ' && isDigit(rest[1]) && isDigit(rest[2]) && isDigit(rest[3]) { // the usual case
		tok, rest = rest[1:4], rest[4:]
	} else {
		tok, rest = nextToken(rest[1:])
	}
	st, ok := parseHTTPStatus(tok)
	if !ok {
		return "status", tok, ErrBadStatus
	}
	f.status = st
	if len(rest) < 2 || rest[0] != ' ' {
		return "line", nil, ErrMalformedLine
	}
	tok, rest = nextToken(rest[1:])
	if len(tok) == 0 {
		return "line", nil, ErrMalformedLine
	}
	f.bytes = parseBytes(tok)
	if !p.combined {
		return "", nil, nil
	}
	// "referrer" "user agent": a missing referrer is malformed; a missing or truncated
	// user agent (no closing quote) is kept, as GoAccess keeps it.
	if len(rest) < 2 || rest[0] != ' ' || rest[1] != '"' {
		return "line", nil, ErrMalformedLine
	}
	rest = rest[2:]
	q = closingQuote(rest)
	if q < 0 {
		return "referrer", rest, ErrMalformedLine
	}
	f.referrer, rest = rest[:q], rest[q+1:]
	if len(rest) >= 2 && rest[0] == ' ' && rest[1] == '"' {
		rest = rest[2:]
		q = closingQuote(rest)
		if q < 0 {
			f.agent, rest = bytes.TrimRight(rest, " \t\r"), nil
		} else {
			f.agent, rest = rest[:q], rest[q+1:]
		}
	} else if len(bytes.TrimSpace(rest)) != 0 {
		return "line", nil, ErrMalformedLine
	}
	// An optional response time follows; anything else at the end is ignored.
	for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
		rest = rest[1:]
	}
	if len(rest) > 0 {
		tok, _ = nextToken(rest)
		f.respUS = parseResponseTime(tok)
	}
	return "", nil, nil
}

// twoFields reports whether b is "x y " (ident and user, then the space before '[').
func twoFields(b []byte) bool {
	if len(b) < 4 || b[len(b)-1] != ' ' {
		return false
	}
	b = b[:len(b)-1]
	sp := bytes.IndexByte(b, ' ')
	return sp > 0 && sp < len(b)-1 && bytes.IndexByte(b[sp+1:], ' ') < 0
}

// closingQuote finds the quote that ends a quoted field, skipping backslash escapes:
// a quote after an odd run of backslashes is part of the field.
func closingQuote(b []byte) int {
	for off := 0; ; {
		i := bytes.IndexByte(b[off:], '"')
		if i < 0 {
			return -1
		}
		i += off
		j := i
		for j > 0 && b[j-1] == '\\' {
			j--
		}
		if (i-j)%2 == 0 {
			return i
		}
		off = i + 1
	}
}

// nextToken splits b at its first space; the rest keeps the space.
func nextToken(b []byte) (tok, rest []byte) {
	sp := bytes.IndexByte(b, ' ')
	if sp < 0 {
		for len(b) > 0 && (b[len(b)-1] == '\r' || b[len(b)-1] == '\t') {
			b = b[:len(b)-1]
		}
		return b, nil
	}
	return b[:sp], b[sp:]
}

// splitRequest splits "METHOD target PROTOCOL". A request that does not start with a
// method (a TLS handshake sent to the HTTP port, "-") is kept whole as the target.
func splitRequest(req []byte, f *logFields) {
	sp := bytes.IndexByte(req, ' ')
	if sp <= 0 || sp > 24 || !isMethod(req[:sp]) {
		f.target = req
		return
	}
	f.method = req[:sp]
	t := req[sp+1:]
	switch {
	case bytes.HasSuffix(t, []byte(" HTTP/1.1")) || bytes.HasSuffix(t, []byte(" HTTP/1.0")) || bytes.HasSuffix(t, []byte(" HTTP/2.0")):
		t = t[:len(t)-9] // the usual protocols, found without a backward scan
	case bytes.HasSuffix(t, []byte(" HTTP/2")) || bytes.HasSuffix(t, []byte(" HTTP/3")):
		t = t[:len(t)-7]
	default:
		if i := bytes.LastIndexByte(t, ' '); i >= 0 && bytes.HasPrefix(t[i+1:], []byte("HTTP")) {
			t = t[:i]
		}
	}
	f.target = t
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isMethod(b []byte) bool {
	for _, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func parseHTTPStatus(b []byte) (int16, bool) {
	if len(b) != 3 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return int16(n), n >= 100 && n <= 599
}

// parseBytes reads the response size: "-" is 0 (Apache %b), a number is itself,
// anything else is unknown (-1), and the line is still kept, as GoAccess keeps it.
func parseBytes(b []byte) int64 {
	if len(b) == 1 && b[0] == '-' {
		return 0
	}
	if len(b) == 0 || len(b) > 18 {
		return -1
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// parseResponseTime reads a trailing response time: an integer is microseconds
// (Apache %D), a decimal is seconds (nginx $request_time); -1 when neither, or
// longer than a day.
func parseResponseTime(b []byte) int64 {
	if len(b) == 0 || len(b) > 20 {
		return -1
	}
	if bytes.IndexByte(b, '.') < 0 {
		n := parseBytes(b)
		if n < 0 || n > 86_400_000_000 || (len(b) == 1 && b[0] == '-') {
			return -1
		}
		return n
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil || !(v >= 0 && v <= 86400) {
		return -1
	}
	return int64(math.Round(v * 1e6))
}

// monthNumber is the number of a month's three-letter English abbreviation, in any
// case; 0 for anything else.
func monthNumber(a, b, c byte) int {
	switch uint32(a|0x20)<<16 | uint32(b|0x20)<<8 | uint32(c|0x20) {
	case 'j'<<16 | 'a'<<8 | 'n':
		return 1
	case 'f'<<16 | 'e'<<8 | 'b':
		return 2
	case 'm'<<16 | 'a'<<8 | 'r':
		return 3
	case 'a'<<16 | 'p'<<8 | 'r':
		return 4
	case 'm'<<16 | 'a'<<8 | 'y':
		return 5
	case 'j'<<16 | 'u'<<8 | 'n':
		return 6
	case 'j'<<16 | 'u'<<8 | 'l':
		return 7
	case 'a'<<16 | 'u'<<8 | 'g':
		return 8
	case 's'<<16 | 'e'<<8 | 'p':
		return 9
	case 'o'<<16 | 'c'<<8 | 't':
		return 10
	case 'n'<<16 | 'o'<<8 | 'v':
		return 11
	case 'd'<<16 | 'e'<<8 | 'c':
		return 12
	}
	return 0
}

// clfTime parses "10/Oct/2000:13:55:36 -0700" into f.atUS and f.offset, through a
// one-entry cache (consecutive lines usually share their second).
func (p *logParser) clfTime(b []byte, f *logFields) bool {
	if len(b) == p.lastLen && p.lastLen > 0 && bytes.Equal(b, p.lastTS[:p.lastLen]) {
		f.atUS, f.offset = p.lastUS, p.lastOff
		return true
	}
	us, off, ok := parseCLFTime(b)
	if !ok {
		return false
	}
	if len(b) <= len(p.lastTS) {
		p.lastLen = copy(p.lastTS[:], b)
		p.lastUS, p.lastOff = us, off
	}
	f.atUS, f.offset = us, off
	return true
}

// parseCLFTime parses the common log format's time, dd/Mon/yyyy:HH:MM:SS ±hhmm.
func parseCLFTime(b []byte) (us int64, offset int16, ok bool) {
	if len(b) != 26 || b[2] != '/' || b[6] != '/' || b[11] != ':' || b[14] != ':' || b[17] != ':' || b[20] != ' ' {
		return 0, 0, false
	}
	day, ok1 := digits(b[0:2])
	month := monthNumber(b[3], b[4], b[5])
	ok2 := month != 0
	year, ok3 := digits(b[7:11])
	hh, ok4 := digits(b[12:14])
	mm, ok5 := digits(b[15:17])
	ss, ok6 := digits(b[18:20])
	oh, ok7 := digits(b[22:24])
	om, ok8 := digits(b[24:26])
	sign := b[21]
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7 && ok8) || (sign != '+' && sign != '-') ||
		year < 1000 || day < 1 || day > daysIn(year, month) || hh > 23 || mm > 59 || ss > 59 || oh > 14 || om > 59 {
		return 0, 0, false
	}
	off := oh*60 + om
	if sign == '-' {
		off = -off
	}
	secs := civilDays(year, month, day)*86400 + int64(hh*3600+mm*60+ss) - int64(off)*60
	return secs * 1_000_000, int16(off), true
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civilDays is the number of days from 1970-01-01 to the date (H. Hinnant's algorithm).
func civilDays(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// jsonLine holds the decoded values of one JSON line.
type jsonLine struct {
	strs map[string]json.RawMessage
	req  map[string]json.RawMessage
}

// JSON keys read, in order of preference (nginx, Apache mod_log_json, Caddy, ECS-like).
var (
	jsonClientKeys   = []string{"remote_addr", "client_ip", "clientip", "remote_ip", "client", "ip", "remote_host"}
	jsonTimeKeys     = []string{"time_iso8601", "time_local", "@timestamp", "timestamp", "time", "ts", "date"}
	jsonMethodKeys   = []string{"request_method", "method"}
	jsonTargetKeys   = []string{"request_uri", "uri", "url", "path"}
	jsonRequestKeys  = []string{"request", "request_line"}
	jsonStatusKeys   = []string{"status", "status_code", "response_status", "response"}
	jsonBytesKeys    = []string{"body_bytes_sent", "bytes_sent", "bytes", "size", "response_size", "resp_body_size"}
	jsonReferrerKeys = []string{"http_referer", "referer", "referrer"}
	jsonAgentKeys    = []string{"http_user_agent", "user_agent", "useragent", "agent"}
	jsonHostKeys     = []string{"host", "vhost", "http_host", "server_name", "virtual_host"}
	jsonSecondsKeys  = []string{"request_time", "duration", "response_time", "request_duration"}
	jsonMicrosKeys   = []string{"request_time_us", "response_time_us", "duration_us", "time_taken_us", "D"}
)

// parseJSON reads one JSON object. Caddy's nested request object
// ({"request":{"remote_ip","method","host","uri","headers":{"User-Agent":[…]}}}) is read too.
func (p *logParser) parseJSON(line []byte, f *logFields) (string, []byte, error) {
	*f = logFields{bytes: -1, respUS: -1, hasAgent: true}
	line = bytes.TrimSpace(line)
	if len(line) == 0 || line[0] != '{' {
		return "line", nil, ErrMalformedLine
	}
	clear(p.json.strs)
	if p.json.strs == nil {
		p.json.strs = map[string]json.RawMessage{}
	}
	if err := json.Unmarshal(line, &p.json.strs); err != nil {
		return "line", nil, ErrMalformedLine
	}
	top := p.json.strs
	var nested map[string]json.RawMessage
	if raw, ok := top["request"]; ok && len(raw) > 0 && raw[0] == '{' {
		clear(p.json.req)
		if p.json.req == nil {
			p.json.req = map[string]json.RawMessage{}
		}
		if err := json.Unmarshal(raw, &p.json.req); err != nil {
			return "request", nil, ErrMalformedLine
		}
		nested = p.json.req
	}
	get := func(keys []string) (string, []byte, bool) {
		for _, m := range []map[string]json.RawMessage{top, nested} {
			for _, k := range keys {
				if raw, ok := m[k]; ok {
					if v, ok := jsonScalar(raw); ok && v != "" && v != "-" {
						return k, []byte(v), true
					}
				}
			}
		}
		return "", nil, false
	}
	var ok bool
	if _, f.client, ok = get(jsonClientKeys); !ok {
		return "line", nil, fmt.Errorf("%w: no client address (%s)", ErrMalformedLine, strings.Join(jsonClientKeys, ", "))
	}
	if k, v, ok := get(jsonTimeKeys); !ok {
		return "line", nil, fmt.Errorf("%w: no time (%s)", ErrMalformedLine, strings.Join(jsonTimeKeys, ", "))
	} else if !p.jsonTime(v, f) {
		return k, v, ErrBadDate
	}
	_, f.method, _ = get(jsonMethodKeys)
	if _, t, ok := get(jsonTargetKeys); ok {
		f.target = t
	} else if _, r, ok := get(jsonRequestKeys); ok {
		splitRequest(r, f)
	} else {
		return "line", nil, fmt.Errorf("%w: no request (%s, or method and uri)", ErrMalformedLine, strings.Join(jsonRequestKeys, ", "))
	}
	k, v, ok := get(jsonStatusKeys)
	if !ok {
		return "line", nil, fmt.Errorf("%w: no status (%s)", ErrMalformedLine, strings.Join(jsonStatusKeys, ", "))
	}
	st, ok := parseHTTPStatus(v)
	if !ok {
		return k, v, ErrBadStatus
	}
	f.status = st
	if _, v, ok := get(jsonBytesKeys); ok {
		f.bytes = parseBytes(v)
	}
	_, f.referrer, _ = get(jsonReferrerKeys)
	_, f.agent, _ = get(jsonAgentKeys)
	_, f.vhost, _ = get(jsonHostKeys)
	if nested != nil && (f.agent == nil || f.referrer == nil) {
		if raw, ok := nested["headers"]; ok {
			var h map[string][]string
			if json.Unmarshal(raw, &h) == nil {
				for name, vals := range h {
					if len(vals) == 0 {
						continue
					}
					switch {
					case f.agent == nil && strings.EqualFold(name, "User-Agent"):
						f.agent = []byte(vals[0])
					case f.referrer == nil && strings.EqualFold(name, "Referer"):
						f.referrer = []byte(vals[0])
					}
				}
			}
		}
	}
	if _, v, ok := get(jsonMicrosKeys); ok {
		f.respUS = parseResponseTime(v)
	} else if _, v, ok := get(jsonSecondsKeys); ok {
		if bytes.IndexByte(v, '.') < 0 {
			v = append(v, '.', '0') // whole seconds
		}
		f.respUS = parseResponseTime(v)
	}
	return "", nil, nil
}

// jsonScalar returns a string or number value as text; other kinds are not scalars.
func jsonScalar(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	case 'n':
		return "", false
	case '{', '[', 't', 'f':
		return "", false
	}
	return string(raw), true
}

// jsonTime reads an ISO 8601 / RFC 3339 time, a common-log time, Unix seconds (or
// milliseconds above 1e11), or a local "yyyy-mm-dd hh:mm:ss" in the parser's zone.
func (p *logParser) jsonTime(v []byte, f *logFields) bool {
	s := string(v)
	if us, off, ok := parseCLFTime(v); ok {
		f.atUS, f.offset = us, off
		return true
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 0 && !strings.ContainsAny(s, "-:") {
		if n > 1e11 {
			n /= 1000
		}
		f.atUS, f.offset = int64(math.Round(n*1e6)), 0
		return n < 1e11
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02 15:04:05.999999999Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			_, off := t.Zone()
			f.atUS, f.offset = t.UnixMicro(), int16(off/60)
			return t.Year() >= 1000 && t.Year() <= 9999
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"} {
		if t, err := time.ParseInLocation(layout, s, p.loc); err == nil {
			_, off := t.Zone()
			f.atUS, f.offset = t.UnixMicro(), int16(off/60)
			return t.Year() >= 1000 && t.Year() <= 9999
		}
	}
	return false
}

// detectLogFormat picks the format of the sample lines (empty and # lines skipped):
// JSON when most lines are JSON requests; else virtual host first or not, whichever
// parses more lines; then combined when at least half of the lines that parse as
// common also carry a referrer and a user agent. It fails when no format parses any
// line, and gives "" when there is no line at all.
func detectLogFormat(sample []byte, loc *time.Location) (string, error) {
	var lines [][]byte
	for len(sample) > 0 && len(lines) < 200 {
		i := bytes.IndexByte(sample, '\n')
		var l []byte
		if i < 0 {
			l, sample = sample, nil
		} else {
			l, sample = sample[:i], sample[i+1:]
		}
		l = bytes.TrimRight(l, "\r")
		if skipLogLine(l) {
			continue
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		return "", nil // empty: nothing to load whatever the format
	}
	n := map[string]int{}
	var f logFields
	for _, name := range LogFormats() {
		p, _ := newLogParser(name, loc)
		p.strict = true
		for _, l := range lines {
			if _, _, err := p.parse(l, &f); err == nil && (!p.combined || f.agent != nil) {
				n[name]++
			}
		}
	}
	clf := max(n[FormatVCombined], n[FormatCombined], n[FormatVCommon], n[FormatCommon])
	switch {
	case n[FormatJSON] == 0 && clf == 0:
		return "", ErrNoLogFormat
	case n[FormatJSON] >= clf:
		return FormatJSON, nil
	case max(n[FormatVCombined], n[FormatVCommon]) > max(n[FormatCombined], n[FormatCommon]):
		if n[FormatVCombined] > 0 && 2*n[FormatVCombined] >= n[FormatVCommon] {
			return FormatVCombined, nil
		}
		return FormatVCommon, nil
	case n[FormatCombined] > 0 && 2*n[FormatCombined] >= n[FormatCommon]:
		return FormatCombined, nil
	}
	return FormatCommon, nil
}

// skipLogLine reports the lines that are not requests and are not counted at all,
// as GoAccess skips them: empty lines and lines starting with # (W3C #Fields:, notes).
// A line of blanks is counted, and rejected.
func skipLogLine(l []byte) bool {
	return len(l) == 0 || l[0] == '#'
}
