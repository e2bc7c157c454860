//go:build js && wasm

// Package options renders the extension's options page from Go with
// honnef.co/go/js/dom/v2.
package options

import (
	"github.com/alwaysbehelping/abh/wasm/bridge"
	"honnef.co/go/js/dom/v2"
)

// Start renders the options UI into #abh-options.
func Start(b *bridge.Bridge) {
	_ = dom.GetWindow().Document().GetElementByID("abh-options")
}
