//go:build js && wasm

// Command wasm is the engine program that runs inside the extension's own
// pages (the per-tab engine frame and the options page) and, to check fetched
// team packs, in the background service worker. It registers abhAnalyze,
// abhSetPacks, abhValidatePack, abhRules and abhPacks on globalThis, calls
// globalThis.abhReady when they are in place, and, on the options page (an
// element #abh-options exists), renders the options UI. The logic lives in
// wasm/bridge; this file only adapts it to syscall/js.
package main

import (
	"runtime"
	"runtime/debug"
	"syscall/js"
	"time"

	"github.com/alwaysbehelping/abh/wasm/bridge"
)

func main() {
	global := js.Global()
	// Compiling the built-in pack allocates ~30 MB of short-lived garbage;
	// collecting during it costs more (in wasm) than the memory it would
	// save, so the collector waits until the engine is built.
	gc := debug.SetGCPercent(-1)
	b, err := bridge.New()
	debug.SetGCPercent(gc)
	if err != nil {
		// The built-in pack is embedded and tested; this cannot happen in a
		// release build, but say so loudly if it does.
		global.Get("console").Call("error", "abh: engine failed to start: "+err.Error())
		if f := global.Get("abhFailed"); f.Type() == js.TypeFunction {
			f.Invoke(err.Error())
		}
		select {}
	}

	// abhAnalyze(text, settingsJSON) -> result JSON (UTF-16 offsets).
	global.Set("abhAnalyze", js.FuncOf(func(_ js.Value, args []js.Value) any {
		text, settings := argString(args, 0), argString(args, 1)
		out, err := b.Analyze(text, []byte(settings))
		if err != nil {
			return throw(err.Error())
		}
		return string(out)
	}))
	// abhSetPacks(teamPacksJSON) -> "" or an error message.
	global.Set("abhSetPacks", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if err := b.SetTeamPacks([]byte(argString(args, 0))); err != nil {
			return err.Error()
		}
		return ""
	}))
	// abhValidatePack(packText, publicKey) -> {"ok":true,"name","version","rules"}
	// or {"ok":false,"error"}: the checks a fetched team pack must pass before
	// it replaces the last good one (signature, compile, examples).
	global.Set("abhValidatePack", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return string(b.ValidationJSON([]byte(argString(args, 0)), argString(args, 1)))
	}))
	global.Set("abhRules", js.FuncOf(func(js.Value, []js.Value) any {
		out, err := b.Rules()
		if err != nil {
			return throw(err.Error())
		}
		return string(out)
	}))
	global.Set("abhPacks", js.FuncOf(func(js.Value, []js.Value) any {
		out, err := b.Packs()
		if err != nil {
			return throw(err.Error())
		}
		return string(out)
	}))

	if doc := global.Get("document"); doc.Type() == js.TypeObject {
		if el := doc.Call("getElementById", "abh-options"); el.Truthy() {
			startOptions(b)
		}
	}

	if ready := global.Get("abhReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	// Collect the compile garbage now, while nobody waits, rather than in
	// the middle of the first analysis the person is waiting for.
	go func() {
		time.Sleep(20 * time.Millisecond)
		runtime.GC()
	}()
	select {}
}

// argString returns args[i] as a string ("" when missing, null or undefined).
func argString(args []js.Value, i int) string {
	if i >= len(args) {
		return ""
	}
	switch args[i].Type() {
	case js.TypeString:
		return args[i].String()
	case js.TypeUndefined, js.TypeNull:
		return ""
	}
	// An object: accept it and serialise it, so callers may pass settings as
	// an object too.
	return js.Global().Get("JSON").Call("stringify", args[i]).String()
}

// throw returns a JS Error object; js.FuncOf cannot throw, so callers get an
// Error value they can detect (instanceof Error) instead of a string.
func throw(msg string) js.Value {
	return js.Global().Get("Error").New("abh: " + msg)
}
