package ingest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"text/template"
	"time"

	"reformindex/sql"
)

// typedColumn is how one canonical column is read in SQL (sql/ingest/dossier_typed.sql):
// Value turns its raw text r_<name> into v_<name> (trimmed, NULL when empty), Typed turns
// v_<name> into the stored value t_<name> (NULL when unreadable) and Fault names what is
// wrong with it (NULL when nothing is).
type typedColumn struct {
	Name, Value, Typed, Fault string
	OK                        string // Fault IS NULL as a cheaper boolean; "" when always true
}

// typedQuery is the data of sql/ingest/dossier_typed.sql.
type typedQuery struct {
	Mode       string // load | reject
	Source     string // relation with line, shape, r_<column>
	FileID     int64
	SourceName string // quoted
	Columns    []typedColumn

	UnknownUnit, NoFinish string // reasons, quoted

	Unique bool // dossier_merge.sql: the file's codes are known to be distinct
}

var typedTemplate = template.Must(template.New("dossier_typed.sql").Funcs(template.FuncMap{
	// clip keeps a rejected raw value readable: at most 200 characters.
	"clip": func(col string) string {
		return fmt.Sprintf("CASE WHEN length(%[1]s) > 200 THEN left(%[1]s, 200) || '…' ELSE %[1]s END", col)
	},
}).Parse(sql.File("ingest/dossier_typed.sql")))

var mergeTemplate = template.Must(template.New("dossier_merge.sql").Parse(sql.File("ingest/dossier_merge.sql")))

func render(t *template.Template, data any) string {
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		panic(err) // the templates are embedded: a failure is a programmer error
	}
	return b.String()
}

// futureChecked are the timestamps that cannot lie in the future (due_at can).
var futureChecked = []string{"submitted_at", "received_at", "finished_at", "returned_at", "updated_at"}

var timestampColumns = []string{"submitted_at", "received_at", "due_at", "finished_at", "returned_at", "updated_at"}

// foldSQL is fold (profile.go) in DuckDB: đ → d, accents and tone marks removed, lower
// case, runs of spaces as one, trimmed.
func foldSQL(x string) string {
	return fmt.Sprintf(`trim(regexp_replace(lower(strip_accents(replace(replace(%s, 'đ', 'd'), 'Đ', 'd'))), '\s+', ' ', 'g'))`, x)
}

