# Hindsight — common tasks. `make demo` and `make test` install what they need.

SWIFT ?= swift
SAMPLE ?= samples/datacentre-managed.md
OUT ?= out
PREFIX ?= /usr/local
SUDO := $(shell if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)

.PHONY: all deps build release demo test test-asan bench fuzz clean install uninstall docs man

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

# On Linux the Swift runtime is linked into the binary, so an installed `hindsight`
# runs without the toolchain (it needs only libcmark).
RELEASE_FLAGS ?= $(if $(filter Linux,$(shell uname)),--static-swift-stdlib)

release: deps
	$(SWIFT) build -c release $(RELEASE_FLAGS)

# Draft a bundled sample into out/: Markdown, HTML and the JSON reconstruction.
demo: build
	@mkdir -p $(OUT)
	$(SWIFT) run --skip-build hindsight draft $(SAMPLE) -o $(OUT)/retrospective.md --html $(OUT)/retrospective.html --force
	$(SWIFT) run --skip-build hindsight analyze $(SAMPLE) --json > $(OUT)/analysis.json
	@echo "Wrote $(OUT)/retrospective.md, $(OUT)/retrospective.html and $(OUT)/analysis.json"

test: deps
	$(SWIFT) test

# The test suite under AddressSanitizer: catches misuse of cmark's C memory, and leaks.
# XCTest is off (the tests use Swift Testing; XCTest's runner leaks on its own); the
# suppressions name the toolchain's known leaks.
test-asan: deps
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt $(SWIFT) test --sanitize=address --scratch-path .build-asan --disable-xctest

# libFuzzer with AddressSanitizer over the readers and renderers (Fuzz/, docs/robustness.md).
# Each target runs FUZZ_SECONDS seconds; a crash stops it, with its input kept in
# Fuzz/.build/artifacts/<target>/. Example: make fuzz FUZZ_SECONDS=1800 FUZZ_TARGETS=front-matter
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= markdown-reader json-importers time-expression front-matter report-renderer report-merge

# SwiftPM hands swiftc the two sanitizers as separate flags, of which swiftc keeps only the
# last (so Swift code got coverage or ASan, depending on the order); -Xswiftc gives both.
FUZZ_BUILD = $(SWIFT) build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address

fuzz: deps
	cd Fuzz && $(FUZZ_BUILD)
	Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Install the release binary, the man page and shell completions under $(PREFIX).
# Templates are compiled into the binary, so nothing else is needed at run time.
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

install: release
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 "$$($(SWIFT) build -c release $(RELEASE_FLAGS) --show-bin-path)/hindsight" $(BINDIR)/hindsight
	install -m 644 docs/hindsight.1 $(MANDIR)/hindsight.1
	$(BINDIR)/hindsight --generate-completion-script bash > $(BASHDIR)/hindsight
	$(BINDIR)/hindsight --generate-completion-script zsh > $(ZSHDIR)/_hindsight
	$(BINDIR)/hindsight --generate-completion-script fish > $(FISHDIR)/hindsight.fish
	@echo "Installed $(BINDIR)/hindsight, its man page and bash, zsh and fish completions"

uninstall:
	rm -f $(BINDIR)/hindsight $(MANDIR)/hindsight.1 $(BASHDIR)/hindsight $(ZSHDIR)/_hindsight $(FISHDIR)/hindsight.fish

# API documentation (DocC). The documentation plugin is a dependency only when
# HINDSIGHT_DOCS is set, so `make test` and CI never build it.
docs: deps
	HINDSIGHT_DOCS=1 $(SWIFT) package --scratch-path .build-docs generate-documentation --target Hindsight --warnings-as-errors

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
	$(SWIFT) build -c release $(RELEASE_FLAGS)
	cd Benchmarks && HINDSIGHT_BENCH_INPUTS=$(CURDIR)/$(BENCH_INPUTS) $(SWIFT) package --scratch-path .build benchmark --no-progress
	python3 scripts/bench-compare.py --hindsight .build/release/hindsight --inputs $(BENCH_INPUTS)

clean:
	rm -rf .build .build-asan .build-docs Fuzz/.build $(OUT)
