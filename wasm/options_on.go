//go:build js && wasm && !abh_nooptions

package main

import (
	"github.com/alwaysbehelping/abh/wasm/bridge"
	"github.com/alwaysbehelping/abh/wasm/options"
)

// startOptions renders the options page UI (honnef.co/go/js/dom/v2).
func startOptions(b *bridge.Bridge) { options.Start(b) }
