package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// words holds every text of the bundle in one language, and its number format.
type words struct {
	Lang           string // the html lang attribute
	decimal, group string // number separators

	Months                                [13]string // Months[1] = January
	Month, Quarter, Year                  string     // format strings for the period title
	Vs                                    string     // "vs %s" (the previous period)
	PercentPoints                         string     // unit of a change between two rates
	ReformIndex, Ranking, IndexByCommune  string
	RatesTrend, Movers, Risers, Fallers   string
	DataQuality, NoDataCount, LowVolCount string
	SplitMapped                           string
	Rank, Commune, Index, Band            string
	RankChange, Received                  string
	LowVolume, LowVolumeHint, NoData      string
	Provinces, Province, CommunesWithData string
	BackToProvince, BackToProvinces       string
	Indicator, WholeProvince, RankOf      string
	Trend12, RankHistory, Components      string
	Component, Rate, Points, NotMeasured  string
	CommuneNoData, NotMeasuredList        string
	PeriodLabel, Generated, Note          string
	TimeLayout                            string // of the generated-at time

	Metric map[string]string // scorecard column → label
	Bands  map[string]string // scorecard band (Vietnamese) → shown band
}

var vi = &words{
	Lang: "vi", decimal: ",", group: ".",
	Months: [13]string{"", "Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"},
	Month:  "%s/%d", Quarter: "Quý %d/%d", Year: "Năm %d",
	Vs:            "so với %s",
	PercentPoints: " điểm %",
	ReformIndex:   "Chỉ số cải cách hành chính", Ranking: "Xếp hạng xã, phường",
	IndexByCommune: "Chỉ số theo xã, phường", RatesTrend: "Tỷ lệ trực tuyến và đúng hạn toàn tỉnh, 12 tháng",
	Movers: "Biến động xếp hạng", Risers: "Tăng hạng nhiều nhất", Fallers: "Giảm hạng nhiều nhất",
	DataQuality: "Chất lượng dữ liệu",
	NoDataCount: "%d/%d xã, phường chưa có dữ liệu trong kỳ.",
	LowVolCount: "%d xã, phường có dưới 30 hồ sơ phải giải quyết (ít hồ sơ, chỉ số kém tin cậy).",
	SplitMapped: "%s hồ sơ mang mã xã cũ bị chia tách được tính cho xã kế thừa.",
	Rank:        "Hạng", Commune: "Xã, phường", Index: "Chỉ số", Band: "Xếp loại",
	RankChange: "Thay đổi hạng", Received: "Hồ sơ tiếp nhận",
	LowVolume: "ít hồ sơ", LowVolumeHint: "dưới 30 hồ sơ phải giải quyết", NoData: "chưa có dữ liệu",
	Provinces: "Các tỉnh, thành phố", Province: "Tỉnh, thành phố", CommunesWithData: "Xã có dữ liệu",
	BackToProvince: "← Về trang tỉnh", BackToProvinces: "← Các tỉnh, thành phố",
	Indicator: "Chỉ tiêu", WholeProvince: "Toàn tỉnh", RankOf: "Hạng %d/%d trong tỉnh",
	Trend12: "Xu hướng 12 tháng", RankHistory: "Lịch sử xếp hạng (hạng 1 ở trên cùng)",
	Components: "Thành phần chỉ số", Component: "Thành phần", Rate: "Tỷ lệ", Points: "Điểm đạt / tối đa",
	NotMeasured:     "không đo được",
	CommuneNoData:   "Xã, phường này chưa có dữ liệu trong kỳ: không có hồ sơ nào được ghi nhận.",
	NotMeasuredList: "Chỉ tiêu không đo được: %s.",
	PeriodLabel:     "Kỳ báo cáo", Generated: "Tạo lúc", TimeLayout: "15:04 02/01/2006 (UTC-07:00)",
	Note: "Các tỷ lệ tính bằng %; “—” là chỉ tiêu không đo được (không có mẫu số hoặc nguồn không cung cấp dữ liệu), không phải 0.",
	Metric: map[string]string{
		"received":             "Hồ sơ tiếp nhận",
		"processed":            "Hồ sơ phải giải quyết",
		"finished":             "Hồ sơ đã giải quyết",
		"online_rate":          "Tỷ lệ nộp trực tuyến",
		"ontime_rate":          "Tỷ lệ giải quyết đúng hạn",
		"ontime_rate_finished": "Tỷ lệ hoàn thành đúng hạn",
		"open_overdue":         "Hồ sơ quá hạn chưa giải quyết",
		"avg_processing_days":  "Số ngày giải quyết trung bình",
		"online_payment_rate":  "Tỷ lệ thanh toán trực tuyến",
		"e_result_rate":        "Tỷ lệ trả kết quả điện tử",
		"digitization_rate":    "Tỷ lệ số hóa hồ sơ",
		"satisfaction":         "Mức độ hài lòng",
		"index_score":          "Chỉ số cải cách",
		"rank":                 "Hạng",
	},
	Bands: map[string]string{"Xuất sắc": "Xuất sắc", "Tốt": "Tốt", "Khá": "Khá", "Trung bình": "Trung bình", "Yếu": "Yếu"},
}

