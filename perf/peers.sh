# Shared by the scripts that run Meridian and a peer side by side; source it, don't run it.
#   work          a temporary directory, removed at exit
#   pids          processes to stop at exit (by PID): append with pids+=($!)
#   install_missing "command:debian-package" ...   installs what is not on PATH (root or sudo)
#   port_free ADDR PORT, median (numbers on stdin), say MESSAGE, meridian_jar (sets jar; needs root)

say() { printf '%s\n' "$*" >&2; }

install_missing() {
  local need=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null || [ -x "/usr/sbin/${pair%%:*}" ] || need+=("${pair#*:}")
  done
  [ ${#need[@]} -eq 0 ] && return
  say "installing from Debian: ${need[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

work="$(mktemp -d -t "$(basename "$0" .sh).XXXXXX")"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Sets jar to the CLI jar, built by bin/meridian when missing or stale (in the tree: nothing goes into
# ~/.m2); when the build fails, measures the jar already there, saying so, or stops if there is none.
meridian_jar() {
  jar="$root/cli/target/meridian.jar"
  if ! "$root/bin/meridian" --version >/dev/null 2>"$work/build.log"; then
    [ -f "$jar" ] || { cat "$work/build.log" >&2; exit 1; }
    say "warning: the build failed (see below); measuring the existing $jar"
    grep -m3 ERROR "$work/build.log" >&2 || true
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# nginx.conf up to the server blocks, under $work/nginx: foreground, a worker per core, and an access
# log buffered as the edge's is (64 KB blocks, at least every 200 ms). The caller closes "http {".
nginx_main() {
  cat <<CONF
daemon off;
worker_processes $(nproc);
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log $work/nginx/access.log combined buffer=64k flush=200ms;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  sendfile on;
  # TCP_CORK with sendfile stalls the tail of each response on a delayed ACK over loopback (about
  # 40 ms per 100 KB hit, capping nginx near 2,000 req/s); off, nginx serves several times faster.
  tcp_nopush off;
  keepalive_requests 1000000;
CONF
}
