package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"reformindex/sql"
)

// PortalOptions configure [Portal].
type PortalOptions struct {
	// Period the snapshot covers: 2026-08, 2026-Q3, 2026 or 2026-ytd-09. Required: the
	// responses carry no year, and the payment tree not even a month (a monthlyChart, when
	// present, is checked against it).
	Period string
	// Province is the 2-digit 2025 province code; empty: matched on the parent's name.
	Province string
	// Endpoint names the evaluation API endpoint that produced the file; empty: told by
	// its fields (dvc-progress-tree, provide-online-tree, formality-online-payment-tree).
	Endpoint string
	// CapturedAt is when the snapshot was taken, if known (a snapshot taken before the
	// period ended covers part of it).
	CapturedAt time.Time
	Now        time.Time // recorded as the file's loaded_at
}

// PortalSummary is what one snapshot's load did.
type PortalSummary struct {
	Path          string
	FileID        int64
	AlreadyLoaded bool
	Endpoint      string
	Period        string
	ProvinceCode  string
	ProvinceName  string
	Units         int // children of the snapshot
	Communes      int // children that are communes (level COMMUNE or no level)
	Matched       int // communes matched to a registry commune
	Unmatched     []PortalUnit
}

// PortalUnit is a commune unit of a snapshot that was not matched to a registry commune.
type PortalUnit struct {
	Code, Name string
	Method     string // unmatched | ambiguous | conflict
}

// ErrPortalShape is the cause of errors about the shape of a portal response.
var ErrPortalShape = errors.New("not a portal evaluation response")

// endpointFields tells an endpoint by a field only its units carry.
var endpointFields = []struct{ field, endpoint string }{
	{"totalOnTime", "dvc-progress-tree"},
	{"totalDossierFinancialObligation", "formality-online-payment-tree"},
	{"onlineDossierCount", "provide-online-tree"},
	{"channelTotalSum", "provide-online-tree"},
}

// PortalEndpoints are the evaluation API endpoints a snapshot may come from.
var PortalEndpoints = []string{
	"dvc-progress-tree", "provide-online-tree", "formality-online-payment-tree",
	"dossier-digitized", "transparency", "handling-satisfaction",
}

var portalPeriodRE = regexp.MustCompile(`^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-ytd-(0[1-9]|1[0-2]))?$`)

// PortalPeriodMonths returns the months (1–12) a period such as 2026-08, 2026-Q3, 2026 or
// 2026-ytd-09 covers, or an error naming the accepted forms.
func PortalPeriodMonths(p string) ([]int, error) {
	m := portalPeriodRE.FindStringSubmatch(p)
	if m == nil {
		return nil, fmt.Errorf("period %q is not a month (2026-08), quarter (2026-Q3), year (2026) or year to date (2026-ytd-09)", p)
	}
	span := func(from, to int) []int {
		var out []int
		for i := from; i <= to; i++ {
			out = append(out, i)
		}
		return out
	}
	switch {
	case m[2] != "":
		n, _ := strconv.Atoi(m[2])
		return []int{n}, nil
	case m[3] != "":
		q, _ := strconv.Atoi(m[3])
		return span(3*q-2, 3*q), nil
	case m[4] != "":
		n, _ := strconv.Atoi(m[4])
		return span(1, n), nil
	}
	return span(1, 12), nil
}

// portalUnit is one parent or child of a response.
type portalUnit struct {
	ord                      int
	role                     string
	id, code, name, level    string
	values                   map[string]float64
	keyExact, keyTone        string
	keyAccent, keyBare       string
	hasName, isCommuneOrNone bool
}

// portalFile is a parsed response.
type portalFile struct {
	units       []portalUnit // parent first (ord 0) if any, then the children
	chartMonths []int        // months with data in data.monthlyChart; nil when there is none
	hasChart    bool
}

