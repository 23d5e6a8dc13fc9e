package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// words holds every text of the bundle in one language, and its number and date formats.
type words struct {
	Lang           string // the html lang attribute
	decimal, group string // number separators

	Months                                [13]string // Months[1] = January
	Month, Quarter, Year                  string     // format strings for the period title
	YearToDate                            string     // format for a year to date; args: last month number, its name, year
	Vs                                    string     // "vs %s" (the previous period)
	PercentPoints                         string     // unit of a change between two rates
	TimeLayout, DateLayout                string     // of times (generation, freshness) and dates
	ShortTime                             string     // of times in tables, without the zone
	ReformIndex, Ranking, IndexByCommune  string
	RatesTrend, Movers, Risers, Fallers   string
	Rank, Commune, Index, Band            string
	RankChange, Received, District        string
	LowVolume, LowVolumeHint, NoData      string
	Provinces, Province, CommunesWithData string
	BackToProvince, BackToProvinces       string
	Indicator, WholeProvince, RankOf      string
	ThisCommune                           string
	Trend12, RankHistory, Components      string
	Component, Rate, Points, NotMeasured  string
	CommuneNoData, NotMeasuredList        string
	Note                                  string

	// page header: what the page covers
	PeriodLabel, ScopeLabel, AllCommunes, OneCommune string
	ProvincesCount                                   string
	DataUntil, LastLoaded, Generated, Unknown        string

	// targets
	Target, Met, Missed string

	// the ranking table's filters (placeholders {n} and {total} are filled in by report.js)
	Search, SearchHint, AllBands, AllDistricts, Shown, NoMatch, SortHint, Query string

	// province charts and panels
	IndexDistribution, CommunesCount, OnlineHeatmap, NoDataList, AllHaveData string
	OverdueProcedures, NoOverdueProcedures                                   string

	// data quality
	DataQuality, NoDataCount, LowVolCount, SplitMapped               string
	FilesSummary, RecentFiles, File, LoadedAt                        string
	RowsRead, RowsNew, RowsUpdated, RowsRejected, NoFiles            string
	RejectReasons, Reason, Count, NoRejects, UnmappedUnits, UnitCode string
	Reasons                                                          map[string]string // reject reason → shown reason

	// commune page
	ProcessingByChannel, Channel, Finished, AvgDays, MedianDays, LateShare, ProvinceAvgDays string
	Channels                                                                                [4]string // by channel code 1..3
	OverdueDossiers, DossierCode, Procedure, DaysOverdue, OverdueShown, NoOverdue           string

	// commune page: why the index moved (explain tables)
	WhyMoved, IndexMoved, RatePrev, PointsDelta, Focus, BehindLoss, Dossiers, Share string
	ExplainReasons                                                                  map[string]string // explain_procedures.reason → shown

	// reconcile.html: our figures beside the national portal's
	Reconcile, ReconcileLink, ReconcileSummary, NoFlagged, Endpoint        string
	PortalCount, OursCount, PortalRatio, OursRatio, ScoreDiff, LikelyCause string
	Endpoints, Causes                                                      map[string]string

	// index.html: integrity flags, apart from the index
	Integrity, IntegrityNote, NoIntegrityFlags, Flag, FlagValue, Threshold, FlagDossiers string
	Flags                                                                                map[string]string // integrity_flags.flag → shown

	// portal.html and the commune page's portal panel: use of the public-service portal,
	// from its access logs (SPEC §5)
	Portal, PortalLink, PortalNote, PortalCoverage, WholePortal                 string
	PortalDaily, PortalHourly, PortalErrors, PortalDevices, PortalTopProcedures string
	PortalFunnel, PortalCommunes, PortalOutages, NoOutages, NoPortalErrors      string
	NoFunnel, OutageStart, OutageEnd, Minutes, Requests, Errors5xx, Host, Kind  string
	Outage, OutagesTile, OutagesValue, HourOfDay, AxisDay                       string // AxisDay: an ECharts time-axis label
	Visitors, PageViews, Submissions, FunnelVisitors, Submitters, Conversion    string
	Devices                                                                     map[string]string // mobile, tablet, desktop, other
	OutageKinds                                                                 map[string]string // portal_outages.kind → shown

	// the pre-2025 view (Options.Units "pre2025"): the old communes, districts and provinces
	Pre2025, Pre2025Note, OldProvinces, OldCommune, OldRanking, DistrictName string
	DistrictRanking, IndexByDistrict, WholeDistrict, RankIn                  string
	RankInDistrict, RankInProvince, RankInProvince2025                       string

	// metrics.xlsx
	SheetCommunes, SheetProvince string

	Short  map[string]string // scorecard column → column header where room is short
	Metric map[string]string // scorecard column → label
	Bands  map[string]string // scorecard band (Vietnamese) → shown band
}

