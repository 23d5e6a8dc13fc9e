package reports

import (
	"context"
	"fmt"
	"os"
	"strings"

	"reformindex/sql"
)

// synthetic describes a generated database with the tables reports reads: provinces and
// their communes in ref_units; 13 months of scorecard up to period (its 12-month trends and
// the month before); the index components of period; dossiers over the 24 months up to
// period's end; loaded files and rejects. Values are pseudo-random but fixed (DuckDB's hash
// of codes and months), so renders are repeatable.
type synthetic struct {
	provinces int      // provinces "01", "02", …
	communes  int      // communes over all provinces, dealt out in turn
	names     []string // names of the first communes; "Xã Thử Nghiệm N" after them
	dossiers  int      // rows of stg_dossiers
	period    string   // a month, "2026-10"
}

// nationalScale is the country of SPEC §7: 34 provinces, 3,321 communes, about 50 million
// dossiers over 24 months (about 2 million a month).
var nationalScale = synthetic{provinces: 34, communes: 3321, dossiers: 48_000_000, period: "2026-10"}

func (s synthetic) create(ctx context.Context, db *sql.DB) error {
	schema, err := os.ReadFile("testdata/schema.sql")
	if err != nil {
		return err
	}
	p, err := parsePeriod(s.period)
	if err != nil {
		return err
	}
	months := append([]string{p.previous().months()[0]}, p.months()...)
	var values, names []string
	for _, m := range months {
		values = append(values, "('"+m+"')")
	}
	for i, n := range s.names {
		names = append(names, fmt.Sprintf("(%d, %s)", i, sql.QuoteString(n)))
	}
	if len(names) == 0 {
		names = []string{"(-1, '')"}
	}
	_, end := p.bounds()
	steps := []string{string(schema),
		`CREATE TEMP TABLE months AS SELECT * FROM (VALUES ` + strings.Join(values, ", ") + `) m(period)`,
		`CREATE TEMP TABLE names AS SELECT * FROM (VALUES ` + strings.Join(names, ", ") + `) n(i, name)`,
		fmt.Sprintf(`INSERT INTO ref_units
			SELECT lpad((1 + i %% %[1]d)::VARCHAR, 2, '0'), 'Tỉnh Thử Nghiệm ' || (1 + i %% %[1]d),
			       (10000 + i)::VARCHAR, coalesce(n.name, 'Xã Thử Nghiệm ' || i), 'Xã'
			FROM range(%[2]d) t(i) LEFT JOIN names n USING (i)`, s.provinces, s.communes),
		// Commune months: one commune in 25 has no data in a month, one in 40 none at all.
		`CREATE TEMP TABLE synth AS
			WITH base AS (
				SELECT m.period, u.province_code, u.province_name, u.unit_code, u.unit_name,
				       hash(u.unit_code, m.period) AS h
				FROM ref_units u CROSS JOIN months m
				WHERE hash(u.unit_code) % 40 <> 0 AND hash(u.unit_code, m.period) % 25 <> 0
			), counts AS (
				SELECT *, (20 + h % 400)::BIGINT AS received,
				       0.2 + ((h >> 10) % 600) / 1000.0 AS fo, 0.75 + ((h >> 20) % 250) / 1000.0 AS ft,
				       ((h >> 30) % 900) / 1000.0 AS fp
				FROM base
			), rates AS (
				SELECT *, round(received * fo)::BIGINT AS received_online, received + 10 AS processed,
				       round((received + 10) * ft)::BIGINT AS processed_on_time,
				       round(100 * fp, 2) AS online_payment_rate
				FROM counts
			)
			SELECT *, round(100.0 * received_online / received, 2) AS online_rate,
			       round(100.0 * processed_on_time / processed, 2) AS ontime_rate,
			       round((20 * processed_on_time / processed + 12 * least(1, 2.0 * received_online / received)
			              + 10 * fp) / 42 * 100, 2) AS index_score
			FROM rates`,
		`INSERT INTO scorecard BY NAME
			WITH ranked AS (
				SELECT *, rank() OVER (PARTITION BY period, province_code ORDER BY index_score DESC) AS rank
				FROM synth
			)
			SELECT 'commune' AS level, r.period, 'month' AS period_kind, r.province_code, r.province_name,
			       r.unit_code, r.unit_name, r.received, r.received_online,
			       r.received - r.received_online - r.received // 50 AS received_direct, r.received // 50 AS received_postal,
			       r.online_rate, r.processed, r.processed_on_time, r.ontime_rate,
			       r.received AS finished, r.received // 3 AS finished_early,
			       r.received - r.received // 3 - (r.processed - r.processed_on_time) AS finished_on_time,
			       r.processed - r.processed_on_time AS finished_late,
			       round(100.0 * (r.received - (r.processed - r.processed_on_time)) / r.received, 2) AS ontime_rate_finished,
			       (r.h >> 40) % 12 AS open_overdue, round(1 + ((r.h >> 44) % 600) / 100.0, 2) AS avg_processing_days,
			       r.online_payment_rate, NULL AS e_result_rate, NULL AS digitization_rate, NULL AS satisfaction,
			       r.index_score, '' AS not_measured, r.rank, prev.rank - r.rank AS rank_change,
			       CASE WHEN r.index_score >= 90 THEN 'Xuất sắc' WHEN r.index_score >= 80 THEN 'Tốt'
			            WHEN r.index_score >= 70 THEN 'Khá' WHEN r.index_score >= 50 THEN 'Trung bình' ELSE 'Yếu' END AS band,
			       r.processed < 30 AS low_volume, 0 AS split_mapped
			FROM ranked r
			LEFT JOIN ranked prev ON prev.unit_code = r.unit_code
			 AND prev.period = strftime(strptime(r.period, '%Y-%m') - INTERVAL 1 MONTH, '%Y-%m')`,
		`INSERT INTO scorecard BY NAME
			SELECT 'province' AS level, period, 'month' AS period_kind, province_code, any_value(province_name) AS province_name,
			       province_code AS unit_code, any_value(province_name) AS unit_name,
			       sum(received) AS received, sum(received_online) AS received_online,
			       sum(received_direct) AS received_direct, sum(received_postal) AS received_postal,
			       round(100.0 * sum(received_online) / sum(received), 2) AS online_rate,
			       sum(processed) AS processed, sum(processed_on_time) AS processed_on_time,
			       round(100.0 * sum(processed_on_time) / sum(processed), 2) AS ontime_rate,
			       sum(finished) AS finished, sum(finished_early) AS finished_early,
			       sum(finished_on_time) AS finished_on_time, sum(finished_late) AS finished_late,
			       round(100.0 * (sum(finished) - sum(finished_late)) / sum(finished), 2) AS ontime_rate_finished,
			       sum(open_overdue) AS open_overdue, round(avg(avg_processing_days), 2) AS avg_processing_days,
			       round(avg(online_payment_rate), 2) AS online_payment_rate, round(avg(index_score), 2) AS index_score,
			       'e_result_rate,digitization_rate,satisfaction' AS not_measured, false AS low_volume, 0 AS split_mapped
			FROM scorecard WHERE level = 'commune'
			GROUP BY period, province_code`,
		fmt.Sprintf(`INSERT INTO index_components BY NAME
			SELECT level, period, unit_code, c.ord, c.component, c.label_vi, c.label_en, c.metric,
			       CASE c.metric WHEN 'ontime_rate' THEN ontime_rate WHEN 'online_rate' THEN online_rate
			                     WHEN 'online_payment_rate' THEN online_payment_rate END AS rate,
			       c.points AS points_max,
			       CASE c.metric WHEN 'ontime_rate' THEN c.points * ontime_rate / 100
			                     WHEN 'online_rate' THEN c.points * least(1, online_rate / 50)
			                     WHEN 'online_payment_rate' THEN c.points * online_payment_rate / 100 END AS points_earned
			FROM scorecard CROSS JOIN (VALUES
				(1, 'tien_do', 'Tiến độ giải quyết', 'Processing on time', 'ontime_rate', 20),
				(2, 'dich_vu_cong_truc_tuyen', 'Dịch vụ công trực tuyến', 'Online submission', 'online_rate', 12),
				(3, 'thanh_toan_truc_tuyen', 'Thanh toán trực tuyến', 'Online payment', 'online_payment_rate', 10),
				(4, 'ket_qua_dien_tu', 'Số hóa — kết quả điện tử', 'Digitisation — electronic results', 'e_result_rate', 6),
				(5, 'so_hoa_ho_so', 'Số hóa — hồ sơ', 'Digitisation — dossiers', 'digitization_rate', 4),
				(6, 'hai_long', 'Hài lòng', 'Satisfaction', 'satisfaction', 6)
			) c(ord, component, label_vi, label_en, metric, points)
			WHERE period = '%s'`, s.period),
		// Dossiers over the 24 months before the period's end, dealt out to the communes with
		// data; 2 % still open; due 1–10 days after receipt; processed in 0–12 days.
		`CREATE TEMP TABLE units AS
			SELECT row_number() OVER (ORDER BY unit_code) - 1 AS k, unit_code, province_code
			FROM ref_units WHERE hash(unit_code) % 40 <> 0`,
		`CREATE TEMP TABLE procedures AS SELECT * FROM (VALUES
			(0, '1.001193', 'Đăng ký khai sinh'), (1, '2.000815', 'Chứng thực bản sao từ bản chính'),
			(2, '1.004873', 'Cấp Giấy xác nhận tình trạng hôn nhân'), (3, '1.000894', 'Đăng ký kết hôn'),
			(4, '2.000884', 'Chứng thực chữ ký'), (5, '1.001022', 'Đăng ký thường trú')) p(k, code, name)`,
		fmt.Sprintf(`INSERT INTO stg_dossiers BY NAME
			WITH d AS (
				SELECT i, hash(i) AS h,
				       TIMESTAMPTZ '%[1]s' - INTERVAL 24 MONTH
				         + to_seconds(i * CAST(epoch(TIMESTAMPTZ '%[1]s') - epoch(TIMESTAMPTZ '%[1]s' - INTERVAL 24 MONTH) AS BIGINT) // %[2]d)
				         AS received_at
				FROM range(%[2]d) t(i)
			)
			SELECT 'mot-cua' AS source, 'HS-' || d.i AS dossier_code, u.unit_code, u.province_code, false AS split_mapped,
			       p.code AS procedure_code, p.name AS procedure_name, 1 + (d.h >> 8) %% 3 AS channel,
			       CASE WHEN (d.h >> 12) %% 50 = 0 THEN 4 ELSE 10 END AS status,
			       d.received_at, d.received_at + to_days((1 + (d.h >> 16) %% 10)::INTEGER) AS due_at,
			       CASE WHEN (d.h >> 12) %% 50 <> 0
			            THEN d.received_at + to_seconds(((d.h >> 24) %% 1036800)::BIGINT) END AS finish_at
			FROM d
			JOIN units u ON u.k = d.i %% (SELECT count(*) FROM units)
			JOIN procedures p ON p.k = (d.h >> 4) %% 6`, end, max(s.dossiers, 1)),
		`INSERT INTO load_files
			SELECT i + 1, 'dossiers', '/srv/inbox/dossiers_' || lpad((1 + i % 34)::VARCHAR, 2, '0') || '_' || (i // 34) || '.csv',
			       'sha', 1000000, 'generic', 'mot-cua', TIMESTAMPTZ '2026-11-02 08:00:00+07' - to_days((200 - i)::INTEGER),
			       20000, 19000, 900, 0, 100
			FROM range(40) t(i)`,
		`INSERT INTO raw_rejects
			SELECT 1 + i % 40, 10 + i, CASE WHEN i % 4 = 0 THEN 'unit_code' ELSE 'received_at' END,
			       CASE WHEN i % 4 = 0 THEN '9' || (i % 7) || '999' ELSE '31/02/2026' END,
			       CASE WHEN i % 4 = 0 THEN 'unknown unit' ELSE 'unparseable date' END
			FROM range(400) t(i)`,
	}
	for _, q := range steps {
		if err := db.ExecSQL(ctx, q); err != nil {
			return fmt.Errorf("synthetic data: %w\n%s", err, q)
		}
	}
	return nil
}
