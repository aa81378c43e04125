#!/usr/bin/env bash
# 1 KB cache hits over TLS: Meridian's edge against nginx, side by side in one run, over HTTP/1.1 with
# keep-alive and over HTTP/2.
#
# Both serve the same certificate (an ECDSA P-256 one made for the run with openssl) on loopback: the
# edge a cache hit of the origin stub's /downloads/1KB.bin, nginx the same 1 KB as a static file (the
# cheapest thing it can do). h2load (nghttp2-client) drives each in turn: --h1 for HTTP/1.1 over TLS,
# then HTTP/2 with several streams per connection, several rounds with the order alternating, so drift
# on a shared machine falls on both. Prints requests/s per round, then medians and the ratio
# edge/nginx. Target: >= 1.0x nginx for both. Beside it, requests per CPU-second each server spent
# (user + system time of the edge's JVM, of nginx's workers): on a machine whose other work takes
# varying shares of the cores, that says more steadily which server does the same work for less.
# Each server is first driven for WARMUP seconds per protocol: the edge's request path on the JIT's
# cold code runs at a fraction of its warmed-up rate.
#
# Usage: perf/edge-tls-vs-nginx.sh   (env: ROUNDS=5 DURATION=10 WARMUP=20 CONNECTIONS=64 STREAMS=10 THREADS=2
#                                      BENCH_ADDR=127.0.0.92 EDGE_JAVA_OPTS="-Xms1g -Xmx1g")
# Needs root (or sudo) once, to apt-get install nghttp2-client and nginx when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
addr="${BENCH_ADDR:-127.0.0.92}"
origin_port=18181
edge_http_port=18180
edge_https_port=18443
edge_admin_port=19180
nginx_port=18543
rounds="${ROUNDS:-5}"
duration="${DURATION:-10}"
warmup="${WARMUP:-20}"
connections="${CONNECTIONS:-64}"
streams="${STREAMS:-10}"
threads="${THREADS:-2}"
java_opts="${EDGE_JAVA_OPTS:--Xms1g -Xmx1g}"
host=acme.cdn.test
object=/downloads/1KB.bin

# shellcheck source=perf/peers.sh
source "$root/perf/peers.sh"

wait_https() { # url
  local i
  for i in $(seq 1 150); do
    curl -sk -o /dev/null -H "Host: $host" "$1" && return 0
    sleep 0.2
  done
  say "not answering: $1"
  exit 1
}

install_missing h2load:nghttp2-client nginx:nginx-light openssl:openssl
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
for p in $origin_port $edge_http_port $edge_https_port $edge_admin_port $nginx_port; do
  port_free "$addr" "$p" || { say "$addr:$p is in use; set BENCH_ADDR to another loopback address"; exit 1; }
done

jar="$root/cli/target/meridian.jar"
# package, never install: nothing of Meridian's goes into ~/.m2.
if ! (cd "$root" && ./mvnw -q -B -pl cli -am package -DskipTests) >"$work/build.log" 2>&1; then
  [ -f "$jar" ] || { cat "$work/build.log" >&2; exit 1; }
  say "warning: the build failed (see below); measuring the existing $jar"
  grep -m3 ERROR "$work/build.log" >&2 || true
fi

# One certificate for both: PKCS#8 key (what OpenSSL 3 writes), as the edge reads it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=$host" \
  -addext "subjectAltName=DNS:$host" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

java -jar "$jar" origin-stub --listen "$addr:$origin_port" >"$work/origin.log" 2>&1 &
pids+=($!)

cat >"$work/bench.yaml" <<EOF
pops:
  - id: bench
    edge:
      http: "$addr:$edge_http_port"
      https: "$addr:$edge_https_port"
      admin: "$addr:$edge_admin_port"
      tls: { certificate: "$work/cert.pem", key: "$work/key.pem" }
    cache: { memory: 512MB, maxObjectSize: 16MB }
customers:
  - id: acme
    properties:
      - host: $host
        origins: [ { host: www.acme.test, url: "http://$addr:$origin_port" } ]
EOF
# shellcheck disable=SC2086
java $java_opts -jar "$jar" edge --pop bench -c "$work/bench.yaml" >"$work/edge-access.log" 2>"$work/edge.log" &
pids+=($!)
edge_pid=$!

mkdir -p "$work/nginx/www/downloads" "$work/nginx/tmp"
chmod 0755 "$work" "$work/nginx" "$work/nginx/www" "$work/nginx/www/downloads"
chmod 0777 "$work/nginx/tmp"
chmod 0644 "$work/cert.pem" "$work/key.pem"
{ nginx_main; cat <<EOF
  server {
    listen $addr:$nginx_port ssl http2;
    server_name $host;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $work/nginx/www;
  }
}
EOF
} >"$work/nginx/nginx.conf"
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)
nginx_pid=$!

wait_https "http://$addr:$origin_port/health"
wait_https "https://$addr:$edge_https_port/health"
wait_https "https://$addr:$nginx_port/"
curl -s -o "$work/nginx/www$object" -H "Host: $host" "http://$addr:$origin_port$object"
chmod 0644 "$work/nginx/www$object"

