#!/usr/bin/env bash
# Issue 18's table, every row with its target (bench/README.md): dualgate against the fair nginx
# ceiling, forwarded, over TLS 1.3, on PostgreSQL against SQLite, RSS, callgrind; unpinned and pinned.
#   bash bench/run.sh                      the figures that count, on a quiet machine (PAIRS=5, ~35 minutes once built)
#   DURATION=2 PAIRS=1 RUN_NOTE="loaded: harness check" bash bench/run.sh    harness check (also appended)
#   ONLY=W1,W3 bash bench/run.sh           quick look, bench.py alone (printed, not appended)
#   CALLGRIND_ONLY=1 bash bench/run.sh     instruction counts only (bench.py)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH:/usr/sbin"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v valgrind >/dev/null || need+=(valgrind)
command -v openssl >/dev/null || need+=(openssl)
command -v taskset >/dev/null || need+=(util-linux)
# The throwaway cluster of the PostgreSQL row (bench/backends.py); libpq comes with it.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

# The build the README's run command makes: `swift run -c release dualgate serve` builds the product
# `dualgate` in release, which Package.swift links with the Swift runtime and Foundation inside
# (-static-stdlib on that target only), so the server measured is the server people run.
if [ -z "${DUALGATE_BINARY:-}" ]; then
    echo "building: swift build -c release --product dualgate at $(git rev-parse --short HEAD) (what swift run -c release dualgate builds)"
    swift build -c release --product dualgate 2>&1 | grep -v "the use of \`mktemp' is dangerous" | tail -1
    export DUALGATE_BINARY="$PWD/.build/release/dualgate"
    export BUILT_WITH="swift build -c release --product dualgate, the README's run command's build"
fi
if ldd "$DUALGATE_BINARY" | grep -q libswiftCore; then
    echo "note: $DUALGATE_BINARY uses the Swift runtime as shared libraries (not the static build the README's command makes here)"
fi

# Quick looks go to bench.py alone, as before.
if [ -n "${ONLY:-}" ] || [ "${CALLGRIND_ONLY:-}" = 1 ]; then
    exec python3 bench/bench.py "$@"
fi
# bench/targets.py runs bench.py, forward/forward.py, tls/w1.py and backends.py, unpinned and pinned,
# prints the table with the targets and appends it to bench/RESULTS.md with the build it measured.
exec python3 bench/targets.py "$@"
