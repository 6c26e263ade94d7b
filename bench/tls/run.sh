#!/usr/bin/env bash
# wrk over HTTPS (TLS 1.3) against dualgate and against nginx with the same certificate, same run:
# keep-alive, and with `Connection: close` (a full handshake per request). See README.md.
#   bash bench/tls/run.sh                 DURATION=10 CONNECTIONS=64 THREADS=2 ROUNDS=2 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH:/usr/sbin"
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (apt-get install wrk nginx-light)"; exit 1; }

BINARY=${DUALGATE_BINARY:-$PWD/.build/release/dualgate}
if [ -z "${DUALGATE_BINARY:-}" ]; then
    # The README's run command's build (Swift runtime linked in by Package.swift), as bench/run.sh.
    echo "building: swift build -c release --product dualgate"
    swift build -c release --product dualgate 2>&1 | tail -1
fi

WORK=$(mktemp -d /tmp/dualgate-tls-bench.XXXXXX)
cleanup() {
    [ -n "${DG_PID:-}" ] && kill "$DG_PID" 2>/dev/null || true
    [ -f "$WORK/nginx.pid" ] && kill -QUIT "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    sleep 0.5; rm -rf "$WORK"
}
trap cleanup EXIT

# One P-256 certificate for both servers (IP SAN: wrk does not verify, but the same bytes cross).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
    -days 2 -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
chmod 600 "$WORK/key.pem"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# dualgate: /healthz is its cheapest answer; nginx gives one of the same size and status.
"$BINARY" serve --port 0 --threads 2 --db "$WORK/db.sqlite" --tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem" \
    > "$WORK/dualgate.out" 2> "$WORK/dualgate.err" &
DG_PID=$!
for _ in $(seq 50); do grep -q 'listening on https' "$WORK/dualgate.out" 2>/dev/null && break; sleep 0.1; done
DG_PORT=$(grep -o 'https://127.0.0.1:[0-9]*' "$WORK/dualgate.out" | cut -d: -f3)
BODY=$(curl -s --cacert "$WORK/cert.pem" "https://127.0.0.1:$DG_PORT/healthz")
TYPE=$(curl -s -o /dev/null -w '%{content_type}' --cacert "$WORK/cert.pem" "https://127.0.0.1:$DG_PORT/healthz")

NG_PORT=$(free_port)
mkdir -p "$WORK/nginx-temp"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx-temp; proxy_temp_path $WORK/nginx-temp; fastcgi_temp_path $WORK/nginx-temp;
    uwsgi_temp_path $WORK/nginx-temp; scgi_temp_path $WORK/nginx-temp;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$NG_PORT ssl;
        ssl_certificate $WORK/cert.pem; ssl_certificate_key $WORK/key.pem;
        ssl_protocols TLSv1.3;
        location / { default_type "$TYPE"; return 200 '$BODY'; }
    }
}
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK/"
sleep 0.3
# The ceiling must give dualgate's own answer (status, type, body), or the ratio means nothing.
answer() { curl -s -k -o - -w ' %{http_code} %{content_type}' "$1"; }
[ "$(answer "https://127.0.0.1:$DG_PORT/healthz")" = "$(answer "https://127.0.0.1:$NG_PORT/healthz")" ] \
    || { echo "nginx does not give dualgate's answer: $(answer "https://127.0.0.1:$NG_PORT/healthz")"; exit 1; }

run() {   # name url extra-args…: prints req/s
    local url=$1; shift
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "$@" "$url" | awk '/Requests\/sec/ {print $2}'
}
echo "TLS 1.3, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, GET /healthz, dualgate --threads 2 vs nginx worker_processes 2; $(git rev-parse --short HEAD)"
printf '%-12s %-22s %12s %12s %8s\n' round mode dualgate nginx ratio
for round in $(seq "$ROUNDS"); do
    for mode in keep-alive close; do
        extra=(); [ "$mode" = close ] && extra=(-H 'Connection: close')
        # dualgate speaks TLS 1.3 to wrk as nginx does (both offer 1.3; wrk's OpenSSL picks it).
        d=$(run "https://127.0.0.1:$DG_PORT/healthz" "${extra[@]}")
        n=$(run "https://127.0.0.1:$NG_PORT/healthz" "${extra[@]}")
        printf '%-12s %-22s %12s %12s %8s\n' "$round" "$mode" "$d" "$n" "$(python3 -c "print(f'{$d/$n:.2f}')")"
    done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
