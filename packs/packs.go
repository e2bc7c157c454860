// Package packs embeds the compiled built-in rule pack. The authored source is
// always-be-helping.yaml beside this file; `make packs` (part of `make build`)
// compiles it to always-be-helping.json, and writes lean_gen.go, the same
// pack with only each rule's first examples, which the extension's per-tab
// engine (built with -tags abh_frame) carries instead because it never runs
// examples. A test fails when either drifts.
package packs

import (
	"errors"

	"github.com/alwaysbehelping/abh/rules"
)

// Builtin decodes the built-in pack.
func Builtin() (*rules.Pack, error) {
	p, err := rules.ParsePackJSON(BuiltinJSON)
	if err != nil {
		return nil, errors.New("built-in pack: " + err.Error())
	}
	return p, nil
}
