package rules_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
	"github.com/alwaysbehelping/abh/rules/packjson"
)

// The reflection-free JSON code of the engine must behave exactly as the
// encoding/json code it replaced. These tests keep that code as the
// reference.

// refParse is the former rules.ParsePackJSON (encoding/json with
// DisallowUnknownFields and the format check), except that any data after the
// object is an error: the former code used Decoder.More, which let a stray
// ']' or '}' after the pack object through.
func refParse(data []byte) (*rules.Pack, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p rules.Pack
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, errors.New("unexpected data after the pack object")
	}
	if p.Format != rules.FormatVersion {
		return nil, errors.New("unsupported format")
	}
	return &p, nil
}

// refCanonical is the former rules.MarshalCanonical.
func refCanonical(p *rules.Pack) ([]byte, error) {
	c := *p
	c.Format = rules.FormatVersion
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// refCompact is how wasm/bridge encoded values with encoding/json.
func refCompact(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// checkParse decodes data with both decoders and fails unless they agree on
// success and, on success, on the value.
func checkParse(t *testing.T, data []byte) {
	t.Helper()
	want, werr := refParse(data)
	got, gerr := rules.ParsePackJSON(data)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("encoding/json error %v, ParsePackJSON error %v, for\n%q", werr, gerr, data)
	}
	if werr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded packs differ for\n%q\ngot  %#v\nwant %#v", data, got, want)
	}
	if gerr != nil && !strings.HasPrefix(gerr.Error(), "decoding pack JSON: ") {
		t.Fatalf("error %q lacks the decoding pack JSON prefix", gerr)
	}
}

// checkCanonical encodes p with both encoders and fails unless the bytes (or
// the errors) are the same.
func checkCanonical(t *testing.T, p *rules.Pack) {
	t.Helper()
	want, werr := refCanonical(p)
	got, gerr := rules.MarshalCanonical(p)
	if werr != nil || gerr != nil {
		if werr == nil || gerr == nil || gerr.Error() != "encoding pack "+strconv.Quote(p.Name)+": "+werr.Error() {
			t.Fatalf("errors differ: encoding/json %v, MarshalCanonical %v", werr, gerr)
		}
		return
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("canonical JSON differs\ngot  %q\nwant %q", got, want)
	}
}

func TestBuiltinPackJSONEquivalence(t *testing.T) {
	checkParse(t, packs.BuiltinJSON)
	p, err := packs.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	checkCanonical(t, p)
	got, _ := rules.MarshalCanonical(p)
	if !bytes.Equal(got, packs.BuiltinJSON) {
		t.Error("MarshalCanonical(Builtin) differs from always-be-helping.json")
	}
	e, err := rules.Compile(p)
	if err != nil {
		t.Fatal(err)
	}
	checkCompact(t, e.Rules(), func(w *packjson.Writer, v []rules.RuleInfo) {
		w.BeginArray()
		for i := range v {
			v[i].WriteJSON(w)
		}
		w.EndArray()
	})
	checkCompact(t, e.Packs(), func(w *packjson.Writer, v []rules.PackInfo) {
		w.BeginArray()
		for i := range v {
			v[i].WriteJSON(w)
		}
		w.EndArray()
	})
	for _, s := range benchSentences {
		r := e.Analyze(s, rules.Options{})
		checkCompact(t, r.Metrics, func(w *packjson.Writer, m rules.Metrics) { m.WriteJSON(w) })
		for _, reason := range r.Reasons {
			checkCompact(t, reason, func(w *packjson.Writer, r rules.Reason) { r.WriteJSON(w) })
		}
	}
}

// checkCompact compares write's compact JSON of v with encoding/json's.
func checkCompact[T any](t *testing.T, v T, write func(*packjson.Writer, T)) {
	t.Helper()
	want, werr := refCompact(v)
	var w packjson.Writer
	write(&w, v)
	got, gerr := w.Bytes()
	if (werr == nil) != (gerr == nil) || werr == nil && !bytes.Equal(got, want) {
		t.Fatalf("compact JSON differs\ngot  %q (%v)\nwant %q (%v)", got, gerr, want, werr)
	}
}

// Strings with everything the encoders escape or replace.
var trickyStrings = []string{
	"", "plain", "act now", "quote \" backslash \\ slash /", "<b>&amp;</b>",
	"tab\tnew\nline\rcr\bbs\fff", "\x00\x01\x1f\x7f", "line\u2028para\u2029sep",
	"José 🚀 至急", "\xff", "ab\xc3", "\xed\xa0\x80 surrogate in UTF-8", "\ufffd", "$1 {number}",
	"é\u0301", "\U0010FFFF", "trailing space ",
}

