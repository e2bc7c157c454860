#!/usr/bin/env bash
# `make run`: the whole product on this machine, in one command.
#
#   1. checks what it needs (Go, Node.js, Chromium, a free port) and says in
#      one line what is wrong and how to fix it;
#   2. installs the npm packages from package-lock.json when node_modules is
#      missing or older than the lockfile (npm install --no-save), builds (make build) unless
#      the build is newer than every source;
#   3. starts the rule-pack edge worker (scripts/worker-dev.sh: wrangler dev,
#      local D1) on 127.0.0.1:$PORT with its state in a temp folder, and
#      publishes the example team pack packs/examples/acme-sales.yaml for team
#      "demo", signed with a fresh key;
#   4. opens Chromium with the extension loaded and subscribed to that pack,
#      on a local copy of Gmail's compose window with a pushy draft typed in
#      (scripts/demo.mjs). With a display: a window you can type into, until
#      you close it or press Ctrl+C. Without one (DISPLAY unset): headless,
#      walks through the demo and saves screenshots under out/.
#
# Ctrl+C or any error stops everything it started (worker process group,
# Chromium) and removes the temp folder.
#
# Environment: PORT (default 8787, or any free port when 8787 is taken),
# CHROMIUM (default: chromium on PATH), ABH_PUBLISH_TOKEN (default dev-token),
# GO (default go); ABH_DEMO_* are passed to scripts/demo.mjs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { echo "run: $*"; }
die() { echo "run: $*" >&2; exit 1; }

# ---------------------------------------------------------------- prerequisites
GO="${GO:-go}"
want_go="$(sed -n 's/^go \([0-9][0-9.]*\).*/\1/p' go.mod | head -1)"
command -v "$GO" >/dev/null 2>&1 ||
  die "Go is not installed (or not on PATH): install Go $want_go or newer from https://go.dev/dl/ and run make run again"
# Ask outside the module so an old go does not try to download a newer toolchain.
have_go="$(cd / && GOTOOLCHAIN=local "$GO" env GOVERSION 2>/dev/null | sed 's/^go//')"
if [ -z "$have_go" ] || [ "$(printf '%s\n%s\n' "$want_go" "$have_go" | sort -V | head -1)" != "$want_go" ]; then
  die "Go ${have_go:-of unknown version} is older than the $want_go that go.mod needs: install Go $want_go or newer from https://go.dev/dl/ (check with: go version)"
fi

command -v node >/dev/null 2>&1 ||
  die "Node.js is not installed: install Node.js 20 or newer with npm (Debian: apt-get install -y nodejs npm; or https://nodejs.org)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] 2>/dev/null ||
  die "Node.js $(node --version) is too old: install Node.js 20 or newer (https://nodejs.org)"
command -v npm >/dev/null 2>&1 ||
  die "npm is missing: install it with Node.js (Debian: apt-get install -y npm)"

chromium="${CHROMIUM:-}"
if [ -z "$chromium" ]; then chromium="$(command -v chromium || true)"; fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  if [ -n "${CHROMIUM:-}" ]; then
    die "CHROMIUM=$CHROMIUM is not an executable browser: point it at Chromium, or unset it to use Debian's chromium"
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian chromium (needed for the demo)…"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } ||
      die "installing chromium with apt-get failed (output above): fix apt, or install it yourself with: apt-get install -y chromium"
    chromium="$(command -v chromium)" || die "apt-get installed chromium but it is not on PATH"
  else
    die "Chromium is missing (needed for the demo): install Debian's chromium with: sudo apt-get install -y chromium (or set CHROMIUM=/path/to/chromium)"
  fi
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT="${PORT:-}"
if [ -n "$PORT" ]; then
  case "$PORT" in *[!0-9]*) die "PORT must be a number, got '$PORT': e.g. make run PORT=8800" ;; esac
  [ "$PORT" -ge 1024 ] && [ "$PORT" -le 65535 ] || die "PORT must be between 1024 and 65535, got $PORT: e.g. make run PORT=8800"
  if port_busy "$PORT"; then
    die "port $PORT on 127.0.0.1 is already in use (see who with: ss -ltnp 'sport = :$PORT'): pick another, e.g. make run PORT=$((PORT + 1))"
  fi
else
  PORT=8787
  if port_busy "$PORT"; then
    PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
    say "port 8787 is taken; using $PORT for the worker (choose with make run PORT=N)"
  fi
fi

# ---------------------------------------------------------------- clean-up
tmp="$(mktemp -d "${TMPDIR:-/tmp}/abh-run.XXXXXX")"
wpgid=""

# Kills the worker's process group (bash → node wrangler → workerd) and any
# Chromium still using a profile under $tmp, then removes $tmp.
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP PIPE
  if [ -n "$wpgid" ]; then
    kill -TERM -- "-$wpgid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 -- "-$wpgid" 2>/dev/null || break
      sleep 0.3
    done
    kill -KILL -- "-$wpgid" 2>/dev/null || true
  fi
  local p
  for p in /proc/[0-9]*; do
    if grep -qaz -- "^--user-data-dir=$tmp/" "$p/cmdline" 2>/dev/null; then
      kill -KILL "${p#/proc/}" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
  if [ "$rc" = 130 ] || [ "$rc" = 143 ]; then
    echo "run: stopped; the worker and Chromium are closed." >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP
