// Package rules is the Always Be Helping engine: a text model, a token
// pattern matcher shared by every phrase-like rule of a pack, the rule kinds
// (phrase, rewrite, regex, conditional, metric), case-keeping rewrites, message
// metrics and the helpfulness score.
//
// It is pure Go with no syscall/js, so the same code runs natively (CLI,
// worker validation, tests) and in the browser as WebAssembly. It does not
// read YAML: authored packs are decoded by package packfile, compiled packs are
// canonical JSON decoded and encoded here without reflection (package
// packjson), so the WebAssembly build links neither encoding/json nor fmt.
package rules
