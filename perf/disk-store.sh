#!/usr/bin/env bash
# Disk tier figures: startup time of a POP's disk store holding 1,000,000 small objects, and the
# time of a prefix purge matching 1,000 of them. The store is filled once (about a minute, ~4 GB
# of 4 KiB blocks) under $MERIDIAN_BENCH_DIR and reused by later runs; delete it when done. Each
# round opens the store in a fresh JVM, as a restarted POP would.
#
#   perf/disk-store.sh [objects] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
objects=${1:-1000000}
rounds=${2:-5}
dir=${MERIDIAN_BENCH_DIR:-/tmp/meridian-disk-bench}/store-$objects

cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
# Built in the reactor (nothing installed); the last module written, edge, leaves its class path.
./mvnw -q -B -pl edge -am package dependency:build-classpath -Dmaven.test.skip=true \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
classpath="edge/target/classes:$(cat "$cp_file")"
run() { java -Xmx2g -cp "$classpath" perf/disk/DiskStoreBench.java "$@"; }

mkdir -p "$dir"
echo "store: $dir (the machine is shared with other work: figures are noisy)"
run fill "$dir" "$objects" | { grep -v ' INFO ' || true; }
opens=()
cpus=()
purges=()
purge_cpus=()
for r in $(seq "$rounds"); do
  line=$(run open "$dir" | grep '^ROUND')
  echo "round $r: $line"
  opens+=("$(sed 's/.* open_ms=\([0-9.]*\).*/\1/' <<<"$line")")
  cpus+=("$(sed 's/.*open_cpu_ms=\([0-9.]*\).*/\1/' <<<"$line")")
  purges+=("$(sed 's/.* purge_ms=\([0-9.]*\).*/\1/' <<<"$line")")
  purge_cpus+=("$(sed 's/.*purge_cpu_ms=\([0-9.]*\).*/\1/' <<<"$line")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "RESULT startup with $objects stored objects: median $(median "${opens[@]}") ms wall, $(median "${cpus[@]}") ms CPU, over $rounds fresh JVMs"
echo "RESULT prefix purge of 1000 objects in a store of $objects: median $(median "${purges[@]}") ms wall, $(median "${purge_cpus[@]}") ms CPU"
