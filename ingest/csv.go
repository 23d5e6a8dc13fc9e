package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"reformindex/sql"
)

// Limits of the CSV reader.
const (
	maxLine     = 1 << 20 // a longer line is rejected ("line too long"), never loaded
	headerLines = 30      // the header is looked for among the first lines
)

// csvReader reads a delimited text file. When the file is regular (the header on line 1,
// every record on one line, well-formed quotes, no overlong line), DuckDB's read_csv
// reads it in parallel straight into raw_dossiers, and Go only re-reads the lines that did
// not load to say why. Otherwise Go reads it with encoding/csv into stage_text.
type csvReader struct {
	in     *input
	m      *mapping
	layout *csvLayout
	staged bool
}

// csvLayout is what a pass over the file found.
type csvLayout struct {
	delim      byte
	headerLine int64
	width      int      // fields of the header
	codeField  int      // the field of dossier_code (-1: none)
	records    int64    // non-empty lines after the header
	lastLine   int64    // line of the last record
	copies     []string // the numbered copy DuckDB reads (see scanFile), one per part
	offsets    []int64  // line number of each copy's line 0
	irregular  string   // why DuckDB cannot read the file as it is; "" when it can
	padded     bool     // some field starts or ends with a space or tab (values must be trimmed)
	unique     bool     // no two records carry the same dossier code (their hashes differ)
	marks      []mark   // where some lines start, for re-reading the lines that did not load
	onDisk     bool     // write the copy to the temporary directory, never to tmpfs
}

// mark is the byte offset at which line line starts.
type mark struct{ line, off int64 }

// markEvery is the distance in lines between marks: re-reading a bad line reads at most
// that many lines from a mark instead of the file up to it.
const markEvery = 64

// removeCopies deletes the numbered copies.
func (l *csvLayout) removeCopies() {
	for _, c := range l.copies {
		os.Remove(c)
	}
	l.copies, l.offsets = nil, nil
}

func newCSVReader(ctx context.Context, in *input, profile *Profile, o DossierOptions) (*csvReader, error) {
	f, err := os.Open(in.plain)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(int64(in.bom), io.SeekStart); err != nil {
		return nil, err
	}
	r := &csvReader{in: in, staged: o.staged}
	var profiles []*Profile
	if profile != nil {
		profiles = []*Profile{profile}
	} else {
		for _, n := range BuiltinProfiles() {
			profiles = append(profiles, builtinProfile(n))
		}
	}
	l, header, err := findHeader(bufio.NewReaderSize(f, 1<<20), profiles)
	if err != nil {
		return nil, err
	}
	r.layout = l
	if r.m, err = mapHeader(header, profile); err != nil {
		return nil, fmt.Errorf("line %d: %w", l.headerLine, err)
	}
	r.m.at = fmt.Sprintf("line %d", l.headerLine)
	l.codeField = -1
	if i, ok := r.m.index["dossier_code"]; ok {
		l.codeField = i
	}
	if err := l.scanFile(ctx, in.plain, in.bom, in.progress); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *csvReader) mapping() *mapping { return r.m }

// trims reports whether dossier_typed.sql must trim the values: only when DuckDB reads
// a file that has padded fields (Go trims what it stages itself).
func (r *csvReader) trims() bool  { return r.layout.padded }
func (r *csvReader) close() error { r.layout.removeCopies(); return nil }