trap 'exit 141' PIPE

# ---------------------------------------------------------------- install, build
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] ||
  [ package.json -nt node_modules/.package-lock.json ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/wrangler ]; then
  # Not npm ci: it refuses our lockfile, which lacks wrangler's macOS/Windows
  # workerd builds (the registry reachable here does not serve them). npm
  # install --no-save installs the locked versions and leaves the lock alone.
  say "installing npm packages from package-lock.json (npm install --no-save)…"
  npm install --no-save --no-audit --no-fund --loglevel=error >"$tmp/npm.log" 2>&1 || {
    tail -n 20 "$tmp/npm.log" >&2
    die "npm install failed (output above): check your network or npm registry settings (npm config get registry), then run make run again"
  }
  touch node_modules/.package-lock.json
fi

# make build takes about a minute (two wasm builds); skip it when every output
# is newer than every source.
outputs=(bin/abh extension/build/abh.wasm extension/build/abh-full.wasm extension/build/wasm_exec.js packs/always-be-helping.json)
stale=0
oldest=""
for f in "${outputs[@]}"; do
  if [ ! -f "$f" ]; then stale=1; break; fi
  if [ -z "$oldest" ] || [ "$f" -ot "$oldest" ]; then oldest="$f"; fi
done
if [ "$stale" = 0 ] && [ -n "$(find cmd rules wasm packs go.mod go.sum scripts/build-extension.sh \
  -type f \( -name '*.go' -o -name '*.yaml' -o -name 'go.mod' -o -name 'go.sum' -o -name '*.sh' \) \
  -newer "$oldest" -print -quit 2>/dev/null)" ]; then
  stale=1
fi
if [ "$stale" = 1 ]; then
  say "building (make build: the built-in pack, the engine wasm, bin/abh)…"
  make --no-print-directory build GO="$GO" || die "make build failed (output above)"
else
  say "build is up to date (make build to force)"
fi

# ---------------------------------------------------------------- worker + team pack
export ABH_PUBLISH_TOKEN="${ABH_PUBLISH_TOKEN:-dev-token}"
base="http://127.0.0.1:$PORT"
log="$tmp/worker.log"
say "starting the rule-pack worker on $base (wrangler dev, local D1 in $tmp; log: $log)…"
# Its own session and process group: Ctrl+C reaches us, and we stop the group.
setsid bash scripts/worker-dev.sh --port "$PORT" --state "$tmp/d1" --log-level warn </dev/null >"$log" 2>&1 &
wpid=$!
wpgid="$(ps -o pgid= -p "$wpid" | tr -d ' ' || true)"
[ -n "$wpgid" ] || wpgid="$wpid"

healthy() { node -e 'fetch(process.argv[1], {signal: AbortSignal.timeout(2000)}).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$base/healthz"; }
deadline=$((SECONDS + 180))
until healthy; do
  if ! kill -0 "$wpid" 2>/dev/null; then
    tail -n 20 "$log" >&2
    if grep -q "already in use" "$log"; then die "port $PORT is already in use: pick another, e.g. make run PORT=$((PORT + 1))"; fi
    die "the worker stopped before answering (its log is above)"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -n 20 "$log" >&2
    die "the worker did not answer $base/healthz within 180 s (its log is above)"
  fi
  sleep 0.5
done
say "worker is up: $base (team demo, publish token \$ABH_PUBLISH_TOKEN=$ABH_PUBLISH_TOKEN)"

pack=packs/examples/acme-sales.yaml
pack_name="$(sed -n 's/^name: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$pack" | head -1)"
bin/abh keygen -o "$tmp/keys" >/dev/null || die "abh keygen failed (output above)"
bin/abh pack publish --server "$base" --team demo "$pack" --key "$tmp/keys/abh-pack.key" | sed 's/^/run: /' ||
  die "publishing $pack failed (output above)"
pack_url="$base/v1/teams/demo/packs/$pack_name"

# ---------------------------------------------------------------- the browser
if [ -z "${DISPLAY:-}" ] && [ "${ABH_DEMO_HEADLESS:-}" != 0 ]; then
  say "no DISPLAY: running the demo headless and saving screenshots (with a desktop session, make run opens a window you can type into)"
elif [ "${ABH_DEMO_HEADLESS:-}" != 1 ]; then
  say "while the window is open, edit $pack, publish it with the line below, then press Sync now under Team packs in the extension options:"
  say "  ABH_PUBLISH_TOKEN=$ABH_PUBLISH_TOKEN bin/abh pack publish --server $base --team demo $pack --key $tmp/keys/abh-pack.key"
fi
rc=0
CHROMIUM="$chromium" TMPDIR="$tmp" ABH_DEMO_PACK_URL="$pack_url" ABH_DEMO_PUBLIC_KEY="$(cat "$tmp/keys/abh-pack.pub")" \
  node scripts/demo.mjs || rc=$?
exit "$rc"
