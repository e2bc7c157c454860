package packjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand"
	"testing"
	"unicode/utf8"
)

func jsonString(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func checkString(t *testing.T, s string) {
	t.Helper()
	if got, want := string(AppendString(nil, s)), jsonString(s); got != want {
		t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
	}
	// And the decoder reads it back as encoding/json does.
	enc := AppendString(nil, s)
	var want string
	if err := json.Unmarshal(enc, &want); err != nil {
		t.Fatal(err)
	}
	got, err := NewDecoder(enc).String()
	if err != nil || got != want {
		t.Fatalf("String(%s) = %q, %v; want %q", enc, got, err, want)
	}
}

func TestAppendStringEveryByteAndRune(t *testing.T) {
	for c := 0; c < 256; c++ {
		checkString(t, "a"+string([]byte{byte(c)})+"b")
	}
	for r := rune(0); r <= utf8.MaxRune; r += 7 {
		checkString(t, string(r))
	}
	for _, s := range []string{"\u2028\u2029", "\xed\xa0\x80", "\xf4\x90\x80\x80", "<>&", "\x7f"} {
		checkString(t, s)
	}
}

func checkFloat(t *testing.T, f float64) {
	t.Helper()
	want, werr := json.Marshal(f)
	got, gerr := AppendFloat(nil, f)
	if (werr == nil) != (gerr == nil) || werr == nil && !bytes.Equal(got, want) {
		t.Fatalf("AppendFloat(%v) = %s, %v; want %s, %v", f, got, gerr, want, werr)
	}
	if werr != nil && gerr.Error() != werr.Error() {
		t.Fatalf("AppendFloat(%v) error %q, want %q", f, gerr, werr)
	}
}

func TestAppendFloat(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, f := range []float64{0, math.Copysign(0, -1), 1e-6, 1e-7, 9.999999e-7, 1e20, 1e21, 1e22, -1e21, math.MaxFloat64,
		math.SmallestNonzeroFloat64, math.NaN(), math.Inf(1), math.Inf(-1), 0.1, 1.0 / 3, 123456789} {
		checkFloat(t, f)
	}
	for i := 0; i < 100000; i++ {
		checkFloat(t, math.Float64frombits(r.Uint64()))
		checkFloat(t, r.NormFloat64()*math.Pow(10, float64(r.Intn(60)-30)))
	}
}

// TestAppendDecimal: a value rounded to its places is written as
// encoding/json writes it; more decimals are rounded away; values out of
// range (10^15 units of the last place and up)
// are an error and leave dst alone.
func TestAppendDecimal(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	check := func(v float64, places int) {
		t.Helper()
		want, _ := json.Marshal(v)
		got, err := AppendDecimal([]byte("x"), v, places)
		if err != nil || string(got) != "x"+string(want) {
			t.Fatalf("AppendDecimal(%v, %d) = %q, %v; want %q", v, places, got, err, "x"+string(want))
		}
	}
	for _, v := range []float64{0, math.Copysign(0, -1), 0.5, 0.05, 0.01, 0.29, 0.3, 1, 12, 100.1, -0.25, 9999999999999.99, 1 << 40} {
		check(v, 2)
	}
	for places := 0; places <= 15; places++ {
		for range 20000 {
			scale := math.Pow(10, float64(places))
			limit := 1e15 / scale
			x := (r.Float64()*2 - 1) * math.Pow(limit, r.Float64())
			check(math.Round(x*scale)/scale, places)
		}
	}
	for _, c := range []struct {
		v      float64
		places int
		want   string
	}{{0.125, 2, "0.13"}, {2.5, 0, "3"}, {-0.001, 2, "-0"}, {1.0 / 3, 4, "0.3333"}, {0.999, 2, "1"}} {
		if got, err := AppendDecimal(nil, c.v, c.places); err != nil || string(got) != c.want {
			t.Errorf("AppendDecimal(%v, %d) = %q, %v; want %q", c.v, c.places, got, err, c.want)
		}
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e15, -1e15, 1e300} {
		got, err := AppendDecimal([]byte("x"), v, 0)
		if err == nil || string(got) != "x" {
			t.Errorf("AppendDecimal(%v, 0) = %q, %v; want x and an error", v, got, err)
		}
	}
	if _, err := AppendDecimal(nil, 1e13, 2); err == nil {
		t.Error("AppendDecimal(1e13, 2): 10^15 hundredths and more should be an error")
	}
}

// TestWriterIndent: nested empty and non-empty containers lay out as
// encoding/json's SetIndent("", "  ").
func TestWriterIndent(t *testing.T) {
	v := map[string]any{"a": []any{}, "b": map[string]any{}, "c": []any{1, map[string]any{"d": []any{"x"}}, []any{}}, "e": "f"}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	for _, indent := range []string{"  ", ""} {
		w := Writer{Indent: indent}
		w.BeginObject()
		w.Key("a")
		w.BeginArray()
		w.EndArray()
		w.Key("b")
		w.BeginObject()
		w.EndObject()
		w.Key("c")
		w.BeginArray()
		w.Int(1)
		w.BeginObject()
		w.Key("d")
		w.Strings([]string{"x"})
		w.EndObject()
		w.Strings([]string{})
		w.EndArray()
		w.Key("e")
		w.String("f")
		w.EndObject()
		got, _ := w.Bytes()
		want := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if indent == "" {
			want, _ = json.Marshal(v)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("indent %q:\n%s\nwant\n%s", indent, got, want)
		}
	}
}

func TestFieldIs(t *testing.T) {
	for _, c := range []struct {
		key, name string
		want      bool
	}{
		{"name", "name", true}, {"NAME", "name", true}, {"Name", "name", true}, {"nam", "name", false},
		{"\u212aind", "kind", true}, {"\u017feverity", "severity", true}, {"key_id", "key_id", true},
		{"KEY_ID", "key_id", true}, {"keyid", "key_id", false}, {"namé", "name", false}, {"", "name", false},
	} {
		if got := FieldIs(c.key, c.name); got != c.want {
			t.Errorf("FieldIs(%q, %q) = %v", c.key, c.name, got)
		}
		// encoding/json agrees.
		var v struct {
			Kind     string `json:"kind"`
			Name     string `json:"name"`
			Severity string `json:"severity"`
			KeyID    string `json:"key_id"`
		}
		_ = json.Unmarshal([]byte(`{`+jsonString(c.key)+`:"x"}`), &v)
		matched := v.Kind+v.Name+v.Severity+v.KeyID == "x"
		if c.want && !matched {
			t.Errorf("encoding/json does not match %q to %q", c.key, c.name)
		}
	}
}

// skipValid reports whether Skip accepts data as one JSON document.
func skipValid(data []byte) bool {
	d := NewDecoder(data)
	return d.Skip() == nil && d.End() == nil
}

func TestSkipDepth(t *testing.T) {
	for _, n := range []int{1, 100, 10000, 10001} {
		doc := bytes.Repeat([]byte("["), n)
		doc = append(doc, bytes.Repeat([]byte("]"), n)...)
		if got, want := skipValid(doc), json.Valid(doc); got != want {
			t.Errorf("depth %d: Skip valid %v, json.Valid %v", n, got, want)
		}
	}
}

// FuzzSkip: Skip accepts exactly what encoding/json accepts as a document.
func FuzzSkip(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `null`, `true`, `fals`, `0`, `-0.5e+3`, `01`, `1.`, `.5`, `"\u00e9\ud83d\ude80"`, `"\x"`,
		"\"\xff\"", "\"a\tb\"", `{"a":[1,{"b":null}],"c":"d"}`, `{"a" 1}`, `{"a":1,}`, `[1,]`, ` [ ] `, `[] x`, `{"a":1}}`, "\ufeff1", `"\u12"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := skipValid(data), json.Valid(data); got != want {
			t.Fatalf("Skip valid %v, json.Valid %v, for %q", got, want, data)
		}
	})
}

// FuzzString: any JSON string decodes as encoding/json decodes it, and any Go
// string encodes as encoding/json encodes it.
func FuzzString(f *testing.F) {
	for _, s := range []string{`"plain"`, `"\ud83d\ude80"`, `"\ud83d"`, `"\udc00\ud83d\ude80"`, `"\ud83d\u0041"`, "\"\xed\xa0\x80\"", `"\u0000\/"`, "\"\u2028\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkString(t, string(data))
		var v any
		werr := json.Unmarshal(data, &v)
		want, ok := v.(string)
		if werr == nil && !ok {
			werr = errors.New("not a string")
		}
		d := NewDecoder(data)
		got, gerr := d.String()
		if gerr == nil {
			gerr = d.End()
		}
		if (werr == nil) != (gerr == nil) || werr == nil && got != want {
			t.Fatalf("%q: got %q, %v; want %q, %v", data, got, gerr, want, werr)
		}
	})
}
