//go:build js && wasm && abh_frame

package main

import "github.com/alwaysbehelping/abh/wasm/bridge"

// newBridge builds the engine over the built-in pack and the team packs in
// team (JSON, empty for none). The frame build leaves the collector alone:
// runtime/debug, which could pause it, would bring fmt and os into every
// tab's download.
func newBridge(team []byte) (*bridge.Bridge, error) {
	if len(team) > 0 {
		return bridge.NewWithTeamPacks(team)
	}
	return bridge.New()
}

// afterReady does nothing in the frame build: with the collector running
// during the compile there is little garbage left, and waiting to collect it
// would take the time package (and with it ~30 KB gzip) into every tab.
func afterReady() {}

// registerExtras adds nothing in the frame build: team packs reach the frame
// already checked by the background service worker (abh-full.wasm).
func registerExtras(*bridge.Bridge) {}
