package teampack

import "github.com/alwaysbehelping/abh/rules/packjson"

// validationAnswer is ValidationJSON's answer for Validate's result,
// {"ok":true,"name","version","rules"[,"keyId"]} or {"ok":false,"error"},
// byte for byte as encoding/json wrote the answer struct (ok, the fields of
// the embedded *Info, error omitempty).
func validationAnswer(info Info, err error) []byte {
	var w packjson.Writer
	w.BeginObject()
	w.Key("ok")
	w.Bool(err == nil)
	if err == nil {
		w.Key("name")
		w.String(info.Name)
		w.Key("version")
		w.String(info.Version)
		w.Key("rules")
		w.Int(info.Rules)
		if info.KeyID != "" {
			w.Key("keyId")
			w.String(info.KeyID)
		}
	} else if msg := err.Error(); msg != "" {
		w.Key("error")
		w.String(msg)
	}
	w.EndObject()
	out, _ := w.Bytes() // no floats: cannot fail
	return out
}
