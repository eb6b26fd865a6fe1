#!/usr/bin/env bash
# Runs each libFuzzer target for FUZZ_SECONDS (default 60), one after another:
#   Fuzz/run.sh [seconds] [target ...]     targets: markdown-reader json-importers
#   time-expression front-matter report-renderer report-merge (default: all)
# Expects the targets built in Fuzz/ with both sanitizers (make fuzz does it; see the
# Makefile for why -Xswiftc -sanitize=fuzzer,address is needed). New inputs go to .build/corpus/<target>/, crashes to .build/artifacts/<target>/,
# the log to .build/logs/<target>.log; the seeds in Corpus/<target>/ are read, never written.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-${FUZZ_SECONDS:-60}}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(markdown-reader json-importers time-expression front-matter report-renderer report-merge)
export SWIFT_BACKTRACE=enable=no
status=0
for target in "${targets[@]}"; do
    executable=.build/debug/Fuzz$(echo "$target" | sed -E 's/(^|-)([a-z])/\U\2/g' | sed 's/Json/JSON/')
    [ -x "$executable" ] || { echo "fuzz: $executable not built; run make fuzz" >&2; exit 2; }
    mkdir -p ".build/corpus/$target" ".build/artifacts/$target" .build/logs
    echo "fuzz: $target for ${seconds}s" >&2
    if ! "$executable" ".build/corpus/$target" "Corpus/$target" \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix=".build/artifacts/$target/" > ".build/logs/$target.log" 2>&1; then
        echo "fuzz: $target FOUND A CRASH: see Fuzz/.build/logs/$target.log and Fuzz/.build/artifacts/$target/" >&2
        status=1
    fi
    grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' ".build/logs/$target.log" >&2 || true
    # One line per run, kept across runs: when, how long, how many inputs.
    runs=$(grep -E '^stat::number_of_executed_units' ".build/logs/$target.log" | awk '{print $2}')
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $target seconds=$seconds inputs=${runs:-?} corpus=$(ls ".build/corpus/$target" | wc -l)" >> .build/logs/history.txt
done
exit $status
