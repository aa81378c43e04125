#!/usr/bin/env bash
# Speed-aware image delivery through one edge:
#  1. throughput of rendition cache hits (the low-class rendition of the 2 MP test photo, kept in the
#     rendition store) against plain cache hits of an object of exactly the same size, same edge, same
#     request headers, several rounds alternating the order; target >= 0.95x;
#  2. latency (median, p99) of cold renditions under 8 concurrent clients: every request names a new
#     original (?v=N under an on-the-fly path), so each one is an origin fill from a local origin plus
#     a render, nothing kept.
# The origin is python3's http.server over a temp dir holding ../shared/testdata/images/large.jpg
# (1920x1080) and the same-size plain object. Uses bin/meridian's jar and wrk (installed from Debian
# when missing), like perf/edge-vs-nginx.sh.
#
# Two options take the hit figure apart:
#   CONTROL=1  adds a third object: the plain one, with one extra origin header that makes its response
#              head exactly as long as the rendition's. Its ratio to plain is what the rendition's extra
#              header bytes cost (the edge writes them, wrk parses them, on the same cores); the
#              rendition's ratio to it is the cost of the rendition path's own work.
#   PIN=1      runs the edge on CPU 0 and wrk on CPU 1, so neither takes the other's core: how the
#              scheduler interleaves them swings req/s by +-8% between rounds here. wrk's core is then
#              nearly as busy as the edge's, so header bytes cost on both sides still.
#
# Usage: perf/images-renditions.sh   (env: ROUNDS=5 DURATION=10s CONNECTIONS=64 COLD_DURATION=20s
#                                     BENCH_ADDR=127.0.0.92 CONTROL=0 PIN=0)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
photo="${PHOTO:-$root/../shared/testdata/images/large.jpg}"
addr="${BENCH_ADDR:-127.0.0.92}"
origin_port=18181 edge_port=18180 admin_port=19180
rounds="${ROUNDS:-5}" duration="${DURATION:-10s}" connections="${CONNECTIONS:-64}" cold_duration="${COLD_DURATION:-20s}"
java_opts="${EDGE_JAVA_OPTS:--Xms1g -Xmx1g}"
edge_cpu=() wrk_cpu=()
if [ "${PIN:-0}" = 1 ]; then edge_cpu=(taskset -c 0) wrk_cpu=(taskset -c 1); fi
say() { printf '%s\n' "$*" >&2; }

[ -f "$photo" ] || { say "no test photo at $photo (set PHOTO)"; exit 1; }
if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

work="$(mktemp -d -t images-renditions.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # url
  for _ in $(seq 1 150); do curl -s -o /dev/null -H 'Host: acme.cdn.test' "$1" && return 0; sleep 0.2; done
  say "not answering: $1"; exit 1
}

jar="$root/cli/target/meridian.jar"
if ! "$root/bin/meridian" --version >/dev/null 2>"$work/build.log"; then
  [ -f "$jar" ] || { cat "$work/build.log" >&2; exit 1; }
  say "warning: the build failed; measuring the existing $jar"
fi

mkdir -p "$work/site/images" "$work/site/otf"
cp "$photo" "$work/site/images/photo.jpg"
cp "$photo" "$work/site/otf/photo.jpg"
# python's static file server; a file with a "<file>.headers" beside it also gets those header lines.
cat >"$work/origin.py" <<'PY'
import http.server, os, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        extra = self.translate_path(self.path) + ".headers"
        if os.path.isfile(extra):
            for line in open(extra):
                name, _, value = line.rstrip("\n").partition(": ")
                self.send_header(name, value)
        super().end_headers()
http.server.ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])), Handler).serve_forever()
PY
(cd "$work/site" && exec python3 "$work/origin.py" "$addr" "$origin_port") >"$work/origin.log" 2>&1 &
pids+=($!)

cat >"$work/bench.yaml" <<YAML
pops:
  - id: bench
    edge: { http: "$addr:$edge_port", admin: "$addr:$admin_port" }
    cache: { memory: 512MB, maxObjectSize: 16MB }
customers:
  - id: acme
    properties:
      - host: acme.cdn.test
        origins: [ { host: www.acme.test, url: "http://$addr:$origin_port" } ]
        defaultTtl: 1h
        images:
          mode: hybrid
          delivery: [ { prefix: /otf/, mode: on-the-fly } ]
