package bridge

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/alwaysbehelping/abh/packs"
	"github.com/alwaysbehelping/abh/rules"
)

// testPack is a small pack with one rule per kind the bridge cares about, so
// tests do not depend on the built-in pack's growing content.
func testPack() *rules.Pack {
	return &rules.Pack{
		Format: rules.FormatVersion, Name: "base", Version: "1.0.0",
		Rules: []rules.Rule{
			{ID: "act-now", Kind: "rewrite", Category: "closing-pressure", Severity: "error",
				Message: "False urgency", Why: "Pressure creates antagonism.",
				Patterns: []string{"act now"}, Replacements: []string{"take your time"},
				Examples: rules.Examples{Fire: []string{"Act now."}, Pass: []string{"Take your time."},
					Rewrite: []rules.RewriteExample{{In: "Act now.", Out: "Take your time."}}}},
			{ID: "rocket", Kind: "regex", Category: "scripted", Severity: "info",
				Message: "Emoji hype", Why: "Hype reads as a script.",
				Patterns: []string{"🚀+"},
				Examples: rules.Examples{Fire: []string{"Big news 🚀"}, Pass: []string{"Big news."}}},
			{ID: "kinkyu", Kind: "regex", Category: "closing-pressure", Severity: "warning",
				Message: "Urgent (Japanese)", Why: "Pressure creates antagonism.",
				Patterns: []string{"至急"},
				Examples: rules.Examples{Fire: []string{"至急ご返信ください"}, Pass: []string{"ご返信ください"}}},
			{ID: "jose", Kind: "regex", Category: "self-centred", Severity: "info",
				Message: "Name with accent", Why: "Test rule.",
				Patterns: []string{`Jos(?:e\x{0301}|é) Nuñez`},
				Examples: rules.Examples{Fire: []string{"José Nuñez"}, Pass: []string{"Jose"}}},
		},
	}
}

func teamPack(name string, ids ...string) map[string]any {
	var rs []map[string]any
	for _, id := range ids {
		rs = append(rs, map[string]any{
			"id": id, "kind": "phrase", "category": "scripted", "severity": "warning",
			"message": "Team: " + id, "why": "Our team says so.",
			"patterns": []string{strings.ReplaceAll(id, "-", " ")},
			"examples": map[string]any{"fire": []string{strings.ReplaceAll(id, "-", " ")}},
		})
	}
	return map[string]any{"format": rules.FormatVersion, "name": name, "version": "1", "rules": rs}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newTest(t *testing.T) *Bridge {
	t.Helper()
	b, err := NewWithBuiltin(testPack())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func analyze(t *testing.T, b *Bridge, text, settings string) Result {
	t.Helper()
	out, err := b.Analyze(text, []byte(settings))
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	var r Result
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("result is not JSON: %v\n%s", err, out)
	}
	checkUTF16(t, text, r)
	return r
}

// checkUTF16 asserts what JavaScript relies on: text.slice(start, end) ===
// match, with text indexed in UTF-16 code units.
func checkUTF16(t *testing.T, text string, r Result) {
	t.Helper()
	u := utf16.Encode([]rune(text))
	for _, f := range r.Findings {
		if f.Start < 0 || f.End < f.Start || f.End > len(u) {
			t.Errorf("%s: offsets [%d,%d) outside UTF-16 length %d", f.Rule, f.Start, f.End, len(u))
			continue
		}
		if got := string(utf16.Decode(u[f.Start:f.End])); got != f.Match {
			t.Errorf("%s: text16[%d:%d] = %q, match %q", f.Rule, f.Start, f.End, got, f.Match)
		}
		if f.Suggestions == nil {
			t.Errorf("%s: suggestions is null, want []", f.Rule)
		}
	}
}

func ruleNames(r Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Rule)
	}
	return out
}

func find(r Result, rule string) *Finding {
	for i := range r.Findings {
		if r.Findings[i].Rule == rule {
			return &r.Findings[i]
		}
	}
	return nil
}