var trickyFloats = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 0.1, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 123456789012345678901234.0,
	math.MaxFloat64, math.SmallestNonzeroFloat64, -1e-9, 3.14159, 1.0 / 3, 2.5e-10}

func randString(r *rand.Rand) string {
	if r.Intn(3) == 0 {
		return trickyStrings[r.Intn(len(trickyStrings))]
	}
	var b strings.Builder
	for n := r.Intn(12); n > 0; n-- {
		switch r.Intn(6) {
		case 0:
			b.WriteByte(byte(r.Intn(256)))
		case 1:
			b.WriteRune(rune(r.Intn(0x110000)))
		case 2:
			b.WriteString(trickyStrings[r.Intn(len(trickyStrings))])
		default:
			b.WriteByte(byte('a' + r.Intn(26)))
		}
	}
	return b.String()
}

func randStrings(r *rand.Rand) []string {
	switch r.Intn(4) {
	case 0:
		return nil
	case 1:
		return []string{}
	}
	out := make([]string, 1+r.Intn(3))
	for i := range out {
		out[i] = randString(r)
	}
	return out
}

func randFloat(r *rand.Rand) *float64 {
	if r.Intn(3) == 0 {
		return nil
	}
	var f float64
	switch r.Intn(3) {
	case 0:
		f = trickyFloats[r.Intn(len(trickyFloats))]
	case 1:
		f = math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			f = 42
		}
	default:
		f = r.NormFloat64() * math.Pow(10, float64(r.Intn(50)-25))
	}
	return &f
}

func randPack(r *rand.Rand) *rules.Pack {
	p := &rules.Pack{Format: r.Intn(3), Name: randString(r), Version: randString(r), Description: randString(r), Disable: randStrings(r)}
	if r.Intn(5) > 0 {
		p.Rules = []rules.Rule{}
	}
	for n := r.Intn(4); n > 0; n-- {
		rule := rules.Rule{
			ID: randString(r), Kind: randString(r), Category: randString(r), Severity: randString(r),
			Message: randString(r), Why: randString(r),
			Patterns: randStrings(r), Replacements: randStrings(r), Exceptions: randStrings(r),
			KeepLoud: r.Intn(2) == 0, CaseSensitive: r.Intn(2) == 0,
			Metric: randString(r), Above: randFloat(r), Below: randFloat(r), MinWords: r.Intn(5) - 1,
			Examples: rules.Examples{Fire: randStrings(r), Pass: randStrings(r)},
		}
		if r.Intn(2) == 0 {
			rule.When = &rules.Condition{Lacks: randStrings(r), Has: randStrings(r), LacksPhrases: randStrings(r), HasPhrases: randStrings(r)}
		}
		switch r.Intn(3) {
		case 0:
			rule.Examples.Rewrite = []rules.RewriteExample{}
		case 1:
			rule.Examples.Rewrite = []rules.RewriteExample{{In: randString(r), Out: randString(r)}, {In: randString(r)}}
		}
		p.Rules = append(p.Rules, rule)
	}
	if r.Intn(2) == 0 {
		p.Signature = &rules.Signature{Alg: randString(r), KeyID: randString(r), Value: randString(r)}
	}
	return p
}

// TestGeneratedPacksJSONEquivalence: many random packs encode to the same
// bytes with both encoders, and their canonical JSON (and compact
// encoding/json output) decodes to the same pack with both decoders.
func TestGeneratedPacksJSONEquivalence(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := 0; i < n; i++ {
		p := randPack(r)
		checkCanonical(t, p)
		canon, err := refCanonical(p)
		if err != nil {
			t.Fatal(err)
		}
		checkParse(t, canon)
		compact, _ := json.Marshal(p)
		checkParse(t, compact)
		for _, ri := range []rules.RuleInfo{{Name: randString(r), Pack: randString(r), Off: r.Intn(2) == 0}} {
			if len(p.Rules) > 0 {
				ri.Rule = p.Rules[0]
			}
			checkCompact(t, ri, func(w *packjson.Writer, v rules.RuleInfo) { v.WriteJSON(w) })
		}
		pi := rules.PackInfo{Name: randString(r), Version: randString(r), Rules: r.Intn(100)}
		if r.Intn(2) == 0 {
			pi.Description = randString(r)
		}
		checkCompact(t, pi, func(w *packjson.Writer, v rules.PackInfo) { v.WriteJSON(w) })
		m := rules.Metrics{Words: r.Intn(1000), Sentences: r.Intn(50), ReadingSeconds: r.Intn(300), Questions: r.Intn(5), Asks: r.Intn(5),
			ReaderWords: r.Intn(50), WriterWords: r.Intn(50), ReaderRatio: math.Round(r.Float64()*100) / 100, Exclamations: r.Intn(9), Grade: math.Round(r.NormFloat64()*100) / 10, Links: r.Intn(3)}
		checkCompact(t, m, func(w *packjson.Writer, v rules.Metrics) { v.WriteJSON(w) })
		reason := rules.Reason{Delta: r.Intn(81) - 40, Text: randString(r)}
		if r.Intn(2) == 0 {
			reason.Category = randString(r)
		}
		checkCompact(t, reason, func(w *packjson.Writer, v rules.Reason) { v.WriteJSON(w) })
	}
}

