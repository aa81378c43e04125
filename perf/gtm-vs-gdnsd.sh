#!/usr/bin/env bash
# Authoritative DNS throughput of Meridian's GTM against gdnsd, side by side in one run.
#
# Both serve an equivalent zone: cdn.test with bench.cdn.test answered by a weighted choice among three
# POP addresses (gdnsd: DYNA weighted!bench; GTM: a static hostname over three POPs, full policy chain).
# dnsperf sends the same A queries to each, without and with EDNS Client Subnet (10.1.2.0/24), for
# ROUNDS rounds alternating which server goes first, so drift on a shared machine falls on both.
# Prints per run: queries/s, queries per CPU-second of the server process, lost queries; then medians
# and the ratios GTM/gdnsd. Target: GTM >= 0.9x gdnsd queries/s.
#
# Both get 2 UDP threads. The GTM runs as bin/meridian starts it (native access on, so JNA reaches libc
# and its UDP sockets batch with recvmmsg/sendmmsg like gdnsd's; the script prints which I/O it got) and
# with its shipped logging (decision log sampled at 1%, to a file). It runs on the `java` on PATH; put
# another JDK's bin/ first on PATH (and JAVA_HOME) to measure on that one.
# gdnsd keeps its control socket in /run/gdnsd, so only one gdnsd may run on the machine at a time.
#
# Usage: perf/gtm-vs-gdnsd.sh     (env: ROUNDS=3 DURATION=10 CLIENTS=4 OUTSTANDING=200 GTM_JAVA_OPTS=...)
# Needs root (or sudo) once, to apt-get install dnsperf and gdnsd when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gdnsd_addr=127.0.0.92
gtm_addr=127.0.0.93
port=15301
rounds="${ROUNDS:-3}"
duration="${DURATION:-10}"
clients="${CLIENTS:-4}"
outstanding="${OUTSTANDING:-200}"
java_opts="${GTM_JAVA_OPTS:--Xms512m -Xmx512m}"
# ECS option (code 8): family 1, source /24, scope 0, address 10.1.2
ecs_option="8:000118000a0102"

# shellcheck source=perf/peers.sh
source "$root/perf/peers.sh"

had_gdnsd=$(command -v gdnsd || ls /usr/sbin/gdnsd 2>/dev/null || true)
install_missing dnsperf:dnsperf gdnsd:gdnsd
if [ -z "$had_gdnsd" ]; then
  # The package starts a system instance where an init system runs; this benchmark runs its own.
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ systemctl disable --now gdnsd >/dev/null 2>&1 || true
fi
gdnsd_bin="$(command -v gdnsd || echo /usr/sbin/gdnsd)"

say "building the GTM..."
# One reactor invocation, so the classpath names this tree's freshly packaged modules and nothing is installed.
(cd "$root" && ./mvnw -q -B -pl gtm -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime)
classpath="$root/gtm/target/classes:$(cat "$root/gtm/target/classpath.txt"):$(find ~/.m2/repository/ch/qos/logback -name 'logback-c*-1.5.12.jar' | tr '\n' ':')"

# --- gdnsd ---
mkdir -p "$work/gdnsd/zones"
cat > "$work/gdnsd/config" <<CONF
options => {
  listen => [ $gdnsd_addr:$port ]
  udp_threads => 2
  tcp_threads => 1
}
plugins => {
  weighted => {
    multi = false
    service_types = up
    bench => {
      sjc = [ 127.0.0.11, 1 ]
      iad = [ 127.0.0.12, 1 ]
      fra = [ 127.0.0.13, 1 ]
    }
  }
}
CONF
cat > "$work/gdnsd/zones/cdn.test" <<ZONE
@     86400 SOA ns1 hostmaster 1 3600 600 86400 60
@     86400 NS  ns1
ns1   86400 A   $gdnsd_addr
bench 20    DYNA weighted!bench
ZONE

# --- GTM ---
cat > "$work/gtm.yaml" <<YAML
dns:
  zone: cdn.test
  listen: $gtm_addr:$port
  ttl: 20s
  udpThreads: 2
  stateDir: $work/gtm-state
pops:
  - { id: sjc, edge: { http: 127.0.0.11:8080, admin: 127.0.0.11:9080 } }
  - { id: iad, edge: { http: 127.0.0.12:8080, admin: 127.0.0.12:9080 } }
  - { id: fra, edge: { http: 127.0.0.13:8080, admin: 127.0.0.13:9080 } }
customers:
  - id: bench
    properties:
      - host: bench.cdn.test
        origins: [ { host: www.bench.test, url: "http://127.0.0.1:8081" } ]
YAML

