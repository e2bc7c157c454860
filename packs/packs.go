// Package packs embeds the compiled built-in rule pack. The authored source is
// always-be-helping.yaml beside this file; `make packs` (part of `make build`)
// compiles it to always-be-helping.json, and a test fails when the two drift.
package packs

import (
	_ "embed"
	"fmt"

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
		return nil, fmt.Errorf("built-in pack: %w", err)
	}
	return p, nil
}
