-- channel_days: one row per (unit, channel) with dossiers finished in a period: how many, how many late, and the mean and median processing days (F − received_at), for each commune and each province (unit_code = province_code). inputs: stg_dossiers. args: $1 province_code ('' for all), $2 period start, $3 period end (local DATEs).
SELECT coalesce(unit_code, province_code) AS unit_code,
       channel,
       count(*) AS finished,
       count(*) FILTER (due_at IS NOT NULL AND finish_at > due_at) AS late,
       round(avg(epoch(finish_at) - epoch(received_at)) / 86400.0, 2) AS avg_days,
       round(median(epoch(finish_at) - epoch(received_at)) / 86400.0, 2) AS median_days
FROM stg_dossiers
WHERE ($1 = '' OR province_code = $1)
  AND finish_at >= $2::DATE::TIMESTAMPTZ
  AND finish_at < $3::DATE::TIMESTAMPTZ
GROUP BY GROUPING SETS ((province_code, channel), (province_code, unit_code, channel))
ORDER BY unit_code, channel;