func TestUTF16OffsetsNonASCII(t *testing.T) {
	b := newTest(t)
	cases := []struct {
		name, text, rule, match string
		start                   int // UTF-16 offset of the match
	}{
		{"ascii", "Please act now.", "base/act-now", "act now", 7},
		{"emoji before", "🚀🚀 Big launch, please act now.", "base/act-now", "act now", 24},
		{"emoji match", "Big news 🚀🚀 today", "base/rocket", "🚀🚀", 9},
		{"precomposed before", "Hi Jos\u00e9 Nu\u00f1ez, act now.", "base/act-now", "act now", 15},
		{"combining marks before", "Hi Jose\u0301 Nun\u0303ez, act now.", "base/act-now", "act now", 17},
		{"combining mark match", "Hi Jose\u0301 Nu\u00f1ez, thanks.", "base/jose", "Jose\u0301 Nu\u00f1ez", 3},
		{"precomposed match", "Hi Jos\u00e9 Nu\u00f1ez, thanks.", "base/jose", "Jos\u00e9 Nu\u00f1ez", 3},
		{"cjk", "山田様、至急ご返信ください。", "base/kinkyu", "至急", 4},
		{"cjk then latin", "山田様、お世話になります。Please act now.", "base/act-now", "act now", 20},
		{"flag and zwj", "🇯🇵 👩‍💻 team: act now", "base/act-now", "act now", 17},
		{"astral cjk", "𠮷野家 act now", "base/act-now", "act now", 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := analyze(t, b, c.text, "{}")
			f := find(r, c.rule)
			if f == nil {
				t.Fatalf("no %s finding in %q; got %v", c.rule, c.text, ruleNames(r))
			}
			if f.Match != c.match || f.Start != c.start || f.End != c.start+UTF16Len(c.match) {
				t.Errorf("got %q at [%d,%d), want %q at [%d,%d)", f.Match, f.Start, f.End, c.match, c.start, c.start+UTF16Len(c.match))
			}
		})
	}
}

func TestUTF16OffsetsFunc(t *testing.T) {
	s := "a🚀é\u0301中\xffz"
	// byte offsets of each boundary: a=0 🚀=1 é=5 \u0301=7 中=9 \xff=12 z=13 end=14
	offs := []int{14, 0, 1, 5, 7, 9, 12, 13, 3, 99}
	want := []int{8, 0, 1, 3, 4, 5, 6, 7, 1, 8}
	got := UTF16Offsets(s, offs)
	for i := range offs {
		if got[i] != want[i] {
			t.Errorf("UTF16Offsets(%d) = %d, want %d", offs[i], got[i], want[i])
		}
	}
	if n := UTF16Len("a🚀é"); n != 4 {
		t.Errorf("UTF16Len = %d, want 4", n)
	}
	for i, u := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 100} {
		wantB := []int{0, 1, 1, 5, 7, 9, 12, 13, 14, 14}[i]
		if b := ByteOffset(s, u); b != wantB {
			t.Errorf("ByteOffset(%d) = %d, want %d", u, b, wantB)
		}
	}
	if len(UTF16Offsets("", nil)) != 0 {
		t.Error("empty")
	}
}

// TestBuiltinExamplesUTF16 runs every fire example of the built-in pack, with
// non-ASCII text around it, and checks every offset the bridge returns.
func TestBuiltinExamplesUTF16(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	p, err := packs.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Rules {
		for _, ex := range r.Examples.Fire {
			for _, text := range []string{ex, "🚀 " + ex + " 😀", "Hi José, 山田様 —\n\n" + ex + "\n\nMerci 👩‍💻"} {
				analyze(t, b, text, "{}")
			}
		}
	}
}

