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
LOGS_SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: goaccess bench-logs
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
