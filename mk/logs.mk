# Access logs (reform ingest logs, reform logs stats): GoAccess 1.7 for the comparison tests
# and the benchmark.
#
# `make test` installs GoAccess when it is missing (Debian 12 ships 1.7) and stops, loudly,
# when it cannot: under CI=true the GoAccess test (cmd/logs_test.go) fails rather than skips.
#
# `make bench-logs` (part of `make bench`) writes a 500,000-line combined log of the sample
# province, runs GoAccess and `reform ingest logs` on it side by side, five rounds each,
# checks that both give the same totals, and records wall time, CPU time, peak RSS and the
# throughput ratio in the "Access-log ingest" section of BENCHMARKS.md
# (cmd/logs_test.go, TestBenchLogsAgainstGoAccess).
#
# `make bench-logs-parts` runs the Go benchmarks of the pieces, to see where a change
# moves the time: DuckDB's column appender against its row appender on 500,000 rows
# (sql/columnar_test.go), parsing alone and a whole load (ingest/accesslog_bench_test.go,
# on BENCH_LOG when it names a log, else on 200,000 generated lines).
LOGS_SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: goaccess bench-logs bench-logs-parts
TEST_DEPS += goaccess
BENCH_TARGETS += bench-logs

goaccess:
	@if ! command -v goaccess >/dev/null 2>&1; then \
		echo "mk/logs.mk: goaccess is missing: installing Debian's goaccess"; \
		$(LOGS_SUDO) apt-get update && \
		DEBIAN_FRONTEND=noninteractive $(LOGS_SUDO) apt-get install -y goaccess || { \
			echo "mk/logs.mk: ERROR: could not install goaccess with apt-get;" \
			     "the GoAccess comparison test and make bench-logs need it" >&2; exit 1; }; \
		command -v goaccess >/dev/null 2>&1 || { echo "mk/logs.mk: ERROR: apt-get did not install goaccess" >&2; exit 1; }; \
	fi

# BENCH_LOG_LINES and BENCH_LOG_ROUNDS change the size and the number of rounds.
BENCH_LOG_LINES  ?= 500000
BENCH_LOG_ROUNDS ?= 5

bench-logs: $(ECHARTS) goaccess
	REFORM_BENCH_LOGS=1 BENCH_LOG_LINES=$(BENCH_LOG_LINES) BENCH_LOG_ROUNDS=$(BENCH_LOG_ROUNDS) \
		$(GO) test ./cmd -run '^TestBenchLogsAgainstGoAccess$$' -count=1 -v -timeout 60m

BENCH_LOG ?=
bench-logs-parts:
	$(GO) test ./sql -run '^$$' -bench '^BenchmarkAppend500k$$' -benchtime 5x
	REFORM_BENCH_LOG=$(BENCH_LOG) $(GO) test ./ingest -run '^$$' -bench '^Benchmark(ParseChunk|AccessLog)$$' -benchtime 3x
