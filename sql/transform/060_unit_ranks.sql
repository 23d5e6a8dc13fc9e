-- unit_ranks: one row per (level, period, unit): rank within the province (communes only; ties share a rank), change against the previous period of the same kind (periods.prev_period), band, low_volume. inputs: unit_metrics, unit_index, cfg_bands, cfg_build.
CREATE OR REPLACE TABLE unit_ranks AS
WITH ranked AS (
    SELECT m.level, m.period, m.prev_period, m.province_code, m.unit_code, i.index_score,
           m.processed < (SELECT low_volume_below FROM cfg_build) AS low_volume,
           CASE WHEN m.level = 'commune' AND i.index_score IS NOT NULL
                THEN rank() OVER (PARTITION BY m.level, m.period, m.province_code,
                                               i.index_score IS NOT NULL
                                  ORDER BY i.index_score DESC)
           END AS rank
    FROM unit_metrics m
    JOIN unit_index i USING (level, period, unit_code)
)
SELECT r.level, r.period, r.unit_code,
       CAST(r.rank AS INTEGER)                       AS rank,
       CAST(prev.rank - r.rank AS INTEGER)           AS rank_change,
       (SELECT band FROM cfg_bands b WHERE b.min_score <= r.index_score
        ORDER BY b.min_score DESC LIMIT 1)           AS band,
       r.low_volume,
       r.prev_period,
       CAST(prev.rank AS INTEGER)                    AS prev_rank,
       prev.index_score                              AS index_prev,
       round(r.index_score - prev.index_score, 2)    AS index_change
FROM ranked r
LEFT JOIN ranked prev
  ON prev.level = r.level AND prev.unit_code = r.unit_code AND prev.period = r.prev_period;
