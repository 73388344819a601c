#!/usr/bin/env bash
# Side-by-side HTTP benchmark on loopback, in one run: a trivial upstream (nginx serving a
# 100-byte file), nginx as a plain reverse proxy with upstream keep-alive, nginx as a reverse proxy
# that checks a bearer token against a `map` (the cheapest authenticated proxy nginx can be), and
# one Drawbridge gateway per audit mode asked for. Each gateway is measured on the paths users
# take:
#   bypass   a `bypass` policy (no credential, no assertion)
#   token    a service token as `Authorization: Bearer <client_id>.<client_secret>`, allowed by
#            policy, with the Drawbridge-Jwt-Assertion (reused, SPEC §4) sent upstream
#   session  a user session cookie (minted in the gateway's store before it starts), allowed by
#            a group policy, with the assertion
# Targets are measured in interleaved rounds; medians are shown. Prints requests/s, p50, p99 and
# the CPU time each proxy spent per request (all threads, from /proc), the audit writer thread's
# CPU per event, and each gateway target's ratios against both nginx proxies.
#
#   bench/gateway-bench.sh [duration_s=10] [connections=64] [modes=batched,strict]
#
# modes: a comma-separated list of off, batched, strict. "off" starts the gateway with
# -Ddrawbridge.bench.auditOff=true: access events are not written at all (a benchmark-only
# switch, to measure what the audit log costs).
# Environment: ROUNDS (default 3), WARMUP (seconds of load on each gateway target before
# measuring, default 20), PATHS (default bypass,token,session), WORKERS (default: cores - 1, at
# least 1): nginx proxies' worker_processes and every gateway's server.event_loops, the same for
# all. The upstream and each proxy are separate processes so that the CPU time of each is counted
# apart (from /proc/<pid>/task/*/stat, user + system, all threads).
#
# Needs: nginx, wrk (apt-get install nginx wrk), python3, a built jar (./drawbridge builds it) and
# the benchmark jar (built here when missing: mvn -pl bench -am package -DskipTests).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DUR="${1:-10}"; CONNS="${2:-64}"; MODES="${3:-batched,strict}"; ROUNDS="${ROUNDS:-3}"
PATHS="${PATHS:-bypass,token,session}"
WORKERS="${WORKERS:-$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))}"
command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
IFS=, read -r -a MODE_LIST <<< "$MODES"
IFS=, read -r -a PATH_LIST <<< "$PATHS"
for m in "${MODE_LIST[@]}"; do
  case "$m" in off|batched|strict) ;; *) echo "unknown audit mode '$m' (expected: off, batched or strict)" >&2; exit 2;; esac
done
for p in "${PATH_LIST[@]}"; do
  case "$p" in bypass|token|session) ;; *) echo "unknown path '$p' (expected: bypass, token or session)" >&2; exit 2;; esac
done
JAR="$ROOT/cli/target/drawbridge.jar"
BENCHJAR="$ROOT/bench/target/benchmarks.jar"
"$ROOT/drawbridge" --version >/dev/null 2>&1 || true
if [ ! -f "$BENCHJAR" ]; then
  (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip=true package -pl bench -am) >&2
