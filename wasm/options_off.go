//go:build js && wasm && abh_nooptions

package main

import "github.com/alwaysbehelping/abh/wasm/bridge"

// startOptions is a no-op in builds without the options UI (-tags abh_nooptions).
func startOptions(*bridge.Bridge) {}
