#!/usr/bin/env bash
# Raw access log lines/s a console ingests (issue 16's target: 20,000 lines/s on 2 cores). A real
# console on embedded H2 receives gzip files of edge-like JSON lines over HTTP, as edges upload them,
# and stores and records each; several runs on a fresh console each, then the median. Options:
#   perf/console-log-ingest.sh --files=40 --lines=10000 --uploaders=4 --runs=5
#   perf/console-log-ingest.sh --jdbc-url=jdbc:postgresql://127.0.0.1:5432/meridian --jdbc-user=meridian   (a PostgreSQL you run)
set -euo pipefail
cd "$(dirname "$0")/.."

# One invocation, so the classpath names this tree's freshly packaged modules, not ~/.m2 copies.
./mvnw -q -B -pl perf -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="perf/target/classes:$(cat perf/target/classpath.txt)"
java -cp "$classpath" dev.meridian.perf.console.LogIngestBenchmark "$@"
