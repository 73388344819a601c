#!/usr/bin/env bash
# Side-by-side HTTP benchmark on loopback, in one run: a trivial upstream (nginx serving a
# 100-byte file), nginx as a plain reverse proxy with upstream keep-alive, and one Drawbridge
# gateway per audit mode asked for, each with a `bypass` policy. Targets are measured in
# interleaved rounds; medians are shown. Prints requests/s, p50, p99 and the CPU time each proxy
# spent per request, the gateway/nginx ratios and, with more than one mode, each mode against
# audit off.
#
#   bench/gateway-bench.sh [duration_s=10] [connections=64] [modes=strict]
#
# modes: a comma-separated list of off, batched, strict (e.g. off,batched,strict). "off" starts
# the gateway with -Ddrawbridge.bench.auditOff=true: access events are not written at all (a
# benchmark-only switch, to measure what the audit log costs).
# Environment: ROUNDS (default 3), WARMUP (seconds of load on each gateway before measuring,
# default 30), WORKERS (default: the gateway's own default, cores - 1, at
# least 1): nginx proxy worker_processes and every gateway's server.event_loops, the same number
# for all. The upstream
# and the proxy are separate nginx processes so that the CPU time of each is counted apart (from
# /proc/<pid>/task/*/stat, user + system, all threads).
#
# Needs: nginx, wrk (apt-get install nginx wrk), and a built jar (./drawbridge builds it).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DUR="${1:-10}"; CONNS="${2:-64}"; MODES="${3:-strict}"; ROUNDS="${ROUNDS:-3}"
WORKERS="${WORKERS:-$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))}"
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
IFS=, read -r -a MODE_LIST <<< "$MODES"
for m in "${MODE_LIST[@]}"; do
  case "$m" in off|batched|strict) ;; *) echo "unknown audit mode '$m' (expected: off, batched or strict)" >&2; exit 2;; esac
done
WORK="$(mktemp -d /tmp/drawbridge-bench.XXXXXX)"
UP=18181; NGX=18182
GWPIDS=()
cleanup() {
  for p in "${GWPIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done || true
  for f in "$WORK"/nginx-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done || true
  rm -rf "$WORK"
}
trap cleanup EXIT

