-- prev_period: the period shown just before a period (docs/periods.md), at most one row. inputs: periods. args: $1 period.
SELECT period, prev_period
FROM periods
WHERE period = $1 AND prev_period IS NOT NULL
ORDER BY period;
