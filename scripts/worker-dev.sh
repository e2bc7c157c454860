#!/usr/bin/env bash
# Runs the edge worker locally under `wrangler dev` (workerd + local D1), on
# 127.0.0.1 only, no login and no network:
#   1. builds worker/build/ (syumai's assets + the Go wasm),
#   2. applies worker/migrations to the local D1 database "abh",
#   3. seeds team "demo" with the publish token $ABH_PUBLISH_TOKEN (default
#      dev-token; only its SHA-256 is stored),
#   4. starts wrangler dev. State lives in worker/.wrangler/ and survives
#      restarts (delete that folder for a clean database).
#
# Usage: scripts/worker-dev.sh [--port N] [--state DIR] [--entry ours|generated] [--log-level L] [--no-build]
#   --log-level L      wrangler's log level (default info: one line per
#                      request; warn keeps Node out of each request).
#   --state DIR        keep local D1 (and cache) state in DIR instead of
#                      worker/.wrangler/state (tests use a fresh temp dir).
#   --entry generated  serve through syumai's generated build/worker.mjs (a new
#                      Go instance per request) instead of worker/entry.mjs;
#                      for scripts/worker-load.sh's "before" figures.
set -euo pipefail

port=8787
entry=ours
build=1
state=
log_level=info
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    --entry) entry="${2:?--entry needs ours or generated}"; shift 2 ;;
    --entry=*) entry="${1#--entry=}"; shift ;;
    --state) state="${2:?--state needs a directory}"; shift 2 ;;
    --state=*) state="${1#--state=}"; shift ;;
    --log-level) log_level="${2:?--log-level needs a level}"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "worker-dev: unknown argument $1 (usage: scripts/worker-dev.sh [--port N] [--state DIR] [--entry ours|generated] [--log-level L] [--no-build])" >&2; exit 2 ;;
  esac
done
case "$port" in ''|*[!0-9]*) echo "worker-dev: --port wants a number, got '$port'" >&2; exit 2 ;; esac
case "$entry" in ours|generated) ;; *) echo "worker-dev: --entry is ours or generated, got '$entry'" >&2; exit 2 ;; esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/worker"

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "worker-dev: port $port on 127.0.0.1 is already in use — stop whatever listens there (ss -ltnp 'sport = :$port') or pick another port: scripts/worker-dev.sh --port $((port + 1))" >&2
  exit 1
fi

cli="$root/node_modules/wrangler/wrangler-dist/cli.js"
if [ ! -f "$cli" ]; then
  echo "worker-dev: wrangler is not installed; run 'npm ci' in $root" >&2
  exit 1
fi
# wrangler's bin refuses Node < 22.12; its CLI runs fine on this machine's
# Node 20, so call the CLI directly.
wrangler() { node "$cli" "$@"; }
export CI=true WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false
export WRANGLER_LOG_PATH="$root/worker/.wrangler/logs"
if [ -z "$state" ]; then
  state="$root/worker/.wrangler/state"
else
  mkdir -p "$state" && state="$(cd "$state" && pwd)"
fi
mkdir -p "$root/worker/.wrangler"

if [ "$build" = 1 ]; then
  if [ ! -f build/wasm_exec.js ] || [ ! -f build/worker.mjs ]; then
    go run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build >/dev/null
  fi
  GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o build/app.wasm ./edge
fi

config=wrangler.toml
if [ "$entry" = generated ]; then
  # Same worker, D1 binding and state, but syumai's per-request entry.
  sed -e 's|^main = .*|main = "worker.mjs"|' -e 's|^migrations_dir = .*|migrations_dir = "../migrations"|' wrangler.toml > build/wrangler.generated.toml
  config=build/wrangler.generated.toml
fi

wrangler d1 migrations apply abh --local --persist-to "$state" -c "$config" >"$state.migrate.log" 2>&1 || {
  cat "$state.migrate.log" >&2
  echo "worker-dev: applying the D1 migrations failed (log above)" >&2
  exit 1
}

token="${ABH_PUBLISH_TOKEN:-dev-token}"
hash="$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)"
now="strftime('%Y-%m-%dT%H:%M:%fZ','now')"
wrangler d1 execute abh --local --persist-to "$state" -c "$config" --command "
  INSERT OR IGNORE INTO teams (id, name, created_at) VALUES ('demo', 'Demo team', $now);
  INSERT INTO tokens (id, team, label, hash, created_at) VALUES ('demo-dev', 'demo', 'local dev token', '$hash', $now)
    ON CONFLICT (id) DO UPDATE SET team = excluded.team, label = excluded.label, hash = excluded.hash;" \
  >"$state.seed.log" 2>&1 || {
  cat "$state.seed.log" >&2
  echo "worker-dev: seeding team demo failed (log above)" >&2
  exit 1
}

echo "worker-dev: team demo, publish token from \$ABH_PUBLISH_TOKEN (${ABH_PUBLISH_TOKEN:+set}${ABH_PUBLISH_TOKEN:-default dev-token}); http://127.0.0.1:$port (entry: $entry)" >&2
exec node "$cli" dev --ip 127.0.0.1 --port "$port" --persist-to "$state" -c "$config" --log-level "$log_level" --show-interactive-dev-session=false
