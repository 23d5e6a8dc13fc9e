-- parquet_index_components: every index_components column of one province's units in one period, for the bundle's data/index_components.parquet. inputs: index_components, scorecard. args: $1 period, $2 province_code.
SELECT c.*
FROM index_components c
JOIN scorecard s USING (level, period, unit_code)
WHERE c.period = $1 AND s.province_code = $2
ORDER BY c.level DESC, c.unit_code, c.ord
