package transform

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed index.yaml
var defaultIndexConfig []byte

// DefaultIndexConfig returns the embedded index configuration (SPEC §4.1).
func DefaultIndexConfig() []byte { return bytes.Clone(defaultIndexConfig) }

// IndexConfig is the reform index: scored components, bands and the low-volume threshold.
type IndexConfig struct {
	Components     []Component `yaml:"components"`
	Bands          []Band      `yaml:"bands"`
	LowVolumeBelow int64       `yaml:"low_volume_below"`
}

// Component scores one metric.
type Component struct {
	Key     string   `yaml:"key"`
	LabelVI string   `yaml:"label_vi"`
	LabelEN string   `yaml:"label_en"`
	Metric  string   `yaml:"metric"`
	Points  float64  `yaml:"points"`
	Scoring string   `yaml:"scoring"` // linear | threshold
	FullAt  *float64 `yaml:"full_at"`
}

// Band names an index range starting at Min.
type Band struct {
	Min   float64 `yaml:"min"`
	Label string  `yaml:"label"`
}

// Metrics that a component may score: the rates of unit_metrics.
var scorable = []string{
	"ontime_rate", "online_rate", "ontime_rate_finished", "online_payment_rate",
	"e_result_rate", "digitization_rate", "satisfaction",
}

// ErrIndexConfig is the cause of every validation error of an index configuration.
var ErrIndexConfig = errors.New("invalid index configuration")

// ParseIndexConfig reads and validates an index configuration. Errors name the
// component and field at fault.
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
	if len(c.Components) == 0 {
		bad("no components")
	}
	seen := map[string]bool{}
	for i, comp := range c.Components {
		where := fmt.Sprintf("component %d (%q)", i+1, comp.Key)
		switch {
		case comp.Key == "":
			bad("component %d: key is empty", i+1)
		case seen[comp.Key]:
			bad("%s: duplicate key", where)
		}
		seen[comp.Key] = true
		if !contains(scorable, comp.Metric) {
			bad("%s: metric %q is not one of %s", where, comp.Metric, strings.Join(scorable, ", "))
		}
		if comp.Points <= 0 {
			bad("%s: points must be positive, got %v", where, comp.Points)
		}
		switch comp.Scoring {
		case "linear":
			if comp.FullAt != nil {
				bad("%s: full_at is only for scoring: threshold", where)
			}
		case "threshold":
			if comp.FullAt == nil || *comp.FullAt <= 0 || *comp.FullAt > 100 {
				bad("%s: scoring threshold needs full_at in (0, 100]", where)
			}
		default:
			bad("%s: scoring %q is not linear or threshold", where, comp.Scoring)
		}
		if comp.LabelVI == "" {
			bad("%s: label_vi is empty", where)
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
		bad("low_volume_below must not be negative")
	}
	if errs != nil {
		return nil, errors.Join(errs...)
	}
	for i := range c.Components {
		if c.Components[i].LabelEN == "" {
			c.Components[i].LabelEN = c.Components[i].LabelVI
		}
	}
	return &c, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
