#!/usr/bin/env bash
# Regenerates docs/console-activity.png, the README's picture of the portal's CDN activity page: serves
# the portal pages over a generated day (perf's PortalPageTimes --serve: 3 customers x 4 properties, 3
# POPs, 24 h per minute, ending now) as customer c00, and has headless Chromium take the screenshot.
# The session layer is stood in for (the viewer is attached by the serving process, no login); the
# portal's stylesheet is served as the console serves it.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/console-activity.png

./mvnw -q -B -o -pl perf -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="perf/target/classes:$(cat perf/target/classpath.txt)"

work="$(mktemp -d -t screenshots.XXXXXX)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

java -cp "$classpath" dev.meridian.perf.console.PortalPageTimes --serve --viewer c00 \
  --customers 3 --per-customer 4 >"$work/serve.log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 600); do
  url=$(sed -n 's/^portal pages at \([^ ]*\) .*/\1/p' "$work/serve.log")
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$url" ] || { echo "the pages did not come up" >&2; exit 1; }

chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-extensions \
  --hide-scrollbars --user-data-dir="$work/chromium" --window-size=1100,820 --screenshot="$work/shot.png" "$url" \
  >"$work/chromium.log" 2>&1
mv "$work/shot.png" "$out"
echo "wrote $out from $url"