// findHeader reads the first lines and takes for the header the one that most looks like
// a known profile's header (title rows above it are skipped), with the delimiter that
// makes it so.
func findHeader(br *bufio.Reader, profiles []*Profile) (*csvLayout, []string, error) {
	type cand struct {
		line   int64
		delim  byte
		fields []string
		score  int
	}
	var best *cand
	var first *cand
	for n := int64(1); n <= headerLines; n++ {
		line, size, err := readLine(br)
		if size > maxLine {
			if n == 1 {
				return nil, nil, fmt.Errorf("line 1: %w: the first line is %s long (not a dossier export)", ErrNoHeader, sizeText(int64(size)))
			}
			break
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			if !utf8.Valid(line) {
				return nil, nil, fmt.Errorf("line %d: %w (UTF-8): %q\n%s", n, ErrEncoding, clip(string(line)), encodingHint(EncodingUTF8))
			}
			if hasMojibake(line) {
				return nil, nil, fmt.Errorf("line %d: %w: %q\nhint: export the file again as UTF-8, or if it is Windows-1258 use --encoding windows-1258", n, ErrMojibake, clip(string(line)))
			}
			for _, d := range []byte{',', ';', '\t', '|'} {
				fields := splitLine(line, d)
				c := &cand{line: n, delim: d, fields: fields, score: headerScore(fields, profiles)}
				if best == nil || c.score > best.score {
					best = c
				}
				if first == nil || (first.line == n && len(fields) > len(first.fields)) {
					first = c
				}
			}
		}
		if err != nil {
			break
		}
	}
	if first == nil {
		return nil, nil, ErrEmptyFile
	}
	if best.score < 2 {
		best = first // no known title: report against the first line
	}
	l := &csvLayout{delim: best.delim, headerLine: best.line, width: len(best.fields)}
	header := make([]string, len(best.fields))
	for i, h := range best.fields {
		header[i] = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	}
	if best.score < 2 && len(header) == 1 {
		return nil, nil, fmt.Errorf("line %d: %w: %q has no , ; tab or | between titles", l.headerLine, ErrNoHeader, clip(header[0]))
	}
	return l, header, nil
}

// readLine reads one line without its line break. A line longer than maxLine is
// returned cut to about maxLine bytes; size is its full length.
func readLine(br *bufio.Reader) (line []byte, size int, err error) {
	var long []byte
	for {
		b, err := br.ReadSlice('\n')
		size += len(b)
		if err == bufio.ErrBufferFull {
			if len(long) <= maxLine {
				long = append(long, b...)
			}
			continue
		}
		if long != nil {
			if len(long) <= maxLine {
				long = append(long, b...)
			}
			b = long
		}
		t := bytes.TrimRight(b, "\r\n")
		return t, size - (len(b) - len(t)), err
	}
}

