#!/usr/bin/env bash
# Global purge latency: 1,000 purges through the console against three POPs (edges with disk tiers on
# 127.0.0.11-13, as in the demo, and a console on embedded H2, all in one JVM), one after another; each
# returns when every POP has acknowledged. Targets: p50 < 50 ms, p99 < 150 ms.
#
#   perf/global-purge.sh [purges] [warmup]      # PORT_BASE=28080 (http; admin +1, console +2)
set -euo pipefail
cd "$(dirname "$0")/.."
purges=${1:-1000}
warmup=${2:-100}
port_base=${PORT_BASE:-28080}

work=$(mktemp -d)
cp_file="$work/classpath"
trap 'rm -rf "$work"' EXIT
# Built in the reactor (nothing installed); the last module written, cli, leaves its class path.
./mvnw -q -B -pl cli -am package dependency:build-classpath -Dmaven.test.skip=true \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
classpath="cli/target/classes:$(cat "$cp_file")"
echo "three POPs and a console on loopback (the machine is shared with other work: figures are noisy)"
java -Xmx1g -Dlogback.configurationFile=/dev/null -cp "$classpath" perf/purge/GlobalPurgeBench.java \
  "$work/run" "$purges" "$warmup" "$port_base" 2>&1 | grep -E '^RESULT|Exception|Error' || true
