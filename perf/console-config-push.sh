#!/usr/bin/env bash
# Two-phase config push latency: a console, three POPs (127.0.0.11-13) and the GTM on loopback, each its
# own process as in production; N pushes that change a property's default TTL, each timed by the
# console from the request to the last node's switch. Prints p50/p90/max against the target (p50 < 1 s).
#   perf/console-config-push.sh [pushes]     (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
source perf/peers.sh
pushes="${1:-30}"
meridian=bin/meridian
$meridian --version >/dev/null    # builds the CLI if needed, before anything is timed

for port in 18090 15353 19053; do port_free 127.0.0.1 "$port" || { say "port $port is taken"; exit 1; }; done
for ip in 127.0.0.11 127.0.0.12 127.0.0.13; do
  port_free "$ip" 18080 && port_free "$ip" 19080 || { say "$ip:18080 or :19080 is taken"; exit 1; }
done

config() {
  cat <<YAML
dns: { zone: cdn.test, listen: 127.0.0.1:15353, admin: 127.0.0.1:19053, stateDir: "$work/gtm" }
pops:
  - { id: sjc, edge: { http: 127.0.0.11:18080, admin: 127.0.0.11:19080 }, cache: { memory: 64MB } }
  - { id: iad, edge: { http: 127.0.0.12:18080, admin: 127.0.0.12:19080 }, cache: { memory: 64MB } }
  - { id: fra, edge: { http: 127.0.0.13:18080, admin: 127.0.0.13:19080 }, cache: { memory: 64MB } }
operatorTokens: [ "perf-operator-token-0000" ]
customers:
  - id: acme
    properties:
      - host: acme.cdn.test
        origins: [ { host: www.acme.test, url: "http://127.0.0.1:18081" } ]
        defaultTtl: $1
console:
  listen: 127.0.0.1:18090
  stateDir: "$work/console"
  push: { nodeStateDir: "$work/nodes", checkEvery: 2s }
  nodes:
    - { id: sjc, role: edge, token: perf-node-token-sjc-000 }
    - { id: iad, role: edge, token: perf-node-token-iad-000 }
    - { id: fra, role: edge, token: perf-node-token-fra-000 }
    - { id: gtm, role: gtm, token: perf-node-token-gtm-000 }
YAML
}
config 1s > "$work/meridian.yaml"

$meridian console -c "$work/meridian.yaml" > "$work/console.log" 2>&1 & pids+=($!)
for pop in sjc iad fra; do
  $meridian edge --pop "$pop" -c "$work/meridian.yaml" > "$work/$pop.log" 2>&1 & pids+=($!)
done
$meridian gtm -c "$work/meridian.yaml" > "$work/gtm.log" 2>&1 & pids+=($!)

say "waiting for the four nodes to register"
for _ in $(seq 1 120); do
  registered=$(curl -s -H "Authorization: Bearer perf-operator-token-0000" http://127.0.0.1:18090/v1/nodes \
    | grep -o '"id"' | wc -l || true)
  [ "$registered" -ge 4 ] && break
  sleep 1
done
[ "$registered" -ge 4 ] || { say "only $registered nodes registered; logs in $work"; tail -n 20 "$work"/*.log >&2; exit 1; }

: > "$work/times"
for i in $(seq 1 "$pushes"); do
  config "$((i % 2 * 30 + 30))s" > "$work/push.yaml"
  # Timed by the console (the CLI's JVM start is not part of a push).
  curl -s -H "Authorization: Bearer perf-operator-token-0000" --data-binary "@$work/push.yaml" \
    http://127.0.0.1:18090/v1/config > "$work/result.json"
  grep -q '"state":"COMMITTED"' "$work/result.json" || { say "push $i did not commit: $(cat "$work/result.json")"; exit 1; }
  grep -o '"elapsedMs":[0-9]*' "$work/result.json" | cut -d: -f2 >> "$work/times"
done

p50=$(median < "$work/times")
p90=$(sort -g "$work/times" | awk '{ a[NR] = $1 } END { print a[int(NR * 0.9 + 0.5)] }')
max=$(sort -g "$work/times" | tail -n 1)
printf 'config push to 3 POPs + GTM, %d pushes: p50 %s ms, p90 %s ms, max %s ms (target: p50 < 1000 ms) %s\n' \
  "$pushes" "$p50" "$p90" "$max" "$(awk -v p="$p50" 'BEGIN { print (p < 1000) ? "MET" : "NOT MET" }')"
