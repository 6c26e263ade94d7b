#!/usr/bin/env bash
# dualgate vs a static nginx (the fair ceiling) on the same machine, same run: see bench/README.md.
#   PAIRS=5 bash bench/run.sh           the figures that count (about 18 minutes once built; default PAIRS=3)
#   DURATION=3 PAIRS=1 bash bench/run.sh   quick look (also appended to RESULTS.md; RUN_NOTE= labels it)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH:/usr/sbin"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v valgrind >/dev/null || need+=(valgrind)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

# The Swift runtime and Foundation linked in statically: only the pages the server touches are
# resident (idle RSS about 17 MB instead of 24 MB with the shared libraries). Its own build
# directory, so that it does not fight the ordinary release build over .build/.
echo "building: swift build -c release --static-swift-stdlib --scratch-path .build-static at $(git rev-parse --short HEAD)"
swift build -c release --static-swift-stdlib --scratch-path .build-static 2>&1 | tail -1
export DUALGATE_BINARY="$PWD/.build-static/release/dualgate"
# bench.py prints and records the build it measures (commit, release, static or shared runtime).
exec python3 bench/bench.py "$@"
