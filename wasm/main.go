//go:build js && wasm

// Command wasm is the engine program that runs inside the extension's own
// pages. It registers abhAnalyze, abhSetPacks and abhPacks on globalThis
// (and, in abh-full.wasm, abhRules and abhValidatePack) and calls
// globalThis.abhReady when they are in place. The logic
// lives in wasm/bridge; this file only adapts it to syscall/js.
//
// It is built twice (scripts/build-extension.sh):
//   - abh.wasm, -tags abh_frame: the per-tab engine frame, the engine alone,
//     kept small because every tab loads it (frame.go);
//   - abh-full.wasm: the options page and the background service worker's
//     team pack checks, which add abhValidatePack (signature verification,
//     wasm/teampack) and, where #abh-options exists, the options UI
//     rendered with honnef.co/go/js/dom/v2 (full.go).
package main

import (
	"syscall/js"
)

func main() {
	global := js.Global()
	// The engine frame sets abhInitialTeamPacks to the team packs it has
	// stored before Go starts, so that the first compile includes them.
	b, err := newBridge([]byte(argString([]js.Value{global.Get("abhInitialTeamPacks")}, 0)))
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
	global.Set("abhPacks", js.FuncOf(func(js.Value, []js.Value) any {
		out, err := b.Packs()
		if err != nil {
			return throw(err.Error())
		}
		return string(out)
	}))

	registerExtras(b)

	if ready := global.Get("abhReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	afterReady()
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
