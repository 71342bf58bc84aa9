#!/usr/bin/env bash
# Added latency and throughput of the gateway over a direct call to a backend, with nginx as the peer.
# Starts a minimal Kestrel backend, the real gateway (Release), nginx (one worker, upstream keepalive) and
# the floor (YARP's direct forwarder alone on Kestrel, over HTTP/2 and HTTP/1.1 to the backend), loads each
# in turn on loopback with wrk for ROUNDS rounds, prints medians side by side, and stops everything it started.
#
#   benchmarks/Gateway.Benchmarks/run.sh                 # 5 rounds of 10 s, 32 connections
#   ROUNDS=3 DURATION=10s CONNECTIONS=32 benchmarks/Gateway.Benchmarks/run.sh
#   GATEWAY_VARIANTS=$'gateway\ngc-workstation DOTNET_gcServer=0' benchmarks/Gateway.Benchmarks/run.sh
#   GATEWAY_VARIANTS=$'gateway\nbefore @main' benchmarks/Gateway.Benchmarks/run.sh
#   SYSCALLS=1 benchmarks/Gateway.Benchmarks/run.sh       # syscalls and context switches per request (perf)
#   BARE=0 benchmarks/Gateway.Benchmarks/run.sh           # without the bare forwarders
#
# GATEWAY_VARIANTS: one gateway per line, "name [@git-ref] [+h2c] [ENV=value ...]", all in the same run so
# each is compared with direct and nginx under the same noise. With @git-ref the variant runs that commit's
# gateway (built once per ref from `git archive`), so a code change is measured beside its parent. With +h2c
# the lineage cluster talks HTTP/2 with prior knowledge to the backend's second, HTTP/2-only endpoint.
# BARE=1 (default): also bare-h2c and bare-http1, the same route through YARP's direct forwarder with no
# middleware, telemetry or health checks (BareForwarder/Program.cs): the least any gateway on YARP can cost.
# SYSCALLS=1: instead of the rounds, one run per target under `perf stat` (syscall tracepoints: counted in
# the kernel, without strace's slow-down that changes how the servers batch), printing per request the
# syscalls by type, the context switches and the CPU time, of the proxy and of the backend behind it.
# CPU µs/req is the server's own user+system time per request (direct: the backend; nginx and the
# gateways: the proxy alone), which the other tenants of a shared machine disturb far less than req/s.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-15s} # long enough for tiered JIT to settle, so rounds measure steady state
BASE_PORT=${BASE_PORT:-5900}
MODEL_PATH=/models/meta-llama/Llama-2-7b
# The gateway as committed and the gateway before any tuning (commit 4e9a868: YARP's defaults, server GC,
# every request traced), so each run shows what the tuning buys under the same noise.
GATEWAY_VARIANTS=${GATEWAY_VARIANTS:-"gateway
gateway-h2c +h2c
gateway-untuned @4e9a868"}
SYSCALLS=${SYSCALLS:-0}
BARE=${BARE:-1}
case "$BARE" in 0|1) ;; *) echo "BARE must be 0 or 1, not '$BARE'" >&2; exit 2 ;; esac

