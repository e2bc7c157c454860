// Package packs embeds the compiled built-in rule pack. The authored source is
// always-be-helping.yaml beside this file; `make packs` (part of `make build`)
// compiles it to always-be-helping.json, and a test fails when the two drift.
package packs

import (
	_ "embed"
	"errors"

	"github.com/alwaysbehelping/abh/rules"
)

// BuiltinJSON is the compiled built-in pack.
//
//go:embed always-be-helping.json
var BuiltinJSON []byte

// Builtin decodes the built-in pack.
func Builtin() (*rules.Pack, error) {
	p, err := rules.ParsePackJSON(BuiltinJSON)
	if err != nil {
		return nil, errors.New("built-in pack: " + err.Error())
	}
	return p, nil
}
