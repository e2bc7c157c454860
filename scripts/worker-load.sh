#!/usr/bin/env bash
# Bounded loopback load on the edge worker under `wrangler dev`, BEFORE (syumai's
# generated entry: a new Go instance per request) and AFTER (worker/entry.mjs:
# one Go instance per isolate, cached GETs and 304s answered before Go).
#
# For each entry: cold start (wrangler spawn → first 200, and the first request
# alone), then `wrk` for a fixed duration on
#   GET latest                       /v1/teams/demo/packs/load-test
#   GET latest + If-None-Match (304)
#   GET history (always through Go)  /v1/teams/demo/packs/load-test/versions
# printing requests/s, p50/p99 latency and errors (non-2xx/3xx + socket
# errors; must be 0), and the worker's wasm size raw/gzip against Cloudflare's
# limits. Traffic goes to 127.0.0.1 only; every server started is stopped.
#
# Usage: scripts/worker-load.sh [--duration SECONDS] [--connections N] [--only before|after]
set -euo pipefail

duration=10
conns=8
only=
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) conns="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "worker-load: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "worker-load: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d /tmp/abh-worker-load.XXXXXX)"
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
now_ms() { date +%s%3N; }

echo "== building the worker"
(cd "$root/worker" &&
  go run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build >/dev/null &&
  GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o build/app.wasm ./edge)
wasm="$root/worker/build/app.wasm"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
bundle_gz=$(cat "$wasm" "$root/worker/build/wasm_exec.js" "$root/worker/entry.mjs" | gzip -9 | wc -c)
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1000000 }'; }
echo "wasm: $(mb "$raw") raw, $(mb "$gz") gzip; whole worker $(mb "$bundle_gz") gzip vs Cloudflare's limit 3 MB (free) / 10 MB (paid) compressed"

# The pack under load: the test pack renamed load-test.
sed 's/"name": "acme-sales"/"name": "load-test"/' "$root/worker/testdata/acme-sales.json" > "$work/load-test.json"
etag="\"$(sha256sum "$work/load-test.json" | cut -d' ' -f1)\""

# CPU time (ms) used so far by every process of the server's process group
# (wrangler's node and its workerd processes).
group_cpu_ms() {
  local total=0 pid t
  for pid in $(ps -o pid= -g "$server_pid" 2>/dev/null); do
    t=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo $((total * 1000 / $(getconf CLK_TCK)))
}

# The user worker's own workerd socket, behind wrangler dev's proxy: the
# listening port of the group's workerd started with entry=127.0.0.1:0 that
# answers PATH with 200. Measuring it too shows the worker without the dev
# proxy's hop (production has no such proxy).
direct_port() { # path
  local pid port
  for pid in $(ps -o pid=,args= -g "$server_pid" | awk '/workerd serve/ && /entry=127.0.0.1:0/ { print $1 }'); do
    for port in $(ss -ltnpH 2>/dev/null | awk -v p="pid=$pid," 'index($0, p) { n = split($4, a, ":"); print a[n] }'); do
      if [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$1")" = 200 ]; then
        echo "$port"
        return
      fi
    done
  done
}

# load LABEL KEY URL [wrk args...]: one wrk run with CPU accounting.
load() {
  local label="$1" key="$2" url="$3" c0 c1
  shift 3
  c0=$(group_cpu_ms)
  wrk -t2 -c"$conns" -d"${duration}s" --latency "$@" "$url" >"$work/wrk-$key.txt" 2>&1
  c1=$(group_cpu_ms)
  parse_wrk "$label" "$work/wrk-$key.txt" "$((c1 - c0))"
  rps[$key]=$(awk '/Requests\/sec:/ { print $2 }' "$work/wrk-$key.txt")
  cpu[$key]=$(awk -v c="$((c1 - c0))" '/ requests in / { if ($1 > 0) printf "%.3f", c / $1 }' "$work/wrk-$key.txt")
}

