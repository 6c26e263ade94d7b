#!/usr/bin/env bash
# Fuzz one parser (or all of them in turn) with libFuzzer and address sanitizer.
#   fuzz/run.sh TARGET SECONDS      TARGET: http xmlrpc rest-json rest-form basic-auth wordpress-import, or all
# Builds dualgate-fuzz into .build-fuzz (apart from the ordinary .build), then runs it on a scratch
# copy of fuzz/corpus/TARGET, so the checked-in seeds stay small. Findings (crash-*, oom-*, timeout-*)
# are written to fuzz/findings/TARGET/; the exit status is non-zero if any target found something.
# Environment: FUZZ_JOBS_DIR (scratch corpora, default .build-fuzz/corpus), FUZZ_ARGS (extra libFuzzer flags).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

targets=(http xmlrpc rest-json rest-form basic-auth wordpress-import)
usage() { echo "usage: fuzz/run.sh TARGET|all SECONDS   (targets: ${targets[*]})" >&2; exit 2; }
[ $# -eq 2 ] || usage
[[ "$2" =~ ^[0-9]+$ ]] || usage
if [ "$1" = all ]; then selected=("${targets[@]}"); else
    [[ " ${targets[*]} " == *" $1 "* ]] || usage
    selected=("$1")
fi
seconds=$2

# -parse-as-library is not needed: dualgate-fuzz has no main.swift; with DUALGATE_LIBFUZZER it has no
# @main either, and its `dualgate_fuzz_main` (SwiftPM's entry symbol) hands over to libFuzzer.
echo "building dualgate-fuzz with -sanitize=fuzzer,address into .build-fuzz"
start=$(date +%s)
mkdir -p .build-fuzz
if ! swift build -c debug --scratch-path .build-fuzz --product dualgate-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DDUALGATE_LIBFUZZER >.build-fuzz/build.log 2>&1; then
    grep -E 'error|warning' .build-fuzz/build.log | head -20
    echo "fuzz build failed (log: .build-fuzz/build.log)" >&2
    exit 1
fi
binary=.build-fuzz/debug/dualgate-fuzz
echo "build took $(( $(date +%s) - start )) s"

scratch=${FUZZ_JOBS_DIR:-.build-fuzz/corpus}
failed=()
for target in "${selected[@]}"; do
    mkdir -p "$scratch/$target" "fuzz/findings/$target"
    cp -n fuzz/corpus/"$target"/* "$scratch/$target/" 2>/dev/null || true
    log="$scratch/$target.log"
    echo "== $target: ${seconds}s (log: $log)"
    status=0
    # ASan: leaks are not our concern here (Foundation keeps caches); a trap or overflow is.
    # The Swift runtime's own backtracer is off: libFuzzer reports the trap and saves the input.
    DUALGATE_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 SWIFT_BACKTRACE=enable=no \
        "$binary" "$scratch/$target" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="fuzz/findings/$target/" ${FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
    grep -E '^#[0-9]+.*(DONE|pulse|NEW)' "$log" | tail -1 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" | tr '\n' ' '; echo
    if [ "$status" -ne 0 ]; then
        echo "!! $target: libFuzzer exited $status; see $log and fuzz/findings/$target/"
        grep -E 'ERROR|Fatal error|property violated|SUMMARY' "$log" | head -5 || true
        failed+=("$target")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then echo "fuzz: findings in ${failed[*]}"; exit 1; fi
echo "fuzz: ${#selected[@]} target(s), no findings"
