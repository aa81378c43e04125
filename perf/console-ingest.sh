#!/usr/bin/env bash
# Usage ingest into the console's database: per-minute rollup rows per second into embedded H2 and into
# PostgreSQL (Debian's, started for the run in a temp directory with its default durability, as the
# console's tests start it, and stopped by its data directory after), the same batches side by side in
# the same run. Target: at least 50,000 rows/s on 2 cores. Prints each round and the medians.
#
#   perf/console-ingest.sh [rounds] [properties] [batches] [nodes]      # default 5 1000 30 2
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
properties=${2:-1000}
batches=${3:-30}
nodes=${4:-2}

if [ ! -d /usr/lib/postgresql ]; then
  echo "installing postgresql (Debian) for the PostgreSQL side"
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  systemctl disable --now postgresql >/dev/null 2>&1 || true
fi

cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# Built in the reactor (nothing installed); the test classes hold PostgresServer, which starts the server.
./mvnw -q -B -pl console -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
classpath="console/target/classes:console/target/test-classes:$(cat "$cp_file")"

out=$(mktemp)
trap 'rm -f "$cp_file" "$out"' EXIT
java -Xmx1g -Dlogback.configurationFile=console/src/test/resources/logback-test.xml -cp "$classpath" \
  perf/console/IngestBench.java both "$rounds" "$properties" "$batches" "$nodes" | tee "$out" | grep '^ROUND'
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
figure() { grep "^ROUND.* db=$1 " "$out" | sed "s/.* $2=\([0-9.]*\).*/\1/" | median; }
echo "RESULT per-minute rollup rows/s ($nodes nodes x $batches batches x $properties rows, $rounds rounds, medians):"
for db in h2 postgresql; do
  echo "  $db: $(figure $db rows_per_s) rows/s wall; $(figure $db rows_per_cpu_s) rows per CPU-second" \
    "(this JVM$([ $db = postgresql ] && echo ' + the server'))"
done
echo "  target: 50000 rows/s on 2 cores, i.e. 25000 rows per CPU-second where both cores work; on a shared machine" \
  "the CPU figure is the one to compare (wall time measures the neighbours)"
