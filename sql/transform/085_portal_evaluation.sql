-- portal_evaluation: one row per (period, endpoint, portal unit) of the latest snapshot of each (endpoint, province, period): the portal's counts, the ratio of its counts, its score, the 2025 commune the unit stands for (through the crosswalk ref_agency_units; the province for the snapshot's parent), and score_from_counts — the points our index configuration gives the portal's own counts (the components of the group whose portal endpoint this is). inputs: raw_portal_snapshots, raw_portal_units, raw_portal_values, ref_agency_units, ref_portal_units, ref_units, cfg_index_components, cfg_index_groups.
CREATE OR REPLACE TABLE portal_evaluation AS
WITH latest AS (
    -- a later capture of the same snapshot replaces an earlier one (captured_at, else load order)
    SELECT * FROM raw_portal_snapshots
    QUALIFY row_number() OVER (PARTITION BY endpoint, province_code, period
                               ORDER BY captured_at DESC NULLS LAST, file_id DESC) = 1
),
vals AS (
    SELECT v.file_id, v.ord,
           max(value) FILTER (field = 'totalReceived')                             AS total_received,
           max(value) FILTER (field = 'totalOnTime')                               AS total_on_time,
           max(value) FILTER (field = 'totalCompleted')                            AS total_completed,
           max(value) FILTER (field = 'avgProcessingDays')                         AS avg_processing_days,
           max(value) FILTER (field = 'ratio')                                     AS ratio,
           max(value) FILTER (field IN ('score', 'totalScore'))                    AS score,
           max(value) FILTER (field IN ('maxScore', 'totalMaxScore'))              AS max_score,
           max(value) FILTER (field = 'totalDossierFinancialObligation')           AS fee_dossiers,
           max(value) FILTER (field = 'totalDossierOnlinePaymentSuccess')          AS fee_dossiers_paid_online,
           max(value) FILTER (field = 'totalFeeFormality')                         AS fee_procedures,
           max(value) FILTER (field = 'totalDossierOnlineFormalityPaymentSuccess') AS fee_procedures_paid_online,
           max(value) FILTER (field = 'totalFeeDossierFormality')                  AS fee_procedures_synced,
           max(value) FILTER (field = 'channelTotalSum')                           AS channel_total,
           max(value) FILTER (field = 'channelOnlineSum')                          AS channel_online
    FROM raw_portal_values v
    JOIN latest USING (file_id)
    GROUP BY v.file_id, v.ord
),
crosswalk AS (FROM agency_units()),
units AS (
    SELECT s.period, s.endpoint, s.file_id, s.province_code, s.captured_at,
           u.ord, u.role, u.department_id, u.department_code, u.department_name, u.level,
           CASE WHEN u.role = 'parent' THEN 'province'
                WHEN u.level = 'PROVINCE' THEN 'department'
                ELSE 'commune' END AS unit_level,
           CASE WHEN u.role = 'parent' THEN s.province_code
                WHEN u.level IS DISTINCT FROM 'PROVINCE' THEN r.unit_code END AS unit_code,
           pu.match_method,
           v.* EXCLUDE (file_id, ord),
           -- what the endpoint scores on (denominator) and credits (numerator):
           -- progress: in hand / on time; payment: fee-bearing / paid online (A);
           -- online: received / received online (the parent only: children carry scores alone)
           CASE s.endpoint WHEN 'dvc-progress-tree' THEN v.total_received
                           WHEN 'formality-online-payment-tree' THEN v.fee_dossiers
                           WHEN 'provide-online-tree' THEN v.channel_total END AS denominator,
           CASE s.endpoint WHEN 'dvc-progress-tree' THEN v.total_on_time
                           WHEN 'formality-online-payment-tree' THEN v.fee_dossiers_paid_online
                           WHEN 'provide-online-tree' THEN v.channel_online END AS numerator
    FROM latest s
    JOIN raw_portal_units u USING (file_id)
    LEFT JOIN vals v ON v.file_id = u.file_id AND v.ord = u.ord
    LEFT JOIN crosswalk c ON c.agency_code = u.department_code
    LEFT JOIN ref_units r ON r.unit_code = c.unit_code AND r.province_code = s.province_code
    LEFT JOIN ref_portal_units pu ON pu.department_code = u.department_code
),
rated AS (
    SELECT *,
           round(100.0 * numerator / nullif(denominator, 0), 2) AS rate,
           CASE WHEN endpoint = 'formality-online-payment-tree'
                THEN round(100.0 * fee_procedures_paid_online / nullif(fee_procedures, 0), 2) END AS rate_b,
           CASE WHEN endpoint = 'formality-online-payment-tree'
                THEN round(100.0 * fee_procedures_synced / nullif(fee_procedures, 0), 2) END AS rate_c
    FROM units
),
mapped AS (
    -- the portal's rates under the metric names index components score
    SELECT *,
           CASE endpoint
             WHEN 'dvc-progress-tree' THEN MAP {'ontime_rate': rate}
             WHEN 'formality-online-payment-tree' THEN MAP {'online_payment_rate': rate,
                  'fee_procedure_online_rate': rate_b, 'fee_procedure_synced_rate': rate_c}
             WHEN 'provide-online-tree' THEN MAP {'online_rate': rate}
           END AS rates
    FROM rated
),
scored AS (
    SELECT m.file_id, m.ord, any_value(g.group_key) AS group_key,
           sum(index_points(m.rates[c.metric], c.points, c.scoring, c.full_at, c.factor, c.na_policy)) AS earned,
           sum(c.points) FILTER (WHERE m.rates[c.metric] IS NOT NULL OR c.na_policy <> 'omit') AS available,
           count(m.rates[c.metric]) AS measured
    FROM mapped m
    JOIN cfg_index_groups g ON g.portal_endpoint = m.endpoint
    JOIN cfg_index_components c ON c.group_key = g.group_key
    GROUP BY m.file_id, m.ord
)
SELECT m.period, m.endpoint, m.file_id, m.province_code, m.captured_at,
       m.ord, m.role, m.unit_level, m.department_id, m.department_code, m.department_name, m.level,
       m.unit_code, m.match_method,
       m.denominator, m.numerator,
       m.rate,                                  -- 100 × numerator / denominator, 2 decimals
       m.ratio AS portal_ratio,                 -- as given: on-time % for progress, score % of the maximum for online and payment
       m.score AS portal_score, m.max_score AS portal_max_score,
       m.avg_processing_days, m.total_completed,
       m.fee_procedures, m.fee_procedures_paid_online, m.fee_procedures_synced,
       m.rate_b, m.rate_c,
       s.group_key,                             -- the configured group scored on this endpoint, if any
       CASE WHEN s.measured > 0 THEN round(s.earned, 2) END AS score_from_counts,
       CASE WHEN s.measured > 0 THEN s.available END AS score_max_from_counts
FROM mapped m
LEFT JOIN scored s ON s.file_id = m.file_id AND s.ord = m.ord;