YAML
# shellcheck disable=SC2086
"${edge_cpu[@]}" java --enable-native-access=ALL-UNNAMED $java_opts -jar "$jar" edge --pop bench -c "$work/bench.yaml" >"$work/edge-access.log" 2>"$work/edge.log" &
pids+=($!)
wait_http "http://$addr:$origin_port/images/photo.jpg"
wait_http "http://$addr:$edge_port/images/photo.jpg"

cookie="mrdn_speed=100.low.$(date +%s)"
base="http://$addr:$edge_port"
curl -s -H 'Host: acme.cdn.test' -H "Cookie: $cookie" -o "$work/low.jpg" -D "$work/low.h" "$base/images/photo.jpg"
grep -qi '^x-meridian-speed: low; source=cookie' "$work/low.h" || { say "no low rendition:"; cat "$work/low.h" >&2; exit 1; }
size="$(stat -c %s "$work/low.jpg")"
# The plain object: random bytes of the rendition's exact size, an old mtime so it stays fresh.
head -c "$size" /dev/urandom >"$work/site/images/plain.bin"
touch -d '2020-01-01' "$work/site/images/plain.bin" "$work/site/images/photo.jpg" "$work/site/otf/photo.jpg"
for _ in 1 2 3; do
  curl -s -o /dev/null -H 'Host: acme.cdn.test' -H "Cookie: $cookie" "$base/images/plain.bin"
  curl -s -o /dev/null -H 'Host: acme.cdn.test' -H "Cookie: $cookie" "$base/images/photo.jpg"
done
head_of() { curl -s -o /dev/null -D "$work/$2.head" -H 'Host: acme.cdn.test' -H "Cookie: $cookie" "$base$1"; }
field() { tr -d '\r' <"$work/$1.head" | awk -F': ' -v f="$2" 'tolower($1)==f {print $2}'; }
head_of /images/plain.bin plain; head_of /images/photo.jpg rendition
[ "$(field plain x-cache)" = HIT ] || { say "plain object is not a cache hit (X-Cache: $(field plain x-cache))"; exit 1; }
case "$(field rendition x-meridian-rendition)" in hit*) ;; *)
  say "rendition is not a store hit (X-Meridian-Rendition: $(field rendition x-meridian-rendition))"; exit 1 ;; esac
kinds=(plain rendition)
if [ "${CONTROL:-0}" = 1 ]; then
  # One header line of the length that makes up the difference ("X-Pad: " and CRLF are 9 bytes of it).
  pad=$(( $(wc -c <"$work/rendition.head") - $(wc -c <"$work/plain.head") - 9 ))
  [ "$pad" -gt 0 ] || { say "the rendition's response head is not longer than the plain one's"; exit 1; }
  cp -p "$work/site/images/plain.bin" "$work/site/images/padded.bin"
  printf 'X-Pad: %s\n' "$(head -c "$pad" /dev/zero | tr '\0' x)" >"$work/site/images/padded.bin.headers"
  for _ in 1 2 3; do curl -s -o /dev/null -H 'Host: acme.cdn.test' -H "Cookie: $cookie" "$base/images/padded.bin"; done
  head_of /images/padded.bin padded
  [ "$(wc -c <"$work/padded.head")" -eq "$(wc -c <"$work/rendition.head")" ] \
    || { say "the padded response head is not the rendition's length:"; cat "$work/padded.head" "$work/rendition.head" >&2; exit 1; }
  kinds+=(padded)
fi

measure() { # path -> "rps p99ms"
  "${wrk_cpu[@]}" wrk -t 2 -c "$connections" -d "$duration" --latency -H 'Host: acme.cdn.test' -H "Cookie: $cookie" "$base$1" \
    | awk '/^Requests\/sec:/ { rps = $2 }
           $1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                         ms = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }
           /Non-2xx or 3xx responses|Socket errors/ { print "wrk: " $0 > "/dev/stderr" }
           END { printf "%.0f %.2f\n", rps, ms }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

path_of() { case "$1" in rendition) echo /images/photo.jpg ;; *) echo "/images/$1.bin" ;; esac; }
# Warm the hot paths (JIT) before measuring.
for kind in "${kinds[@]}"; do measure "$(path_of "$kind")" >/dev/null; done

