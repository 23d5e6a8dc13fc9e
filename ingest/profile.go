package ingest

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

//go:embed profiles/*.yaml
var profileFiles embed.FS

// Profile maps a vendor's export layout onto the canonical columns of SPEC §3.1. The
// built-in profiles are generic, vn-headers and dvcqg (ingest/profiles/*.yaml); a user
// profile file names one of them in extends and overrides or adds to it.
type Profile struct {
	Name        string                `yaml:"name"`
	Description string                `yaml:"description"`
	Extends     string                `yaml:"extends"`
	Columns     map[string]ColumnSpec `yaml:"columns"`
	// Personal lists the titles of personal columns; they are never read (any column
	// not mapped is never read either: this list only makes the summary say why).
	Personal []string `yaml:"personal"`
	// Amounts is "plain" (50000, 50000.5) or "vn" (50.000, 50.000 đ, 50.000,5).
	Amounts string `yaml:"amounts"`
	// UnitFromCode takes the unit from the agency-id prefix of the dossier code
	// (AGENCY-YYMMDD-NNNN, Thông tư 01/2018/TT-VPCP art. 19) when no unit column is present.
	UnitFromCode bool `yaml:"unit_from_code"`
	// Values maps spellings (matched like titles) to codes, per kind: channel, status,
	// service_level, paid_online and flag (e_result, digitized, complaint).
	Values map[string]map[string]string `yaml:"values"`

	named []string // canonical columns a profile file names: the export must have them
}

// ColumnSpec is where one canonical column comes from: the titles that mean it and, for
// list fields (JSON arrays such as DanhSachLePhi), how the list becomes one value.
type ColumnSpec struct {
	Names    []string `yaml:"names"`
	Sum      string   `yaml:"sum"`      // sum this field of the list's objects
	NonEmpty bool     `yaml:"nonempty"` // 1 when the list has an element, else 0
}

// UnmarshalYAML accepts a list of titles or a mapping {names, sum, nonempty}.
func (c *ColumnSpec) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.SequenceNode || n.Kind == yaml.ScalarNode {
		var names []string
		if n.Kind == yaml.ScalarNode {
			names = []string{n.Value}
		} else if err := n.Decode(&names); err != nil {
			return err
		}
		*c = ColumnSpec{Names: names}
		return nil
	}
	type plain ColumnSpec
	return n.Decode((*plain)(c))
}

// Causes of profile errors, for errors.Is.
var (
	ErrUnknownProfile = errors.New("unknown profile")
	ErrBadProfile     = errors.New("bad profile")
	ErrNoProfile      = errors.New("no profile matches the header")
)

// canonical columns, in the order of raw_dossiers after its (file_id, line, source) prefix.
var canonical = []string{
	"dossier_code", "unit_code", "procedure_code", "procedure_name", "field_name",
	"channel", "service_level", "status",
	"submitted_at", "received_at", "due_at", "finished_at", "returned_at",
	"fee_amount", "paid_online", "e_result", "digitized", "complaint", "updated_at",
}

var required = []string{"dossier_code", "unit_code", "channel", "status", "received_at"}

// valueKinds are the canonical columns read through a profile's value map, and the map.
var valueKinds = map[string]string{
	"channel": "channel", "status": "status", "service_level": "service_level",
	"paid_online": "paid_online", "e_result": "flag", "digitized": "flag", "complaint": "flag",
}

// valueCodes are the codes each kind of value map may produce.
var valueCodes = map[string][]string{
	"channel":       {"1", "2", "3"},
	"status":        {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"},
	"service_level": {"toan_trinh", "mot_phan"},
	"paid_online":   {"0", "1", "2"},
	"flag":          {"0", "1"},
}

// BuiltinProfiles lists the names of the embedded profiles, in the order auto tries them.
func BuiltinProfiles() []string { return []string{"generic", "vn-headers", "dvcqg"} }

// LoadProfile returns a built-in profile by name, or reads a profile file (a path, or
// any name ending in .yaml/.yml). A file profile that extends a built-in one starts
// from it: its columns replace the built-in ones of the same canonical name, its value
// spellings are added, and its personal titles are added.
func LoadProfile(nameOrPath string) (*Profile, error) {
	if slices.Contains(BuiltinProfiles(), nameOrPath) {
		return builtinProfile(nameOrPath), nil
	}
	if !strings.HasSuffix(nameOrPath, ".yaml") && !strings.HasSuffix(nameOrPath, ".yml") && !strings.ContainsRune(nameOrPath, os.PathSeparator) {
		return nil, fmt.Errorf("%w %q (built-in: %s; or a .yaml file)", ErrUnknownProfile, nameOrPath, strings.Join(BuiltinProfiles(), ", "))
	}
	b, err := os.ReadFile(nameOrPath)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", nameOrPath, err)
	}
	var p Profile
	if err := yaml.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("profile %s: %w: %w", nameOrPath, ErrBadProfile, err)
	}
	if p.Name == "" {
		p.Name = nameOrPath
	}
	for col := range p.Columns {
		p.named = append(p.named, col)
	}
	sort.Strings(p.named)
	if p.Extends != "" {
		if !slices.Contains(BuiltinProfiles(), p.Extends) {
			return nil, fmt.Errorf("profile %s: %w: extends %q is not a built-in profile (%s)", nameOrPath, ErrBadProfile, p.Extends, strings.Join(BuiltinProfiles(), ", "))
		}
		named := p.named
		p = *merge(builtinProfile(p.Extends), &p)
		p.named = named
	}
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("profile %s: %w", nameOrPath, err)
	}
	return &p, nil
}