// typedColumns builds the expressions of every canonical column for mapping m. now is
// the load time: timestamps after now + 1 day are "in the future". trim says whether
// values may carry spaces to trim (otherwise only empty means NULL).
func typedColumns(m *mapping, now time.Time, trim bool) []typedColumn {
	p := m.profile
	limit := sql.QuoteString(now.Add(24*time.Hour).UTC().Format("2006-01-02 15:04:05.999999Z07:00")) + "::TIMESTAMPTZ"
	cols := make([]typedColumn, 0, len(canonical))
	for _, name := range canonical {
		c := typedColumn{Name: name}
		r := "r_" + name
		v := "v_" + name
		c.Value = fmt.Sprintf("NULLIF(%s, '')", r)
		if trim {
			c.Value = valueSQL(r)
		}
		spec := p.Columns[name]
		reason := "unknown value"
		switch {
		case name == "unit_code" && m.unitFrom == "code":
			// The agency id prefix of AGENCY-YYMMDD-NNNN; the whole code when it has none.
			c.Value = `coalesce(NULLIF(regexp_extract(trim(r_dossier_code), '^(.+)-[0-9]{6}-[0-9]+$', 1), ''), NULLIF(trim(r_dossier_code), ''))`
			c.Typed = v
		case name == "unit_code":
			// Spreadsheets drop the leading zeros of GSO codes: 4792 → 04792.
			c.Typed = fmt.Sprintf(`CASE WHEN length(%[1]s) < 5 AND regexp_full_match(%[1]s, '[0-9]+') THEN lpad(%[1]s, 5, '0') ELSE %[1]s END`, v)
		case slices.Contains(timestampColumns, name):
			c.Typed = timestampSQL(v, name == "due_at")
			reason = ErrBadDate.Error()
		case name == "fee_amount" && spec.Sum != "":
			c.Typed = fmt.Sprintf(`CASE WHEN json_valid(%[1]s) AND json_type(%[1]s) = 'ARRAY' THEN coalesce(list_sum(list_transform(json_extract_string(%[1]s, %[2]s), x -> %[3]s)), 0) END`,
				v, sql.QuoteString("$[*]."+spec.Sum), amountSQL("x", p.Amounts))
			c.Typed = fmt.Sprintf(`CASE WHEN list_bool_or(list_transform(json_extract_string(%[1]s, %[2]s), x -> (%[3]s) IS NULL)) THEN NULL ELSE %[4]s END`,
				v, sql.QuoteString("$[*]."+spec.Sum), amountSQL("x", p.Amounts), c.Typed)
			reason = ErrBadNumber.Error()
		case name == "fee_amount":
			c.Typed = amountSQL(v, p.Amounts)
			reason = ErrBadNumber.Error()
		case spec.NonEmpty:
			c.Typed = fmt.Sprintf(`CASE WHEN json_valid(%[1]s) AND json_type(%[1]s) = 'ARRAY' THEN json_array_length(%[1]s) > 0 END`, v)
		case valueKinds[name] != "":
			c.Typed = lookupSQL(v, name, p.Values[valueKinds[name]])
			switch name {
			case "channel":
				reason = ErrUnknownChan.Error()
			case "status":
				reason = ErrUnknownStatus.Error()
			}
		default: // text
			c.Typed = v
		}
		var f strings.Builder
		f.WriteString("CASE WHEN " + v + " IS NULL THEN ")
		if slices.Contains(required, name) {
			f.WriteString(sql.QuoteString(ErrMissing.Error()))
		} else {
			f.WriteString("NULL")
		}
		if c.Typed != v {
			fmt.Fprintf(&f, " WHEN t_%s IS NULL THEN %s", name, sql.QuoteString(reason))
		}
		if slices.Contains(futureChecked, name) {
			fmt.Fprintf(&f, " WHEN t_%s > %s THEN %s", name, limit, sql.QuoteString(ErrFuture.Error()))
		}
		f.WriteString(" END")
		c.Fault = f.String()
		// OK: no fault. NULL counts as false where it is used (a WHERE).
		req := slices.Contains(required, name)
		var ok []string
		switch {
		case req && c.Typed == v:
			ok = append(ok, v+" IS NOT NULL")
		case req:
			ok = append(ok, "t_"+name+" IS NOT NULL")
		case c.Typed != v:
			ok = append(ok, fmt.Sprintf("(%s IS NULL OR t_%s IS NOT NULL)", v, name))
		}
		if slices.Contains(futureChecked, name) {
			ok = append(ok, fmt.Sprintf("coalesce(t_%s <= %s, true)", name, limit))
		}
		c.OK = strings.Join(ok, " AND ")
		cols = append(cols, c)
	}
	return cols
}

// valueSQL is the raw text r trimmed of spaces and tabs, NULL when empty. trim() is
// only called on values that need it: it costs more than the rest of a column's reading.
func valueSQL(r string) string {
	return fmt.Sprintf(`CASE WHEN %[1]s = '' THEN NULL
		WHEN %[1]s LIKE ' %%' OR %[1]s LIKE '%% ' OR contains(%[1]s, chr(9)) THEN NULLIF(trim(%[1]s, ' ' || chr(9)), '')
		ELSE %[1]s END`, r)
}