chmod 755 "$WORK"  # nginx workers (another user) must read the file
mkdir -p "$WORK/www" "$WORK/logs"
head -c 100 /dev/zero | tr '\0' 'x' > "$WORK/www/index.html"
cat > "$WORK/nginx-up.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx-up.pid;
error_log $WORK/logs/error-up.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$UP; root $WORK/www; location / { try_files /index.html =404; } }
}
NGINX
cat > "$WORK/nginx-proxy.conf" <<NGINX
worker_processes $WORKERS;
pid $WORK/nginx-proxy.pid;
error_log $WORK/logs/error-proxy.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  upstream backend { server 127.0.0.1:$UP; keepalive 128; }
  server {
    listen 127.0.0.1:$NGX;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
NGINX
nginx -c "$WORK/nginx-up.conf" -p "$WORK"
nginx -c "$WORK/nginx-proxy.conf" -p "$WORK"

"$ROOT/drawbridge" --version >/dev/null 2>&1 || true
i=0
for m in "${MODE_LIST[@]}"; do
  port=$((18190 + 2 * i)); adm=$((port + 1)); i=$((i + 1))
  durability="$m"; extra=()
  if [ "$m" = off ]; then durability=batched; extra=(-Ddrawbridge.bench.auditOff=true); fi
  mkdir -p "$WORK/$m"
  cat > "$WORK/$m/drawbridge.yaml" <<YAML
server: {listen: 127.0.0.1:$port, admin_listen: 127.0.0.1:$adm, event_loops: $WORKERS}
data_dir: $WORK/$m/data
audit: {durability: $durability}
applications:
  - id: static
    hosts: [localhost, 127.0.0.1]
    upstream: http://127.0.0.1:$UP
    policies:
      - {name: public files, decision: bypass, include: [{everyone: true}], paths: ["/**"]}
YAML
  java -Xms512m -Xmx512m "${extra[@]}" -jar "$ROOT/cli/target/drawbridge.jar" serve \
    --config "$WORK/$m/drawbridge.yaml" > "$WORK/logs/gateway-$m.log" 2>&1 &
  GWPIDS+=("$!")
  eval "PORT_$m=$port; PID_$m=$!"
done
for m in "${MODE_LIST[@]}"; do
  eval "port=\$PORT_$m"
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -sS -i "http://127.0.0.1:$port/" | head -1 | grep -q " 200" \
    || { echo "gateway ($m) did not answer 200:"; cat "$WORK/logs/gateway-$m.log"; exit 1; }
done

ticks() { # pids -> user+system clock ticks of all their threads
  # utime and stime are fields 14 and 15 of /proc/*/stat, counted after the ")" that ends the
  # thread name: JVM threads' names have spaces ("C2 CompilerThread0", "GC Thread#0").
  local sum=0 p t
  for p in "$@"; do for t in /proc/"$p"/task/*/stat; do
    sum=$((sum + $(sed 's/.*) //' "$t" 2>/dev/null | awk '{print $12+$13}' || echo 0)))
  done; done
  echo "$sum"
}
to_us() { echo "$1" | awk '/us$/ {sub("us","");print $1; next} /ms$/ {sub("ms","");print $1*1000; next} /s$/ {sub("s","");print $1*1000000}'; }
measure() { # url pids... -> "rps p50_us p99_us cpu_us_per_request"
  local url="$1" out before after n; shift
  before="$(ticks "$@")"
  out="$(wrk -t2 -c"$CONNS" -d"${DUR}s" --latency "$url")"
  if echo "$out" | grep -qE "Non-2xx|Socket errors"; then
    echo "warning: $url: $(echo "$out" | grep -E "Non-2xx|Socket errors" | tr -s ' ' | tr '\n' ';')" >&2
  fi
  after="$(ticks "$@")"
  n="$(echo "$out" | awk '/requests in/ {print $1}')"
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(to_us "$(echo "$out" | awk '$1=="50%" {print $2}')") $(to_us "$(echo "$out" | awk '$1=="99%" {print $2}')") $(awk -v t=$((after - before)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "wrk -t2 -c$CONNS -d${DUR}s x $ROUNDS rounds (targets interleaved, median shown), 100-byte file, audit modes: $MODES, $(nproc) cores, $(date -u +%FT%TZ)"
# warm-up: 3 s for the C servers, WARMUP s (default 30) for each JVM. Measured: without warm-up
# the gateway's first round is 30-60% slower than its later ones; after 15 s the JIT compilers
# still used ~10% of a core during the first 8 s round (0.76 s of CPU, against 0.1-0.3 s in
# later rounds) and that round's p99 was the run's worst in 2 of 2 runs.
for u in "http://127.0.0.1:$UP/" "http://127.0.0.1:$NGX/"; do wrk -t2 -c"$CONNS" -d3s "$u" >/dev/null 2>&1; done
for m in "${MODE_LIST[@]}"; do
  eval "port=\$PORT_$m"; wrk -t2 -c"$CONNS" -d"${WARMUP:-30}s" "http://127.0.0.1:$port/" >/dev/null 2>&1
done
TARGETS=(UP NGX "${MODE_LIST[@]}")
: > "$WORK/results"
for r in $(seq 1 "$ROUNDS"); do
  echo "UP $(measure "http://127.0.0.1:$UP/" $(pgrep -P "$(cat "$WORK/nginx-up.pid")"))" >> "$WORK/results"
  echo "NGX $(measure "http://127.0.0.1:$NGX/" $(pgrep -P "$(cat "$WORK/nginx-proxy.pid")"))" >> "$WORK/results"
  for m in "${MODE_LIST[@]}"; do
    eval "port=\$PORT_$m; pid=\$PID_$m"
    echo "$m $(measure "http://127.0.0.1:$port/" "$pid")" >> "$WORK/results"
  done
done
printf "%-28s %12s %10s %10s %14s\n" target "requests/s" "p50 (us)" "p99 (us)" "CPU us/request"
for t in "${TARGETS[@]}"; do
  rps=$(awk -v t="$t" '$1==t {print $2}' "$WORK/results" | median)
  p50=$(awk -v t="$t" '$1==t {print $3}' "$WORK/results" | median)
  p99=$(awk -v t="$t" '$1==t {print $4}' "$WORK/results" | median)
  cpu=$(awk -v t="$t" '$1==t {print $5}' "$WORK/results" | median)
  case $t in UP) name="upstream (direct)";; NGX) name="nginx proxy";; *) name="drawbridge (bypass, audit $t)";; esac
  printf "%-28s %12s %10s %10s %14s\n" "$name" "$rps" "$p50" "$p99" "$cpu"
  eval "RPS_$t=$rps; P99_$t=$p99; CPU_$t=$cpu"
done
echo "all rounds (target rps p50_us p99_us cpu_us_per_request):"; sed 's/^/  /' "$WORK/results"
echo "proxy workers: nginx worker_processes $WORKERS, gateway server.event_loops $WORKERS"
for m in "${MODE_LIST[@]}"; do
  eval "a=\$RPS_$m; c=\$P99_$m; e=\$CPU_$m"
  awk -v m="$m" -v a="$a" -v b="$RPS_NGX" -v c="$c" -v d="$P99_NGX" -v e="$e" -v f="$CPU_NGX" \
    'BEGIN { printf "ratio gateway(audit %s)/nginx: throughput %.2f, p99 %.2f, CPU per request %.2f\n", m, a/b, c/d, e/f }'
done
if [ -n "${RPS_off:-}" ]; then
  for m in batched strict; do
    eval "a=\${RPS_$m:-}"
    [ -n "$a" ] && awk -v m="$m" -v a="$a" -v b="$RPS_off" \
      'BEGIN { printf "audit %s costs %.1f%% of throughput against audit off (median req/s, same run)\n", m, 100 * (1 - a / b) }'
  done
  # Paired: each round's mode against that round's audit off (measured seconds apart), which
  # cancels the slow drift of a shared machine that the medians above do not.
  for m in batched strict; do
    grep -q "^$m " "$WORK/results" || continue
    costs="$(awk -v m="$m" '$1=="off" {off[++i]=$2} $1==m {x[++j]=$2}
      END { for (k=1; k<=j; k++) printf "%.1f\n", 100*(1-x[k]/off[k]) }' "$WORK/results")"
    echo "audit $m cost per round (against that round's audit off): $(echo $costs | sed 's/ /% /g')%; median $(echo "$costs" | median)%"
  done
fi
exit 0