func TestMarshalCanonicalUnsupportedFloat(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		p := &rules.Pack{Name: "acme", Version: "1", Rules: []rules.Rule{{ID: "m", Below: &f}}}
		checkCanonical(t, p)
		_, err := rules.MarshalCanonical(p)
		want := `encoding pack "acme": json: unsupported value: ` + map[bool]string{true: "NaN", false: map[bool]string{true: "+Inf", false: "-Inf"}[f > 0]}[math.IsNaN(f)]
		if err == nil || err.Error() != want {
			t.Errorf("error %v, want %s", err, want)
		}
	}
}

// parseSeeds are compiled packs that exercise every corner of the decoder:
// case-folded and escaped keys, null, repeated keys (which decode again into
// the same field, merging objects and reusing slice elements), numbers,
// escapes, surrogates, invalid UTF-8, wrong types, unknown fields and
// trailing data.
var parseSeeds = []string{
	`{"format":1,"name":"a","version":"1","rules":[]}`,
	` {"format":1} `,
	`{"format":1}]`,
	`{"format":1}}`,
	`{"format":1} x`,
	`{"format":1}{}`,
	`null`,
	`[]`,
	`{"format":1.0}`,
	`{"format":1e0}`,
	`{"format":-0,"Format":1}`,
	`{"FORMAT":1,"NAME":"x","Rules":[{"ID":"r","\u212aind":"phrase","ſeverity":"info"}]}`,
	`{"format":1,"n\u0061me":"\ud83d\ude80\ud83d x \udc00 \u00e9\u0000\"\\\/\b\f\n\r\t"}`,
	"{\"format\":1,\"name\":\"\xff\xc3(\xed\xa0\x80\"}",
	"{\"format\":1,\"name\":\"a\tb\"}",
	`{"format":1,"name":null,"rules":null,"disable":null,"signature":null}`,
	`{"format":1,"rules":[null,{"id":null,"when":null,"examples":null,"above":null}]}`,
	`{"format":1,"rules":[{"id":"a","patterns":["x","y"],"when":{"lacks":["link"]},"examples":{"fire":["f"]}}],"rules":[{"kind":"k","patterns":[null],"when":{"has":["date"]},"examples":{"pass":["p"]}}]}`,
	`{"format":1,"rules":[{"id":"a"},{"id":"b"}],"rules":[{}],"rules":[{},{}]}`,
	`{"format":1,"rules":[{"examples":{"rewrite":[{"in":"a","out":"b"},{"in":"c"}]}}],"rules":[{"examples":{"rewrite":[null,{"out":"d"}]}}]}`,
	`{"format":1,"rules":[{"above":1,"below":-2.5e-3,"min_words":12,"keep_loud":true,"case_sensitive":false}]}`,
	`{"format":1,"rules":[{"above":1e400}]}`,
	`{"format":1,"rules":[{"above":1e-400}]}`,
	`{"format":1,"rules":[{"above":01}]}`,
	`{"format":1,"rules":[{"above":-}]}`,
	`{"format":1,"rules":[{"above":1.}]}`,
	`{"format":1,"rules":[{"above":"1"}]}`,
	`{"format":1,"rules":[{"min_words":1.5}]}`,
	`{"format":1,"rules":[{"min_words":9223372036854775808}]}`,
	`{"format":1,"rules":[{"keep_loud":"yes"}]}`,
	`{"format":1,"rules":[{"examples":{"fires":["x"]}}]}`,
	`{"format":1,"rules":{}}`,
	`{"format":1,"signature":{"alg":"ed25519","key_id":"k","value":"v"},"signature":{"value":"w"}}`,
	`{"format":1,"signature":{"alg":"ed25519","kid":"k"}}`,
	`{"format":1,"disable":["a/b"],"disable":[]}`,
	`{"format":1,"extra":{"deep":[1,2,{"x":null}]}}`,
	`{"format":1,"name":"a",}`,
	`{"format":1 "name":"a"}`,
	`{"format":1,"name":'a'}`,
	`{"format":1,"name":"\x"}`,
	`{"format":1,"name":"\u12"}`,
	`{"format":1,"name":"open`,
	`{"format":1,"rules":[{"id":"a"}`,
	`{"format":tru}`,
	`{"format":nul}`,
	"\ufeff{\"format\":1}",
	"{\"format\":1}\x00",
	``,
}

