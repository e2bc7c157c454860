#!/usr/bin/env bash
# Prints what the extension's wasm weighs and what each dependency costs:
#   - abh.wasm (engine only, the per-tab frame) and abh-full.wasm (engine +
#     team pack checks + options UI with honnef.co/go/js/dom/v2), raw and
#     gzip -9, before and after wasm-opt -Oz; the difference is the cost of
#     signatures, dom/v2 and the UI
#   - the marginal cost of encoding/json, regexp and fmt over a trivial Go
#     wasm, and the code size per package of the engine build
#   - engine start-up (wasm compile, Go start + pack compile) and analyze
#     latency for a 5,000-character draft under Node (the browser figures are
#     the e2e benchmark's job)
# Target: abh.wasm <= 1.0 MB gzip -9.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
GO="${GO:-go}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

gz() { gzip -9c "$1" | wc -c; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1000000 }'; }
row() { printf '  %-44s %10s raw  %10s gzip -9\n' "$1" "$(mb "$2")" "$(mb "$3")"; }
wbuild() { # out tags [dir]
	GOOS=js GOARCH=wasm "$GO" build -trimpath -ldflags='-s -w' -tags "$2" -o "$1" "${3:-./wasm}"
}
opt() {
	command -v wasm-opt >/dev/null 2>&1 || return 1
	wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int "$1" -o "$2"
}

echo "== abh wasm sizes ($("$GO" version | cut -d' ' -f3), -trimpath -ldflags='-s -w')"
wbuild "$tmp/engine.wasm" abh_frame &
wbuild "$tmp/options.wasm" "" &
wait
declare -A raw gzs
for v in engine options; do
	raw[$v]=$(wc -c <"$tmp/$v.wasm"); gzs[$v]=$(gz "$tmp/$v.wasm")
done
row "abh.wasm (engine only)" "${raw[engine]}" "${gzs[engine]}"
row "abh-full.wasm (engine + checks + UI)" "${raw[options]}" "${gzs[options]}"
have_opt=0
if opt "$tmp/engine.wasm" "$tmp/engine.opt.wasm" & opt "$tmp/options.wasm" "$tmp/options.opt.wasm" & wait; then :; fi
if [[ -s "$tmp/engine.opt.wasm" && -s "$tmp/options.opt.wasm" ]]; then
	have_opt=1
	for v in engine options; do
		raw[$v.opt]=$(wc -c <"$tmp/$v.opt.wasm"); gzs[$v.opt]=$(gz "$tmp/$v.opt.wasm")
	done
	row "abh.wasm after wasm-opt -Oz" "${raw[engine.opt]}" "${gzs[engine.opt]}"
	row "abh-full.wasm after wasm-opt -Oz" "${raw[options.opt]}" "${gzs[options.opt]}"
	awk -v a="${gzs[engine]}" -v b="${gzs[engine.opt]}" 'BEGIN { printf "  wasm-opt saves %.1f%% gzipped on abh.wasm\n", 100 * (a - b) / a }'
else
	echo "  (wasm-opt not installed: no optimised figures)"
fi
row "cost of signatures + dom/v2 + options UI" "$((raw[options] - raw[engine]))" "$((gzs[options] - gzs[engine]))"
final=${gzs[engine]}
[[ $have_opt == 1 ]] && final=${gzs[engine.opt]}
if (( final <= 1000000 )); then verdict="meets"; else verdict="MISSES"; fi
echo "  target abh.wasm <= 1.00 MB gzip -9: $(mb "$final") — $verdict the target"

echo
echo "== marginal cost of standard packages over a trivial Go wasm (syscall/js + strings)"
mkdir -p "$tmp/dep"
cat >"$tmp/dep/go.mod" <<'MOD'
module depcost

go 1.21
MOD
variant() { # name imports body
	mkdir -p "$tmp/dep/$1"
	{
		echo "package main"
		echo "import ("
		echo "	\"strings\""
		echo "	\"syscall/js\""
		for i in $2; do echo "	\"$i\""; done
		echo ")"
		echo "func main() {"
		echo "	s := strings.ToUpper(js.Global().Get(\"x\").String())"
		echo "$3"
		echo "	js.Global().Set(\"y\", s)"
		echo "}"
	} >"$tmp/dep/$1/main.go"
}
variant base "" ""
variant json "encoding/json" '	var v map[string]any; _ = json.Unmarshal([]byte(s), &v); b, _ := json.Marshal(v); s = string(b)'
variant regexp "regexp" '	s = regexp.MustCompile(s).ReplaceAllString(s, "$1")'
variant fmt "fmt" '	s = fmt.Sprintf("%v %d %q", s, len(s), s)'
variant all "encoding/json regexp fmt" '	var v map[string]any; _ = json.Unmarshal([]byte(s), &v); b, _ := json.Marshal(v); s = regexp.MustCompile(string(b)).ReplaceAllString(fmt.Sprint(s, v), "$1")'
for v in base json regexp fmt all; do
	(cd "$tmp/dep" && GOOS=js GOARCH=wasm "$GO" build -trimpath -ldflags='-s -w' -o "../$v.wasm" "./$v")
