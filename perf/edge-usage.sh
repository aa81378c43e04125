#!/usr/bin/env bash
# What usage accounting costs a cache hit: two edges side by side in one run, the same 1 KB hit from the
# same origin, one counting usage for a console (a console section naming its POP, shipping every 10 s to
# a stub console that accepts every batch) and one without a console section (nothing counted, no thread).
#
# h2load (HTTP/1.1, keep-alive) drives each in turn, several rounds with the order alternating, so drift
# on a shared machine falls on both. Prints requests/s per round, then medians and the ratio on/off.
# Target: >= 0.97x. At the end it prints what the counting edge shipped, from the stub console's log.
#
# Usage: perf/edge-usage.sh            (env: ROUNDS=5 DURATION=10 WARMUP=10 CONNECTIONS=64 THREADS=2 BENCH_ADDR=127.0.0.93)
# Needs root (or sudo) once, to apt-get install h2load and python3 when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
addr="${BENCH_ADDR:-127.0.0.93}"
origin_port=18081
console_port=18089
declare -A http_port=([off]=18080 [on]=18082)
declare -A admin_port=([off]=19080 [on]=19082)
rounds="${ROUNDS:-5}"
duration="${DURATION:-10}"
warmup="${WARMUP:-10}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
java_opts="${EDGE_JAVA_OPTS:--Xms512m -Xmx512m}"
object=/downloads/1KB.bin
host=acme.cdn.test

# shellcheck source=perf/peers.sh
source "$root/perf/peers.sh"

wait_http() { # url
  local i
  for i in $(seq 1 150); do
    curl -s -o /dev/null -H "Host: $host" "$1" && return 0
    sleep 0.2
  done
  say "not answering: $1"
  exit 1
}

install_missing h2load:nghttp2-client python3:python3-minimal
for p in $origin_port $console_port "${http_port[@]}" "${admin_port[@]}"; do
  port_free "$addr" "$p" || { say "$addr:$p is in use; set BENCH_ADDR to another loopback address"; exit 1; }
done

meridian_jar

java -jar "$jar" origin-stub --listen "$addr:$origin_port" >"$work/origin.log" 2>&1 &
pids+=($!)

# The stub console: 200 to every batch, one log line per batch with its size.
cat >"$work/console.py" <<'PY'
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Ingest(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
        print("batch", self.path, len(body), "bytes", flush=True)

    def log_message(self, *args):
        pass

ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])), Ingest).serve_forever()
PY
python3 "$work/console.py" "$addr" "$console_port" >"$work/console.log" 2>&1 &
pids+=($!)

for mode in off on; do
  cat >"$work/$mode.yaml" <<EOF
pops:
  - id: bench
    edge: { http: "$addr:${http_port[$mode]}", admin: "$addr:${admin_port[$mode]}" }
    cache: { memory: 256MB, maxObjectSize: 16MB }
customers:
  - id: acme
    properties:
      - host: $host
        origins: [ { host: www.acme.test, url: "http://$addr:$origin_port" } ]
EOF
  if [ "$mode" = on ]; then
    cat >>"$work/$mode.yaml" <<EOF
console:
  url: "http://$addr:$console_port"
  nodes:
    - { id: bench, role: EDGE, token: "bench-node-token-0123456789" }
  usage: { shipEvery: 10s, spoolDir: "$work/spool" }
EOF
  fi
  # shellcheck disable=SC2086
  java $java_opts -jar "$jar" edge --pop bench -c "$work/$mode.yaml" >"$work/$mode-access.log" 2>"$work/$mode.log" &
  pids+=($!)
done

wait_http "http://$addr:$origin_port/health"
declare -A base
for mode in off on; do
  base[$mode]="http://$addr:${http_port[$mode]}"
  wait_http "${base[$mode]}/health"
  curl -s -o /dev/null -H "Host: $host" "${base[$mode]}$object"
  status="$(curl -s -o /dev/null -D - -H "Host: $host" "${base[$mode]}$object" | tr -d '\r' \
    | awk -F': ' 'tolower($1)=="x-cache"{print $2}')"
  [ "$status" = HIT ] || { say "edge ($mode) never served $object from cache (X-Cache: $status)"; exit 1; }
done

measure() { # mode seconds -> req/s
  h2load --h1 -m 1 -t "$threads" -c "$connections" -D "$2" -H ":authority: $host" "${base[$1]}$object" | awk '
    /^finished in/ { gsub(",", ""); for (i = 1; i <= NF; i++) if ($(i + 1) == "req/s") rps = $i }
    /^requests:/ { if ($0 !~ / 0 failed, 0 errored/) print "h2load: " $0 > "/dev/stderr" }
    /^status codes:/ { if ($0 !~ / 0 3xx, 0 4xx, 0 5xx/) print "h2load: " $0 > "/dev/stderr" }
    END { printf "%.0f\n", rps }'
}

for mode in off on; do
  measure "$mode" "$warmup" >/dev/null
done

cat <<EOF
edge 1 KB cache hits, usage accounting on vs off: $connections connections, HTTP/1.1 keep-alive, h2load $threads threads, ${duration}s x $rounds rounds
machine: $(nproc) cores, shared with other work (figures are noisy); both edges run throughout; edge JVMs: $java_opts
EOF
printf '%-6s %-5s %10s\n' round usage "req/s"
for round in $(seq 1 "$rounds"); do
  order=(off on)
  [ $((round % 2)) -eq 0 ] && order=(on off)
  for mode in "${order[@]}"; do
    rps="$(measure "$mode" "$duration")"
    printf '%-6s %-5s %10s\n' "$round" "$mode" "$rps"
    echo "$rps" >>"$work/$mode.rps"
  done
done

on="$(median <"$work/on.rps")"
off="$(median <"$work/off.rps")"
ratio="$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.3f", a / b }')"
verdict="$(awk -v r="$ratio" 'BEGIN { print (r >= 0.97) ? "met" : "MISSED" }')"
echo
printf '%-12s %14s %14s %8s %s\n' object "on req/s" "off req/s" ratio target
printf '%-12s %14.0f %14.0f %7sx %s(0.97)\n' 1KB.bin "$on" "$off" "$ratio" "$verdict"
echo "(medians over $rounds rounds; ratio = with usage / without)"
sleep 11  # one more shipping round, so the last minute's batch is in the console's log
echo "the counting edge shipped $(grep -c '^batch' "$work/console.log" || true) batches; its spool and drops (from /metrics):"
curl -s "http://$addr:${admin_port[on]}/metrics" | grep -E '^meridian_usage_' || true
