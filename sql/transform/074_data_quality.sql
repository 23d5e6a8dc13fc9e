-- data_quality: one row per (period, commune, note, old_code) counting the dossiers behind a data-quality note of that commune and period. note 'split_commune': dossiers counted on this 2025 commune through a pre-2025 commune that was split between several (SPEC §2: to the commune that kept the old code, else the first listed), with the communes it was split between. note 'not_attributable_pre2025': dossiers received before the reorganisation under a code that named no commune then (a 2025-only code, or an agency id mapped to one), which the pre-2025 view (scorecard_pre2025) cannot place and leaves out. inputs: stg_dossiers, periods, ref_unit_conversion, ref_units, ref_units_pre2025, cfg_build.
CREATE OR REPLACE TABLE data_quality AS
WITH reorg AS (
    SELECT reorganised_on, reorganised_on::TIMESTAMPTZ AS reorganised_at FROM cfg_build
),
split_between AS (
    SELECT c.old_code,
           string_agg(c.new_code || ' ' || coalesce(u.unit_name, '?'), '; ' ORDER BY c.seq) AS split_between
    FROM ref_unit_conversion c
    LEFT JOIN ref_units u ON u.unit_code = c.new_code
    GROUP BY c.old_code
    HAVING count(*) > 1
),
noted AS (
    SELECT 'split_commune' AS note, split_from AS old_code, province_code, unit_code, received_at, finish_at
    FROM stg_dossiers
    WHERE split_from IS NOT NULL
    UNION ALL
    SELECT 'not_attributable_pre2025', unit_code_given, province_code, unit_code, received_at, finish_at
    FROM stg_dossiers, reorg
    WHERE received_at < reorg.reorganised_at AND old_unit_code IS NULL
),
hits AS (
    SELECT n.note, n.old_code, n.province_code, n.unit_code, p.period, p.period_kind,
           n.received_at >= p.start_at AS is_received
    FROM noted n
    JOIN periods p ON dossier_in_hand(n.received_at, n.finish_at, p.start_at, p.end_at)
    CROSS JOIN reorg
    -- the pre-2025 view only has periods that end by the reorganisation
    WHERE n.note = 'split_commune' OR p.period_end <= reorg.reorganised_on
)
SELECT h.period, any_value(h.period_kind) AS period_kind, h.province_code, h.unit_code, h.note,
       h.old_code,                                   -- the split old commune; for not_attributable_pre2025 the code as given
       any_value(o.unit_name) AS old_unit_name,
       any_value(s.split_between) AS split_between,  -- "code name; code name", in the table's order
       count(*) AS dossiers,                         -- in hand during the period (the processed base)
       count(*) FILTER (h.is_received) AS received
FROM hits h
LEFT JOIN ref_units_pre2025 o ON o.unit_code = h.old_code
LEFT JOIN split_between s ON s.old_code = h.old_code
GROUP BY h.period, h.province_code, h.unit_code, h.note, h.old_code;