func TestAnalyzeJSONShape(t *testing.T) {
	b := newTest(t)
	out, err := b.Analyze("Please act now.", nil)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"score", "metrics", "reasons", "findings"} {
		if _, ok := m[k]; !ok {
			t.Errorf("result lacks %q: %s", k, out)
		}
	}
	var fs []map[string]json.RawMessage
	if err := json.Unmarshal(m["findings"], &fs); err != nil || len(fs) == 0 {
		t.Fatalf("findings: %v %s", err, m["findings"])
	}
	for _, k := range []string{"rule", "category", "severity", "start", "end", "match", "message", "why", "suggestions"} {
		if _, ok := fs[0][k]; !ok {
			t.Errorf("finding lacks %q: %s", k, out)
		}
	}
	if string(fs[0]["suggestions"]) != `["take your time"]` {
		t.Errorf("suggestions = %s", fs[0]["suggestions"])
	}
	// Empty text: arrays, never null.
	out, _ = b.Analyze("", []byte("{}"))
	if !strings.Contains(string(out), `"findings":[]`) || !strings.Contains(string(out), `"reasons":[]`) {
		t.Errorf("empty text result: %s", out)
	}
	if strings.Contains(string(out), `\u003c`) {
		t.Error("HTML escaping on")
	}
}

func TestSettings(t *testing.T) {
	b := newTest(t)
	text := "Big news 🚀, please act now. 至急"
	all := analyze(t, b, text, "")
	if len(all.Findings) != 3 {
		t.Fatalf("want 3 findings, got %v", ruleNames(all))
	}
	cases := []struct {
		settings string
		want     []string
	}{
		{`{}`, []string{"base/rocket", "base/act-now", "base/kinkyu"}},
		{`null`, []string{"base/rocket", "base/act-now", "base/kinkyu"}},
		{`{"disabledRules":["base/act-now"]}`, []string{"base/rocket", "base/kinkyu"}},
		{`{"disabledCategories":["closing-pressure"]}`, []string{"base/rocket"}},
		{`{"ignored":["act now"]}`, []string{"base/rocket", "base/kinkyu"}},
		// JS-only fields and unknown fields are accepted and change nothing here.
		{`{"disabledSites":["www.linkedin.com"],"snoozeUntil":1893456000000,"future":true}`, []string{"base/rocket", "base/act-now", "base/kinkyu"}},
	}
	for _, c := range cases {
		r := analyze(t, b, text, c.settings)
		if got := strings.Join(ruleNames(r), ","); got != strings.Join(c.want, ",") {
			t.Errorf("settings %s: got %s, want %s", c.settings, got, strings.Join(c.want, ","))
		}
	}
	if _, err := b.Analyze(text, []byte(`{"disabledRules":"act-now"}`)); err == nil || !strings.Contains(err.Error(), "settings") {
		t.Errorf("bad settings: err = %v", err)
	}
	s, err := ParseSettings([]byte(`{"disabledRules":["a/b"],"disabledCategories":["scripted"],"ignored":["x"],"disabledSites":["h"],"snoozeUntil":5}`))
	if err != nil {
		t.Fatal(err)
	}
	o := s.Options()
	if strings.Join(o.DisabledRules, "") != "a/b" || strings.Join(o.DisabledCategories, "") != "scripted" || strings.Join(o.Ignored, "") != "x" {
		t.Errorf("Options = %+v", o)
	}
	if s.SnoozeUntil != 5 || s.DisabledSites[0] != "h" {
		t.Errorf("Settings = %+v", s)
	}
}

