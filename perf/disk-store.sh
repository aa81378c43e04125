#!/usr/bin/env bash
# Disk tier figures: startup time of a POP's disk store holding 1,000,000 small objects, and the
# time of a prefix purge matching 1,000 of them. The store is filled once (a few minutes, ~4 GB of
# 4 KiB blocks) under $MERIDIAN_BENCH_DIR and reused by later runs; delete it when done.
#
#   perf/disk-store.sh [objects] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
objects=${1:-1000000}
rounds=${2:-5}
dir=${MERIDIAN_BENCH_DIR:-/tmp/meridian-disk-bench}/store-$objects

./mvnw -q -B -pl edge -am install -DskipTests
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -B -pl edge dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
classpath="edge/target/classes:$(cat "$cp_file")"

mkdir -p "$dir"
echo "store: $dir (machine shared with other work: figures are noisy)"
java -Xmx3g -cp "$classpath" perf/disk/DiskStoreBench.java "$dir" "$objects" "$rounds"
