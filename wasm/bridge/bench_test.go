package bridge

import (
	"testing"

	"github.com/alwaysbehelping/abh/packs"
)

// What the engine frame does before it is ready: decode the embedded pack,
// then compile it. Run natively or, for the figure that matters, under Node:
//
//	GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" -run '^$' -bench . ./wasm/bridge/
func BenchmarkDecodeBuiltin(b *testing.B) {
	for b.Loop() {
		if _, err := packs.Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}