func splitLine(line []byte, delim byte) []string {
	r := csv.NewReader(bytes.NewReader(line))
	r.Comma = rune(delim)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		return []string{string(line)}
	}
	return rec
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// scanFile is the pass over the whole file (from its start after the BOM). A large file
// is scanned in two halves at once, split at a line break (the hash of the file is being
// computed meanwhile too: the three keep both cores busy).
//
// While it reads, it writes the copy that DuckDB will read: every record line prefixed
// with its line number and the delimiter, without the header and blank lines. That
// column gives each row its line; DuckDB's own way, WITH ORDINALITY, keeps the parallel
// CSV reader from running in parallel (measured: twice the time of the whole load), and
// numbering the rows by rowid needs the bad ones deleted inside the transaction, which
// makes DuckDB append the whole file again at commit (measured: 3 s more CPU for 2 M
// rows, a third of the load). The copy goes to memory (tmpfs) when it fits: a new file on
// disk costs five times as much CPU to write.
//
// It also hashes every record's dossier code: when no two hashes are equal, the merge
// cannot find a repeat within the file.
func (l *csvLayout) scanFile(ctx context.Context, path string, bom int, p *progress) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	size := fileSize(f)
	p.start(phaseCheck, size)
	if l.headerLine != 1 {
		l.irregular = fmt.Sprintf("the header is on line %d", l.headerLine)
	}
	start, mid := int64(bom), size
	if size > scanSplit {
		// The second half starts after the first line break past the middle.
		buf := make([]byte, 1<<20)
		for off := size / 2; off < size; off += int64(len(buf)) {
			n, err := f.ReadAt(buf, off)
			if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
				mid = off + int64(i) + 1
				break
			}
			if err != nil {
				break
			}
		}
	}
	p.start(phaseCheck, mid-start) // the first half reports for both
	parts := []*scanPart{{l: l, first: true, from: start, to: mid, p: p}}
	if mid < size {
		parts = append(parts, &scanPart{l: l, from: mid, to: size})
	}
	dir := ""
	if !l.onDisk {
		dir = copyDir(size - start)
	}
	for _, sp := range parts {
		c, err := createTempIn(dir, ".csv")
		if err != nil {
			l.removeCopies()
			return err
		}
		sp.out = c
		l.copies = append(l.copies, c.Name())
	}
	seed := maphash.MakeSeed()
	errs := make(chan error, len(parts))
	for _, sp := range parts {
		go func() { errs <- sp.scan(ctx, f, seed) }()
	}
	err = nil
	for range parts {
		if e := <-errs; e != nil && err == nil {
			err = e
		}
	}
	if err != nil {
		l.removeCopies()
		if dir != "" && errors.Is(err, syscall.ENOSPC) {
			// tmpfs filled up meanwhile: scan again, copying to disk.
			l.onDisk = true
			return l.scanFile(ctx, path, bom, p)
		}
		return err
	}
	// Join the halves: the second one's lines and records come after the first one's.
	var n, k int64
	for _, sp := range parts {
		if sp.mojibake != "" {
			l.removeCopies()
			return fmt.Errorf("line %d: %w: %q\nhint: export the file again as UTF-8, or if it is Windows-1258 use --encoding windows-1258", n+sp.mojibakeAt, ErrMojibake, sp.mojibake)
		}
		if sp.irregular != "" && l.irregular == "" {
			l.irregular = fmt.Sprintf(sp.irregular, n+sp.irregularAt)
		}
		l.padded = l.padded || sp.padded
		for _, m := range sp.marks {
			l.marks = append(l.marks, mark{n + m.line, m.off})
		}
		if sp.records > 0 {
			l.lastLine = n + sp.lastLine
		}
		l.offsets = append(l.offsets, n)
		n, k = n+sp.lines, k+sp.records
	}
	l.records = k
	if l.irregular != "" {
		l.removeCopies()
	} else if l.codeField >= 0 {
		l.unique = distinct(parts[0].hashes, parts[len(parts)-1].hashes)
	}
	for _, sp := range parts {
		sp.hashes = nil
	}
	if first := parts[0]; !first.matched && first.sampled > 0 && l.width > 1 {
		// A file whose data rows are split by another delimiter than its header would be
		// rejected row by row: say so once instead.
		l.removeCopies()
		return fmt.Errorf("line %d: %w: %d field(s) where the header (line %d) has %d separated by %q, and none of the first %d rows has %d",
			first.firstLine, ErrDelimiter, first.firstFields, l.headerLine, l.width, string(l.delim), first.sampled, l.width)
	}
	return nil
}

// distinct reports whether the sorted a and b hold no value twice (a and b may be the
// same slice: a file scanned in one part).
func distinct(a, b []uint64) bool {
	for _, h := range [][]uint64{a, b} {
		for i := 1; i < len(h); i++ {
			if h[i] == h[i-1] {
				return false
			}
		}
	}
	if len(a) > 0 && len(b) > 0 && &a[0] == &b[0] {
		return true
	}
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			return false
		}
	}
	return true
}

// scanSplit is the size above which the scan runs in two halves (tests lower it).
var scanSplit int64 = 64 << 20

// scanPart is one part of the scan, in its own line numbers (1 = its first line).
type scanPart struct {
	l        *csvLayout
	first    bool // the part with the header
	from, to int64
	p        *progress

	out *os.File // the numbered copy of the part's records

	lines, records, lastLine int64
	hashes                   []uint64 // of the dossier codes, sorted once the part is read
	marks                    []mark
	padded                   bool
	irregular                string // with %d for the line
	irregularAt              int64
	mojibake                 string
	mojibakeAt               int64
	sampled, firstLine       int64
	firstFields              int
	matched                  bool
}