start_gdnsd() {
  "$gdnsd_bin" -c "$work/gdnsd" start > "$work/gdnsd.log" 2>&1 &
  gdnsd_pid=$!
  pids+=("$gdnsd_pid")
}
start_gtm() {
  # shellcheck disable=SC2086
  java --enable-native-access=ALL-UNNAMED $java_opts -Dlogback.configurationFile="$root/cli/src/main/resources/logback.xml" -cp "$classpath" \
    "$root/perf/gtm-dns/RunGtm.java" "$work/gtm.yaml" > "$work/gtm.out" 2> "$work/gtm.log" &
  gtm_pid=$!
  pids+=("$gtm_pid")
}
wait_ready() { # addr name
  for _ in $(seq 1 150); do
    if dig @"$1" -p "$port" +time=1 +tries=1 +short bench.cdn.test A 2>/dev/null | grep -q '^127\.0\.0\.1[123]$'; then return 0; fi
    sleep 0.2
  done
  say "$2 did not come up; log:"; cat "$work/$2.log" >&2; exit 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

printf 'bench.cdn.test A\n' > "$work/queries"

# run_one SERVER_NAME ADDR PID MIX -> "qps qpcpu lost"
run_one() {
  local name=$1 addr=$2 pid=$3 mix=$4 extra=()
  [ "$mix" = ecs ] && extra=(-E "$ecs_option")
  local before after out
  before=$(cpu_ticks "$pid")
  out=$(dnsperf -s "$addr" -p "$port" -d "$work/queries" -l "$duration" -c "$clients" -q "$outstanding" \
        -T 1 "${extra[@]}" 2>&1)
  after=$(cpu_ticks "$pid")
  local qps lost completed hz cpu_s
  qps=$(awk '/Queries per second:/ {print $4}' <<<"$out")
  lost=$(awk '/Queries lost:/ {print $3}' <<<"$out")
  completed=$(awk '/Queries completed:/ {print $3}' <<<"$out")
  hz=$(getconf CLK_TCK)
  cpu_s=$(awk -v t=$((after - before)) -v hz="$hz" 'BEGIN {printf "%.3f", t / hz}')
  local qpcpu
  qpcpu=$(awk -v c="$completed" -v s="$cpu_s" 'BEGIN {if (s > 0) printf "%.0f", c / s; else print "nan"}')
  printf '%-6s %-6s %10.0f q/s %10s q/cpu-s %8s lost (server cpu %ss)\n' "$name" "$mix" "$qps" "$qpcpu" "$lost" "$cpu_s" >&2
  echo "$name $mix $qps $qpcpu $lost" >> "$work/results"
}

start_gdnsd
start_gtm
wait_ready "$gdnsd_addr" gdnsd
wait_ready "$gtm_addr" gtm
say "warming up the GTM's JIT (${duration}s each mix)..."
dnsperf -s "$gtm_addr" -p "$port" -d "$work/queries" -l "$duration" -c "$clients" -q "$outstanding" -T 1 >/dev/null 2>&1
dnsperf -s "$gtm_addr" -p "$port" -d "$work/queries" -l "$duration" -c "$clients" -q "$outstanding" -T 1 -E "$ecs_option" >/dev/null 2>&1

say "GTM UDP: $(grep -o 'DNS over UDP on .*' "$work/gtm.log" | head -1)"
say "machine: $(nproc) cores, shared with other work: figures are noisy; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "runs of ${duration}s, $clients clients, $outstanding outstanding, both servers with 2 UDP threads"
for r in $(seq 1 "$rounds"); do
  for mix in plain ecs; do
    if [ $((r % 2)) -eq 1 ]; then
      run_one gdnsd "$gdnsd_addr" "$gdnsd_pid" "$mix"; run_one gtm "$gtm_addr" "$gtm_pid" "$mix"
    else
      run_one gtm "$gtm_addr" "$gtm_pid" "$mix"; run_one gdnsd "$gdnsd_addr" "$gdnsd_pid" "$mix"
    fi
  done
done

echo
printf '%-6s %12s %12s %12s %12s %12s %8s %10s\n' mix "gdnsd q/s" "gtm q/s" "ratio" "gdnsd q/cpu" "gtm q/cpu" ratio "lost g/m"
verdicts=""
for mix in plain ecs; do
  gq=$(awk -v m=$mix '$1=="gdnsd" && $2==m {print $3}' "$work/results" | median)
  mq=$(awk -v m=$mix '$1=="gtm" && $2==m {print $3}' "$work/results" | median)
  gc=$(awk -v m=$mix '$1=="gdnsd" && $2==m {print $4}' "$work/results" | median)
  mc=$(awk -v m=$mix '$1=="gtm" && $2==m {print $4}' "$work/results" | median)
  gl=$(awk -v m=$mix '$1=="gdnsd" && $2==m {s+=$5} END {print s+0}' "$work/results")
  ml=$(awk -v m=$mix '$1=="gtm" && $2==m {s+=$5} END {print s+0}' "$work/results")
  printf '%-6s %12.0f %12.0f %11.2fx %12.0f %12.0f %7.2fx %10s\n' "$mix" "$gq" "$mq" \
    "$(awk -v a="$mq" -v b="$gq" 'BEGIN {print a / b}')" "$gc" "$mc" \
    "$(awk -v a="$mc" -v b="$gc" 'BEGIN {print a / b}')" "$gl/$ml"
  verdicts+=$(awk -v m=$mix -v a="$mq" -v b="$gq" 'BEGIN {r = a / b
    printf "RATIO %-5s GTM/gdnsd queries/s = %.2fx (target >= 0.90x): %s", m, r, (r >= 0.9 ? "met" : "NOT met")}')$'\n'
done
echo "(medians of $rounds rounds; ratio = GTM / gdnsd; target GTM q/s >= 0.9x gdnsd)"
echo "load average (1/5/15 min) after the runs: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
printf '%s' "$verdicts"