done
b_raw=$(wc -c <"$tmp/base.wasm"); b_gz=$(gz "$tmp/base.wasm")
row "trivial Go wasm" "$b_raw" "$b_gz"
for v in json regexp fmt all; do
	r=$(wc -c <"$tmp/$v.wasm"); g=$(gz "$tmp/$v.wasm")
	label="+ $v"; [[ $v == all ]] && label="+ encoding/json + regexp + fmt"
	row "$label (marginal)" "$((r - b_raw))" "$((g - b_gz))"
done
row "the rest of the engine (rules, pack…)" "$((raw[engine] - $(wc -c <"$tmp/all.wasm")))" "$((gzs[engine] - $(gz "$tmp/all.wasm")))"

if command -v python3 >/dev/null 2>&1; then
	echo
	echo "== code bytes per package in abh.wasm (unstripped build; data segments not attributed)"
	GOOS=js GOARCH=wasm "$GO" build -trimpath -tags abh_frame -o "$tmp/engine.sym.wasm" ./wasm
	python3 - "$tmp/engine.sym.wasm" <<'PY'
import sys, collections, re
def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1; r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i
data = open(sys.argv[1], 'rb').read()
i, nimp, bodies, names, datasz = 8, 0, [], {}, 0
while i < len(data):
    sid = data[i]; i += 1
    size, i = leb(data, i); end = i + size
    if sid == 2:
        n, j = leb(data, i)
        for _ in range(n):
            l, j = leb(data, j); j += l
            l, j = leb(data, j); j += l
            kind = data[j]; j += 1
            if kind == 0: _, j = leb(data, j); nimp += 1
            elif kind in (1, 2):
                if kind == 1: j += 1
                fl = data[j]; j += 1; _, j = leb(data, j)
                if fl & 1: _, j = leb(data, j)
            elif kind == 3: j += 2
    elif sid == 10:
        n, j = leb(data, i)
        for _ in range(n):
            l, j = leb(data, j); bodies.append(l); j += l
    elif sid == 11:
        datasz = size
    elif sid == 0:
        l, j = leb(data, i); nm = data[j:j+l].decode(); j += l
        if nm == 'name':
            while j < end:
                sub = data[j]; j += 1; ssz, j = leb(data, j); send = j + ssz
                if sub == 1:
                    n, k = leb(data, j)
                    for _ in range(n):
                        idx, k = leb(data, k); l, k = leb(data, k)
                        names[idx] = data[k:k+l].decode('utf-8', 'replace'); k += l
                j = send
    i = end
agg = collections.Counter()
for fi, sz in enumerate(bodies):
    name = names.get(fi + nimp, '?')
    # Go names functions "pkg/path.Func" with '/' written as '_'
    # ("encoding_json.Marshal", "github.com_owner_repo_pkg.F").
    m = re.match(r'[a-z0-9-]+\.[a-z]+_', name)  # a domain: github.com_
    dot = name.find('.', m.end() if m else 0)
    agg[name[:dot] if dot > 0 else name] += sz
tot = sum(bodies)
print(f"  code {tot/1e6:.2f} MB, data segments {datasz/1e6:.2f} MB")
for p, s in agg.most_common(14):
    print(f"  {s/1e3:8.0f} kB {100*s/tot:5.1f}%  {p}")
PY
fi

if command -v node >/dev/null 2>&1; then
	echo
	echo "== start-up and analyze under Node (abh.wasm$([[ $have_opt == 1 ]] && echo ', after wasm-opt'))"
	w="$tmp/engine.wasm"; [[ $have_opt == 1 ]] && w="$tmp/engine.opt.wasm"
	glue="$("$GO" env GOROOT)/lib/wasm/wasm_exec.js"
	[[ -f "$glue" ]] || glue="$("$GO" env GOROOT)/misc/wasm/wasm_exec.js"
	ABH_WASM="$w" ABH_GLUE="$glue" node --input-type=module -e '
		import { readFileSync } from "node:fs";
		import { createRequire } from "node:module";
		createRequire(import.meta.url)(process.env.ABH_GLUE);
		const bytes = readFileSync(process.env.ABH_WASM);
		const t0 = performance.now();
		const mod = await WebAssembly.compile(bytes);
		const t1 = performance.now();
		const go = new globalThis.Go();
		const ready = new Promise((r) => { globalThis.abhReady = r; });
		const inst = await WebAssembly.instantiate(mod, go.importObject);
		go.run(inst);
		await ready;
		const t2 = performance.now();
		const draft = "Hi Jos\u00e9 \u{1F680}, just checking in \u2014 act now, only 3 spots left! I wanted to circle back on my last email. ".repeat(60).slice(0, 5000);
		const lat = [];
		for (let i = 0; i < 100; i++) { const s = performance.now(); globalThis.abhAnalyze(draft + i, "{}"); lat.push(performance.now() - s); }
		lat.sort((a, b) => a - b);
		const mem = inst.exports.mem.buffer.byteLength / 1048576;
		console.log(`  wasm compile ${(t1 - t0).toFixed(0)} ms; Go start + built-in pack compile ${(t2 - t1).toFixed(0)} ms`);
		console.log(`  abhAnalyze, 5,000 characters: p50 ${lat[50].toFixed(2)} ms, p95 ${lat[95].toFixed(2)} ms (100 runs)`);
		console.log(`  wasm linear memory after: ${mem.toFixed(1)} MiB`);
		process.exit(0);
	'
fi
