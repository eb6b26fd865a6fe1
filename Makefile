# Hindsight — common tasks. `make demo` and `make test` install what they need.

SWIFT ?= swift
SAMPLE ?= samples/datacentre-managed.md
OUT ?= out
PREFIX ?= /usr/local
SUDO := $(shell if [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then echo sudo; fi)

.PHONY: all deps build release demo test test-asan fuzz clean

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

clean:
	rm -rf .build .build-asan Fuzz/.build $(OUT)
