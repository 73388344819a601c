#!/usr/bin/env bash
# Interleaved comparison of several gateway variants on loopback (the audit-cost experiments of
# stop 17; see README.md here). Each variant is NAME:PORT:MODE:JAR[:JVM_OPTIONS], MODE one of
# off, batched, strict, or batched/WINDOW (sets audit.batch_window), optionally followed by @DIR to
# put the data directory under DIR (e.g. strict@/dev/shm: the log on tmpfs, where fsync is free).
# Every variant runs at once, one event loop each is the gateway's default on 2 cores; they are measured one after another in
# ROUNDS rounds of D seconds (wrk -t2 -c64). Per round and variant it prints requests/s, p99 and
# the CPU time per request of the whole process, of its event loop(s) and of its audit writer
# thread. Summarize with: python3 summary.py OUTPUT off
#
#   ROUNDS=10 D=5 bench/audit-floor/variants.sh off:18183:off:cli/target/drawbridge.jar \
#       bat:18193:batched:cli/target/drawbridge.jar
#
# Needs nginx and wrk; a trivial nginx upstream is started on 127.0.0.1:18181.
set -euo pipefail
ROUNDS="${ROUNDS:-10}"; D="${D:-5}"; WARM="${WARM:-20}"
command -v nginx >/dev/null && command -v wrk >/dev/null || { echo "needs nginx and wrk" >&2; exit 2; }
W="$(mktemp -d /tmp/drawbridge-floor.XXXXXX)"; chmod 755 "$W"; mkdir -p "$W/www" "$W/logs"
PIDS=(); DATA=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$W/nginx.pid" ] && kill "$(cat "$W/nginx.pid")" 2>/dev/null || true
  sleep 1; rm -rf "$W" "${DATA[@]}"
}
trap cleanup EXIT
head -c 100 /dev/zero | tr '\0' 'x' > "$W/www/index.html"
cat > "$W/nginx.conf" <<NGINX
worker_processes 2;
pid $W/nginx.pid;
error_log $W/logs/error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:18181; root $W/www; location / { try_files /index.html =404; } } }
NGINX
nginx -c "$W/nginx.conf" -p "$W"

declare -A PORT PID
NAMES=()
for spec in "$@"; do
  IFS=: read -r name port mode jar jopts <<< "$spec"
  data="$W/data-$name"
  if [ "$mode" != "${mode%@*}" ]; then data="${mode#*@}/drawbridge-floor-$name-$$"; mode="${mode%@*}"; fi
  dur="${mode%%/*}"; extra=""; bw=""
  [ "$mode" != "${mode#*/}" ] && bw=", batch_window: ${mode#*/}"
  [ "$mode" = off ] && dur=batched && extra="-Ddrawbridge.bench.auditOff=true"
  cat > "$W/$name.yaml" <<YAML
server: {listen: 127.0.0.1:$port, admin_listen: 127.0.0.1:$((port + 1))}
data_dir: $data
audit: {durability: $dur$bw}
applications:
  - id: static
    hosts: [localhost, 127.0.0.1]
    upstream: http://127.0.0.1:18181
    policies:
      - {name: public files, decision: bypass, include: [{everyone: true}], paths: ["/**"]}
YAML
  # shellcheck disable=SC2086
  java -Xms512m -Xmx512m $extra ${jopts:-} -jar "$jar" serve --config "$W/$name.yaml" \
    > "$W/logs/$name.log" 2>&1 &
  PID[$name]=$!; PIDS+=($!); DATA+=("$data"); PORT[$name]=$port; NAMES+=("$name")
done
for n in "${NAMES[@]}"; do
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:${PORT[$n]}/" >/dev/null 2>&1 && break; sleep 0.2; done
done
for n in "${NAMES[@]}"; do wrk -t2 -c64 -d"${WARM}s" "http://127.0.0.1:${PORT[$n]}/" >/dev/null; done

# CPU ticks of the whole process, its event loop threads and its audit writer thread
snap() {
  for t in /proc/"$1"/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    r=${s##*) }; set -- $r   # fields after the (comm), which may hold spaces
    echo "$(tr ' ' _ < "$t/comm") $((${12} + ${13}))"
  done | awk '{t+=$2} /multiThreadIoEv/ {l+=$2} /drawbridge-audi/ {w+=$2} END {print t+0, l+0, w+0}'
}
# idle (idle + iowait) and all ticks of the whole machine, from the "cpu" line of /proc/stat
cpu() { awk '/^cpu / {a=0; for (i=2; i<=NF; i++) a+=$i; print $5+$6, a}' /proc/stat; }
for r in $(seq 1 "$ROUNDS"); do
  for n in "${NAMES[@]}"; do
    read -r t0 l0 w0 <<< "$(snap "${PID[$n]}")"; read -r i0 a0 <<< "$(cpu)"
    out=$(wrk -t2 -c64 -d"${D}s" --latency "http://127.0.0.1:${PORT[$n]}/")
    read -r t1 l1 w1 <<< "$(snap "${PID[$n]}")"; read -r i1 a1 <<< "$(cpu)"
    rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out"); cnt=$(awk '/requests in/ {print $1}' <<< "$out")
    p99=$(awk '$1=="99%" {print $2}' <<< "$out")
    awk -v r="$r" -v n="$n" -v c="$cnt" -v rps="$rps" -v p99="$p99" -v t=$((t1 - t0)) \
      -v l=$((l1 - l0)) -v w=$((w1 - w0)) -v idle=$((i1 - i0)) -v all=$((a1 - a0)) \
      'BEGIN {printf "r%s %s rps=%s p99=%s cpu_us_per_req=%.1f loop=%.1f writer=%.1f idle=%.1f%%\n", r, n, rps, p99, t * 1e4 / c, l * 1e4 / c, w * 1e4 / c, 100 * idle / all}'
  done
done