func (sp *scanPart) scan(ctx context.Context, f *os.File, seed maphash.Seed) error {
	l := sp.l
	var r io.Reader = io.NewSectionReader(f, sp.from, sp.to-sp.from)
	if sp.p != nil {
		r = &countingReader{r: r, p: sp.p}
	}
	br := bufio.NewReaderSize(r, 4<<20)
	w := bufio.NewWriterSize(sp.out, 4<<20)
	defer sp.out.Close()
	var num []byte
	var n, k int64
	off := sp.from // where the next line starts
	irregular := func(at int64, why string) {
		if sp.irregular == "" {
			sp.irregular, sp.irregularAt = why, at
		}
	}
	for {
		if n&0xFFFF == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		b, err := br.ReadSlice('\n')
		long := int64(0)
		for err == bufio.ErrBufferFull {
			long += int64(len(b))
			b, err = br.ReadSlice('\n')
		}
		if len(b) == 0 && err != nil {
			break
		}
		n++
		sp.lines = n
		if n%markEvery == 0 {
			sp.marks = append(sp.marks, mark{n, off})
		}
		off += long + int64(len(b))
		line := bytes.TrimRight(b, "\r\n")
		if sp.first && n <= l.headerLine {
			if err != nil {
				break
			}
			continue
		}
		if long > 0 {
			irregular(n, "line %d is "+sizeText(long+int64(len(b)))+" long")
			k++
			sp.records, sp.lastLine = k, n
			if err != nil {
				break
			}
			continue
		}
		if len(line) == 0 {
			if err != nil {
				break
			}
			continue
		}
		k++
		sp.records, sp.lastLine = k, n
		if hasMojibake(line) {
			sp.mojibake, sp.mojibakeAt = clip(string(line)), n
			return nil
		}
		if sp.irregular == "" {
			q, padded, code := checkLine(line, l.delim, l.codeField)
			sp.padded = sp.padded || padded
			switch {
			case q == quotesOpen:
				irregular(n, "a quoted field spans lines at line %d")
			case q == quotesBad:
				irregular(n, "line %d has a stray quote")
			case bytes.IndexByte(line, '\r') >= 0:
				// DuckDB ends a line there: the second piece would have no line number.
				irregular(n, "line %d has a carriage return inside")
			case code != nil:
				sp.code(code, seed)
			}
		}
		if sp.irregular == "" { // else the copy is useless: DuckDB will not read the file
			num = append(strconv.AppendInt(num[:0], n, 10), l.delim)
			w.Write(num)
			w.Write(line)
			if werr := w.WriteByte('\n'); werr != nil {
				return werr
			}
		}
		if sp.first && sp.sampled < 100 && !sp.matched {
			sp.sampled++
			fields := len(splitLine(line, l.delim))
			if sp.sampled == 1 {
				sp.firstLine, sp.firstFields = n, fields
			}
			sp.matched = fields == l.width
		}
		if err != nil {
			break
		}
	}
	if sp.irregular == "" {
		slices.Sort(sp.hashes)
	} else {
		sp.hashes = nil
	}
	return w.Flush()
}

// code records the hash of a record's dossier code (as checkLine cut it: quoted or not,
// padded or not), taken as DuckDB will store it: unquoted and trimmed. An empty code
// (a rejected row) is not recorded.
func (sp *scanPart) code(code []byte, seed maphash.Seed) {
	if len(code) >= 2 && code[0] == '"' {
		code = code[1 : len(code)-1]
		if bytes.Contains(code, []byte(`""`)) {
			code = bytes.ReplaceAll(code, []byte(`""`), []byte(`"`))
		}
	}
	if code = bytes.Trim(code, " \t"); len(code) > 0 {
		sp.hashes = append(sp.hashes, maphash.Bytes(seed, code))
	}
}

const (
	quotesOK = iota
	quotesOpen
	quotesBad
)