// Portal loads one snapshot of the national portal's 766 evaluation API (a JSON response
// with the envelope {"code":"OK","data":{"parent":…,"children":[…]}}): every unit and every
// numeric field as given, and the match of each commune unit to a registry commune of its
// province (recorded in ref_portal_units; name matches also feed ref_agency_units). A file
// whose bytes were loaded before changes nothing. Communes that match no registry commune
// are listed in the summary; they are loaded all the same.
func Portal(ctx context.Context, db *sql.DB, path string, o PortalOptions) (PortalSummary, error) {
	s := PortalSummary{Path: path, Period: o.Period}
	months, err := PortalPeriodMonths(o.Period)
	if err != nil {
		return s, err
	}
	if o.Endpoint != "" && !containsString(PortalEndpoints, o.Endpoint) {
		return s, fmt.Errorf("endpoint %q is not one of %s", o.Endpoint, strings.Join(PortalEndpoints, ", "))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	h := sha256.Sum256(b)
	sum, size := hex.EncodeToString(h[:]), int64(len(b))
	var prior int64
	var priorPeriod string
	err = db.QueryRow(ctx, `SELECT f.file_id, coalesce(p.period, '') FROM load_files f
		LEFT JOIN raw_portal_snapshots p USING (file_id) WHERE f.kind = 'portal' AND f.sha256 = ?`, sum).Scan(&prior, &priorPeriod)
	if err == nil {
		if priorPeriod != o.Period {
			return s, fmt.Errorf("already loaded (file #%d) as period %s, not %s", prior, priorPeriod, o.Period)
		}
		s.FileID, s.AlreadyLoaded = prior, true
		return s, nil
	}
	pf, err := parsePortal(b)
	if err != nil {
		return s, err
	}
	if s.Endpoint, err = portalEndpoint(pf, o.Endpoint); err != nil {
		return s, err
	}
	if pf.hasChart {
		in := map[int]bool{}
		for _, m := range months {
			in[m] = true
		}
		for _, m := range pf.chartMonths {
			if !in[m] {
				return s, fmt.Errorf("%w: data.monthlyChart has data for month %02d, outside --period %s", ErrPortalShape, m, o.Period)
			}
		}
	}
	for _, u := range pf.units {
		if u.role == "child" {
			s.Units++
			if u.isCommuneOrNone {
				s.Communes++
			}
		}
	}
	var captured any
	if !o.CapturedAt.IsZero() {
		captured = o.CapturedAt
	}
	registry, err := registryNames(ctx, db)
	if err != nil {
		return s, err
	}
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT nextval('load_file_seq')`).Scan(&s.FileID); err != nil {
			return err
		}
		if err := tx.ExecSQL(ctx, `INSERT INTO load_files VALUES (?, 'portal', ?, ?, ?, ?, 'dichvucong.gov.vn', ?, ?, ?, 0, 0, 0)`,
			s.FileID, path, sum, size, s.Endpoint, o.Now, len(pf.units), len(pf.units)); err != nil {
			return err
		}
		if err := tx.Exec(ctx, "ingest/portal_stage.sql"); err != nil {
			return err
		}
		if err := stagePortal(ctx, tx, s, pf, o, captured, registry); err != nil {
			return err
		}
		if err := tx.Exec(ctx, "ingest/portal_match.sql"); err != nil {
			return err
		}
		var province sql.NullString
		if err := tx.QueryRow(ctx, `SELECT province_code FROM stage_portal_snapshot`).Scan(&province); err != nil {
			return err
		}
		if !province.Valid {
			root := "(no parent)"
			if len(pf.units) > 0 && pf.units[0].role == "parent" {
				root = fmt.Sprintf("%q", pf.units[0].name)
			}
			return fmt.Errorf("cannot tell the province of the snapshot: its parent %s names no province of the registry\nhint: pass --province CODE", root)
		}
		s.ProvinceCode = province.String
		if err := tx.QueryRow(ctx, `SELECT any_value(province_name) FROM ref_units WHERE province_code = ?`, s.ProvinceCode).Scan(&s.ProvinceName); err != nil {
			return err
		}
		if err := tx.Exec(ctx, "ingest/portal_merge.sql"); err != nil {
			return err
		}
		return tx.Exec(ctx, "ingest/portal_unstage.sql")
	})
	if err != nil {
		s.FileID = 0
		return s, err
	}
	rows, err := db.QuerySQL(ctx, `SELECT coalesce(r.department_code, ''), coalesce(r.department_name, ''), r.match_method, r.unit_code IS NOT NULL
		FROM ref_portal_units r JOIN raw_portal_units u ON u.file_id = r.file_id AND u.department_code = r.department_code
		WHERE r.file_id = ? AND r.match_method <> 'not_commune' ORDER BY u.ord`, s.FileID)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var u PortalUnit
		var matched bool
		if err := rows.Scan(&u.Code, &u.Name, &u.Method, &matched); err != nil {
			return s, err
		}
		if matched {
			s.Matched++
		} else {
			s.Unmatched = append(s.Unmatched, u)
		}
	}
	return s, rows.Err()
}

// stagePortal appends the snapshot, its units and values, and the registry's name keys
// to the staging tables.
func stagePortal(ctx context.Context, tx *sql.Tx, s PortalSummary, pf *portalFile, o PortalOptions, captured any, registry []registryName) error {
	var root portalUnit
	if len(pf.units) > 0 && pf.units[0].role == "parent" {
		root = pf.units[0]
	}
	var chart any
	if pf.hasChart {
		ms := make([]string, len(pf.chartMonths))
		for i, m := range pf.chartMonths {
			ms[i] = fmt.Sprintf("%02d", m)
		}
		chart = strings.Join(ms, ",")
	}
	err := tx.ExecSQL(ctx, `INSERT INTO stage_portal_snapshot VALUES (?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), ?, ?, ?, NULLIF(?, ''), ?, ?, NULL)`,
		s.FileID, s.Endpoint, o.Period, chart, root.id, root.code, root.name,
		root.keyExact, root.keyTone, root.keyAccent, o.Province, captured, o.Now)
	if err != nil {
		return err
	}
	nullable := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	err = tx.Append(ctx, "temp.stage_portal_units", func(a *sql.Appender) error {
		for _, u := range pf.units {
			if err := a.AppendRow(int32(u.ord), u.role, nullable(u.id), nullable(u.code), nullable(u.name), nullable(u.level),
				nullable(u.keyExact), nullable(u.keyTone), nullable(u.keyAccent), nullable(u.keyBare)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.Append(ctx, "temp.stage_portal_values", func(a *sql.Appender) error {
		for _, u := range pf.units {
			fields := make([]string, 0, len(u.values))
			for f := range u.values {
				fields = append(fields, f)
			}
			sort.Strings(fields)
			for _, f := range fields {
				if err := a.AppendRow(int32(u.ord), f, u.values[f]); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return stageRegistryNames(ctx, tx, registry)
}

// registryName is a 2025 commune of ref_units with its province.
type registryName struct{ province, provinceName, code, name string }

func registryNames(ctx context.Context, db *sql.DB) ([]registryName, error) {
	rows, err := db.QuerySQL(ctx, `SELECT province_code, province_name, unit_code, unit_name FROM ref_units ORDER BY unit_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var units []registryName
	for rows.Next() {
		var u registryName
		if err := rows.Scan(&u.province, &u.provinceName, &u.code, &u.name); err != nil {
			return nil, err
		}
		units = append(units, u)
	}
	return units, rows.Err()
}

