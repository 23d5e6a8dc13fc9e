# reform — see README.md. `make test` is what CI runs.
GO      ?= go
BIN     := bin/reform
ECHARTS := reports/assets/echarts.min.js

.PHONY: build demo test vet bench clean

# Each feature adds its pieces in mk/*.mk: TEST_DEPS (what `make test` needs installed first)
# and BENCH_TARGETS (side-by-side benchmarks that `make bench` runs and records in BENCHMARKS.md).
TEST_DEPS :=
BENCH_TARGETS :=
-include mk/*.mk

build: $(BIN)

$(BIN): $(ECHARTS) $(shell find . -name '*.go' -o -name '*.sql' -o -name '*.yaml' -o -name '*.csv' -not -path './node_modules/*' 2>/dev/null | grep -v node_modules) go.mod go.sum
	$(GO) build -o $(BIN) ./cmd/reform

# ECharts comes from npm (echarts@5.6.0, pinned in package-lock.json) and is embedded in
# the binary; a rendered bundle never loads anything from the network.
node_modules/echarts/dist/echarts.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(ECHARTS): node_modules/echarts/dist/echarts.min.js
	mkdir -p $(dir $@)
	cp $< $@

demo: build
	./$(BIN) demo

vet: $(ECHARTS)
	$(GO) vet ./...

test: $(ECHARTS) $(TEST_DEPS)
	$(GO) vet ./...
	$(GO) test ./...

bench: $(ECHARTS) $(BENCH_TARGETS)

clean:
	rm -rf bin $(ECHARTS) node_modules