// checkLine reports whether a line's quoted fields are well formed (RFC 4180: a quote
// opens a field, "" inside is a quote, the closing quote ends the field and is followed
// by the delimiter) and closed, and whether a field starts or ends with a space or tab;
// field is the want-th field as it stands (quotes included), nil when the line has fewer.
// It jumps from delimiter to delimiter with IndexByte: this runs on every line.
func checkLine(line []byte, delim byte, want int) (state int, padded bool, field []byte) {
	blank := func(c byte) bool { return c == ' ' || c == '\t' }
	i := 0
	for n := 0; ; n++ {
		if i < len(line) && line[i] == '"' {
			if i+1 < len(line) && blank(line[i+1]) {
				padded = true
			}
			j := i + 1
			for {
				k := bytes.IndexByte(line[j:], '"')
				if k < 0 {
					return quotesOpen, padded, field
				}
				j += k
				if j+1 < len(line) && line[j+1] == '"' {
					j += 2
					continue
				}
				break
			}
			if j > i+1 && blank(line[j-1]) {
				padded = true
			}
			if n == want {
				field = line[i : j+1]
			}
			if j+1 == len(line) {
				return quotesOK, padded, field
			}
			if line[j+1] != delim {
				return quotesBad, padded, field
			}
			i = j + 2
			continue
		}
		k := bytes.IndexByte(line[i:], delim)
		end := len(line)
		if k >= 0 {
			end = i + k
		}
		f := line[i:end]
		if n == want {
			field = f
		}
		if len(f) > 0 {
			if blank(f[0]) || blank(f[len(f)-1]) {
				padded = true
			}
			if bytes.IndexByte(f, '"') >= 0 {
				return quotesBad, padded, field
			}
		}
		if k < 0 {
			return quotesOK, padded, field
		}
		i = end + 1
	}
}

// load reads the file: by DuckDB when it can, else by Go into stage_text.
func (r *csvReader) load(ctx context.Context, tx *sql.Tx, l *loader) (int64, error) {
	if r.staged || r.layout.irregular != "" {
		read, err := r.stage(ctx, tx, nil)
		if err != nil {
			return 0, err
		}
		return read, l.loadStaged(ctx, tx)
	}
	r.in.progress.start(phaseLoad, r.in.plainSize())
	stop := watchReads(r.in.progress, r.in.plainSize())
	err := tx.ExecSQL(ctx, l.typed("load", r.directSource()))
	stop()
	if err != nil {
		return 0, r.duckError(err)
	}
	// The lines that did not load: read them again to say why. A bit per line of the
	// file, set for the lines loaded (one pass, no sort); blank lines are skipped later.
	var bits sql.NullString
	lo, hi := r.layout.headerLine+1, max(r.layout.lastLine, r.layout.headerLine+1)
	err = tx.QueryRow(ctx, fmt.Sprintf(`SELECT CAST(bitstring_agg(line, %d, %d) AS VARCHAR) FROM raw_dossiers WHERE file_id = ?`, lo, hi),
		l.fileID).Scan(&bits)
	if err != nil {
		return 0, err
	}
	var ranges [][2]int64
	for i := 0; i <= int(hi-lo); i++ {
		if bits.Valid && bits.String[i] == '1' {
			continue
		}
		line := lo + int64(i)
		if n := len(ranges); n > 0 && ranges[n-1][1] == line-1 {
			ranges[n-1][1] = line
		} else {
			ranges = append(ranges, [2]int64{line, line})
		}
	}
	var direct int64
	if len(ranges) > 0 {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM raw_dossiers WHERE file_id = ?`, l.fileID).Scan(&direct); err != nil {
			return 0, err
		}
		if _, err := r.stage(ctx, tx, ranges); err != nil {
			return 0, err
		}
		if err := l.loadStaged(ctx, tx); err != nil {
			return 0, err
		}
	}
	var loaded, rejected int64
	err = tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM raw_dossiers WHERE file_id = ?), (SELECT count(DISTINCT line) FROM raw_rejects WHERE file_id = ?)`,
		l.fileID, l.fileID).Scan(&loaded, &rejected)
	if err != nil {
		return 0, err
	}
	if len(ranges) > 0 && loaded > direct {
		// Go's reading loaded a row that DuckDB's did not: its code was read Go's way,
		// which the scan's hashes do not vouch for.
		r.layout.unique = false
	}
	if loaded+rejected != r.layout.records {
		return 0, fmt.Errorf("%d rows read, but %d loaded and %d rejected (a reader bug: please report it)", r.layout.records, loaded, rejected)
	}
	return r.layout.records, nil
}

