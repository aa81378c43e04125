#!/usr/bin/env bash
# Page time of the console's traffic and usage pages on a generated full day: 1,000 properties
# (50 customers x 20) x 3 POPs x 24 h of per-minute edge and DNS rollups (and the hours), through real
# HTTP, p50/p95 per page; target p95 < 200 ms. Runs on embedded H2, then on PostgreSQL (Debian's
# postgresql: a throwaway cluster in a temp dir, run as the unprivileged user `postgres`).
#   DBS="h2 postgresql" SAMPLES=100 CUSTOMERS=50 PER_CUSTOMER=20 perf/console-pages.sh
# Generating the day takes minutes; H2_STATE=dir keeps the H2 database there for the next run (which
# then measures a day that has aged by the time between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
source perf/peers.sh

DBS=${DBS:-h2 postgresql}
SAMPLES=${SAMPLES:-100}
sizes=(--customers "${CUSTOMERS:-50}" --per-customer "${PER_CUSTOMER:-20}" --samples "$SAMPLES")

./mvnw -q -B -o -pl perf -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="perf/target/classes:$(cat perf/target/classpath.txt)"
run() { java -Xmx1g -cp "$classpath" dev.meridian.perf.console.PortalPageTimes "$@"; }

for db in $DBS; do
  case "$db" in
    h2) run --db h2 ${H2_STATE:+--state-dir "$H2_STATE"} "${sizes[@]}" ;;
    postgresql)
      install_missing "psql:postgresql"
      bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
      chown postgres "$work"
      port=$(( 20000 + RANDOM % 20000 ))
      until port_free 127.0.0.1 "$port"; do port=$(( port + 1 )); done
      # PostgreSQL refuses to run as root: the cluster belongs to the unprivileged postgres user.
      runuser -u postgres -- "$bin/initdb" -A trust -U postgres -D "$work/pg" >/dev/null
      runuser -u postgres -- "$bin/postgres" -D "$work/pg" -p "$port" -k "$work" -c listen_addresses=127.0.0.1 \
        -c shared_buffers=256MB -c fsync=off >"$work/pg.log" 2>&1 &
      pids+=($!)
      until runuser -u postgres -- "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; do sleep 0.2; done
      run --db "jdbc:postgresql://127.0.0.1:$port/postgres?reWriteBatchedInserts=true" --user postgres --password "" "${sizes[@]}"
      ;;
    *) say "unknown database $db"; exit 2 ;;
  esac
done
