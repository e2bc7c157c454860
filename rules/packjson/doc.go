// Package packjson reads and writes JSON without reflection, byte for byte as
// encoding/json does for the same values, so that the engine's WebAssembly
// build links neither encoding/json nor reflect. Callers write the shape of
// each type by hand: Writer for encoding, Decoder for strict decoding with
// errors that name the path of the value at fault.
package packjson