func TestTeamPacks(t *testing.T) {
	b := newTest(t)
	text := "Please act now, circle back and synergy."
	if got := ruleNames(analyze(t, b, text, "{}")); strings.Join(got, ",") != "base/act-now" {
		t.Fatalf("base only: %v", got)
	}

	good := mustJSON(t, []any{teamPack("acme", "circle-back"), teamPack("acme-extra", "synergy")})
	if err := b.SetTeamPacks(good); err != nil {
		t.Fatalf("SetTeamPacks: %v", err)
	}
	r := analyze(t, b, text, "{}")
	for _, want := range []string{"base/act-now", "acme/circle-back", "acme-extra/synergy"} {
		if find(r, want) == nil {
			t.Errorf("with team packs: no %s in %v", want, ruleNames(r))
		}
	}
	var infos []rules.PackInfo
	pj, _ := b.Packs()
	if err := json.Unmarshal(pj, &infos); err != nil || len(infos) != 3 || infos[1].Name != "acme" {
		t.Errorf("Packs = %s (%v)", pj, err)
	}
	var ri []rules.RuleInfo
	rj, _ := b.Rules()
	if err := json.Unmarshal(rj, &ri); err != nil || len(ri) != 6 || ri[4].Name != "acme/circle-back" {
		t.Errorf("Rules = %s (%v)", rj, err)
	}

	// Broken packs never replace a working engine, and errors name the pack.
	broken := teamPack("acme-broken", "fine")
	broken["rules"].([]map[string]any)[0]["category"] = "nonsense"
	dup := teamPack("base", "dup-name")
	bad := []struct {
		name    string
		json    []byte
		mention string
	}{
		{"invalid rule", mustJSON(t, []any{teamPack("acme", "circle-back"), broken}), `"acme-broken"`},
		{"not json", []byte(`[{"name":"acme-x"`), "JSON array"},
		{"not an array", []byte(`{"name":"acme"}`), "JSON array"},
		{"unknown field", mustJSON(t, []any{map[string]any{"format": 1, "name": "acme-typo", "version": "1", "rulez": []any{}}}), `#1 "acme-typo"`},
		{"wrong format", mustJSON(t, []any{teamPack("acme", "x"), map[string]any{"format": 99, "name": "acme-future", "version": "1", "rules": []any{}}}), `#2 "acme-future"`},
		{"same name as builtin", mustJSON(t, []any{dup}), `"base"`},
		{"bad regex", mustJSON(t, []any{map[string]any{"format": 1, "name": "acme-re", "version": "1", "rules": []any{map[string]any{
			"id": "r", "kind": "regex", "category": "scripted", "severity": "info", "message": "m", "why": "w", "patterns": []string{"("},
			"examples": map[string]any{"fire": []string{"x"}}}}}}), `"acme-re"`},
	}
	for _, c := range bad {
		err := b.SetTeamPacks(c.json)
		if err == nil {
			t.Errorf("%s: SetTeamPacks accepted it", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.mention) || !strings.Contains(err.Error(), "previous packs stay in use") {
			t.Errorf("%s: error %q should mention %s", c.name, err, c.mention)
		}
		r := analyze(t, b, text, "{}")
		if find(r, "acme/circle-back") == nil || find(r, "acme-extra/synergy") == nil {
			t.Errorf("%s: the previous engine was replaced: %v", c.name, ruleNames(r))
		}
	}

	// A team pack may disable a built-in rule.
	dis := teamPack("acme", "circle-back")
	dis["disable"] = []string{"base/act-now"}
	if err := b.SetTeamPacks(mustJSON(t, []any{dis})); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ruleNames(analyze(t, b, text, "{}")), ","); got != "acme/circle-back" {
		t.Errorf("team disables base rule: got %s", got)
	}

	// Setting the same packs again changes nothing; clearing reuses the base.
	gen := b.Generation()
	if err := b.SetTeamPacks(mustJSON(t, []any{dis})); err != nil || b.Generation() != gen {
		t.Errorf("same packs again: err %v, generation %d → %d", err, gen, b.Generation())
	}
	if err := b.SetTeamPacks([]byte("[]")); err != nil || b.Generation() == gen || b.current() != b.base {
		t.Errorf("clearing: err %v, generation %d → %d, base reused %v", err, gen, b.Generation(), b.current() == b.base)
	}
	if err := b.SetTeamPacks(nil); err != nil || b.current() != b.base {
		t.Error("clearing twice")
	}

	// Empty input, null and [] clear the team packs.
	for _, none := range []string{"", "null", "[]", " [ ] "} {
		if err := b.SetTeamPacks(mustJSON(t, []any{teamPack("acme", "circle-back")})); err != nil {
			t.Fatal(err)
		}
		if err := b.SetTeamPacks([]byte(none)); err != nil {
			t.Fatalf("SetTeamPacks(%q): %v", none, err)
		}
		if got := strings.Join(ruleNames(analyze(t, b, text, "{}")), ","); got != "base/act-now" {
			t.Errorf("after SetTeamPacks(%q): %s", none, got)
		}
	}
}

