#!/usr/bin/env bash
# make bench-national: issue 7 item 3 — the whole country on this machine. reform sample for
# all 34 provinces (3,321 communes) over MONTHS months (about 50 million dossiers with the
# defaults), then ingest, build and the report of the last month (all 3,321 commune pages),
# each with wall time and peak RSS (GNU time), DuckDB bounded by --memory-limit; the build is
# set beside one GROUP BY pass over the dossier table. Writes the "National scale" section of
# BENCHMARKS.md.
#
# Needs about 45 GB of disk in DIR (default /tmp/reform-national) for the CSV exports and
# the database; the exports are kept there (in/, with in/.done) so that a second run skips
# the sample step; REUSE=1 also keeps the loaded database and measures from the build on.
# Takes about 50 minutes on an idle machine (2026-11-23: sample 83 s, ingest 43 min, build 2.5 min).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-bin/reform}")
DIR=${DIR:-/tmp/reform-national}
MONTHS=${MONTHS:-24}
PER=${PER:-630}
FROM=${FROM:-2024-11}
MEMORY_LIMIT=${MEMORY_LIMIT:-8GB}
LAST=$(date -d "$FROM-01 +$((MONTHS - 1)) month" +%Y-%m)
mkdir -p "$DIR"
W="$DIR/run"
# REUSE=1 keeps the database and ingest timing of the previous run and measures from the build on.
if [ "${REUSE:-0}" = 1 ] && [ -e "$W/t_ingest" ]; then
	rm -rf "$W/report"
else
	rm -rf "$W" && mkdir -p "$W"
fi

. bench/lib.sh

if [ ! -e "$DIR/in/.done" ]; then
	echo "sample: 34 provinces, $MONTHS months from $FROM, $PER dossiers per commune-month" >&2
	rm -rf "$DIR/in"
	start=$(date +%s)
	for p in $("$BIN" units list 2>/dev/null | awk 'NR > 1 {print $1}' | sort -u); do
		"$BIN" -q sample --province "$p" --months "$MONTHS" --from "$FROM" --dossiers-per-month "$PER" --seed 1 --out "$DIR/in"
	done
	echo $(($(date +%s) - start)) >"$DIR/in/.done"
fi
SAMPLE_SECS=$(cat "$DIR/in/.done")
FILES=$(ls "$DIR"/in/*.csv | wc -l)
BYTES=$(du -cb "$DIR"/in/*.csv | tail -1 | cut -f1)
DB="$W/reform.duckdb"
R=("$BIN" --db "$DB" --memory-limit "$MEMORY_LIMIT")

if [ ! -e "$W/t_ingest" ]; then
	echo "ingest $FILES files" >&2
	measure ingest "${R[@]}" -q ingest dossiers --max-reject-rate 1 "$DIR"/in/*.csv
fi
read -r ROWS DOSSIERS REJECTED < <("${R[@]}" query --format csv "SELECT (SELECT sum(rows_read) FROM load_files),
	(SELECT count(*) FROM raw_dossiers), (SELECT sum(rows_rejected) FROM load_files)" | tail -1 | tr ',' ' ')
echo "build" >&2
measure build "${R[@]}" -q build
echo "one GROUP BY pass" >&2
measure groupby "${R[@]}" -q query --format csv "SELECT unit_code, date_trunc('month', received_at) AS month,
	count(*), count(*) FILTER (channel = 2), count(*) FILTER (finished_at <= due_at)
	FROM raw_dossiers GROUP BY ALL"
echo "report $LAST" >&2
measure report "${R[@]}" -q report --period "$LAST" --out "$W/report"
PAGES=$(find "$W/report/$LAST" -path '*/communes/*.html' | wc -l)
ALLPAGES=$(find "$W/report/$LAST" -name '*.html' | wc -l)
DBSIZE=$(du -b "$DB" | cut -f1)

CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
MEM=$(free -g | awk '/Mem:/ {print $2 " GiB"}')
SECTION=$(cat <<MD
## National scale (\`make bench-national\`)

Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($CPU), $MEM, \`--memory-limit $MEMORY_LIMIT\`.
Command: \`MONTHS=$MONTHS PER=$PER make bench-national\` (bench/national.sh; DIR=$DIR).
Input: \`reform sample\` for all 34 provinces, $MONTHS months from $FROM, $PER dossiers per commune
per month: $FILES monthly CSV exports, $(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b / 2^30}') GiB, $ROWS rows read
($REJECTED deliberately bad ones rejected), **$DOSSIERS dossiers** after latest-wins
(sample written in ${SAMPLE_SECS} s). Database file after the build: $(awk -v b="$DBSIZE" 'BEGIN {printf "%.1f", b / 2^30}') GiB.

| step | wall | peak RSS | note |
|---|---|---|---|
| ingest ($FILES files, one transaction each) | $(secs ingest) s | $(mib ingest) MiB | $(awk -v r="$ROWS" -v s="$(secs ingest)" 'BEGIN {printf "%.0f rows/s", r / s}') |
| build (every month, quarter, year, ytd; index, ranks, explain, pre-2025, trends) | $(secs build) s | $(mib build) MiB | $(awk -v a="$(secs build)" -v b="$(secs groupby)" 'BEGIN {printf "%.1f× one GROUP BY pass (%s s)", a / b, b}') |
| report $LAST: all provinces, $PAGES commune pages ($ALLPAGES pages in all) | $(secs report) s | $(mib report) MiB | $(awk -v p="$ALLPAGES" -v s="$(secs report)" 'BEGIN {printf "%.0f pages/s", p / s}'); target ≤ 30 s |

Times include process start. Each step is one \`reform\` process against the same database file.
MD
)
replace_section national "$SECTION"
echo "$SECTION"
