#!/usr/bin/env bash
# Cache-hit throughput of Meridian's edge against nginx (proxy_cache), side by side in one run.
#
# Both cache the same origin (the origin stub), are warmed until every object is a hit, then wrk
# drives each in turn with keep-alive connections: a 1 KB and a 1 MB object, several rounds with the
# order alternating, so drift on a shared machine falls on both. Prints requests/s and p99 per round,
# then medians and the ratio edge/nginx. Targets: >= 1.0x on 1 KB, >= 0.9x on 1 MB.
#
# Both servers log one access line per request, buffered alike (nginx: buffer=64k flush=200ms; the edge:
# its access log to a file in 64 KB blocks),
# and both get as many I/O threads/processes as the machine has cores.
#
# TIER=disk measures disk hits instead: KEYS (default 200) distinct 100 KB and 1 MB objects, requested
# at random, behind an edge memory tier of 2 MB, so almost every edge hit is read from its disk tier
# (nginx's proxy_cache is on disk anyway). Target >= 0.9x for both sizes.
#
# Usage: perf/edge-vs-nginx.sh            (env: ROUNDS=5 DURATION=10s CONNECTIONS=64 BENCH_ADDR=127.0.0.91 TIER=memory|disk)
# Needs root (or sudo) once, to apt-get install wrk and nginx when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
addr="${BENCH_ADDR:-127.0.0.91}"
origin_port=18081
edge_port=18080
edge_admin_port=19080
nginx_port=18090
rounds="${ROUNDS:-5}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-5s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
java_opts="${EDGE_JAVA_OPTS:--Xms1g -Xmx1g}"
objects=(/downloads/1KB.bin /downloads/1MB.bin)
tier="${TIER:-memory}"
keys="${KEYS:-200}"
if [ "$tier" = disk ]; then
  # KEY becomes 1..$keys: distinct objects, so the working set is far larger than the edge's memory tier.
  objects=("/objects/d100k-KEY?size=102400" "/objects/d1m-KEY?size=1048576")
fi
label() { local l="${1##*/}"; echo "${l%%\?*}"; }

# shellcheck source=perf/peers.sh
source "$root/perf/peers.sh"

wait_http() { # url [host header]
  local i
  for i in $(seq 1 150); do
    curl -s -o /dev/null -H "Host: ${2:-localhost}" "$1" && return 0
    sleep 0.2
  done
  say "not answering: $1"
  exit 1
}

install_missing wrk:wrk nginx:nginx-light
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
for p in $origin_port $edge_port $edge_admin_port $nginx_port; do
  port_free "$addr" "$p" || { say "$addr:$p is in use; set BENCH_ADDR to another loopback address"; exit 1; }
done

meridian_jar

java -jar "$jar" origin-stub --listen "$addr:$origin_port" >"$work/origin.log" 2>&1 &
pids+=($!)

cat >"$work/bench.yaml" <<EOF
pops:
  - id: bench
    edge: { http: "$addr:$edge_port", admin: "$addr:$edge_admin_port" }
    cache: $(if [ "$tier" = disk ]; then
      echo "{ memory: 2MB, maxObjectSize: 1536KB, disk: { dir: \"$work/edge-disk\", size: 4GB } }"
    else
      echo "{ memory: 512MB, maxObjectSize: 16MB }"
    fi)
customers:
  - id: acme
    properties:
      - host: acme.cdn.test
        origins: [ { host: www.acme.test, url: "http://$addr:$origin_port" } ]
EOF
# shellcheck disable=SC2086
java $java_opts -jar "$jar" edge --pop bench -c "$work/bench.yaml" >"$work/edge-access.log" 2>"$work/edge.log" &
pids+=($!)

mkdir -p "$work/nginx/cache" "$work/nginx/tmp"
# Run as root, nginx's workers drop to an unprivileged user that must reach the cache.
chmod 0755 "$work" "$work/nginx"
chmod 0777 "$work/nginx/cache" "$work/nginx/tmp"
{ nginx_main; cat <<EOF
  proxy_cache_path $work/nginx/cache levels=1:2 keys_zone=bench:32m max_size=1g inactive=1h use_temp_path=off;
  upstream origin { server $addr:$origin_port; keepalive 16; }
  server {
    listen $addr:$nginx_port;
    server_name acme.cdn.test;
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host www.acme.test;
      proxy_cache bench;
      add_header X-Cache \$upstream_cache_status;
    }
  }
}
EOF
} >"$work/nginx/nginx.conf"
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)

wait_http "http://$addr:$origin_port/health"
wait_http "http://$addr:$edge_port/health" acme.cdn.test
wait_http "http://$addr:$nginx_port/health" acme.cdn.test