var vi = &words{
	Lang: "vi", decimal: ",", group: ".",
	Months: [13]string{"", "Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7", "Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"},
	Month:  "%s/%d", Quarter: "Quý %d/%d", Year: "Năm %d", YearToDate: "Lũy kế tháng 1–%[1]d/%[3]d",
	Vs:            "so với %s",
	PercentPoints: " điểm %",
	TimeLayout:    "15:04 02/01/2006 (UTC-07:00)", DateLayout: "02/01/2006", ShortTime: "15:04 02/01/2006",
	ReformIndex: "Chỉ số cải cách hành chính", Ranking: "Xếp hạng xã, phường",
	IndexByCommune: "Chỉ số theo xã, phường", RatesTrend: "Tỷ lệ trực tuyến và đúng hạn toàn tỉnh, 12 tháng",
	Movers: "Biến động xếp hạng", Risers: "Tăng hạng nhiều nhất", Fallers: "Giảm hạng nhiều nhất",
	Rank: "Hạng", Commune: "Xã, phường", Index: "Chỉ số", Band: "Xếp loại",
	RankChange: "Thay đổi hạng", Received: "Hồ sơ tiếp nhận", District: "Huyện (trước 2025)",
	LowVolume: "ít hồ sơ", LowVolumeHint: "dưới 30 hồ sơ phải giải quyết", NoData: "chưa có dữ liệu",
	Provinces: "Các tỉnh, thành phố", Province: "Tỉnh, thành phố", CommunesWithData: "Xã có dữ liệu",
	BackToProvince: "← Về trang tỉnh", BackToProvinces: "← Các tỉnh, thành phố",
	Indicator: "Chỉ tiêu", WholeProvince: "Toàn tỉnh", RankOf: "Hạng %d/%d trong tỉnh", ThisCommune: "Xã, phường",
	Trend12: "Xu hướng 12 tháng", RankHistory: "Lịch sử xếp hạng (hạng 1 ở trên cùng)",
	Components: "Thành phần chỉ số", Component: "Thành phần", Rate: "Tỷ lệ", Points: "Điểm đạt / tối đa",
	NotMeasured:     "không đo được",
	CommuneNoData:   "Xã, phường này chưa có dữ liệu trong kỳ: không có hồ sơ nào được ghi nhận.",
	NotMeasuredList: "Chỉ tiêu không đo được: %s.",
	Note:            "Các tỷ lệ tính bằng %; “—” là chỉ tiêu không đo được (không có mẫu số hoặc nguồn không cung cấp dữ liệu), không phải 0.",

	PeriodLabel: "Kỳ báo cáo", ScopeLabel: "Phạm vi, bộ lọc", AllCommunes: "tất cả xã, phường", OneCommune: "riêng %s",
	ProvincesCount: "%d tỉnh, thành phố",
	DataUntil:      "Dữ liệu đến", LastLoaded: "nạp tệp gần nhất", Generated: "Tạo lúc", Unknown: "không rõ",

	Target: "Mục tiêu", Met: "đạt", Missed: "chưa đạt",

	Search: "Tìm xã, phường", SearchHint: "gõ không dấu cũng được, ví dụ: hy cuong",
	AllBands: "Mọi xếp loại", AllDistricts: "Mọi huyện", Shown: "Đang hiển thị {n}/{total} xã, phường.",
	NoMatch: "Không có xã, phường nào khớp bộ lọc.", SortHint: "Bấm tiêu đề cột để sắp xếp.", Query: "tên có “%s”",

	IndexDistribution: "Phân bố chỉ số", CommunesCount: "Số xã, phường", OnlineHeatmap: "Tỷ lệ nộp trực tuyến theo tháng (%)",
	NoDataList: "Xã, phường chưa có dữ liệu", AllHaveData: "Mọi xã, phường đều có dữ liệu trong kỳ.",
	OverdueProcedures: "Thủ tục có nhiều hồ sơ quá hạn nhất", NoOverdueProcedures: "Không có hồ sơ quá hạn chưa giải quyết.",

	DataQuality:  "Chất lượng dữ liệu",
	NoDataCount:  "%d/%d xã, phường chưa có dữ liệu trong kỳ.",
	LowVolCount:  "%d xã, phường có dưới 30 hồ sơ phải giải quyết (ít hồ sơ, chỉ số kém tin cậy).",
	SplitMapped:  "%s hồ sơ mang mã xã cũ bị chia tách được tính cho xã kế thừa.",
	FilesSummary: "%d tệp đã nạp: %s dòng đọc, %s dòng bị loại (%s).", RecentFiles: "Các tệp nạp gần nhất",
	File: "Tệp", LoadedAt: "Nạp lúc", RowsRead: "Dòng đọc", RowsNew: "Mới", RowsUpdated: "Cập nhật",
	RowsRejected: "Bị loại", NoFiles: "Chưa có tệp nào được nạp.",
	RejectReasons: "Dòng bị loại theo lý do (mọi tệp)", Reason: "Lý do", Count: "Số lượng",
	NoRejects: "Không có dòng nào bị loại.", UnmappedUnits: "Mã đơn vị không có trong danh mục", UnitCode: "Mã",
	Reasons: map[string]string{
		"missing required field":                "thiếu trường bắt buộc",
		"unparseable date":                      "ngày giờ không đọc được",
		"unparseable number":                    "số không đọc được",
		"unknown channel":                       "kênh nộp không hợp lệ",
		"unknown status":                        "trạng thái không hợp lệ",
		"unknown value":                         "giá trị không hợp lệ",
		"unknown unit":                          "mã đơn vị không có trong danh mục",
		"terminal status without a finish time": "đã kết thúc nhưng thiếu ngày kết thúc",
		"finished_at before received_at":        "ngày kết thúc trước ngày tiếp nhận",
		"due_at before received_at":             "hạn trả trước ngày tiếp nhận",
		"wrong number of fields":                "sai số cột",
	},

	ProcessingByChannel: "Số ngày giải quyết theo kênh nộp", Channel: "Kênh", Finished: "Đã giải quyết",
	AvgDays: "Trung bình (ngày)", MedianDays: "Trung vị (ngày)", LateShare: "Trễ hạn", ProvinceAvgDays: "Toàn tỉnh, trung bình (ngày)",
	Channels:        [4]string{"", "Trực tiếp", "Trực tuyến", "Bưu chính"},
	OverdueDossiers: "Hồ sơ quá hạn chưa giải quyết cuối kỳ", DossierCode: "Mã hồ sơ", Procedure: "Thủ tục",
	DaysOverdue: "Ngày quá hạn", OverdueShown: "Hiển thị %d/%s hồ sơ quá hạn lâu nhất.",
	NoOverdue: "Không có hồ sơ quá hạn chưa giải quyết cuối kỳ.",

	Reconcile: "Đối chiếu với Cổng Dịch vụ công quốc gia", ReconcileLink: "Đối chiếu với Cổng Dịch vụ công quốc gia",
	ReconcileSummary: "%d / %d dòng đối chiếu có chênh lệch (xem reconcile.csv để có mọi dòng).",
	NoFlagged:        "Không có chênh lệch vượt ngưỡng.", Endpoint: "Chỉ tiêu",
	PortalCount: "Số hồ sơ trên Cổng", OursCount: "Số hồ sơ của tỉnh", PortalRatio: "Tỷ lệ trên Cổng",
	OursRatio: "Tỷ lệ của tỉnh", ScoreDiff: "Chênh lệch điểm", LikelyCause: "Nguyên nhân có thể",
	Endpoints: map[string]string{
		"dvc-progress-tree": "Tiến độ giải quyết", "formality-online-payment-tree": "Thanh toán trực tuyến",
		"provide-online-tree": "Dịch vụ công trực tuyến",
	},
	Causes: map[string]string{
		"not_on_portal": "không có trên Cổng", "no_dossiers_ours": "dữ liệu xuất không có hồ sơ",
		"partial_period": "Cổng ghi nhận trước khi hết kỳ", "no_portal_counts": "Cổng chỉ công bố điểm",
		"carry_overs": "hồ sơ kỳ trước chuyển sang", "period_boundaries": "hồ sơ sát ranh giới kỳ",
		"not_synced": "hồ sơ chưa đồng bộ lên Cổng", "missing_from_exports": "dữ liệu xuất thiếu hồ sơ",
		"on_time_rule": "khác cách tính đúng hạn", "payment_rule": "khác cách tính thanh toán",
		"channel_rule": "khác cách tính kênh nộp", "scoring_formula": "khác công thức tính điểm",
		"group_components": "các thành phần khác của nhóm", "unknown": "chưa rõ",
	},

	Integrity:        "Dấu hiệu bất thường về nộp trực tuyến",
	IntegrityNote:    "Không tính vào chỉ số: các dấu hiệu cho thấy hồ sơ nộp trực tiếp có thể đã được nhập như hồ sơ trực tuyến, cần kiểm tra.",
	NoIntegrityFlags: "Không có dấu hiệu bất thường trong kỳ.",
	Flag:             "Dấu hiệu", FlagValue: "Mức", Threshold: "Ngưỡng", FlagDossiers: "Hồ sơ (có dấu hiệu / tổng)",
	Flags: map[string]string{
		"online_jump":  "tỷ lệ trực tuyến tăng đột biến so với tháng trước",
		"quick_online": "hồ sơ trực tuyến được nộp, tiếp nhận và giải quyết trong vài phút",
	},

	WhyMoved: "Vì sao chỉ số thay đổi", IndexMoved: "Chỉ số thay đổi so với %s: %s điểm",
	RatePrev: "Tỷ lệ kỳ trước", PointsDelta: "Điểm thay đổi", Focus: "giảm nhiều nhất",
	BehindLoss: "Thủ tục gây giảm điểm nhiều nhất: %s", Dossiers: "Số hồ sơ", Share: "Tỷ trọng",
	ExplainReasons: map[string]string{
		"complaint": "có phản ánh, kiến nghị", "direct": "nộp trực tiếp", "finished_late": "giải quyết trễ hạn",
		"no_e_result": "không trả kết quả điện tử", "not_digitized": "chưa số hóa", "not_paid_online": "không thanh toán trực tuyến",
		"open_overdue": "quá hạn chưa giải quyết", "postal": "nộp qua bưu chính",
		"procedure_not_paid_online": "thủ tục chưa thanh toán trực tuyến", "not_digitized_or_no_e_result": "chưa số hóa hoặc không trả kết quả điện tử",
	},

	Portal:     "Sử dụng Cổng dịch vụ công",
	PortalLink: "Sử dụng Cổng dịch vụ công",
	PortalNote: "Số liệu từ nhật ký truy cập của Cổng dịch vụ công. Khách truy cập: mỗi người dùng (cùng địa chỉ, cùng trình duyệt) đếm một lần mỗi ngày, cộng qua các ngày; " +
		"lượt xem trang không tính máy tìm kiếm, tệp tĩnh và yêu cầu bị lỗi; tỷ lệ lỗi là phần yêu cầu máy chủ trả lỗi 5xx; lượt nộp là hồ sơ nộp trực tuyến được Cổng chấp nhận.",
	PortalCoverage: "Nhật ký truy cập có dữ liệu %d/%d ngày của kỳ; ngày không có dữ liệu để trống trên biểu đồ.",
	WholePortal:    "Sự cố tính trên máy chủ của Cổng, chung cho mọi xã, phường.",
	PortalDaily:    "Lượt truy cập theo ngày", PortalHourly: "Lượt xem trang theo giờ trong ngày (cộng cả kỳ)",
	PortalErrors: "Lỗi máy chủ (5xx) theo giờ; vùng tô đỏ là sự cố", PortalDevices: "Thiết bị (lượt xem trang)",
	PortalTopProcedures: "Thủ tục được xem nhiều nhất", PortalFunnel: "Từ xem thủ tục đến nộp hồ sơ trực tuyến",
	PortalCommunes: "Sử dụng Cổng theo xã, phường", PortalOutages: "Sự cố của Cổng trong kỳ",
	NoOutages: "Không có sự cố trong kỳ.", NoPortalErrors: "Không có lỗi máy chủ (5xx) trong kỳ.",
	NoFunnel:    "Chưa ghi nhận lượt xem thủ tục nào trong kỳ.",
	OutageStart: "Bắt đầu", OutageEnd: "Kết thúc", Minutes: "Số phút", Requests: "Yêu cầu", Errors5xx: "Lỗi 5xx",
	Host: "Máy chủ", Kind: "Loại", Outage: "Sự cố", OutagesTile: "Sự cố của Cổng", OutagesValue: "%d (%s phút)",
	HourOfDay: "Giờ", AxisDay: "{dd}/{MM}", Visitors: "Khách truy cập", PageViews: "Lượt xem trang", Submissions: "Lượt nộp hồ sơ",
	FunnelVisitors: "Khách xem", Submitters: "Khách nộp", Conversion: "Tỷ lệ khách nộp",
	Devices:     map[string]string{"mobile": "Điện thoại", "tablet": "Máy tính bảng", "desktop": "Máy tính", "other": "Không rõ"},
	OutageKinds: map[string]string{"no_success": "không yêu cầu nào thành công", "error_share": "phần lớn yêu cầu bị lỗi"},

	Pre2025: "đơn vị hành chính trước 1/7/2025",
	Pre2025Note: "Xã, huyện và tỉnh trước khi sắp xếp đơn vị hành chính ngày 1/7/2025. Hồ sơ được tính cho xã cũ mà mã đơn vị của hồ sơ chỉ đến khi tiếp nhận; " +
		"hạng trong tỉnh là hạng trong tỉnh cũ, hạng trong tỉnh mới là hạng giữa các xã cũ nay thuộc cùng một tỉnh từ 1/7/2025.",
	OldProvinces: "Các tỉnh, thành phố trước 1/7/2025", OldCommune: "Xã, phường, thị trấn",
	OldRanking: "Xếp hạng xã, phường, thị trấn", DistrictName: "Huyện",
	DistrictRanking: "Xếp hạng huyện, thị xã, thành phố", IndexByDistrict: "Chỉ số theo huyện",
	WholeDistrict: "Toàn huyện", RankIn: "Hạng %d/%d trong %s",
	RankInDistrict: "Hạng trong huyện", RankInProvince: "Hạng trong tỉnh", RankInProvince2025: "Hạng trong tỉnh mới",

	SheetCommunes: "Xã, phường", SheetProvince: "Tỉnh",

	Short: map[string]string{"online_rate": "Trực tuyến", "ontime_rate": "Đúng hạn", "open_overdue": "Quá hạn",
		"received": "Tiếp nhận", "portal_visitors": "Khách truy cập", "portal_page_views": "Lượt xem trang",
		"portal_mobile_share": "Điện thoại", "portal_error_rate": "Tỷ lệ lỗi", "portal_submissions": "Lượt nộp"},

	Metric: map[string]string{
		"period":               "Kỳ",
		"province_code":        "Mã tỉnh",
		"unit_code":            "Mã xã, phường",
		"unit_name":            "Tên đơn vị",
		"received":             "Hồ sơ tiếp nhận",
		"received_online":      "Tiếp nhận trực tuyến",
		"received_direct":      "Tiếp nhận trực tiếp",
		"received_postal":      "Tiếp nhận qua bưu chính",
		"processed":            "Hồ sơ phải giải quyết",
		"processed_on_time":    "Giải quyết đúng hạn",
		"finished":             "Hồ sơ đã giải quyết",
		"finished_early":       "Hoàn thành trước hạn",
		"finished_on_time":     "Hoàn thành đúng hạn",
		"finished_late":        "Hoàn thành quá hạn",
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
		"rank_change":          "Thay đổi hạng",
		"band":                 "Xếp loại",
		"low_volume":           "Ít hồ sơ",
		"portal_visitors":      "Khách truy cập Cổng",
		"portal_page_views":    "Lượt xem trang trên Cổng",
		"portal_mobile_share":  "Tỷ lệ xem trên điện thoại",
		"portal_error_rate":    "Tỷ lệ lỗi máy chủ của Cổng",
		"portal_submissions":   "Lượt nộp hồ sơ trên Cổng",
	},
	Bands: map[string]string{"Xuất sắc": "Xuất sắc", "Tốt": "Tốt", "Khá": "Khá", "Trung bình": "Trung bình", "Yếu": "Yếu"},
}

