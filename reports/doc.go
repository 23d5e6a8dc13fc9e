// Package reports renders the report bundle of one period (SPEC §6) from the tables that
// package transform builds (scorecard, index_components, stg_dossiers), the registry
// (ref_units, and for pre-2025 periods ref_units_pre2025 with ref_unit_conversion) and the
// load history (load_files, raw_rejects); when the database has them, also periods
// (prev_period of a year to date), explain and explain_procedures, reconcile,
// integrity_flags, the portal_* tables of the access logs and scorecard_pre2025. Periods
// are months, quarters, years and years to date (2026-ytd-10).
//
// [Write] is the entry point. For one province it writes:
//
//   - index.html: KPI tiles with their change since the previous period and their
//     [Target]; the ranking of every commune, sortable by any column and filterable by a
//     name typed with or without diacritics, by band and, for periods before July 2025, by
//     district; the index distribution, the province's 12-month rates, the index by commune
//     and a communes × months heatmap of the online rate; movers; communes without data;
//     the procedures with the most overdue dossiers; a data-quality panel (files, rejects by
//     reason, unknown unit codes, split-mapped dossiers, freshness); the integrity flags,
//     in their own panel apart from the index; a link to reconcile.html when there is one;
//   - communes/<unit_code>.html: the commune beside its province and the targets, its index
//     components, 12-month trends and rank history, processing days by channel, the
//     procedures with the most overdue dossiers and the open overdue dossiers (code,
//     procedure, days overdue: stg_dossiers holds no personal data); why the index moved:
//     each component's points change and the procedures behind the largest loss;
//   - metrics.csv (SPEC §6 columns, then the portal columns of SPEC §5: empty without
//     access logs), metrics.xlsx (one sheet per level, headers in the page
//     language, rates as percentages), data/<table>.parquet (the metric tables) and
//     explain.csv (one row per commune and index component, header only without explain);
//   - reconcile.csv and reconcile.html (the flagged rows with their likely cause), only
//     when the reconcile table has rows for the period;
//   - portal.html, only when access logs cover the province in the period (portal_usage
//     has its province row; docs/sites.md): the use of the public-service portal, with
//     traffic by day and by hour of the day, 5xx errors by hour with the outages marked and
//     listed, devices, the most viewed procedures, each procedure's funnel (page views →
//     submissions) and every commune's figures; commune pages then add a portal panel when
//     the commune had traffic, and metrics.csv fills its portal columns;
//   - assets/: the embedded ECharts, style.css and report.js, the bundle's only assets.
//
// For several provinces it writes each one's pages and exports under <province_code>/,
// an index.html listing them, and still one assets/ folder. Commune pages are rendered in
// parallel (GOMAXPROCS workers); the dossier queries run once for all provinces.
//
// With Options.Units "pre2025", for a period that ends by 1 July 2025 ([Pre2025Period]), it
// renders the units of that time from scorecard_pre2025 under <period>/pre2025/ instead:
// index.html with the old province's districts ranked and its communes grouped by
// district (rank within the district and the old province, filter by district), one
// communes/<old_code>.html per commune of the pre-2025 registry beside its district and
// province, and metrics.csv (the SPEC §6 columns, then district_code, district_name,
// rank_in_district, rank_in_province, province_code_2025, rank_in_province_2025); several
// old provinces are laid out as several provinces are, and share <period>/assets/.
//
// Every page states its period, scope and filters, data freshness (the latest event in the
// dossiers and the last file loaded) and generation time, prints on A4 and reads on a
// 360 px phone. Charts are go-echarts snippets with pinned ids drawn by report.js;
// everything from the input is escaped (html/template, and \u003c in the charts' JSON).
// The only clock time written is Options.Now, so the same tables give the same bytes.
// Pages are Vietnamese unless Options.Lang is "en"; names sort in Vietnamese collation.
// Targets default to the embedded targets.yaml ([DefaultTargets]; [ParseTargets] reads
// another file).
//
// [ReadStatus], [Rejects] and [Query] read what reform status, rejects and query print.
// The package only reads tables.
package reports
