# Hindsight — common tasks. `make demo` and `make test` install what they need.

SWIFT ?= swift
SAMPLE ?= samples/datacentre-managed.md
OUT ?= out
PREFIX ?= /usr/local
SUDO := $(shell if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)

.PHONY: all deps build release demo test test-asan bench clean

all: build

# libcmark 0.30 (and pkg-config to find it) from the system's package manager.
deps:
	@if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libcmark; then :; \
	elif [ "$$(uname)" = Darwin ]; then \
		echo "hindsight: libcmark not found; run: brew install cmark pkg-config" >&2; exit 1; \
	elif command -v apt-get >/dev/null 2>&1; then \
		echo "hindsight: installing libcmark-dev and pkg-config with apt-get" >&2; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libcmark-dev pkg-config >/dev/null; \
	else \
		echo "hindsight: libcmark not found; install cmark 0.30 (headers and pkg-config file) with your package manager" >&2; exit 1; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Draft a bundled sample into out/: Markdown, HTML and the JSON reconstruction.
demo: build
	@mkdir -p $(OUT)
	$(SWIFT) run --skip-build hindsight draft $(SAMPLE) -o $(OUT)/retrospective.md --html $(OUT)/retrospective.html --force
	$(SWIFT) run --skip-build hindsight analyze $(SAMPLE) --json > $(OUT)/analysis.json
	@echo "Wrote $(OUT)/retrospective.md, $(OUT)/retrospective.html and $(OUT)/analysis.json"

test: deps
	$(SWIFT) test

# The test suite under AddressSanitizer: catches misuse of cmark's C memory.
test-asan: deps
	$(SWIFT) test --sanitize=address --scratch-path .build-asan

# Benchmarks (docs/performance.md): the Benchmarks/ package (ordo-one/benchmark), then
# wall time, memory and linearity side by side with cmark (and pandoc where installed).
# Inputs are generated once (scripts/generate-log.py, seeded) into Benchmarks/.build/inputs.
BENCH_INPUTS ?= Benchmarks/.build/inputs
bench: deps
	@command -v cmark >/dev/null 2>&1 || $(SUDO) apt-get install -y -qq cmark >/dev/null
	@command -v hyperfine >/dev/null 2>&1 || $(SUDO) apt-get install -y -qq hyperfine >/dev/null 2>&1 || echo "bench: hyperfine not installed; timing with a loop instead"
	@for spec in markdown-100.md markdown-10000.md markdown-100000.md pagerduty-50000.json slack-50000 set-1000x100; do \
		kind=$${spec%%-*}; rest=$${spec#*-}; events=$${rest%%.*}; events=$${events#*x}; \
		[ -e $(BENCH_INPUTS)/$$spec ] || { mkdir -p $(BENCH_INPUTS) && \
			python3 scripts/generate-log.py $$kind --events $$events --count 1000 --out $(BENCH_INPUTS)/$$spec; }; \
	done
	$(SWIFT) build -c release
	cd Benchmarks && HINDSIGHT_BENCH_INPUTS=$(CURDIR)/$(BENCH_INPUTS) $(SWIFT) package --scratch-path .build benchmark --no-progress
	python3 scripts/bench-compare.py --hindsight .build/release/hindsight --inputs $(BENCH_INPUTS)

clean:
	rm -rf .build .build-asan $(OUT)