var en = &words{
	Lang: "en", decimal: ".", group: ",",
	Months: [13]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	Month:  "%s %d", Quarter: "Q%d %d", Year: "%d", YearToDate: "January–%[2]s %[3]d (year to date)",
	Vs:            "vs %s",
	PercentPoints: " pp",
	TimeLayout:    "2006-01-02 15:04 (UTC-07:00)", DateLayout: "2006-01-02", ShortTime: "2006-01-02 15:04",
	ReformIndex: "Administrative reform index", Ranking: "Commune ranking",
	IndexByCommune: "Index by commune", RatesTrend: "Province online and on-time rates, 12 months",
	Movers: "Rank movers", Risers: "Biggest risers", Fallers: "Biggest fallers",
	Rank: "Rank", Commune: "Commune", Index: "Index", Band: "Band",
	RankChange: "Rank change", Received: "Received", District: "District (pre-2025)",
	LowVolume: "low volume", LowVolumeHint: "fewer than 30 dossiers to process", NoData: "no data",
	Provinces: "Provinces", Province: "Province", CommunesWithData: "Communes with data",
	BackToProvince: "← Back to the province", BackToProvinces: "← All provinces",
	Indicator: "Indicator", WholeProvince: "Province", RankOf: "Rank %d of %d in the province", ThisCommune: "Commune",
	Trend12: "12-month trend", RankHistory: "Rank history (rank 1 at the top)",
	Components: "Index components", Component: "Component", Rate: "Rate", Points: "Points earned / max",
	NotMeasured:     "not measured",
	CommuneNoData:   "This commune has no data for the period: no dossier was recorded.",
	NotMeasuredList: "Not measured: %s.",
	Note:            "Rates are percentages; “—” means not measured (no denominator, or no source provided the data), not 0.",

	PeriodLabel: "Period", ScopeLabel: "Scope and filters", AllCommunes: "all communes", OneCommune: "%s only",
	ProvincesCount: "%d provinces",
	DataUntil:      "Data until", LastLoaded: "last file loaded", Generated: "Generated", Unknown: "unknown",

	Target: "Target", Met: "met", Missed: "missed",

	Search: "Find a commune", SearchHint: "diacritics optional, e.g. hy cuong",
	AllBands: "All bands", AllDistricts: "All districts", Shown: "Showing {n} of {total} communes.",
	NoMatch: "No commune matches the filters.", SortHint: "Click a column header to sort.", Query: "name contains “%s”",

	IndexDistribution: "Index distribution", CommunesCount: "Communes", OnlineHeatmap: "Online submission rate by month (%)",
	NoDataList: "Communes without data", AllHaveData: "Every commune has data for the period.",
	OverdueProcedures: "Procedures with the most overdue dossiers", NoOverdueProcedures: "No open overdue dossiers.",

	DataQuality:  "Data quality",
	NoDataCount:  "%d of %d communes have no data for the period.",
	LowVolCount:  "%d communes had fewer than 30 dossiers to process (low volume, index less reliable).",
	SplitMapped:  "%s dossiers carrying the code of a split pre-2025 commune were counted for its successor.",
	FilesSummary: "%d files loaded: %s rows read, %s rows rejected (%s).", RecentFiles: "Latest files loaded",
	File: "File", LoadedAt: "Loaded", RowsRead: "Rows read", RowsNew: "New", RowsUpdated: "Updated",
	RowsRejected: "Rejected", NoFiles: "No file has been loaded.",
	RejectReasons: "Rejected values by reason (all files)", Reason: "Reason", Count: "Count",
	NoRejects: "No row was rejected.", UnmappedUnits: "Unit codes not in the registry", UnitCode: "Code",

	ProcessingByChannel: "Processing days by channel", Channel: "Channel", Finished: "Finished",
	AvgDays: "Mean (days)", MedianDays: "Median (days)", LateShare: "Late", ProvinceAvgDays: "Province mean (days)",
	Channels:        [4]string{"", "At the counter", "Online", "By post"},
	OverdueDossiers: "Open overdue dossiers at the end of the period", DossierCode: "Dossier code", Procedure: "Procedure",
	DaysOverdue: "Days overdue", OverdueShown: "Showing the %d of %s overdue the longest.",
	NoOverdue: "No dossier was open and overdue at the end of the period.",

	Reconcile: "Reconciliation with the national portal", ReconcileLink: "Reconciliation with the national portal",
	ReconcileSummary: "%d of %d reconciliation rows differ (reconcile.csv has every row).",
	NoFlagged:        "No difference beyond the tolerances.", Endpoint: "Measure",
	PortalCount: "Portal count", OursCount: "Our count", PortalRatio: "Portal rate",
	OursRatio: "Our rate", ScoreDiff: "Score difference", LikelyCause: "Likely cause",
	Endpoints: map[string]string{
		"dvc-progress-tree": "Processing on time", "formality-online-payment-tree": "Online payment",
		"provide-online-tree": "Online services",
	},
	Causes: map[string]string{
		"not_on_portal": "not on the portal", "no_dossiers_ours": "no dossiers in our exports",
		"partial_period": "snapshot taken before the period ended", "no_portal_counts": "the portal gives a score only",
		"carry_overs": "dossiers carried over", "period_boundaries": "dossiers at the period boundaries",
		"not_synced": "dossiers not synced to the portal", "missing_from_exports": "dossiers missing from our exports",
		"on_time_rule": "different on-time rule", "payment_rule": "different payment rule",
		"channel_rule": "different channel rule", "scoring_formula": "different scoring formula",
		"group_components": "the group's other components", "unknown": "unknown",
	},

	Integrity:        "Signs of irregular online filing",
	IntegrityNote:    "Not part of the index: signs that walk-in dossiers may have been keyed in as online ones, to be checked.",
	NoIntegrityFlags: "No sign of irregular online filing in the period.",
	Flag:             "Sign", FlagValue: "Value", Threshold: "Threshold", FlagDossiers: "Dossiers (flagged / all)",
	Flags: map[string]string{
		"online_jump":  "online rate jumped since the previous month",
		"quick_online": "online dossiers submitted, received and finished within minutes",
	},

	WhyMoved: "Why the index moved", IndexMoved: "Index change since %s: %s points",
	RatePrev: "Previous rate", PointsDelta: "Points change", Focus: "largest loss",
	BehindLoss: "Procedures behind the largest loss: %s", Dossiers: "Dossiers", Share: "Share",
	ExplainReasons: map[string]string{
		"complaint": "complaint", "direct": "submitted at the counter", "finished_late": "finished late",
		"no_e_result": "no electronic result", "not_digitized": "not digitised", "not_paid_online": "not paid online",
		"open_overdue": "open and overdue", "postal": "submitted by post",
		"procedure_not_paid_online": "procedure not paid online", "not_digitized_or_no_e_result": "not digitised or no electronic result",
	},

	Portal:     "Use of the public-service portal",
	PortalLink: "Use of the public-service portal",
	PortalNote: "Figures from the access logs of the public-service portal. Visitors: each user (same address, same browser) counts once a day, summed over the days; " +
		"page views leave out crawlers, static files and failed requests; the error rate is the share of requests the server answered with a 5xx; submissions are online dossiers the portal accepted.",
	PortalCoverage: "The access logs have data for %d of the %d days of the period; days without data are gaps in the charts.",
	WholePortal:    "Outages are those of the portal's servers, shared by every commune.",
	PortalDaily:    "Traffic by day", PortalHourly: "Page views by hour of the day (whole period)",
	PortalErrors: "Server errors (5xx) by hour; outages shaded red", PortalDevices: "Devices (page views)",
	PortalTopProcedures: "Most viewed procedures", PortalFunnel: "From viewing a procedure to submitting online",
	PortalCommunes: "Portal use by commune", PortalOutages: "Portal outages in the period",
	NoOutages: "No outage in the period.", NoPortalErrors: "No server error (5xx) in the period.",
	NoFunnel:    "No procedure page was viewed in the period.",
	OutageStart: "Start", OutageEnd: "End", Minutes: "Minutes", Requests: "Requests", Errors5xx: "5xx errors",
	Host: "Host", Kind: "Kind", Outage: "Outage", OutagesTile: "Portal outages", OutagesValue: "%d (%s min)",
	HourOfDay: "Hour", AxisDay: "{MMM} {d}", Visitors: "Visitors", PageViews: "Page views", Submissions: "Submissions",
	FunnelVisitors: "Viewing visitors", Submitters: "Submitting visitors", Conversion: "Conversion",
	Devices:     map[string]string{"mobile": "Phone", "tablet": "Tablet", "desktop": "Computer", "other": "Unknown"},
	OutageKinds: map[string]string{"no_success": "no request succeeded", "error_share": "most requests failed"},

	Pre2025: "units before 1 July 2025",
	Pre2025Note: "Communes, districts and provinces as they were before the reorganisation of 1 July 2025. A dossier counts for the old commune its unit code named when it was received; " +
		"the rank in the province is within the old province, the rank in the new province among the old communes that belong to the same province from 1 July 2025.",
	OldProvinces: "Provinces before 1 July 2025", OldCommune: "Commune",
	OldRanking: "Commune ranking", DistrictName: "District",
	DistrictRanking: "District ranking", IndexByDistrict: "Index by district",
	WholeDistrict: "District", RankIn: "Rank %d of %d in %s",
	RankInDistrict: "Rank in district", RankInProvince: "Rank in province", RankInProvince2025: "Rank in new province",

	SheetCommunes: "Communes", SheetProvince: "Province",

	Short: map[string]string{"online_rate": "Online", "ontime_rate": "On time", "open_overdue": "Overdue",
		"received": "Received", "portal_visitors": "Visitors", "portal_page_views": "Page views",
		"portal_mobile_share": "Phones", "portal_error_rate": "Error rate", "portal_submissions": "Submissions"},

	Metric: map[string]string{
		"period":               "Period",
		"province_code":        "Province code",
		"unit_code":            "Commune code",
		"unit_name":            "Name",
		"received":             "Dossiers received",
		"received_online":      "Received online",
		"received_direct":      "Received at the counter",
		"received_postal":      "Received by post",
		"processed":            "Dossiers to process",
		"processed_on_time":    "Processed on time",
		"finished":             "Dossiers finished",
		"finished_early":       "Finished early",
		"finished_on_time":     "Finished on time",
		"finished_late":        "Finished late",
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
		"rank_change":          "Rank change",
		"band":                 "Band",
		"low_volume":           "Low volume",
		"portal_visitors":      "Portal visitors",
		"portal_page_views":    "Portal page views",
		"portal_mobile_share":  "Portal mobile share",
		"portal_error_rate":    "Portal error rate",
		"portal_submissions":   "Portal submissions",
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

// period names p for a title: "Tháng 10/2026", "October 2026", "Quý 3/2026",
// "Lũy kế tháng 1–10/2026", "January–October 2026 (year to date)".
func (w *words) period(p period) string {
	switch p.kind {
	case "month":
		return fmt.Sprintf(w.Month, w.Months[p.n], p.year)
	case "quarter":
		return fmt.Sprintf(w.Quarter, p.n, p.year)
	case "ytd":
		return fmt.Sprintf(w.YearToDate, p.n, w.Months[p.n], p.year)
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

// reason shows a reject reason in the page language; unknown reasons as they are.
func (w *words) reason(r string) string {
	if s, ok := w.Reasons[r]; ok {
		return s
	}
	return r
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

// percent formats part/whole as a percentage with two decimals; "—" without a whole.
func (w *words) percent(part, whole int64) string {
	if whole == 0 {
		return "—"
	}
	return w.fixed(100*float64(part)/float64(whole)) + "%"
}

// foldMarks removes combining marks after NFD decomposition: "Cương" → "Cuong".
var foldMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// fold is how names are matched when typed without diacritics: no tone or vowel marks,
// đ as d, lower case, single spaces ("Xã Hy Cương" → "xa hy cuong"). report.js folds what
// is typed the same way.
func fold(s string) string {
	s, _, _ = transform.String(foldMarks, s)
	s = strings.NewReplacer("đ", "d", "Đ", "d").Replace(s)
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
