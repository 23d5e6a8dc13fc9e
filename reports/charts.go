package reports

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"reformindex/sql"
)

// fontStack covers Vietnamese; pages and charts use it.
const fontStack = `"Noto Sans", "Segoe UI", Roboto, Arial, sans-serif`

// chart is one go-echarts chart ready for a page: the id and height of its container,
// and its option as JSON that is safe inside <script>.
type chart struct {
	ID, Title, Height string
	Option            template.JS
}

// scriptSafe escapes what could end or confuse a <script> element; inside JSON strings
// the \u forms mean the same characters.
var scriptSafe = strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`,
	"\u2028", `\u2028`, "\u2029", `\u2029`)

// fontVisitor sets the font of every text of a chart.
type fontVisitor struct {
	charts.BaseConfigurationVisitor
}

func (fontVisitor) Visit(o map[string]any) {
	o["textStyle"] = map[string]string{"fontFamily": fontStack}
}

// echart is what snippet needs of a go-echarts chart.
type echart interface {
	Validate()
	JSONNotEscaped() template.HTML
	Accept(charts.ConfigurationVisitor)
}

// snippet takes the option of c, a chart made with initOpts(id, height). The page's own
// container and script (layout.html, report.js) draw it, so go-echarts' HTML templates,
// scripts and assets are not used: rendering them (RenderSnippet) parses templates on
// every call, the larger part of the time of a commune page.
func snippet(id, height string, c echart) chart {
	c.Accept(fontVisitor{})
	c.Validate() // puts the axis data in place, as rendering would
	return chart{ID: id, Height: height, Option: template.JS(scriptSafe.Replace(strings.TrimSpace(string(c.JSONNotEscaped()))))}
}

func initOpts(id, height string) charts.GlobalOpts {
	return charts.WithInitializationOpts(opts.Initialization{ChartID: id, Width: "100%", Height: height})
}

// indexBar is a horizontal bar per commune with an index, best at the top.
// communes are in ranking order.
func indexBar(w *words, communes []unit) (chart, bool) {
	var names []string
	var data []opts.BarData
	for _, u := range communes {
		if u.IndexScore.Valid {
			names = append(names, u.Name)
			data = append(data, opts.BarData{Value: u.IndexScore.Float64,
				ItemStyle: &opts.ItemStyle{Color: scoreColor(int(u.IndexScore.Float64))}})
		}
	}
	if len(data) == 0 {
		return chart{}, false
	}
	const id = "index_bar"
	height := strconv.Itoa(60+18*len(data)) + "px"
	c := charts.NewBar()
	c.SetGlobalOptions(
		initOpts(id, height),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "8", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	c.SetXAxis(names).AddSeries(w.Metric["index_score"], data)
	c.XYReversal()
	return snippet(id, height, c), true
}

// indexHistogram counts the communes with an index in each 10-point bin, coloured as
// the bands the bins fall in.
func indexHistogram(w *words, communes []unit) (chart, bool) {
	var bins [10]int
	n := 0
	for _, u := range communes {
		if u.IndexScore.Valid {
			bins[min(int(u.IndexScore.Float64/10), 9)]++
			n++
		}
	}
	if n == 0 {
		return chart{}, false
	}
	labels := make([]string, len(bins))
	data := make([]opts.BarData, len(bins))
	for i, c := range bins {
		labels[i] = fmt.Sprintf("%d–%d", 10*i, 10*i+10)
		data[i] = opts.BarData{Value: c, ItemStyle: &opts.ItemStyle{Color: scoreColor(10 * i)}}
	}
	const id, height = "index_histogram", "300px"
	c := charts.NewBar()
	c.SetGlobalOptions(
		initOpts(id, height),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "16", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: w.Index}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}),
	)
	c.SetXAxis(labels).AddSeries(w.CommunesCount, data)
	return snippet(id, height, c), true
}

// scoreColor is the colour of an index from its lower bound: red below 50, then amber,
// yellow-green, green and dark green at the band thresholds 50, 70, 80 and 90.
func scoreColor(from int) string {
	switch {
	case from >= 90:
		return "#1b7f3b"
	case from >= 80:
		return "#4caf50"
	case from >= 70:
		return "#a3c644"
	case from >= 50:
		return "#f0a202"
	}
	return "#d64545"
}

// onlineHeatmap shows the online rate of every commune (rows, in ranking order) in each
// of the 12 months (columns); a month without a rate is an empty cell. Both category
// axes are set through the axis options, since go-echarts v2.6.7 ignores HeatMap.SetXAxis.
func onlineHeatmap(w *words, communes []unit, trend map[trendKey]point, months []string) (chart, bool) {
	names := make([]string, len(communes))
	var data []opts.HeatMapData
	for y, u := range communes {
		names[y] = u.Name
		for x, m := range months {
			if v := trend[trendKey{"commune", u.Code, m}].OnlineRate; v.Valid {
				data = append(data, opts.HeatMapData{Value: [3]any{x, y, v.Float64}})
			}
		}
	}
	if len(data) == 0 {
		return chart{}, false
	}
	const id = "online_heatmap"
	height := strconv.Itoa(110+18*len(communes)) + "px"
	c := charts.NewHeatMap()
	c.SetGlobalOptions(
		initOpts(id, height),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "8", Top: "8", Bottom: "64", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Data: monthLabels(months),
			SplitArea: &opts.SplitArea{Show: opts.Bool(true)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Data: names, Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: "0", Width: 120, Overflow: "truncate"}}),
		charts.WithVisualMapOpts(opts.VisualMap{Type: "continuous", Min: 0, Max: 100, Calculable: opts.Bool(true),
			Orient: "horizontal", Left: "center", Bottom: "0",
			InRange: &opts.VisualMapInRange{Color: []string{"#d64545", "#f0a202", "#a3c644", "#1b7f3b"}}}),
	)
	c.AddSeries(w.Metric["online_rate"], data)
	return snippet(id, height, c), true
}

// monthLabels shows "YYYY-MM" months as "MM/YYYY".
func monthLabels(months []string) []string {
	labels := make([]string, len(months))
	for i, m := range months {
		labels[i] = m[5:] + "/" + m[:4]
	}
	return labels
}

// series is one line of a trend chart.
type series struct {
	name   string
	values []sql.NullFloat64
}

// lineChart draws series over the months; NULL is a gap, never 0.
// rank charts put rank 1 at the top.
func lineChart(id string, months []string, rank bool, ss ...series) chart {
	c := charts.NewLine()
	y := opts.YAxis{Type: "value", Min: 0, Max: 100}
	if rank {
		y = opts.YAxis{Type: "value", Min: 1, MinInterval: 1, Inverse: opts.Bool(true)}
	}
	c.SetGlobalOptions(
		initOpts(id, lineHeight),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "16", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(y),
	)
	c.SetXAxis(monthLabels(months))
	for _, s := range ss {
		data := make([]opts.LineData, len(s.values))
		for i, v := range s.values {
			data[i] = opts.LineData{Value: "-"} // ECharts' empty value
			if v.Valid {
				data[i].Value = v.Float64
			}
		}
		c.AddSeries(s.name, data)
	}
	return snippet(id, lineHeight, c)
}

// lineHeight is the height of a trend chart.
const lineHeight = "300px"

// monthly picks one value per month of a unit's trend.
func monthly(trend map[trendKey]point, level, code string, months []string, pick func(point) sql.NullFloat64) []sql.NullFloat64 {
	out := make([]sql.NullFloat64, len(months))
	for i, m := range months {
		out[i] = pick(trend[trendKey{level, code, m}])
	}
	return out
}

func onlineRate(p point) sql.NullFloat64 { return p.OnlineRate }
func ontimeRate(p point) sql.NullFloat64 { return p.OntimeRate }
func indexScore(p point) sql.NullFloat64 { return p.IndexScore }
func rankValue(p point) sql.NullFloat64  { return asFloat(p.Rank) }
