package transform

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"math"
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed index.yaml presets/*.yaml
var presetFiles embed.FS

// DefaultIndexConfig returns the embedded default index configuration (SPEC §4.1).
func DefaultIndexConfig() []byte {
	b, _ := Preset("default")
	return b
}

// Preset returns the embedded index configuration of that name: "default" (SPEC §4.1,
// index.yaml) or "766-portal" (the national portal's six groups, presets/766-portal.yaml).
func Preset(name string) ([]byte, bool) {
	file := "presets/" + name + ".yaml"
	if name == "default" {
		file = "index.yaml"
	}
	if !presetRE.MatchString(name) {
		return nil, false
	}
	b, err := presetFiles.ReadFile(file)
	if err != nil {
		return nil, false
	}
	return b, true
}

var presetRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// PresetNames lists the embedded index configurations, "default" first.
func PresetNames() []string {
	names := []string{"default"}
	entries, err := presetFiles.ReadDir("presets")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), path.Ext(e.Name())))
	}
	return names
}

// IndexConfig is the reform index: scored components (in groups), bands, the
// low-volume threshold, and the thresholds of the checks that sit beside the index
// (portal reconciliation, integrity flags).
type IndexConfig struct {
	// Name is what the configuration was loaded as (a preset name or a file path);
	// set by the caller, recorded in cfg_build.index_config.
	Name string `yaml:"-"`

	Groups             []Group         `yaml:"groups"`
	Components         []Component     `yaml:"components"`
	Bands              []Band          `yaml:"bands"`
	LowVolumeBelow     int64           `yaml:"low_volume_below"`
	ExplainMaxDossiers *int64          `yaml:"explain_max_dossiers"`
	Reconcile          ReconcileConfig `yaml:"reconcile"`
	Integrity          IntegrityConfig `yaml:"integrity"`
}

// Group gathers components under one heading, as the national portal's six groups do.
type Group struct {
	Key     string  `yaml:"key"`
	LabelVI string  `yaml:"label_vi"`
	LabelEN string  `yaml:"label_en"`
	Points  float64 `yaml:"points"` // must equal the sum of its components' points
	// Portal names the evaluation API endpoint that scores the same criterion
	// (dvc-progress-tree, provide-online-tree, formality-online-payment-tree, …):
	// reconciliation puts the group's points beside that endpoint's score.
	Portal string `yaml:"portal"`
}

// Component scores one metric.
type Component struct {
	Key     string   `yaml:"key"`
	Group   string   `yaml:"group"` // key of a group; empty when the file has no groups
	LabelVI string   `yaml:"label_vi"`
	LabelEN string   `yaml:"label_en"`
	Metric  string   `yaml:"metric"` // a rate of unit_metrics, a portal-only rate, or "none"
	Points  float64  `yaml:"points"`
	Scoring string   `yaml:"scoring"` // linear | threshold | capped
	FullAt  *float64 `yaml:"full_at"` // threshold: full points at rate ≥ full_at
	Factor  *float64 `yaml:"factor"`  // capped: min(points, factor × rate / 100)
	NA      string   `yaml:"na"`      // omit (default) | full | zero: when the rate is empty
	Target  *float64 `yaml:"target"`  // a target rate (%) the report can show the gap to
	Source  string   `yaml:"source"`  // where the formula comes from
}

// Band names an index range starting at Min.
type Band struct {
	Min   float64 `yaml:"min"`
	Label string  `yaml:"label"`
}

// ReconcileConfig sets when a commune's figures differ from the portal's.
type ReconcileConfig struct {
	CountTolerancePct *float64 `yaml:"count_tolerance_pct"` // % of the portal's count
	RatioTolerance    *float64 `yaml:"ratio_tolerance"`     // percentage points
	ScoreTolerance    *float64 `yaml:"score_tolerance"`     // points
}

// IntegrityConfig sets the thresholds of the integrity flags.
type IntegrityConfig struct {
	OnlineJumpPoints *float64 `yaml:"online_jump_points"` // month-on-month rise of online_rate, percentage points
	QuickMinutes     *float64 `yaml:"quick_minutes"`      // received → finished within this many minutes
	QuickSharePct    *float64 `yaml:"quick_share_pct"`    // share of online dossiers that are quick, %
	MinDossiers      *int64   `yaml:"min_dossiers"`       // fewer dossiers than this raise no flag
	OfficeHours      string   `yaml:"office_hours"`       // "07:00-17:30", local time
	OfficeDays       []int    `yaml:"office_days"`        // ISO weekdays, Monday = 1
}

// Settings of the checks when the file does not give them.
var (
	defaultReconcile = ReconcileConfig{CountTolerancePct: ptr(2.0), RatioTolerance: ptr(1.0), ScoreTolerance: ptr(0.1)}
	defaultIntegrity = IntegrityConfig{OnlineJumpPoints: ptr(40.0), QuickMinutes: ptr(15.0), QuickSharePct: ptr(50.0),
		MinDossiers: ptr(int64(20)), OfficeHours: "07:00-17:30", OfficeDays: []int{1, 2, 3, 4, 5}}
	defaultExplainMaxDossiers = int64(50)
)

func ptr[T any](v T) *T { return &v }

// Metrics that a component may score. Dossier metrics are columns of unit_metrics;
// portal-only metrics are measured only on the portal's own counts (portal_evaluation);
// "none" marks a criterion no data here measures (its points follow the N/A policy).
var (
	dossierMetrics = []string{
		"ontime_rate", "online_rate", "ontime_rate_finished", "online_payment_rate",
		"e_result_rate", "digitization_rate", "satisfaction",
		"fee_procedure_online_rate", "digitized_e_result_rate",
	}
	portalOnlyMetrics = []string{"fee_procedure_synced_rate"}
	scoringKinds      = []string{"linear", "threshold", "capped"}
	naPolicies        = []string{"omit", "full", "zero"}
	portalEndpoints   = []string{
		"dvc-progress-tree", "provide-online-tree", "formality-online-payment-tree",
		"dossier-digitized", "transparency", "handling-satisfaction",
	}
)

// ErrIndexConfig is the cause of every validation error of an index configuration.
var ErrIndexConfig = errors.New("invalid index configuration")

var officeHoursRE = regexp.MustCompile(`^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$`)

// ParseIndexConfig reads and validates an index configuration. Errors name the
// group, component or setting at fault and the value found. Settings the file leaves
// out take their defaults (N/A policy omit, the reconciliation and integrity
// thresholds of the default configuration).
func ParseIndexConfig(b []byte) (*IndexConfig, error) {
	var c IndexConfig
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrIndexConfig, err)
	}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrIndexConfig}, args...)...))
	}
	allMetrics := append(append(append([]string{}, dossierMetrics...), portalOnlyMetrics...), "none")

	groups := map[string]*Group{}
	groupSum := map[string]float64{}
	for i := range c.Groups {
		g := &c.Groups[i]
		where := fmt.Sprintf("group %d (%q)", i+1, g.Key)
		switch {
		case g.Key == "":
			bad("group %d: key is empty", i+1)
		case groups[g.Key] != nil:
			bad("%s: duplicate key", where)
		}
		groups[g.Key] = g
		if g.LabelVI == "" {
			bad("%s: label_vi is empty", where)
		}
		if g.Points <= 0 {
			bad("%s: points must be positive, got %v", where, g.Points)
		}
		if g.Portal != "" && !contains(portalEndpoints, g.Portal) {
			bad("%s: portal %q is not one of %s", where, g.Portal, strings.Join(portalEndpoints, ", "))
		}
	}
	if len(c.Components) == 0 {
		bad("no components")
	}
	seen := map[string]bool{}
	for i := range c.Components {
		comp := &c.Components[i]
		where := fmt.Sprintf("component %d (%q)", i+1, comp.Key)
		switch {
		case comp.Key == "":
			bad("component %d: key is empty", i+1)
		case seen[comp.Key]:
			bad("%s: duplicate key", where)
		}
		seen[comp.Key] = true
		if !contains(allMetrics, comp.Metric) {
			bad("%s: metric %q is not one of %s", where, comp.Metric, strings.Join(allMetrics, ", "))
		}
		if comp.Points <= 0 {
			bad("%s: points must be positive, got %v", where, comp.Points)
		}
		switch comp.Scoring {
		case "linear":
			if comp.FullAt != nil || comp.Factor != nil {
				bad("%s: scoring linear takes neither full_at nor factor", where)
			}
		case "threshold":
			if comp.FullAt == nil || *comp.FullAt <= 0 || *comp.FullAt > 100 {
				bad("%s: scoring threshold needs full_at in (0, 100]", where)
			}
			if comp.Factor != nil {
				bad("%s: factor is only for scoring: capped", where)
			}
		case "capped":
			if comp.Factor == nil || *comp.Factor <= 0 {
				bad("%s: scoring capped needs a positive factor (points = min(points, factor × rate / 100))", where)
			}
			if comp.FullAt != nil {
				bad("%s: full_at is only for scoring: threshold", where)
			}
		default:
			bad("%s: scoring %q is not one of %s", where, comp.Scoring, strings.Join(scoringKinds, ", "))
		}
		if comp.NA == "" {
			comp.NA = "omit"
		} else if !contains(naPolicies, comp.NA) {
			bad("%s: na %q is not one of %s", where, comp.NA, strings.Join(naPolicies, ", "))
		}
		if comp.Target != nil && (*comp.Target <= 0 || *comp.Target > 100) {
			bad("%s: target must be a rate in (0, 100], got %v", where, *comp.Target)
		}
		if comp.LabelVI == "" {
			bad("%s: label_vi is empty", where)
		}
		switch {
		case len(c.Groups) == 0 && comp.Group != "":
			bad("%s: group %q, but the file declares no groups", where, comp.Group)
		case len(c.Groups) > 0 && comp.Group == "":
			bad("%s: group is empty (the file declares groups: every component belongs to one)", where)
		case len(c.Groups) > 0 && groups[comp.Group] == nil:
			bad("%s: group %q is not declared under groups", where, comp.Group)
		}
		groupSum[comp.Group] += comp.Points
	}
	for i, g := range c.Groups {
		if math.Abs(groupSum[g.Key]-g.Points) > 1e-9 {
			bad("group %d (%q): points %v, but its components add up to %v", i+1, g.Key, g.Points, groupSum[g.Key])
		}
	}
	if len(c.Bands) == 0 {
		bad("no bands")
	}
	sort.SliceStable(c.Bands, func(i, j int) bool { return c.Bands[i].Min > c.Bands[j].Min })
	for _, b := range c.Bands {
		if b.Label == "" {
			bad("band at %v: label is empty", b.Min)
		}
	}
	if len(c.Bands) > 0 && c.Bands[len(c.Bands)-1].Min > 0 {
		bad("bands must start at 0 (the lowest band has min %v)", c.Bands[len(c.Bands)-1].Min)
	}
	if c.LowVolumeBelow < 0 {
		bad("low_volume_below must not be negative, got %d", c.LowVolumeBelow)
	}
	if c.ExplainMaxDossiers == nil {
		c.ExplainMaxDossiers = ptr(defaultExplainMaxDossiers)
	} else if *c.ExplainMaxDossiers < 0 {
		bad("explain_max_dossiers must not be negative, got %d", *c.ExplainMaxDossiers)
	}
	c.Reconcile.fill()
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"count_tolerance_pct", *c.Reconcile.CountTolerancePct},
		{"ratio_tolerance", *c.Reconcile.RatioTolerance},
		{"score_tolerance", *c.Reconcile.ScoreTolerance},
	} {
		if f.v < 0 {
			bad("reconcile.%s must not be negative, got %v", f.name, f.v)
		}
	}
	c.Integrity.fill()
	in := c.Integrity
	if *in.OnlineJumpPoints <= 0 || *in.OnlineJumpPoints > 100 {
		bad("integrity.online_jump_points must be in (0, 100], got %v", *in.OnlineJumpPoints)
	}
	if *in.QuickMinutes <= 0 {
		bad("integrity.quick_minutes must be positive, got %v", *in.QuickMinutes)
	}
	if *in.QuickSharePct <= 0 || *in.QuickSharePct > 100 {
		bad("integrity.quick_share_pct must be in (0, 100], got %v", *in.QuickSharePct)
	}
	if *in.MinDossiers < 0 {
		bad("integrity.min_dossiers must not be negative, got %d", *in.MinDossiers)
	}
	if m := officeHoursRE.FindStringSubmatch(in.OfficeHours); m == nil {
		bad("integrity.office_hours %q is not like 07:00-17:30", in.OfficeHours)
	} else if m[1]+m[2] >= m[3]+m[4] {
		bad("integrity.office_hours %q: the end is not after the start", in.OfficeHours)
	}
	if len(in.OfficeDays) == 0 {
		bad("integrity.office_days is empty")
	}
	for _, d := range in.OfficeDays {
		if d < 1 || d > 7 {
			bad("integrity.office_days: %d is not an ISO weekday (Monday = 1 … Sunday = 7)", d)
		}
	}
	if errs != nil {
		return nil, errors.Join(errs...)
	}
	for i := range c.Components {
		if c.Components[i].LabelEN == "" {
			c.Components[i].LabelEN = c.Components[i].LabelVI
		}
	}
	for i := range c.Groups {
		if c.Groups[i].LabelEN == "" {
			c.Groups[i].LabelEN = c.Groups[i].LabelVI
		}
	}
	return &c, nil
}

func (r *ReconcileConfig) fill() {
	if r.CountTolerancePct == nil {
		r.CountTolerancePct = defaultReconcile.CountTolerancePct
	}
	if r.RatioTolerance == nil {
		r.RatioTolerance = defaultReconcile.RatioTolerance
	}
	if r.ScoreTolerance == nil {
		r.ScoreTolerance = defaultReconcile.ScoreTolerance
	}
}

func (in *IntegrityConfig) fill() {
	d := defaultIntegrity
	if in.OnlineJumpPoints == nil {
		in.OnlineJumpPoints = d.OnlineJumpPoints
	}
	if in.QuickMinutes == nil {
		in.QuickMinutes = d.QuickMinutes
	}
	if in.QuickSharePct == nil {
		in.QuickSharePct = d.QuickSharePct
	}
	if in.MinDossiers == nil {
		in.MinDossiers = d.MinDossiers
	}
	if in.OfficeHours == "" {
		in.OfficeHours = d.OfficeHours
	}
	if in.OfficeDays == nil {
		in.OfficeDays = append([]int(nil), d.OfficeDays...)
	}
}

// groupRows are the groups as loaded into cfg_index_groups: the declared ones, or one
// group per component when the file declares none.
func (c *IndexConfig) groupRows() []Group {
	if len(c.Groups) > 0 {
		return c.Groups
	}
	var gs []Group
	for _, comp := range c.Components {
		gs = append(gs, Group{Key: comp.Key, LabelVI: comp.LabelVI, LabelEN: comp.LabelEN, Points: comp.Points})
	}
	return gs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
