//go:build js && wasm && !abh_frame

package main

import (
	"runtime"
	"runtime/debug"
	"syscall/js"
	"time"

	"github.com/alwaysbehelping/abh/wasm/bridge"
	"github.com/alwaysbehelping/abh/wasm/options"
	"github.com/alwaysbehelping/abh/wasm/teampack"
)

// newBridge builds the engine over the built-in pack and the team packs in
// team (JSON, empty for none; the options page and the worker pass none).
// Compiling allocates ~14 MB of short-lived garbage; collecting during it
// costs more (in wasm) than the memory it would save, so the collector
// waits until it is built.
func newBridge(team []byte) (*bridge.Bridge, error) {
	gc := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(gc)
	if len(team) > 0 {
		return bridge.NewWithTeamPacks(team)
	}
	return bridge.New()
}

// afterReady collects the compile garbage once the engine is ready, while
// nobody waits, rather than in the middle of the first analysis.
func afterReady() {
	go func() {
		time.Sleep(20 * time.Millisecond)
		runtime.GC()
	}()
}

// registerExtras adds abhRules and abhValidatePack and, on the options page
// (an element #abh-options exists), renders the options UI. The frame build
// leaves abhRules out: no tab needs the rule list, and its encoder would
// weigh on every tab's download.
func registerExtras(b *bridge.Bridge) {
	global := js.Global()
	// abhRules() -> JSON array of every rule with its why, examples and state.
	global.Set("abhRules", js.FuncOf(func(js.Value, []js.Value) any {
		out, err := b.Rules()
		if err != nil {
			return throw(err.Error())
		}
		return string(out)
	}))
	// abhValidatePack(packText, publicKey) -> {"ok":true,"name","version","rules"}
	// or {"ok":false,"error"}: the checks a fetched team pack must pass before
	// it replaces the last good one (signature, compile, examples).
	global.Set("abhValidatePack", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return string(teampack.ValidationJSON(b, []byte(argString(args, 0)), argString(args, 1)))
	}))
	if doc := global.Get("document"); doc.Type() == js.TypeObject {
		if el := doc.Call("getElementById", "abh-options"); el.Truthy() {
			options.Start(b)
		}
	}
}
