package bridge

import (
	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/rules/packjson"
)

// JSON in and out of the bridge without encoding/json (which the engine's
// WebAssembly build must not link): each function reads or writes exactly
// what encoding/json did with the struct tags of these types.

// decodeSettings decodes a settings object as json.Unmarshal into Settings:
// keys match case-insensitively, unknown fields are skipped, null leaves a
// field as it is.
func decodeSettings(data []byte) (Settings, error) {
	var s Settings
	d := packjson.NewDecoder(data)
	if !d.Null() {
		err := d.Object(func(key string) error {
			switch {
			case packjson.FieldIs(key, "disabledSites"):
				return d.StringsInto(&s.DisabledSites)
			case packjson.FieldIs(key, "disabledCategories"):
				return d.StringsInto(&s.DisabledCategories)
			case packjson.FieldIs(key, "disabledRules"):
				return d.StringsInto(&s.DisabledRules)
			case packjson.FieldIs(key, "ignored"):
				return d.StringsInto(&s.Ignored)
			case packjson.FieldIs(key, "snoozeUntil"):
				return d.FloatInto(&s.SnoozeUntil)
			}
			return d.Skip()
		})
		if err != nil {
			return Settings{}, err
		}
	}
	if err := d.End(); err != nil {
		return Settings{}, err
	}
	return s, nil
}

// splitArray returns the bytes of each element of a JSON array (as
// json.Unmarshal into []json.RawMessage).
func splitArray(data []byte) ([][]byte, error) {
	d := packjson.NewDecoder(data)
	var raws [][]byte
	if !d.Null() {
		raws = [][]byte{}
		err := d.Array(func(int) error {
			raw, err := d.RawValue()
			raws = append(raws, raw)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	if err := d.End(); err != nil {
		return nil, err
	}
	return raws, nil
}

// packName is the string "name" field of a JSON object, if it has one and
// the object decodes (as json.Unmarshal into struct{ Name string }).
func packName(raw []byte) (string, bool) {
	var name string
	d := packjson.NewDecoder(raw)
	if !d.Null() {
		err := d.Object(func(key string) error {
			if packjson.FieldIs(key, "name") {
				return d.StringInto(&name)
			}
			return d.Skip()
		})
		if err != nil {
			return "", false
		}
	}
	if d.End() != nil {
		return "", false
	}
	return name, true
}

// writeJSON writes r as an object.
func (r *Result) writeJSON(w *packjson.Writer) {
	w.BeginObject()
	w.Key("score")
	w.Int(r.Score)
	w.Key("metrics")
	r.Metrics.WriteJSON(w)
	w.Key("reasons")
	if r.Reasons == nil {
		w.Null()
	} else {
		w.BeginArray()
		for i := range r.Reasons {
			r.Reasons[i].WriteJSON(w)
		}
		w.EndArray()
	}
	w.Key("findings")
	if r.Findings == nil {
		w.Null()
	} else {
		w.BeginArray()
		for i := range r.Findings {
			r.Findings[i].writeJSON(w)
		}
		w.EndArray()
	}
	w.EndObject()
}

// writeJSON writes f as an object.
func (f *Finding) writeJSON(w *packjson.Writer) {
	w.BeginObject()
	w.Key("rule")
	w.String(f.Rule)
	w.Key("category")
	w.String(f.Category)
	w.Key("severity")
	w.String(f.Severity)
	w.Key("start")
	w.Int(f.Start)
	w.Key("end")
	w.Int(f.End)
	w.Key("match")
	w.String(f.Match)
	w.Key("message")
	w.String(f.Message)
	w.Key("why")
	w.String(f.Why)
	w.Key("suggestions")
	w.Strings(f.Suggestions)
	w.EndObject()
}

// encodeResult is the compact JSON of r.
func encodeResult(r *Result) ([]byte, error) {
	var w packjson.Writer
	w.Grow(r.sizeHint())
	r.writeJSON(&w)
	return w.Bytes()
}

// sizeHint is about how many bytes r's JSON takes: its strings plus the
// keys and punctuation around them. A long draft's result runs to tens of
// kilobytes; sizing the buffer once spares the copies of regrowing it.
func (r *Result) sizeHint() int {
	n := 512 // score, metrics, brackets
	for i := range r.Reasons {
		n += len(r.Reasons[i].Category) + len(r.Reasons[i].Text) + 48
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		n += len(f.Rule) + len(f.Category) + len(f.Severity) + len(f.Match) + len(f.Message) + len(f.Why) + 128
		for _, s := range f.Suggestions {
			n += len(s) + 3
		}
	}
	return n + n/16 // escapes
}

// encodeList is the compact JSON array of list, each element written by
// write (null for a nil list).
func encodeList[T any](list []T, write func(*T, *packjson.Writer)) ([]byte, error) {
	var w packjson.Writer
	if list == nil {
		w.Null()
		return w.Bytes()
	}
	w.BeginArray()
	for i := range list {
		write(&list[i], &w)
	}
	w.EndArray()
	return w.Bytes()
}

func encodeRuleInfos(list []rules.RuleInfo) ([]byte, error) {
	return encodeList(list, (*rules.RuleInfo).WriteJSON)
}

func encodePackInfos(list []rules.PackInfo) ([]byte, error) {
	return encodeList(list, (*rules.PackInfo).WriteJSON)
}
