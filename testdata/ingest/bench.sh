#!/usr/bin/env bash
# make bench-ingest (SPEC §7): `reform ingest dossiers` of 10 million canonical CSV rows
# against DuckDB's own CREATE TABLE … AS SELECT * FROM read_csv(…) of the same file, timed
# side by side in one run on this machine, each in a fresh database, with peak RSS and CPU
# time (user + sys, far less sensitive than wall time to other processes on the machine).
# Usage: testdata/ingest/bench.sh [DIR] (default /tmp/reform-bench-ingest; needs ~8 GB free).
# The sample file is kept in DIR and reused by the next run with the same size;
# REFORM=path times another reform binary (default bin/reform).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-/tmp/reform-bench-ingest}
reform=${REFORM:-bin/reform}
per_month=${BENCH_INGEST_PER_MONTH:-67600} # × 148 communes of Phú Thọ ≈ 10 M rows
mkdir -p "$dir"
rm -f "$dir"/*.duckdb "$dir"/*.duckdb.wal
go build -o "$dir/duckdb" ./bench/duckdb
if [ "$(cat "$dir/per_month" 2>/dev/null)" != "$per_month" ] || ! ls "$dir"/exports/*.csv >/dev/null 2>&1; then
	rm -rf "$dir/exports" "$dir/per_month"
	"$reform" sample --province 25 --months 1 --from 2026-10 --dossiers-per-month "$per_month" --seed 1 --out "$dir/exports" >/dev/null
	echo "$per_month" >"$dir/per_month"
fi
csv=$(ls "$dir"/exports/*.csv)
rows=$(($(wc -l <"$csv") - 1))
bytes=$(stat -c %s "$csv")
cat "$csv" >/dev/null # both runs read it from the page cache
timed() { # label, command...: seconds, peak RSS (MB) and CPU seconds of the command
	local label=$1
	shift
	/usr/bin/time -f "%e %M %U %S" -o "$dir/$label.time" "$@" >"$dir/$label.out" 2>"$dir/$label.err" || {
		cat "$dir/$label.err" >&2
		exit 1
	}
	read -r secs kb user sys <"$dir/$label.time"
	echo "$secs $((kb / 1024)) $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')"
}
load0=$(cut -d' ' -f1 /proc/loadavg)
read -r ctas_s ctas_mb ctas_cpu < <(timed ctas "$dir/duckdb" "$dir/ctas.duckdb" "CREATE TABLE t AS SELECT * FROM read_csv('${csv//\'/\'\'}')")
read -r ingest_s ingest_mb ingest_cpu < <(timed ingest "$reform" --db "$dir/reform.duckdb" -q ingest dossiers --max-reject-rate 1 "$csv")
ratio=$(awk -v a="$ingest_s" -v b="$ctas_s" 'BEGIN { printf "%.2f", a / b }')
cpu_ratio=$(awk -v a="$ingest_cpu" -v b="$ctas_cpu" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.5) ? "within 1.5×" : "NOT within 1.5×" }')
loaded=$("$reform" --db "$dir/reform.duckdb" query --format csv "SELECT rows_read, rows_new, rows_rejected FROM load_files" | tail -1)
echo "file: $rows rows, $((bytes / 1048576)) MB ($csv); reform counts (read,new,rejected): $loaded"
echo "DuckDB CTAS read_csv: ${ctas_s} s, CPU ${ctas_cpu} s, peak RSS ${ctas_mb} MB"
echo "reform ingest dossiers: ${ingest_s} s, CPU ${ingest_cpu} s, peak RSS ${ingest_mb} MB"
echo "ratio: ${ratio} (${verdict}); CPU ratio ${cpu_ratio}"
echo "| $(date -u +%Y-%m-%d\ %H:%M) | $rows | ${ctas_s} s, CPU ${ctas_cpu} s / ${ctas_mb} MB | ${ingest_s} s, CPU ${ingest_cpu} s / ${ingest_mb} MB | ${ratio} (CPU ${cpu_ratio}) | $(nproc) cores, load ${load0} before, $(cut -d' ' -f1-3 /proc/loadavg) after |"
rm -f "$dir"/*.duckdb "$dir"/*.duckdb.wal