func builtinProfile(name string) *Profile {
	b, err := profileFiles.ReadFile("profiles/" + name + ".yaml")
	if err != nil {
		panic(err)
	}
	var p Profile
	if err := yaml.Unmarshal(b, &p); err != nil {
		panic(fmt.Sprintf("embedded profile %s: %v", name, err))
	}
	if err := p.check(); err != nil {
		panic(fmt.Sprintf("embedded profile %s: %v", name, err))
	}
	return &p
}

// merge lays the user profile u over its base.
func merge(base, u *Profile) *Profile {
	out := *base
	out.Name, out.Extends = u.Name, u.Extends
	if u.Description != "" {
		out.Description = u.Description
	}
	out.Columns = map[string]ColumnSpec{}
	for k, v := range base.Columns {
		out.Columns[k] = v
	}
	for k, v := range u.Columns {
		out.Columns[k] = v
	}
	out.Personal = append(slices.Clone(base.Personal), u.Personal...)
	if u.Amounts != "" {
		out.Amounts = u.Amounts
	}
	out.UnitFromCode = base.UnitFromCode || u.UnitFromCode
	out.Values = map[string]map[string]string{}
	for kind, m := range base.Values {
		out.Values[kind] = map[string]string{}
		for k, v := range m {
			out.Values[kind][k] = v
		}
	}
	for kind, m := range u.Values {
		if out.Values[kind] == nil {
			out.Values[kind] = map[string]string{}
		}
		for k, v := range m {
			out.Values[kind][k] = v
		}
	}
	return &out
}

