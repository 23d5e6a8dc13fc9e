package reports

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"reformindex/sql"
)

// The pre-2025 view (Options.Units "pre2025") renders a period that ends by 1 July 2025
// on the units of that time, from scorecard_pre2025: old communes (xã, phường, thị trấn)
// ranked within their district (huyện) and their old province, districts ranked within the
// province. Its bundle is dir/<period>/pre2025/, laid out as the 2025 one: for one old
// province index.html, communes/<old_code>.html and metrics.csv; for several, an
// index.html listing them and each one's bundle in pre2025/<old_province_code>/. It shares
// dir/<period>/assets/ with the 2025 bundle of the period.

// oldCommune is a commune of the pre-2025 registry with its figures for the period: its
// unit's Rank and RankChange are within its old province.
type oldCommune struct {
	unit
	DistrictCode, DistrictName         string
	RankInDistrict                     sql.NullInt64
	RankedInDistrict, RankedInProvince sql.NullInt64 // how many communes have a rank there
	Province2025, Province2025Name     sql.NullString
	RankInProvince2025                 sql.NullInt64
	RankedInProvince2025               sql.NullInt64
}

// pre2025Header is the column contract of metrics.csv on the pre-2025 units: SPEC §6
// (rank and rank_change within the old province), then the commune's district, its rank
// there and in the old province, and the 2025 province it went to with its rank among the
// old communes there.
var pre2025Header = append(specHeader[:len(specHeader):len(specHeader)],
	"district_code", "district_name", "rank_in_district", "rank_in_province", "province_code_2025", "rank_in_province_2025")

func pre2025Row(period, province string, c oldCommune) []any {
	return append(specRow(period, province, c.unit), c.DistrictCode, c.DistrictName, nullInt(c.RankInDistrict),
		nullInt(c.Rank), nullString(c.Province2025), nullInt(c.RankInProvince2025))
}

// oldProvinceData is everything the pages of one pre-2025 province are drawn from.
type oldProvinceData struct {
	prov, prev unit
	districts  map[string]unit // by district code; Rank is the rank among the province's districts
	communes   []oldCommune    // in ranking order within the province
	trend      map[trendKey]point
	months     []string
	dataUntil  time.Time
}

// writePre2025 renders period p on the pre-2025 units.
func writePre2025(ctx context.Context, db *sql.DB, dir string, o Options, p period, w *words) (Result, error) {
	if !p.onOldUnits() {
		return Result{}, fmt.Errorf("period %s ends after 30 June 2025: the pre-2025 units exist only for periods that end by the reorganisation of 1 July 2025", p)
	}
	if built, err := db.TableExists(ctx, "scorecard_pre2025"); err != nil {
		return Result{}, err
	} else if !built {
		return Result{}, fmt.Errorf("%w on the pre-2025 units in %s: nothing is built yet\nhint: run reform build first", ErrNoMetrics, db.Path)
	}
	provinces, r, err := startRender(ctx, db, "reports/pre2025_provinces.sql", "pre-2025 ", o, p, w)
	if err != nil {
		return Result{}, err
	}
	fresh, err := loadFreshness(ctx, db, "")
	if err != nil {
		return Result{}, err
	}
	data := make([]*oldProvinceData, len(provinces))
	pages := 0
	for i, prov := range provinces {
		if data[i], err = r.loadOld(ctx, prov, fresh); err != nil {
			return Result{}, err
		}
		pages += len(data[i].communes)
	}
	r.tick = counter(o.Progress, pages)

	periodDir := filepath.Join(dir, p.String())
	if err := writeAssets(filepath.Join(periodDir, "assets")); err != nil {
		return Result{}, err
	}
	root := filepath.Join(periodDir, "pre2025")
	index := filepath.Join(root, "index.html")
	if len(data) == 1 {
		_, err := r.oldBundle(ctx, root, data[0], "", "../assets/")
		return Result{Dirs: []string{root}, Index: index}, err
	}
	res := Result{Index: index}
	var rows []provinceRow
	var until time.Time
	provs := make([]unit, len(data))
	for i, d := range data {
		bundle := filepath.Join(root, d.prov.Code)
		row, err := r.oldBundle(ctx, bundle, d, "../index.html", "../../assets/")
		if err != nil {
			return res, err
		}
		res.Dirs = append(res.Dirs, bundle)
		rows = append(rows, row)
		provs[i] = d.prov
		if d.dataUntil.After(until) {
			until = d.dataUntil
		}
	}
	return res, r.writeOverview(index, "../assets/", w.OldProvinces, provs, until, rows)
}