// stageRegistryNames appends the name keys of every 2025 commune and province.
func stageRegistryNames(ctx context.Context, tx *sql.Tx, units []registryName) error {
	err := tx.Append(ctx, "temp.stage_registry_names", func(a *sql.Appender) error {
		for _, u := range units {
			k := portalNameKeys(u.name)
			if err := a.AppendRow(u.province, u.code, k.exact, k.tone, k.accent, k.bare); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	return tx.Append(ctx, "temp.stage_province_names", func(a *sql.Appender) error {
		for _, u := range units {
			if seen[u.province] {
				continue
			}
			seen[u.province] = true
			k := portalNameKeys(u.provinceName)
			if err := a.AppendRow(u.province, k.exact, k.tone, k.accent); err != nil {
				return err
			}
		}
		return nil
	})
}

// parsePortal reads the envelope and every unit of a response. Errors name the JSON
// path at fault.
func parsePortal(b []byte) (*portalFile, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var env struct {
		Code *string                    `json:"code"`
		Data map[string]json.RawMessage `json:"data"`
	}
	if err := dec.Decode(&env); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPortalShape, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: more than one JSON value", ErrPortalShape)
	}
	switch {
	case env.Code == nil:
		return nil, fmt.Errorf(`%w: field "code" is missing`, ErrPortalShape)
	case *env.Code != "OK":
		return nil, fmt.Errorf(`%w: field "code" is %q, not "OK"`, ErrPortalShape, *env.Code)
	case env.Data == nil:
		return nil, fmt.Errorf(`%w: field "data" is missing or not an object`, ErrPortalShape)
	}
	pf := &portalFile{}
	if raw, ok := env.Data["parent"]; ok && string(raw) != "null" {
		u, err := parsePortalUnit(raw, "data.parent")
		if err != nil {
			return nil, err
		}
		u.ord, u.role = 0, "parent"
		pf.units = append(pf.units, u)
	}
	raw, ok := env.Data["children"]
	if !ok {
		return nil, fmt.Errorf(`%w: field "data.children" is missing`, ErrPortalShape)
	}
	var children []json.RawMessage
	if err := json.Unmarshal(raw, &children); err != nil {
		return nil, fmt.Errorf(`%w: "data.children" is not an array: %v`, ErrPortalShape, err)
	}
	for i, c := range children {
		where := fmt.Sprintf("data.children[%d]", i)
		u, err := parsePortalUnit(c, where)
		if err != nil {
			return nil, err
		}
		if u.code == "" {
			return nil, fmt.Errorf(`%w: %s: "departmentCode" is missing`, ErrPortalShape, where)
		}
		if !u.hasName {
			return nil, fmt.Errorf(`%w: %s (%s): "departmentName" is missing`, ErrPortalShape, where, u.code)
		}
		u.ord, u.role = i+1, "child"
		pf.units = append(pf.units, u)
	}
	if raw, ok := env.Data["monthlyChart"]; ok && string(raw) != "null" {
		months, err := parseMonthlyChart(raw)
		if err != nil {
			return nil, err
		}
		pf.hasChart, pf.chartMonths = true, months
	}
	return pf, nil
}

func parsePortalUnit(raw json.RawMessage, where string) (portalUnit, error) {
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return portalUnit{}, fmt.Errorf("%w: %s is not an object", ErrPortalShape, where)
	}
	u := portalUnit{values: map[string]float64{}}
	str := func(key string) (string, error) {
		switch v := obj[key].(type) {
		case nil:
			return "", nil
		case string:
			return strings.TrimSpace(v), nil
		default:
			return "", fmt.Errorf("%w: %s: %q is %v, not a string", ErrPortalShape, where, key, v)
		}
	}
	var err error
	if u.id, err = str("departmentId"); err != nil {
		return u, err
	}
	if u.code, err = str("departmentCode"); err != nil {
		return u, err
	}
	if u.name, err = str("departmentName"); err != nil {
		return u, err
	}
	if u.level, err = str("level"); err != nil {
		return u, err
	}
	u.hasName = u.name != ""
	u.isCommuneOrNone = u.level == "" || u.level == "COMMUNE"
	k := portalNameKeys(u.name)
	u.keyExact, u.keyTone, u.keyAccent, u.keyBare = k.exact, k.tone, k.accent, k.bare
	for key, v := range obj {
		if err := flattenValue(u.values, key, v, where); err != nil {
			return u, err
		}
	}
	return u, nil
}

// flattenValue stores the numbers of v under key: a number as is, an object's numbers as
// "key.field", an array of objects with a "code" as "<code>.<field>".
func flattenValue(out map[string]float64, key string, v any, where string) error {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		if err != nil {
			return fmt.Errorf("%w: %s: %q: %q is not a number", ErrPortalShape, where, key, v.String())
		}
		out[key] = f
	case map[string]any:
		for k, x := range v {
			if n, ok := x.(json.Number); ok {
				if err := flattenValue(out, key+"."+k, n, where); err != nil {
					return err
				}
			}
		}
	case []any:
		for _, item := range v {
			obj, ok := item.(map[string]any)
			if !ok {
				continue
			}
			code, ok := obj["code"].(string)
			if !ok || code == "" {
				continue
			}
			for k, x := range obj {
				if n, ok := x.(json.Number); ok {
					if err := flattenValue(out, code+"."+k, n, where); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// parseMonthlyChart returns the months whose entry carries a non-zero number. An entry
// names its month in "month" or "label" ("01"–"12").
func parseMonthlyChart(raw json.RawMessage) ([]int, error) {
	var entries []map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf(`%w: "data.monthlyChart" is not an array of objects: %v`, ErrPortalShape, err)
	}
	var months []int
	for i, e := range entries {
		label, _ := e["month"].(string)
		if label == "" {
			label, _ = e["label"].(string)
		}
		m, err := strconv.Atoi(label)
		if err != nil || m < 1 || m > 12 {
			return nil, fmt.Errorf(`%w: data.monthlyChart[%d]: month %q is not 01–12`, ErrPortalShape, i, label)
		}
		for _, v := range e {
			if n, ok := v.(json.Number); ok {
				if f, err := n.Float64(); err == nil && f != 0 {
					months = append(months, m)
					break
				}
			}
		}
	}
	sort.Ints(months)
	return months, nil
}

// portalEndpoint tells which endpoint produced the file from its fields; a given endpoint
// must agree with them.
func portalEndpoint(pf *portalFile, given string) (string, error) {
	found := ""
	for _, ef := range endpointFields {
		for _, u := range pf.units {
			if _, ok := u.values[ef.field]; ok {
				found = ef.endpoint
				break
			}
		}
		if found != "" {
			break
		}
	}
	switch {
	case given != "" && found != "" && given != found:
		return "", fmt.Errorf("--endpoint %s, but the file's fields are those of %s", given, found)
	case given != "":
		return given, nil
	case found != "":
		return found, nil
	}
	return "", fmt.Errorf("%w: cannot tell which evaluation endpoint produced it (no totalOnTime, totalDossierFinancialObligation or onlineDossierCount field)\nhint: pass --endpoint, one of %s",
		ErrPortalShape, strings.Join(PortalEndpoints, ", "))
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
