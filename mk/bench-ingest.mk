# Dossier ingest benchmark (SPEC §7): 10 M canonical CSV rows through `reform ingest dossiers`
# against DuckDB's own CREATE TABLE … AS SELECT * FROM read_csv(…) of the same file, side by
# side in one run; prints both times, the ratio and peak RSS (recorded in BENCHMARKS.md).
.PHONY: bench-ingest
BENCH_TARGETS += bench-ingest

bench-ingest: $(BIN)
	testdata/ingest/bench.sh