func TestNewBuiltin(t *testing.T) {
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if len(b.RuleInfos()) == 0 || len(b.PackInfos()) != 1 || b.PackInfos()[0].Name != "always-be-helping" {
		t.Errorf("built-in: %d rules, packs %+v", len(b.RuleInfos()), b.PackInfos())
	}
	if _, err := NewWithBuiltin(&rules.Pack{Name: "Bad Name"}); err == nil {
		t.Error("NewWithBuiltin accepted an invalid pack")
	}
}

func TestConcurrentUse(t *testing.T) {
	b := newTest(t)
	done := make(chan bool)
	go func() {
		for i := 0; i < 50; i++ {
			_ = b.SetTeamPacks(mustJSON(t, []any{teamPack("acme", "circle-back")}))
			_ = b.SetTeamPacks(nil)
		}
		done <- true
	}()
	for i := 0; i < 200; i++ {
		analyze(t, b, "Please act now 🚀 circle back", "{}")
	}
	<-done
}

func BenchmarkAnalyze5000(b *testing.B) {
	br, err := New()
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("Hi José 🚀, just checking in — act now, only 3 spots left! ", 90)[:5000]
	b.SetBytes(int64(len(text)))
	for i := 0; i < b.N; i++ {
		if _, err := br.Analyze(text, []byte(`{"ignored":["x"]}`)); err != nil {
			b.Fatal(err)
		}
	}
}

// Starting with the stored team packs compiles them with the built-in pack
// once; handing the same packs over again afterwards changes nothing, and
// clearing them compiles the built-in pack alone then. Packs that do not
// load leave the built-in pack alone in use.
func TestNewWithTeamPacks(t *testing.T) {
	team := mustJSON(t, []any{teamPack("acme", "circle-back")})
	b, err := NewWithTeamPacks(team)
	if err != nil {
		t.Fatal(err)
	}
	if b.base != nil {
		t.Error("the built-in engine alone was compiled at start as well")
	}
	r := analyze(t, b, "Let me circle back on this. Act now!", "{}")
	if find(r, "acme/circle-back") == nil {
		t.Fatalf("team rule missing: %v", ruleNames(r))
	}
	if len(b.PackInfos()) != 2 {
		t.Errorf("packs = %+v, want the built-in pack and acme", b.PackInfos())
	}
	gen := b.Generation()
	if err := b.SetTeamPacks([]byte(" " + string(team) + "\n")); err != nil || b.Generation() != gen {
		t.Errorf("the same packs again: err %v, generation %d → %d", err, gen, b.Generation())
	}
	if err := b.SetTeamPacks(nil); err != nil || b.base == nil || b.current() != b.base {
		t.Errorf("clearing: err %v, base compiled %v", err, b.base != nil)
	}
	if find(analyze(t, b, "Let me circle back on this.", "{}"), "acme/circle-back") != nil {
		t.Error("team rule still fires after clearing")
	}

	for _, bad := range []string{`[{"name":"broken"}]`, `not json`} {
		b, err := NewWithTeamPacks([]byte(bad))
		if err != nil {
			t.Fatalf("%s: %v", bad, err)
		}
		if len(b.PackInfos()) != 1 || b.current() != b.base {
			t.Errorf("%s: packs %+v, want the built-in pack alone", bad, b.PackInfos())
		}
		if err := b.SetTeamPacks([]byte(bad)); err == nil {
			t.Errorf("%s: SetTeamPacks reports no error", bad)
		}
	}
}