func (p *Profile) check() error {
	for col, spec := range p.Columns {
		if !slices.Contains(canonical, col) {
			return fmt.Errorf("%w: column %q is not canonical (%s)", ErrBadProfile, col, strings.Join(canonical, ", "))
		}
		if len(spec.Names) == 0 {
			return fmt.Errorf("%w: column %q has no titles", ErrBadProfile, col)
		}
	}
	switch p.Amounts {
	case "", "plain", "vn":
	default:
		return fmt.Errorf("%w: amounts must be plain or vn, not %q", ErrBadProfile, p.Amounts)
	}
	for kind, m := range p.Values {
		codes, ok := valueCodes[kind]
		if !ok {
			return fmt.Errorf("%w: values of %q: kinds are channel, status, service_level, paid_online, flag", ErrBadProfile, kind)
		}
		for k, code := range m {
			if !slices.Contains(codes, code) {
				return fmt.Errorf("%w: values of %s: %q maps to %q, not one of %s", ErrBadProfile, kind, k, code, strings.Join(codes, ", "))
			}
		}
	}
	for col, spec := range p.Columns {
		if (spec.Sum != "" && col != "fee_amount") || (spec.NonEmpty && col != "e_result" && col != "digitized" && col != "complaint") {
			return fmt.Errorf("%w: column %q: sum applies to fee_amount, nonempty to e_result, digitized and complaint", ErrBadProfile, col)
		}
		if spec.Sum != "" && !regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`).MatchString(spec.Sum) {
			return fmt.Errorf("%w: column %q: sum field %q must be a plain name", ErrBadProfile, col, spec.Sum)
		}
	}
	return nil
}

// fold is how titles and coded values are compared: NFC, accents and tone marks
// removed wherever they were placed (Hòa = Hoà = hoa), đ → d, lower case, runs of
// spaces as one, no surrounding spaces. The SQL of value matching does the same.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r) || r == '\ufeff':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// mapping is a profile applied to one header: where each canonical column is read from.
type mapping struct {
	profile  *Profile
	header   []string       // the file's titles, as given
	index    map[string]int // canonical column → position in header
	ignored  []string       // titles not read (personal ones included)
	personal []string       // titles recognised as personal
	unitFrom string         // "code" when the unit comes from the dossier code
	at       string         // where the header is, for messages: "line 1", "sheet \"Hồ sơ\", row 3"
}

// match maps header through p. It fails when a required column, or a column that a
// user profile names, is missing.
func (p *Profile) match(header []string) (*mapping, error) {
	m := &mapping{profile: p, header: header, index: map[string]int{}}
	pos := map[string]int{}
	for i, h := range header {
		k := fold(h)
		if _, dup := pos[k]; !dup && k != "" {
			pos[k] = i
		}
	}
	for _, col := range canonical {
		spec, ok := p.Columns[col]
		if !ok {
			continue
		}
		for _, n := range spec.Names {
			if i, ok := pos[fold(n)]; ok {
				m.index[col] = i
				break
			}
		}
	}
	var missing []string
	for _, col := range required {
		if _, ok := m.index[col]; ok {
			continue
		}
		if col == "unit_code" && p.UnitFromCode {
			if _, ok := m.index["dossier_code"]; ok {
				m.unitFrom = "code"
				continue
			}
		}
		if names := p.Columns[col].Names; len(names) == 1 && names[0] == col {
			missing = append(missing, col)
		} else {
			missing = append(missing, col+" ("+strings.Join(names, " / ")+")")
		}
	}
	if len(missing) > 0 {
		return m, fmt.Errorf("%w %s (profile %s)", ErrMissingColumn, strings.Join(missing, ", "), p.Name)
	}
	for _, col := range p.named {
		if _, ok := m.index[col]; !ok && !(col == "unit_code" && m.unitFrom == "code") {
			return m, fmt.Errorf("%w %s (%s): profile %s names it, the file has no such column",
				ErrMissingColumn, col, strings.Join(p.Columns[col].Names, " / "), p.Name)
		}
	}
	personal := map[string]bool{}
	for _, n := range p.Personal {
		personal[fold(n)] = true
	}
	used := map[int]bool{}
	for _, i := range m.index {
		used[i] = true
	}
	for i, h := range header {
		if used[i] {
			continue
		}
		t := strings.TrimSpace(h)
		if t == "" {
			t = fmt.Sprintf("(column %d)", i+1)
		}
		m.ignored = append(m.ignored, t)
		if personal[fold(h)] {
			m.personal = append(m.personal, t)
		}
	}
	return m, nil
}

// score is how many canonical columns of p the header has (for auto).
func (p *Profile) score(header []string) int {
	pos := map[string]bool{}
	for _, h := range header {
		pos[fold(h)] = true
	}
	n := 0
	for _, spec := range p.Columns {
		for _, name := range spec.Names {
			if pos[fold(name)] {
				n++
				break
			}
		}
	}
	return n
}

// pickProfile returns the built-in profile that maps header (the one with the most
// columns among those whose required columns are all present), or ErrNoProfile with
// what each lacked.
func pickProfile(header []string) (*mapping, error) {
	var best *mapping
	bestScore, bestErr := -1, error(nil)
	for _, name := range BuiltinProfiles() {
		p := builtinProfile(name)
		m, err := p.match(header)
		score := p.score(header)
		if err == nil {
			score += 1000 // complete mappings first
		}
		if score > bestScore {
			best, bestScore, bestErr = m, score, err
		}
	}
	if bestErr == nil {
		return best, nil
	}
	if bestScore >= 2 {
		// Close to one profile: say what that one lacks.
		return nil, fmt.Errorf("%w\nhint: if the file has these columns under other titles, map them in a profile file (--profile FILE, see docs/profiles.md)", bestErr)
	}
	return nil, fmt.Errorf("%w (built-in: %s; the header is %q)\nhint: name the layout with --profile NAME or a .yaml profile file (see docs/profiles.md)",
		ErrNoProfile, strings.Join(BuiltinProfiles(), ", "), clip(strings.Join(header, ",")))
}

// headerScore is how many titles of line look like a header of any known profile:
// used to find the header row below title rows.
func headerScore(fields []string, profiles []*Profile) int {
	best := 0
	for _, p := range profiles {
		if n := p.score(fields); n > best {
			best = n
		}
	}
	return best
}