// nullText stands for NULL in read_csv: no export holds it, so an empty field is ”
// and only a missing one (a short row, padded) is NULL.
const nullText = "\x01reform:null\x01"

// directSource is the read_csv relation of the file's numbered copies: line, shape and
// r_<column>. The declared columns are the line number, the header's, and one more: a row
// with more fields fills it, a row with fewer leaves the last header column NULL. Columns
// not mapped are never selected.
func (r *csvReader) directSource() string {
	l := r.layout
	var cols strings.Builder
	cols.WriteString("{'c0': 'BIGINT', ")
	for i := 1; i <= l.width+1; i++ {
		fmt.Fprintf(&cols, "'c%d': 'VARCHAR', ", i)
	}
	cols.WriteString("}")
	files := make([]string, len(l.copies))
	for i, c := range l.copies {
		files[i] = sql.QuoteString(c)
	}
	var b strings.Builder
	b.WriteString("SELECT c0")
	if len(l.copies) > 1 { // the second half counts its lines from its own start
		fmt.Fprintf(&b, " + CASE WHEN filename = %s THEN %d ELSE 0 END", files[1], l.offsets[1])
	}
	fmt.Fprintf(&b, " AS line, c%d IS NOT NULL AND c%d IS NULL AS shape", l.width, l.width+1)
	for _, name := range canonical {
		if i, ok := r.m.index[name]; ok {
			fmt.Fprintf(&b, ", c%d AS r_%s", i+1, name)
		} else {
			fmt.Fprintf(&b, ", CAST(NULL AS VARCHAR) AS r_%s", name)
		}
	}
	fmt.Fprintf(&b, " FROM read_csv([%s], columns = %s, header = false, filename = %v, auto_detect = false, delim = %s, quote = '\"', escape = '\"', null_padding = true, strict_mode = false, nullstr = %s, max_line_size = %d, encoding = 'utf-8')",
		strings.Join(files, ", "), cols.String(), len(l.copies) > 1, sql.QuoteString(string(l.delim)), sql.QuoteString(nullText), 2*maxLine)
	return b.String()
}

var duckLine = regexp.MustCompile(`CSV Error on Line: (\d+)`)

// duckError turns a read_csv error into a file error naming the line.
func (r *csvReader) duckError(err error) error {
	msg := err.Error()
	m := duckLine.FindStringSubmatch(msg)
	if m == nil {
		return err
	}
	switch {
	case strings.Contains(msg, "Invalid unicode"):
		return fmt.Errorf("line %s: %w (%s)\n%s", m[1], ErrEncoding, r.in.encoding, encodingHint(r.in.encoding))
	}
	first, _, _ := strings.Cut(msg, "\n")
	return fmt.Errorf("line %s: %s", m[1], strings.TrimSpace(first))
}