declare -A base=([edge]="https://$addr:$edge_https_port" [nginx]="https://$addr:$nginx_port")

status="$(curl -sk -o /dev/null -D - -H "Host: $host" "${base[edge]}$object" >/dev/null;
          curl -sk -o /dev/null -D - -H "Host: $host" "${base[edge]}$object" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache"{print $2}')"
[ "$status" = HIT ] || { say "the edge never served $object from cache (X-Cache: $status)"; exit 1; }
size="$(curl -sk -H "Host: $host" "${base[nginx]}$object" | wc -c)"
[ "$size" -eq 1024 ] || { say "nginx serves $size bytes for $object, not 1024"; exit 1; }

load() { # protocol server seconds -> h2load output
  local extra=(-m "$streams")
  [ "$1" = h1 ] && extra=(--h1 -m 1)
  h2load "${extra[@]}" -t "$threads" -c "$connections" -D "$3" -H ":authority: $host" "${base[$2]}$object"
}

cpu_ticks() { # pid... -> user + system clock ticks they have used
  local pid t=0
  for pid in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$t"
}

measure() { # protocol server -> "req/s requests-per-cpu-second"
  local procs before after
  procs=("$edge_pid")
  [ "$2" = nginx ] && mapfile -t procs < <(pgrep -P "$nginx_pid")
  before=$(cpu_ticks "${procs[@]}")
  load "$1" "$2" "$duration" >"$work/h2load.out"
  after=$(cpu_ticks "${procs[@]}")
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    /^finished in/ { gsub(",", ""); for (i = 1; i <= NF; i++) if ($(i + 1) == "req/s") rps = $i }
    /^requests:/ { done = $8; if ($0 !~ / 0 failed, 0 errored/) print "h2load: " $0 > "/dev/stderr" }
    /^status codes:/ { if ($0 !~ / 0 3xx, 0 4xx, 0 5xx/) print "h2load: " $0 > "/dev/stderr" }
    END { printf "%.0f %.0f\n", rps, (ticks > 0 ? done * hz / ticks : 0) }' "$work/h2load.out"
}

for protocol in h1 h2; do
  for server in edge nginx; do
    load "$protocol" "$server" "$warmup" >/dev/null
  done
done

cat <<EOF
edge vs nginx, 1 KB hits over TLS: $connections connections, h2load $threads threads ($streams streams per HTTP/2 connection), ${duration}s x $rounds rounds
machine: $(nproc) cores, shared with other work (figures are noisy); edge JVM: $java_opts ($(java -version 2>&1 | head -1)); nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///'); $(openssl version | cut -d' ' -f1-2)
cipher: edge $(curl -skv -o /dev/null "${base[edge]}/health" 2>&1 | sed -n 's/.*SSL connection using //p'), nginx $(curl -skv -o /dev/null "${base[nginx]}/" 2>&1 | sed -n 's/.*SSL connection using //p')
EOF
echo "load average (1/5/15 min) before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-9s %-6s %10s %14s\n' round protocol server "req/s" "req/cpu-s"
for round in $(seq 1 "$rounds"); do
  order=(nginx edge)
  [ $((round % 2)) -eq 0 ] && order=(edge nginx)
  for protocol in h1 h2; do
    for server in "${order[@]}"; do
      read -r rps per_cpu < <(measure "$protocol" "$server")
      printf '%-6s %-9s %-6s %10s %14s\n' "$round" "$protocol" "$server" "$rps" "$per_cpu"
      echo "$rps" >>"$work/$server-$protocol.rps"
      echo "$per_cpu" >>"$work/$server-$protocol.cpu"
    done
  done
done

echo
printf '%-20s %11s %11s %7s %-12s %11s %11s %7s\n' "1KB.bin over" "edge req/s" "nginx req/s" ratio target \
  "edge req/cpu-s" "nginx" ratio
for protocol in h1 h2; do
  e="$(median <"$work/edge-$protocol.rps")"
  n="$(median <"$work/nginx-$protocol.rps")"
  ratio="$(awk -v e="$e" -v n="$n" 'BEGIN { printf "%.2f", e / n }')"
  verdict="$(awk -v r="$ratio" 'BEGIN { print (r >= 1.0) ? "met" : "MISSED" }')"
  ec="$(median <"$work/edge-$protocol.cpu")"
  nc="$(median <"$work/nginx-$protocol.cpu")"
  name="HTTP/1.1 keep-alive"
  [ "$protocol" = h2 ] && name="HTTP/2"
  printf '%-20s %11.0f %11.0f %6sx %-12s %11.0f %11.0f %6sx\n' "$name" "$e" "$n" "$ratio" "$verdict(1.0)" \
    "$ec" "$nc" "$(awk -v e="$ec" -v n="$nc" 'BEGIN { printf "%.2f", e / n }')"
done
echo "(medians over $rounds rounds; ratio = edge/nginx requests per second, and per CPU-second of the server)"
echo "load average (1/5/15 min) after the runs: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
