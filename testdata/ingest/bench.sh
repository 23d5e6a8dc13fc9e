#!/usr/bin/env bash
# make bench-ingest (SPEC §7): `reform ingest dossiers` of 10 million canonical CSV rows
# against DuckDB's own CREATE TABLE … AS SELECT * FROM read_csv(…) of the same file, timed
# side by side in one run on this machine, each in a fresh database, with peak RSS.
# Usage: testdata/ingest/bench.sh [DIR] (default /tmp/reform-bench-ingest; needs ~8 GB free).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-/tmp/reform-bench-ingest}
per_month=${BENCH_INGEST_PER_MONTH:-67600} # × 148 communes of Phú Thọ ≈ 10 M rows
rm -rf "$dir" && mkdir -p "$dir"
go build -o "$dir/ctas" ./testdata/ingest/ctas
bin/reform sample --province 25 --months 1 --from 2026-10 --dossiers-per-month "$per_month" --seed 1 --out "$dir/exports" >/dev/null
csv=$(ls "$dir"/exports/*.csv)
rows=$(($(wc -l <"$csv") - 1))
bytes=$(stat -c %s "$csv")
cat "$csv" >/dev/null # both runs read it from the page cache
timed() { # label, command...: seconds and peak RSS (MB) of the command
	local label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$dir/$label.time" "$@" >"$dir/$label.out" 2>"$dir/$label.err" || {
		cat "$dir/$label.err" >&2
		exit 1
	}
	read -r secs kb <"$dir/$label.time"
	echo "$secs $((kb / 1024))"
}
read -r ctas_s ctas_mb < <(timed ctas "$dir/ctas" "$dir/ctas.duckdb" "$csv")
read -r ingest_s ingest_mb < <(timed ingest bin/reform --db "$dir/reform.duckdb" -q ingest dossiers --max-reject-rate 1 "$csv")
ratio=$(awk -v a="$ingest_s" -v b="$ctas_s" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.5) ? "within 1.5×" : "NOT within 1.5×" }')
loaded=$(bin/reform --db "$dir/reform.duckdb" query --format csv "SELECT rows_read, rows_new, rows_rejected FROM load_files" | tail -1)
echo "file: $rows rows, $((bytes / 1048576)) MB ($csv); reform counts (read,new,rejected): $loaded"
echo "DuckDB CTAS read_csv: ${ctas_s} s, peak RSS ${ctas_mb} MB"
echo "reform ingest dossiers: ${ingest_s} s, peak RSS ${ingest_mb} MB"
echo "ratio: ${ratio} (${verdict})"
echo "| $(date -u +%Y-%m-%d) | $rows | $((bytes / 1048576)) MB | ${ctas_s} s / ${ctas_mb} MB | ${ingest_s} s / ${ingest_mb} MB | ${ratio} | $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) |"
rm -f "$dir"/*.duckdb "$dir"/*.duckdb.wal