// timestampSQL reads the forms of SPEC §3.1: ISO 8601 with or without an offset (without
// = local time: the session's TimeZone), yyyyMMddHHmmss, yyyyMMdd, dd/MM/yyyy and
// dd/MM/yyyy HH:mm[:ss]. A bare date is local midnight, or for due_at the end of that day.
// The branches are tested with LIKE, which is cheap, so that the common forms never go
// through a failing parse (a failed try_strptime costs ten times a cast).
func timestampSQL(v string, endOfDay bool) string {
	date := func(d string) string {
		if endOfDay {
			return fmt.Sprintf("CAST(CAST(%s AS TIMESTAMP) + INTERVAL '86399999999 microseconds' AS TIMESTAMPTZ)", d)
		}
		return fmt.Sprintf("CAST(%s AS TIMESTAMPTZ)", d)
	}
	return fmt.Sprintf(`CASE
		WHEN %[1]s LIKE '____-__-__' THEN %[2]s
		WHEN %[1]s LIKE '____-%%' THEN TRY_CAST(%[1]s AS TIMESTAMPTZ)
		WHEN contains(%[1]s, '/') THEN
			CASE WHEN contains(%[1]s, ':') THEN CAST(try_strptime(%[1]s, ['%%d/%%m/%%Y %%H:%%M:%%S', '%%d/%%m/%%Y %%H:%%M']) AS TIMESTAMPTZ)
			     ELSE %[3]s END
		WHEN length(%[1]s) = 14 AND regexp_full_match(%[1]s, '[0-9]+') THEN CAST(try_strptime(%[1]s, '%%Y%%m%%d%%H%%M%%S') AS TIMESTAMPTZ)
		WHEN length(%[1]s) = 8 AND regexp_full_match(%[1]s, '[0-9]+') THEN %[4]s
	END`, v,
		date(fmt.Sprintf("TRY_CAST(%s AS DATE)", v)),
		date(fmt.Sprintf("CAST(try_strptime(%s, '%%d/%%m/%%Y') AS DATE)", v)),
		date(fmt.Sprintf("CAST(try_strptime(%s, '%%Y%%m%%d') AS DATE)", v)))
}

// amountSQL reads a fee in VND. plain: 50000 or 50000.5. vn: also 50.000, 50.000 đ,
// 50.000,5 and 50,000 (dots or commas grouping thousands, a comma before decimals).
func amountSQL(v, format string) string {
	x := v
	if format == "vn" {
		s := fmt.Sprintf(`trim(regexp_replace(lower(%s), '(vnđ|vnd|đồng|đ|\s)', '', 'g'))`, v)
		x = fmt.Sprintf(`CASE
			WHEN regexp_full_match(%[1]s, '[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?') THEN replace(replace(%[1]s, '.', ''), ',', '.')
			WHEN regexp_full_match(%[1]s, '[0-9]{1,3}(,[0-9]{3})+') THEN replace(%[1]s, ',', '')
			WHEN regexp_full_match(%[1]s, '[0-9]+,[0-9]+') THEN replace(%[1]s, ',', '.')
			ELSE %[1]s END`, s)
	}
	return fmt.Sprintf(`CASE WHEN TRY_CAST(%[1]s AS DOUBLE) >= 0 AND isfinite(TRY_CAST(%[1]s AS DOUBLE)) THEN TRY_CAST(%[1]s AS DOUBLE) END`, x)
}

// lookupSQL maps the spellings of a coded column to its code: the spelling as given
// first, then its folded form (case, accents and spaces ignored).
func lookupSQL(v, name string, values map[string]string) string {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	lit := func(code string) string {
		switch name {
		case "service_level":
			return sql.QuoteString(code)
		case "e_result", "digitized", "complaint":
			if code == "1" || code == "true" {
				return "true"
			}
			return "false"
		}
		return "CAST(" + code + " AS TINYINT)"
	}
	var exact, folded strings.Builder
	seen := map[string]bool{}
	for _, k := range keys {
		code := values[k]
		fmt.Fprintf(&exact, " WHEN %s THEN %s", sql.QuoteString(k), lit(code))
		if f := fold(k); !seen[f] {
			seen[f] = true
			fmt.Fprintf(&folded, " WHEN %s THEN %s", sql.QuoteString(f), lit(code))
		}
	}
	return fmt.Sprintf("coalesce(CASE %s%s END, CASE %s%s END)", v, exact.String(), foldSQL(v), folded.String())
}
