// Package reports renders the report bundle of one period (SPEC §6) from the tables
// that package transform builds: scorecard, index_components and the ref_units registry.
//
// [Write] is the entry point. For one province it writes index.html (KPI tiles with
// their change since the previous period, the commune ranking, an index chart, the
// province's 12-month rates, movers and data-quality notes), communes/<unit_code>.html
// (the commune beside its province, its index components, 12-month trends and rank
// history), metrics.csv (one row per registry commune, data or not, in ranking order)
// and assets/ (the embedded ECharts and stylesheet, so a bundle needs no network).
// For several provinces it writes one such bundle per province under <province_code>/
// and an index.html listing them.
//
// Queries are the files sql/reports/*.sql; charts are go-echarts snippets placed in
// html/template pages with pinned ids, and the only time written is Options.Now, so
// the same tables give the same bytes. Pages are Vietnamese unless Options.Lang is "en".
//
// [ReadStatus], [Rejects] and [Query] read what reform status, rejects and query print.
// The package only reads tables.
package reports
