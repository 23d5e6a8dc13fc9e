#!/usr/bin/env bash
# make bench-pipeline: the pipeline benchmarks of SPEC §7 side by side in one run —
#   ingest + build        vs a pandas script computing the same two headline rates;
#   build                 vs one GROUP BY pass over the dossier table;
#   report                pages per second;
# each with wall time and peak RSS (GNU time). Writes the "Pipeline" section of BENCHMARKS.md.
#
# Size: PROVINCES (default 25; "all" = the 34 provinces), MONTHS (12), PER (mean dossiers per
# commune per month, 300). National scale (SPEC §7, issue 7): PROVINCES=all MONTHS=24 PER=630
# is about 50 million dossiers and needs ~40 GB of disk for the CSV exports.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/reform}
PROVINCES=${PROVINCES:-25}
MONTHS=${MONTHS:-12}
PER=${PER:-300}
FROM=${FROM:-2024-11}
MEMORY_LIMIT=${MEMORY_LIMIT:-8GB}
W=$(mktemp -d "${TMPDIR:-/tmp}/reform-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT

if [ "$PROVINCES" = all ]; then
	PROVINCES=$("$BIN" units list 2>/dev/null | awk 'NR > 1 {print $1}' | sort -u | tr '\n' ' ')
fi
LAST=$(date -d "$FROM-01 +$((MONTHS - 1)) month" +%Y-%m)

# measure LABEL CMD...: runs CMD, records "seconds maxrss_kb" in $W/t_LABEL.
measure() {
	local label=$1
	shift
	/usr/bin/time -f '%e %M' -o "$W/t_$label" "$@" >"$W/t_$label.out" 2>"$W/t_$label.err" || {
		cat "$W/t_$label.err" >&2
		exit 1
	}
}
secs() { cut -d' ' -f1 "$W/t_$1"; }
mib() { awk '{printf "%.0f", $2 / 1024}' "$W/t_$1"; }
ratio() { awk -v a="$(secs "$1")" -v b="$(secs "$2")" 'BEGIN {printf "%.2f", a / b}'; }

echo "sample: provinces $PROVINCES, $MONTHS months from $FROM, $PER dossiers per commune-month" >&2
for p in $PROVINCES; do
	"$BIN" -q sample --province "$p" --months "$MONTHS" --from "$FROM" --dossiers-per-month "$PER" --seed 1 --out "$W/in"
done
ROWS=$(cat "$W"/in/*.csv | wc -l)
BYTES=$(du -cb "$W"/in/*.csv | tail -1 | cut -f1)
DB="$W/reform.duckdb"
R=("$BIN" --db "$DB" -q --memory-limit "$MEMORY_LIMIT")

echo "reform ingest + build" >&2
measure ingest "${R[@]}" ingest dossiers --max-reject-rate 1 "$W"/in/*.csv
measure build "${R[@]}" build
DOSSIERS=$("${R[@]}" query --format csv "SELECT count(*) FROM raw_dossiers" | tail -1)
echo "one GROUP BY pass" >&2
measure groupby "${R[@]}" query --format csv "SELECT unit_code, date_trunc('month', received_at) AS month,
	count(*), count(*) FILTER (channel = 2), count(*) FILTER (finished_at <= due_at)
	FROM raw_dossiers GROUP BY ALL"
echo "report" >&2
measure report "${R[@]}" report --period "$LAST" --out "$W/report"
PAGES=$(find "$W/report" -name '*.html' | wc -l)
echo "pandas" >&2
measure pandas /usr/bin/python3 bench/pandas_rates.py "$W/pandas.csv" "$W"/in/*.csv
"${R[@]}" query --format csv "SELECT period, unit_code, online_rate, ontime_rate FROM scorecard
	WHERE level = 'commune' AND period_kind = 'month' ORDER BY period, unit_code" >"$W/reform.csv"
AGREE=$(/usr/bin/python3 - "$W/reform.csv" "$W/pandas.csv" <<'PY'
import csv, sys
def load(p):
    return {(r["period"], r["unit_code"]): (r["online_rate"], r["ontime_rate"]) for r in csv.DictReader(open(p))}
a, b = load(sys.argv[1]), load(sys.argv[2])
num = lambda s: round(float(s), 2) if s not in ("", "nan") else None
same = sum(1 for k, v in a.items() if k in b and tuple(map(num, v)) == tuple(map(num, b[k])))
print(f"{same} of {len(a)}")
PY
)

awk -v a="$(secs ingest)" -v b="$(secs build)" -v m1="$(cut -d' ' -f2 "$W/t_ingest")" -v m2="$(cut -d' ' -f2 "$W/t_build")" \
	'BEGIN {printf "%.2f %d\n", a + b, (m1 > m2 ? m1 : m2)}' >"$W/t_ingest_build"
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
MEM=$(free -g | awk '/Mem:/ {print $2 " GiB"}')
SECTION=$(cat <<MD
## Pipeline (\`make bench-pipeline\`)

Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($CPU), $MEM, DuckDB memory limit $MEMORY_LIMIT.
Command: \`PROVINCES="${PROVINCES% }" MONTHS=$MONTHS PER=$PER make bench-pipeline\`.
Input: $(echo $PROVINCES | wc -w) province(s), $MONTHS monthly exports each, $((ROWS)) CSV lines
($((BYTES / 1048576)) MiB), $DOSSIERS dossiers after latest-wins.

| step | reform | reference | ratio | peak RSS reform / reference |
|---|---|---|---|---|
| ingest + build vs pandas (same two headline rates) | $(secs ingest_build) s | $(secs pandas) s | $(ratio ingest_build pandas) | $(mib ingest_build) / $(mib pandas) MiB |
| build vs one GROUP BY pass over raw_dossiers | $(secs build) s | $(secs groupby) s | $(ratio build groupby) | $(mib build) / $(mib groupby) MiB |
| ingest alone | $(secs ingest) s | | | $(mib ingest) MiB |
| report $LAST ($PAGES pages) | $(secs report) s | | $(awk -v p="$PAGES" -v s="$(secs report)" 'BEGIN {printf "%.0f pages/s", p / s}') | $(mib report) MiB |

pandas and reform agree on online_rate and ontime_rate for $AGREE (commune, month) pairs
(pandas keeps the sample's deliberately bad rows that reform rejects, and does not remap
pre-2025 codes). Times include process start; the GROUP BY reference is one \`reform query\`.
MD
)
/usr/bin/python3 - "$SECTION" <<'PY'
import re, sys
section = sys.argv[1].strip() + "\n"
path = "BENCHMARKS.md"
try:
    text = open(path).read()
except FileNotFoundError:
    text = "# Benchmarks\n\nSide-by-side measurements on this project's 2-core machine; each section says its command.\n"
start, end = "<!-- pipeline:start -->", "<!-- pipeline:end -->"
block = f"{start}\n{section}{end}\n"
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end) + "\n?", lambda m: block, text, flags=re.S)
else:
    text = text.rstrip("\n") + "\n\n" + block
open(path, "w").write(text)
PY
echo "$SECTION"
