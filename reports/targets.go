package reports

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Target is a goal for one metric, shown beside its figures: met when the figure is at
// least AtLeast, or at most AtMost.
type Target struct {
	Metric  string   `yaml:"metric"`
	AtLeast *float64 `yaml:"at_least"`
	AtMost  *float64 `yaml:"at_most"`
}

//go:embed targets.yaml
var defaultTargets []byte

// DefaultTargets are the targets of the embedded targets.yaml: online_rate ≥ 50 and
// ontime_rate ≥ 95.
func DefaultTargets() []Target {
	t, err := ParseTargets(defaultTargets)
	if err != nil {
		panic("reports: embedded targets.yaml: " + err.Error())
	}
	return t
}

// ParseTargets reads a targets file in the shape of the embedded targets.yaml.
func ParseTargets(b []byte) ([]Target, error) {
	var doc struct {
		Targets []Target `yaml:"targets"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("targets: %w", err)
	}
	var errs []error
	seen := map[string]bool{}
	for i, t := range doc.Targets {
		switch k := kpiByKey(t.Metric); {
		case k == nil || k.neutral:
			errs = append(errs, fmt.Errorf("target %d: metric %q is not one of %s", i+1, t.Metric, targetMetrics()))
		case (t.AtLeast == nil) == (t.AtMost == nil):
			errs = append(errs, fmt.Errorf("target %d (%s): give exactly one of at_least and at_most", i+1, t.Metric))
		case seen[t.Metric]:
			errs = append(errs, fmt.Errorf("target %d: a second target for %s", i+1, t.Metric))
		}
		seen[t.Metric] = true
	}
	return doc.Targets, errors.Join(errs...)
}

// met reports whether v meets the target.
func (t Target) met(v float64) bool {
	if t.AtLeast != nil {
		return v >= *t.AtLeast
	}
	return v <= *t.AtMost
}

// targetFor returns the target of a metric, if any.
func targetFor(ts []Target, metric string) (Target, bool) {
	for _, t := range ts {
		if t.Metric == metric {
			return t, true
		}
	}
	return Target{}, false
}
