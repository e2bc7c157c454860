package rules

import "github.com/alwaysbehelping/abh/rules/packjson"

// The WriteJSON methods write the JSON encoding/json would write for each
// type (field order, names and omitempty of the struct tags), without
// reflection, so the WebAssembly build does not link encoding/json.

// WriteJSON writes p as an object.
func (p *Pack) WriteJSON(w *packjson.Writer) {
	w.BeginObject()
	w.Key("format")
	w.Int(p.Format)
	w.Key("name")
	w.String(p.Name)
	w.Key("version")
	w.String(p.Version)
	if p.Description != "" {
		w.Key("description")
		w.String(p.Description)
	}
	if len(p.Disable) > 0 {
		w.Key("disable")
		w.Strings(p.Disable)
	}
	w.Key("rules")
	if p.Rules == nil {
		w.Null()
	} else {
		w.BeginArray()
		for i := range p.Rules {
			w.BeginObject()
			p.Rules[i].writeFields(w)
			w.EndObject()
		}
		w.EndArray()
	}
	if s := p.Signature; s != nil {
		w.Key("signature")
		w.BeginObject()
		w.Key("alg")
		w.String(s.Alg)
		w.Key("key_id")
		w.String(s.KeyID)
		w.Key("value")
		w.String(s.Value)
		w.EndObject()
	}
	w.EndObject()
}

// writeFields writes the fields of r inside an object the caller opened
// (RuleInfo adds its own after them, as encoding/json does for an embedded
// struct).
func (r *Rule) writeFields(w *packjson.Writer) {
	w.Key("id")
	w.String(r.ID)
	w.Key("kind")
	w.String(r.Kind)
	w.Key("category")
	w.String(r.Category)
	w.Key("severity")
	w.String(r.Severity)
	w.Key("message")
	w.String(r.Message)
	w.Key("why")
	w.String(r.Why)
	optStrings(w, "patterns", r.Patterns)
	optStrings(w, "replacements", r.Replacements)
	optStrings(w, "exceptions", r.Exceptions)
	if r.KeepLoud {
		w.Key("keep_loud")
		w.Bool(true)
	}
	if r.CaseSensitive {
		w.Key("case_sensitive")
		w.Bool(true)
	}
	if c := r.When; c != nil {
		w.Key("when")
		w.BeginObject()
		optStrings(w, "lacks", c.Lacks)
		optStrings(w, "has", c.Has)
		optStrings(w, "lacks_phrases", c.LacksPhrases)
		optStrings(w, "has_phrases", c.HasPhrases)
		w.EndObject()
	}
	if r.Metric != "" {
		w.Key("metric")
		w.String(r.Metric)
	}
	if r.Above != nil {
		w.Key("above")
		w.Float(*r.Above)
	}
	if r.Below != nil {
		w.Key("below")
		w.Float(*r.Below)
	}
	if r.MinWords != 0 {
		w.Key("min_words")
		w.Int(r.MinWords)
	}
	w.Key("examples")
	w.BeginObject()
	optStrings(w, "fire", r.Examples.Fire)
	optStrings(w, "pass", r.Examples.Pass)
	if len(r.Examples.Rewrite) > 0 {
		w.Key("rewrite")
		w.BeginArray()
		for _, rw := range r.Examples.Rewrite {
			w.BeginObject()
			w.Key("in")
			w.String(rw.In)
			w.Key("out")
			w.String(rw.Out)
			w.EndObject()
		}
		w.EndArray()
	}
	w.EndObject()
}

// optStrings writes an omitempty list of strings.
func optStrings(w *packjson.Writer, key string, list []string) {
	if len(list) > 0 {
		w.Key(key)
		w.Strings(list)
	}
}

// WriteJSON writes r as an object.
func (r *Rule) WriteJSON(w *packjson.Writer) {
	w.BeginObject()
	r.writeFields(w)
	w.EndObject()
}

// WriteJSON writes the rule's fields followed by name, pack and off.
func (ri *RuleInfo) WriteJSON(w *packjson.Writer) {
	w.BeginObject()
	ri.Rule.writeFields(w)
	w.Key("name")
	w.String(ri.Name)
	w.Key("pack")
	w.String(ri.Pack)
	if ri.Off {
		w.Key("off")
		w.Bool(true)
	}
	w.EndObject()
}

// WriteJSON writes pi as an object.
func (pi *PackInfo) WriteJSON(w *packjson.Writer) {
	w.BeginObject()
	w.Key("name")
	w.String(pi.Name)
	w.Key("version")
	w.String(pi.Version)
	if pi.Description != "" {
		w.Key("description")
		w.String(pi.Description)
	}
	w.Key("rules")
	w.Int(pi.Rules)
	w.EndObject()
}

// WriteJSON writes m as an object.
func (m *Metrics) WriteJSON(w *packjson.Writer) {
	w.BeginObject()
	w.Key("words")
	w.Int(m.Words)
	w.Key("sentences")
	w.Int(m.Sentences)
	w.Key("reading_seconds")
	w.Int(m.ReadingSeconds)
	w.Key("questions")
	w.Int(m.Questions)
	w.Key("asks")
	w.Int(m.Asks)
	w.Key("reader_words")
	w.Int(m.ReaderWords)
	w.Key("writer_words")
	w.Int(m.WriterWords)
	w.Key("reader_ratio")
	w.Decimal(m.ReaderRatio, 2)
	w.Key("exclamations")
	w.Int(m.Exclamations)
	w.Key("grade")
	w.Decimal(m.Grade, 1)
	w.Key("links")
	w.Int(m.Links)
	w.EndObject()
}

// WriteJSON writes r as an object.
func (r *Reason) WriteJSON(w *packjson.Writer) {
	w.BeginObject()
	w.Key("delta")
	w.Int(r.Delta)
	if r.Category != "" {
		w.Key("category")
		w.String(r.Category)
	}
	w.Key("text")
	w.String(r.Text)
	w.EndObject()
}
