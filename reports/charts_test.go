package reports

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"reformindex/sql"
)

func valid(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: true} }

// TestOnlineHeatmapAxes checks that both category axes carry their data: go-echarts
// v2.6.7 drops what HeatMap.SetXAxis is given, so the months must come from the axis options.
func TestOnlineHeatmapAxes(t *testing.T) {
	months := period{kind: "month", year: 2026, n: 10}.months()
	communes := []unit{{Code: "1", Name: "Xã Hy Cương"}, {Code: "2", Name: "Xã <b>"}}
	trend := map[trendKey]point{
		{"commune", "1", "2026-10"}: {OnlineRate: valid(55.5)},
		{"commune", "2", "2025-11"}: {OnlineRate: valid(10)},
		{"commune", "2", "2026-01"}: {},
	}
	c, ok := onlineHeatmap(vi, communes, trend, months)
	if !ok {
		t.Fatal("no heatmap")
	}
	var o struct {
		XAxis []struct {
			Type string
			Data []string
		} `json:"xAxis"`
		YAxis []struct {
			Type string
			Data []string
		} `json:"yAxis"`
		Series []struct {
			Type string
			Data []struct{ Value []float64 }
		}
	}
	if err := json.Unmarshal([]byte(c.Option), &o); err != nil {
		t.Fatalf("%v\n%s", err, c.Option)
	}
	if len(o.XAxis) != 1 || o.XAxis[0].Type != "category" || strings.Join(o.XAxis[0].Data, " ") != strings.Join(monthLabels(months), " ") {
		t.Errorf("x axis = %+v", o.XAxis)
	}
	if len(o.YAxis) != 1 || o.YAxis[0].Type != "category" || strings.Join(o.YAxis[0].Data, "|") != "Xã Hy Cương|Xã <b>" {
		t.Errorf("y axis = %+v", o.YAxis)
	}
	// One cell per month with a rate; a month without one is no cell, not 0.
	if len(o.Series) != 1 || o.Series[0].Type != "heatmap" || len(o.Series[0].Data) != 2 {
		t.Fatalf("series = %+v", o.Series)
	}
	if v := o.Series[0].Data[0].Value; v[0] != 11 || v[1] != 0 || v[2] != 55.5 {
		t.Errorf("first cell = %v, want [11 0 55.5]", v)
	}
	if strings.Contains(string(c.Option), "<b>") {
		t.Error("a name in the chart JSON can close the script element")
	}
}

func TestIndexHistogram(t *testing.T) {
	var communes []unit
	for _, v := range []float64{0, 9.99, 49.99, 50, 89.5, 90, 100} {
		communes = append(communes, unit{figures: figures{IndexScore: valid(v)}})
	}
	communes = append(communes, unit{}) // no index: not counted
	c, ok := indexHistogram(vi, communes)
	if !ok {
		t.Fatal("no histogram")
	}
	var o struct {
		Series []struct{ Data []struct{ Value int } }
	}
	if err := json.Unmarshal([]byte(c.Option), &o); err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, d := range o.Series[0].Data {
		got = append(got, d.Value)
	}
	// 0–10: 0 and 9.99; 40–50: 49.99; 50–60: 50; 80–90: 89.5; 90–100: 90 and 100.
	want := []int{2, 0, 0, 0, 1, 1, 0, 0, 1, 2}
	if !slices.Equal(got, want) {
		t.Errorf("bins = %v, want %v", got, want)
	}
	if _, ok := indexHistogram(vi, []unit{{}}); ok {
		t.Error("a histogram of communes without an index")
	}
}
