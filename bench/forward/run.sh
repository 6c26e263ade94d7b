#!/usr/bin/env bash
# Gateway mode: dualgate forwarding an authenticated request to a static nginx upstream, beside
# nginx's own proxy_pass to the same upstream (bench/forward/README.md).
#   bash bench/forward/run.sh               the figures (PAIRS=5 by default; the release build, as bench/run.sh)
#   NGINX_ONLY=1 DURATION=3 PAIRS=1 bash bench/forward/run.sh   the nginx side alone, no build
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH:/usr/sbin"

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

if [ "${NGINX_ONLY:-}" != 1 ] && [ -z "${DUALGATE_BINARY:-}" ]; then
    # The same build as bench/run.sh: the README's run command's (Swift runtime linked in, Package.swift).
    echo "building: swift build -c release --product dualgate at $(git rev-parse --short HEAD)"
    swift build -c release --product dualgate 2>&1 | tail -1
    export DUALGATE_BINARY="$PWD/.build/release/dualgate"
fi
exec python3 bench/forward/forward.py "$@"
