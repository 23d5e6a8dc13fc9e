package reports

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"

	"reformindex/sql"
)

// fontStack covers Vietnamese; pages and charts use it.
const fontStack = `"Noto Sans", "Segoe UI", Roboto, Arial, sans-serif`

// chart is one go-echarts chart ready for a page: its container element and its
// option as JSON that is safe inside <script>.
type chart struct {
	ID, Title string
	Element   template.HTML
	Option    template.JS
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

// snippet renders c, whose ChartID is id, with go-echarts' RenderSnippet. The page's
// own script (layout.html) initialises it, so go-echarts' script and assets are unused.
func snippet(id string, c interface {
	render.Renderer
	Accept(charts.ConfigurationVisitor)
}) chart {
	c.Accept(fontVisitor{})
	s := c.RenderSnippet()
	return chart{
		ID:      id,
		Element: template.HTML(strings.TrimSpace(s.Element)),
		Option:  template.JS(scriptSafe.Replace(strings.TrimSpace(s.Option))),
	}
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
			data = append(data, opts.BarData{Value: u.IndexScore.Float64})
		}
	}
	if len(data) == 0 {
		return chart{}, false
	}
	const id = "index_bar"
	c := charts.NewBar()
	c.SetGlobalOptions(
		initOpts(id, strconv.Itoa(60+22*len(data))+"px"),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "8", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
	)
	c.SetXAxis(names).AddSeries(w.Metric["index_score"], data)
	c.XYReversal()
	return snippet(id, c), true
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
		initOpts(id, "300px"),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "16", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(y),
	)
	labels := make([]string, len(months))
	for i, m := range months {
		labels[i] = m[5:] + "/" + m[:4]
	}
	c.SetXAxis(labels)
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
	return snippet(id, c)
}

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
func rankValue(p point) sql.NullFloat64 {
	return sql.NullFloat64{Float64: float64(p.Rank.Int64), Valid: p.Rank.Valid}
}
