#!/usr/bin/env bash
# Builds the extension's engine: extension/build/abh.wasm (Go → wasm, the
# built-in pack embedded) and extension/build/wasm_exec.js (Go's JS glue,
# copied from the Go toolchain that built the wasm, so the two always match).
#
# If wasm-opt (Debian binaryen) is installed, the wasm is shrunk with -Oz and
# the result is checked to still start (under Node); if it doesn't, the
# unoptimised build is kept and a warning is printed.
#
#   scripts/build-extension.sh            # build
#   ABH_WASM_OPT=0 scripts/build-extension.sh   # skip wasm-opt
#   ABH_GO_TAGS=abh_nooptions scripts/build-extension.sh   # engine without the options UI
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

tags=()
if [[ -n "${ABH_GO_TAGS:-}" ]]; then tags=(-tags "$ABH_GO_TAGS"); fi

GOOS=js GOARCH=wasm "$GO" build -trimpath -ldflags='-s -w' "${tags[@]}" -o "$tmp/abh.wasm" ./wasm

# smoke_test WASM: start the program under Node with Go's glue and check that
# it registers the engine and analyses a message.
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
		const timer = setTimeout(() => { console.error("abhReady never called"); process.exit(1); }, 10000);
		await ready;
		clearTimeout(timer);
		const r = JSON.parse(globalThis.abhAnalyze("Just checking in! Act now 🚀", "{}"));
		if (typeof r.score !== "number" || !Array.isArray(r.findings)) { console.error("bad result", r); process.exit(1); }
		process.exit(0);
	' >"$tmp/smoke.log" 2>&1
}

if ! smoke_test "$tmp/abh.wasm"; then
	cat "$tmp/smoke.log" >&2
	echo "build-extension: the freshly built abh.wasm does not start" >&2
	exit 1
fi

if [[ "${ABH_WASM_OPT:-1}" != "0" ]] && command -v wasm-opt >/dev/null 2>&1; then
	if wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
		"$tmp/abh.wasm" -o "$tmp/abh.opt.wasm" 2>"$tmp/opt.log" && smoke_test "$tmp/abh.opt.wasm"; then
		mv "$tmp/abh.opt.wasm" "$tmp/abh.wasm"
	else
		echo "build-extension: warning: wasm-opt output failed or does not run; keeping the unoptimised wasm" >&2
		cat "$tmp/opt.log" "$tmp/smoke.log" >&2 2>/dev/null || true
	fi
fi

# Replace atomically so a reloading extension never sees a half-written file.
cp "$tmp/abh.wasm" "$out/abh.wasm.tmp" && mv -f "$out/abh.wasm.tmp" "$out/abh.wasm"
cp "$glue" "$out/wasm_exec.js.tmp" && mv -f "$out/wasm_exec.js.tmp" "$out/wasm_exec.js"
echo "build-extension: $out/abh.wasm ($(wc -c <"$out/abh.wasm") bytes), $out/wasm_exec.js"
