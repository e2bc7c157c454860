package rules

import "github.com/alwaysbehelping/abh/rules/packjson"

// decodePack decodes a compiled pack strictly, as encoding/json would decode
// it into a Pack with DisallowUnknownFields: keys match fields
// case-insensitively, null leaves a field as it is (slices and pointers
// become nil), a repeated key decodes again into the same field, and unknown
// fields, wrong types and data after the object are errors.
func decodePack(data []byte) (*Pack, error) {
	d := packjson.NewDecoder(data)
	var p Pack
	if !d.Null() {
		if err := d.Object(func(key string) error { return p.decodeField(d, key) }); err != nil {
			return nil, err
		}
	}
	if err := d.End(); err != nil {
		return nil, err
	}
	return &p, nil
}

func (p *Pack) decodeField(d *packjson.Decoder, key string) error {
	switch {
	case packjson.FieldIs(key, "format"):
		return d.IntInto(&p.Format)
	case packjson.FieldIs(key, "name"):
		return d.StringInto(&p.Name)
	case packjson.FieldIs(key, "version"):
		return d.StringInto(&p.Version)
	case packjson.FieldIs(key, "description"):
		return d.StringInto(&p.Description)
	case packjson.FieldIs(key, "disable"):
		return d.StringsInto(&p.Disable)
	case packjson.FieldIs(key, "rules"):
		return packjson.SliceInto(d, &p.Rules, func(r *Rule) error {
			if d.Null() {
				return nil
			}
			return d.Object(func(key string) error { return r.decodeField(d, key) })
		})
	case packjson.FieldIs(key, "signature"):
		if d.Null() {
			p.Signature = nil
			return nil
		}
		if p.Signature == nil {
			p.Signature = new(Signature)
		}
		s := p.Signature
		return d.Object(func(key string) error {
			switch {
			case packjson.FieldIs(key, "alg"):
				return d.StringInto(&s.Alg)
			case packjson.FieldIs(key, "key_id"):
				return d.StringInto(&s.KeyID)
			case packjson.FieldIs(key, "value"):
				return d.StringInto(&s.Value)
			}
			return d.UnknownField(key)
		})
	}
	return d.UnknownField(key)
}

func (r *Rule) decodeField(d *packjson.Decoder, key string) error {
	switch {
	case packjson.FieldIs(key, "id"):
		return d.StringInto(&r.ID)
	case packjson.FieldIs(key, "kind"):
		return d.StringInto(&r.Kind)
	case packjson.FieldIs(key, "category"):
		return d.StringInto(&r.Category)
	case packjson.FieldIs(key, "severity"):
		return d.StringInto(&r.Severity)
	case packjson.FieldIs(key, "message"):
		return d.StringInto(&r.Message)
	case packjson.FieldIs(key, "why"):
		return d.StringInto(&r.Why)
	case packjson.FieldIs(key, "patterns"):
		return d.StringsInto(&r.Patterns)
	case packjson.FieldIs(key, "replacements"):
		return d.StringsInto(&r.Replacements)
	case packjson.FieldIs(key, "exceptions"):
		return d.StringsInto(&r.Exceptions)
	case packjson.FieldIs(key, "keep_loud"):
		return d.BoolInto(&r.KeepLoud)
	case packjson.FieldIs(key, "case_sensitive"):
		return d.BoolInto(&r.CaseSensitive)
	case packjson.FieldIs(key, "when"):
		if d.Null() {
			r.When = nil
			return nil
		}
		if r.When == nil {
			r.When = new(Condition)
		}
		c := r.When
		return d.Object(func(key string) error {
			switch {
			case packjson.FieldIs(key, "lacks"):
				return d.StringsInto(&c.Lacks)
			case packjson.FieldIs(key, "has"):
				return d.StringsInto(&c.Has)
			case packjson.FieldIs(key, "lacks_phrases"):
				return d.StringsInto(&c.LacksPhrases)
			case packjson.FieldIs(key, "has_phrases"):
				return d.StringsInto(&c.HasPhrases)
			}
			return d.UnknownField(key)
		})
	case packjson.FieldIs(key, "metric"):
		return d.StringInto(&r.Metric)
	case packjson.FieldIs(key, "above"):
		return d.FloatPtrInto(&r.Above)
	case packjson.FieldIs(key, "below"):
		return d.FloatPtrInto(&r.Below)
	case packjson.FieldIs(key, "min_words"):
		return d.IntInto(&r.MinWords)
	case packjson.FieldIs(key, "examples"):
		if d.Null() {
			return nil
		}
		ex := &r.Examples
		return d.Object(func(key string) error {
			switch {
			case packjson.FieldIs(key, "fire"):
				return d.StringsInto(&ex.Fire)
			case packjson.FieldIs(key, "pass"):
				return d.StringsInto(&ex.Pass)
			case packjson.FieldIs(key, "rewrite"):
				return packjson.SliceInto(d, &ex.Rewrite, func(rw *RewriteExample) error {
					if d.Null() {
						return nil
					}
					return d.Object(func(key string) error {
						switch {
						case packjson.FieldIs(key, "in"):
							return d.StringInto(&rw.In)
						case packjson.FieldIs(key, "out"):
							return d.StringInto(&rw.Out)
						}
						return d.UnknownField(key)
					})
				})
			}
			return d.UnknownField(key)
		})
	}
	return d.UnknownField(key)
}
