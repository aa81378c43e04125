# Shared by the scripts that run Meridian and a peer side by side; source it, don't run it.
#   work          a temporary directory, removed at exit
#   pids          processes to stop at exit (by PID): append with pids+=($!)
#   install_missing "command:debian-package" ...   installs what is not on PATH (root or sudo)
#   port_free ADDR PORT, median (numbers on stdin), say MESSAGE

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

port_free() { ! (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
