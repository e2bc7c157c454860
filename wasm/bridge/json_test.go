package bridge

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/alwaysbehelping/abh/rules"
)

// The bridge's JSON (json.go) must be what encoding/json made of the same
// values; refMarshal, the encoding/json code it replaced, is the reference.

func refMarshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func refSettings(data []byte) (Settings, error) {
	var s Settings
	err := json.Unmarshal(data, &s)
	return s, err
}

func refSplit(data []byte) ([]json.RawMessage, error) {
	var raws []json.RawMessage
	err := json.Unmarshal(data, &raws)
	return raws, err
}

func refName(raw []byte) (string, bool) {
	var head struct {
		Name string `json:"name"`
	}
	err := json.Unmarshal(raw, &head)
	return head.Name, err == nil
}

func checkDecoders(t *testing.T, data []byte) {
	t.Helper()
	ws, werr := refSettings(data)
	gs, gerr := decodeSettings(data)
	if (werr == nil) != (gerr == nil) || werr == nil && !reflect.DeepEqual(gs, ws) {
		t.Fatalf("settings %q: got %#v, %v; want %#v, %v", data, gs, gerr, ws, werr)
	}
	wr, werr := refSplit(data)
	gr, gerr := splitArray(data)
	if (werr == nil) != (gerr == nil) || len(wr) != len(gr) || (wr == nil) != (gr == nil) {
		t.Fatalf("array %q: got %q, %v; want %q, %v", data, gr, gerr, wr, werr)
	}
	for i := range wr {
		if !bytes.Equal(wr[i], gr[i]) {
			t.Fatalf("array %q element %d: got %q, want %q", data, i, gr[i], wr[i])
		}
	}
	wn, wok := refName(data)
	gn, gok := packName(data)
	if wok != gok || wok && wn != gn {
		t.Fatalf("name of %q: got %q %v, want %q %v", data, gn, gok, wn, wok)
	}
}

var decoderSeeds = []string{
	`{}`, `null`, ` {"disabledRules":["a/b"],"ignored":null,"snoozeUntil":1.5e3} `, `{"DisabledRules":["x"],"disabledrules":["y","z"]}`,
	`{"disabledCategories":["a","b"],"disabledCategories":[null]}`, `{"snoozeUntil":"5"}`, `{"snoozeUntil":null}`, `{"x":{"y":[1,{}]},"name":"n"}`,
	`{"disabledSites":[1]}`, `[]`, `[null, {"name":"a"}, 1, "s", [2]]`, `[{"name":"a"} {"name":"b"}]`, `[{"name":"a"},]`, `{"name":5}`,
	`{"NAME":"\u00e9"}`, `{"name":"a","name":null}`, `"str"`, `1`, `{"disabledRules":"act-now"}`, `{} x`, `[] ]`, "{\"name\":\"\xff\"}", ``,
}

func TestJSONDecodersAsEncodingJSON(t *testing.T) {
	for _, s := range decoderSeeds {
		checkDecoders(t, []byte(s))
	}
}

func FuzzJSONDecoders(f *testing.F) {
	for _, s := range decoderSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkDecoders(t, data) })
}

func checkSame(t *testing.T, what string, got []byte, gerr error, v any) {
	t.Helper()
	want, werr := refMarshal(v)
	if (werr == nil) != (gerr == nil) || !bytes.Equal(got, want) {
		t.Fatalf("%s:\ngot  %s (%v)\nwant %s (%v)", what, got, gerr, want, werr)
	}
}

// TestJSONEncodersAsEncodingJSON: results, rules, packs and validation
// answers encode as encoding/json encoded them, with the real built-in pack
// and team packs.
func TestJSONEncodersAsEncodingJSON(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.SetTeamPacks(mustJSON(t, []any{teamPack("acme", "circle-back", "synergy")})); err != nil {
		t.Fatal(err)
	}
	texts := []string{"", "Hi José 🚀, just checking in — act now, only 3 spots left! I wanted to circle back.",
		"Hey,\n\nCan we hop on a quick call? Synergy!!!\n\n> quoted\nBest,\nSam", "\xff\u2028<b>&</b> \"quoted\" \\ \t", strings.Repeat("act now. ", 50)}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		var sb strings.Builder
		for n := r.Intn(40); n > 0; n-- {
			sb.WriteString([]string{"act now", " ", "!", "?", "just checking in", "\n", "I", "you", "https://x.example", "3 spots", "🚀", "\xff", "circle back", "synergy", "."}[r.Intn(15)])
		}
		texts = append(texts, sb.String())
	}
	for _, text := range texts {
		res, err := b.AnalyzeResult(text, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, gerr := encodeResult(&res)
		checkSame(t, "result of "+text, got, gerr, res)
		res.Reasons, res.Findings = nil, nil
		got, gerr = encodeResult(&res)
		checkSame(t, "result with nil lists", got, gerr, res)
	}
	infos := b.RuleInfos()
	got, gerr := encodeRuleInfos(infos)
	checkSame(t, "rules", got, gerr, infos)
	infos[0].Off = true
	got, gerr = encodeRuleInfos(infos)
	checkSame(t, "rules with one off", got, gerr, infos)
	got, gerr = encodeRuleInfos(nil)
	checkSame(t, "nil rules", got, gerr, []rules.RuleInfo(nil))
	pinfos := append(b.PackInfos(), rules.PackInfo{Name: "d", Description: "with a description"})
	got, gerr = encodePackInfos(pinfos)
	checkSame(t, "packs", got, gerr, pinfos)
}

// The result's size hint covers its JSON, so encoding never regrows the
// buffer: checked on drafts with many findings, quotes to escape and
// non-ASCII text.
func TestResultSizeHintCoversJSON(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"",
		strings.Repeat("Hi José 🚀, just checking in — act now, only 3 spots left! ", 90),
		strings.Repeat("I hope this email finds you well. \"Quick question\": {FirstName}, are you ready to sign today?\n", 40),
	} {
		r, err := b.AnalyzeResult(text, []byte("{}"))
		if err != nil {
			t.Fatal(err)
		}
		out, err := encodeResult(&r)
		if err != nil {
			t.Fatal(err)
		}
		if hint := r.sizeHint(); len(out) > hint {
			t.Errorf("%d findings: JSON is %d bytes, hint %d", len(r.Findings), len(out), hint)
		}
	}
}
