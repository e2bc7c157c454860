//go:build !abh_frame

package packs

import _ "embed"

// BuiltinJSON is the compiled built-in pack.
//
//go:embed always-be-helping.json
var BuiltinJSON []byte
