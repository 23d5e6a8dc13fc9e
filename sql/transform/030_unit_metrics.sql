-- unit_metrics: one row per (level, period, unit) with dossiers in hand: counts and rates of SPEC §4 for each 2025 commune and its province (the '2025' rows of unit_metrics_all, where they are computed). inputs: unit_metrics_all.
CREATE OR REPLACE TABLE unit_metrics AS
SELECT level, period, period_kind, period_start, period_end, prev_period, province_code, unit_code,
       received, received_online, received_direct, received_postal, online_rate,
       processed, processed_on_time, ontime_rate,
       finished, finished_early, finished_on_time, finished_late, ontime_rate_finished,
       open_overdue, avg_processing_days,
       online_payment_rate, e_result_rate, digitization_rate, satisfaction,
       split_mapped,
       carried_over,                -- processed dossiers received before the period (carry-overs)
       fee_bearing,                 -- received with fee_amount > 0 (denominator of online_payment_rate)
       fee_paid_online,             -- of those, paid online (NULL when no source gives paid_online)
       fee_procedures,              -- distinct procedures of the fee-bearing dossiers
       fee_procedures_paid_online,  -- of those, with at least one dossier paid online
       fee_procedure_online_rate,   -- fee_procedures_paid_online / fee_procedures (766 payment B, approximated)
       digitized_e_result_rate      -- finished with digitised inputs and an e-result / finished (766 4.2)
FROM unit_metrics_all
WHERE units = '2025';