declare -A base=([edge]="http://$addr:$edge_port" [nginx]="http://$addr:$nginx_port")

# Picks one of the KEYS objects at random per request (disk tier runs).
cat >"$work/keys.lua" <<'LUA'
local pattern, keys = os.getenv("WRK_PATH"), tonumber(os.getenv("WRK_KEYS"))
request = function() return wrk.format(nil, (pattern:gsub("KEY", tostring(math.random(keys))))) end
LUA
wrk_target() { # server object -> wrk arguments
  if [ "$tier" = disk ]; then
    echo "-s $work/keys.lua ${base[$1]}${2/KEY/1}"
  else
    echo "${base[$1]}$2"
  fi
}

# Warm both caches until each object is a hit, then let each server's hot path settle (JIT, page cache).
for server in edge nginx; do
  for object in "${objects[@]}"; do
    for key in $(if [ "$tier" = disk ]; then seq 1 "$keys"; else echo 1; fi); do
      url="${base[$server]}${object/KEY/$key}"
      status=""
      for i in $(seq 1 20); do
        status="$(curl -s -o /dev/null -D - -H 'Host: acme.cdn.test' "$url" | tr -d '\r' \
          | awk -F': ' 'tolower($1)=="x-cache"{print $2}')"
        [ "$status" = "HIT" ] && break
        sleep 0.1
      done
      [ "$status" = "HIT" ] || { say "$server never served $url from cache (X-Cache: $status)"; exit 1; }
    done
    # shellcheck disable=SC2046
    WRK_PATH="$object" WRK_KEYS="$keys" wrk -t "$threads" -c "$connections" -d "$warmup" -H 'Host: acme.cdn.test' \
      $(wrk_target "$server" "$object") >/dev/null
  done
done

measure() { # server object -> "rps p99ms"
  # shellcheck disable=SC2046
  WRK_PATH="$2" WRK_KEYS="$keys" wrk -t "$threads" -c "$connections" -d "$duration" --latency -H 'Host: acme.cdn.test' \
    $(wrk_target "$1" "$2") \
    | awk '
        /^Requests\/sec:/ { rps = $2 }
        $1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                      ms = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }
        /Non-2xx or 3xx responses|Socket errors/ { print "wrk: " $0 > "/dev/stderr" }
        END { printf "%.0f %.2f\n", rps, ms }'
}

cat <<EOF
edge vs nginx, $tier-tier cache hits: $connections connections, keep-alive, wrk $threads threads, $duration x $rounds rounds
machine: $(nproc) cores, shared with other work (figures are noisy); edge JVM: $java_opts; nginx $("$nginx_bin" -v 2>&1 | sed 's/.*\///')
EOF
printf '%-6s %-6s %-19s %10s %10s\n' round server object "req/s" "p99 ms"
for round in $(seq 1 "$rounds"); do
  order=(nginx edge)
  [ $((round % 2)) -eq 0 ] && order=(edge nginx)
  for object in "${objects[@]}"; do
    for server in "${order[@]}"; do
      read -r rps p99 < <(measure "$server" "$object")
      printf '%-6s %-6s %-19s %10s %10s\n' "$round" "$server" "$(label "$object")" "$rps" "$p99"
      echo "$rps" >>"$work/$server-$(label "$object").rps"
      echo "$p99" >>"$work/$server-$(label "$object").p99"
    done
  done
done

echo
printf '%-19s %14s %14s %12s %12s %8s %7s\n' object "edge req/s" "nginx req/s" "edge p99 ms" "nginx p99 ms" ratio target
for object in "${objects[@]}"; do
  name="$(label "$object")"
  e="$(median <"$work/edge-$name.rps")"
  n="$(median <"$work/nginx-$name.rps")"
  ep="$(median <"$work/edge-$name.p99")"
  np="$(median <"$work/nginx-$name.p99")"
  target=1.0
  { [ "$name" = "1MB.bin" ] || [ "$tier" = disk ]; } && target=0.9
  ratio="$(awk -v e="$e" -v n="$n" 'BEGIN { printf "%.2f", e / n }')"
  verdict="$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r >= t) ? "met" : "MISSED" }')"
  printf '%-19s %14.0f %14.0f %12s %12s %7sx %s(%s)\n' "$name" "$e" "$n" "$ep" "$np" "$ratio" "$verdict" "$target"
done
echo "(medians over $rounds rounds; ratio = edge/nginx requests per second)"
if [ "$tier" = disk ]; then
  echo "edge tier use over the whole run (from its /metrics):"
  curl -s "http://$addr:$edge_admin_port/metrics" \
    | grep -E '^meridian_edge_(cache_disk_(hits|misses|entries)|cache_memory_entries|requests_total)' | grep -v ' 0.0$' || true
fi
