-- parquet_scorecard: every scorecard column of one province's rows (the province and its communes) in one period, for the bundle's data/scorecard.parquet. inputs: scorecard. args: $1 period, $2 province_code.
SELECT *
FROM scorecard
WHERE period = $1 AND province_code = $2
ORDER BY level DESC, unit_code