fi
WORK="$(mktemp -d /tmp/drawbridge-bench.XXXXXX)"
UP=18181; NGX=18182; NGXT=18183
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
# nginx's token: the shape of a Drawbridge one (client id, a dot, a 43-character secret)
NGX_TOKEN="db_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n').$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
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
proxy_conf() { # name port token-check(0|1)
  local check=""
  if [ "$3" = 1 ]; then check='if ($token_ok = 0) { return 401; }'; fi
  cat > "$WORK/nginx-$1.conf" <<NGINX
worker_processes $WORKERS;
pid $WORK/nginx-$1.pid;
error_log $WORK/logs/error-$1.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  map_hash_bucket_size 128;
  upstream backend { server 127.0.0.1:$UP; keepalive 128; }
  map \$http_authorization \$token_ok { default 0; "Bearer $NGX_TOKEN" 1; }
  server {
    listen 127.0.0.1:$2;
    location / {
      $check
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
NGINX
}
proxy_conf proxy "$NGX" 0
proxy_conf tokenproxy "$NGXT" 1
nginx -c "$WORK/nginx-up.conf" -p "$WORK"
nginx -c "$WORK/nginx-proxy.conf" -p "$WORK"
nginx -c "$WORK/nginx-tokenproxy.conf" -p "$WORK"

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
      - {name: public files, decision: bypass, include: [{everyone: true}], paths: ["/public/**"]}
      - {name: ci, decision: allow, include: [{service_token: [bench-ci]}]}
      - {name: staff, decision: allow, include: [{group: [engineering]}]}
YAML
  # a signed-in user, as a login would leave one; the gateway loads it at start
  java -cp "$BENCHJAR" dev.drawbridge.bench.MintSession "$WORK/$m/drawbridge.yaml" \
    ana@corp.example engineering hwk > "$WORK/$m/cookie" 2> "$WORK/logs/mint-$m.log" \
    || { echo "minting a session failed:"; cat "$WORK/logs/mint-$m.log"; exit 1; }
  java -Xms512m -Xmx512m "${extra[@]}" ${GATEWAY_JAVA_OPTS:-} -jar "$JAR" serve \
    --config "$WORK/$m/drawbridge.yaml" > "$WORK/logs/gateway-$m.log" 2>&1 &
  GWPIDS+=("$!")
  eval "PORT_$m=$port; PID_$m=$!"
done
for m in "${MODE_LIST[@]}"; do
  eval "port=\$PORT_$m"
  for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$port/public/" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -sS -i "http://127.0.0.1:$port/public/" | head -1 | grep -q " 200" \
    || { echo "gateway ($m) did not answer 200:"; cat "$WORK/logs/gateway-$m.log"; exit 1; }
  java -jar "$JAR" token create --config "$WORK/$m/drawbridge.yaml" --name bench-ci --app static \
    --json > "$WORK/$m/token.json" 2> "$WORK/logs/token-$m.log" \
    || { echo "creating the token failed:"; cat "$WORK/logs/token-$m.log"; exit 1; }
  jq -r '"Bearer " + .client_id + "." + .client_secret' "$WORK/$m/token.json" > "$WORK/$m/bearer"
done
# the Lua script wrk runs to send a header (only for the authenticated targets)
header_script() { # file header value
  printf 'wrk.headers["%s"] = "%s"\n' "$2" "$3" > "$1"
}
header_script "$WORK/ngx-token.lua" Authorization "Bearer $NGX_TOKEN"
for m in "${MODE_LIST[@]}"; do
  header_script "$WORK/$m/token.lua" Authorization "$(cat "$WORK/$m/bearer")"
  header_script "$WORK/$m/session.lua" Cookie "$(cat "$WORK/$m/cookie")"
done
check() { # url lua -> fails unless 200 with the header
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "$(sed -E 's/wrk.headers\["([^"]+)"\] = "(.*)"/\1: \2/' "$2")" "$1")"
  [ "$code" = 200 ] || { echo "$1 with $(sed -E 's/wrk.headers\["([^"]+)"\].*/\1/' "$2") answered $code, not 200" >&2; exit 1; }
}
check "http://127.0.0.1:$NGXT/" "$WORK/ngx-token.lua"
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGXT/")"
[ "$code" = 401 ] || { echo "token-checking nginx answered $code without a token, not 401" >&2; exit 1; }
for m in "${MODE_LIST[@]}"; do
  eval "port=\$PORT_$m"
  check "http://127.0.0.1:$port/app/" "$WORK/$m/token.lua"
  check "http://127.0.0.1:$port/app/" "$WORK/$m/session.lua"
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
writer_ticks() { # gateway pid -> ticks of its audit writer thread (0 when there is none)
  local sum=0 t
  for t in /proc/"$1"/task/*; do
    if grep -q '^drawbridge-audi' "$t/comm" 2>/dev/null; then
      sum=$((sum + $(sed 's/.*) //' "$t/stat" | awk '{print $12+$13}')))
    fi
  done
  echo "$sum"
}
split_ticks() { # gateway pid -> "loop gc jit writer other" ticks, by thread name
  local t name v loop=0 gc=0 jit=0 writer=0 other=0
  for t in /proc/"$1"/task/*; do
    name="$(cat "$t/comm" 2>/dev/null)" || continue
    v="$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12+$13}')" || continue
    case "$name" in
      multiThreadIo*|*EventLoop*|epoll*|io_uring*) loop=$((loop + v));;
      "GC Thread"*|G1*|"VM Thread"*) gc=$((gc + v));;
      C1\ *|C2\ *) jit=$((jit + v));;
      drawbridge-audi*) writer=$((writer + v));;
      *) other=$((other + v));;
    esac
  done
  echo "$loop $gc $jit $writer $other"
}
to_us() { echo "$1" | awk '/us$/ {sub("us","");print $1; next} /ms$/ {sub("ms","");print $1*1000; next} /s$/ {sub("s","");print $1*1000000}'; }
measure() { # url lua-or-"" writer-pid-or-0 pids... -> "rps p50_us p99_us cpu_us_per_request writer_us_per_request split"
  local url="$1" lua="$2" wpid="$3" out before after wb wa n sb="0 0 0 0 0" sa="0 0 0 0 0" script=(); shift 3
  [ -n "$lua" ] && script=(-s "$lua")
  before="$(ticks "$@")"; wb=0; [ "$wpid" != 0 ] && wb="$(writer_ticks "$wpid")" && sb="$(split_ticks "$wpid")"
  out="$(wrk -t2 -c"$CONNS" -d"${DUR}s" --latency "${script[@]}" "$url")"
  if echo "$out" | grep -qE "Non-2xx|Socket errors"; then
    echo "warning: $url: $(echo "$out" | grep -E "Non-2xx|Socket errors" | tr -s ' ' | tr '\n' ';')" >&2
  fi
  after="$(ticks "$@")"; wa=0; [ "$wpid" != 0 ] && wa="$(writer_ticks "$wpid")" && sa="$(split_ticks "$wpid")"
  n="$(echo "$out" | awk '/requests in/ {print $1}')"
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(to_us "$(echo "$out" | awk '$1=="50%" {print $2}')") $(to_us "$(echo "$out" | awk '$1=="99%" {print $2}')") $(awk -v t=$((after - before)) -v w=$((wa - wb)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f %.2f", t * 1e6 / hz / n, w * 1e6 / hz / n}') $(echo "$sb $sa" | awk -v n="$n" -v hz="$(getconf CLK_TCK)" '{ if ($1+$2+$3+$4+$5 == 0 && $6+$7+$8+$9+$10 == 0) { print "-"; exit } f = 1e6 / hz / n; printf "loop=%.0f,gc=%.0f,jit=%.0f,writer=%.0f,other=%.0f", ($6-$1)*f, ($7-$2)*f, ($8-$3)*f, ($9-$4)*f, ($10-$5)*f }')"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
target_url() { # target -> url
  case "$1" in
    UP) echo "http://127.0.0.1:$UP/";; NGX) echo "http://127.0.0.1:$NGX/";; NGXT) echo "http://127.0.0.1:$NGXT/";;
    *) local m="${1%%-*}" p="${1#*-}" port; eval "port=\$PORT_$m"
       if [ "$p" = bypass ]; then echo "http://127.0.0.1:$port/public/"; else echo "http://127.0.0.1:$port/app/"; fi;;
  esac
}
target_lua() {
  case "$1" in UP|NGX) echo "";; NGXT) echo "$WORK/ngx-token.lua";;
    *) local m="${1%%-*}" p="${1#*-}"; [ "$p" = bypass ] && echo "" || echo "$WORK/$m/$p.lua";; esac
}
target_pids() {
  case "$1" in UP) pgrep -P "$(cat "$WORK/nginx-up.pid")";; NGX) pgrep -P "$(cat "$WORK/nginx-proxy.pid")";;
    NGXT) pgrep -P "$(cat "$WORK/nginx-tokenproxy.pid")";; *) eval "echo \$PID_${1%%-*}";; esac
}
target_writer() { case "$1" in UP|NGX|NGXT) echo 0;; *) eval "echo \$PID_${1%%-*}";; esac; }

TARGETS=(UP NGX NGXT)
for m in "${MODE_LIST[@]}"; do for p in "${PATH_LIST[@]}"; do TARGETS+=("$m-$p"); done; done
echo "wrk -t2 -c$CONNS -d${DUR}s x $ROUNDS rounds (targets interleaved, median shown), 100-byte file, audit modes: $MODES, paths: $PATHS, $(nproc) cores, $(date -u +%FT%TZ)"
# warm-up: 3 s for the C servers, WARMUP s (default 20) for each gateway target: without warm-up
# the gateway's first round is 30-60% slower than its later ones (JIT).
for t in UP NGX NGXT; do
  lua="$(target_lua "$t")"; s=(); [ -n "$lua" ] && s=(-s "$lua")
  wrk -t2 -c"$CONNS" -d3s "${s[@]}" "$(target_url "$t")" >/dev/null 2>&1
done
for t in "${TARGETS[@]:3}"; do
  lua="$(target_lua "$t")"; s=(); [ -n "$lua" ] && s=(-s "$lua")
  wrk -t2 -c"$CONNS" -d"${WARMUP:-20}s" "${s[@]}" "$(target_url "$t")" >/dev/null 2>&1
done
: > "$WORK/results"
for r in $(seq 1 "$ROUNDS"); do
  for t in "${TARGETS[@]}"; do
    # shellcheck disable=SC2046
    echo "$t $(measure "$(target_url "$t")" "$(target_lua "$t")" "$(target_writer "$t")" $(target_pids "$t"))" >> "$WORK/results"
  done
done
printf "%-34s %12s %10s %10s %14s %14s\n" target "requests/s" "p50 (us)" "p99 (us)" "CPU us/request" "writer us/ev"
for t in "${TARGETS[@]}"; do
  rps=$(awk -v t="$t" '$1==t {print $2}' "$WORK/results" | median)
  p50=$(awk -v t="$t" '$1==t {print $3}' "$WORK/results" | median)
  p99=$(awk -v t="$t" '$1==t {print $4}' "$WORK/results" | median)
  cpu=$(awk -v t="$t" '$1==t {print $5}' "$WORK/results" | median)
  wr=$(awk -v t="$t" '$1==t {print $6}' "$WORK/results" | median)
  case $t in UP) name="upstream (direct)"; wr="-";; NGX) name="nginx proxy"; wr="-";;
    NGXT) name="nginx proxy + bearer map";  wr="-";;
    *) name="drawbridge ${t#*-} (audit ${t%%-*})";; esac
  printf "%-34s %12s %10s %10s %14s %14s\n" "$name" "$rps" "$p50" "$p99" "$cpu" "$wr"
  key="${t//-/_}"
  eval "RPS_$key=$rps; P99_$key=$p99; CPU_$key=$cpu"
done
echo "all rounds (target rps p50_us p99_us cpu_us_per_request writer_cpu_us_per_request gateway_cpu_us_per_request_by_thread):"; sed 's/^/  /' "$WORK/results"
echo "proxy workers: nginx worker_processes $WORKERS, gateway server.event_loops $WORKERS"
for t in "${TARGETS[@]:3}"; do
  key="${t//-/_}"
  eval "a=\$RPS_$key; c=\$P99_$key; e=\$CPU_$key"
  awk -v n="${t#*-} (audit ${t%%-*})" -v a="$a" -v c="$c" -v e="$e" \
    -v b="$RPS_NGX" -v d="$P99_NGX" -v f="$CPU_NGX" -v bt="$RPS_NGXT" -v dt="$P99_NGXT" -v ft="$CPU_NGXT" \
    'BEGIN { printf "ratio %-26s vs nginx proxy: rps %.2f p99 %.2f CPU %.2f | vs nginx+token: rps %.2f p99 %.2f CPU %.2f\n", n, a/b, c/d, e/f, a/bt, c/dt, e/ft }'
done
for m in "${MODE_LIST[@]}"; do
  eval "a=\${RPS_${m}_session:-}; b=\${RPS_${m}_token:-}"
  [ -n "$a" ] && [ -n "$b" ] && awk -v m="$m" -v a="$a" -v b="$b" \
    'BEGIN { printf "session cookie against service token (audit %s): %.2f\n", m, a/b }'
done
if [ -n "${RPS_off_bypass:-}${RPS_off_token:-}" ]; then
  for p in "${PATH_LIST[@]}"; do for m in batched strict; do
    eval "a=\${RPS_${m}_$p:-}; o=\${RPS_off_$p:-}"
    [ -n "$a" ] && [ -n "$o" ] && awk -v m="$m" -v p="$p" -v a="$a" -v b="$o" \
      'BEGIN { printf "audit %s costs %.1f%% of %s throughput against audit off (medians, same run)\n", m, 100 * (1 - a / b), p }'
  done; done
fi
exit 0
