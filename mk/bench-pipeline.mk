# Pipeline benchmarks (SPEC §7): ingest + build vs pandas, build vs one GROUP BY, report pages/s.
.PHONY: bench-pipeline bench-deps-pandas
BENCH_TARGETS += bench-pipeline

bench-deps-pandas:
	@/usr/bin/python3 -c 'import pandas' 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-pandas; } || \
		{ echo "bench-pipeline: cannot install python3-pandas (apt-get install python3-pandas)" >&2; exit 1; }

bench-pipeline: $(BIN) bench-deps-pandas
	bench/pipeline.sh
