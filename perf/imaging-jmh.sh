#!/usr/bin/env bash
# JMH benchmarks of the imaging pipeline (decode, resize, encode, end to end) for the 2 MP and 9 MP
# test photos to 500 and 1200 px wide, quality 80, progressive. Extra arguments go to JMH, e.g.
#   perf/imaging-jmh.sh EndToEnd -p width=500        (one benchmark class, one width)
#   perf/imaging-jmh.sh -wi 1 -i 3                   (shorter runs)
# The machine may be shared: figures are noisy; compare within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
export MERIDIAN_TESTDATA=${MERIDIAN_TESTDATA:-$(cd .. && pwd)/shared/testdata}

# One invocation, so the classpath names this tree's freshly packaged modules, not ~/.m2 copies.
./mvnw -q -B -pl perf -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="perf/target/classes:$(cat perf/target/classpath.txt)"
filter=()
if [ $# -eq 0 ] || [[ "$1" == -* ]]; then filter=("dev.meridian.perf.imaging"); fi
java --enable-native-access=ALL-UNNAMED -cp "$classpath" org.openjdk.jmh.Main "${filter[@]}" "$@"