// loadOld reads what the pages of one pre-2025 province need; fresh is the freshness of
// the dossiers by 2025 province.
func (r *renderer) loadOld(ctx context.Context, prov unit, fresh map[string]time.Time) (*oldProvinceData, error) {
	ps := r.period.String()
	d := &oldProvinceData{prov: prov, months: r.period.months(), districts: map[string]unit{}}
	for _, u := range r.previous {
		if u.Code == prov.Code {
			d.prev = u
		}
	}
	districts, err := loadUnits(ctx, r.db, "reports/pre2025_districts.sql", prov.Code, ps)
	if err != nil {
		return nil, err
	}
	for _, u := range districts {
		d.districts[u.Code] = u
	}
	err = query(ctx, r.db, "reports/pre2025_communes.sql", []any{prov.Code, ps}, func(rows *sql.Rows) error {
		var c oldCommune
		if err := rows.Scan(append(c.dest(), &c.DistrictCode, &c.DistrictName, &c.RankInDistrict, &c.RankedInDistrict,
			&c.RankedInProvince, &c.Province2025, &c.Province2025Name, &c.RankInProvince2025, &c.RankedInProvince2025)...); err != nil {
			return err
		}
		d.communes = append(d.communes, c)
		if t := fresh[c.Province2025.String]; t.After(d.dataUntil) {
			d.dataUntil = t
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortRanked(d.communes, func(c *oldCommune) *unit { return &c.unit })
	if d.trend, err = loadTrend(ctx, r.db, "reports/pre2025_trend.sql", prov.Code, d.months[0], d.months[len(d.months)-1]); err != nil {
		return nil, err
	}
	return d, nil
}

// oldBundle writes one pre-2025 province's metrics.csv, index.html and commune pages into
// dir, as bundle does for a 2025 province.
func (r *renderer) oldBundle(ctx context.Context, dir string, d *oldProvinceData, up, assets string) (provinceRow, error) {
	rows := make([][]any, len(d.communes))
	units := make([]unit, len(d.communes))
	for i, c := range d.communes {
		rows[i] = pre2025Row(r.period.String(), d.prov.Code, c)
		units[i] = c.unit
		if !safeName.MatchString(c.Code) {
			return provinceRow{}, fmt.Errorf("unit code %q is not a safe file name", c.Code)
		}
	}
	var csv bytes.Buffer
	if err := writeCSV(&csv, pre2025Header, rows); err != nil {
		return provinceRow{}, err
	}
	if err := writeFile(filepath.Join(dir, "metrics.csv"), csv.Bytes()); err != nil {
		return provinceRow{}, err
	}
	if err := r.writeOldProvinceIndex(dir, up, assets, d, units); err != nil {
		return provinceRow{}, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "communes"), 0o755); err != nil {
		return provinceRow{}, err
	}
	err := parallel(ctx, len(d.communes), func(i int) error {
		if err := r.writeOldCommunePage(dir, "../"+assets, d.communes[i], d); err != nil {
			return err
		}
		r.tick()
		return nil
	})
	return r.w.provinceRow(d.prov, units), err
}

// pre2025Page is the index.html of a pre-2025 province: its districts ranked, then its
// communes grouped by district.
type pre2025Page struct {
	pageBase
	Vs, Note            string
	Tiles               []tile
	DistrictColumns     []heading // of the district ranking, after the name
	DistrictRows        []rankRow // the district's figures; Rank is its rank in the province
	Columns             []heading // of the commune ranking, after the name
	Rows                []oldRankRow
	Bands, Districts    []option
	NoData              []mover
	Histogram, IndexBar *chart
}

// oldRankRow is one commune of the pre-2025 ranking: its district, its rank there (Rank)
// and the rankRow columns.
type oldRankRow struct {
	rankRow
	District cell
}

// writeOldProvinceIndex writes dir/index.html of a pre-2025 province.
func (r *renderer) writeOldProvinceIndex(dir, up, assets string, d *oldProvinceData, units []unit) error {
	w := r.w
	b := r.base(d.prov.Name, w.ReformIndex+" — "+w.period(r.period)+" — "+w.Pre2025, assets, d.dataUntil)
	b.Meta.Scope, b.Meta.Filters, b.Meta.LiveFilters = d.prov.Name, w.AllCommunes, true
	if up != "" {
		b.Up, b.UpLabel = up, w.BackToProvinces
	}
	pg := pre2025Page{pageBase: b, Vs: fmt.Sprintf(w.Vs, w.period(r.prevPeriod)), Note: w.Pre2025Note}
	for _, k := range provinceTiles {
		pg.Tiles = append(pg.Tiles, w.tile(k, d.prov.figures, d.prev.figures, r.targets))
	}
	pg.DistrictColumns, pg.DistrictRows = w.districtRows(d)
	pg.Columns, pg.Rows = w.oldRanking(d)
	pg.Bands = bandOptions(w, units)
	var districtNames []string
	for _, c := range d.communes {
		districtNames = append(districtNames, c.DistrictName)
		if !c.HasData {
			pg.NoData = append(pg.NoData, mover{Code: c.Code, Name: c.Name})
		}
	}
	pg.Districts = districtOptions(map[string][]string{"": districtNames})
	if c, ok := indexHistogram(w, units); ok {
		c.Title = w.IndexDistribution
		pg.Histogram = &c
	}
	var districts []unit // ranked first, best at the top
	for _, u := range d.districts {
		districts = append(districts, u)
	}
	sortCommunes(districts)
	if c, ok := indexBar(w, districts); ok {
		c.Title = w.IndexByDistrict
		pg.IndexBar = &c
	}
	for _, c := range []*chart{pg.Histogram, pg.IndexBar} {
		if c != nil {
			pg.Charts = append(pg.Charts, *c)
		}
	}
	return r.page(filepath.Join(dir, "index.html"), "pre2025.html", pg)
}

// districtRows ranks the province's districts: by rank, then in Vietnamese order; each with
// how many of its communes have data.
func (w *words) districtRows(d *oldProvinceData) ([]heading, []rankRow) {
	cols := append(w.figureColumns(), heading{Label: w.CommunesWithData, Num: true, Desc: true})
	var ds []unit
	for _, u := range d.districts {
		ds = append(ds, u)
	}
	sortCommunes(ds)
	withData, all := map[string]int{}, map[string]int{}
	for _, c := range d.communes {
		all[c.DistrictCode]++
		if c.HasData {
			withData[c.DistrictCode]++
		}
	}
	names := collationOrder(ds, func(u unit) string { return u.Name })
	var out []rankRow
	for i, u := range ds {
		share := sql.NullFloat64{Float64: float64(withData[u.Code]) / float64(max(all[u.Code], 1)), Valid: true}
		out = append(out, rankRow{Code: u.Code, Name: u.Name, NameSort: strconv.Itoa(names[i]), NoData: !u.HasData,
			Rank:  numCell(sortKey(asFloat(u.Rank)), asFloat(u.Rank)),
			Cells: append(w.figureCells(u.figures), numCell(fmt.Sprintf("%d/%d", withData[u.Code], all[u.Code]), share))})
	}
	return cols, out
}

// figureColumns head the columns of figureCells.
func (w *words) figureColumns() []heading {
	cols := []heading{{Label: w.Index, Num: true, Desc: true}, {Label: w.Band, Desc: true}}
	for _, k := range []string{"online_rate", "ontime_rate", "open_overdue", "received"} {
		cols = append(cols, heading{Label: w.Short[k], Title: w.Metric[k], Num: true, Desc: true})
	}
	return cols
}

// figureCells are the index, band and main figures of a unit, as the ranking shows them.
func (w *words) figureCells(f figures) []cell {
	return []cell{
		numCell(w.show(kpiIndex, f.IndexScore), f.IndexScore),
		{Text: w.band(f.Band.String), Sort: sortKey(f.IndexScore)},
		numCell(w.show(kpiOnline, f.OnlineRate), f.OnlineRate),
		numCell(w.show(kpiOntime, f.OntimeRate), f.OntimeRate),
		numCell(w.show(kpiOverdue, kpiOverdue.value(f)), kpiOverdue.value(f)),
		numCell(w.show(kpiReceived, kpiReceived.value(f)), kpiReceived.value(f)),
	}
}

// oldRanking lists every commune of the province grouped by district (in Vietnamese
// order), by rank within the district.
func (w *words) oldRanking(d *oldProvinceData) ([]heading, []oldRankRow) {
	fc := w.figureColumns()
	cols := append([]heading{{Label: w.RankInProvince, Num: true}}, fc[:2]...)
	cols = append(cols, heading{Label: w.RankChange, Num: true, Desc: true})
	cols = append(cols, fc[2:]...)
	cols = append(cols, heading{Label: w.RankInProvince2025, Num: true})

	units := make([]unit, len(d.communes))
	var districtNames []string
	for i, c := range d.communes {
		units[i] = c.unit
		districtNames = append(districtNames, c.DistrictName)
	}
	names := collationOrder(units, func(u unit) string { return u.Name })
	place := map[string]int{} // of each district in Vietnamese order
	for i, o := range districtOptions(map[string][]string{"": districtNames}) {
		place[o.Value] = i
	}
	order := make([]int, len(units)) // by district; within one, the province's ranking order
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return place[d.communes[order[a]].DistrictName] < place[d.communes[order[b]].DistrictName]
	})
	var rows []oldRankRow
	for _, i := range order {
		c := d.communes[i]
		r := oldRankRow{rankRow: rankRow{Code: c.Code, Name: c.Name, NameSort: strconv.Itoa(names[i]), Key: fold(c.Name),
			Band: c.Band.String, Districts: "|" + c.DistrictName + "|", LowVolume: c.LowVolume.Bool, NoData: !c.HasData}}
		r.District = cell{Text: c.DistrictName, Sort: strconv.Itoa(place[c.DistrictName])}
		r.Rank = numCell(sortKey(asFloat(c.RankInDistrict)), asFloat(c.RankInDistrict))
		change, class := rankChange(c.RankChange)
		r.Cells = append(r.Cells, numCell(sortKey(asFloat(c.Rank)), asFloat(c.Rank)))
		fc := w.figureCells(c.figures)
		r.Cells = append(r.Cells, fc[0], fc[1],
			cell{Text: change, Sort: sortKey(asFloat(c.RankChange)), Class: strings.TrimSpace("num " + class)})
		r.Cells = append(r.Cells, fc[2:]...)
		r.Cells = append(r.Cells, numCell(sortKey(asFloat(c.RankInProvince2025)), asFloat(c.RankInProvince2025)))
		rows = append(rows, r)
	}
	return cols, rows
}

