# Dossier ingest benchmark (SPEC §7): 10 M canonical CSV rows through `reform ingest dossiers`
# against DuckDB's own CREATE TABLE … AS SELECT * FROM read_csv(…) of the same file, side by
# side in one run; prints both wall and CPU times, their ratios and peak RSS (recorded in
# BENCHMARKS.md). REFORM=path times another binary; the sample file is kept in the directory.
.PHONY: bench-ingest
BENCH_TARGETS += bench-ingest

bench-ingest: $(BIN)
	testdata/ingest/bench.sh