work=$(mktemp -d /tmp/gateway-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wrk || ! need nginx; then
  echo "installing wrk and nginx (Debian)…" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk nginx >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

echo "building backend, bare forwarder and gateway (Release)…" >&2
dotnet build -c Release -v q -nologo "$here/Backend/Gateway.Benchmarks.Backend.csproj" >/dev/null
[ "$BARE" != 1 ] || dotnet build -c Release -v q -nologo "$here/BareForwarder/Gateway.Benchmarks.BareForwarder.csproj" >/dev/null
dotnet build -c Release -v q -nologo "$root/services/Gateway/Gateway.csproj" >/dev/null
build_ref() { # git ref -> directory of that commit's gateway build
  local dir="$work/ref-${1//[^A-Za-z0-9._-]/_}"
  if [ ! -d "$dir" ]; then
    echo "building the gateway at $1 (Release)…" >&2
    mkdir -p "$dir"
    git -C "$root" archive "$1" | tar -x -C "$dir"
    dotnet build -c Release -v q -nologo "$dir/services/Gateway/Gateway.csproj" >/dev/null
  fi
  echo "$dir/artifacts/bin/Gateway/release"
}
backend_dll="$root/artifacts/bin/Gateway.Benchmarks.Backend/release/Gateway.Benchmarks.Backend.dll"
bare_dll="$root/artifacts/bin/Gateway.Benchmarks.BareForwarder/release/Gateway.Benchmarks.BareForwarder.dll"
gateway_dir="$root/artifacts/bin/Gateway/release"

wait_for() { # url
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "no answer from $1" >&2; return 1
}

# The backend listens as a service would for the gateway: HTTP/1.1 and, on a second endpoint, HTTP/2 only
# (cleartext HTTP/2 needs prior knowledge, which Kestrel accepts only on an endpoint without HTTP/1.1).
backend_port=$BASE_PORT
backend_h2c_port=$((BASE_PORT + 1))
nginx_port=$((BASE_PORT + 2))
(cd "$work" && exec dotnet "$backend_dll" \
    --Kestrel:Endpoints:http:Url="http://127.0.0.1:$backend_port" \
    --Kestrel:Endpoints:h2c:Url="http://127.0.0.1:$backend_h2c_port" --Kestrel:Endpoints:h2c:Protocols=Http2 \
    >"$work/backend.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$backend_port$MODEL_PATH"
h2c_settings="ReverseProxy__Clusters__lineage__Destinations__primary__Address=http://127.0.0.1:$backend_h2c_port/
ReverseProxy__Clusters__lineage__HttpRequest__Version=2
ReverseProxy__Clusters__lineage__HttpRequest__VersionPolicy=RequestVersionExact
ReverseProxy__Clusters__lineage__HttpClient__EnableMultipleHttp2Connections=true"

# nginx: one worker, HTTP/1.1 with keepalive to the upstream, the same /api/lineage prefix stripped.
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  upstream backend { server 127.0.0.1:$backend_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location /api/lineage/ {
      proxy_pass http://backend/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_for "http://127.0.0.1:$nginx_port/api/lineage$MODEL_PATH"

# Gateways: the real Program, the lineage cluster pointed at the backend, a rate limit that never bites.
# Each target: name, URL and the process whose CPU time a request through it costs (nginx: with its worker).
targets=("direct http://127.0.0.1:$backend_port$MODEL_PATH ${pids[0]}" "nginx http://127.0.0.1:$nginx_port/api/lineage$MODEL_PATH ${pids[1]}")
port=$((BASE_PORT + 3))
while IFS= read -r line; do
  [ -n "$line" ] || continue
  read -r name envs <<<"$line"
  dir=$gateway_dir
  if [[ $envs == @* ]]; then
    read -r ref envs <<<"$envs"
    dir=$(build_ref "${ref#@}")
  fi
  if [[ $envs == +h2c* ]]; then
    envs="$(echo $h2c_settings) ${envs#+h2c}"
  fi
  # shellcheck disable=SC2086
  (cd "$dir" && exec env \
      ReverseProxy__Clusters__lineage__Destinations__primary__Address="http://127.0.0.1:$backend_port/" \
      Gateway__RateLimitPermits=100000000 \
      $envs dotnet OpenAccess.Gateway.dll --urls "http://127.0.0.1:$port" >"$work/$name.log" 2>&1) &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/api/lineage$MODEL_PATH"
  targets+=("$name http://127.0.0.1:$port/api/lineage$MODEL_PATH ${pids[-1]}")
  port=$((port + 1))
done <<<"$GATEWAY_VARIANTS"

# The floor: the same route through YARP's direct forwarder and nothing else, to each of the backend's endpoints.
if [ "$BARE" = 1 ]; then
  for bare in "bare-h2c $backend_h2c_port 2" "bare-http1 $backend_port 1.1"; do
    read -r name to version <<<"$bare"
    (cd "$work" && exec dotnet "$bare_dll" --urls "http://127.0.0.1:$port" \
        --Destination "http://127.0.0.1:$to/" --HttpVersion "$version" >"$work/$name.log" 2>&1) &
    pids+=($!)
    wait_for "http://127.0.0.1:$port/api/lineage$MODEL_PATH"
    targets+=("$name http://127.0.0.1:$port/api/lineage$MODEL_PATH ${pids[-1]}")
    port=$((port + 1))
  done
fi

load() { # duration url -> "RESULT requests rps p50us p99us errors"
  wrk -t1 -c"$CONNECTIONS" -d"$1" -s "$here/result.lua" "$2" | grep '^RESULT'
}

cpu_ticks() { # pid -> user+system clock ticks of it and its children so far
  local total=0 p
  for p in "$1" $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
ticks_per_second=$(getconf CLK_TCK)

echo "warming up ($WARMUP each)…" >&2
for t in "${targets[@]}"; do read -r _ url _ <<<"$t"; load "$WARMUP" "$url" >/dev/null; done

if [ "$SYSCALLS" = 1 ]; then
  command -v perf >/dev/null || { echo "SYSCALLS=1 needs perf (Debian: linux-perf)" >&2; exit 1; }
  events=raw_syscalls:sys_enter,context-switches,task-clock
  kinds="recvfrom sendto writev readv recvmsg sendmsg read write epoll_wait epoll_ctl futex sched_yield getsockopt"
  for k in $kinds; do events+=",syscalls:sys_enter_$k"; done
  per_request() { # perf stat CSV, requests -> "all … | cs …" per request, zero kinds left out
    awk -F, -v n="$2" -v kinds="$kinds" '
      !/^#/ && NF > 2 { e = $3; sub(/^syscalls:sys_enter_/, "", e); v[e] = $1 }
      END {
        printf "syscalls %5.2f:", v["raw_syscalls:sys_enter"] / n
        split(kinds, k, " ")
        for (i = 1; i in k; i++) if (v[k[i]] / n >= 0.01) printf " %s %.2f", k[i], v[k[i]] / n
        printf " | context switches %.2f | CPU %.0f µs\n", v["context-switches"] / n, v["task-clock"] * 1000 / n
      }' "$1"
  }
  backend_pid=${pids[0]}
  echo "wrk -t1 -c$CONNECTIONS -d$DURATION per target; per request, counted by perf stat"
  for t in "${targets[@]}"; do
    read -r name url pid <<<"$t"
    server_pids=$(printf '%s,' "$pid" $(pgrep -P "$pid" || true)); server_pids=${server_pids%,}
    perf stat -x, -e "$events" -p "$server_pids" -o "$work/proxy.csv" & proxy_stat=$!
    backend_stat=
    if [ "$pid" != "$backend_pid" ]; then
      perf stat -x, -e "$events" -p "$backend_pid" -o "$work/backend.csv" & backend_stat=$!
    fi
    sleep 0.5
    read -r _ requests rps _ <<<"$(load "$DURATION" "$url")"
    kill -INT $proxy_stat $backend_stat; wait $proxy_stat $backend_stat 2>/dev/null || true
    printf '%-24s %8.0f req/s  %-8s %s\n' "$name" "$rps" "$([ -n "$backend_stat" ] && echo proxy || echo backend)" "$(per_request "$work/proxy.csv" "$requests")"
    [ -z "$backend_stat" ] || printf '%-24s %8s        %-8s %s\n' "" "" backend "$(per_request "$work/backend.csv" "$requests")"
  done
  exit 0
fi

results="$work/results"
echo "load average before: $(cat /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for t in "${targets[@]}"; do
    read -r name url pid <<<"$t"
    before=$(cpu_ticks "$pid")
    read -r _ requests rps p50 p99 errors < <(load "$DURATION" "$url")
    cpu_us=$(awk "BEGIN{print ($(cpu_ticks "$pid") - $before) * 1e6 / $ticks_per_second / $requests}")
    echo "$round $name $rps $p50 $p99 $errors $cpu_us" >>"$results"
    printf 'round %d  %-24s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d  cpu %4.0f us/req\n' \
      "$round" "$name" "$rps" "$(awk "BEGIN{print $p50/1000}")" "$(awk "BEGIN{print $p99/1000}")" "$errors" "$cpu_us" >&2
  done
  echo "round $round  load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done

echo "load average after: $(cat /proc/loadavg)"
echo
echo "wrk -t1 -c$CONNECTIONS -d$DURATION, $ROUNDS rounds, medians; added latency and % of direct are per-round against that round's direct run; CPU µs/req of the proxy (direct: the backend)"
python3 - "$results" "$(printf '%s\n' "${targets[@]}" | awk '{print $1}')" <<'PY'
import sys, statistics as st
rows = [l.split() for l in open(sys.argv[1])]
order = sys.argv[2].split()
runs = {}
for r, name, rps, p50, p99, err, cpu in rows:
    runs.setdefault(name, {})[int(r)] = (float(rps), float(p50) / 1000, float(p99) / 1000, int(err), float(cpu))
direct = runs["direct"]
print(f"| {'target':<24} | {'req/s':>8} | {'p50 ms':>6} | {'p99 ms':>6} | {'+p50 ms':>7} | {'+p99 ms':>7} | {'% of direct':>11} | errors | {'CPU µs/req':>10} |")
print(f"|{'-'*26}|{'-'*10}:|{'-'*7}:|{'-'*7}:|{'-'*8}:|{'-'*8}:|{'-'*12}:|{'-'*7}:|{'-'*11}:|")
for name in order:
    rs = runs[name]
    med = lambda i: st.median(v[i] for v in rs.values())
    add50 = st.median(rs[r][1] - direct[r][1] for r in rs)
    add99 = st.median(rs[r][2] - direct[r][2] for r in rs)
    pct = st.median(100 * rs[r][0] / direct[r][0] for r in rs)
    print(f"| {name:<24} | {med(0):>8.0f} | {med(1):>6.2f} | {med(2):>6.2f} | {add50:>+7.2f} | {add99:>+7.2f} | {pct:>10.0f}% | {sum(v[3] for v in rs.values()):>6} | {med(4):>10.0f} |")
PY
