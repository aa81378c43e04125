#!/usr/bin/env bash
# GTM steering quality: share of answers to the optimal POP, failover time and flaps, from a
# simulation in simulated time that drives the real GTM pipeline over an EMULATED network
# (see perf/gtm/SteeringSimulation.java). Deterministic for a given seed; takes well under a minute.
#
#   perf/gtm-steering.sh [seed] [vantagePoints] [probeLoss] [blocks] [lossyShare]
#   JAVA_OPTS="-Dattempts=20 -DfreshForSeconds=60 -DrankToleranceMs=0" perf/gtm-steering.sh   (knobs, for experiments;
#   see the -D list in perf/gtm/SteeringSimulation.java)
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -pl gtm -am install -DskipTests
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -B -pl gtm dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
classpath="gtm/target/classes:$(cat "$cp_file")"
java ${JAVA_OPTS:-} -cp "$classpath" perf/gtm/SteeringSimulation.java "$@"