parse_wrk() { # label file cpu_ms
  awk -v label="$1" -v cpu="$3" '
    /Requests\/sec:/ { rps = $2 }
    /^ +50%/ { p50 = $2 }
    /^ +99%/ { p99 = $2 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    /Socket errors:/ { gsub(",", ""); sock = $4 + $6 + $8 + $10 }
    / requests in / { total = $1 }
    END { printf "  %-34s %8.1f req/s  p50 %8s  p99 %8s  requests %6d  errors %d  server CPU %.2f ms/request\n", label, rps, p50, p99, total, non2xx + sock, (total > 0 ? cpu / total : 0) }
  ' "$2"
  awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { exit n > 0 }' "$2" || errors_seen=1
}

errors_seen=0
declare -A rps cpu
run_entry() { # ours|generated label
  local entry="$1" label="$2" port state base start ready first t0 t1
  port=$(free_port)
  state="$work/state-$entry"
  base="http://127.0.0.1:$port"
  echo
  echo "== $label (entry: $entry, port $port)"
  start=$(now_ms)
  ABH_PUBLISH_TOKEN=load-token setsid "$root/scripts/worker-dev.sh" --port "$port" --state "$state" --entry "$entry" --no-build --log-level warn \
    >"$work/server-$entry.log" 2>&1 &
  server_pid=$!
  # Ready = wrangler listening; then time the first request alone (Go start).
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server-$entry.log" >&2; echo "worker-load: the server died" >&2; exit 1; }
    sleep 0.05
  done
  ready=$(now_ms)
  t0=$(now_ms)
  curl -sf -o /dev/null --retry 20 --retry-delay 1 --retry-all-errors "$base/healthz"
  t1=$(now_ms)
  echo "  cold start: $((t1 - start)) ms from spawning the dev server to the first 200 (listening after $((ready - start)) ms, incl. build check and D1 migrate+seed; first request $((t1 - t0)) ms)"
  curl -sf -o /dev/null -X PUT -H "Authorization: Bearer load-token" --data-binary @"$work/load-test.json" "$base/v1/teams/demo/packs/load-test"
  local url="$base/v1/teams/demo/packs/load-test"
  for _ in 1 2 3; do curl -sf -o /dev/null "$url"; curl -sf -o /dev/null "$url/versions"; done
  echo "  -- through wrangler dev (its proxy, then the worker):"
  load "GET latest" "$entry-get" "$url"
  load "GET latest, If-None-Match → 304" "$entry-304" "$url" -H "If-None-Match: $etag"
  load "GET versions (through Go + D1)" "$entry-hist" "$url/versions"
  local dp
  dp=$(direct_port /v1/teams/demo/packs/load-test)
  if [ -n "$dp" ]; then
    echo "  -- straight to the worker's own workerd socket (127.0.0.1:$dp, no dev proxy):"
    local durl="http://127.0.0.1:$dp/v1/teams/demo/packs/load-test"
    load "GET latest" "$entry-dget" "$durl"
    load "GET latest, If-None-Match → 304" "$entry-d304" "$durl" -H "If-None-Match: $etag"
    load "GET versions (through Go + D1)" "$entry-dhist" "$durl/versions"
  else
    echo "  (could not find the worker's own socket; skipping the direct figures)"
  fi
  # The 304 must really be a 304 and the GET a 200.
  local c1 c2
  c1=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  c2=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$url")
  [ "$c1" = 200 ] && [ "$c2" = 304 ] || { echo "worker-load: expected 200/304, got $c1/$c2" >&2; errors_seen=1; }
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

# The ceiling: a plain JS worker answering a pack-sized body, same wrangler dev.
run_ceiling() {
  local port
  port=$(free_port)
  mkdir -p "$work/ceiling"
  printf 'const body = "%s";\nexport default { fetch() { return new Response(body, { headers: { "content-type": "application/json" } }); } };\n' \
    "$(head -c 900 /dev/zero | tr '\0' x)" > "$work/ceiling/w.mjs"
  printf 'name = "ceiling"\nmain = "w.mjs"\ncompatibility_date = "2026-11-01"\n' > "$work/ceiling/wrangler.toml"
  echo
  echo "== CEILING: a plain JS worker with no Go and no D1 under the same wrangler dev (port $port)"
  CI=true WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false \
    setsid node "$root/node_modules/wrangler/wrangler-dist/cli.js" dev -c "$work/ceiling/wrangler.toml" --ip 127.0.0.1 --port "$port" \
      --log-level warn --persist-to "$work/ceiling/state" >"$work/ceiling/log" 2>&1 &
  server_pid=$!
  curl -sf -o /dev/null --retry 60 --retry-delay 1 --retry-all-errors --retry-connrefused "http://127.0.0.1:$port/"
  load "GET (plain JS), through wrangler dev" ceiling "http://127.0.0.1:$port/"
  local dp
  dp=$(direct_port /)
  [ -z "$dp" ] || load "GET (plain JS), straight to workerd" dceiling "http://127.0.0.1:$dp/"
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

echo "(wrk -t2 -c$conns -d${duration}s on 127.0.0.1; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
[ "$only" = after ] || run_entry generated "BEFORE: syumai's generated entry, new Go instance per request"
[ "$only" = before ] || run_entry ours "AFTER: worker/entry.mjs, one Go instance per isolate + caches"
[ -n "$only" ] || run_ceiling

if [ -z "$only" ]; then
  echo
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f×", a / b; else print "n/a" }'; }
  own() { awk -v a="$1" -v c="$2" 'BEGIN { d = a - c; if (d < 0.01) d = 0.01; printf "%.2f", d }'; }
  echo "== after / before, requests/s through wrangler dev: GET latest $(ratio "${rps[ours-get]}" "${rps[generated-get]}"), 304 $(ratio "${rps[ours-304]}" "${rps[generated-304]}"), through Go $(ratio "${rps[ours-hist]}" "${rps[generated-hist]}") (target ≥ 20× on GET)"
  if [ -n "${rps[ours-dget]:-}" ] && [ -n "${rps[generated-dget]:-}" ]; then
    echo "== after / before, requests/s straight to workerd: GET latest $(ratio "${rps[ours-dget]}" "${rps[generated-dget]}"), 304 $(ratio "${rps[ours-d304]}" "${rps[generated-d304]}"), through Go $(ratio "${rps[ours-dhist]}" "${rps[generated-dhist]}")"
  fi
  echo "== AFTER GET latest reaches $(awk -v a="${rps[ours-get]}" -v b="${rps[ceiling]}" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b }') of the plain-JS ceiling through wrangler dev${rps[dceiling]:+, $(awk -v a="${rps[ours-dget]:-0}" -v b="${rps[dceiling]}" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b }') straight to workerd}"
  if [ -n "${cpu[dceiling]:-}" ] && [ -n "${cpu[ours-dget]:-}" ] && [ -n "${cpu[generated-dget]:-}" ]; then
    b=$(own "${cpu[generated-dget]}" "${cpu[dceiling]}"); a=$(own "${cpu[ours-dget]}" "${cpu[dceiling]}")
    b3=$(own "${cpu[generated-d304]}" "${cpu[dceiling]}"); a3=$(own "${cpu[ours-d304]}" "${cpu[dceiling]}")
    echo "== the worker's own CPU per request (server CPU above the plain-JS worker's, straight to workerd): GET latest $b → $a ms ($(ratio "$b" "$a") less), 304 $b3 → $a3 ms ($(ratio "$b3" "$a3") less)"
  fi
fi
echo "(load average now $(cut -d' ' -f1-3 /proc/loadavg); other work on this machine lowers every figure alike)"
if [ "$errors_seen" != 0 ]; then
  echo "worker-load: errors seen (see above)" >&2
  exit 1
fi