cat <<TXT
rendition hits vs plain hits of the same size ($size bytes; low rendition of $(basename "$photo")):
$connections connections, keep-alive, wrk 2 threads, $duration x $rounds rounds; $(nproc) cores shared with other work (noisy)
TXT
[ "${PIN:-0}" = 1 ] && echo "pinned: the edge on CPU 0, wrk on CPU 1"
[ "${CONTROL:-0}" = 1 ] && echo "padded: the plain object with its response head as long as the rendition's ($(wc -c <"$work/rendition.head") bytes, plain $(wc -c <"$work/plain.head"))"
printf '%-6s %-10s %10s %10s\n' round kind "req/s" "p99 ms"
for round in $(seq 1 "$rounds"); do
  # Each round starts with the next kind, so none is always measured first.
  order=()
  for i in "${!kinds[@]}"; do order+=("${kinds[$(( (i + round - 1) % ${#kinds[@]} ))]}"); done
  for kind in "${order[@]}"; do
    read -r rps p99 < <(measure "$(path_of "$kind")")
    printf '%-6s %-10s %10s %10s\n' "$round" "$kind" "$rps" "$p99"
    echo "$rps" >>"$work/$kind.rps"; echo "$p99" >>"$work/$kind.p99"
  done
done
r="$(median <"$work/rendition.rps")" p="$(median <"$work/plain.rps")"
ratio="$(awk -v r="$r" -v p="$p" 'BEGIN { printf "%.2f", r / p }')"
printf 'median: rendition %.0f req/s (p99 %s ms), plain %.0f req/s (p99 %s ms), ratio %sx (target 0.95x: %s)\n' \
  "$r" "$(median <"$work/rendition.p99")" "$p" "$(median <"$work/plain.p99")" "$ratio" \
  "$(awk -v x="$ratio" 'BEGIN { print (x >= 0.95) ? "met" : "MISSED" }')"
# Each round's own ratio: their spread is this run's noise, which a single median ratio hides.
paste "$work/rendition.rps" "$work/plain.rps" | awk '{ printf "%.3f\n", $1 / $2 }' >"$work/paired"
printf 'per-round rendition/plain: median %.2fx, range %.2fx to %.2fx\n' "$(median <"$work/paired")" \
  "$(sort -g "$work/paired" | head -1)" "$(sort -g "$work/paired" | tail -1)"
if [ "${CONTROL:-0}" = 1 ]; then
  c="$(median <"$work/padded.rps")"
  printf 'control: padded %.0f req/s; padded/plain %sx (the extra header bytes), rendition/padded %sx (the rendition path)\n' "$c" \
    "$(awk -v c="$c" -v p="$p" 'BEGIN { printf "%.2f", c / p }')" "$(awk -v r="$r" -v c="$c" 'BEGIN { printf "%.2f", r / c }')"
fi

# Cold renditions: a new original per request (thread id + counter), on-the-fly so nothing is kept.
cat >"$work/cold.lua" <<'LUA'
local counter, id = 0, 0
local threads = {}
function setup(thread) id = id + 1; thread:set("id", id) end
function request()
  counter = counter + 1
  return wrk.format(nil, "/otf/photo.jpg?v=" .. id .. "-" .. counter)
end
LUA
echo
echo "cold renditions (fill from a local origin + decode + resize + encode, low class) under 8 concurrent clients, $cold_duration:"
"${wrk_cpu[@]}" wrk -t 2 -c 8 -d "$cold_duration" --timeout 30s --latency -s "$work/cold.lua" -H 'Host: acme.cdn.test' -H "Cookie: $cookie" "$base" \
  | awk '/^Requests\/sec:/ { print "  requests/s: " $2 }
         $1 == "50%" { print "  median latency: " $2 }
         $1 == "99%" { print "  p99 latency: " $2 }
         /requests in/ { print "  " $0 }
         /Non-2xx or 3xx responses|Socket errors/ { print "  wrk: " $0 }'
curl -s -o /dev/null -D - -H 'Host: acme.cdn.test' -H "Cookie: $cookie" "$base/otf/photo.jpg?v=check" | tr -d '\r' \
  | grep -i '^x-meridian-rendition' | sed 's/^/  last cold request: /'