// stage reads records with encoding/csv into stage_text: every record, or with ranges
// only those whose line lies in one of the (ascending) ranges. Records with a wrong
// number of fields or too long get a fault instead of values. It returns the records read.
func (r *csvReader) stage(ctx context.Context, tx *sql.Tx, ranges [][2]int64) (int64, error) {
	f, err := os.Open(r.in.plain)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if _, err := f.Seek(int64(r.in.bom), io.SeekStart); err != nil {
		return 0, err
	}
	l := r.layout
	br := bufio.NewReaderSize(f, 1<<20)
	// Skip the title rows and the header: encoding/csv starts below them.
	for n := int64(0); n < l.headerLine; n++ {
		if _, _, err := readLine(br); err != nil {
			return 0, nil
		}
	}
	if ranges == nil {
		r.in.progress.start(phaseLoad, fileSize(f))
	}
	var read int64
	row := make([]any, 2+len(canonical))
	err = tx.Append(ctx, "temp.stage_text", func(a *sql.Appender) error {
		emit := func(line int64, rec []string, size int) error {
			read++
			for i := range row {
				row[i] = nil
			}
			row[0] = line
			switch {
			case size > maxLine:
				row[1] = fmt.Sprintf("%v: %s", ErrRecordTooLong, sizeText(int64(size)))
			case len(rec) != l.width:
				row[1] = fmt.Sprintf("%v: %d, header has %d", ErrFieldCount, len(rec), l.width)
			default:
				for j, name := range canonical {
					if i, ok := r.m.index[name]; ok {
						row[2+j] = strings.TrimSpace(rec[i])
					}
				}
			}
			return a.AppendRow(row...)
		}
		if ranges == nil {
			return r.readAll(ctx, br, emit)
		}
		return r.readRanges(ctx, f, br, ranges, emit)
	})
	return read, err
}

// readAll parses every record below the header with encoding/csv.
func (r *csvReader) readAll(ctx context.Context, br *bufio.Reader, emit func(int64, []string, int) error) error {
	cr := csv.NewReader(&countingReader{r: br, p: r.in.progress})
	cr.Comma = rune(r.layout.delim)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for n := 0; ; n++ {
		if n&0x3FFF == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		line += int(r.layout.headerLine)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rec = nil
				line = pe.StartLine + int(r.layout.headerLine)
			} else {
				return err
			}
		}
		size := 0
		for _, f := range rec {
			size += len(f)
			if hasMojibake([]byte(f)) {
				return fmt.Errorf("line %d: %w: %q\nhint: export the file again as UTF-8, or if it is Windows-1258 use --encoding windows-1258", line, ErrMojibake, clip(f))
			}
		}
		if err := emit(int64(line), rec, size); err != nil {
			return err
		}
	}
}

// readRanges parses, one line at a time, the non-empty lines that lie in ranges. It
// jumps over the lines between ranges from the scan's nearest mark.
func (r *csvReader) readRanges(ctx context.Context, f *os.File, br *bufio.Reader, ranges [][2]int64, emit func(int64, []string, int) error) error {
	n := r.layout.headerLine
	marks := r.layout.marks
	for _, rg := range ranges {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		i := sort.Search(len(marks), func(i int) bool { return marks[i].line > rg[0] }) - 1
		if i >= 0 && marks[i].line-1 > n+int64(markEvery) {
			if _, err := f.Seek(marks[i].off, io.SeekStart); err != nil {
				return err
			}
			br.Reset(f)
			n = marks[i].line - 1
		}
		for n+1 < rg[0] {
			if _, err := br.ReadSlice('\n'); err != nil && err != bufio.ErrBufferFull {
				return nil
			} else if err == nil {
				n++
			}
		}
		for n+1 <= rg[1] {
			line, size, err := readLine(br)
			n++
			if size > 0 {
				var fields []string
				if size <= maxLine {
					fields = splitLine(line, r.layout.delim)
				}
				if err := emit(n, fields, size); err != nil {
					return err
				}
			}
			if err != nil {
				return nil
			}
		}
	}
	return nil
}

// clip keeps a value quoted in a message readable: at most 200 bytes, cut on a rune boundary.
func clip(s string) string {
	if len(s) <= 200 {
		return s
	}
	cut := 200
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

func fileSize(f *os.File) int64 {
	st, err := f.Stat()
	if err != nil {
		return 0
	}
	return st.Size()
}