// oldCommunePage is communes/<old_code>.html of the pre-2025 view.
type oldCommunePage struct {
	pageBase
	HasData, LowVolume bool
	Ranks              []standing // in the district, the old province (with the change) and the 2025 province
	Band               string
	NotMeasured, Note  string
	KPIs               []oldKPIRow
}

// standing is one rank of a commune, with its change since the previous period if any.
type standing struct{ Text, Change, Class string }

// oldKPIRow is one figure of an old commune beside its district's and its province's.
type oldKPIRow struct{ Label, Commune, District, Province, Target, TargetClass, Met string }

// writeOldCommunePage writes dir/communes/<old_code>.html.
func (r *renderer) writeOldCommunePage(dir, assets string, c oldCommune, d *oldProvinceData) error {
	w := r.w
	b := r.base(c.Name, c.DistrictName+", "+d.prov.Name+" — "+w.period(r.period)+" — "+w.Pre2025, assets, d.dataUntil)
	b.Meta.Scope, b.Meta.Filters = d.prov.Name, fmt.Sprintf(w.OneCommune, c.Name)
	b.Up, b.UpLabel = "../index.html", w.BackToProvince
	b.Charts = r.trendCharts(d.trend, d.months, []trendUnit{{"commune", c.Code, c.Name},
		{"district", c.DistrictCode, w.WholeDistrict}, {"province", d.prov.Code, w.WholeProvince}}, w.RankInProvince)
	pg := oldCommunePage{pageBase: b, HasData: c.HasData, LowVolume: c.LowVolume.Bool, Band: w.band(c.Band.String), Note: w.Pre2025Note}
	if c.RankInDistrict.Valid {
		pg.Ranks = append(pg.Ranks, standing{Text: fmt.Sprintf(w.RankIn, c.RankInDistrict.Int64, c.RankedInDistrict.Int64, c.DistrictName)})
	}
	if c.Rank.Valid {
		s := standing{Text: fmt.Sprintf(w.RankIn, c.Rank.Int64, c.RankedInProvince.Int64, d.prov.Name)}
		s.Change, s.Class = rankChange(c.RankChange)
		pg.Ranks = append(pg.Ranks, s)
	}
	if c.RankInProvince2025.Valid {
		pg.Ranks = append(pg.Ranks, standing{Text: fmt.Sprintf("%s (%s): %d/%d", w.RankInProvince2025, c.Province2025Name.String,
			c.RankInProvince2025.Int64, c.RankedInProvince2025.Int64)})
	}
	if c.NotMeasured != "" {
		pg.NotMeasured = fmt.Sprintf(w.NotMeasuredList, w.metricList(c.NotMeasured))
	}
	district := d.districts[c.DistrictCode]
	for _, k := range communeKPIs {
		row := oldKPIRow{Label: w.Metric[k.key], Commune: w.show(k, k.value(c.figures)),
			District: w.show(k, k.value(district.figures)), Province: w.show(k, k.value(d.prov.figures))}
		row.Target, row.TargetClass = w.target(r.targets, k, k.value(c.figures))
		row.Met = w.met(row.TargetClass)
		pg.KPIs = append(pg.KPIs, row)
	}
	return r.page(filepath.Join(dir, "communes", c.Code+".html"), "pre2025_commune.html", pg)
}