var en = &words{
	Lang: "en", decimal: ".", group: ",",
	Months: [13]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	Month:  "%s %d", Quarter: "Q%d %d", Year: "%d",
	Vs:            "vs %s",
	PercentPoints: " pp",
	ReformIndex:   "Administrative reform index", Ranking: "Commune ranking",
	IndexByCommune: "Index by commune", RatesTrend: "Province online and on-time rates, 12 months",
	Movers: "Rank movers", Risers: "Biggest risers", Fallers: "Biggest fallers",
	DataQuality: "Data quality",
	NoDataCount: "%d of %d communes have no data for the period.",
	LowVolCount: "%d communes had fewer than 30 dossiers to process (low volume, index less reliable).",
	SplitMapped: "%s dossiers carrying the code of a split pre-2025 commune were counted for its successor.",
	Rank:        "Rank", Commune: "Commune", Index: "Index", Band: "Band",
	RankChange: "Rank change", Received: "Received",
	LowVolume: "low volume", LowVolumeHint: "fewer than 30 dossiers to process", NoData: "no data",
	Provinces: "Provinces", Province: "Province", CommunesWithData: "Communes with data",
	BackToProvince: "← Back to the province", BackToProvinces: "← All provinces",
	Indicator: "Indicator", WholeProvince: "Province", RankOf: "Rank %d of %d in the province",
	Trend12: "12-month trend", RankHistory: "Rank history (rank 1 at the top)",
	Components: "Index components", Component: "Component", Rate: "Rate", Points: "Points earned / max",
	NotMeasured:     "not measured",
	CommuneNoData:   "This commune has no data for the period: no dossier was recorded.",
	NotMeasuredList: "Not measured: %s.",
	PeriodLabel:     "Period", Generated: "Generated", TimeLayout: "2006-01-02 15:04 (UTC-07:00)",
	Note: "Rates are percentages; “—” means not measured (no denominator, or no source provided the data), not 0.",
	Metric: map[string]string{
		"received":             "Dossiers received",
		"processed":            "Dossiers to process",
		"finished":             "Dossiers finished",
		"online_rate":          "Online submission rate",
		"ontime_rate":          "On-time rate",
		"ontime_rate_finished": "On-time rate (finished)",
		"open_overdue":         "Open overdue dossiers",
		"avg_processing_days":  "Average processing days",
		"online_payment_rate":  "Online payment rate",
		"e_result_rate":        "Electronic result rate",
		"digitization_rate":    "Digitization rate",
		"satisfaction":         "Satisfaction",
		"index_score":          "Reform index",
		"rank":                 "Rank",
	},
	Bands: map[string]string{"Xuất sắc": "Excellent", "Tốt": "Good", "Khá": "Fair", "Trung bình": "Average", "Yếu": "Weak"},
}

// wordsFor picks the language: "vi" (also when empty) or "en".
func wordsFor(lang string) (*words, error) {
	switch lang {
	case "", "vi":
		return vi, nil
	case "en":
		return en, nil
	}
	return nil, fmt.Errorf("language %q is not vi or en", lang)
}

// period names p for a title: "Tháng 10/2026", "October 2026", "Quý 3/2026".
func (w *words) period(p period) string {
	switch p.kind {
	case "month":
		return fmt.Sprintf(w.Month, w.Months[p.n], p.year)
	case "quarter":
		return fmt.Sprintf(w.Quarter, p.n, p.year)
	}
	return fmt.Sprintf(w.Year, p.year)
}

// band shows a scorecard band in the page language.
func (w *words) band(b string) string {
	if s, ok := w.Bands[b]; ok {
		return s
	}
	return b
}

// number formats v with at most two decimals and the language's separators: 1.234,5 or 1,234.5.
func (w *words) number(v float64) string { return w.format(v, -1) }

// fixed formats a rate or score with exactly two decimals, as the national portal shows them:
// 97,00 and 85,90, so that a column of rates lines up.
func (w *words) fixed(v float64) string { return w.format(v, 2) }

func (w *words) format(v float64, prec int) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', prec, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "−", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(w.group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(w.decimal + frac)
	}
	return sign + b.String()
}

// count formats a dossier count.
func (w *words) count(n int64) string { return w.number(float64(n)) }