func TestParsePackJSONSeeds(t *testing.T) {
	for _, s := range parseSeeds {
		checkParse(t, []byte(s))
	}
}

// TestParsePackJSONErrors: errors say where the problem is.
func TestParsePackJSONErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"format":1,"rules":[{},{},{},{"examples":{"fires":["x"]}}]}`, `decoding pack JSON: rules[3].examples: unknown field "fires"`},
		{`{"format":1,"colour":"red"}`, `decoding pack JSON: unknown field "colour"`},
		{`{"format":1,"rules":[{"above":"1"}]}`, `decoding pack JSON: rules[0].above: expected a number, found a string`},
		{`{"format":1,"rules":[{"patterns":["a",2]}]}`, `decoding pack JSON: rules[0].patterns[1]: expected a string, found a number`},
		{`{"format":1,"rules":[{"min_words":1.5}]}`, `decoding pack JSON: rules[0].min_words: expected an integer, found 1.5`},
		{`{"format":1}]`, `decoding pack JSON: invalid JSON at byte 12: unexpected data after the top-level value`},
		{`{"format":1,"name":"a`, `decoding pack JSON: name: invalid JSON at byte 21: unexpected end of input in a string`},
		{`{"format":2}`, `decoding pack JSON: format 2 is not supported (this engine reads format 1); rebuild the pack with abh pack build`},
		{`[1]`, `decoding pack JSON: expected an object, found an array`},
	} {
		_, err := rules.ParsePackJSON([]byte(c.in))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\n got  %v\n want %s", c.in, err, c.want)
		}
	}
}

// FuzzPackJSONDecoders: on any input, ParsePackJSON and the encoding/json
// decoder it replaced agree on success, and on the pack when they succeed.
func FuzzPackJSONDecoders(f *testing.F) {
	f.Add(packs.BuiltinJSON)
	for _, s := range parseSeeds {
		f.Add([]byte(s))
	}
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 20; i++ {
		b, _ := refCanonical(randPack(r))
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkParse(t, data)
		if p, err := rules.ParsePackJSON(data); err == nil {
			checkCanonical(t, p)
		}
	})
}

// FuzzMarshalCanonical: packs built from arbitrary strings and numbers encode
// to the same bytes with both encoders, and decode back the same way.
func FuzzMarshalCanonical(f *testing.F) {
	for i, s := range trickyStrings {
		f.Add(s, trickyStrings[(i+3)%len(trickyStrings)], trickyFloats[i%len(trickyFloats)], i-3, uint8(i*37))
	}
	f.Fuzz(func(t *testing.T, s1, s2 string, x float64, n int, flags uint8) {
		bit := func(k int) bool { return flags&(1<<k) != 0 }
		list := func(k int) []string {
			switch {
			case bit(k):
				return []string{s1, s2}
			case bit(k + 1):
				return []string{}
			}
			return nil
		}
		rule := rules.Rule{ID: s1, Kind: s2, Category: s1 + s2, Severity: s2, Message: s1, Why: s2,
			Patterns: list(0), Replacements: list(1), Exceptions: list(2), KeepLoud: bit(3), CaseSensitive: bit(4),
			Metric: s2, MinWords: n, Examples: rules.Examples{Fire: list(5), Pass: list(6)}}
		if bit(7) {
			rule.Above, rule.When = &x, &rules.Condition{Has: list(1), LacksPhrases: []string{s2}}
			rule.Examples.Rewrite = []rules.RewriteExample{{In: s1, Out: s2}}
		} else {
			rule.Below = &x
		}
		p := &rules.Pack{Name: s1, Version: s2, Description: s2, Disable: list(3), Rules: []rules.Rule{rule}}
		if bit(2) {
			p.Signature = &rules.Signature{Alg: s1, KeyID: s2, Value: s1}
		}
		checkCanonical(t, p)
		if canon, err := refCanonical(p); err == nil {
			checkParse(t, canon)
		}
		checkCompact(t, rules.RuleInfo{Rule: rule, Name: s1, Pack: s2, Off: bit(3)}, func(w *packjson.Writer, v rules.RuleInfo) { v.WriteJSON(w) })
	})
}
