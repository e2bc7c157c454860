#!/usr/bin/env bash
# Builds the extension's engine into extension/build/ (gitignored):
#   abh.wasm          the engine alone (-tags abh_frame, with the built-in
#                     pack's examples trimmed): what every tab's engine frame
#                     (extension/frame.html) loads, so it is kept small
#   abh-full.wasm     the engine plus team pack checks (signatures) and the
#                     options UI rendered with honnef.co/go/js/dom/v2: what
#                     extension/options.html and the background service
#                     worker's pack sync load
#   wasm_exec.js      Go's JS glue, copied from the Go toolchain that built the
#                     wasm, so the two always match
#
# Each wasm is checked to start and analyse a message under Node. If wasm-opt
# (Debian binaryen) is installed, it shrinks each with -Oz; an optimised file
# that fails or does not run is discarded (with a warning) for the plain build.
#
#   scripts/build-extension.sh                 # build both
#   ABH_WASM_OPT=0 scripts/build-extension.sh  # skip wasm-opt (faster)
#
# Idempotent; works from any directory.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

GO="${GO:-go}"
out="extension/build"
mkdir -p "$out"

goroot="$("$GO" env GOROOT)"
glue=""
for cand in "$goroot/lib/wasm/wasm_exec.js" "$goroot/misc/wasm/wasm_exec.js"; do
	if [[ -f "$cand" ]]; then glue="$cand"; break; fi
done
if [[ -z "$glue" ]]; then
	echo "build-extension: wasm_exec.js not found under $goroot (lib/wasm or misc/wasm)" >&2
	exit 1
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# smoke_test WASM: start the program under Node with Go's glue and check that
# it registers the engine and analyses a message. Skipped without node.
smoke_test() {
	command -v node >/dev/null 2>&1 || return 0
	ABH_WASM="$1" ABH_GLUE="$glue" node --input-type=module -e '
		import { readFileSync } from "node:fs";
		import { createRequire } from "node:module";
		const require = createRequire(import.meta.url);
		require(process.env.ABH_GLUE);
		const go = new globalThis.Go();
		const ready = new Promise((res) => { globalThis.abhReady = res; });
		const { instance } = await WebAssembly.instantiate(readFileSync(process.env.ABH_WASM), go.importObject);
		go.run(instance);
		const timer = setTimeout(() => { console.error("abhReady never called"); process.exit(1); }, 30000);
		await ready;
		clearTimeout(timer);
		const text = "\u{1F680} Hi Jos\u00e9, just checking in. Act now!";
		const r = JSON.parse(globalThis.abhAnalyze(text, "{}"));
		if (typeof r.score !== "number" || !Array.isArray(r.findings) || r.findings.length === 0) { console.error("bad result", JSON.stringify(r)); process.exit(1); }
		for (const f of r.findings) if (text.slice(f.start, f.end) !== f.match) { console.error("bad offsets", JSON.stringify(f)); process.exit(1); }
		if (!Array.isArray(JSON.parse(globalThis.abhPacks()))) process.exit(1);
		// abhRules is in abh-full.wasm only (the options page and the worker).
		if (process.env.ABH_WASM.includes("abh-full.wasm") && !Array.isArray(JSON.parse(globalThis.abhRules()))) process.exit(1);
		if (globalThis.abhSetPacks("[]") !== "") process.exit(1);
		process.exit(0);
	' >"$2" 2>&1
}

# build NAME TAGS: go build, smoke test, wasm-opt, smoke test again.
build() {
	local name="$1" tags="$2" w="$tmp/$1"
	GOOS=js GOARCH=wasm "$GO" build -trimpath -ldflags='-s -w' -tags "$tags" -o "$w" ./wasm
	if ! smoke_test "$w" "$w.smoke"; then
		cat "$w.smoke" >&2
		echo "build-extension: the freshly built $name does not start" >&2
		return 1
	fi
	if [[ "${ABH_WASM_OPT:-1}" != "0" ]] && command -v wasm-opt >/dev/null 2>&1; then
		if wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
			"$w" -o "$w.opt" 2>"$w.optlog" && smoke_test "$w.opt" "$w.smoke"; then
			mv "$w.opt" "$w"
		else
			echo "build-extension: warning: wasm-opt output of $name failed or does not run; keeping the plain build" >&2
			cat "$w.optlog" "$w.smoke" >&2 2>/dev/null || true
		fi
	fi
}

build abh.wasm abh_frame &
engine=$!
build abh-full.wasm "" &
options=$!
status=0
wait "$engine" || status=1
wait "$options" || status=1
[[ $status == 0 ]] || exit 1

# Replace atomically so a reloading extension never sees a half-written file.
for f in abh.wasm abh-full.wasm; do
	cp "$tmp/$f" "$out/$f.tmp" && mv -f "$out/$f.tmp" "$out/$f"
done
cp "$glue" "$out/wasm_exec.js.tmp" && mv -f "$out/wasm_exec.js.tmp" "$out/wasm_exec.js"
for f in abh.wasm abh-full.wasm; do
	echo "build-extension: $out/$f ($(wc -c <"$out/$f") bytes, $(gzip -9c "$out/$f" | wc -c) gzip -9)"
done
echo "build-extension: $out/wasm_exec.js"
